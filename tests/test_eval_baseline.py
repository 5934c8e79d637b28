"""tests/eval_baseline.json cannot change silently: its floors, figures and fingerprints are where their history
ends, every history entry says why, and the gold data is the data the figures were measured on."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from tests import baseline
from tests.conftest import REPO

BASE = baseline.load()


def replay(history: list[dict[str, Any]]) -> dict[tuple[str, str, str], Any]:
    """The value each (kind, name, field) has after its history, checking that each entry starts where the
    previous one ended and says why."""
    values: dict[tuple[str, str, str], Any] = {}
    last_date = ""
    for i, entry in enumerate(history):
        kind = "gate" if "gate" in entry else "gold"
        key = (kind, entry[kind], entry["field"])
        where = f"history[{i}] ({kind} {entry[kind]} {entry['field']})"
        assert set(entry) == {"date", kind, "field", "old", "new", "reason"}, f"{where}: keys {sorted(entry)}"
        assert datetime.date.fromisoformat(entry["date"]).isoformat() == entry["date"], f"{where}: date"
        assert entry["date"] >= last_date, f"{where}: the history is appended to, in date order"
        last_date = entry["date"]
        assert isinstance(entry["reason"], str) and entry["reason"].strip(), f"{where}: every change says why"
        assert entry["old"] == values.get(key), (
            f"{where}: old {entry['old']!r}, but the history left it at {values.get(key)!r}"
        )
        if kind == "gate" and entry["field"] == "floor" and entry["old"] is not None and entry["new"] < entry["old"]:
            assert len(entry["reason"].split()) >= 3, f"{where}: lowering a floor needs a real reason"
        values[key] = entry["new"]
    return values


def test_baseline_holds_exactly_the_gates_the_tests_assert() -> None:
    assert tuple(BASE["gates"]) == baseline.GATES


@pytest.mark.parametrize("name", baseline.GATES)
def test_baseline_gate_is_consistent(name: str) -> None:
    gate = BASE["gates"][name]
    assert set(gate) == {"figure", "floor", "gold", "test"}
    assert 0 < gate["floor"] <= gate["figure"] <= 1, "a floor sits at or under the measured figure"
    assert gate["gold"] and set(gate["gold"]) <= set(BASE["gold"])
    path, _, function = gate["test"].partition("::")
    assert f"def {function}(" in (REPO / path).read_text(encoding="utf-8"), gate["test"]


def test_baseline_values_are_where_their_history_ends() -> None:
    values = replay(BASE["history"])
    current = {("gate", g, f): BASE["gates"][g][f] for g in BASE["gates"] for f in ("floor", "figure")}
    current |= {("gold", g, "sha256"): spec["sha256"] for g, spec in BASE["gold"].items()}
    missing = sorted(set(current) - set(values))
    assert not missing, f"no history for {missing}"
    changed = {k: (values[k], v) for k, v in current.items() if values[k] != v}
    assert not changed, f"changed without a history entry (history's value, the file's): {changed}"
    assert not set(values) - set(current), "history of a gate or gold set the baseline no longer has"


def test_baseline_history_replay_catches_silent_changes() -> None:
    history = [
        {"date": "2026-01-01", "gate": "g", "field": "floor", "old": None, "new": 0.9, "reason": "first"},
        {"date": "2026-01-02", "gate": "g", "field": "floor", "old": 0.9, "new": 0.8, "reason": "a library update"},
    ]
    assert replay(history) == {("gate", "g", "floor"): 0.8}
    with pytest.raises(AssertionError, match="says why"):
        replay([*history[:1], {**history[1], "reason": " "}])
    with pytest.raises(AssertionError, match="real reason"):
        replay([*history[:1], {**history[1], "reason": "lower"}])
    with pytest.raises(AssertionError, match=r"the history left it at 0\.9"):
        replay([*history[:1], {**history[1], "old": 0.95}])
    with pytest.raises(AssertionError, match="date order"):
        replay([*history[:1], {**history[1], "date": "2025-12-31"}])


def test_baseline_file_is_in_its_one_line_per_entry_layout() -> None:
    assert baseline.dumps(BASE) == baseline.BASELINE.read_text(encoding="utf-8"), (
        "change tests/eval_baseline.json with `python -m tests.baseline`, which appends to its history"
    )


def test_baseline_set_appends_to_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "eval_baseline.json"
    copy.write_text(baseline.BASELINE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(baseline, "BASELINE", copy)
    old = BASE["gates"]["claim_pairs.f1"]["floor"]
    baseline.main(["set", "claim_pairs.f1", "floor", str(old - 0.01), "--reason", "a test of the tool"])
    changed = json.loads(copy.read_text(encoding="utf-8"))
    assert changed["gates"]["claim_pairs.f1"]["floor"] == pytest.approx(old - 0.01)
    assert changed["history"][:-1] == BASE["history"]
    assert changed["history"][-1] | {"date": "d"} == {
        "date": "d", "gate": "claim_pairs.f1", "field": "floor", "old": old, "new": old - 0.01,
        "reason": "a test of the tool",
    }  # fmt: skip
    assert replay(changed["history"])[("gate", "claim_pairs.f1", "floor")] == pytest.approx(old - 0.01)


def test_baseline_fingerprint_is_file_names_and_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(baseline.ROOTS, "repo", tmp_path)
    (tmp_path / "set" / "sub").mkdir(parents=True)
    (tmp_path / "set" / "a.txt").write_text("alpha")
    (tmp_path / "set" / "sub" / "b.txt").write_text("beta")
    (tmp_path / "set" / ".DS_Store").write_text("noise")
    spec = {"root": "repo", "paths": ["set"]}
    first = baseline.fingerprint(spec)
    assert first.files == 2
    (tmp_path / "set" / "sub" / "b.txt").write_text("betA")
    assert baseline.fingerprint(spec).sha256 != first.sha256
    (tmp_path / "set" / "sub" / "b.txt").write_text("beta")
    (tmp_path / "set" / "sub" / "b.txt").rename(tmp_path / "set" / "sub" / "c.txt")
    assert baseline.fingerprint(spec).sha256 != first.sha256
    with pytest.raises(baseline.GoldDataError, match=r"^gold data missing: .*absent"):
        baseline.fingerprint({"root": "repo", "paths": ["nowhere"]})


def test_baseline_changed_gold_data_fails_before_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = json.loads(json.dumps(BASE))
    changed["gold"]["claim-pairs"]["sha256"] = "0" * 64
    monkeypatch.setattr(baseline, "_fingerprints", {})
    with pytest.raises(baseline.GoldDataError, match=r"^gold data changed: claim-pairs "):
        baseline.verify("claim-pairs", changed)


def test_baseline_gate_needs_verified_gold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(baseline, "VERIFIED", set())
    monkeypatch.setattr(baseline, "MEASURED", {})
    with pytest.raises(AssertionError, match="without verifying its gold data"):
        baseline.check({"claim_pairs.f1": 1.0})
    baseline.verify("claim-pairs")
    baseline.check({"claim_pairs.f1": 1.0})
    with pytest.raises(AssertionError, match=r"claim_pairs\.f1: 0\.1000 is under its floor"):
        baseline.check({"claim_pairs.f1": 0.1})


@pytest.mark.parametrize("name", sorted(BASE["gold"]))
def test_baseline_gold_data_is_what_the_figures_were_measured_on(gold_data, name: str) -> None:
    """Every gold set is present and unchanged (a failure names the set: ``gold data missing`` / ``changed``)."""
    assert gold_data(name).is_dir()


def test_baseline_add_gold_and_gate_record_their_first_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "eval_baseline.json"
    start = json.loads(baseline.BASELINE.read_text(encoding="utf-8"))
    gate = baseline.GATES[-1]
    del start["gates"][gate]
    start["history"] = [h for h in start["history"] if h.get("gate") != gate]
    copy.write_text(baseline.dumps(start), encoding="utf-8")
    monkeypatch.setattr(baseline, "BASELINE", copy)
    monkeypatch.setitem(baseline.ROOTS, "repo", tmp_path)
    (tmp_path / "gold.jsonl").write_text("{}\n")
    baseline.main(["add-gold", "new-gold", "--root", "repo", "--path", "gold.jsonl", "--reason", "a test"])
    args = ["add-gate", gate, "--gold", "new-gold", "--test", "t.py::f", "--floor", "0.5", "--figure", "0.6"]
    baseline.main([*args, "--reason", "a test"])
    changed = json.loads(copy.read_text(encoding="utf-8"))
    assert tuple(changed["gates"]) == baseline.GATES  # in the order of GATES
    assert changed["gates"][gate] == {"figure": 0.6, "floor": 0.5, "gold": ["new-gold"], "test": "t.py::f"}
    assert changed["gold"]["new-gold"]["files"] == 1
    values = replay(changed["history"])
    assert values[("gate", gate, "floor")] == 0.5 and values[("gold", "new-gold", "sha256")]
    with pytest.raises(SystemExit):
        baseline.main([*args, "--reason", "twice"])  # exists: `set` changes it
