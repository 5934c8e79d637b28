"""``claimledger ingest PATH...``: read, analyse and store articles."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimledger.cli import console, err_console, friendly
from claimledger.cli.common import DbOption, open_ledger
from claimledger.ingest import ingest as ingest_paths


@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for standard input.")],
    db: DbOption = None,
) -> None:
    """Read, analyse and store articles (text, HTML or JSON Lines) in the ledger."""
    ledger, settings = open_ledger(db)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)
        summary = ingest_paths(paths, ledger, settings=settings, on_progress=lambda _: progress.advance(task))
    for failure in summary.failed:
        err_console.print(f"[red]failed[/] {failure.origin}: {failure.message}", soft_wrap=True)
    console.print(
        f"read {summary.read}, new {summary.new} ({summary.copies} copies), duplicates {summary.duplicates},"
        f" failed {len(summary.failed)}"
        f" → {settings.db_path}",
        soft_wrap=True,
    )
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
