"""Stage 1 — read: bytes to documents for the WARC, feed and web readers: content types, charsets, bounded inflation.

Everything here keeps memory bounded by the byte limit it is given: a compressed payload is inflated in
steps of at most ``limit + 1`` bytes (``zlib``'s ``max_length``), so a gzip bomb stops at the limit instead of
filling memory.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

from claimledger.errors import InputError
from claimledger.read.document import document_from_bytes
from claimledger.records import Document
from claimledger.settings import Settings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CHUNK = 65_536


class TooLarge(Exception):
    """A payload grew past its byte limit (raised before the excess is held in memory)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit:,} bytes")
        self.limit = limit


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=ISO-8859-1"`` → ``("text/html", "iso-8859-1")``; ``(None, None)`` when absent."""
    if not value or not value.strip():
        return None, None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset" and raw.strip():
            charset = raw.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset


def document_media_type(media_type: str | None) -> str | None:
    """The :class:`Document` media type for an HTTP one: HTML → ``text/html``, other text → ``text/plain``."""
    if media_type is None:
        return None
    return "text/html" if media_type in HTML_TYPES else "text/plain"


def chunks(stream: Readable, size: int = CHUNK) -> Iterator[bytes]:
    """The bytes of a stream in pieces of at most ``size``."""
    while piece := stream.read(size):
        yield piece


def drain(stream: Readable) -> int:
    """Read a stream to its end without keeping it; the number of bytes read."""
    return sum(len(piece) for piece in chunks(stream))


def inflate_capped(
    pieces: Iterable[bytes], content_encoding: str | None, limit: int, *, complete: bool = False
) -> bytes:
    """Join ``pieces`` and undo a ``gzip``/``deflate`` content encoding, never holding more than ``limit + 1`` bytes.

    A stream cut short gives what it holds (as browsers show a page whose transfer broke off), unless
    ``complete``: then it is refused, as a truncated file must be.

    Raises :class:`TooLarge` past the limit and :class:`InputError` for an unknown encoding, corrupt data, or
    (``complete``) a stream that ends before its end marker.
    """
    encoding = (content_encoding or "").strip().lower()
    out = bytearray()
    if encoding in ("", "identity", "none"):
        for piece in pieces:
            out += piece
            if len(out) > limit:
                raise TooLarge(limit)
        return bytes(out)
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise InputError(f"unsupported content encoding {encoding!r}")
    inflater: zlib._Decompress | None = None
    for piece in pieces:
        data = piece
        while data:
            if inflater is None:
                inflater = zlib.decompressobj(_wbits(encoding, data))
            try:
                out += inflater.decompress(data, limit + 1 - len(out))
            except zlib.error as exc:
                raise InputError(f"corrupt {encoding} data: {exc}") from None
            if len(out) > limit:
                raise TooLarge(limit)
            data = inflater.unconsumed_tail
            if inflater.eof:
                # another gzip member may follow; anything else after the end is ignored, as browsers do
                if encoding == "deflate" or not inflater.unused_data.startswith(b"\x1f\x8b"):
                    return bytes(out)
                data, inflater = inflater.unused_data, None
    if complete and (inflater is None or not inflater.eof):
        raise InputError(f"truncated {encoding} data: the stream ends before its end")
    return bytes(out)


def _wbits(encoding: str, head: bytes) -> int:
    if encoding != "deflate":
        return 16 + zlib.MAX_WBITS
    # "deflate" is meant to be zlib-wrapped, but many servers send a raw deflate stream
    zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and ((head[0] << 8) | head[1]) % 31 == 0
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS


def decode_with_charset(data: bytes, charset: str | None) -> tuple[str, str] | None:
    """Decode with a declared charset when it names a known codec and the bytes fit it; else ``None``."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # as browsers do (WHATWG Encoding): these labels mean windows-1252
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


def make_document(
    data: bytes,
    origin: str,
    *,
    settings: Settings,
    media_type: str | None,
    charset: str | None = None,
    url: str | None = None,
    read_at: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Document:
    """:func:`~claimledger.read.document.document_from_bytes`, then the declared charset and the archive's read time.

    Bytes that are valid UTF-8 stay UTF-8 (a reliable signal, and mislabelled pages are common); otherwise the
    declared ``charset`` wins over charset-normalizer's guess when the bytes decode cleanly with it.
    Raises :class:`InputError` like ``document_from_bytes``.
    """
    doc = document_from_bytes(
        data, origin, settings=settings, media_type=media_type, url=url, published=published, title=title
    )
    if doc.encoding != "utf-8" and (declared := decode_with_charset(data, charset)) is not None:
        doc.content, doc.encoding = declared
    if read_at:
        doc.read_at = read_at
    return doc
