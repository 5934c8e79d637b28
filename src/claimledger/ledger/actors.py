"""The ledger's actors: one record per real entity, with the forms articles named it by, and what it said.

Actors merge at store time (:func:`claimledger.ledger.rows.actor_id`); this module reads them: search over
names *and* aliases, and one actor's page — its type, aliases with counts, the articles it appears in,
what it asserted as the speaker and where it is cited upstream ("X, citing Y").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from claimledger.ledger.keyset import Cursor, Key, keyset_page
from claimledger.ledger.schema import actor_aliases, attributions, claim_members
from claimledger.ledger.schema import actors as actors_table
from claimledger.ledger.store import Ledger
from claimledger.ledger.totals import actor_total


@dataclass(frozen=True, slots=True)
class ActorForm:
    """A form an actor was named by ("Mr. Trump", "he"), in how many attributions and articles."""

    alias: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: int
    name: str
    type: str
    aliases: list[str]
    attributions: int
    claims: int


@dataclass(slots=True)
class ActorRecord:
    """One actor of the ledger, for its page."""

    id: int
    name: str
    type: str
    country: str | None
    affiliation: str | None
    forms: list[ActorForm] = field(default_factory=list)  # most mentions first
    attributions: int = 0  # as the speaker
    articles: list[int] = field(default_factory=list)  # where it speaks or is cited
    asserted_claims: int = 0
    cited: int = 0  # attributions whose chain names it

    @property
    def aliases(self) -> list[str]:
        return [f.alias for f in self.forms if f.alias != self.name]


def _matching(query: str | None) -> list[sa.ColumnElement[bool]]:
    """Actors whose name or any alias holds ``query`` (case-insensitive): "ISW" finds the Institute."""
    if not query:
        return []
    from claimledger.ledger.lists import contains  # no NUL: PostgreSQL refuses one even in a pattern

    like = contains(query)
    by_alias = sa.select(actor_aliases.c.actor_id).where(sa.func.lower(actor_aliases.c.alias).like(like, escape="\\"))
    return [
        sa.or_(
            sa.func.lower(actors_table.c.name).like(like, escape="\\"),
            sa.func.lower(actors_table.c.aliases).like(like, escape="\\"),
            actors_table.c.id.in_(by_alias),
        )
    ]


@dataclass(frozen=True, slots=True)
class ActorPage:
    """One page of the actors list, how many match, and the cursors of the pages beside it."""

    total: int
    actors: list[ActorSummary]
    page: int = 1
    next: Cursor | None = None
    previous: Cursor | None = None


# most claims first, then most attributions, then by name: over migration 11's index of the stored counts
ACTOR_KEYS = (
    Key(actors_table.c.n_claims, descending=True, nullable=True),
    Key(actors_table.c.n_attributions, descending=True, nullable=True),
    Key(actors_table.c.name),
)


def actor_page(
    ledger: Ledger, query: str | None = None, *, limit: int = 50, cursor: Cursor | str | None = None
) -> ActorPage:
    """A page of the actors that speak in the ledger, most claims first, name and aliases searched: a keyset
    range over the actors' stored counts (:mod:`claimledger.ledger.summaries`)."""
    if isinstance(cursor, str):
        cursor = Cursor.parse(cursor, ACTOR_KEYS)
    where = [*_matching(query), sa.func.coalesce(actors_table.c.n_attributions, 1) > 0]  # NULL: not counted yet
    shown = sa.select(
        actors_table.c.id, actors_table.c.name, actors_table.c.type, actors_table.c.aliases,
        actors_table.c.n_attributions, actors_table.c.n_claims,
    ).where(*where)  # fmt: skip
    with ledger.connect() as conn:
        total = None if query else actor_total(conn)  # kept by trigger (migration 13); a search counts
        if total is None:
            total = int(conn.scalar(sa.select(sa.func.count()).select_from(actors_table).where(*where)) or 0)
        found = keyset_page(conn, shown, ACTOR_KEYS, cursor, limit, lambda r: (r.n_claims, r.n_attributions, r.name))
    rows = [ActorSummary(r.id, r.name, r.type, json.loads(r.aliases), r.n_attributions or 0, r.n_claims or 0)
            for r in found.rows]  # fmt: skip
    return ActorPage(total, rows, found.page, found.next, found.previous)


def find_actors(
    ledger: Ledger, query: str | None = None, *, limit: int = 50, cursor: Cursor | str | None = None
) -> tuple[int, list[ActorSummary]]:
    """(how many actors match, the page of them): :func:`actor_page` without its cursors."""
    page = actor_page(ledger, query, limit=limit, cursor=cursor)
    return page.total, page.actors


def actor_record(ledger: Ledger, actor_id: int) -> ActorRecord | None:
    """The actor with id ``actor_id``, or ``None``."""
    with ledger.connect() as conn:
        row = conn.execute(sa.select(actors_table).where(actors_table.c.id == actor_id)).first()
        if row is None:
            return None
        record = ActorRecord(row.id, row.name, row.type, row.country, row.affiliation)
        forms = conn.execute(
            sa.select(actor_aliases.c.alias, actor_aliases.c.mentions, actor_aliases.c.articles)
            .where(actor_aliases.c.actor_id == actor_id)
            .order_by(actor_aliases.c.mentions.desc(), actor_aliases.c.alias)
        ).all()
        record.forms = [ActorForm(f.alias, f.mentions, f.articles) for f in forms]
        listed = {f.alias for f in record.forms}
        record.forms += [ActorForm(a, 0, 0) for a in json.loads(row.aliases) if a not in listed and a != row.name]
        spoken = attributions.c.actor_id == actor_id
        record.attributions = int(conn.scalar(sa.select(sa.func.count()).where(spoken)) or 0)
        record.asserted_claims = int(
            conn.scalar(
                sa.select(sa.func.count(sa.distinct(claim_members.c.claim_id)))
                .join(attributions, attributions.c.id == claim_members.c.attribution_id)
                .where(spoken)
            )
            or 0
        )
        from claimledger.ledger.provenance import cites

        citing = cites(ledger, row.name)
        record.cited = int(conn.scalar(sa.select(sa.func.count()).select_from(attributions).where(citing)) or 0)
        record.articles = list(
            conn.scalars(
                sa.select(attributions.c.article_id)
                .where(sa.or_(spoken, citing))
                .distinct()
                .order_by(attributions.c.article_id)
            )
        )
    return record
