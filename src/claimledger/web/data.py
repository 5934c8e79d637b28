"""What the web ledger shows: one data function per resource, and the web's only door to the library.

Each function returns a :class:`View`: ``body`` is the resource's JSON twin (``/claims/42.json``) and
``template`` with ``page()`` its HTML page, both made from the same objects read once. The routes only
choose which of the two to send. Every import of the ledger's modules (store, provenance, ingest, read,
sources) is here, so when they move only this file changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from fastapi import HTTPException
from pydantic import BaseModel

from claimledger.errors import ClaimledgerError
from claimledger.ingest import ingest as ingest_documents
from claimledger.ledger.provenance import ClaimReport, claim_report, list_claims
from claimledger.ledger.schema import actors as actors_table
from claimledger.ledger.schema import attributions, claim_members
from claimledger.ledger.store import ArticleSummary, Ledger
from claimledger.read import ReadFailure, document_from_bytes, is_url, read_url
from claimledger.records import Document, to_dict
from claimledger.settings import Settings
from claimledger.web import pages, svg

__all__ = [
    "ArticleSummary",
    "ArticlesPublic",
    "ClaimReport",
    "IngestPublic",
    "Ledger",
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
    """One resource: ``body`` is its JSON twin; its page is ``template`` over ``page()`` (pages only)."""

    template: str
    body: Any
    page: Callable[[], dict[str, Any]] = field(default=dict)


class ArticlesPublic(BaseModel):
    articles: list[ArticleSummary]
    count: int


class IngestPublic(BaseModel):
    read: int
    new: int
    duplicates: int
    failed: list[str]
    article_ids: list[int]


# -------------------------------------------------------------------------------------------- articles
def articles(
    ledger: Ledger,
    *,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> View:
    """The stored articles, filtered by words (title, origin, URL), outlet and publication dates."""
    everything = ledger.articles()
    rows = everything
    if q:
        rows = [r for r in rows if q.lower() in f"{r.title or ''} {r.origin} {r.url or ''}".lower()]
    if outlet:
        rows = [r for r in rows if outlet.lower() in (r.site or "").lower()]
    if since:
        rows = [r for r in rows if (r.published or "") >= since]
    if until:
        rows = [r for r in rows if r.published and r.published <= until]
    filters = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or ""}
    return View(
        "articles.html",
        ArticlesPublic(articles=rows, count=len(rows)),
        lambda: {"rows": rows, "outlets": sorted({r.site for r in everything if r.site}), "filters": filters},
    )


def article(ledger: Ledger, article_id: int) -> View:
    """One article: its document, text, attributions and copies."""
    stored = ledger.get(article_id)
    if stored is None:
        raise HTTPException(404, f"no article with id {article_id}")
    original, copies = ledger.copies(article_id)
    body = {"id": stored.id, "document": stored.document, "copy_of": to_dict(original), "copies": to_dict(copies),
            **to_dict(stored.article)}  # fmt: skip
    return View(
        "article.html",
        body,
        lambda: {
            "stored": stored,
            "article": stored.article,
            "segments": pages.segments(stored.article),
            "original": original,
            "copies": copies,
        },
    )


# ---------------------------------------------------------------------------------------------- claims
CLAIM_ORDER: dict[str, Callable[[ClaimReport], Any]] = {
    "origins": lambda r: -r.independent_origins,
    "articles": lambda r: -len(r.articles),
    "recent": lambda r: r.last_seen or "",
}


def claims(
    ledger: Ledger, *, q: str | None = None, sort: str = "origins", min_origins: int = 0, actor: str | None = None
) -> View:
    """The claims matching ``q`` with at least ``min_origins`` origins, optionally what one actor asserted."""
    reports = list_claims(ledger, query=q, min_origins=min_origins)
    if actor:  # what one actor asserted, directly or as an upstream source
        reports = [r for r in reports if any(actor in (m.actor, *m.chain) for m in r.members)]
    reports.sort(key=CLAIM_ORDER.get(sort, CLAIM_ORDER["origins"]), reverse=sort == "recent")
    rows = [r.to_dict(members=False) for r in reports]
    context = {"rows": rows, "q": q or "", "sort": sort, "min_origins": min_origins, "actor": actor}
    return View("claims.html", rows, lambda: context)


def claim(ledger: Ledger, claim_id: int) -> View:
    """One claim: its members, origins and numbers; the page adds its provenance graph, timeline and map."""
    report = claim_report(ledger, claim_id)
    if report is None:
        raise HTTPException(404, f"no claim with id {claim_id}")

    def page() -> dict[str, Any]:
        places = claim_places(ledger, report)
        return {"report": report, "graph": svg.provenance_graph(report), "timeline": svg.timeline(report),
                "map": svg.world_map(places), "places": places}  # fmt: skip

    return View("claim.html", report.to_dict(), page)


def claim_places(ledger: Ledger, report: ClaimReport) -> list[tuple[str, float, float]]:
    """The distinct geocoded places named in a claim's attributions."""
    seen: dict[str, tuple[str, float, float]] = {}
    for m in report.members:
        stored = ledger.get(m.article_id)
        if stored is None:
            continue
        for a in stored.article.attributions:
            if " … ".join(c.text for c in a.content) != m.content:
                continue
            for p in a.places:
                if p.lat is not None and p.lon is not None:
                    seen.setdefault(p.name, (p.name, p.lat, p.lon))
    return list(seen.values())


# ---------------------------------------------------------------------------------------------- actors
def actors(ledger: Ledger, *, q: str | None = None) -> View:
    """Every actor with how many attributions and claims it stands behind."""
    rows = actor_rows(ledger, q)
    return View("actors.html", rows, lambda: {"rows": rows, "q": q or ""})


def actor_rows(ledger: Ledger, query: str | None = None) -> list[dict[str, Any]]:
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(
                actors_table.c.id,
                actors_table.c.name,
                actors_table.c.type,
                actors_table.c.aliases,
                sa.func.count(sa.distinct(attributions.c.id)).label("attributions"),
                sa.func.count(sa.distinct(claim_members.c.claim_id)).label("claims"),
            )
            .join(attributions, attributions.c.actor_id == actors_table.c.id)
            .outerjoin(claim_members, claim_members.c.attribution_id == attributions.c.id)
            .group_by(actors_table.c.id, actors_table.c.name, actors_table.c.type, actors_table.c.aliases)
            .order_by(sa.desc("claims"), actors_table.c.name)
        ).all()
    out = [
        {
            "id": r.id,
            "name": r.name,
            "type": r.type,
            "aliases": json.loads(r.aliases),
            "attributions": r.attributions,
            "claims": r.claims,
        }
        for r in rows
    ]
    if query:
        out = [r for r in out if query.lower() in r["name"].lower()]
    return out


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
