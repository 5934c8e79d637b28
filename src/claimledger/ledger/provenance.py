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

Independent origins = the number of distinct origins of the members that *assert* the claim: those at least
:data:`ASSERTS_COSINE` from the claim's founding content (the similarity stored when they joined). A member that
joined on its topic alone (a neighbouring assertion, a rebuttal, a sentence of background) is listed with the
claim but adds no origin (``Member.counted`` is false, and ``why`` says so) — and no article or outlet either: a
claim's articles and outlets (its page, its trace, the lists' stored summaries) are those of the members that
assert it, so "3 articles · 1 independent origin" counts one set of reports; its reports are all its members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import sqlalchemy as sa

from claimledger.attribute.registry import canonical_outlet, publisher_key
from claimledger.ledger.keyset import Cursor, Key, keyset_page
from claimledger.ledger.origins import resolve_origins, why_one
from claimledger.ledger.schema import attributions, claim_disputes, claim_members, claims
from claimledger.ledger.store import Ledger, search_words, valid_id
from claimledger.ledger.totals import stored_claim_total
from claimledger.ledger.units import unit
from claimledger.records import Article, Attribution

HOST_PREFIXES = frozenset({"www", "m", "amp", "news", "edition", "mobile"})
# A member this close to its claim's founding content (cosine of the best sentence readings, stored as the member's
# similarity) asserts the claim and counts for its origins; one further off joined on its topic and does not.
# Chosen on the cluster gold's even-numbered statements (see the README's claims section for both halves).
ASSERTS_COSINE = 0.65


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
    why: str = ""  # how the member's origin was reached ("said by X", "X citing Y", "copy of #3 (Outlet); …")
    counted: bool = True  # whether it asserts the claim (close enough to its founder) and so counts for origins


@dataclass(slots=True)
class Origin:
    name: str
    unverifiable: bool
    members: list[int] = field(default_factory=list)  # attribution ids
    publishers: list[str] = field(default_factory=list)
    why: str = ""  # why its members count as one origin


@dataclass(slots=True)
class ClaimReport:
    id: int
    text: str
    polarity: int
    members: list[Member]
    origins: list[Origin]
    articles: list[int]  # the articles of the members that assert the claim (``Member.counted``), as its origins
    outlets: list[str]  # their publishers (a copy's is its original's)
    numeric_variants: dict[str, list[float]]
    disagreement: bool
    verification: list[str]
    hedges: dict[str, int]
    first_seen: str | None
    last_seen: str | None
    # the claims this one disputes or is disputed by (a denial and what it denies): id, text, members, cosine
    disputes: list[dict[str, Any]] = field(default_factory=list)

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
        return canonical_outlet(article.metadata.site)
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


def claim_report(
    ledger: Ledger,
    claim_id: int,
    cache: dict[int, Article] | None = None,
    affiliations: Mapping[str, str] | None = None,
    roots: dict[int, int] | None = None,
) -> ClaimReport | None:
    """Everything the ledger knows about one claim (``None`` when there is no such claim).

    ``cache`` (article id → article) is shared by callers that report on several claims at once, and so may
    ``affiliations`` be (person → organisation, as :meth:`Ledger.affiliations`; read whole when not given) and
    ``roots`` (article id → the original it copies, :meth:`Ledger.originals_of`) within one transaction.
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
        roots = ledger.originals_of(conn, (r.article_id for r in rows), roots)
        disputes = disputes_of(conn, claim_id)
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
    mark_counted(members)
    resolve_origins(members, records, ledger.affiliations() if affiliations is None else affiliations, article)
    for m in members:
        if not m.counted:
            m.why = f"{m.why}; not counted: {m.similarity:.2f} from the claim's founding content (< {ASSERTS_COSINE})"
    report = _report(claim, members, records)
    report.disputes = disputes
    return report


def disputes_of(conn: sa.Connection, claim_id: int) -> list[dict[str, Any]]:
    """The claims a claim disputes or is disputed by: each with its id, text and members, nearest first."""
    pairs = conn.execute(
        sa.select(claim_disputes.c.claim_id, claim_disputes.c.other_id, claim_disputes.c.cosine).where(
            (claim_disputes.c.claim_id == claim_id) | (claim_disputes.c.other_id == claim_id)
        )
    ).all()
    cosine = {(r.other_id if r.claim_id == claim_id else r.claim_id): float(r.cosine) for r in pairs}
    if not cosine:
        return []
    rows = conn.execute(sa.select(claims.c.id, claims.c.text, claims.c.members).where(claims.c.id.in_(cosine)))
    found = [{"claim_id": int(r.id), "text": r.text, "members": int(r.members), "cosine": cosine[r.id]} for r in rows]
    return sorted(found, key=lambda d: (-d["cosine"], d["claim_id"]))


def _report(claim: Any, members: list[Member], records: dict[int, Attribution]) -> ClaimReport:
    origins: dict[str, Origin] = {}
    for m in members:
        if not m.counted:
            continue
        origin = origins.setdefault(publisher_key(m.origin), Origin(m.origin, m.unverifiable))
        origin.members.append(m.attribution_id)
        if m.publisher not in origin.publishers:
            origin.publishers.append(m.publisher)
        origin.unverifiable = origin.unverifiable and m.unverifiable  # verifiable when any of its mentions is
    for origin in origins.values():
        origin.why = why_one(
            origin.name, origin.publishers, [m.why for m in members if m.attribution_id in origin.members]
        )
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
        articles=sorted({m.article_id for m in members if m.counted}),
        outlets=sorted({m.publisher for m in members if m.counted}),
        numeric_variants={unit: sorted(values) for unit, values in sorted(variants.items())},
        disagreement=_disagree(variants),
        verification=sorted({m.verification for m in members if m.verification}),
        hedges=dict(hedges.most_common()),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
    )


def mark_counted(members: list[Member]) -> None:
    """Set whether each member asserts the claim and so counts for its origins: at least :data:`ASSERTS_COSINE`
    from the founding content, or giving its quantity as another member does (all count in a claim where none
    would: a legacy ledger's similarities)."""
    for m in members:
        m.counted = m.similarity >= ASSERTS_COSINE or _states_its_quantity(m, members)
    if not any(m.counted for m in members):
        for m in members:
            m.counted = True


def _states_its_quantity(m: Member, members: list[Member]) -> bool:
    """Whether a member gives the same kind of quantity as another member, with a number of one order (1,200 and
    1,600 residents evacuated): a numeric variant states the claim, however far its words are from the founder's."""

    def amounts(x: Member) -> set[tuple[str, float]]:
        return {(unit(q["unit"]), abs(float(q["value"]))) for q in x.quantities if q.get("unit") and q.get("value")}

    mine = amounts(m)
    if not mine:
        return False
    for other in members:
        if other.attribution_id == m.attribution_id:
            continue
        for name, value in amounts(other):
            if any(name == u and min(v, value) > 0 and max(v, value) / min(v, value) <= 3 for u, v in mine):
                return True
    return False


def _disagree(variants: dict[str, set[float]]) -> bool:
    """Sources disagree when the same kind of quantity comes with different numbers."""
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
            select = select.where(claim_matches(ledger, query))
        ids = list(conn.scalars(select))
    reports = [r for r in (claim_report(ledger, i) for i in ids) if r is not None]
    return [r for r in reports if r.independent_origins >= min_origins]


def named_origins(ledger: Ledger, claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each claim's origins, named, flagged and with the reason its mentions count as one (for a page of a claim
    list): as the claim's row keeps them (``claims.origin_names``, stored with its other figures when it was last
    linked), one query for the page; a claim not summarised yet is reported on (the articles read once)."""
    import contextlib
    import json

    out: dict[int, list[dict[str, Any]]] = {}
    if not claim_ids:
        return out
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(claims.c.id, claims.c.origin_names).where(claims.c.id.in_(sorted(set(claim_ids))))
        ).all()
    for r in rows:
        if r.origin_names is not None:
            with contextlib.suppress(ValueError):  # damaged: reported on below (``claimledger check`` finds it)
                out[int(r.id)] = list(json.loads(r.origin_names))
    cache: dict[int, Article] = {}
    roots: dict[int, int] = {}
    for claim_id in claim_ids:
        if claim_id in out:
            continue
        report = claim_report(ledger, claim_id, cache, roots=roots)
        if report is not None:
            out[claim_id] = origins_named(report)
    return out


def origins_named(report: ClaimReport) -> list[dict[str, Any]]:
    """A claim's origins as its lists name them (and its row keeps them): name, unverifiable, why."""
    return [{"name": o.name, "unverifiable": o.unverifiable, "why": o.why} for o in report.origins]


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
    """One row of a claim list: the claim's stored summary (:mod:`claimledger.ledger.summaries`), no report.

    ``independent_origins`` is ``None`` for a claim stored by an older version that never counted them:
    unknown, not zero (it sorts last); so are the other figures of a claim not summarised yet.
    """

    id: int
    text: str
    polarity: int
    independent_origins: int | None
    members: int
    articles: int
    first_seen: str | None
    last_seen: str | None
    outlets: int | None = None
    disagreement: bool | None = None


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """One page of a claim list, how many claims match in all, and the cursors of the pages beside it."""

    total: int
    claims: list[ClaimSummary]
    page: int = 1
    next: Cursor | None = None
    previous: Cursor | None = None


SORT_KEYS = {  # each over its index: migration 8's (origins) or 11's (articles, last seen), ties by id
    "origins": (Key(claims.c.independent_origins, descending=True, nullable=True), Key(claims.c.id)),
    "articles": (Key(claims.c.articles, descending=True, nullable=True), Key(claims.c.id)),
    "recent": (Key(claims.c.last_seen, descending=True, nullable=True), Key(claims.c.id)),
}
SORTED_BY = {"origins": "independent_origins", "articles": "articles", "recent": "last_seen"}


def claim_matches(ledger: Ledger, query: str) -> sa.ColumnElement[bool]:
    """Claims whose statement holds every word of ``query``, or one of whose members' contents does
    (full-text search both: FTS5 on SQLite, tsvector on PostgreSQL); only the query's words count."""
    words = search_words(query)
    if not words:
        return sa.false()
    members = sa.select(claim_members.c.claim_id).where(
        claim_members.c.attribution_id.in_(_matching_attributions(ledger, words))
    )
    return sa.or_(claims.c.id.in_(text_matches(ledger, "claims", words)), claims.c.id.in_(members))


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
    cursor: Cursor | str | None = None,
) -> ClaimPage:
    """The claims :func:`list_claims` would give (and ``actor``'s: what it asserted directly or as an upstream
    source; ``speaker``'s: what the actor with that id asserted itself; ``cited``: where that name is cited
    upstream), sorted by ``sort`` (:data:`CLAIM_SORTS`; ties by id), ``limit`` of them from ``cursor`` (a
    :class:`~claimledger.ledger.keyset.Cursor` or its token: a :class:`CursorError` when it is neither).

    Rows only: every figure is the claim's stored summary, and the page is a keyset range over the sort's index,
    so a page costs the same whatever the ledger's size and wherever in the list it is.
    """
    if sort not in CLAIM_SORTS:
        raise ValueError(f"sort must be one of {', '.join(CLAIM_SORTS)}, not {sort!r}")
    keys = SORT_KEYS[sort]
    actor, cited = (None if v is None else v.replace("\x00", "") for v in (actor, cited))  # no name holds a NUL
    if isinstance(cursor, str):
        cursor = Cursor.parse(cursor, keys)
    where: list[sa.ColumnElement[bool]] = []
    if query:
        where.append(claim_matches(ledger, query))
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
    shown = sa.select(*(claims.c[name] for name in SUMMARY_COLUMNS)).where(*where)
    figure = SORTED_BY[sort]
    with ledger.connect() as conn:
        total = stored_claim_total(
            conn, query=query, min_origins=min_origins, actor=actor, speaker=speaker, cited=cited
        )
        if total is None:  # a filter the stored totals do not cover: counted over its matches
            total = int(conn.scalar(sa.select(sa.func.count()).select_from(claims).where(*where)) or 0)
        found = keyset_page(conn, shown, keys, cursor, limit, lambda r: (getattr(r, figure), r.id))
    return ClaimPage(total, [_summary(r) for r in found.rows], found.page, found.next, found.previous)


SUMMARY_COLUMNS = ("id", "text", "polarity", "independent_origins", "members", "articles", "first_seen",
                   "last_seen", "outlets", "disagreement")  # fmt: skip


def _summary(row: Any) -> ClaimSummary:
    values = {name: getattr(row, name) for name in SUMMARY_COLUMNS}
    values["articles"] = values["articles"] or 0
    values["disagreement"] = None if values["disagreement"] is None else bool(values["disagreement"])
    return ClaimSummary(**values)


def text_matches(ledger: Ledger, table: str, words: list[str]) -> sa.TextClause | sa.Select[Any]:
    """The ids of ``table``'s rows (articles: title and body; claims: statement) holding every word, as a
    subquery: FTS5 on SQLite, the stored tsvector column and its GIN index on PostgreSQL (migration 12), else
    ``LIKE``."""
    from claimledger.ledger.schema import search_vector

    if not words:
        return sa.select(sa.literal(0)).where(sa.false())
    dialect = ledger.engine.dialect.name
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        return sa.text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q").bindparams(q=match)
    if dialect == "postgresql":
        sql = f"SELECT id FROM {table} WHERE {search_vector(table)} @@ plainto_tsquery('english', :q)"
        return sa.text(sql).bindparams(q=" ".join(words))
    column = sa.table(table, sa.column("id"), sa.column("text")).c
    return sa.select(column.id).where(sa.func.lower(column.text).like("%" + " ".join(words).lower() + "%"))


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
    :class:`Member`'s ``chain`` has it — read from the indexed chain links (migration 12), not the chains."""
    from claimledger.ledger.schema import chain_links

    return attributions.c.id.in_(sa.select(chain_links.c.attribution_id).where(chain_links.c.name == actor))
