"""Stage 1 — read: the shared core of every reader — bytes to a Document, or one failure line.

:func:`document_from_bytes` turns raw bytes into a :class:`~claimledger.records.Document` (origin, SHA-256,
read time, media type, decoded content) under the byte limit of the settings; :func:`decode` finds the
encoding; :class:`ReadFailure` is what a reader yields for an input it cannot read, so that a bad input never
stops the batch. The file, feed, WARC and web readers of this package all build on this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
WIDE_ENCODINGS = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, strictly: UTF-8 whenever it decodes, UTF-16 (with or without a BOM), else the
    encoding charset-normalizer detects — but never a guess for text that is mostly UTF-8.

    Bytes that are mostly valid UTF-8 with a few invalid bytes (text pasted together from two encodings) are
    refused, naming the first bad byte: decoding them as some other code page would garble every UTF-8
    character, and replacing the bad bytes would store text the source never held.

    >>> decode("naïve".encode("utf-16-le"))
    ('naïve', 'utf-16-le')
    >>> decode("The café owner said the préfet had left.".encode("cp1252"))
    ('The café owner said the préfet had left.', 'cp1252')

    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError("empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    head = data[:8192]
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            raise InputError("binary file, not text or HTML")
        return _strict(data, encoding), encoding
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    _refuse_mixed_utf8(data, first_bad)
    matches = charset_normalizer.from_bytes(data, cp_exclusion=WIDE_ENCODINGS)  # UTF-16 is handled above
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


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the bytes as {encoding.upper()} (invalid at byte {exc.start:,})") from None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the NUL bytes fall on one side of each byte pair, as in UTF-16 text of
    mostly Latin letters; ``None`` (binary) otherwise."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= pairs / 2 and even == 0:
        return "utf-16-le"
    if even >= pairs / 2 and odd == 0:
        return "utf-16-be"
    return None


def _refuse_mixed_utf8(data: bytes, first_bad: int) -> None:
    """Raise when most non-ASCII bytes form valid UTF-8 sequences: the text is UTF-8 with foreign bytes in it."""
    non_ascii = len(_NON_ASCII.findall(data))
    in_utf8 = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    if in_utf8 * 2 < non_ascii:
        return
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    raise InputError(
        f"mixed encodings: UTF-8 text with {bad:,} invalid byte{'s' if bad != 1 else ''} (the first at byte "
        f"{first_bad:,}); convert the file to UTF-8"
    )


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


# The markup scan: what lxml would see as start tags, end tags, and the attributes of a start tag.
_MARKUP = re.compile(r"<(?:(/)?([a-zA-Z][^\s/>]*)|(!--)|[!?])")
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:(["'])|[^\s"'>]+))?""")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext", "noscript", "iframe", "noembed"})
# Elements that hold nothing (void) or whose end tag the parser implies (a <p> is closed by the next <p>):
# neither makes the tree deeper, however many a page leaves open.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont frame isindex "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp".split()
)


def check_markup(html: str, settings: Settings) -> None:
    """Refuse HTML that the parsers would choke on, before any of them sees it.

    A linear scan of the markup (comments and the content of ``<script>``, ``<style>`` and the like skipped)
    counts each start tag's attributes and the nesting of elements: more attributes on one element than
    ``settings.max_html_attributes`` (lxml checks each against all before it: quadratic) or elements nested
    deeper than ``settings.max_html_depth`` raise :class:`InputError` naming the limit and its setting.
    Void elements and those whose end tag is implied (``<p>``, ``<li>``, ``<td>`` …) do not count as nesting.

    >>> check_markup("<html><body><div><p>Hi<p>there</div></body></html>", Settings())
    >>> check_markup("<p " + " ".join(f"a{i}=1" for i in range(2000)) + ">", Settings())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    claimledger.errors.InputError: an HTML element with more than 1,000 attributes (<p> at character 0; ...)
    """
    max_attributes, max_depth = settings.max_html_attributes, settings.max_html_depth
    open_elements: list[str] = []
    pos, end = 0, len(html)
    while (found := _MARKUP.search(html, pos)) is not None:
        closing, name, comment = found.groups()
        if comment:
            close = html.find("-->", found.end())
            pos = end if close < 0 else close + 3
            continue
        if name is None:  # <!DOCTYPE …>, <![CDATA[ …, <?xml … ?>
            close = html.find(">", found.end())
            pos = end if close < 0 else close + 1
            continue
        name = name.lower()
        pos, count = _skip_attributes(html, found.end(), max_attributes)
        if count > max_attributes:
            raise InputError(
                f"an HTML element with more than {max_attributes:,} attributes (<{name[:40]}> at character "
                f"{found.start():,}; limit {max_attributes:,}; setting CLAIMLEDGER_MAX_HTML_ATTRIBUTES)"
            )
        if closing:
            if name in open_elements:
                del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name) :]
            continue
        if name in _RAW_TEXT:
            close = _find_end(html, name, pos)
            pos = end if close < 0 else close
            continue
        if name in _FLAT or html[pos - 2 : pos] == "/>":
            continue
        open_elements.append(name)
        if len(open_elements) > max_depth:
            raise InputError(
                f"HTML nested deeper than {max_depth:,} elements (<{name[:40]}> at character {found.start():,}; "
                f"limit {max_depth:,}; setting CLAIMLEDGER_MAX_HTML_DEPTH)"
            )


def _skip_attributes(html: str, pos: int, limit: int) -> tuple[int, int]:
    """(the position after a start tag's ``>``, its number of attributes), counting stopped past ``limit``.

    A quoted value runs to its closing quote (``<`` and ``>`` included, as in lxml); an unclosed one to the end.
    """
    count = 0
    while count <= limit:
        found = _ATTRIBUTE.match(html, pos)
        if found is None or found.end() == pos:
            break
        count += 1
        pos = found.end()
        quote = found.group(2)
        if quote:
            close = html.find(quote, pos)
            if close < 0:
                return len(html), count
            pos = close + 1
    close = html.find(">", pos)
    return (len(html) if close < 0 else close + 1), count


def _find_end(html: str, name: str, pos: int) -> int:
    """Where the end tag of a raw-text element (``</script``) starts, any case; -1 when there is none."""
    found = re.compile(rf"</{re.escape(name)}", re.IGNORECASE).search(html, pos)
    return -1 if found is None else found.start()


class JsonLimit(ValueError):
    """A JSON record over a limit of the settings, or holding text that is not Unicode; the message is the line."""


def load_json(line: str, settings: Settings) -> Any:
    """One JSON value, bounded: nesting up to ``settings.max_json_depth``, numbers up to
    ``settings.max_json_digits`` characters, strings of Unicode text only (no lone surrogate such as ``\\ud800``).

    >>> load_json('{"a": [1, 2.5, "b"]}', Settings())
    {'a': [1, 2.5, 'b']}
    >>> load_json('[' * 101 + ']' * 101, Settings())
    Traceback (most recent call last):
    claimledger.read.document.JsonLimit: JSON nested deeper than 100 levels (setting CLAIMLEDGER_MAX_JSON_DEPTH)

    Raises :class:`json.JSONDecodeError` for text that is not JSON and :class:`JsonLimit` past a limit.
    """
    digits = settings.max_json_digits

    def number(kind: Callable[[str], Any]) -> Callable[[str], Any]:
        def parse(literal: str) -> Any:
            if len(literal) > digits:
                raise JsonLimit(
                    f"a JSON number of {len(literal):,} characters (limit {digits:,}; setting "
                    "CLAIMLEDGER_MAX_JSON_DIGITS)"
                )
            return kind(literal)

        return parse

    deep = JsonLimit(f"JSON nested deeper than {settings.max_json_depth:,} levels (setting CLAIMLEDGER_MAX_JSON_DEPTH)")
    try:
        value = json.loads(line, parse_int=number(int), parse_float=number(float))
    except RecursionError:  # the decoder recurses once per level: far past any limit of ours
        raise deep from None
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, str):
            if not node.isascii():
                _unicode(node)
        elif isinstance(node, dict | list):
            if depth >= settings.max_json_depth:
                raise deep
            if isinstance(node, dict):
                todo.extend((key, depth) for key in node)
            todo.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return value


def _unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JsonLimit(
            f"a JSON string holds a lone surrogate (\\u{ord(text[exc.start]):04x}): not Unicode text"
        ) from None


SNIFF_BYTES = 65_536  # enough for the XML declaration, comments and a DOCTYPE with its internal subset
_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_QUOTED_OR_BRACKET = re.compile(rb"""["'\[\]>]|<!--""")


def xml_root(data: bytes) -> str | None:
    """The name of the first element after the prolog (the XML declaration, processing instructions, comments,
    a DOCTYPE — its internal subset included), lower case; ``None`` when the bytes do not start like XML.

    >>> xml_root(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "<b>">]><rss version="2.0">')
    'rss'
    >>> xml_root(b"The minister said so.") is None
    True
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    pos = _prolog_end(data)
    found = _NAME.match(data, pos) if pos >= 0 else None
    return found.group(1).decode("ascii").lower() if found else None


def _prolog_end(data: bytes) -> int:
    """Where the prolog ends (at the root element's ``<``), or -1 when it does not end within ``data``."""
    pos = 0
    while True:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data.startswith(b"<?", pos):
            close = data.find(b"?>", pos)
            pos = -1 if close < 0 else close + 2
        elif data.startswith(b"<!--", pos):
            close = data.find(b"-->", pos)
            pos = -1 if close < 0 else close + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            pos = _doctype_end(data, pos + 9)
        else:
            return pos
        if pos < 0:
            return -1


def _doctype_end(data: bytes, pos: int) -> int:
    """The position after a DOCTYPE's closing ``>`` (quoted strings and comments skipped), or -1."""
    depth = 0
    while (found := _QUOTED_OR_BRACKET.search(data, pos)) is not None:
        token = found.group()
        if token in (b'"', b"'", b"<!--"):
            close = data.find(b"-->" if token == b"<!--" else token, found.end())
            if close < 0:
                return -1
            pos = close + (3 if token == b"<!--" else 1)
            continue
        pos = found.end()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return pos
    return -1


FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})


def refuse_xml(data: bytes) -> None:
    """Raise :class:`InputError` for XML whose root is neither HTML nor a feed: its markup is not an article.

    >>> refuse_xml(b'<?xml version="1.0"?><catalog><book>Dune</book></catalog>')
    Traceback (most recent call last):
    claimledger.errors.InputError: XML, but neither HTML nor an RSS or Atom feed (root element <catalog>): not read
    """
    root = xml_root(data[:SNIFF_BYTES])
    if root is not None and root != "html" and root not in FEED_ROOTS:
        raise InputError(f"XML, but neither HTML nor an RSS or Atom feed (root element <{root[:40]}>): not read")


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
    """One :class:`Document` from raw bytes; ``media_type`` is sniffed when not given.

    Raises :class:`InputError` for bytes over ``settings.max_bytes``, XML that is neither HTML nor a feed
    (:func:`refuse_xml`, when the media type is sniffed), bytes :func:`decode` refuses, and HTML that
    :func:`check_markup` refuses.
    """
    if len(data) > settings.max_bytes:
        raise InputError(
            f"too large: {len(data):,} bytes (limit {settings.max_bytes:,}; setting CLAIMLEDGER_MAX_BYTES)"
        )
    if media_type is None and data.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"<?xml"):
        refuse_xml(data)
    text, encoding = decode(data)
    if _control_ratio(text) > 0.05:
        raise InputError("binary file, not text or HTML")
    if media_type is None:
        media_type = "text/html" if looks_like_html(text) else "text/plain"
    if media_type == "text/html":
        check_markup(text, settings)
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
