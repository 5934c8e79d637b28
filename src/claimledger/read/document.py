"""Stage 1 — read: the shared core of every reader — bytes to a Document, or one failure line.

:func:`document_from_bytes` turns raw bytes into a :class:`~claimledger.records.Document` (origin, SHA-256,
read time, media type, decoded content) under the byte limit of the settings; :func:`decode` finds the
encoding; :class:`ReadFailure` is what a reader yields for an input it cannot read, so that a bad input never
stops the batch. The file, feed, WARC and web readers of this package all build on this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass

import charset_normalizer

from claimledger.errors import InputError
from claimledger.records import Document, now_iso
from claimledger.settings import Settings


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that failed, where and why (one line, for the user).

    ``stage``: the pipeline stage it failed in — ``read`` (the input itself), ``analyse`` (extraction,
    cleaning, parsing, attribution or enrichment) or ``store`` (the ledger).
    """

    origin: str
    message: str
    stage: str = "read"


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


_SNIFF_RE = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<p[\s>]|<div[\s>]|<article[\s>]|<title[\s>]|<meta\s",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """A cheap sniff: a doctype or an ``<html>``/``<head>``/``<body>``/``<p>``-like tag near the start.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("The minister said on Tuesday that <p> is a tag.")
    False
    """
    head = text[:2048].lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    return _SNIFF_RE.search(head[:1024]) is not None


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
