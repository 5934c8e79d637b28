"""The ingest form, read as it streams in: nothing is written to disk, nothing is kept before the token.

Starlette's own parser spools uploads to temporary files and refuses text fields over 1 MB with its own
message; this reader keeps each part in memory up to the ledger's ``max_bytes`` and stops at the first
refusal, with the ledger's own messages. The API checks its token (a header) before reading at all; the
HTML form sends its token in the body, so there the token must be the first field and is checked as soon
as it has arrived, before any other part is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus, urlsplit

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

from claimledger.web.data import Submission

if TYPE_CHECKING:
    import python_multipart as multipart
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import parse_options_header
else:
    try:
        import python_multipart as multipart
        from python_multipart.exceptions import FormParserError
        from python_multipart.multipart import parse_options_header
    except ModuleNotFoundError:  # python-multipart before 0.0.13
        import multipart
        from multipart.exceptions import FormParserError
        from multipart.multipart import parse_options_header

SMALL = 8_192  # bytes allowed in the token, url and html fields, and in any field the form does not know
MAX_PARTS = 16
TRUE, FALSE = ("1", "true", "on", "yes"), ("", "0", "false", "off", "no")
NOT_A_WEB_URL = "only http:// and https:// URLs can be added, not file paths, '-', file: or other schemes"

CheckToken = Callable[[str], None]  # raises HTTPException unless the token is right


def web_url(raw: str) -> str | None:
    """The URL field as an ``http(s)://`` address with a host (``None`` when blank); anything else is a 400."""
    url = raw.strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        raise HTTPException(400, NOT_A_WEB_URL) from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not url.lower().startswith(("http://", "https://"))
        or not parts.netloc
        or any(ch.isspace() or ord(ch) < 32 for ch in url)
    ):
        raise HTTPException(400, NOT_A_WEB_URL)
    return url


class _Parts:
    """The fields as they arrive: sizes capped, the token (when asked for) checked before anything else."""

    def __init__(self, limit: int, check_token: CheckToken | None) -> None:
        self.limit = limit
        self.check_token = check_token
        self.values: dict[str, bytes] = {}
        self.filename: str | None = None
        self.count = 0
        self.open = False  # inside a part (URL-encoded fields learn their name late)
        self.name = ""
        self.data = bytearray()
        self.is_file = False

    def begin(self, name: str, filename: str | None) -> None:
        self.count += 1
        if self.count > MAX_PARTS:
            raise HTTPException(400, f"too many fields (at most {MAX_PARTS})")
        if self.check_token is not None and name != "token":
            self.check_token("")  # no token before the data: refused before any of it is read
        if name in self.values:
            raise HTTPException(400, f"the field {name!r} was sent twice")
        self.open, self.name, self.data, self.is_file = True, name, bytearray(), filename is not None
        if name == "file" and filename is not None:
            self.filename = filename

    def cap(self) -> int:
        return self.limit if self.name in ("text", "file") else SMALL

    def refuse_over(self, size: int, cap: int) -> None:
        if size > cap:
            what = "file" if self.is_file else "text" if self.name == "text" else f"{self.name!r} field"
            raise HTTPException(413, f"the {what} is larger than the limit ({self.cap():,} bytes)")

    def add(self, chunk: bytes, *, encoded: bool = False) -> None:
        self.data += chunk
        self.refuse_over(len(self.data), 3 * self.cap() if encoded else self.cap())  # %XX: 3 bytes a byte

    def end(self, value: bytes | None = None) -> None:
        """The part is complete (``value``: its decoded bytes, when they differ from what was streamed)."""
        data = bytes(self.data) if value is None else value
        self.refuse_over(len(data), self.cap())
        self.open = False
        if self.name == "token" and self.check_token is not None:
            self.check_token(data.decode("utf-8", "replace"))
            self.check_token = None  # the rest may be read now
        self.keep(data)

    def keep(self, data: bytes) -> None:
        """Keep a complete part's value, when it is one the form knows."""
        if self.name == "file" and self.is_file:
            self.values["file"] = data
        elif self.name in ("text", "url", "html", "token") and not self.is_file:
            self.values[self.name] = data

    def submission(self) -> Submission:
        if self.check_token is not None:
            self.check_token("")  # the form held no token at all
        text, url, html = (_text(self.values.get(k)) for k in ("text", "url", "html"))
        flag = (html or "").strip().lower()
        if flag not in TRUE + FALSE:
            raise HTTPException(400, "the html field must be true or false")
        upload = self.values.get("file")
        return Submission(
            url=web_url(url or ""),
            file=(self.filename, upload) if self.filename and upload is not None else None,
            text=text,
            html=flag in TRUE,
        )


def _text(raw: bytes | None) -> str | None:
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Fields(_Parts):
    """A form of text fields only, each up to its own size (``caps``: name → bytes); others are not kept."""

    def __init__(self, caps: dict[str, int], check_token: CheckToken | None) -> None:
        super().__init__(0, check_token)
        self.caps = caps

    def cap(self) -> int:
        return self.caps.get(self.name, SMALL)

    def keep(self, data: bytes) -> None:
        if self.name in self.caps and not self.is_file:
            self.values[self.name] = data

    def fields(self) -> dict[str, str]:
        if self.check_token is not None:
            self.check_token("")  # the form held no token at all
        return {name: _text(value) or "" for name, value in self.values.items()}


async def read_fields(request: Request, caps: dict[str, int], check_token: CheckToken | None = None) -> dict[str, str]:
    """The text fields of the request's form named in ``caps`` (name → most bytes), as the submission's are read:
    ``check_token`` for a token field that must come first, checked before any other field is read."""
    parts = _Fields(caps, check_token)
    await _read(request, parts)
    return parts.fields()


async def read_submission(request: Request, limit: int, check_token: CheckToken | None = None) -> Submission:
    """The submission in the request's form (multipart or URL-encoded); ``check_token`` for a token field."""
    parts = _Parts(limit, check_token)
    await _read(request, parts)
    return parts.submission()


async def _read(request: Request, parts: _Parts) -> None:
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise HTTPException(400, "the multipart form has no boundary")
        parser: multipart.MultipartParser | multipart.QuerystringParser = _multipart(parts, boundary)
    elif kind == b"application/x-www-form-urlencoded":
        parser = _urlencoded(parts)
    else:
        raise HTTPException(415, "send the form as multipart/form-data or application/x-www-form-urlencoded")
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise HTTPException(400, "the form could not be read (malformed)") from None
    except ClientDisconnect:
        raise HTTPException(400, "the request ended before its form did") from None


def _multipart(parts: _Parts, boundary: bytes) -> multipart.MultipartParser:
    headers: dict[bytes, bytes] = {}
    header = [b"", b""]

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def on_header_end() -> None:
        headers[header[0].lower()] = header[1]
        header[:] = [b"", b""]

    def on_headers_finished() -> None:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise HTTPException(400, "a form part has no name")
        filename = options.get(b"filename")
        parts.begin(_text(options[b"name"]) or "", None if filename is None else _text(filename))
        headers.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts.add(data[start:end])

    return multipart.MultipartParser(
        boundary,
        {
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": parts.end,
        },
    )


def _urlencoded(parts: _Parts) -> multipart.QuerystringParser:
    name = bytearray()

    def on_field_start() -> None:
        name.clear()

    def on_field_name(data: bytes, start: int, end: int) -> None:
        name.extend(data[start:end])
        if len(name) > SMALL:
            raise HTTPException(413, f"a field name is longer than the limit ({SMALL:,} bytes)")

    def on_field_data(data: bytes, start: int, end: int) -> None:
        if not parts.open:
            parts.begin(unquote_plus(name.decode("latin-1")), None)
        parts.add(data[start:end], encoded=True)

    def on_field_end() -> None:
        if not parts.open:
            parts.begin(unquote_plus(name.decode("latin-1")), None)  # a field with no value
        parts.end(unquote_plus(parts.data.decode("latin-1")).encode("utf-8"))

    return multipart.QuerystringParser(
        {
            "on_field_start": on_field_start,
            "on_field_name": on_field_name,
            "on_field_data": on_field_data,
            "on_field_end": on_field_end,
        }
    )
