"""Stage 1 — read: bytes from files, directories, stdin or JSON Lines, with their provenance.

Each input becomes a :class:`~claimledger.records.Document` (origin, SHA-256, read time, media type,
decoded content) or a :class:`ReadFailure` with one readable line: a bad input never stops the batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from claimledger.errors import InputError
from claimledger.extract import looks_like_html
from claimledger.records import Document
from claimledger.settings import Settings


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read, and why (one line, for the user)."""

    origin: str
    message: str


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


LATIN_LOOKALIKES = frozenset({"cp1250", "cp1257", "iso8859_2", "iso8859_4", "iso8859_13", "cp1254", "iso8859_9"})


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: UTF-8 first (the web's default), else the encoding charset-normalizer detects.

    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError("empty input")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError("binary file, not text or HTML")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the bytes as text (unknown encoding)")
    text, encoding = str(best), best.encoding
    # Short Western-European text is often guessed as another Latin code page ("déją" for "déjà"); the
    # pipeline reads English news, where Windows-1252 is by far the likeliest single-byte encoding.
    if encoding in LATIN_LOOKALIKES or encoding.startswith("mac_"):
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("cp1252"), "cp1252"
    if _control_ratio(text) > 0.05:
        raise InputError("binary file, not text or HTML")
    return text, encoding


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / max(1, len(sample))


def document_from_bytes(
    data: bytes,
    origin: str,
    *,
    settings: Settings,
    media_type: str | None = None,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Document:
    """One :class:`Document` from raw bytes; ``media_type`` is sniffed when not given."""
    if len(data) > settings.max_bytes:
        raise InputError(
            f"too large: {len(data):,} bytes (limit {settings.max_bytes:,}; setting CLAIMLEDGER_MAX_BYTES)"
        )
    text, encoding = decode(data)
    if _control_ratio(text) > 0.05:
        raise InputError("binary file, not text or HTML")
    if media_type is None:
        media_type = "text/html" if looks_like_html(text) else "text/plain"
    return Document(
        origin=origin,
        sha256=sha256(data),
        read_at=now_iso(),
        media_type=media_type,
        content=text,
        encoding=encoding,
        url=url,
        published=published,
        title=title,
    )


def _media_type_for(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "text/html"
    return None


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
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(data, origin, settings)
        return
    try:
        yield document_from_bytes(data, origin, settings=settings, media_type=_media_type_for(path))
    except InputError as exc:
        yield ReadFailure(origin, str(exc))


def read_jsonl(data: bytes, origin: str, settings: Settings) -> Iterator[Document | ReadFailure]:
    """One document per line: ``{"text"|"html": ..., "url", "published", "title"}``."""
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        yield ReadFailure(origin, "JSON Lines must be UTF-8")
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
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


def _known_extension(path: Path, settings: Settings) -> bool:
    name = path.name.lower()
    return any(name.endswith(ext) for ext in settings.extension_set)


def walk(path: Path, settings: Settings) -> Iterator[Path]:
    """Files under a directory with a known extension, in a stable (sorted) order; hidden ones skipped."""
    for child in sorted(path.rglob("*")):
        if any(part.startswith(".") for part in child.relative_to(path).parts):
            continue
        if child.is_file() and _known_extension(child, settings):
            yield child


def read_stream(stream: BinaryIO, settings: Settings, origin: str = "<stdin>") -> Iterator[Document | ReadFailure]:
    data = stream.read(settings.max_bytes + 1)
    try:
        yield document_from_bytes(data, origin, settings=settings)
    except InputError as exc:
        yield ReadFailure(origin, str(exc))


def read_inputs(paths: Iterable[str], settings: Settings) -> Iterator[Document | ReadFailure]:
    """Every document under the given inputs, in order.

    An input is ``-`` (standard input), an ``http(s)://`` URL (a page, or every entry of a feed), a
    directory (walked recursively), a WARC/ARC file (its HTML responses), an RSS/Atom file (its entries),
    a ``.jsonl`` file (one article per line) or a text/HTML file.
    """
    from claimledger.sources import (
        FEED_SUFFIXES,
        Fetcher,
        is_url,
        is_warc_path,
        looks_like_feed,
        read_feed,
        read_url,
        read_warc,
    )

    fetcher: Fetcher | None = None

    def web() -> Fetcher:
        nonlocal fetcher
        if fetcher is None:
            fetcher = Fetcher(settings)
        return fetcher

    def one(path: Path) -> Iterator[Document | ReadFailure]:
        if is_warc_path(path):
            yield from read_warc(path, settings)
        elif path.suffix.lower() in FEED_SUFFIXES and _sniff_feed(path, looks_like_feed):
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


def _sniff_feed(path: Path, looks_like_feed: Callable[[bytes], bool]) -> bool:
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(4096))
    except OSError:
        return False  # read_file reports why
