"""PolNeAR loader and span scores, on small hand-written BRAT files (and the real dev split when present)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from claimledger.errors import ClaimledgerError
from claimledger.evaluation.polnear import (
    DataMissing,
    PolnearDoc,
    evaluate,
    gold_fragments,
    load_split,
    parse_ann,
    score,
)
from claimledger.records import Attribution, Span

TEXT = "Smith said taxes will rise.\nThe plan, officials said, is dead.\nCuts were reportedly planned.\n"


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in TEXT (keeps the hand-written .ann readable)."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def sp(sub: str, nth: int = 0) -> Span:
    return Span.of(TEXT, *at(sub, nth))


def t_line(tid: int, label: str, *parts: tuple[str, int]) -> str:
    offsets = ";".join("{} {}".format(*at(s, n)) for s, n in parts)
    return f"T{tid}\t{label} {offsets}\t{' '.join(s for s, _ in parts)}"


ANN = "\n".join(
    [
        t_line(1, "Source", ("Smith", 0)),
        t_line(2, "Cue", ("said", 0)),
        t_line(3, "Content", ("taxes will rise", 0)),
        t_line(4, "Attribution", ("said", 0)),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line(5, "Content", ("The plan", 0), ("is dead", 0)),  # discontinuous
        t_line(6, "Source", ("officials", 0)),
        t_line(7, "Cue", ("said", 1)),
        t_line(8, "Attribution", ("said", 1)),
        "E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5",
        t_line(9, "Cue", ("reportedly", 0)),
        t_line(10, "Content", ("Cuts were", 0), ("planned", 0)),
        t_line(11, "Attribution-no-source", ("reportedly", 0)),
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",  # no source
        t_line(12, "Attribution-no-source", ("planned", 0)),
        "E4\tAttribution-no-source:T12 ",  # a bare trigger: dropped
        "#1\tAnnotatorNotes T3\tnot an annotation",
        "",
    ]
)


@pytest.fixture
def gold() -> PolnearDoc:
    attributions, problems = parse_ann(ANN, TEXT)
    assert problems == []
    return PolnearDoc("doc", TEXT, attributions)


def perfect() -> list[Attribution]:
    return [
        Attribution("indirect", [sp("taxes will rise")], sp("Smith"), sp("said")),
        Attribution("mixed", [sp("The plan"), sp("is dead")], sp("officials"), sp("said", 1)),
        Attribution("indirect", [sp("Cuts were"), sp("planned")], None, sp("reportedly")),
    ]


def test_parse_roles_discontinuous_and_missing_source(gold: PolnearDoc) -> None:
    assert len(gold.attributions) == 3
    first, second, third = gold.attributions
    assert (first.source, first.cue, first.content) == ([sp("Smith")], [sp("said")], [sp("taxes will rise")])
    assert second.content == [sp("The plan"), sp("is dead")]
    assert third.source == []
    assert third.cue == [sp("reportedly")]
    assert [s.text for s in third.content] == ["Cuts were", "planned"]


def test_continuation_line_is_ignored_and_span_kept() -> None:
    text = "Jones said the plan\nis dead."
    ann = "T1\tSource 0 5\tJones\nT2\tCue 6 10\tsaid\nT3\tContent 11 27\tthe plan\nis dead\n"
    ann += "E1\tCue:T2 Source:T1 Content:T3\n"
    (attribution,), problems = parse_ann(ann, text)
    assert problems == []
    assert attribution.content == [Span(11, 27, "the plan\nis dead")]


def test_mismatching_text_is_skipped_and_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    bad = ANN.replace("\tSmith", "\tSmyth").replace(f"Source {at('officials')[0]} ", "Source 900 ")
    (tmp_path / "dev" / "attributions" / "doc_aaaa.ann").write_text(bad, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="claimledger.evaluation.polnear"):
        (doc,) = load_split(tmp_path, "dev")
    assert len(doc.problems) == 4  # two bad T lines, two E lines pointing at them
    assert any("Smyth" in p for p in doc.problems)
    assert any("outside the text" in p for p in doc.problems)
    assert "Smyth" in caplog.text
    assert [a.source for a in doc.attributions] == [[], [], []]
    assert doc.attributions[0].cue == [sp("said")]


def test_first_annotator_file_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    ann_dir = tmp_path / "dev" / "attributions"
    ann_dir.mkdir()
    (tmp_path / "dev" / "text" / "my_article.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "text" / "other.txt").write_text(TEXT, encoding="utf-8")
    (ann_dir / "my_article_bbbb.ann").write_text(ANN, encoding="utf-8")
    (ann_dir / "my_article_aaaa.ann").write_text("\n".join(ANN.split("\n")[:5]), encoding="utf-8")
    (ann_dir / "other_cccc.ann").write_text(ANN, encoding="utf-8")
    docs = load_split(tmp_path, "dev")
    assert [(d.name, d.annotator, len(d.attributions)) for d in docs] == [
        ("my_article", "aaaa", 1),
        ("other", "cccc", 3),
    ]


def test_crlf_text_keeps_offsets(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "d.txt").write_bytes("Hi.\r\nBob said “no”.".encode())
    (tmp_path / "dev" / "attributions" / "d_x.ann").write_text("T1\tSource 5 8\tBob\nE1\tSource:T1\n", encoding="utf-8")
    (doc,) = load_split(tmp_path, "dev")
    assert doc.problems == []
    assert doc.attributions[0].source == [Span(5, 8, "Bob")]


def test_missing_folder_raises_data_missing(tmp_path: Path) -> None:
    with pytest.raises(DataMissing, match="not found") as info:
        load_split(tmp_path, "dev")
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, ClaimledgerError)
    assert str(tmp_path / "dev") in str(info.value)


def test_perfect_prediction_scores_one(gold: PolnearDoc) -> None:
    report = score([gold], [perfect()])
    assert report.documents == 1
    assert {r: (s.gold, s.predicted) for r, s in report.roles.items()} == {
        "source": (2, 2),
        "cue": (3, 3),
        "content": (5, 5),
    }
    for s in report.roles.values():
        assert (s.exact_precision, s.exact_recall, s.exact_f1) == (1.0, 1.0, 1.0)
        assert (s.overlap_precision, s.overlap_recall, s.overlap_f1) == (1.0, 1.0, 1.0)


def test_boundary_error_is_exact_miss_but_overlap_hit(gold: PolnearDoc) -> None:
    predicted = perfect()
    predicted[0].content = [sp("taxes will rise.")]  # one character too long
    predicted[0].source = Span(0, 6, "Smith ")  # trailing whitespace is trimmed: still exact
    content = score([gold], [predicted]).roles["content"]
    assert (content.exact, content.overlap_predicted, content.overlap_gold) == (4, 5, 5)
    assert content.exact_precision == content.exact_recall == pytest.approx(0.8)
    assert content.overlap_f1 == 1.0
    assert score([gold], [predicted]).roles["source"].exact_f1 == 1.0


def test_overlap_counts_each_side(gold: PolnearDoc) -> None:
    # One prediction covering both fragments of "The plan ... is dead", plus a false alarm.
    predicted = [Attribution("direct", [sp("The plan, officials said, is dead"), sp("Smith said")])]
    content = score([gold], [predicted]).roles["content"]
    assert (content.gold, content.predicted, content.exact) == (5, 2, 0)
    assert (content.overlap_predicted, content.overlap_gold) == (1, 2)
    assert content.overlap_precision == 0.5
    assert content.overlap_recall == 0.4
    assert content.overlap_f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert score([gold], [[]]).roles["cue"].exact_f1 == 0.0


def test_nested_predictions_are_ignored(gold: PolnearDoc) -> None:
    nested = Attribution("direct", [sp("rise")], sp("taxes"), sp("will"), parent=0)
    report = score([gold], [[*perfect(), nested]])
    assert all(s.predicted == s.gold and s.exact_f1 == 1.0 for s in report.roles.values())


def test_duplicates_counted_once(gold: PolnearDoc) -> None:
    report = score([gold], [perfect() + perfect()])
    assert report.roles["content"].predicted == 5
    assert report.roles["source"].exact_precision == 1.0
    shared = ANN + "\nE5\tSource:T1 Cue:T2 Content:T3\n"  # the same spans under a second E line
    doc = PolnearDoc("doc", TEXT, parse_ann(shared, TEXT)[0])
    assert len(doc.attributions) == 4
    assert {r: len(f) for r, f in gold_fragments(doc).items()} == {"source": 2, "cue": 3, "content": 5}


def test_evaluate_calls_predict_and_reports_progress(gold: PolnearDoc) -> None:
    seen: list[tuple[int, int]] = []
    report = evaluate([gold, gold], lambda text: perfect() if text == TEXT else [], lambda i, n: seen.append((i, n)))
    assert seen == [(1, 2), (2, 2)]
    assert report.documents == 2
    assert report.roles["cue"].gold == 6
    data = report.to_dict()
    assert data["roles"]["content"]["exact"]["f1"] == 1.0
    assert data["roles"]["source"]["overlap"]["matched_gold"] == 4
    with pytest.raises(ValueError, match="shorter"):
        score([gold, gold], [perfect()])


def test_real_dev_split(gold_data) -> None:
    docs = load_split(gold_data("polnear-dev") / "polnear", "dev")
    assert len(docs) == 84
    assert 2000 <= sum(len(d.attributions) for d in docs) <= 2500
    assert all(d.problems == [] for d in docs)
    for doc in docs:
        for a in doc.attributions:
            assert a.cue or a.content
            assert all(doc.text[s.start : s.end] == s.text for s in a.source + a.cue + a.content)
