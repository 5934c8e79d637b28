"""Shared fixtures: the data beside the repository (../shared), the examples, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
SEED = SHARED / "seed" / "000_c3fa321088b797c0.txt"
EXAMPLES = REPO / "examples"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: run the tests with ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(seed_text: str):
    import claimledger

    return claimledger.analyze(seed_text, published="2024-10-17")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cli(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``claimledger ARGS`` in-process against a ledger in tmp_path; returns the Click result."""
    from claimledger.cli import app, register

    register()
    monkeypatch.setenv("CLAIMLEDGER_DB", str(tmp_path / "ledger.db"))

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, list(args), input=input)

    return run


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, empty ledger on each backend: a SQLite file, and a new database on the test PostgreSQL server
    (``make test`` starts one with scripts/with-postgres.sh and sets CLAIMLEDGER_TEST_POSTGRES)."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    import os
    import uuid

    import sqlalchemy as sa

    server = os.environ.get("CLAIMLEDGER_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server: run the suite with `make test` (scripts/with-postgres.sh starts one)")
    name = f"ledger_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()
