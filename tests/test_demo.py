"""The quick start's first command: `make demo` runs `demo-run` (ingest the bundled examples, list them, analyse
one, list the claims with two origins or more, trace the evacuation claim) and then serves the ledger. The test
runs `demo-run` exactly as the Makefile says, with this environment's claimledger, into a temporary ledger."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_make_demo_runs_every_step_on_the_bundled_examples(tmp_path: Path) -> None:
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is missing (the quick start needs it)")
    db = tmp_path / "demo" / "ledger.db"
    done = subprocess.run(
        [make, "--no-print-directory", "demo-run", "-o", "install", f"BIN={Path(sys.executable).parent}",
         f"DEMO_DB={db}"],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert db.is_file()
    assert "likely original publisher: Meridian Post" in out  # analyze
    assert "claim #" in out and "2 independent origins" in out  # the trace of the evacuation claim
    assert "origin: Halvard Regional Emergency Service" in out
    assert "Traceback" not in out + done.stderr
