"""``claimledger show ID``: one stored article, boilerplate dimmed, with its metadata."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from claimledger.cli import console, fail, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.render import print_article
from claimledger.cli.terminal import printable
from claimledger.records import to_dict


@friendly
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (see `claimledger articles`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: its text with boilerplate dimmed, metadata and attributions."""
    ledger, _ = open_ledger(db)
    stored = ledger.get(article_id)
    if stored is None:
        raise fail(f"no article with id {article_id} in the ledger")
    if as_json:
        record = to_dict(stored.article)
        record["metadata"]["title"] = stored.title  # the headline, for a plain text its first line (clean.headline)
        payload = {"id": stored.id, "document": stored.document, **record}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    origin = printable(stored.document["origin"])
    console.print(f"#{stored.id} {origin}  sha256 {stored.document['sha256'][:12]}…", style="bold")
    print_article(stored.article, show_text=True)


def register(app: typer.Typer) -> None:
    app.command()(show)
