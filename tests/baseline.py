"""The evaluation baseline, ``tests/eval_baseline.json``: each quality gate's floor and measured figure, and a
fingerprint of each gold data set the gates read.

A gate test verifies the fingerprints of its gold data before it scores (``gold data missing: …`` or
``gold data changed: …`` fail it), then asserts ``score >= floor``. The file cannot change silently: every
change of a floor, a figure or a fingerprint is an entry of its ``history`` (date, what, old, new, reason), and
``tests/test_eval_baseline.py`` replays the history and fails unless each current value is where its history
ends and every entry says why. Change it with this module, which appends the entry::

    python -m tests.baseline set GATE floor|figure VALUE --reason "why"
    python -m tests.baseline fingerprint GOLD --reason "why"   # gold data changed: re-measure the figures too

A new gold set or gate (after adding the gate to ``GATES``) enters the file the same way, its first values recorded
in the history::

    python -m tests.baseline add-gold GOLD --root repo|shared --path P [--path P …] --reason "why"
    python -m tests.baseline add-gate GATE --gold GOLD [--gold …] --test TEST --floor F --figure X --reason "why"
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
BASELINE = REPO / "tests" / "eval_baseline.json"
ROOTS = {"repo": REPO, "shared": SHARED}

EXTRACTORS = ("rules", "model", "hybrid")
ROLES = ("source", "cue", "content")
# Every gate the tests assert; the baseline must hold exactly these (tests/test_eval_baseline.py).
GATES = (
    "extraction.f1",
    *(f"polnear.dev.{match}_f1.{e}.{r}" for match in ("exact", "overlap") for e in EXTRACTORS for r in ROLES),
    "copies.precision",
    "copies.recall",
    "claim_pairs.f1",
    "claim_pairs.shared_dev.f1",
    "claim_pairs.shared_dev.accuracy",
    "actors.mention_accuracy",
    "actors.resolution_accuracy",
    "actors.type_accuracy",
    "actors.single_actor_share",
    "actors.top50_clean",
    "furniture.precision",
    "furniture.recall",
    "headings.precision",
    "headings.recall",
    "clusters.coverage",
    "clusters.pairwise_f1",
    "clusters.bcubed_f1",
    "clusters.negatives_clean",
    "clusters.origins_exact",
    "claimhood.not_claim_f1",
    "claimhood.claims_kept",
)

# scores measured in this session, for the terminal summary (tests/conftest.py)
MEASURED: dict[str, float] = {}
# gold sets whose fingerprint matched in this session: a gate may only score on verified data
VERIFIED: set[str] = set()


class GoldDataError(AssertionError):
    """Gold data is absent, or is not the data the baseline's figures were measured on."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    sha256: str
    files: int


def load(path: Path = BASELINE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps(baseline: Mapping[str, Any]) -> str:
    """The file's layout: one line per gold set, gate and history entry, so every change is a one-line diff."""

    def table(items: Mapping[str, Any]) -> str:
        return "{\n" + ",\n".join(f"    {_line(k)}: {_line(v)}" for k, v in items.items()) + "\n  }"

    parts = ['  "about": [\n' + ",\n".join(f"    {_line(a)}" for a in baseline["about"]) + "\n  ]"]
    parts += [f'  "gold": {table(baseline["gold"])}', f'  "gates": {table(baseline["gates"])}']
    parts.append('  "history": [\n' + ",\n".join(f"    {_line(h)}" for h in baseline["history"]) + "\n  ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def gold_files(spec: Mapping[str, Any]) -> list[tuple[str, Path]]:
    """``(name relative to the set's root, path)`` of every file of a gold set, sorted by name; hidden files
    (``.DS_Store``, editor droppings) are left out. Raises :class:`GoldDataError` when a listed path is absent."""
    root = ROOTS[spec["root"]]
    out: list[tuple[str, Path]] = []
    for rel in spec["paths"]:
        path = root / rel
        if path.is_file():
            out.append((rel, path))
        elif path.is_dir():
            out += [
                (p.relative_to(root).as_posix(), p)
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            ]
        else:
            where = "../shared/data beside the repository" if spec["root"] == "shared" else "the repository"
            raise GoldDataError(
                f"gold data missing: {path} is absent; the evaluation gates need it in {where} "
                "(see ../shared/data/README.md); a gate never skips"
            )
    return sorted(out)


def fingerprint(spec: Mapping[str, Any]) -> Fingerprint:
    """SHA-256 over the sorted file names and the bytes of each file of a gold set."""
    digest = hashlib.sha256()
    files = gold_files(spec)
    for name, path in files:
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return Fingerprint(digest.hexdigest(), len(files))


_fingerprints: dict[str, Fingerprint] = {}


def verify(name: str, baseline: Mapping[str, Any] | None = None) -> Path:
    """The root of gold set ``name`` once its fingerprint matches the baseline's (hashed once per session)."""
    spec = (baseline or load())["gold"][name]
    if name not in _fingerprints:
        _fingerprints[name] = fingerprint(spec)
    got = _fingerprints[name]
    if got.sha256 != spec["sha256"]:
        raise GoldDataError(
            f"gold data changed: {name} ({', '.join(spec['paths'])} under {spec['root']}) hashes to "
            f"{got.sha256[:16]}… over {got.files} files, the baseline to {spec['sha256'][:16]}… over "
            f"{spec['files']}; the figures were measured on other data: re-measure them and record both with "
            f"`python -m tests.baseline fingerprint {name} --reason …` and `… set GATE figure …`"
        )
    VERIFIED.add(name)
    return ROOTS[spec["root"]]


def check(scores: Mapping[str, float], detail: object = None) -> None:
    """Assert each gate's ``score >= floor`` (all are recorded first, so the summary shows every one);
    ``detail`` (misses, failures) is shown with a failure."""
    gates = load()["gates"]
    MEASURED.update(scores)
    problems = []
    for gate, score in scores.items():
        spec = gates[gate]
        unverified = [g for g in spec["gold"] if g not in VERIFIED]
        if unverified:
            problems.append(f"{gate}: scored without verifying its gold data {unverified} (call verify first)")
        elif score < spec["floor"]:
            problems.append(
                f"{gate}: {score:.4f} is under its floor {spec['floor']} (measured figure {spec['figure']}; "
                "tests/eval_baseline.json)"
            )
    assert not problems, "; ".join(problems) + ("" if detail is None else f"\n{detail}")


def _record(baseline: dict[str, Any], entry: dict[str, Any]) -> None:
    baseline["history"].append({"date": datetime.date.today().isoformat(), **entry})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.baseline", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    set_ = sub.add_parser("set", help="change a gate's floor or measured figure (a history entry is appended)")
    set_.add_argument("gate", choices=GATES)
    set_.add_argument("field", choices=("floor", "figure"))
    set_.add_argument("value", type=float)
    set_.add_argument("--reason", required=True)
    fp = sub.add_parser("fingerprint", help="record the current fingerprint of a gold set (after it changed)")
    fp.add_argument("gold")
    fp.add_argument("--reason", required=True)
    add_gold = sub.add_parser("add-gold", help="fingerprint a new gold set (a history entry is appended)")
    add_gold.add_argument("gold")
    add_gold.add_argument("--root", choices=tuple(ROOTS), required=True)
    add_gold.add_argument("--path", action="append", required=True, help="a file or folder under the root")
    add_gold.add_argument("--reason", required=True)
    add_gate = sub.add_parser("add-gate", help="a new gate of GATES, with its floor and figure (two entries)")
    add_gate.add_argument("gate", choices=GATES)
    add_gate.add_argument("--gold", action="append", required=True, help="a gold set the gate reads")
    add_gate.add_argument("--test", required=True, help="the test asserting it: path::function")
    add_gate.add_argument("--floor", type=float, required=True)
    add_gate.add_argument("--figure", type=float, required=True)
    add_gate.add_argument("--reason", required=True)
    args = parser.parse_args(argv)
    if not args.reason.strip():
        parser.error("--reason must say why")
    baseline = load(BASELINE)  # the module global, so that a test can point it at a copy
    if args.command == "set":
        gate = baseline["gates"][args.gate]
        old = gate[args.field]
        gate[args.field] = args.value
        entry = {"gate": args.gate, "field": args.field, "old": old, "new": args.value, "reason": args.reason}
        _record(baseline, entry)
    elif args.command == "add-gold":
        if args.gold in baseline["gold"]:
            parser.error(f"gold set {args.gold} exists: use fingerprint")
        new = fingerprint({"root": args.root, "paths": args.path})
        baseline["gold"][args.gold] = {"root": args.root, "paths": args.path, "files": new.files, "sha256": new.sha256}
        _record(baseline, {"gold": args.gold, "field": "sha256", "old": None, "new": new.sha256, "reason": args.reason})
    elif args.command == "add-gate":
        if args.gate in baseline["gates"]:
            parser.error(f"gate {args.gate} exists: use set")
        unknown = [g for g in args.gold if g not in baseline["gold"]]
        if unknown:
            parser.error(f"unknown gold sets {unknown}: add them with add-gold first")
        if not 0 < args.floor <= args.figure <= 1:
            parser.error("a floor sits at or under the measured figure, both in (0, 1]")
        gate = {"figure": args.figure, "floor": args.floor, "gold": args.gold, "test": args.test}
        baseline["gates"] = {g: baseline["gates"][g] if g != args.gate else gate for g in GATES
                             if g in baseline["gates"] or g == args.gate}  # fmt: skip
        for field in ("floor", "figure"):
            _record(
                baseline, {"gate": args.gate, "field": field, "old": None, "new": gate[field], "reason": args.reason}
            )
    else:
        spec = baseline["gold"][args.gold]
        new = fingerprint(spec)
        old = spec["sha256"]
        spec.update(sha256=new.sha256, files=new.files)
        _record(baseline, {"gold": args.gold, "field": "sha256", "old": old, "new": new.sha256, "reason": args.reason})
    BASELINE.write_text(dumps(baseline), encoding="utf-8")


if __name__ == "__main__":
    main()
