"""Stage 1 — read: web archives (WARC and ARC, gzipped or not) to documents, one per archived HTML page.

Only ``response`` records (ARC records are read as such) with HTTP status 200 and an HTML content type
(``text/html``, ``application/xhtml+xml``) become documents; every other record — requests, metadata,
redirects, errors, images, scripts — is skipped without a failure line: an archive of a crawl is mostly such
records. Skipped records are logged at DEBUG level and counted in an optional :class:`WarcSummary`.

A document's origin is ``"<path>#<offset>"`` (the record's byte offset, as in a CDX index), its ``url`` the
WARC-Target-URI and its ``read_at`` the WARC-Date (when the page was captured, not when the archive was read).
The charset comes from the HTTP Content-Type header when the bytes are not UTF-8.

Limits: a record whose payload (or its inflated Content-Encoding) exceeds ``settings.max_bytes`` gets one
failure line ("record larger than the limit") and is skipped; it is read in pieces, never held in memory, and a
gzipped archive is inflated in small blocks, so a gzip bomb costs time, not memory. A truncated or corrupt
archive yields, after the documents of the good records before it, one failure line "truncated or invalid
WARC after N records: …" and stops.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from claimledger.errors import InputError
from claimledger.read.document import ReadFailure
from claimledger.read.payload import (
    HTML_TYPES,
    TooLarge,
    chunks,
    drain,
    inflate_capped,
    make_document,
    parse_content_type,
)
from claimledger.records import Document
from claimledger.settings import Settings

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# warcio inflates a gzipped archive one compressed block at a time; deflate expands at most ~1032:1, so a
# 4 KiB block holds at most ~4 MiB inflated, whatever the archive holds.
BLOCK_SIZE = 4096
NOT_PER_RECORD = "the file is one gzip stream, not one gzip member per record as WARC requires"


@dataclass(slots=True)
class WarcSummary:
    """What :func:`read_warc` saw: records read, documents made, records skipped, failures."""

    records: int = 0
    documents: int = 0
    skipped: int = 0
    failures: int = 0


class _Broken(Exception):
    """The archive ends early or is corrupt inside a record."""


def is_warc_path(path: Path) -> bool:
    """Whether a file name says WARC or ARC (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``)."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, settings: Settings, summary: WarcSummary | None = None) -> Iterator[Document | ReadFailure]:
    """The HTML pages archived in a WARC or ARC file, gzipped or not, in archive order."""
    seen = summary if summary is not None else WarcSummary()
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield ReadFailure(str(path), "no such file or directory")
        return
    except PermissionError:
        yield ReadFailure(str(path), "permission denied")
        return
    except OSError as exc:
        yield ReadFailure(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        archive = ArchiveIterator(handle, arc2warc=True, block_size=BLOCK_SIZE)
        records = iter(archive)
        try:
            while (record := _next(records)) is not None:
                origin = f"{path}#{archive.offset}"
                try:
                    item = _record(record, origin, settings)
                except (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError) as exc:
                    raise _Broken(_reason(exc)) from None
                seen.records += 1
                if item is None:
                    seen.skipped += 1
                    continue
                if isinstance(item, ReadFailure):
                    seen.failures += 1
                else:
                    seen.documents += 1
                yield item
            if archive.offset < size:  # warcio stops quietly at a record cut short: its start is where it stopped
                raise _Broken(f"the record at {path}#{archive.offset} is cut short or unreadable")
        except _Broken as exc:
            seen.failures += 1
            yield ReadFailure(str(path), f"truncated or invalid WARC after {seen.records} records: {exc}")
        finally:
            archive.close()


def _next(records: Iterator[Any]) -> Any | None:
    """The next record, ``None`` at the end; :class:`_Broken` for whatever warcio raises on damaged input."""
    try:
        return next(records)
    except StopIteration:
        return None
    except ArchiveLoadFailed as exc:
        if "non-chunked gzip" in str(exc):
            raise _Broken(f"{NOT_PER_RECORD} (fix it with `warcio recompress IN OUT`)") from None
        raise _Broken(_reason(exc)) from None
    except (StatusAndHeadersParserException, zlib.error, EOFError) as exc:
        raise _Broken(_reason(exc)) from None
    except Exception as exc:  # warcio fails in assorted ways (AttributeError, IndexError) on cut-off headers
        raise _Broken(f"malformed record headers ({type(exc).__name__}: {_reason(exc)})") from None


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _record(record: Any, origin: str, settings: Settings) -> Document | ReadFailure | None:
    """One record as a document, a failure, or ``None`` (skipped); reads the record to its end."""
    stream = record.raw_stream
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        raise _Broken(f"the record at {origin} has no valid Content-Length")
    try:
        return _page(record, origin, settings)
    finally:
        drain(stream)
        if isinstance(stream, LimitReader) and stream.limit > 0:
            raise _Broken(f"the record at {origin} ends {stream.limit:,} bytes early")


def _page(record: Any, origin: str, settings: Settings) -> Document | ReadFailure | None:
    target = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        log.debug("%s: skipped a %s record", origin, record.rec_type)
        return None
    status = http.get_statuscode()
    media_type, charset = parse_content_type(http.get_header("Content-Type"))
    if status != "200" or media_type not in HTML_TYPES:
        log.debug("%s: skipped %s (HTTP %s, %s)", origin, target, status, media_type)
        return None
    limit = settings.max_bytes
    if record.payload_length > limit:
        return ReadFailure(origin, _too_large(record.payload_length, limit))
    stream = record.raw_stream
    if (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(stream)  # bounded: the payload length was checked above
    try:
        data = inflate_capped(chunks(stream), http.get_header("Content-Encoding"), limit)
        return make_document(
            data,
            origin,
            settings=settings,
            media_type="text/html",
            charset=charset,
            url=target,
            read_at=_iso(record.rec_headers.get_header("WARC-Date")),
        )
    except TooLarge:
        return ReadFailure(origin, _too_large(None, limit))
    except InputError as exc:
        return ReadFailure(origin, str(exc))


def _too_large(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes" if size is not None else "inflates past the limit"
    return f"record larger than the limit ({what}; limit {limit:,}; setting CLAIMLEDGER_MAX_BYTES)"


def _iso(value: str | None) -> str | None:
    """A WARC-Date (``2024-01-02T03:04:05Z``) in the form of ``read_at`` (``2024-01-02T03:04:05+00:00``)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return value.strip()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
