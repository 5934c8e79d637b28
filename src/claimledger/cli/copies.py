"""``claimledger copies ID``: what an article copies, and what copies it."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from claimledger.cli import console, fail, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable


@friendly
def copies(
    article_id: Annotated[int, typer.Argument(help="Article id (see `claimledger articles`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the original an article copies and the other copies of that original, with similarities."""
    ledger, _ = open_ledger(db)
    if ledger.get(article_id) is None:
        raise fail(f"no article with id {article_id} in the ledger")
    original, others = ledger.copies(article_id)
    summaries = {s.id: s for s in ledger.articles()}
    if as_json:
        payload = {
            "id": article_id,
            "copy_of": {"id": original.article_id, "similarity": original.similarity} if original else None,
            "copies": [{"id": c.article_id, "similarity": c.similarity} for c in others],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    this = summaries[article_id]
    if original:
        o = summaries[original.article_id]
        console.print(
            f"#{article_id} is a copy of #{o.id} “{printable(o.title or o.origin)}”"
            f" (similarity {original.similarity:.2f})"
        )
    else:
        console.print(f"#{article_id} “{printable(this.title or this.origin)}” is an original")
    table = Table("id", "similarity", "title", "origin", title=f"{len(others)} other copies of the original")
    for c in others:
        s = summaries[c.article_id]
        table.add_row(str(s.id), f"{c.similarity:.2f}", printable(s.title or "—"), printable(s.origin))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(copies)
