"""``claimledger check``: recompute every stored figure, report drift, repair it with ``--repair``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from claimledger.cli import console, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger


@friendly
def check(
    db: DbOption = None,
    repair: Annotated[bool, typer.Option("--repair", help="Rewrite every drifting figure from the rows.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Recompute every figure the ledger stores (claim members, centroids and independent origins, linked
    articles) and the database's integrity; exit 1 when anything drifts (after ``--repair``: when
    anything could not be repaired)."""
    from claimledger.ledger.check import check as run_check
    from claimledger.ledger.check import drift

    ledger, settings = open_ledger(db)
    findings = run_check(ledger, repair=repair, settings=settings)
    left = drift(findings) if repair else sum(f.drift for f in findings)
    if as_json:
        typer.echo(json.dumps({"findings": [f.to_dict() for f in findings], "drift": left}, indent=2))
    else:
        table = Table("stored figure", "checked", "drift", "repaired", "examples", title=f"check {settings.where}")
        for f in findings:
            table.add_row(
                f.name, str(f.checked), str(f.drift), str(f.repaired) if repair else "—", "\n".join(f.examples) or "—"
            )
        console.print(table)
        console.print(
            "no drift: every stored figure matches its rows"
            if left == 0
            else f"{left} stored figures drift from their rows" + ("" if repair else " (run with --repair to fix)"),
            soft_wrap=True,
        )
    if left:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(check)
