"""``claimledger ingest PATH...``: read, analyse and store articles."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from claimledger.cli import err_console, friendly
from claimledger.cli.common import DbOption, open_ledger, print_summary

if TYPE_CHECKING:
    from claimledger.ingest import IngestProgress


class _TimeLeft(TimeRemainingColumn):
    """The time left, labelled; not guessed before a document is analysed (reading and skipping are no guide), and
    nothing while the total is unknown (standard input, URLs, feeds, archives)."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text("")
        text = Text("-:--:--", style="progress.remaining") if task.fields.get("guessing") else super().render(task)
        return text.append(" left ·")


def _stages(p: IngestProgress) -> str:
    copies = f" ({p.copies} {'copy' if p.copies == 1 else 'copies'})" if p.copies else ""
    duplicates = f" · duplicates {p.duplicates}" if p.duplicates else ""
    return f"read {p.read} · analysed {p.analysed} · stored {p.stored}{copies}{duplicates} · failed {p.failed}"


def _progress() -> Progress:
    """A bar on standard error: the percentage, documents done of the total, time elapsed and left, and each
    stage's count, cleared when done; only on a terminal."""
    return Progress(
        SpinnerColumn(),
        BarColumn(bar_width=30),
        TaskProgressColumn(),
        TextColumn("{task.fields[documents]} documents ·"),
        TimeElapsedColumn(),
        TextColumn("elapsed ·"),
        _TimeLeft(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
        speed_estimate_period=120,  # documents take seconds each: average time left over the last two minutes
    )


@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for standard input.")],
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analysing in parallel (default: 1; try the number of cores).")
    ] = 1,
    metadata: Annotated[
        Path | None,
        typer.Option(
            help="A CSV, TSV or JSON Lines file with a row per input file: filename (or path, stem) and any of "
            "publisher, url, date, title, author."
        ),
    ] = None,
) -> None:
    """Read, analyse and store articles (text, HTML or JSON Lines) in the ledger; re-runs skip what is stored."""
    from claimledger.ingest import ingest as ingest_paths
    from claimledger.read.metadata import load_metadata
    from claimledger.settings import Settings

    table = None if metadata is None else load_metadata(metadata, Settings.from_env())
    ledger, settings = open_ledger(db)
    workers = min(workers, os.cpu_count() or 1)
    started = time.monotonic()
    if not err_console.is_terminal:  # piped or redirected: no bar at all (Rich would still end it with a blank line)
        summary = ingest_paths(paths, ledger, settings=settings, workers=workers, metadata=table)
        print_summary(summary, settings.where, started)
        return
    with _progress() as progress:
        task = progress.add_task("counting the inputs", total=None, documents="0", guessing=True)

        def show(p: IngestProgress) -> None:
            documents = f"{p.done}/{p.total if p.total is not None else '?'}"
            progress.update(task, total=p.total, completed=p.position, description=_stages(p), documents=documents,
                            guessing=not p.analysed)  # fmt: skip

        summary = ingest_paths(paths, ledger, settings=settings, workers=workers, on_progress=show, metadata=table)
    print_summary(summary, settings.where, started)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
