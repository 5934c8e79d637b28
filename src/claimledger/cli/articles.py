"""``claimledger articles``: list the stored articles."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from claimledger.cli import console, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable
from claimledger.records import to_dict


@friendly
def articles(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the articles in the ledger."""
    ledger, _ = open_ledger(db)
    rows = ledger.articles()
    if as_json:
        typer.echo(json.dumps([to_dict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = Table("id", "title", "author", "published", "attributions", "origin", title=f"{len(rows)} articles")
    for r in rows:
        cells = (str(r.id), r.title or "—", r.author or "—", r.published or "—", str(r.attributions), r.origin)
        table.add_row(*(printable(c) for c in cells))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(articles)
