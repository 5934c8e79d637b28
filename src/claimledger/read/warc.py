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
gzipped archive is inflated in small blocks, so a gzip bomb costs time, not memory — in the headers too: a
record's headers (WARC and HTTP) past ``settings.max_header_bytes`` stop the archive with one line. A truncated
or corrupt archive yields, after the documents of the good records before it, one failure line "truncated or
invalid WARC after N records: …" and stops. A record not followed by the blank lines that end a record (its
Content-Length is wrong, so its content is too) gets one failure line of its own instead of a document, and the
archive stops there: where the next record starts is unknown. warcio prints nothing.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader, DecompressingBufferedReader
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
MISALIGNED = (
    "the record's Content-Length does not match its content (it is not followed by the blank lines that end "
    "a record); the rest of the archive is not read"
)
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
        archive = _Archive(handle, settings.max_header_bytes)
        records = iter(archive)
        # A record is yielded only once the next one is found where it should be: a record followed by
        # anything but the blank lines that end it had a wrong Content-Length, and its content is wrong too.
        pending: Document | ReadFailure | None = None
        origin = str(path)
        try:
            while True:
                try:
                    record = _next(records)
                except _Misaligned:
                    _uncount(seen, pending)
                    seen.failures += 1
                    yield ReadFailure(origin, MISALIGNED)
                    return
                if pending is not None:
                    yield pending
                    pending = None
                if record is None:
                    break
                origin = f"{path}#{archive.offset}"
                try:
                    pending = _record(record, origin, settings)
                except _HeadersTooLarge as exc:
                    raise _Broken(str(exc)) from None
                except (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError) as exc:
                    raise _Broken(_reason(exc)) from None
                seen.records += 1
                if pending is None:
                    seen.skipped += 1
                elif isinstance(pending, ReadFailure):
                    seen.failures += 1
                else:
                    seen.documents += 1
            if archive.offset < size:  # warcio stops quietly at a record cut short: its start is where it stopped
                raise _Broken(f"the record at {path}#{archive.offset} is cut short or unreadable")
        except _Broken as exc:
            if pending is not None:  # read in full before the damage
                yield pending
            seen.failures += 1
            yield ReadFailure(str(path), f"truncated or invalid WARC after {seen.records} records: {exc}")
        finally:
            archive.close()


def _uncount(seen: WarcSummary, item: Document | ReadFailure | None) -> None:
    """Take back what a record was counted as, before it is counted as a failure."""
    if item is None:
        seen.skipped -= 1
    elif isinstance(item, ReadFailure):
        seen.failures -= 1
    else:
        seen.documents -= 1


class _Misaligned(Exception):
    """A record is followed by something other than the blank lines that end it: its Content-Length is wrong."""


class _HeadersTooLarge(Exception):
    """A record's headers (WARC and HTTP) grew past the limit before they ended."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"record headers larger than the limit ({limit:,} bytes; setting CLAIMLEDGER_MAX_HEADER_BYTES)"
        )


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with the headers bounded and no messages of its own on standard error.

    warcio reads headers line by line, and a line as far as its newline: 2 GB of zeros gzipped into 2 MB make
    one 2 GB line. Here the lines read since the last payload read (the headers of a record, WARC and HTTP)
    may hold at most ``limit`` bytes; past that :class:`_HeadersTooLarge` is raised, having held at most one
    inflated block (``BLOCK_SIZE``) more. Corrupt gzip data raises ``zlib.error`` instead of a printed message.
    """

    def __init__(self, stream: Any, limit: int) -> None:
        super().__init__(stream, block_size=BLOCK_SIZE)
        self.limit = limit
        self._header_bytes = 0

    def readline(self, length: int | None = None) -> bytes:
        room = self.limit + 1 - self._header_bytes
        line: bytes = super().readline(room if length is None else max(0, min(length, room)))
        self._header_bytes += len(line)
        if self._header_bytes > self.limit:
            raise _HeadersTooLarge(self.limit)
        return line

    def read(self, length: int | None = None) -> bytes:
        self._header_bytes = 0
        data: bytes = super().read(length)
        return data

    def _decompress(self, data: bytes) -> bytes:
        decompressor = cast(Any, self).decompressor  # set by warcio, untyped
        if not (decompressor and data):
            return data
        try:
            inflated: bytes = decompressor.decompress(data)
        except zlib.error:
            if self.num_block_read:  # warcio would print the error and carry on with nothing
                raise
            if self.decomp_type == "deflate":
                self._init_decomp("deflate_alt")
                return self._decompress(data)
            self.decompressor = None  # not compressed at all: read as it is
            return data
        return inflated


class _Archive(ArchiveIterator):
    """warcio's iterator over a :class:`_BoundedReader`, raising :class:`_Misaligned` instead of printing."""

    def __init__(self, handle: Any, header_limit: int) -> None:
        super().__init__(handle, arc2warc=True, block_size=BLOCK_SIZE)
        self.reader = _BoundedReader(self.fh, header_limit)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """The blank lines after a record: (the next non-blank line or ``None`` at the end, their size)."""
        empty_size = 0
        while line := self.reader.readline():
            if line.strip():
                if empty_size == 0:
                    raise _Misaligned
                return line, empty_size
            empty_size += len(line)
        return None, empty_size


def _next(records: Iterator[Any]) -> Any | None:
    """The next record, ``None`` at the end; :class:`_Broken` for whatever warcio raises on damaged input."""
    try:
        return next(records)
    except StopIteration:
        return None
    except _Misaligned:
        raise
    except _HeadersTooLarge as exc:
        raise _Broken(str(exc)) from None
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
