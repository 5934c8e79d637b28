"""Claims against the cluster gold (tests/data/clusters_gold.jsonl): the gates' floors on a ledger of the gold's
PolNeAR dev articles, the metrics on hand-made placements, and the ``claimledger eval clusters`` command."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from claimledger.evaluation.clusters import (
    ClusterGold,
    ClusterReport,
    GoldError,
    GoldNegative,
    GoldStatement,
    Placement,
    StoredContent,
    best_match,
    check_offsets,
    evaluate_clusters,
    load_gold,
    mention,
    score,
)
from claimledger.settings import Settings
from tests import baseline
from tests.conftest import REPO

GOLD = REPO / "tests" / "data" / "clusters_gold.jsonl"


@pytest.fixture(scope="module")
def report(gold_data: Callable[[str], Path]) -> ClusterReport:
    """One ingest of the gold's articles, scored (the fingerprints of both gold sets are checked first)."""
    gold_data("clusters-gold")
    shared = gold_data("polnear-dev")
    return evaluate_clusters(load_gold(GOLD), shared / "polnear", Settings())


@pytest.mark.slow
def test_eval_clusters_floors(report: ClusterReport) -> None:
    """Statements kept whole and apart, hard negatives kept out, origins counted right; floors and figures in
    tests/eval_baseline.json."""
    split = [s["id"] for s in report.per_statement if len(s["claims"]) > 1]
    wrong = [
        f"{s['id']}: {s['origins']['gold']} vs {s['origins']['named']}"
        for s in report.per_statement
        if not s["origins_exact"]
    ][:8]
    baseline.check(report.gates(), detail=f"split: {split}\nmixed claims: {report.mixed[:5]}\norigins: {wrong}")
    assert (report.statements, report.mentions, report.negatives) == (31, 79, 16)
    assert report.pairs == 79 * 78 // 2 and report.tp + report.fn == sum(
        len(s.mentions) * (len(s.mentions) - 1) // 2 for s in load_gold(GOLD).statements
    )
    assert len(report.per_statement) == 31 and report.clustered <= report.attributed <= report.mentions
    assert sum(s["origins_exact"] for s in report.per_statement) == report.exact
    # the gold's three disputes are reported (linked or not) beside the ledger's dispute links
    assert report.disputes["gold"] == 3 and 0 <= report.disputes["linked"] <= 3
    assert {c["negative"] for c in report.disputes["cases"]} == {
        "neg-trump-pays-taxes",
        "neg-no-evidence-russia",
        "neg-shelby-refused-commands",
    }


def test_gold_is_read_by_offsets_into_polnear_dev(gold_data: Callable[[str], Path]) -> None:
    """Every mention is the slice of its PolNeAR dev article at its offsets; every statement spans two articles
    or more; no two gold spans overlap; all seven outlets; at least 30 statements and 10 hard negatives."""
    from claimledger.evaluation.polnear import load_split

    gold = load_gold(GOLD)
    docs = {d.name: d for d in load_split(gold_data("polnear-dev") / "polnear", "dev")}
    check_offsets(gold, {name: d.text for name, d in docs.items()})
    assert len(gold.statements) >= 30 and len(gold.negatives) >= 10
    assert all(len({m.article for m in s.mentions}) >= 2 for s in gold.statements)
    assert all(1 <= s.origins <= len(s.mentions) and s.origins_reason for s in gold.statements)
    spans = sorted((m.article, m.start, m.end) for m in gold.mentions())
    for (a1, _, e1), (a2, s2, _) in pairwise(spans):
        assert a1 != a2 or e1 <= s2, (a1, e1, s2)
    assert len({a.split("_")[0] for a in gold.articles()}) == 7
    assert any(s.origins >= 3 for s in gold.statements) and any(len(s.mentions) >= 5 for s in gold.statements)


# --- the metrics on hand-made placements ---------------------------------------------------------------------


def statement(id: str, *mentions: tuple[str, int], origins: int = 1) -> GoldStatement:
    return GoldStatement(id, id, origins, "written by hand", tuple(mention(a, at) for a, at in mentions))


GOLD_AB = ClusterGold(
    [statement("a", ("x", 0), ("y", 0), ("z", 0)), statement("b", ("x", 50), ("y", 50), origins=2)],
    [GoldNegative("n", "a", "another assertion", (mention("z", 80),))],
)


def placer(table: dict[tuple[str, int], Placement | None]) -> Callable:
    return lambda m: table.get((m.article, m.start))


def test_score_perfect_ledger() -> None:
    place = placer(
        {
            ("x", 0): Placement(1, 10),
            ("y", 0): Placement(2, 10),
            ("z", 0): Placement(3, 10),
            ("x", 50): Placement(4, 11),
            ("y", 50): Placement(5, 11),
            ("z", 80): Placement(6, 12),
        }
    )
    r = score(GOLD_AB, place, {10: ["Trump"], 11: ["Clinton", "The Times"], 12: ["Pence"]})
    assert (r.pairwise_f1, r.bcubed_f1, r.coverage, r.negatives_clean, r.origins_exact) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert r.pairs == 10 and r.tp == 4 and r.mixed == []


def test_score_mixed_claim_split_statement_and_a_violation() -> None:
    """Statement b's first mention joins a's claim (a mixed claim), b's second is in no claim; the negative
    sits in a's claim; a's claim names two origins where the gold says one."""
    place = placer(
        {
            ("x", 0): Placement(1, 10),
            ("y", 0): Placement(2, 10),
            ("z", 0): Placement(3, 10),
            ("x", 50): Placement(4, 10),
            ("y", 50): Placement(5, None),
            ("z", 80): Placement(6, 10),
        }
    )
    r = score(GOLD_AB, place, {10: ["Trump", "Sept."]})
    assert (r.tp, r.fp, r.fn) == (3, 3, 1)
    assert r.pairwise_precision == 0.5 and r.pairwise_recall == 0.75
    # B-cubed: a's mentions 3/4 precise, 1 recall; b's first 1/4 precise, 1/2 recall; b's second alone, 1/2 recall
    assert r.bcubed_precision == pytest.approx((3 * 0.75 + 0.25 + 1) / 5)
    assert r.bcubed_recall == pytest.approx((3 + 0.5 + 0.5) / 5)
    assert r.clustered == 4 and r.attributed == 5 and r.coverage == 1.0
    assert r.mixed == [{"claim": 10, "statements": {"a": 3, "b": 1}}]
    assert [v["negative"] for v in r.violations] == ["n"] and r.negatives_clean == 0.0
    a, b = r.per_statement
    assert a["origins"] == {"gold": 1, "ledger": 2, "named": ["Trump", "Sept."]} and not a["origins_exact"]
    assert b["main_claim"] == 10 and b["not_clustered"] == 1 and a["other_statements_in_main_claim"] == {"b": 1}
    assert b["origins_exact"] and r.origins_exact == 0.5  # b's main claim is a's, which happens to name two


def test_score_unheld_mentions_are_alone() -> None:
    """A mention no attribution overlaps costs recall and coverage, never precision; a statement in no claim
    is not exact, whatever its gold count."""
    place = placer({("x", 0): Placement(1, 10), ("y", 0): Placement(2, 10)})
    r = score(GOLD_AB, place, {10: ["Trump"]})
    assert r.attributed == 2 and r.coverage == 0.4 and r.pairwise_precision == 1.0
    assert r.tp == 1 and r.fn == 3 and r.exact == 1  # a: exact through its main claim; b: held in no claim
    assert r.per_statement[1]["main_claim"] is None and r.per_statement[1]["unattributed"] == 2


def test_best_match_sums_fragment_overlap() -> None:
    m = mention("x", 10, 20)  # 10..30
    stored = [
        StoredContent(1, ((0, 12),), 5),
        StoredContent(2, ((12, 18), (25, 40)), None),
        StoredContent(3, ((50, 60),), 6),
    ]
    assert best_match(m, stored) == stored[1]  # 6 + 5 characters over 2
    assert best_match(mention("x", 41, 5), stored) is None


# --- reading the gold ----------------------------------------------------------------------------------------


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    one = {"article": "a", "start": 0, "end": 5, "text": "Trump", "speaker": "Donald Trump"}
    good = {
        "id": "s",
        "statement": "…",
        "origins": 1,
        "origins_reason": "one speaker",
        "mentions": [one, one | {"article": "b"}],
    }
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:2: invalid JSON"):
        load_gold(path)
    path.write_text(json.dumps(good | {"mentions": [one, one | {"start": 1}]}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r":1: a statement is asserted in at least two articles"):
        load_gold(path)
    path.write_text(json.dumps(good | {"origins": 0}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"origins must be a positive whole number"):
        load_gold(path)
    negative = {"id": "n", "negative_of": "t", "reason": "…", "mentions": [one]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(negative) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"hard negatives of no statement: \['n'\]"):
        load_gold(path)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"the text there is 'Mr. T', the gold says 'Trump'"):
        check_offsets(load_gold(path), {"a": "Mr. Trump said", "b": "Trump"})


# --- the command ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_eval_clusters_table_and_json(cli, tmp_path: Path, gold_data: Callable[[str], Path]) -> None:
    """Two articles of the gold (Politico and Western Journal on Trump’s taxes, Oct. 4: two statements and a hard
    negative), through ``claimledger eval clusters`` (the same ingest path, a small ledger)."""
    shared = gold_data("polnear-dev")
    keep = ("politico_2016-10-04", "west-journal_2016-10-04")
    small = tmp_path / "small.jsonl"
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row["mentions"] = [m for m in row["mentions"] if m["article"].startswith(keep)]
        if "negative_of" not in row and len({m["article"] for m in row["mentions"]}) < 2:
            continue
        rows.append(row)
    ids = {r["id"] for r in rows if "negative_of" not in r}
    rows = [r for r in rows if "negative_of" not in r or (r["mentions"] and r["negative_of"] in ids)]
    small.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = cli("eval", "clusters", "--gold", str(small), "--data", str(shared / "polnear"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["statements"] == len(ids) == 2 and data["matcher"] in ("rules", "model")
    assert {s["id"] for s in data["per_statement"]} == ids
    assert set(data["gates"]) == {g for g in baseline.GATES if g.startswith("clusters.")}
    assert (
        0 <= data["pairwise"]["f1"] <= 1 and data["pairwise"]["pairs"] == data["mentions"] * (data["mentions"] - 1) // 2
    )
    table = cli("eval", "clusters", "--gold", str(small), "--data", str(shared / "polnear"))
    assert table.exit_code == 0, table.output
    assert "pairwise P / R / F1" in table.output and f"{len(ids)} statements" in table.output


def test_cli_eval_clusters_bad_gold_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("eval", "clusters", "--gold", str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 1
    assert "cannot read the cluster gold" in result.output and "Traceback" not in result.output
