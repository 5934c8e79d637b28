"""The lists' totals, kept instead of counted (migration 13).

A list page says how many rows match in all. Counting them is a scan that grows with the ledger, so the
unfiltered totals are stored and kept by triggers in the transaction that changes the rows, on SQLite and
PostgreSQL alike, whoever writes (ingest, import, batch, a repair, a deletion, a hand edit):

- the article list's total: ``ledger_totals`` row ``articles``;
- the actor list's total: row ``actors`` (the actors the list shows: those with attributions, or not counted yet);
- the claim list's total and its ``min_origins`` totals: ``claim_origin_counts``, how many claims have each
  number of independent origins (one row a distinct number, a few dozen at most), summed from ``min_origins`` up;
- an actor page's "asserted" total: the actor's stored ``n_claims`` (:mod:`claimledger.ledger.summaries`).

These totals are exact, not estimates. A total under any other filter (words, an outlet, dates, an actor's
name, "cited upstream") is counted over the matching rows: exact too, and costing what the matches cost.
``claimledger check`` recounts the stored totals (:func:`recount`) and ``--repair`` rewrites them.

>>> from claimledger.ledger.store import Ledger
>>> ledger = Ledger.open(":memory:")
>>> with ledger.connect() as conn:
...     stored(conn) == recount(conn) == Totals(0, 0, {})
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.ledger.schema import (
    ACTORS_TOTAL,
    ARTICLES_TOTAL,
    actors,
    articles,
    claim_origin_counts,
    claims,
    ledger_totals,
)


@dataclass(frozen=True, slots=True)
class Totals:
    """The stored totals: articles, listed actors, and claims by their number of independent origins."""

    articles: int
    actors: int
    origins: dict[int, int] = field(default_factory=dict)  # independent origins (NULL as 0) -> claims

    def describe(self) -> dict[str, int]:
        """Each total by name, the claims by origins as ``claims with N origins``."""
        named = {"articles": self.articles, "actors": self.actors}
        return named | {f"claims with {n} origins": c for n, c in sorted(self.origins.items())}


def recount(conn: Connection) -> Totals:
    """The totals counted from the rows (what :func:`stored` should hold)."""
    n_articles = int(conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0)
    listed = sa.func.coalesce(actors.c.n_attributions, 1) > 0
    n_actors = int(conn.scalar(sa.select(sa.func.count()).select_from(actors).where(listed)) or 0)
    origins = sa.func.coalesce(claims.c.independent_origins, 0)
    by_origins = conn.execute(sa.select(origins, sa.func.count()).group_by(origins)).all()
    return Totals(n_articles, n_actors, {int(n): int(c) for n, c in by_origins})


def stored(conn: Connection) -> Totals | None:
    """The totals as stored, or ``None`` where a ledger has none (its rows gone: ``check --repair`` writes them)."""
    values = {r.name: r.value for r in conn.execute(sa.select(ledger_totals.c.name, ledger_totals.c.value))}
    if ARTICLES_TOTAL not in values or ACTORS_TOTAL not in values:
        return None
    rows = conn.execute(sa.select(claim_origin_counts.c.origins, claim_origin_counts.c.claims)).all()
    origins = {int(n): int(c) for n, c in rows if c}  # a number no claim has any more keeps a row of 0
    return Totals(int(values[ARTICLES_TOTAL]), int(values[ACTORS_TOTAL]), origins)


def write_totals(conn: Connection, totals: Totals) -> None:
    """Store ``totals`` (the migration's backfill, a repair), replacing what was stored."""
    conn.execute(ledger_totals.delete())
    conn.execute(claim_origin_counts.delete())
    conn.execute(ledger_totals.insert(), [{"name": ARTICLES_TOTAL, "value": totals.articles},
                                          {"name": ACTORS_TOTAL, "value": totals.actors}])  # fmt: skip
    if totals.origins:
        conn.execute(claim_origin_counts.insert(), [{"origins": n, "claims": c} for n, c in totals.origins.items()])


def article_total(conn: Connection) -> int | None:
    """How many articles the ledger holds, as stored; ``None`` when not stored."""
    value = conn.scalar(sa.select(ledger_totals.c.value).where(ledger_totals.c.name == ARTICLES_TOTAL))
    return None if value is None else int(value)


def actor_total(conn: Connection) -> int | None:
    """How many actors the actor list shows, as stored; ``None`` when not stored."""
    value = conn.scalar(sa.select(ledger_totals.c.value).where(ledger_totals.c.name == ACTORS_TOTAL))
    return None if value is None else int(value)


def claim_total(conn: Connection, min_origins: int = 0) -> int | None:
    """How many claims have at least ``min_origins`` independent origins, as stored; ``None`` when not stored."""
    if conn.scalar(sa.select(ledger_totals.c.value).where(ledger_totals.c.name == ARTICLES_TOTAL)) is None:
        return None  # the totals were never written (or were dropped): the caller counts
    picked = sa.select(sa.func.coalesce(sa.func.sum(claim_origin_counts.c.claims), 0))
    if min_origins > 0:
        picked = picked.where(claim_origin_counts.c.origins >= min_origins)
    return int(conn.scalar(picked) or 0)


def stored_claim_total(
    conn: Connection,
    *,
    query: str | None = None,
    min_origins: int = 0,
    actor: str | None = None,
    speaker: int | None = None,
    cited: str | None = None,
) -> int | None:
    """The claim list's total under these filters where a stored figure gives it (none, ``min_origins`` alone:
    :func:`claim_total`; ``speaker`` alone: the actor's ``n_claims``); ``None`` where it must be counted."""
    if query or actor or cited:
        return None
    if speaker is None:
        return claim_total(conn, min_origins)
    if min_origins > 0:
        return None
    value = conn.scalar(sa.select(actors.c.n_claims).where(actors.c.id == speaker))
    return None if value is None else int(value)
