"""Ingest's progress: a total counted before the run, each stage's count as documents pass it, and a Rich bar on
standard error — drawn on a terminal (percentage, documents done of the total, time left), nothing when
standard error is piped, so the summary and failure lines stay as they are."""

from __future__ import annotations

import dataclasses
import itertools
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.ingest import IngestProgress, ingest
from claimledger.ledger.store import Ledger
from claimledger.read import read_inputs
from claimledger.read.files import count_inputs
from claimledger.settings import Settings
from tests.conftest import EXAMPLES

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    """Two articles (an original and its copy), a JSON Lines file of two records and a blank line, a bad record,
    and a path that is not there: seven items, two of which fail."""
    jsonl = tmp_path / "more.jsonl"
    records = (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    jsonl.write_text("\n".join([*records, "", "not json"]) + "\n", encoding="utf-8")
    return [str(EXAMPLES / "01_meridian_post.txt"), str(EXAMPLES / "02_aggregator_copy.txt"), str(jsonl),
            str(tmp_path / "missing.txt")]  # fmt: skip


def test_the_count_is_what_reading_yields(inputs: list[str]) -> None:
    settings = Settings()
    assert count_inputs(inputs, settings) == len(list(read_inputs(inputs, settings))) == 6
    assert count_inputs([str(EXAMPLES)], settings) == len(list(read_inputs([str(EXAMPLES)], settings)))
    assert count_inputs([*inputs, "-"], settings) is None  # standard input: known once read
    assert count_inputs(["https://example.org/feed"], settings) is None


@pytest.mark.slow
def test_progress_counts_every_stage_up_to_the_total(inputs: list[str], tmp_path: Path) -> None:
    seen: list[IngestProgress] = []
    ledger = Ledger.open(str(tmp_path / "ledger.db"))
    summary = ingest(inputs, ledger, settings=Settings(), on_progress=lambda p: seen.append(dataclasses.replace(p)))
    assert seen[0].total == 6 and seen[0].done == 0
    last = seen[-1]
    assert (last.read, last.analysed, last.stored, last.copies, last.failed) == (4, 4, 4, 1, 2)
    assert last.done == last.position == last.total == 6
    assert (summary.new, summary.copies, len(summary.failed)) == (last.stored, last.copies, last.failed)
    # documents are analysed one after another, and stored after their analysis: the figures only grow
    analysed = [p.analysed for p in seen]
    assert sorted(set(analysed)) == [0, 1, 2, 3, 4]
    for before, after in itertools.pairwise(seen):
        assert after.position >= before.position and after.done >= before.done
        assert after.stored <= after.analysed
    # a second run skips what is stored: every document a duplicate, nothing analysed
    again: list[IngestProgress] = []
    ingest(inputs, ledger, settings=Settings(), on_progress=lambda p: again.append(dataclasses.replace(p)))
    assert (again[-1].duplicates, again[-1].analysed, again[-1].failed, again[-1].done) == (4, 0, 2, 6)


@pytest.mark.slow
def test_progress_with_worker_processes(inputs: list[str], tmp_path: Path) -> None:
    seen: list[IngestProgress] = []
    ingest(inputs, Ledger.open(str(tmp_path / "ledger.db")), settings=Settings(), workers=2,
           on_progress=lambda p: seen.append(dataclasses.replace(p)))  # fmt: skip
    assert (seen[-1].analysed, seen[-1].stored, seen[-1].failed, seen[-1].done, seen[-1].total) == (4, 4, 2, 6, 6)


def _run_cli(args: list[str], db: Path, *, terminal: bool) -> tuple[int, str, str]:
    """``claimledger ARGS`` in a subprocess, standard error on a pseudo-terminal or a pipe: (code, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "CLAIMLEDGER_DB": str(db), "COLUMNS": "200"}
    for forced in ("NO_COLOR", "FORCE_COLOR", "TTY_INTERACTIVE", "TTY_COMPATIBLE"):  # Rich decides from the stream
        env.pop(forced, None)
    command = [sys.executable, "-m", "claimledger", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    assert process.stdout is not None
    out = process.stdout.read().decode()
    os.close(master)
    return process.wait(timeout=60), out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_the_bar_on_a_terminal_shows_total_percentage_and_time_left(inputs: list[str], tmp_path: Path) -> None:
    code, out, err = _run_cli(["ingest", *inputs], tmp_path / "ledger.db", terminal=True)
    assert code == 1  # two inputs failed
    assert out.startswith("read 4, new 4 (1 copies), duplicates 0, failed 2 in ")
    frames = [ANSI.sub("", f) for f in err.replace("\r", "\n").split("\n")]
    bars = [f for f in frames if "documents ·" in f]
    assert bars, err
    moving = re.compile(r"\b\d+% \d/6 documents · \d:\d\d:\d\d elapsed · \d:\d\d:\d\d left · read \d")
    assert any(moving.search(f) for f in bars)
    assert any("100% 6/6 documents" in f and "stored 4 (1 copy) · failed 2" in f for f in bars)
    assert "failed " + inputs[3] + " [read]: no such file or directory" in ANSI.sub("", err)


@pytest.mark.slow
def test_no_bar_when_standard_error_is_not_a_terminal(inputs: list[str], tmp_path: Path) -> None:
    code, out, err = _run_cli(["ingest", *inputs], tmp_path / "ledger.db", terminal=False)
    assert code == 1
    assert out.startswith("read 4, new 4 (1 copies), duplicates 0, failed 2 in ")
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("failed ") for line in lines), err  # the failures, nothing else
    assert lines[1] == f"failed {inputs[3]} [read]: no such file or directory"
    assert re.fullmatch(r"failed .*more\.jsonl:4 \[read\]: invalid JSON: .*", lines[0])
    assert "\x1b" not in err and "\r" not in err
