"""What counts as a claim (tests/data/claimhood_gold.jsonl): the gate's floors on a ledger of the gold's documents,
the metrics on hand-made decisions, bad gold files, and the ``claimledger eval claimhood`` command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimledger.evaluation.claimhood import ClaimhoodReport, Labelled, evaluate_claimhood, load_gold, score
from claimledger.evaluation.corpus import GoldError
from claimledger.settings import Settings
from tests import baseline
from tests.conftest import REPO

GOLD = REPO / "tests" / "data" / "claimhood_gold.jsonl"


def _item(n: int, claim: bool, why: str = "") -> Labelled:
    return Labelled(
        f"h{n}", "polnear/dev/text/a.txt", n * 10, n * 10 + 5, "x", claim, why or ("claim" if claim else "fragment")
    )


def test_score_counts_not_a_claim_as_the_positive_class() -> None:
    gold = [_item(0, True), _item(1, True), _item(2, False), _item(3, False, "furniture"), _item(4, False, "question")]
    decided = {"h0": True, "h1": False, "h2": False, "h3": None, "h4": True}  # h3: no stored content over it
    report = score(gold, lambda item: decided[item.id])
    assert (report.tp, report.fp, report.fn, report.unmatched) == (2, 1, 1, 1)
    assert report.precision == pytest.approx(2 / 3) and report.recall == pytest.approx(2 / 3)
    assert report.claims_kept == pytest.approx(0.5)
    assert report.per_why == {
        "claim": {"labelled": 2, "right": 1},
        "fragment": {"labelled": 1, "right": 1},
        "furniture": {"labelled": 1, "right": 1},
        "question": {"labelled": 1, "right": 0},
    }
    assert [m["id"] for m in report.misjudged] == ["h1", "h4"]
    assert set(report.to_dict()["gates"]) == {"claimhood.not_claim_f1", "claimhood.claims_kept"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not a labelled content"),
        ('{"id": "h1", "doc": "d", "start": 0, "end": 4, "text": "abcd", "claim": true}', "not a labelled content"),
        ('{"id": "h1", "doc": "d", "start": 0, "end": 4, "text": "abcd", "claim": true, "why": "fragment"}', "'why'"),
        ('{"id": "h1", "doc": "d", "start": 5, "end": 4, "text": "abcd", "claim": false, "why": "heading"}', "'why'"),
    ],
)
def test_a_malformed_gold_line_is_a_clear_error_naming_it(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=f"gold.jsonl:1: .*{problem}"):
        load_gold(path)


def test_an_empty_or_missing_gold_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(GoldError, match="no labelled contents"):
        load_gold(tmp_path / "empty.jsonl")
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "absent.jsonl")


@pytest.fixture(scope="module")
def one_article(gold_data: Callable[[str], Path]) -> tuple[Path, str, str]:
    shared = gold_data("polnear-dev")
    path = sorted((shared / "polnear" / "dev" / "text").glob("nyt_*.txt"))[0]
    return shared, f"polnear/dev/text/{path.name}", path.read_text(encoding="utf-8")


def test_eval_claimhood_reads_the_ledgers_decisions_and_checks_offsets(
    one_article: tuple[Path, str, str], tmp_path: Path, cli
) -> None:
    """A content the ledger links is a claim, the article's first words (no content stored over them) are kept
    out; a span whose text no longer matches the stored text fails with the span named, never a silent score."""
    shared, doc, text = one_article
    ledger = tmp_path / "ledger.db"
    first = Labelled("h0", doc, 0, 12, text[:12], False, "heading")
    report = evaluate_claimhood([first], shared, Settings(), ledger_path=ledger)
    assert report.contents == 1 and report.documents == 1
    import sqlite3

    with sqlite3.connect(ledger) as conn:  # a stored content the ledger made a claim, labelled as one
        (content,) = conn.execute(
            "select a.content from attributions a join claim_members m on m.attribution_id = a.id limit 1"
        ).fetchone()
    spans = json.loads(content)
    start, end = spans[0]["start"], spans[-1]["end"]
    gold = [first, Labelled("h1", doc, start, end, text[start:end], True, "claim")]
    report = evaluate_claimhood(gold, shared, Settings())
    assert report.per_why["claim"] == {"labelled": 1, "right": 1} and report.claims_kept == 1.0
    path = tmp_path / "gold.jsonl"
    rows = [
        {"id": g.id, "doc": g.doc, "start": g.start, "end": g.end, "text": g.text, "claim": g.claim, "why": g.why}
        for g in gold
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = cli("eval", "claimhood", "--gold", str(path), "--data", str(shared), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["contents"] == 2
    rows[1]["text"] = "words that are not there"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = cli("eval", "claimhood", "--gold", str(path), "--data", str(shared))
    assert result.exit_code == 1 and "h1:" in result.output and "relabel" in result.output
    assert "Traceback" not in result.output
    result = cli("eval", "claimhood", "--gold", str(path), "--data", str(tmp_path))
    assert result.exit_code == 1 and "gold documents not found" in result.output


@pytest.fixture(scope="module")
def report(gold_data: Callable[[str], Path]) -> ClaimhoodReport:
    gold_data("claimhood-gold")
    gold_data("extraction-benchmark")
    shared = gold_data("polnear-dev")
    return evaluate_claimhood(load_gold(GOLD), shared, Settings())


@pytest.mark.slow
def test_eval_claimhood_floors(report: ClaimhoodReport) -> None:
    """Non-claims kept out of claims and claims kept: floors and figures in tests/eval_baseline.json."""
    baseline.check(report.gates(), detail=f"misjudged: {report.misjudged[:8]}")
    assert report.contents == len(load_gold(GOLD)) and report.unmatched <= report.contents
    assert sum(row["labelled"] for row in report.per_why.values()) == report.contents
