"""``claimledger actors [QUERY]``: who the ledger's sources are; ``--id N``: one actor, its aliases and claims."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from claimledger.cli import console, fail, friendly
from claimledger.cli.claims import pages_beside
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable


@friendly
def actors(
    query: Annotated[
        str | None, typer.Argument(help='Words of a name or any alias ("ISW" finds the Institute).')
    ] = None,
    actor_id: Annotated[int | None, typer.Option("--id", help="Show one actor: aliases, articles, claims.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many actors to list.")] = 50,
    cursor: Annotated[str | None, typer.Option(help="Where the page starts (printed under the last page).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the ledger's actors, most claims first, searching names and aliases; or show one with ``--id``."""
    from claimledger.ledger.actors import actor_page, actor_record
    from claimledger.ledger.keyset import CursorError
    from claimledger.ledger.provenance import claim_summaries
    from claimledger.ledger.store import MAX_ID

    ledger, _ = open_ledger(db)
    if actor_id is not None:
        record = actor_record(ledger, actor_id) if 1 <= actor_id <= MAX_ID else None
        if record is None:
            raise fail(f"no actor with id {actor_id} in the ledger")
        asserted = claim_summaries(ledger, speaker=actor_id, limit=limit)
        cited = claim_summaries(ledger, cited=record.name, limit=limit)
        if as_json:
            payload = {
                **{k: v for k, v in asdict(record).items() if k != "forms"},
                "aliases": [asdict(f) for f in record.forms if f.alias != record.name],
                "asserted": [asdict(c) for c in asserted.claims],
                "cited_in": [asdict(c) for c in cited.claims],
            }
            typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        console.print(
            f"actor #{record.id} {printable(record.name)} · {record.type}"
            + (f" · speaks for {printable(record.affiliation)}" if record.affiliation else "")
            + f" · {record.attributions} attribution{'s' * (record.attributions != 1)}"
            + f" in {len(record.articles)} article{'s' * (len(record.articles) != 1)}"
        )
        forms = Table("named as", "mentions", "articles", title="aliases")
        for f in record.forms:
            forms.add_row(printable(f.alias), str(f.mentions), str(f.articles))
        console.print(forms)
        for title, listing in (("asserted (as the speaker)", asserted), ("cited upstream", cited)):
            table = Table("id", "claim", "origins", "articles", title=f"{title}: {listing.total}")
            for c in listing.claims:
                table.add_row(str(c.id), printable(c.text), str(c.independent_origins or "—"), str(c.articles))
            console.print(table)
        return
    try:
        found = actor_page(ledger, query, limit=limit, cursor=cursor)
    except CursorError as exc:
        raise fail(str(exc)) from None
    if as_json:
        payload = {"total": found.total, "page": found.page, "actors": [asdict(r) for r in found.actors]}
        typer.echo(json.dumps(payload, indent=2))
    else:
        title = f"{found.total} actors" + (f" · page {found.page}" if found.total > limit else "")
        table = Table("id", "actor", "type", "attributions", "claims", "aliases", title=title)
        for r in found.actors:
            aliases = ", ".join(r.aliases[:4]) + (" …" if len(r.aliases) > 4 else "")
            table.add_row(str(r.id), printable(r.name), r.type, str(r.attributions), str(r.claims), printable(aliases))
        console.print(table)
    pages_beside(found.next, found.previous)


def register(app: typer.Typer) -> None:
    app.command()(actors)
