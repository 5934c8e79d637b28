"""Stage 1 — read: RSS and Atom feeds to documents, one per entry, from the feed's own content or the linked page.

An entry whose content (``content``, else ``summary``) holds at least :data:`FULL_TEXT_CHARS` characters of
text is taken as the article: its HTML, wrapped in a minimal page, with ``url`` = the entry's link,
``published`` = its date (ISO, ``YYYY-MM-DD``) and ``title`` = its title. An entry with only a short summary
is fetched from its link when a ``fetch`` function is given (a :class:`~claimledger.read.web.Fetcher`'s
``fetch``), else its summary is taken as it is. feedparser never touches the network or the file system
here: it is only ever given bytes.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feedparser

from claimledger.errors import InputError
from claimledger.read.document import SNIFF_BYTES, ReadFailure, xml_root
from claimledger.read.payload import HTML_TYPES, make_document
from claimledger.read.web import Fetcher
from claimledger.records import Document
from claimledger.settings import Settings

Fetch = Callable[[str], Document | ReadFailure]

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
FULL_TEXT_CHARS = 500
_TAG = re.compile(r"<[^>]*>")


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start (after a BOM, the XML declaration, comments, a DOCTYPE) with ``<rss``, ``<feed`` or
    ``<rdf:RDF``."""
    return xml_root(data[:SNIFF_BYTES]) in ("rss", "feed", "rdf:rdf")


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def read_feed(
    source: str | Path, settings: Settings, fetch: Fetch | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Document | ReadFailure]:
    """The entries of a feed file or feed URL (fetched with ``fetcher``, or a :class:`Fetcher` made for it)."""
    if not is_url(source):
        path = Path(source)
        try:
            if path.stat().st_size > settings.max_bytes:
                raise InputError(f"too large: limit {settings.max_bytes:,} bytes; setting CLAIMLEDGER_MAX_BYTES")
            data = path.read_bytes()
        except InputError as exc:
            yield ReadFailure(str(path), str(exc))
            return
        except OSError as exc:
            yield ReadFailure(str(path), f"cannot read: {exc.strerror or exc}")
            return
        yield from parse_feed(data, str(path), settings, fetch)
        return
    with _client(fetcher, settings) as client:
        got = client.get(str(source))
        if isinstance(got, ReadFailure):
            yield got
            return
        yield from parse_feed(got.data, got.url, settings, fetch, charset=got.charset)


def read_url(url: str, settings: Settings, *, fetcher: Fetcher | None = None) -> Iterator[Document | ReadFailure]:
    """A page, or every entry of a feed when the URL answers with one (entries' pages fetched as needed)."""
    with _client(fetcher, settings) as client:
        got = client.get(url)
        if isinstance(got, ReadFailure):
            yield got
        elif got.media_type in FEED_MEDIA_TYPES or looks_like_feed(got.data):
            yield from parse_feed(got.data, got.url, settings, client.fetch, charset=got.charset)
        else:
            yield client.document(got)


@contextlib.contextmanager
def _client(fetcher: Fetcher | None, settings: Settings) -> Iterator[Fetcher]:
    """The caller's fetcher, or one of our own that is closed after use."""
    if fetcher is not None:
        yield fetcher
        return
    with Fetcher(settings) as own:
        yield own


def parse_feed(
    data: bytes, origin: str, settings: Settings, fetch: Fetch | None = None, *, charset: str | None = None
) -> Iterator[Document | ReadFailure]:
    """The entries of feed bytes; ``origin`` names the feed (entries are ``origin#entry-N``)."""
    headers = {"content-location": origin} if is_url(origin) else {}
    if charset:
        headers["content-type"] = f"application/xml; charset={charset}"
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception") or "not well-formed").split())
            yield ReadFailure(origin, f"invalid feed: {reason}")
        elif not parsed.get("version"):
            yield ReadFailure(origin, "invalid feed: not RSS or Atom")
        return
    for number, entry in enumerate(entries, 1):
        yield _entry(entry, f"{origin}#entry-{number}", settings, fetch)


def _entry(entry: Any, where: str, settings: Settings, fetch: Fetch | None) -> Document | ReadFailure:
    link = entry.get("link") or None
    title = " ".join(str(entry.get("title") or "").split()) or None
    published = _date(entry)
    body, media_type = _body(entry)
    if fetch is not None and link and (body is None or len(_text(body)) < FULL_TEXT_CHARS):
        page = fetch(link)
        if isinstance(page, ReadFailure):
            return page
        page.title = page.title or title
        page.published = page.published or published
        return page
    if body is None:
        return ReadFailure(where, "entry has no content" + ("" if link else " and no link"))
    if media_type == "text/html":
        escaped = html.escape(title or "")
        body = f"<html><head><title>{escaped}</title></head><body><article>{body}</article></body></html>"
    try:
        return make_document(
            body.encode("utf-8"),
            where,
            settings=settings,
            media_type=media_type,
            url=link,
            published=published,
            title=title,
        )
    except InputError as exc:
        return ReadFailure(where, str(exc))


def _body(entry: Any) -> tuple[str | None, str]:
    """The entry's longest content (``content`` items, then ``summary``) and its media type."""
    candidates: list[tuple[str, str]] = [
        (str(item.get("value") or ""), str(item.get("type") or "text/html")) for item in entry.get("content") or []
    ]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((str(entry["summary"]), str(detail.get("type") or "text/html")))
    candidates = [(value, kind) for value, kind in candidates if value.strip()]
    if not candidates:
        return None, "text/html"
    value, kind = max(candidates, key=lambda c: len(_text(c[0])))
    return value, "text/html" if kind in HTML_TYPES else "text/plain"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(key)
        if isinstance(moment, time.struct_time):
            return time.strftime("%Y-%m-%d", moment)
    return None
