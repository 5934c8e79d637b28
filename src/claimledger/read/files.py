"""Stage 1 — read: files, directories, stdin and JSON Lines, and the dispatch of every input to its reader.

:func:`read_inputs` takes what the user named — ``-`` (standard input), ``http(s)://`` URLs, directories
(walked recursively by extension), WARC/ARC files, RSS/Atom files, ``.jsonl`` files (one article per line) and
text/HTML files — and yields, in order, a :class:`~claimledger.records.Document` (origin, SHA-256, read time,
media type, decoded content) or a :class:`~claimledger.read.document.ReadFailure` with one readable line per
input, entry or record: a bad input never stops the batch.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from claimledger.errors import InputError
from claimledger.read.document import (
    SNIFF_BYTES,
    JsonLimit,
    ReadFailure,
    document_from_bytes,
    load_json,
    refuse_xml,
)
from claimledger.read.feeds import FEED_SUFFIXES, is_url, looks_like_feed, read_feed, read_url
from claimledger.read.paths import walk
from claimledger.read.payload import TooLarge, inflate_capped
from claimledger.read.warc import is_warc_path, read_warc
from claimledger.read.web import Fetcher
from claimledger.records import Document
from claimledger.settings import Settings

if TYPE_CHECKING:
    from claimledger.read.metadata import FileMetadata


GZIP_MAGIC = b"\x1f\x8b"


def _inner_suffix(path: Path) -> str:
    """The extension that says what a file holds: of ``page.html.gz``, ``.html``.

    >>> _inner_suffix(Path("page.HTML.gz")), _inner_suffix(Path("notes.txt")), _inner_suffix(Path("x.gz"))
    ('.html', '.txt', '')
    """
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".gz" else suffix


def _media_type_for(path: Path) -> str | None:
    if _inner_suffix(path) in (".html", ".htm", ".xhtml"):
        return "text/html"
    return None


def gunzip_file(data: bytes, settings: Settings) -> bytes:
    """The bytes of a gzipped file, unzipped, under the same byte limit as any file (``settings.max_bytes``
    applies to what it unzips to, so a small file that unzips to gigabytes stops at the limit).

    Raises :class:`InputError` for corrupt or truncated gzip data and past the limit.
    """
    try:
        return inflate_capped([data], "gzip", settings.max_bytes, complete=True)
    except TooLarge:
        raise InputError(
            f"too large: a gzipped file that unzips to more than {settings.max_bytes:,} bytes (limit "
            f"{settings.max_bytes:,}; setting CLAIMLEDGER_MAX_BYTES)"
        ) from None


def read_file(path: Path, settings: Settings) -> Iterator[Document | ReadFailure]:
    """The documents of one file: one, or one per line of a ``.jsonl`` file."""
    origin = str(path)
    try:
        if path.exists() and not path.is_file() and not path.is_dir():
            raise InputError("not a regular file (a pipe, socket or device)")
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(f"too large: {size:,} bytes (limit {settings.max_bytes:,}; setting CLAIMLEDGER_MAX_BYTES)")
        data = path.read_bytes()
    except InputError as exc:
        yield ReadFailure(origin, str(exc))
        return
    except FileNotFoundError:
        yield ReadFailure(origin, "no such file or directory")
        return
    except PermissionError:
        yield ReadFailure(origin, "permission denied")
        return
    except IsADirectoryError:
        yield ReadFailure(origin, "is a directory")
        return
    except OSError as exc:
        yield ReadFailure(origin, f"cannot read: {exc.strerror or exc}")
        return
    if data.startswith(GZIP_MAGIC):  # a gzipped page, text or JSON Lines file (web archives are read above)
        try:
            data = gunzip_file(data, settings)
        except InputError as exc:
            yield ReadFailure(origin, str(exc))
            return
    if _inner_suffix(path) == ".jsonl":
        yield from read_jsonl(data, origin, settings)
        return
    try:
        if _inner_suffix(path) in FEED_SUFFIXES:  # not a feed (see read_inputs): HTML or text, else refused
            refuse_xml(data)
        yield document_from_bytes(data, origin, settings=settings, media_type=_media_type_for(path))
    except InputError as exc:
        yield ReadFailure(origin, str(exc))


def read_jsonl(data: bytes, origin: str, settings: Settings) -> Iterator[Document | ReadFailure]:
    """One document per line: ``{"text"|"html": ..., "url", "published", "title"}``.

    Each line is a record of its own, decoded (strict UTF-8) and parsed (within the JSON limits of
    :func:`~claimledger.read.document.load_json`) alone: a bad line is one failure line, the others go on.
    """
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{origin}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ReadFailure(where, f"JSON Lines must be UTF-8 (invalid byte at column {exc.start + 1:,})")
            continue
        try:
            record = load_json(line, settings)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except JsonLimit as exc:
            yield ReadFailure(where, str(exc))
            continue
        if not isinstance(record, dict):
            yield ReadFailure(where, "each line must be a JSON object")
            continue
        body = record.get("html") if record.get("html") is not None else record.get("text")
        if not isinstance(body, str):
            yield ReadFailure(where, 'a record needs a "text" or "html" string')
            continue
        meta = {k: record.get(k) for k in ("url", "published", "title")}
        bad = [k for k, v in meta.items() if v is not None and not isinstance(v, str)]
        if bad:
            yield ReadFailure(where, f'"{bad[0]}" must be a string')
            continue
        try:
            yield document_from_bytes(
                body.encode("utf-8"),
                meta["url"] or where,
                settings=settings,
                media_type="text/html" if "html" in record and record["html"] is not None else "text/plain",
                url=meta["url"],
                published=meta["published"],
                title=meta["title"],
            )
        except InputError as exc:
            yield ReadFailure(where, str(exc))


def read_stream(stream: BinaryIO, settings: Settings, origin: str = "<stdin>") -> Iterator[Document | ReadFailure]:
    data = stream.read(settings.max_bytes + 1)
    try:
        yield document_from_bytes(data, origin, settings=settings)
    except InputError as exc:
        yield ReadFailure(origin, str(exc))


def read_inputs(
    paths: Iterable[str], settings: Settings, metadata: Mapping[str, FileMetadata] | None = None
) -> Iterator[Document | ReadFailure]:
    """Every document under the given inputs, in order.

    An input is ``-`` (standard input), an ``http(s)://`` URL (a page, or every entry of a feed), a
    directory (walked recursively), a WARC/ARC file (its HTML responses), an RSS/Atom file (its entries),
    a ``.jsonl`` file (one article per line) or a text/HTML file. ``metadata`` (a file, as this names it → its
    row of a metadata file: :meth:`~claimledger.read.metadata.ArticleMetadata.bind`) fills in what the documents
    read from that file do not say of themselves.
    """
    fetcher: Fetcher | None = None

    def web() -> Fetcher:
        nonlocal fetcher
        if fetcher is None:
            fetcher = Fetcher(settings)
        return fetcher

    def one(path: Path) -> Iterator[Document | ReadFailure]:
        row = metadata.get(str(path)) if metadata else None
        if row is None:
            yield from read_one(path)
        else:
            yield from (item if isinstance(item, ReadFailure) else row.apply(item) for item in read_one(path))

    def read_one(path: Path) -> Iterator[Document | ReadFailure]:
        if is_warc_path(path):
            yield from read_warc(path, settings)
        elif path.suffix.lower() in FEED_SUFFIXES and _sniff_feed(path):
            yield from read_feed(path, settings, fetch=web().fetch)
        else:
            yield from read_file(path, settings)

    try:
        for raw in paths:
            if raw == "-":
                yield from read_stream(sys.stdin.buffer, settings)
            elif is_url(raw):
                yield from read_url(raw, settings, fetcher=web())
            elif Path(raw).is_dir():
                try:
                    yield from (item for file in walk(Path(raw), settings) for item in one(file))
                except PermissionError:
                    yield ReadFailure(raw, "permission denied")
            else:
                yield from one(Path(raw))
    finally:
        if fetcher is not None:
            fetcher.close()


def count_inputs(paths: Iterable[str], settings: Settings) -> int | None:
    r"""How many items (documents and failures) :func:`read_inputs` yields for ``paths``, known before reading
    them: one per file, one per non-blank line of a ``.jsonl`` file; ``None`` when an input's count is known only
    once it is read — standard input, a URL, a feed, a web archive.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("One.", encoding="utf-8")
    >>> _ = (folder / "b.jsonl").write_text('{"text": "Two."}\n\n{"text": "Three."}\n', encoding="utf-8")
    >>> count_inputs([str(folder), str(folder / "missing.txt")], Settings()), count_inputs(["-"], Settings())
    (4, None)
    """
    total = 0
    for raw in paths:
        if raw == "-" or is_url(raw):
            return None
        files = [Path(raw)]
        if files[0].is_dir():
            try:
                files = list(walk(files[0], settings))
            except PermissionError:
                files = [files[0]]  # one failure line
        for path in files:
            count = _count_file(path, settings)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path, settings: Settings) -> int | None:
    if is_warc_path(path) or (path.suffix.lower() in FEED_SUFFIXES and _sniff_feed(path)):
        return None
    if _inner_suffix(path) != ".jsonl":
        return 1
    if path.suffix.lower() == ".gz":
        return None  # its lines are counted once it is unzipped
    try:
        if not path.is_file() or path.stat().st_size > settings.max_bytes:
            return 1  # one failure line
        data = path.read_bytes()
    except OSError:
        return 1
    return sum(1 for line in data.removeprefix(b"\xef\xbb\xbf").splitlines() if line.strip())  # as read_jsonl


def _sniff_feed(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(SNIFF_BYTES))
    except OSError:
        return False  # read_file reports why
