"""Provenance of a claim: who stands behind it, through whom, and how many independent origins that is.

For each member attribution the graph is article → copy_of → original → attribution → actor → chain
("citing …") → upstream actor. A member's *origin* is its terminal source:

* a republished copy counts as its original (same publisher, same origin);
* "X, citing Y" ends at Y; an outlet cited for the claim ("The Post reported …") ends wherever that
  outlet's own report of the claim ends, when the ledger holds it — two outlets citing one report are
  one origin;
* anonymous and unspecified sources ("officials", "reports") stay separate per publisher — one
  outlet's anonymous officials cannot be matched with another's — and are flagged unverifiable;
* the article's own voice ends at its publisher.

Independent origins = the number of distinct origins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import sqlalchemy as sa

from claimledger.attribute.registry import publisher_key, same_publisher
from claimledger.ledger.schema import articles as articles_table
from claimledger.ledger.schema import attributions, claim_members, claims
from claimledger.ledger.store import Ledger, search_words, valid_id
from claimledger.records import Article, Attribution

UNVERIFIABLE_TYPES = frozenset({"anonymous", "unspecified"})
HOST_PREFIXES = frozenset({"www", "m", "amp", "news", "edition", "mobile"})


@dataclass(slots=True)
class Member:
    attribution_id: int
    article_id: int
    original_id: int  # the article itself, or the original it copies
    publisher: str
    published: str | None
    kind: str
    source: str | None
    actor: str | None
    actor_type: str | None
    chain: list[str]
    content: str
    hedges: list[str]
    verification: str | None
    quantities: list[dict[str, Any]]
    similarity: float
    origin: str = ""
    unverifiable: bool = False


@dataclass(slots=True)
class Origin:
    name: str
    unverifiable: bool
    members: list[int] = field(default_factory=list)  # attribution ids
    publishers: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ClaimReport:
    id: int
    text: str
    polarity: int
    members: list[Member]
    origins: list[Origin]
    articles: list[int]
    outlets: list[str]
    numeric_variants: dict[str, list[float]]
    disagreement: bool
    verification: list[str]
    hedges: dict[str, int]
    first_seen: str | None
    last_seen: str | None

    @property
    def independent_origins(self) -> int:
        return len(self.origins)

    def to_dict(self, *, members: bool = True) -> dict[str, Any]:
        from claimledger.records import to_dict

        data = to_dict(self)
        data["independent_origins"] = self.independent_origins
        if not members:
            data.pop("members")
        return data


def publisher_of(article: Article, article_id: int) -> str:
    """Who published an article: the original publisher named in it, its site, its host, or its id."""
    if article.original_publisher is not None:
        return article.original_publisher.name
    if article.metadata.site:
        return article.metadata.site
    if article.metadata.url:
        labels = [x for x in (urlparse(article.metadata.url).hostname or "").split(".") if x not in HOST_PREFIXES]
        return labels[0] if labels else f"article #{article_id}"
    return f"article #{article_id}"


def _member(a: Attribution, **values: Any) -> Member:
    return Member(
        kind=a.kind,
        source=a.source.text if a.source else None,
        actor=a.actor.name if a.actor else None,
        actor_type=a.actor.type if a.actor else None,
        chain=[c.actor.name if c.actor else c.text for c in a.chain],
        content=" … ".join(c.text for c in a.content),
        hedges=[h.strength for h in a.hedges],
        verification=(
            f"{a.verification.status} by {a.verification.by.name if a.verification.by else 'the publisher'}"
            if a.verification
            else None
        ),
        quantities=[{"text": q.text, "value": q.value, "unit": q.unit} for q in a.quantities],
        **values,
    )


def _chain_types(a: Attribution) -> list[str | None]:
    return [c.actor.type if c.actor else None for c in a.chain]


def claim_report(ledger: Ledger, claim_id: int, cache: dict[int, Article] | None = None) -> ClaimReport | None:
    """Everything the ledger knows about one claim (``None`` when there is no such claim).

    ``cache`` (article id → article) is shared by callers that report on several claims at once.
    """
    if not valid_id(claim_id):
        return None
    with ledger.connect() as conn:
        claim = conn.execute(sa.select(claims).where(claims.c.id == claim_id)).first()
        if claim is None:
            return None
        rows = conn.execute(
            sa.select(
                claim_members.c.attribution_id,
                claim_members.c.similarity,
                attributions.c.article_id,
                attributions.c.position,
            )
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .where(claim_members.c.claim_id == claim_id)
            .order_by(attributions.c.article_id, attributions.c.position)
        ).all()
        roots = {r.article_id: ledger.original_of(conn, r.article_id) for r in rows}
    cache = {} if cache is None else cache

    def article(article_id: int) -> Article:
        if article_id not in cache:
            stored = ledger.get(article_id)
            assert stored is not None
            cache[article_id] = stored.article
        return cache[article_id]

    members: list[Member] = []
    records: dict[int, Attribution] = {}
    for r in rows:
        a = article(r.article_id).attributions[r.position]
        original = roots[r.article_id]
        records[r.attribution_id] = a
        members.append(
            _member(
                a,
                attribution_id=r.attribution_id,
                article_id=r.article_id,
                original_id=original,
                publisher=publisher_of(article(original), original),
                published=article(r.article_id).metadata.published,
                similarity=round(r.similarity, 4),
            )
        )
    _resolve_origins(members, records, ledger.affiliations())
    return _report(claim, members, records)


def _resolve_origins(members: list[Member], records: dict[int, Attribution], affiliations: dict[str, str]) -> None:
    def cited_report(outlet: str, m: Member) -> Member | None:
        """This claim as reported by ``outlet`` itself, when the ledger holds that report."""
        return next(
            (o for o in members if o.original_id != m.original_id and same_publisher(o.publisher, outlet)), None
        )

    def resolve(m: Member, seen: frozenset[int]) -> tuple[str, bool]:
        a = records[m.attribution_id]
        if a.kind == "unattributed":
            return m.publisher, False
        # "The Post reported (citing X) …": when the ledger holds the Post's own report, follow it
        if a.actor is not None and a.actor.type == "outlet":
            cited = cited_report(a.actor.name, m)
            if cited is not None and cited.attribution_id not in seen:
                return resolve(cited, seen | {m.attribution_id})
        kind: str | None
        if a.chain:
            name, kind = m.chain[-1], _chain_types(a)[-1]
        elif a.actor is not None:
            name, kind = a.actor.name, a.actor.type
        else:
            return f"unattributed in {m.publisher}", True
        if kind == "outlet" and (cited := cited_report(name, m)) and cited.attribution_id not in seen:
            return resolve(cited, seen | {m.attribution_id})
        if kind in UNVERIFIABLE_TYPES:
            return f"{name} ({m.publisher})", True
        # a spokesperson speaks for the organisation: one origin with it
        return affiliations.get(name, name), False

    # an article's own voice restating a claim it also attributes ("1,500 evacuated" over "…, the service
    # said") is the same origin as that attribution, not one more
    attributed = {m.original_id: m for m in members if records[m.attribution_id].kind != "unattributed"}

    for m in members:
        voice = records[m.attribution_id].kind == "unattributed" and m.original_id in attributed
        m.origin, m.unverifiable = resolve(attributed[m.original_id] if voice else m, frozenset())


def _report(claim: Any, members: list[Member], records: dict[int, Attribution]) -> ClaimReport:
    origins: dict[str, Origin] = {}
    for m in members:
        origin = origins.setdefault(publisher_key(m.origin), Origin(m.origin, m.unverifiable))
        origin.members.append(m.attribution_id)
        if m.publisher not in origin.publishers:
            origin.publishers.append(m.publisher)
    variants: dict[str, set[float]] = {}
    for a in records.values():
        for q in a.quantities:
            if q.unit:
                variants.setdefault(q.unit.lower(), set()).add(q.value)
    dates = sorted(m.published for m in members if m.published)
    hedges = Counter(h for m in members for h in m.hedges)
    return ClaimReport(
        id=claim.id,
        text=claim.text,
        polarity=claim.polarity,
        members=members,
        origins=list(origins.values()),
        articles=sorted({m.article_id for m in members}),
        outlets=sorted({m.publisher for m in members}),
        numeric_variants={unit: sorted(values) for unit, values in sorted(variants.items())},
        disagreement=_disagree(variants),
        verification=sorted({m.verification for m in members if m.verification}),
        hedges=dict(hedges.most_common()),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
    )


def _disagree(variants: dict[str, set[float]]) -> bool:
    """Sources disagree when the same kind of quantity comes with different numbers."""
    from claimledger.ledger.claims import unit

    merged: dict[str, set[float]] = {}
    for name, values in variants.items():
        merged.setdefault(unit(name), set()).update(values)
    return any(len(values) > 1 for values in merged.values())


def list_claims(ledger: Ledger, *, query: str | None = None, min_origins: int = 0) -> list[ClaimReport]:
    """Claims whose members match ``query`` (full-text search) or whose label contains it, with at least
    ``min_origins`` independent origins."""
    with ledger.connect() as conn:
        select = sa.select(claims.c.id).order_by(claims.c.id)
        if query:
            matching = ledger.search_attributions(query)
            member_ids = sa.select(claim_members.c.claim_id).where(claim_members.c.attribution_id.in_(matching))
            like = "%" + " ".join(search_words(query)).lower() + "%"
            select = select.where(sa.or_(sa.func.lower(claims.c.text).like(like), claims.c.id.in_(member_ids)))
        ids = list(conn.scalars(select))
    reports = [r for r in (claim_report(ledger, i) for i in ids) if r is not None]
    return [r for r in reports if r.independent_origins >= min_origins]


def refresh_origins(ledger: Ledger, claim_ids: Iterable[int]) -> None:
    """Store each claim's independent-origin count (for SQL readers: the ``claim_overview`` view)."""
    cache: dict[int, Article] = {}
    for claim_id in sorted(set(claim_ids)):
        report = claim_report(ledger, claim_id, cache)
        if report is not None:
            with ledger.begin() as conn:
                update = claims.update().where(claims.c.id == claim_id)
                conn.execute(update.values(independent_origins=report.independent_origins))


def timeline(report: ClaimReport) -> list[Member]:
    """The claim's reports in order of publication (undated last), then of ingest."""
    return sorted(report.members, key=lambda m: (m.published is None, m.published or "", m.article_id))


def claims_of_article(ledger: Ledger, article_id: int) -> list[int]:
    with ledger.connect() as conn:
        return list(
            conn.scalars(
                sa.select(sa.distinct(claim_members.c.claim_id))
                .join(attributions, attributions.c.id == claim_members.c.attribution_id)
                .where(attributions.c.article_id == article_id)
            )
        )


# ------------------------------------------------------------------------------ listing claims by the page
CLAIM_SORTS = ("origins", "articles", "recent")


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """One row of a claim list: the claims table's stored figures and SQL aggregates of its members, no report.

    ``independent_origins`` is ``None`` for a claim stored by an older version that never counted them:
    unknown, not zero (it sorts last).
    """

    id: int
    text: str
    polarity: int
    independent_origins: int | None
    members: int
    articles: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One page of a claim list and how many claims match in all."""

    total: int
    claims: list[ClaimSummary]


def claim_summaries(
    ledger: Ledger,
    *,
    query: str | None = None,
    min_origins: int = 0,
    actor: str | None = None,
    speaker: int | None = None,
    cited: str | None = None,
    sort: str = "origins",
    limit: int = 50,
    offset: int = 0,
) -> ClaimPage:
    """The claims :func:`list_claims` would give (and ``actor``'s: what it asserted directly or as an upstream
    source; ``speaker``'s: what the actor with that id asserted itself; ``cited``: where that name is cited
    upstream), sorted by ``sort`` (:data:`CLAIM_SORTS`; ties by id), ``limit`` of them from ``offset``.

    Everything is SQL over stored figures: sorting by origins reads an index of the claims table alone, and the
    members' aggregates (articles, first and last seen) are computed for the page's claims only; sorting by
    articles or recency lets the database aggregate the one figure sorted by and sort. No claim report is built,
    so a page costs the same whatever the ledger's size.
    """
    if sort not in CLAIM_SORTS:
        raise ValueError(f"sort must be one of {', '.join(CLAIM_SORTS)}, not {sort!r}")
    where: list[sa.ColumnElement[bool]] = []
    if query:
        words = search_words(query)
        like = "%" + " ".join(words).lower().replace("_", "\\_") + "%"
        matching = sa.select(claim_members.c.claim_id).where(
            claim_members.c.attribution_id.in_(_matching_attributions(ledger, words))
        )
        where.append(sa.or_(sa.func.lower(claims.c.text).like(like, escape="\\"), claims.c.id.in_(matching)))
    if min_origins > 0:
        where.append(claims.c.independent_origins >= min_origins)
    if actor:
        asserted = (
            sa.select(claim_members.c.claim_id)
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .where(sa.or_(attributions.c.actor == actor, cites(ledger, actor)))
        )
        where.append(claims.c.id.in_(asserted))
    if speaker is not None:  # what the actor with this id asserted as the speaker, not what others said of it
        spoken = (
            sa.select(claim_members.c.claim_id)
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .where(attributions.c.actor_id == speaker)
        )
        where.append(claims.c.id.in_(spoken))
    if cited:  # the claims whose attributions cite ``cited`` upstream ("X, citing Y")
        citing = (
            sa.select(claim_members.c.claim_id)
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .where(cites(ledger, cited))
        )
        where.append(claims.c.id.in_(citing))
    aggregates = (
        sa.select(
            claim_members.c.claim_id,
            sa.func.count(sa.distinct(attributions.c.article_id)).label("articles"),
            sa.func.min(sa.func.nullif(articles_table.c.published, "")).label("first_seen"),
            sa.func.max(sa.func.nullif(articles_table.c.published, "")).label("last_seen"),
        )
        .join(attributions, attributions.c.id == claim_members.c.attribution_id)
        .join(articles_table, articles_table.c.id == attributions.c.article_id)
        .group_by(claim_members.c.claim_id)
    )
    with ledger.connect() as conn:
        total = int(conn.scalar(sa.select(sa.func.count()).select_from(claims).where(*where)) or 0)
        if sort == "origins":
            origins = claims.c.independent_origins
            page_ids = list(
                conn.scalars(
                    sa.select(claims.c.id)
                    .where(*where)
                    .order_by(origins.desc().nulls_last(), claims.c.id)  # migration 8's index, in its order
                    .limit(limit)
                    .offset(offset)
                )
            )
            aggregates = aggregates.where(claim_members.c.claim_id.in_(page_ids))
        else:  # the one figure sorted by, for every claim (the articles' dates only when sorting by them)
            members = sa.select(claim_members.c.claim_id).join(
                attributions, attributions.c.id == claim_members.c.attribution_id
            )
            figure: sa.ColumnElement[Any]
            if sort == "articles":
                figure = sa.func.count(sa.distinct(attributions.c.article_id))
            else:
                members = members.join(articles_table, articles_table.c.id == attributions.c.article_id)
                figure = sa.func.max(sa.func.nullif(articles_table.c.published, ""))
            figures = members.add_columns(figure.label("figure")).group_by(claim_members.c.claim_id).subquery()
            key = figures.c.figure.desc()
            nulls = sa.literal(False) if sort == "articles" else figures.c.figure.is_(None)
            page_ids = list(
                conn.scalars(
                    sa.select(claims.c.id)
                    .outerjoin(figures, figures.c.claim_id == claims.c.id)
                    .where(*where)
                    .order_by(nulls, key, claims.c.id)
                    .limit(limit)
                    .offset(offset)
                )
            )
            aggregates = aggregates.where(claim_members.c.claim_id.in_(page_ids))
        figures_of = {r.claim_id: r for r in conn.execute(aggregates)}
        shown = sa.select(claims.c.id, claims.c.text, claims.c.polarity, claims.c.independent_origins, claims.c.members)
        rows = {r.id: r for r in conn.execute(shown.where(claims.c.id.in_(page_ids)))}
    return ClaimPage(total, [_summary(rows[i], figures_of.get(i)) for i in page_ids])


def _summary(claim: Any, figures: Any) -> ClaimSummary:
    return ClaimSummary(
        id=claim.id,
        text=claim.text,
        polarity=claim.polarity,
        independent_origins=claim.independent_origins,
        members=claim.members,
        articles=figures.articles if figures is not None else 0,
        first_seen=figures.first_seen if figures is not None else None,
        last_seen=figures.last_seen if figures is not None else None,
    )


def _matching_attributions(ledger: Ledger, words: list[str]) -> sa.Select[Any] | sa.TextClause:
    """The ids of attributions whose content holds every word, as a subquery (the database does the search,
    whatever the number of matches): FTS5 on SQLite, the tsvector index on PostgreSQL, else ``LIKE``. The same
    search as :meth:`Ledger.search_attributions`."""
    if not words:
        return sa.select(attributions.c.id).where(sa.false())
    dialect = ledger.engine.dialect.name
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = "SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :q"
        return sa.text(sql).bindparams(q=match)
    if dialect == "postgresql":
        sql = "SELECT id FROM attributions WHERE to_tsvector('english', content_text) @@ plainto_tsquery('english', :q)"
        return sa.text(sql).bindparams(q=" ".join(words))
    like = "%" + " ".join(words).lower() + "%"
    return sa.select(attributions.c.id).where(sa.func.lower(attributions.c.content_text).like(like))


def cites(ledger: Ledger, actor: str) -> sa.ColumnElement[bool]:
    """Whether an attribution's chain ("X, citing Y") names ``actor``: a link's actor name, else its text, as
    :class:`Member`'s ``chain`` has it — read by the database's JSON functions."""
    if ledger.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import JSONB  # not imported for a SQLite ledger

        link = sa.func.jsonb_array_elements(sa.cast(attributions.c.chain, JSONB)).table_valued("value").alias("link")
        value = link.c.value
        name = sa.func.coalesce(value.op("->")("actor").op("->>")("name"), value.op("->>")("text"))
    else:
        link = sa.func.json_each(attributions.c.chain).table_valued("value").alias("link")
        value = link.c.value
        name = sa.func.coalesce(sa.func.json_extract(value, "$.actor.name"), sa.func.json_extract(value, "$.text"))
    return sa.and_(attributions.c.chain != "[]", sa.exists(sa.select(1).select_from(link).where(name == actor)))
