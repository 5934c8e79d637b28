"""``claimledger review CLAIM_ID``: an analyst's review status and notes on a claim, and who changed what when."""

from __future__ import annotations

import getpass
import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from claimledger.cli import console, fail, friendly
from claimledger.cli.common import DbOption, JsonOption, open_ledger
from claimledger.cli.terminal import printable

if TYPE_CHECKING:
    from claimledger.ledger.reviews import Review

STATUS_HELP = "Set the status: unreviewed, checking, supported, refuted or unverifiable."


def _default_reviewer() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return None


def print_review(review: Review) -> None:
    who = f" — set by {review.by} on {review.at}" if review.by and review.at else ""
    console.print(Text(printable(f"claim #{review.claim_id}: {review.status}{who}"), style="bold"), soft_wrap=True)
    if not review.log:
        console.print("no review yet")
        return
    table = Table("when", "who", "status", "note", title=f"review log ({len(review.log)})")
    for e in review.log:
        cells = (e.at, e.reviewer, e.status or "—", e.note or "")
        table.add_row(*(Text(printable(c, newlines=True)) for c in cells))
    console.print(table)


@friendly
def review(
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claimledger claims`).")],
    status: Annotated[str | None, typer.Option("--status", "-s", help=STATUS_HELP)] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Add a note (kept as written).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who reviews (default: your user name).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A claim's review: set its status and/or add a note (--status, --note, --by), or show its log."""
    from claimledger.ledger.reviews import add_review, review_of

    ledger, settings = open_ledger(db)
    if status is not None or note is not None:
        reviewer = by if by is not None else _default_reviewer()
        if reviewer is None:
            raise fail("say who reviews: --by NAME", 2)
        add_review(ledger, claim_id, status=status, note=note, reviewer=reviewer, note_limit=settings.review_note_chars)
    elif by is not None:
        raise fail("--by names who sets a --status or adds a --note", 2)
    current = review_of(ledger, claim_id)
    if as_json:
        typer.echo(json.dumps({"claim_id": claim_id, **current.to_dict()}, ensure_ascii=False, indent=2))
        return
    print_review(current)


def register(app: typer.Typer) -> None:
    app.command()(review)
