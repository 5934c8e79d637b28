"""Options shared by several commands, declared once."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer

from claimledger.settings import Settings

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger
    from claimledger.ledger.writer import IngestSummary

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger: a SQLite file or a postgresql:// URL. Default: CLAIMLEDGER_DB or the per-user data folder.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def open_ledger(db: str | None) -> tuple[Ledger, Settings]:
    from claimledger.ledger.store import Ledger  # SQLAlchemy: only for a command that opens the ledger

    settings = Settings.from_env(db=db)
    return Ledger.open(settings.ledger), settings


def print_summary(summary: IngestSummary, where: str, started: float | None = None) -> None:
    """What a run stored, the same line for ingest, import, import-parquet and batch; exit 1 on failures."""
    from claimledger.cli import console, print_failure
    from claimledger.cli.terminal import printable

    for failure in summary.failed:
        print_failure(failure.origin, failure.message, failure.stage)
    took = f" in {time.monotonic() - started:.1f} s" if started is not None else ""
    repaired = f", repaired {summary.repaired}" if summary.repaired else ""
    languages = ", ".join(f"{name} {n}" for name, n in sorted(summary.not_analysed.items()))
    unread = f", not analysed {sum(summary.not_analysed.values())} ({languages})" if summary.not_analysed else ""
    console.print(
        f"read {summary.read}, new {summary.new} ({summary.copies} copies){unread}, duplicates {summary.duplicates},"
        f" failed {len(summary.failed)}{repaired}{took} → {printable(where)}",
        soft_wrap=True,
    )
    if summary.failed:
        raise typer.Exit(1)
