"""``claimledger claims``, ``trace CLAIM_ID``, ``timeline CLAIM_ID``: the ledger across articles."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from claimledger.cli import console, fail, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable
from claimledger.records import format_number

if TYPE_CHECKING:
    from claimledger.ledger.keyset import Cursor
    from claimledger.ledger.provenance import ClaimReport

PAGE = 50  # rows a page of a list unless --limit says otherwise
MAX_LIMIT = 1000
ClaimId = Annotated[int, typer.Argument(help="Claim id (see `claimledger claims`).")]


def _report(db: str | None, claim_id: int) -> ClaimReport:
    from claimledger.ledger.provenance import claim_report

    ledger, _ = open_ledger(db)
    report = claim_report(ledger, claim_id)
    if report is None:
        raise fail(f"no claim with id {claim_id} in the ledger")
    return report


def _variants(report: ClaimReport) -> str:
    parts = [f"{unit}: {' / '.join(format_number(v) for v in values)}"
             for unit, values in report.numeric_variants.items()]  # fmt: skip
    return "; ".join(parts)


@friendly
def claims(
    query: Annotated[str | None, typer.Option(help="Only claims with these words (full-text search).")] = None,
    min_origins: Annotated[int, typer.Option(min=0, help="Only claims with at least this many origins.")] = 0,
    sort: Annotated[str, typer.Option(help="origins, articles or recent (most first).")] = "origins",
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="Claims a page.")] = PAGE,
    cursor: Annotated[str | None, typer.Option(help="Where the page starts (printed under the last page).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List claims, a page at a time, with their articles, outlets, independent origins and numeric disagreements."""
    from claimledger.ledger.keyset import CursorError
    from claimledger.ledger.provenance import CLAIM_SORTS, claim_summaries, named_origins

    if sort not in CLAIM_SORTS:
        raise fail(f"--sort must be one of {', '.join(CLAIM_SORTS)}, not {sort!r}")
    ledger, _ = open_ledger(db)
    try:
        found = claim_summaries(ledger, query=query, min_origins=min_origins, sort=sort, limit=limit, cursor=cursor)
    except CursorError as exc:
        raise fail(str(exc)) from None
    named = named_origins(ledger, [c.id for c in found.claims])
    if as_json:
        rows = [asdict(c) | {"origins": named.get(c.id, [])} for c in found.claims]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        title = f"{found.total} claims" + (f" · page {found.page}" if found.total > limit else "")
        table = Table("id", "claim", "articles", "outlets", "origins", "numbers", title=title)
        for c in found.claims:
            origins = _figure(c.independent_origins)
            if named.get(c.id):
                origins += ": " + "; ".join(
                    o["name"] + (" (unverifiable)" if o["unverifiable"] else "") for o in named[c.id]
                )
            cells = (str(c.id), c.text, str(c.articles), _figure(c.outlets), origins,
                     "⚠ disagree" if c.disagreement else "")  # fmt: skip
            table.add_row(*(Text(printable(cell)) for cell in cells))
        console.print(table)
    pages_beside(found.next, found.previous)


def _figure(value: int | None) -> str:
    return "—" if value is None else str(value)


def pages_beside(following: Cursor | None, preceding: Cursor | None) -> None:
    """Where the pages beside this one start (on standard error, so that ``--json`` output stays one list)."""
    for label, cursor in (("next", following), ("previous", preceding)):
        if cursor is not None:
            typer.echo(f"{label} page: --cursor {cursor.token()}", err=True)


@friendly
def trace(claim_id: ClaimId, db: DbOption = None, as_json: JsonOption = False) -> None:
    """The provenance of a claim as a tree: origin → publisher → article → who said it, citing whom."""
    report = _report(db, claim_id)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    root = Tree(Text(printable(f"claim #{report.id}: {report.text}"), style="bold"))
    summary = f"{report.independent_origins} independent origins · {len(report.articles)} articles"
    summary += f" · {len(report.outlets)} outlets · first seen {report.first_seen or '?'}"
    root.add(Text(printable(summary), style="dim"))
    if report.numeric_variants:
        disagree = " — sources disagree" if report.disagreement else ""
        root.add(Text(printable(f"numbers: {_variants(report)}{disagree}")))
    for origin in report.origins:
        flag = " (unverifiable)" if origin.unverifiable else ""
        branch = root.add(Text(printable(f"origin: {origin.name}{flag}"), style="green"))
        if origin.why:
            branch.add(Text(printable(f"why one origin: {origin.why}"), style="dim"))
        for m in (m for m in report.members if m.attribution_id in origin.members):
            copy = f", copy of #{m.original_id}" if m.original_id != m.article_id else ""
            via = f" citing {' → '.join(m.chain)}" if m.chain else ""
            line = f"article #{m.article_id} ({m.publisher}{copy}, {m.published or 'undated'}): "
            line += f"{m.actor or m.source or 'the publisher'}{via} — {m.kind}"
            leaf = branch.add(Text(printable(line)))
            leaf.add(Text(printable(f"“{m.content}”"), style="italic"))
            details = [", ".join(m.hedges)] if m.hedges else []
            details += [m.verification] if m.verification else []
            if details:
                leaf.add(Text(printable("; ".join(details)), style="dim"))
    if report.disputes:  # a denial and what it denies: two claims, linked
        branch = root.add(
            Text(
                printable(f"disputes: {len(report.disputes)} claim{'' if len(report.disputes) == 1 else 's'}"),
                style="red",
            )
        )
        for d in report.disputes:
            branch.add(
                Text(
                    printable(
                        f"claim #{d['claim_id']}: {d['text']} ({d['members']} report{'' if d['members'] == 1 else 's'})"
                    )
                )
            )
    loose = [m for m in report.members if not m.counted]
    if loose:  # joined on the claim's topic, not close enough to its founding content to assert it
        heading = f"on the topic, not counted: {len(loose)} mention{'' if len(loose) == 1 else 's'}"
        branch = root.add(Text(printable(heading), style="dim"))
        for m in loose:
            line = f"article #{m.article_id} ({m.publisher}): {m.actor or m.source or 'the publisher'} — {m.kind}"
            leaf = branch.add(Text(printable(line)))
            leaf.add(Text(printable(f"“{m.content}”"), style="italic"))
            leaf.add(Text(printable(m.why), style="dim"))
    console.print(root)


@friendly
def timeline(claim_id: ClaimId, db: DbOption = None, as_json: JsonOption = False) -> None:
    """When a claim was reported, by whom, with which numbers — first seen first."""
    from claimledger.ledger.provenance import timeline as report_timeline

    report = _report(db, claim_id)
    rows = report_timeline(report)
    if as_json:
        payload = [
            {"published": m.published, "article_id": m.article_id, "publisher": m.publisher, "actor": m.actor,
             "origin": m.origin, "quantities": m.quantities, "content": m.content}
            for m in rows
        ]  # fmt: skip
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table("published", "article", "publisher", "source", "numbers", "content", title=f"claim #{report.id}")
    for m in rows:
        numbers = ", ".join(q["text"] for q in m.quantities)
        cells = (m.published or "—", f"#{m.article_id}", m.publisher, m.actor or "—", numbers, m.content)
        table.add_row(*(Text(printable(c)) for c in cells))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(claims)
    app.command()(trace)
    app.command()(timeline)
