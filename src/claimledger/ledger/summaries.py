"""Stored summaries: what a list page shows of a claim or an actor, kept on its row so that no list walks
provenance.

A claim's row keeps its independent origins, articles and outlets (those of the members that assert it, as its
origins are: :data:`~claimledger.ledger.provenance.ASSERTS_COSINE`), first and last seen and whether its numbers
disagree; an actor's row how many attributions it stands behind and in how many claims. Linking an article
(:class:`~claimledger.ledger.writer.LedgerWriter`, the one way in for ingest, import and batch) refreshes the
claims it touched and the actors it names, in the same transaction as the links. ``claimledger check``
recomputes every one (:func:`claim_figures`, :func:`actor_figures`) and repairs drift.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.ledger.provenance import claim_report, origins_named
from claimledger.ledger.schema import actors, attributions, chain_links, claim_members, claims
from claimledger.records import Article

CLAIM_FIGURES = (
    "independent_origins",
    "articles",
    "outlets",
    "first_seen",
    "last_seen",
    "disagreement",
    "origin_names",
)
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
    origin_names: str  # JSON: each origin's name, whether it is unverifiable, and why its mentions count once

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CLAIM_FIGURES}


def claim_figures(
    ledger: Any,
    claim_id: int,
    cache: dict[int, Article] | None = None,
    affiliations: Mapping[str, str] | None = None,
    roots: dict[int, int] | None = None,
) -> ClaimFigures | None:
    """A claim's figures recomputed from its members' full provenance (``None``: no such claim)."""
    report = claim_report(ledger, claim_id, cache, affiliations, roots)
    if report is None:
        return None
    return ClaimFigures(
        report.independent_origins,
        len(report.articles),
        len(report.outlets),
        report.first_seen,
        report.last_seen,
        report.disagreement,
        origin_names(report),
    )


def origin_names(report: Any) -> str:
    """A claim's origins as its row keeps them (JSON, in the report's order)."""
    return json.dumps(origins_named(report), ensure_ascii=False)


def refresh_claims(ledger: Any, claim_ids: Iterable[int], cache: dict[int, Article] | None = None) -> None:
    """Store the figures of these claims (inside the caller's transaction when there is one).

    What it reads is what the claims hold: each member article once for all of them (``cache``), and the
    affiliations of the names their members speak or cite through, in one query (:class:`Affiliations`) — not
    the whole actors table per claim — and each member article's original a ``copy_of`` level at a time for
    all of them (:meth:`Ledger.originals_of`), not one query a member a claim."""
    cache = {} if cache is None else cache
    ids = sorted(set(claim_ids))
    if not ids:
        return
    with ledger.connect() as reading:  # the affiliations are read on it as the claims ask for them
        affiliations = Affiliations.of_claims(reading, ids)
        roots: dict[int, int] = {}  # each member article's original, read once for all these claims
        for claim_id in ids:
            figures = claim_figures(ledger, claim_id, cache, affiliations, roots)
            if figures is not None:
                with ledger.begin() as conn:
                    conn.execute(claims.update().where(claims.c.id == claim_id).values(**figures.values()))


class Affiliations(Mapping[str, str]):
    """Person → the organisation the ledger has seen them speak for, as :meth:`Ledger.affiliations` has it, read
    for the names asked: those of some claims' members (speakers and chain links, one query), and any other
    name asked looked up alone (``actors.name`` is unique, so indexed) — the same answers as the whole table."""

    def __init__(self, conn: Connection, known: dict[str, str | None]) -> None:
        self._conn = conn
        self._known = known  # name → affiliation (None: none)

    @classmethod
    def of_claims(cls, conn: Connection, claim_ids: list[int]) -> Affiliations:
        members = sa.select(claim_members.c.attribution_id).where(claim_members.c.claim_id.in_(claim_ids))
        speakers = sa.select(attributions.c.actor).where(attributions.c.id.in_(members))
        cited = sa.select(chain_links.c.name).where(chain_links.c.attribution_id.in_(members))
        rows = conn.execute(
            sa.select(actors.c.name, actors.c.affiliation).where(
                sa.or_(actors.c.name.in_(speakers), actors.c.name.in_(cited))
            )
        )
        return cls(conn, {r.name: r.affiliation for r in rows})

    def __getitem__(self, name: str) -> str:
        if name not in self._known:
            self._known[name] = self._conn.scalar(sa.select(actors.c.affiliation).where(actors.c.name == name))
        value = self._known[name]
        if value is None:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:  # every affiliation: only for a caller that walks them all
        rows = self._conn.execute(sa.select(actors.c.name).where(actors.c.affiliation.is_not(None)))
        return iter([r.name for r in rows])

    def __len__(self) -> int:
        return sum(1 for _ in self)


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


def count_article_actors(conn: Connection, article_id: int) -> None:
    """Add a newly linked article to its speakers' stored counts: each counted actor gains this article's
    attributions, and the claims it now speaks in that no other article's attribution of it was in already (read
    through the touched claims' members, not the actor's every attribution). Actors not counted yet (new, only
    cited, or migrated) are counted from their rows, as :func:`refresh_actors` does."""
    uncounted = set(conn.scalars(sa.select(actors.c.id).where(actors.c.n_claims.is_(None))))  # the index's lead
    mine = attributions.alias("mine")
    spoken: dict[int, int] = dict(
        conn.execute(
            sa.select(mine.c.actor_id, sa.func.count())
            .where(mine.c.article_id == article_id, mine.c.actor_id.is_not(None))
            .group_by(mine.c.actor_id)
        ).all()
    )
    other = attributions.alias("other")
    m, m2 = claim_members.alias("m"), claim_members.alias("m2")
    seen_before = sa.exists(
        sa.select(1)
        .select_from(m2.join(other, other.c.id == m2.c.attribution_id))
        .where(m2.c.claim_id == m.c.claim_id, other.c.actor_id == mine.c.actor_id, other.c.article_id != article_id)
    )
    joined: dict[int, int] = dict(
        conn.execute(
            sa.select(mine.c.actor_id, sa.func.count(sa.distinct(m.c.claim_id)))
            .select_from(mine.join(m, m.c.attribution_id == mine.c.id))
            .where(mine.c.article_id == article_id, mine.c.actor_id.is_not(None), ~seen_before)
            .group_by(mine.c.actor_id)
        ).all()
    )
    for actor_id, n in spoken.items():
        if actor_id in uncounted:
            continue
        conn.execute(
            actors.update()
            .where(actors.c.id == actor_id)
            .values(n_attributions=actors.c.n_attributions + n, n_claims=actors.c.n_claims + joined.get(actor_id, 0))
        )
    refresh_actors(conn, uncounted)


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
