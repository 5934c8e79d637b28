"""The trained attribution tagger: units and labels, decoding, linking, the shipped model, extractor choice."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

import claimledger
from claimledger.attribute.hybrid import merge
from claimledger.attribute.learned import house_span
from claimledger.attribute.learned import tagged_attributions as link
from claimledger.errors import ClaimledgerError
from claimledger.nlp import load_nlp
from claimledger.parse import Paragraph
from claimledger.records import Article
from claimledger.settings import Settings
from claimledger.tagger.decode import viterbi
from claimledger.tagger.runtime import MODEL_DIR, TaggedSpan, load_tagger
from claimledger.tagger.units import LABEL_ID, LABELS, decode_spans, label_units, paragraph_units


def _paragraphs(text: str) -> list[Paragraph]:
    nlp = load_nlp(Settings())
    return [Paragraph(0, nlp(text))]


# ------------------------------------------------------------------------------------------ units and labels
def test_units_are_sentences_with_offsets_into_the_text() -> None:
    text = "The mayor said the bridge is safe. Engineers disagree."
    units = paragraph_units(_paragraphs(text))
    assert [" ".join(u.words) for u in units] == ["The mayor said the bridge is safe .", "Engineers disagree ."]
    for unit in units:
        assert [text[s:e] for s, e in unit.offsets] == unit.words


def test_an_open_quotation_joins_sentences() -> None:
    text = '"We will rebuild. It will take years," the mayor said.'
    units = paragraph_units(_paragraphs(text))
    assert len(units) == 1


def test_a_gold_span_across_sentences_joins_them_for_training() -> None:
    text = "The plan is bold. It will fail, he said."
    apart = paragraph_units(_paragraphs(text))
    joined = paragraph_units(_paragraphs(text), gold=[(0, 29)])
    assert len(apart) == 2 and len(joined) == 1


def test_long_units_are_cut_into_windows() -> None:
    text = " ".join(["word"] * 40) + "."
    units = paragraph_units(_paragraphs(text), max_words=16)
    assert [len(u) for u in units] == [16, 16, 9]


def test_labels_round_trip_to_the_gold_spans() -> None:
    text = "The mayor said that the bridge is safe."
    (unit,) = paragraph_units(_paragraphs(text))
    label_units([unit], {"source": {(0, 9)}, "cue": {(10, 14)}, "content": {(15, 39)}})
    assert [LABELS[i] for i in unit.labels] == [
        "B-source", "I-source", "B-cue", "B-content", "I-content", "I-content", "I-content", "I-content", "I-content",
    ]  # fmt: skip
    spans = {(role, unit.offsets[a][0], unit.offsets[b - 1][1]) for role, a, b in decode_spans(unit.labels)}
    assert spans == {("source", 0, 9), ("cue", 10, 14), ("content", 15, 39)}


def test_a_nested_span_is_written_over_the_outer_one() -> None:
    text = "He said officials claimed it was fine."
    (unit,) = paragraph_units(_paragraphs(text))
    label_units([unit], {"content": {(8, 38)}, "source": {(8, 17)}})
    assert [LABELS[i] for i in unit.labels][2:5] == ["B-source", "B-content", "I-content"]


# ------------------------------------------------------------------------------------------------ decoding
def _allowed(tags: list[int]) -> bool:
    previous = "O"
    for t in tags:
        label = LABELS[t]
        if label.startswith("I-") and previous[2:] != label[2:]:
            return False
        previous = label
    return True


def test_viterbi_is_the_best_allowed_sequence() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        scores = np.log(rng.dirichlet(np.ones(len(LABELS)), size=4)).astype(np.float32)
        best = max(
            (seq for seq in itertools.product(range(len(LABELS)), repeat=4) if _allowed(list(seq))),
            key=lambda seq: sum(scores[i, t] for i, t in enumerate(seq)),
        )
        assert viterbi(scores) == list(best)


def test_viterbi_never_starts_a_span_with_i() -> None:
    scores = np.full((3, len(LABELS)), -5.0, dtype=np.float32)
    scores[:, LABEL_ID["I-content"]] = -0.1
    tags = viterbi(scores)
    assert LABELS[tags[0]] != "I-content" and _allowed(tags)
    assert viterbi(np.zeros((0, len(LABELS)), dtype=np.float32)) == []


def test_decode_spans_splits_on_a_new_b() -> None:
    tags = [LABEL_ID[t] for t in ("B-cue", "B-content", "I-content", "B-content", "O")]
    assert decode_spans(tags) == [("cue", 0, 1), ("content", 1, 3), ("content", 3, 4)]


# ---------------------------------------------------------------------------------------------- linking
@pytest.mark.parametrize(
    ("role", "text", "expected"),
    [
        ("content", "that the bridge is safe", "the bridge is safe"),
        ("content", "thatched roofs burn", "thatched roofs burn"),
        ("source", "Jo Lee, a spokeswoman,", "Jo Lee, a spokeswoman"),
        ("cue", "said:", "said"),
        ("cue", "  said ", "said"),
    ],
)
def test_house_conventions(role: str, text: str, expected: str) -> None:
    span = house_span(text, role, 0, len(text))
    assert span is not None and span.text == expected == text[span.start : span.end]


def test_link_joins_source_cue_content_of_a_unit() -> None:
    text = "The mayor said that the bridge is safe. Critics, however, warned of cracks."
    tagged = [
        TaggedSpan("source", 0, 9, 0),
        TaggedSpan("cue", 10, 14, 0),
        TaggedSpan("content", 15, 39, 0),
        TaggedSpan("source", 40, 47, 1),
        TaggedSpan("cue", 58, 64, 1),
        TaggedSpan("content", 65, 75, 1),
    ]
    found = link(Article(text), tagged)
    assert [(a.source.text, a.cue.text, [c.text for c in a.content], a.kind) for a in found] == [
        ("The mayor", "said", ["the bridge is safe."], "indirect"),
        ("Critics", "warned", ["of cracks."], "indirect"),
    ]


def test_link_lends_a_quotation_to_the_cue_of_the_next_unit() -> None:
    text = '"The bridge is safe." He said.'
    tagged = [TaggedSpan("content", 0, 21, 0), TaggedSpan("source", 22, 24, 1), TaggedSpan("cue", 25, 29, 1)]
    (a,) = link(Article(text), tagged)
    assert (a.source.text, a.cue.text, a.content[0].text, a.kind) == ("He", "said", '"The bridge is safe."', "direct")


def test_merge_keeps_rule_quotes_and_adds_what_only_the_model_found() -> None:
    text = '"Rain," she said. The council believes the dam will hold.'
    rules = claimledger.analyze(text, extractor="rules").attributions
    model = link(
        Article(text),
        [
            TaggedSpan("content", 0, 6, 0),
            TaggedSpan("source", 8, 11, 0),
            TaggedSpan("cue", 12, 16, 0),
            TaggedSpan("source", 18, 29, 1),
            TaggedSpan("cue", 30, 38, 1),
            TaggedSpan("content", 39, 57, 1),
        ],
    )
    merged = merge(rules, model)
    assert [(a.cue.text, a.content[0].text) for a in merged] == [
        ("said", '"Rain,"'),
        ("believes", "the dam will hold."),
    ]


# ------------------------------------------------------------------------------------ the shipped model
def test_the_model_ships_with_its_provenance() -> None:
    onnx = MODEL_DIR / "tagger.onnx"
    assert onnx.is_file() and onnx.stat().st_size <= 60 * 1024 * 1024
    provenance = json.loads((MODEL_DIR / "provenance.json").read_text(encoding="utf-8"))
    assert {"data", "trained", "dev_exact_f1", "config"} <= provenance.keys()
    assert provenance["labels"] == list(LABELS)


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("The minister said that taxes would rise next year.", "The minister", "said", "taxes would rise next year"),
        ("Taxes will rise, the minister warned on Monday.", "the minister", "warned", "Taxes will rise"),
    ],
)
def test_model_tags_plain_reported_speech(text: str, source: str, cue: str, content: str) -> None:
    (a,) = claimledger.analyze(text, extractor="model").attributions
    assert (a.source.text, a.cue.text, a.content[0].text.rstrip(".")) == (source, cue, content)


@pytest.mark.parametrize("extractor", ["rules", "model", "hybrid"])
def test_every_extractor_reports_spans_of_the_text_it_read(seed_text: str, extractor: str) -> None:
    article = claimledger.analyze(seed_text, extractor=extractor)
    assert article.attributions
    for a in article.attributions:
        for span in [a.source, a.cue, *a.content]:
            if span is not None:
                assert seed_text[span.start : span.end] == span.text


def test_the_default_extractor_is_hybrid() -> None:
    assert Settings().extractor == "hybrid"


def test_an_unknown_extractor_is_a_clear_error(cli) -> None:
    with pytest.raises(ClaimledgerError, match="extractor must be one of hybrid, model, rules"):
        claimledger.analyze("It rains, he said.", extractor="neural")
    result = cli("analyze", "-", "--extractor", "neural", input="It rains, he said.")
    assert result.exit_code == 1
    assert "CLAIMLEDGER_EXTRACTOR must be one of hybrid, model, rules" in result.output
    assert "Traceback" not in result.output


def test_a_missing_model_directory_is_a_clear_error(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_TAGGER_MODEL", str(tmp_path))
    load_tagger.cache_clear()
    result = cli("analyze", "-", "--extractor", "model", input="It rains, he said.")
    assert result.exit_code == 1
    assert "no attribution model in" in result.output and "missing tagger.onnx" in result.output


def test_cli_analyze_with_each_extractor(cli) -> None:
    for extractor in ("rules", "model", "hybrid"):
        result = cli("analyze", "-", "--json", "--extractor", extractor, input="Taxes will rise, the minister said.")
        assert result.exit_code == 0, result.output
        (a,) = json.loads(result.output)["attributions"]
        assert a["cue"]["text"] == "said"


# ------------------------------------------------------------------ what the hybrid keeps of the rules
# (the same behaviours of the rules alone are tested in test_attribution_rules.py)
@pytest.mark.parametrize(
    "text",
    [
        "The claims could not be independently verified.",
        "The newspaper said it was unable to verify the report.",
        "Officials have not confirmed the figure.",
    ],
)
def test_a_verification_note_is_never_a_claim(text: str) -> None:
    article = claimledger.analyze(text, extractor="hybrid")
    assert article.attributions == []
    assert [n.note.text for n in article.verification_notes] == [text]


def test_according_to_citing_is_one_attribution_with_a_chain() -> None:
    text = "The dam cracked in March, according to the regional newspaper Valley Post, citing an engineer."
    top = [a for a in claimledger.analyze(text, extractor="hybrid").attributions if a.parent is None]
    assert len(top) == 1
    assert top[0].source is not None and top[0].source.text == "Valley Post"
    assert [c.text for c in top[0].chain] == ["an engineer"]


def test_a_subheading_breaks_the_speakers_turn() -> None:
    text = (
        "Flood defences failed in three places\n\n"
        "“The wall gave way at dawn,” engineer Lia Brandt said.\n\n"
        "What happens next?\n\n"
        "“Nobody knows.”\n"
    )
    attributions = claimledger.analyze(text, extractor="hybrid").attributions
    assert all(a.cue is not None for a in attributions if a.kind != "unattributed")
    assert not any("Nobody" in c.text for a in attributions if a.kind != "unattributed" for c in a.content)


def test_a_quote_paragraph_continues_the_speaker() -> None:
    text = (
        "Flood defences failed in three places\n\n"
        "“The wall gave way at dawn,” engineer Lia Brandt said.\n\n"
        "“Our survey team has reported cracks in two more sections. We are closing the road.”\n"
    )
    article = claimledger.analyze(text, extractor="hybrid")
    continuation = next(a for a in article.attributions if a.cue is None and a.kind != "unattributed")
    assert continuation.actor is not None and continuation.actor.name == "Lia Brandt"
    nested = next(a for a in article.attributions if a.source is not None and a.source.text == "Our survey team")
    assert article.attributions[nested.parent] is continuation  # type: ignore[index]
