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
