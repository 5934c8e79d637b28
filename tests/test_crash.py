"""Nothing lost: a ledger survives SIGKILL at any point of an ingest, a full disk, and writers at once.

Each test runs the real CLI in its own process against a real SQLite file (and PostgreSQL server, where
``make test`` starts one), then checks what a user relies on: the database's integrity, every article
stored whole with its claim links, ``claimledger check`` finding no drift, and the same claims as one
uninterrupted, sequential run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimledger.ledger.check import check, drift
from claimledger.ledger.store import Ledger

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
TRIALS = 3  # SIGKILL trials, each at a random point (fixed seed: the same points every run)


def claimledger(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimledger.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def _claims(url: str) -> dict[frozenset[tuple[str, int]], tuple[int, int | None]]:
    """Each claim as the set of (document SHA-256, attribution position) it holds — ids and the order the
    documents were stored in do not matter — with its stored (members, independent origins)."""
    engine = sa.create_engine(url if "://" in url else f"sqlite:///{url}")
    with engine.connect() as conn:
        stored = {
            r[0]: (r[1], r[2]) for r in conn.exec_driver_sql("SELECT id, members, independent_origins FROM claims")
        }
        rows = conn.exec_driver_sql(
            "SELECT m.claim_id, d.sha256, a.position FROM claim_members m"
            " JOIN attributions a ON a.id = m.attribution_id JOIN articles ar ON ar.id = a.article_id"
            " JOIN documents d ON d.id = ar.document_id"
        ).all()
    engine.dispose()
    members: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for claim_id, sha, position in rows:
        members[claim_id].add((sha, position))
    return {frozenset(m): stored[i] for i, m in members.items()}


def claims_of(url: str) -> set[frozenset[tuple[str, int]]]:
    """The ledger's claims, each as what it holds."""
    return set(_claims(url))


def figures_of(url: str) -> dict[frozenset[tuple[str, int]], tuple[int, int | None]]:
    """Each claim's stored (members, independent origins), keyed by what it holds."""
    return _claims(url)


def assert_whole(db: str) -> None:
    """Integrity ok, every article linked, no claim without its figures, and ``check`` finds no drift."""
    if "://" not in db:
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    ledger = Ledger.open(db)
    with ledger.connect() as conn:
        unlinked = conn.exec_driver_sql("SELECT count(*) FROM articles WHERE claims_linked_at IS NULL").scalar()
        no_origins = conn.exec_driver_sql("SELECT count(*) FROM claims WHERE independent_origins IS NULL").scalar()
    ledger.close()
    assert (unlinked, no_origins) == (0, 0)
    ledger = Ledger.open(db)
    findings = check(ledger)  # in this process: the embedding model loads once for all the tests
    ledger.close()
    assert drift(findings) == 0, [f for f in findings if f.drift]


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One uninterrupted ingest of the examples: the ledger every other run must equal."""
    db = str(tmp_path_factory.mktemp("sequential") / "ledger.db")
    done = claimledger("ingest", str(EXAMPLES), "--db", db)
    assert done.returncode == 0, done.stderr
    ledger = Ledger.open(db)
    articles = ledger.count()
    ledger.close()  # the last connection: SQLite folds its write-ahead log into the file
    return {"db": db, "claims": claims_of(db), "figures": figures_of(db), "articles": articles}


def test_sigkill_at_random_points_then_rerun_repairs_everything(tmp_path: Path, sequential: dict[str, object]) -> None:
    """SIGKILL mid-ingest, several times at random points; the re-run completes the ledger, whole."""
    draw = random.Random(20261201)
    command = [sys.executable, "-m", "claimledger.cli", "ingest", str(EXAMPLES)]
    killed_at: list[int] = []
    for trial in range(TRIALS):
        db = str(tmp_path / f"trial{trial}.db")
        Ledger.open(db).close()  # created and migrated: the kill lands in the ingest, not the migration
        target, extra = draw.randint(1, 9), draw.uniform(0.0, 0.8)  # after `target` articles, plus a moment
        process = subprocess.Popen([*command, "--db", db], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            with sqlite3.connect(db, timeout=30) as conn:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= target:
                    break
            time.sleep(0.05)
        time.sleep(extra)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        with sqlite3.connect(db) as conn:
            killed_at.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rerun = claimledger("ingest", str(EXAMPLES), "--db", db)
        assert rerun.returncode == 0, rerun.stderr
        assert "failed 0" in rerun.stdout
        assert_whole(db)
        assert Ledger.open(db).count() == sequential["articles"]
        assert claims_of(db) == sequential["claims"], f"trial {trial}: killed after {killed_at[-1]} articles"
        assert figures_of(db) == sequential["figures"]
    assert any(0 < n < sequential["articles"] for n in killed_at), killed_at  # the kills landed mid-ingest


def test_rerun_links_an_article_an_older_version_left_unlinked(tmp_path: Path) -> None:
    """An article stored without its claim links (an older version, or a writer with ``link_claims=False``):
    the next run, even one that finds only duplicates, links it, and says so."""
    from claimledger.ingest import analyse_batch
    from claimledger.ledger.writer import LedgerWriter
    from claimledger.read import read_inputs
    from claimledger.records import Document
    from claimledger.settings import Settings

    db = str(tmp_path / "ledger.db")
    first = sorted(EXAMPLES.iterdir())[0]
    documents = [d for d in read_inputs([str(first)], Settings()) if isinstance(d, Document)]
    unlinking = LedgerWriter(Ledger.open(db), Settings(), link_claims=False)  # stores articles, links no claim
    for document, article in analyse_batch(documents, Settings()):
        assert unlinking.write(document, article) == 1
    assert claims_of(db) == set()
    rerun = claimledger("ingest", str(first), "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    assert "duplicates 1" in rerun.stdout and "repaired 1" in rerun.stdout
    assert_whole(db)
    assert claims_of(db)  # its claims are linked now
    again = claimledger("ingest", str(EXAMPLES), "--db", db)  # the rest of the examples join them
    assert again.returncode == 0 and "repaired" not in again.stdout
    assert_whole(db)


def test_check_reports_drift_and_repairs_it(tmp_path: Path, sequential: dict[str, object], cli) -> None:
    """Hand-broken figures: ``check`` names each one and exits 1; ``--repair`` restores the figures."""
    db = str(tmp_path / "ledger.db")
    shutil.copy(str(sequential["db"]), db)
    before = figures_of(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE claims SET members = members + 1 WHERE id = 1")  # a lost or doubled update
        conn.execute("UPDATE claims SET independent_origins = 7 WHERE id = 2")
        conn.execute("UPDATE claims SET independent_origins = NULL WHERE id = 3")
        conn.execute("UPDATE claims SET vector_sum = (SELECT vector_sum FROM claims WHERE id = 5) WHERE id = 4")
        conn.execute("INSERT INTO claims (text, vector_sum, members, created_at) VALUES ('orphan', x'00', 1, 'now')")
    found = cli("check", "--db", db)
    assert found.exit_code == 1
    assert "drift from their rows (run with --repair to fix)" in found.stdout
    report = cli("check", "--db", db, "--json")
    assert report.exit_code == 1
    findings = {f["name"]: f for f in json.loads(report.stdout)["findings"]}
    assert "claim 1: stored " in " ".join(findings["claim member counts"]["examples"])
    assert findings["claim centroids"]["drift"] >= 1
    assert "claim 4: stored centroid differs" in " ".join(findings["claim centroids"]["examples"])
    origins = " ".join(findings["claim independent origins"]["examples"])
    assert "claim 2: stored 7, recomputed" in origins and "claim 3: stored null, recomputed" in origins
    assert findings["claims with members"]["drift"] == 1
    repaired = cli("check", "--db", db, "--repair")
    assert repaired.exit_code == 0, repaired.stdout
    assert_whole(db)
    assert figures_of(db) == before


def test_disk_full_then_recovery(tmp_path: Path, sequential: dict[str, object]) -> None:
    """The ledger on a filesystem too small for it: documents that do not fit fail one line each, the
    summary is printed, nothing is half-stored; after room is made, a re-run completes the ledger."""
    mount = tmp_path / "small"
    mount.mkdir()
    small = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=768k", "tmpfs", str(mount)], capture_output=True)
    assert small.returncode == 0, f"the disk-full test mounts a small tmpfs (as root): {small.stderr!r}"
    try:
        db = str(mount / "ledger.db")
        full = claimledger("ingest", str(EXAMPLES), "--db", db)
        assert full.returncode == 1, full.stdout + full.stderr
        assert "Traceback" not in full.stderr
        assert "database or disk is full" in full.stderr
        assert full.stdout.startswith("read 10, new ") and "failed " in full.stdout  # the summary, always
        stored = Ledger.open(db).count() if Path(db).exists() else 0
        assert 0 < stored < 10, full.stdout
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)
        rerun = claimledger("ingest", str(EXAMPLES), "--db", db)
        assert rerun.returncode == 0, rerun.stderr
        assert f"new {10 - stored} " in rerun.stdout
        assert_whole(db)
        assert claims_of(db) == sequential["claims"]
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_three_ingests_at_once_give_the_claims_of_a_sequential_run(
    ledger_url: str, tmp_path: Path, sequential: dict[str, object]
) -> None:
    """Three ingests of the same inputs into one ledger at once (SQLite and PostgreSQL): each document is
    stored once, each claim founded once, no member lost — the claims of one sequential run."""
    Ledger.open(ledger_url).close()
    command = [sys.executable, "-m", "claimledger.cli", "ingest", str(EXAMPLES), "--db", ledger_url]
    runs = [
        subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in runs]
    assert [code for code, _, _ in results] == [0, 0, 0], results
    assert Ledger.open(ledger_url).count() == sequential["articles"]
    assert claims_of(ledger_url) == sequential["claims"]
    assert figures_of(ledger_url) == sequential["figures"]
    assert_whole(ledger_url)
