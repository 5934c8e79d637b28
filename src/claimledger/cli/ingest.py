"""``claimledger ingest PATH...``: read, analyse and store articles."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimledger.cli import err_console, friendly
from claimledger.cli.common import DbOption, open_ledger, print_summary

if TYPE_CHECKING:
    from claimledger.ledger.writer import IngestSummary


@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for standard input.")],
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analysing in parallel (default: 1; try the number of cores).")
    ] = 1,
) -> None:
    """Read, analyse and store articles (text, HTML or JSON Lines) in the ledger; re-runs skip what is stored."""
    from claimledger.ingest import ingest as ingest_paths

    ledger, settings = open_ledger(db)
    workers = min(workers, os.cpu_count() or 1)
    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)

        def show(s: IngestSummary) -> None:
            done = s.new + s.duplicates + len(s.failed)
            rate = done / max(time.monotonic() - started, 1e-6)
            progress.update(
                task,
                completed=done,
                description=(
                    f"{done} documents · {rate:.1f}/s · {s.new} new · {s.copies} copies · {len(s.failed)} failed"
                ),
            )

        summary = ingest_paths(paths, ledger, settings=settings, workers=workers, on_progress=show)
    print_summary(summary, settings.where, started)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
