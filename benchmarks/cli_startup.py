"""How long the ``claimledger`` command takes, start to exit, for its help and the commands that read the ledger.

    .venv/bin/python benchmarks/cli_startup.py [--runs 7] [--db LEDGER] [--src DIR]

Builds a small ledger in a temporary folder (the bundled examples, ingested: 10 articles, copies and claims)
unless ``--db`` names one, then runs each command ``--runs`` times in a fresh process (``python -m
claimledger.cli``, what the installed ``claimledger`` script runs) and prints the minimum and median wall time
and the median CPU time (user + system) of the process. ``--src`` times another checkout's ``src/`` (an older
version, for a before/after) against the same ledger. On a shared machine the wall time waits for the CPU: the
load average is printed beside the figures, and the CPU time is what the command itself needed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

COMMANDS = [
    ["--help"],
    ["articles", "--help"],
    ["articles"],
    ["claims"],
    ["show", "1"],
    ["trace", "1"],
    ["copies", "2"],
    ["articles", "--json"],
    ["check"],
]


def build_ledger(folder: Path) -> Path:
    from claimledger.ingest import ingest
    from claimledger.ledger.store import Ledger
    from claimledger.settings import Settings

    db = folder / "ledger.db"
    started = time.monotonic()
    summary = ingest([str(EXAMPLES)], Ledger.open(str(db)), settings=Settings())
    print(f"ledger: {summary.new} articles ({summary.copies} copies) in {time.monotonic() - started:.0f} s → {db}")
    return db


def time_command(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``claimledger ARGS`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "claimledger.cli", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"claimledger {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="an existing ledger (default: build one from the examples)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the src/ folder of the claimledger to time")
    args = parser.parse_args()
    db = args.db or build_ledger(Path(tempfile.mkdtemp(prefix="claimledger-startup-")))
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve()), "CLAIMLEDGER_DB": str(db), "COLUMNS": "120"}
    time_command(["--help"], env)  # compiled bytecode written once, not timed
    print(f"{args.src}: {args.runs} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'command':24} {'min s':>7} {'median s':>9} {'CPU s':>7}")
    for command in COMMANDS:
        runs = [time_command(command, env) for _ in range(args.runs)]
        walls, cpu = [w for w, _ in runs], statistics.median(c for _, c in runs)
        print(f"{' '.join(command):24} {min(walls):7.2f} {statistics.median(walls):9.2f} {cpu:7.2f}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
