"""The furniture and heading gate: precision and recall of the marks on labelled lines of real pages (the
benchmark's HTML, PolNeAR dev's plain text); floors in tests/eval_baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.evaluation.furniture import FurnitureGoldError, evaluate_furniture, load_gold
from tests import baseline
from tests.conftest import REPO

GOLD = REPO / "tests" / "data" / "furniture_gold.jsonl"


@pytest.mark.slow
def test_furniture_gate_on_labelled_lines(gold_data) -> None:
    lines = load_gold(gold_data("furniture-gold") / "tests" / "data" / "furniture_gold.jsonl")
    gold_data("extraction-benchmark")
    shared = gold_data("polnear-dev")
    report = evaluate_furniture(lines, shared)
    assert report.lines >= 220 and report.documents >= 100
    scores = {
        "furniture.precision": report.marks["furniture"].precision,
        "furniture.recall": report.marks["furniture"].recall,
        "headings.precision": report.marks["heading"].precision,
        "headings.recall": report.marks["heading"].recall,
    }
    baseline.check(scores, json.dumps(report.misjudged, indent=1, ensure_ascii=False))


def test_furniture_gold_is_balanced_and_from_many_sites() -> None:
    lines = load_gold(GOLD)
    labels = [g.label for g in lines]
    assert len(lines) >= 220
    assert min(labels.count("furniture"), labels.count("heading"), labels.count("body")) >= 60
    assert len({g.doc for g in lines if g.source == "benchmark"}) >= 100
    assert {g.source for g in lines} == {"benchmark", "polnear-dev"}


def test_furniture_gold_bad_record_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"source": "benchmark", "doc": "x", "line": "Comments", "occurrence": 0, "label": "menu"}\n')
    with pytest.raises(FurnitureGoldError, match=r"gold\.jsonl:1: label must be one of"):
        load_gold(bad)


def test_eval_furniture_command_prints_precision_and_recall(cli, gold_data, tmp_path: Path) -> None:
    gold_data("furniture-gold")
    shared = gold_data("polnear-dev")
    records = [json.loads(t) for t in GOLD.read_text(encoding="utf-8").splitlines()]
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(r) + "\n" for r in records if r["source"] == "polnear-dev"), encoding="utf-8")
    result = cli("eval", "furniture", "--gold", str(small), "--data", str(shared))
    assert result.exit_code == 0, result.output
    assert "furniture and headings" in result.output and "precision" in result.output and "recall" in result.output
    as_json = cli("eval", "furniture", "--gold", str(small), "--data", str(shared), "--json")
    report = json.loads(as_json.output)
    assert set(report["marks"]) == {"furniture", "heading"} and report["lines"] == len(load_gold(small))


def test_eval_furniture_stale_gold_line_is_one_clear_error(cli, gold_data, tmp_path: Path) -> None:
    shared = gold_data("polnear-dev")
    record = json.loads(next(t for t in GOLD.read_text(encoding="utf-8").splitlines() if '"polnear-dev"' in t))
    stale = tmp_path / "stale.jsonl"
    stale.write_text(json.dumps({**record, "line": "A line no page has."}) + "\n", encoding="utf-8")
    result = cli("eval", "furniture", "--gold", str(stale), "--data", str(shared))
    assert result.exit_code != 0
    assert "labelled line not in the text" in result.output and "Traceback" not in result.output
