"""Stored summaries: what a list page shows of a claim or an actor, kept on its row so that no list walks
provenance.

A claim's row keeps its independent origins, articles, outlets, first and last seen and whether its numbers
disagree; an actor's row how many attributions it stands behind and in how many claims. Linking an article
(:class:`~claimledger.ledger.writer.LedgerWriter`, the one way in for ingest, import and batch) refreshes the
claims it touched and the actors it names, in the same transaction as the links. ``claimledger check``
recomputes every one (:func:`claim_figures`, :func:`actor_figures`) and repairs drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.ledger.provenance import claim_report
from claimledger.ledger.schema import actors, attributions, claim_members, claims
from claimledger.records import Article

CLAIM_FIGURES = ("independent_origins", "articles", "outlets", "first_seen", "last_seen", "disagreement")
ACTOR_FIGURES = ("n_attributions", "n_claims")


@dataclass(frozen=True, slots=True)
class ClaimFigures:
    """What a claim's row keeps of its report."""

    independent_origins: int
    articles: int
    outlets: int
    first_seen: str | None
    last_seen: str | None
    disagreement: bool

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CLAIM_FIGURES}


def claim_figures(ledger: Any, claim_id: int, cache: dict[int, Article] | None = None) -> ClaimFigures | None:
    """A claim's figures recomputed from its members' full provenance (``None``: no such claim)."""
    report = claim_report(ledger, claim_id, cache)
    if report is None:
        return None
    return ClaimFigures(
        report.independent_origins,
        len(report.articles),
        len(report.outlets),
        report.first_seen,
        report.last_seen,
        report.disagreement,
    )


def refresh_claims(ledger: Any, claim_ids: Iterable[int], cache: dict[int, Article] | None = None) -> None:
    """Store the figures of these claims (inside the caller's transaction when there is one)."""
    cache = {} if cache is None else cache
    for claim_id in sorted(set(claim_ids)):
        figures = claim_figures(ledger, claim_id, cache)
        if figures is not None:
            with ledger.begin() as conn:
                conn.execute(claims.update().where(claims.c.id == claim_id).values(**figures.values()))


def actor_figures(conn: Connection, actor_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """Actor id → (attributions, claims), counted from the rows (``None``: every actor that has any)."""
    query = (
        sa.select(
            attributions.c.actor_id,
            sa.func.count().label("attributions"),  # claim_members: at most one row an attribution
            sa.func.count(sa.distinct(claim_members.c.claim_id)).label("claims"),
        )
        .outerjoin(claim_members, claim_members.c.attribution_id == attributions.c.id)
        .where(attributions.c.actor_id.is_not(None))
        .group_by(attributions.c.actor_id)
    )
    if actor_ids is not None:
        query = query.where(attributions.c.actor_id.in_(sorted(set(actor_ids))))
    return {int(r.actor_id): (int(r.attributions), int(r.claims)) for r in conn.execute(query)}


def refresh_actors(conn: Connection, actor_ids: Iterable[int]) -> None:
    """Store the counts of these actors (each read through the attributions' actor index)."""
    ids = sorted(set(actor_ids))
    if not ids:
        return
    counted = actor_figures(conn, ids)
    for actor_id in ids:
        n_attributions, n_claims = counted.get(actor_id, (0, 0))
        conn.execute(
            actors.update().where(actors.c.id == actor_id).values(n_attributions=n_attributions, n_claims=n_claims)
        )


def actors_of_article(conn: Connection, article_id: int) -> list[int]:
    """The actors an article's attributions name as speakers, and any not counted yet (new, only cited)."""
    uncounted = list(conn.scalars(sa.select(actors.c.id).where(actors.c.n_claims.is_(None))))  # the index's lead
    return uncounted + list(
        conn.scalars(
            sa.select(attributions.c.actor_id)
            .distinct()
            .where(attributions.c.article_id == article_id, attributions.c.actor_id.is_not(None))
        )
    )


def count_all_actors(conn: Connection) -> None:
    """Every actor's counts from the rows (migration 11, and a repair after actors merged)."""
    counted = actor_figures(conn)
    for actor_id in list(conn.scalars(sa.select(actors.c.id))):
        n_attributions, n_claims = counted.get(actor_id, (0, 0))
        conn.execute(
            actors.update().where(actors.c.id == actor_id).values(n_attributions=n_attributions, n_claims=n_claims)
        )
