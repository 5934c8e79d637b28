"""What the web ledger shows: one data function per resource, and the web's only door to the library.

Each function returns a :class:`View`: ``body`` is the resource's JSON twin (``/claims/42.json``) and
``template`` with ``page()`` its HTML page, both made from the same objects read once. The routes only
choose which of the two to send. Every import of the ledger's modules (store, provenance, ingest, read,
sources) is here, so when they move only this file changes.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from fastapi import HTTPException
from pydantic import BaseModel

from claimledger.errors import ClaimledgerError
from claimledger.ingest import ingest as ingest_documents
from claimledger.ledger.actors import ACTOR_KEYS, ActorSummary, actor_page
from claimledger.ledger.keyset import Cursor, CursorError, Key
from claimledger.ledger.lists import ARTICLE_KEYS, article_page
from claimledger.ledger.provenance import SORT_KEYS, ClaimReport, ClaimSummary, claim_report, claim_summaries
from claimledger.ledger.reviews import STATUSES, review_of
from claimledger.ledger.schema import actors as actors_table
from claimledger.ledger.schema import articles as articles_table
from claimledger.ledger.schema import attributions, claim_members
from claimledger.ledger.store import ArticleSummary, Ledger, StoredArticle, valid_id
from claimledger.read import ReadFailure, document_from_bytes, is_url, read_url
from claimledger.records import Article, Document, to_dict
from claimledger.settings import Settings
from claimledger.web import pages, svg

__all__ = [
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "ActorsPublic",
    "ArticleSummary",
    "ArticlesPublic",
    "ClaimReport",
    "ClaimsPublic",
    "IngestPublic",
    "Ledger",
    "Paging",
    "Submission",
    "View",
    "actors",
    "article",
    "articles",
    "claim",
    "claims",
    "ingest",
]


@dataclass(frozen=True, slots=True)
class View:
    """One resource: ``body`` is its JSON twin, or a function that makes it (a twin that costs to build is
    built only when it is asked for); its page is ``template`` over ``page()`` (pages only)."""

    template: str
    body: Any
    page: Callable[[], dict[str, Any]] = field(default=dict)
    same_while: Hashable | None = None  # the page is the same as long as this is (then it is drawn once)

    def twin(self) -> Any:
        """The JSON twin."""
        return self.body() if callable(self.body) else self.body


class PagePublic(BaseModel):
    """Where a page of a list is: ``total`` items match in all, ``pages`` pages of ``limit``; ``next`` and
    ``previous`` are the addresses of the pages beside it (``None`` at either end)."""

    total: int
    page: int
    limit: int
    pages: int
    next: str | None
    previous: str | None


class ArticlesPublic(PagePublic):
    articles: list[ArticleSummary]


class ClaimsPublic(PagePublic):
    claims: list[ClaimSummary]


class ActorsPublic(PagePublic):
    actors: list[ActorSummary]


class IngestPublic(BaseModel):
    read: int
    new: int
    duplicates: int
    failed: list[str]
    article_ids: list[int]


# ---------------------------------------------------------------------------------------------- paging
PAGE_SIZE = 50  # rows of a list page unless ?limit= asks for another number
MAX_PAGE_SIZE = 200
MAX_OUTLETS = 500  # outlets offered in the articles page's menu (any outlet can be typed in its address)


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of a list to show: ``limit`` rows from ``cursor`` (a token the list gave out; ``None``: the
    first page); ``link(token)`` is the address of the page a token names (``None``: the first page)."""

    limit: int = PAGE_SIZE
    cursor: str | None = None
    link: Callable[[str | None], str] = field(default=lambda token: f"?cursor={token}" if token else "?")

    def address(self, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        first = cursor.page == 1 and not cursor.after  # back to the start: the list's own first address
        return self.link(None if first else cursor.token())

    def parsed(self, keys: Sequence[Key]) -> Cursor | None:
        """The cursor asked for (an empty one, as a form sends it: the first page); 400 for one this list never
        gave out."""
        if not self.cursor:
            return None
        try:
            return Cursor.parse(self.cursor, keys)
        except CursorError as exc:
            raise HTTPException(400, str(exc)) from None

    def around(self, total: int, page: int, following: Cursor | None, preceding: Cursor | None) -> dict[str, Any]:
        """The :class:`PagePublic` fields of a page of a list of ``total`` rows."""
        return {
            "total": total,
            "page": page,
            "limit": self.limit,
            "pages": -(-total // self.limit),
            "next": self.address(following),
            "previous": self.address(preceding),
        }


# -------------------------------------------------------------------------------------------- articles


def articles(
    ledger: Ledger,
    *,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    paging: Paging | None = None,
) -> View:
    """One page of the stored articles, filtered by words (title, origin, URL), outlet and publication dates:
    filtered, counted and cut in SQL, so a page costs its rows whatever the ledger's size."""
    paging = paging or Paging()
    page = article_page(
        ledger, q=q, outlet=outlet, since=since, until=until, limit=paging.limit, cursor=paging.parsed(ARTICLE_KEYS)
    )
    rows, total = page.articles, page.total
    with ledger.connect() as conn:
        outlets = list(
            conn.scalars(
                sa.select(articles_table.c.site)
                .distinct()
                .where(articles_table.c.site.is_not(None), articles_table.c.site != "")
                .order_by(articles_table.c.site)
                .limit(MAX_OUTLETS)
            )
        )
    body = ArticlesPublic(articles=rows, **paging.around(total, page.page, page.next, page.previous))
    filters = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or ""}
    return View("articles.html", body, lambda: {"rows": rows, "list": body, "outlets": outlets, "filters": filters})


class StoredArticles:
    """The articles read lately, by id, ``size`` at most: a stored article never changes (the ledger adds
    articles and links, it never rewrites or deletes one), so the pages of popular articles and claims need
    not parse the same records again. Shared by the worker threads, hence the lock."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._kept: weakref.WeakKeyDictionary[Ledger, OrderedDict[int, StoredArticle]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, ledger: Ledger, article_id: int) -> StoredArticle | None:
        with self._lock:
            kept = self._kept.setdefault(ledger, OrderedDict())  # each ledger its own (ids are per ledger)
            if article_id in kept:
                kept.move_to_end(article_id)
                return kept[article_id]
        stored = ledger.get(article_id)
        if stored is not None:
            with self._lock:
                kept[article_id] = stored
                while len(kept) > self.size:
                    kept.popitem(last=False)
        return stored


READ = StoredArticles()


def article(ledger: Ledger, article_id: int) -> View:
    """One article: its document, text, attributions and copies."""
    stored = READ.get(ledger, article_id)
    if stored is None:
        raise HTTPException(404, f"no article with id {article_id}")
    original, copies = ledger.copies(article_id)
    links = attribution_links(ledger, article_id)
    claim_ids = sorted({c for link in links.values() if (c := link.get("claim")) is not None})

    def body() -> dict[str, Any]:
        record = to_dict(stored.article)
        record["metadata"]["title"] = stored.title
        return {"id": stored.id, "document": stored.document, "copy_of": to_dict(original), "copies": to_dict(copies),
                "claims": claim_ids, "links": {str(k): v for k, v in links.items()}, **record}  # fmt: skip

    return View(
        "article.html",
        body,
        lambda: {
            "stored": stored,
            "article": stored.article,
            "title": stored.title,
            "web_url": web_url(stored.article.metadata.url),
            "segments": pages.segments(stored.article),
            "original": original,
            "copies": copies,
            "links": links,
            "claim_ids": claim_ids,
        },
        # its record never changes; new copies may appear, and new articles may join its attributions to claims
        (
            "article",
            article_id,
            original,
            tuple(copies),
            tuple((p, v["claim"], v["actor"]) for p, v in sorted(links.items())),
        ),
    )


def web_url(url: str | None) -> str | None:
    """``url`` when it is a web address a page may link to (``http``/``https``), else ``None``."""
    return url if url and is_url(url) and urlsplit(url).hostname else None


def attribution_links(ledger: Ledger, article_id: int) -> dict[int, dict[str, int | None]]:
    """Where each of an article's attributions (by its position) leads: ``{"claim": id, "actor": id}``."""
    if not valid_id(article_id):
        return {}
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(attributions.c.position, attributions.c.actor_id, claim_members.c.claim_id)
            .outerjoin(claim_members, claim_members.c.attribution_id == attributions.c.id)
            .where(attributions.c.article_id == article_id)
        ).all()
    return {r.position: {"claim": r.claim_id, "actor": r.actor_id} for r in rows}


# ---------------------------------------------------------------------------------------------- claims
def claims(
    ledger: Ledger,
    *,
    q: str | None = None,
    sort: str = "origins",
    min_origins: int = 0,
    actor: str | None = None,
    speaker: int | None = None,
    paging: Paging | None = None,
) -> View:
    """One page of the claims matching ``q`` with at least ``min_origins`` origins, optionally what one actor
    asserted (directly or as an upstream source; ``speaker``: what the actor with that id said itself): the
    stored figures, no claim report built."""
    paging = paging or Paging()
    found = claim_summaries(
        ledger, query=q, min_origins=min_origins, actor=actor, speaker=speaker, sort=sort, limit=paging.limit,
        cursor=paging.parsed(SORT_KEYS.get(sort, SORT_KEYS["origins"])),
    )  # fmt: skip
    speaker_name = None
    if speaker is not None:
        from claimledger.ledger.actors import actor_record

        record = actor_record(ledger, speaker) if valid_id(speaker) else None
        speaker_name = record.name if record is not None else f"actor #{speaker}"
    body = ClaimsPublic(claims=found.claims, **paging.around(found.total, found.page, found.next, found.previous))
    context = {"rows": found.claims, "list": body, "q": q or "", "sort": sort, "min_origins": min_origins,
               "actor": actor, "speaker": speaker, "speaker_name": speaker_name}  # fmt: skip
    return View("claims.html", body, lambda: context)


def claim(ledger: Ledger, claim_id: int) -> View:
    """One claim: its members, origins and numbers; the page adds its provenance graph, timeline and map."""
    read = _member_articles(ledger, claim_id)  # read once (or lately) for the report and its places
    report = claim_report(ledger, claim_id, read)
    if report is None:
        raise HTTPException(404, f"no claim with id {claim_id}")

    review = review_of(ledger, claim_id)  # the analysts' status and log: never drawn once and kept

    def page() -> dict[str, Any]:
        places = claim_places(ledger, report, read)
        members, origin_actors = member_links(ledger, report)
        undated = [m for m in report.members if not svg.day(m.published)]
        return {"report": report, "graph": svg.provenance_graph(report), "timeline": svg.timeline(report),
                "map": svg.world_map(places) if places else None, "places": places, "member_links": members,
                "origin_actors": origin_actors, "undated": undated, "legend": svg.LEGEND,
                "disputes": report.disputes,
                "review": review, "statuses": STATUSES}  # fmt: skip

    return View("claim.html", lambda: {**report.to_dict(), "review": review.to_dict()}, page)


def member_links(ledger: Ledger, report: ClaimReport) -> tuple[dict[int, dict[str, int | None]], dict[str, int]]:
    """Where a claim's members lead (by attribution id: its ``position`` in its article, its ``actor``) and the
    actor page of each origin that is an actor (by origin name)."""
    ids = [m.attribution_id for m in report.members]
    names = {o.name.casefold() for o in report.origins}
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(attributions.c.id, attributions.c.position, attributions.c.actor_id).where(
                attributions.c.id.in_(ids)
            )
        ).all()
        found = conn.execute(
            sa.select(actors_table.c.id, actors_table.c.name).where(sa.func.lower(actors_table.c.name).in_(names))
        ).all()
    by_name = {r.name.casefold(): r.id for r in found}
    origins = {o.name: by_name[o.name.casefold()] for o in report.origins if o.name.casefold() in by_name}
    return {r.id: {"position": r.position, "actor": r.actor_id} for r in rows}, origins


def _member_articles(ledger: Ledger, claim_id: int) -> dict[int, Article]:
    """The articles of a claim's members and the originals they copy, from :data:`READ`."""
    if not valid_id(claim_id):
        return {}
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(attributions.c.article_id, articles_table.c.copy_of)
            .join(claim_members, claim_members.c.attribution_id == attributions.c.id)
            .join(articles_table, articles_table.c.id == attributions.c.article_id)
            .where(claim_members.c.claim_id == claim_id)
        ).all()
    ids = {r.article_id for r in rows} | {r.copy_of for r in rows if r.copy_of is not None}
    found = {i: READ.get(ledger, i) for i in sorted(ids)}
    return {i: stored.article for i, stored in found.items() if stored is not None}


def claim_places(
    ledger: Ledger, report: ClaimReport, read: dict[int, Article] | None = None
) -> list[tuple[str, float, float]]:
    """The distinct geocoded places named in a claim's attributions (``read``: articles already read, by id)."""
    seen: dict[str, tuple[str, float, float]] = {}
    for m in report.members:
        article = (read or {}).get(m.article_id)
        if article is None:
            stored = ledger.get(m.article_id)
            if stored is None:
                continue
            article = stored.article
        for a in article.attributions:
            if " … ".join(c.text for c in a.content) != m.content:
                continue
            for p in a.places:
                if p.lat is not None and p.lon is not None:
                    seen.setdefault(p.name, (p.name, p.lat, p.lon))
    return list(seen.values())


# ---------------------------------------------------------------------------------------------- actors
def actors(ledger: Ledger, *, q: str | None = None, paging: Paging | None = None) -> View:
    """One page of the actors with how many attributions and claims each stands behind, most claims first."""
    paging = paging or Paging()
    found = actor_page(ledger, q, limit=paging.limit, cursor=paging.parsed(ACTOR_KEYS))
    rows = found.actors
    body = ActorsPublic(actors=rows, **paging.around(found.total, found.page, found.next, found.previous))
    return View("actors.html", body, lambda: {"rows": rows, "list": body, "q": q or ""})


class ActorFormPublic(BaseModel):
    alias: str
    mentions: int
    articles: int


class ActorPublic(BaseModel):
    """One actor: its canonical name and type, every form it was named by, and what it said or was cited for."""

    id: int
    name: str
    type: str
    country: str | None
    affiliation: str | None
    aliases: list[ActorFormPublic]
    attributions: int
    articles: list[int]
    asserted: list[ClaimSummary]
    asserted_total: int
    cited_in: list[ClaimSummary]
    cited_total: int


ACTOR_CLAIMS = 50  # claims listed per section of an actor page (the full list: /claims?speaker=ID)


def actor(ledger: Ledger, actor_id: int) -> View:
    """One actor: aliases with counts, type, articles, what it asserted as the speaker and where it is cited."""
    from claimledger.ledger.actors import actor_record

    record = actor_record(ledger, actor_id) if valid_id(actor_id) else None
    if record is None:
        raise HTTPException(404, f"no actor with id {actor_id}")
    asserted = claim_summaries(ledger, speaker=actor_id, limit=ACTOR_CLAIMS)
    cited = claim_summaries(ledger, cited=record.name, limit=ACTOR_CLAIMS)
    body = ActorPublic(
        id=record.id,
        name=record.name,
        type=record.type,
        country=record.country,
        affiliation=record.affiliation,
        aliases=[ActorFormPublic(alias=f.alias, mentions=f.mentions, articles=f.articles) for f in record.forms
                 if f.alias != record.name],
        attributions=record.attributions,
        articles=record.articles,
        asserted=asserted.claims,
        asserted_total=asserted.total,
        cited_in=cited.claims,
        cited_total=cited.total,
    )  # fmt: skip
    return View("actor.html", body, lambda: {"actor": body})


# ---------------------------------------------------------------------------------------------- ingest
@dataclass(frozen=True, slots=True)
class Submission:
    """What a person sent to be added: a web address, an uploaded file, or text (first given wins)."""

    url: str | None = None  # checked by forms.web_url: http(s) only
    file: tuple[str, bytes] | None = None  # (file name, bytes)
    text: str | None = None
    html: bool = False


def ingest(ledger: Ledger, settings: Settings, submission: Submission) -> IngestPublic:
    """Read, analyse and store one submission (slow: run it off the event loop).

    A URL is fetched by the guarded fetcher (:func:`claimledger.read.read_url`: robots.txt, limits, no
    private addresses unless allowed) and never reaches the CLI's input reader, which would read local
    paths, directories and standard input.
    """
    failures: list[ReadFailure] = []
    try:
        if submission.url is not None:
            if not is_url(submission.url):  # forms.web_url refused it already; never a path
                raise HTTPException(400, "only http:// and https:// URLs can be added")
            summary = ingest_documents(_fetched(submission.url, settings, failures), ledger, settings=settings)
        else:
            summary = ingest_documents([_document(submission, settings)], ledger, settings=settings)
    except ClaimledgerError as exc:
        raise HTTPException(400, str(exc)) from None
    failed = [f"{f.origin}: {f.message}" for f in [*failures, *summary.failed] if isinstance(f, ReadFailure)]
    return IngestPublic(read=summary.read, new=summary.new, duplicates=summary.duplicates, failed=failed,
                        article_ids=summary.article_ids)  # fmt: skip


def _fetched(url: str, settings: Settings, failures: list[ReadFailure]) -> Iterator[Document]:
    for item in read_url(url, settings):
        if isinstance(item, ReadFailure):
            failures.append(item)
        else:
            yield item


def _document(submission: Submission, settings: Settings) -> Document:
    if submission.file is not None:
        name, raw = submission.file
        origin = f"upload:{name}"
    elif submission.text is not None and submission.text.strip():
        raw, origin = submission.text.encode("utf-8"), "submitted text"
    else:
        raise HTTPException(400, "nothing to add: give a text, a file or a URL")
    return document_from_bytes(raw, origin, settings=settings, media_type="text/html" if submission.html else None)
