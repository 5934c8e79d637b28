"""The ledger's article list, one page at a time (the claim and actor lists are in
:mod:`~claimledger.ledger.provenance` and :mod:`~claimledger.ledger.actors`): filtered and counted in SQL, cut
by a keyset cursor over the articles' ids, so a page costs its rows whatever the ledger's size."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa

from claimledger.clean import headline
from claimledger.ledger.keyset import Cursor, Key, keyset_page
from claimledger.ledger.provenance import text_matches
from claimledger.ledger.schema import articles, attributions, documents
from claimledger.ledger.store import HEAD, ArticleSummary, Ledger, search_words
from claimledger.ledger.totals import article_total

SUMMARY_FIELDS = ("id", "title", "author", "site", "published", "url", "origin", "sha256", "copy_of", "copy_similarity")
LISTED = [c for c in articles.c if c.name in (*SUMMARY_FIELDS, "boilerplate")]  # not the text, not the record
ARTICLE_KEYS = (Key(articles.c.id),)  # oldest first


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One page of the article list, how many match, and the cursors of the pages beside it."""

    total: int
    articles: list[ArticleSummary]
    page: int = 1
    next: Cursor | None = None
    previous: Cursor | None = None


def contains(text: str) -> str:
    """A ``LIKE`` pattern (escape ``\\``) matching values that contain ``text`` as it is, case aside.

    >>> contains("50%_off")
    '%50\\\\%\\\\_off%'
    """
    text = text.replace("\x00", "")  # no database stores a NUL (PostgreSQL refuses one even in a pattern)
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def article_page(
    ledger: Ledger,
    *,
    query: str | None = None,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    cursor: Cursor | str | None = None,
) -> ArticlePage:
    """A page of the stored articles, filtered by words (``query``: every word in the title or body, by full-text
    search, or the text in the title, origin or URL), outlet and publication dates."""
    query = query or q
    since, until = (None if v is None else v.replace("\x00", "") for v in (since, until))  # no NUL is stored
    if isinstance(cursor, str):
        cursor = Cursor.parse(cursor, ARTICLE_KEYS)
    where: list[sa.ColumnElement[bool]] = []
    if query:
        words = sa.func.coalesce(articles.c.title, "") + " " + documents.c.origin + " "
        words = words + sa.func.coalesce(articles.c.url, "")
        body = articles.c.id.in_(text_matches(ledger, "articles", search_words(query)))
        where.append(sa.or_(sa.func.lower(words).like(contains(query), escape="\\"), body))
    if outlet:
        where.append(sa.func.lower(sa.func.coalesce(articles.c.site, "")).like(contains(outlet), escape="\\"))
    if since:
        where.append(sa.func.coalesce(articles.c.published, "") >= since)
    if until:
        dated = sa.func.coalesce(articles.c.published, "") != ""
        where.append(sa.and_(dated, articles.c.published <= until))
    n_attributions = (
        sa.select(sa.func.count()).select_from(attributions).where(attributions.c.article_id == articles.c.id)
    ).scalar_subquery()
    joined = articles.join(documents, documents.c.id == articles.c.document_id)
    shown = (
        sa.select(*LISTED, documents.c.origin, documents.c.sha256, n_attributions.label("n_attributions"), HEAD)
        .select_from(joined)
        .where(*where)
    )
    with ledger.connect() as conn:
        total = None if where else article_total(conn)  # kept by trigger (migration 13); a filter counts
        if total is None:
            total = int(conn.scalar(sa.select(sa.func.count()).select_from(joined).where(*where)) or 0)
        page = keyset_page(conn, shown, ARTICLE_KEYS, cursor, limit, lambda r: (r.id,))
    rows = [
        ArticleSummary(
            **{k: getattr(r, k) for k in SUMMARY_FIELDS if k != "title"},
            title=headline(r.title, r.head),  # a plain text's first line when it reads like a headline
            attributions=r.n_attributions,
            boilerplate=len(json.loads(r.boilerplate)),
        )
        for r in page.rows
    ]
    return ArticlePage(total, rows, page.page, page.next, page.previous)
