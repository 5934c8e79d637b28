"""Import a JSON Lines export of articles (``claimledger export --articles``) into a ledger.

Each record carries the full article (text, spans, attributions …), its document's provenance (origin,
SHA-256, read time, media type) and ``copy_of``. Importing into a fresh ledger reproduces the exported
ledger: an export of it is the same bytes, and claims are linked as on ingest. The ledger keeps no
document bytes, so an imported document's ``size`` is that of the article text and its encoding is unknown.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

import sqlalchemy as sa
from pydantic import ValidationError

from claimledger.errors import InputError
from claimledger.ledger.schema import articles, documents
from claimledger.ledger.store import CopyMatch, Ledger
from claimledger.ledger.writer import DETECT, Detect, IngestSummary, LedgerWriter
from claimledger.read.document import load_json
from claimledger.records import Article, Document, article_from_dict, to_dict
from claimledger.settings import Settings

DOCUMENT_FIELDS = ("origin", "sha256", "read_at", "media_type")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _misplaced(article: Article) -> str | None:
    """The first span that does not index the article's text, described; ``None`` when all do."""
    text = article.text

    def walk(node: Any) -> str | None:
        if isinstance(node, list):
            return next((found for x in node if (found := walk(x))), None)
        if not isinstance(node, dict):
            return None
        start, end, span = node.get("start"), node.get("end"), node.get("text")
        if isinstance(start, int) and isinstance(end, int) and isinstance(span, str) and text[start:end] != span:
            return f"{start}–{end} {span[:40]!r}"
        return next((found for k, v in node.items() if k != "metadata" and (found := walk(v))), None)

    return walk({k: v for k, v in to_dict(article).items() if k != "text"})


def _optional_int(data: dict[str, Any], key: str) -> int | None:
    value = data.pop(key, None)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{key} is not an integer")
    return value


def parse_article_record(
    line: str, settings: Settings | None = None
) -> tuple[int | None, Document, Article, tuple[int, float] | None]:
    """One line of an articles export → (its id there, the document, the article, (copy_of, similarity)).

    The JSON is read within the limits of ``settings`` (nesting, number size, Unicode strings: see
    :func:`~claimledger.read.document.load_json`); every problem is a :class:`ValueError` with one line.
    """
    try:
        data = load_json(line, settings or Settings())
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    doc = data.pop("document", None)
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), str) for k in DOCUMENT_FIELDS):
        raise ValueError(f"no document {{{', '.join(DOCUMENT_FIELDS)}}}: is this an export of --articles?")
    if not _SHA256.fullmatch(doc["sha256"]):
        raise ValueError("document.sha256 is not a SHA-256 hex digest")
    old_id, copy_of = _optional_int(data, "id"), _optional_int(data, "copy_of")
    similarity = data.pop("copy_similarity", None)
    if copy_of is not None and not isinstance(similarity, int | float):
        raise ValueError("copy_of without a numeric copy_similarity")
    try:
        article = article_from_dict(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "record"
        raise ValueError(f"not an article record: {where}: {first['msg']}") from None
    if (bad := _misplaced(article)) is not None:
        raise ValueError(f"the span {bad} does not match the article's text at its offsets")
    meta = article.metadata
    document = Document(
        **{k: doc[k] for k in DOCUMENT_FIELDS},
        content=article.text,
        url=meta.url,
        published=meta.published,
        title=meta.title,
    )
    return old_id, document, article, (copy_of, float(similarity)) if copy_of is not None else None


def _stored_id(ledger: Ledger, sha256: str) -> int | None:
    with ledger.connect() as conn:
        found = conn.scalar(
            sa.select(articles.c.id)
            .join(documents, documents.c.id == articles.c.document_id)
            .where(documents.c.sha256 == sha256)
        )
    return None if found is None else int(found)


def _original(
    ledger: Ledger, copy: tuple[int, float] | None, new_ids: dict[int, int], detect: bool
) -> CopyMatch | Detect | None:
    """The original an imported article copies: the record's (mapped to its new id), none, or detection's.

    An original neither in the file nor in the ledger is looked for by copy detection, as are all originals
    when the ledger held articles before (the article may copy one of those).
    """
    if copy is not None and copy[0] in new_ids:
        with ledger.connect() as conn:
            return CopyMatch(ledger.original_of(conn, new_ids[copy[0]]), copy[1])
    if copy is None and not detect:
        return None
    return DETECT


def import_jsonl(ledger: Ledger, inp: TextIO, *, settings: Settings | None = None) -> IngestSummary:
    """Store the articles of a JSON Lines articles export through the ledger's writer; returns its summary.

    Articles already stored (the same document SHA-256) are skipped. ``copy_of`` is mapped to the new
    ids of the originals (see :func:`_original`). Each article is stored whole, in order, with its claims
    linked and their figures kept; a bad line (not an article record, over a JSON limit of the settings, longer
    than ``settings.max_bytes``) stops the import with an :class:`InputError` naming the line, and the articles
    before it stay stored (a re-run skips them).
    """
    settings = settings or Settings()
    writer = LedgerWriter(ledger, settings)
    detect = ledger.count() > 0
    new_ids: dict[int, int] = {}
    number = 0
    limit = settings.max_bytes
    try:
        for number, line in enumerate(iter(lambda: inp.readline(limit + 1), ""), 1):  # the last names a decoding error
            if len(line) > limit:
                raise InputError(f"line {number}: longer than {limit:,} characters (setting CLAIMLEDGER_MAX_BYTES)")
            if not line.strip():
                continue
            try:
                old_id, document, article, copy = parse_article_record(line, settings)
            except ValueError as exc:
                imported = writer.summary.new
                stored = "1 new article before it is" if imported == 1 else f"{imported} new articles before it are"
                before = f" ({stored} stored; a re-run skips them)" if imported else ""
                raise InputError(f"line {number}: {exc}{before}") from None
            article_id = None
            if not writer.seen(document):
                article_id = writer.write(document, article, original=_original(ledger, copy, new_ids, detect))
                if writer.summary.failed:
                    raise InputError(f"line {number}: {writer.summary.failed[-1].message}")
            if article_id is None:
                article_id = _stored_id(ledger, document.sha256)  # stored before, or meanwhile by another process
            if old_id is not None and article_id is not None:
                new_ids[old_id] = article_id
    except UnicodeDecodeError:
        raise InputError(f"line {number + 1}: not UTF-8 text") from None
    return writer.finish()
