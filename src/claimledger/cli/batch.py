"""``claimledger batch`` (the pipeline on Ray) and ``claimledger import-parquet`` (its output into a ledger)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimledger.cli import console, fail, friendly
from claimledger.cli.common import DbOption, open_ledger, print_summary
from claimledger.cli.terminal import printable
from claimledger.settings import Settings, redact


@friendly
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (WARC/JSONL shards, articles) or URLs.")],
    out: Annotated[
        str, typer.Option("--out", help="A folder for Parquet output, or a ledger (postgresql://… or .db).")
    ],
    engine: Annotated[str, typer.Option(help="The engine: ray.")] = "ray",
    address: Annotated[
        str | None, typer.Option(help="Join a Ray cluster (auto, or ray://HOST:PORT); default: start a local Ray.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Analysis workers (Ray actors).")] = 2,
) -> None:
    """Run the ingest pipeline on Ray Data: read and analyse in parallel, write Parquet or a ledger."""
    if engine != "ray":
        raise fail(f"unknown engine {engine!r}: the batch engine is ray", code=2)
    from claimledger.batch import run_batch

    summary = run_batch(inputs, out, address=address, workers=workers, settings=Settings.from_env())
    if summary.ingest is not None:
        print_summary(summary.ingest, redact(out))
    else:
        console.print(f"{summary.documents} documents analysed ({summary.failed} failed) → {printable(out)} (Parquet); "
                      f"load with: claimledger import-parquet {printable(out)}")  # fmt: skip
    if summary.failed:
        raise typer.Exit(1)


@friendly
def import_parquet(
    folder: Annotated[Path, typer.Argument(help="A folder written by `claimledger batch --out DIR`.")],
    db: DbOption = None,
) -> None:
    """Load the batch engine's Parquet output into the ledger (copies and claims linked as on ingest)."""
    from claimledger.batch import import_parquet as load

    ledger, settings = open_ledger(db)
    print_summary(load(ledger, folder, settings), settings.where)


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command("import-parquet")(import_parquet)
