"""``claimledger articles``: list the stored articles, a page at a time."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from claimledger.cli import console, fail, friendly
from claimledger.cli.claims import MAX_LIMIT, PAGE, pages_beside
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable
from claimledger.records import to_dict


@friendly
def articles(
    query: Annotated[str | None, typer.Option(help="Only articles with these words in the title or body.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="Articles a page.")] = PAGE,
    cursor: Annotated[str | None, typer.Option(help="Where the page starts (printed under the last page).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the articles in the ledger, oldest first."""
    from claimledger.ledger.keyset import CursorError
    from claimledger.ledger.lists import article_page

    ledger, _ = open_ledger(db)
    try:
        page = article_page(ledger, query=query, limit=limit, cursor=cursor)
    except CursorError as exc:
        raise fail(str(exc)) from None
    rows = page.articles
    if as_json:
        typer.echo(json.dumps([to_dict(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        title = f"{page.total} articles" + (f" · page {page.page}" if page.total > limit else "")
        table = Table("id", "title", "author", "published", "attributions", "origin", title=title)
        for r in rows:
            cells = (str(r.id), r.title or "—", r.author or "—", r.published or "—", str(r.attributions), r.origin)
            table.add_row(*(printable(c) for c in cells))
        console.print(table)
    pages_beside(page.next, page.previous)


def register(app: typer.Typer) -> None:
    app.command()(articles)
