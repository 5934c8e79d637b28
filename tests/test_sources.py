"""Sources: WARC/ARC archives, RSS/Atom feeds and web pages over HTTP — against a real server on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import io
import ipaddress
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import ClaimledgerError
from claimledger.read import Fetcher, ReadFailure, WarcSummary, looks_like_feed, read_feed, read_url, read_warc, web
from claimledger.read.payload import TooLarge, inflate_capped
from claimledger.records import Document
from claimledger.settings import Settings

SETTINGS = Settings()
ARTICLE = "<p>" + "The council approved the budget on Tuesday, the mayor said. " * 20 + "</p>"


def page(title: str, body: str = ARTICLE) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode()


# ---------------------------------------------------------------- the local server


class Handler(BaseHTTPRequestHandler):
    robots_status: ClassVar[int] = 200
    seen: ClassVar[list[tuple[str, str]]] = []  # (path, user agent); replaced per server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        path = self.path
        try:
            if path == "/robots.txt":
                if self.robots_status != 200:
                    self.send(self.robots_status, b"no", "text/plain")
                else:
                    self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path in ("/page1", "/page2", "/private/secret"):
                self.send(200, page(path.strip("/")))
            elif path == "/cyrillic":
                body = "<html><body><p>Привет, мир. Мэр сказал, что бюджет утверждён.</p></body></html>"
                self.send(200, body.encode("cp1251"), "text/html; charset=windows-1251")
            elif path == "/slow":
                time.sleep(1.5)
                self.send(200, page("slow"))
            elif path.startswith("/r/"):
                hops = int(path[3:])
                self.send(302, b"", Location=f"/r/{hops - 1}" if hops > 0 else "/page1")
            elif path == "/redirect-away":
                self.send(302, b"", Location=f"http://127.0.0.2:{base.rsplit(':', 1)[1]}/page1")
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
            elif path == "/huge":
                self.send(200, b"<p>" + b"x" * 1_000_000)
            elif path == "/huge-stream":  # no Content-Length: read until the connection closes
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"y" * 65_536)
            elif path == "/bomb":
                self.send(200, gzip.compress(bytes(20_000_000), compresslevel=1), Content_Encoding="gzip")
            elif path == "/gzipped":
                self.send(200, gzip.compress(page("gzipped")), Content_Encoding="gzip")
            elif path == "/feed.rss":
                self.send(200, rss(base), "application/rss+xml")
            elif path == "/feed.atom":
                self.send(200, atom(base), "application/xml")
            else:
                self.send(404, b"not here", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or a size limit): expected


class Robots503(Handler):
    robots_status = 503


class Robots404(Handler):
    robots_status = 404


def serve(handler: type[Handler]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    seen: list[tuple[str, str]] = []
    cls = type("Bound", (handler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), cls)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _no_proxy_no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("CLAIMLEDGER_ALLOW_PRIVATE", "CLAIMLEDGER_FETCH_DELAY", "CLAIMLEDGER_FETCH_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    yield from serve(Handler)


@pytest.fixture()
def base(server: tuple[str, list[tuple[str, str]]]) -> str:
    return server[0]


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(SETTINGS, allow_private=True, per_host_delay=0, timeout=0.5, max_bytes=100_000) as client:
        yield client


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Local news</title>
<item><title>Budget approved</title><link>{base}/page1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Short teaser.</description><content:encoded><![CDATA[{ARTICLE}]]></content:encoded></item>
<item><title>Second story</title><link>{base}/page2</link><pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>
<description>Only a teaser.</description></item>
</channel></rss>""".encode()


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:x</id><updated>2024-03-07T00:00:00Z</updated>
<entry><title>Atom story</title><id>urn:1</id><link href="{base}/page1"/><updated>2024-03-07T09:00:00Z</updated>
<content type="html">{ARTICLE.replace("<", "&lt;")}</content></entry>
<entry><title>Atom teaser</title><id>urn:2</id><link href="{base}/page2"/><updated>2024-03-08T09:00:00Z</updated>
<summary>Teaser only.</summary></entry>
</feed>""".encode()


def docs(items: list[Document | ReadFailure]) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def failures(items: list[Document | ReadFailure]) -> list[str]:
    return [x.message for x in items if isinstance(x, ReadFailure)]


# ---------------------------------------------------------------- web


def test_fetch_page(fetcher: Fetcher, server: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = server
    doc = fetcher.fetch(f"{base}/page1")
    assert isinstance(doc, Document), doc
    assert (doc.origin, doc.url, doc.media_type, doc.encoding) == (
        f"{base}/page1",
        f"{base}/page1",
        "text/html",
        "utf-8",
    )
    assert "mayor said" in doc.content and doc.read_at
    assert ("/robots.txt", web.USER_AGENT) in seen
    assert all(agent.startswith("claimledger/") and "(+https://github.com/claimledger)" in agent for _, agent in seen)


def test_charset_from_header_and_gzip_encoding(fetcher: Fetcher, base: str) -> None:
    doc = fetcher.fetch(f"{base}/cyrillic")
    assert isinstance(doc, Document) and doc.encoding == "cp1251" and "Привет" in doc.content
    doc = fetcher.fetch(f"{base}/gzipped")
    assert isinstance(doc, Document) and "mayor said" in doc.content


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/image.png", "not HTML or text (content type image/png)"),
        ("/slow", "timed out after 0.5 s"),
        ("/huge", "response larger than 100,000 bytes (1,000,003 bytes)"),
        ("/huge-stream", "response larger than 100,000 bytes"),
        ("/bomb", "response larger than 100,000 bytes"),
        ("/private/secret", "disallowed by robots.txt"),
        ("/r/7", "too many redirects (more than 5)"),
    ],
)
def test_fetch_failures(fetcher: Fetcher, base: str, path: str, message: str) -> None:
    result = fetcher.fetch(base + path)
    assert isinstance(result, ReadFailure)
    assert result.origin == base + path
    assert result.message.startswith(message), result.message


def test_redirect_chain_is_followed(fetcher: Fetcher, base: str) -> None:
    doc = fetcher.fetch(f"{base}/r/4")  # five redirects: the limit
    assert isinstance(doc, Document) and doc.url == f"{base}/page1" and doc.origin == f"{base}/page1"


def test_loopback_is_refused_by_default(server: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = server
    before = len(seen)
    with Fetcher(SETTINGS) as client:
        result = client.fetch(f"{base}/page1")
        assert result == ReadFailure(
            f"{base}/page1", "refused: 127.0.0.1 is a loopback address (set CLAIMLEDGER_ALLOW_PRIVATE=1 to allow)"
        )
        by_name = client.fetch(f"http://localhost:{base.rsplit(':', 1)[1]}/page1")
        assert isinstance(by_name, ReadFailure) and "is a loopback address" in by_name.message
    assert len(seen) == before  # nothing was sent


def test_allow_private_from_environment(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    monkeypatch.setenv("CLAIMLEDGER_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("CLAIMLEDGER_FETCH_DELAY", "0")
    with Fetcher(Settings.from_env()) as client:
        assert client.allow_private and client.per_host_delay == 0 and client.timeout == 10.0
        assert isinstance(client.fetch(f"{base}/page2"), Document)


@pytest.mark.parametrize(
    ("name", "value"),
    [("CLAIMLEDGER_ALLOW_PRIVATE", "maybe"), ("CLAIMLEDGER_FETCH_DELAY", "-1"), ("CLAIMLEDGER_FETCH_TIMEOUT", "0")],
)
def test_bad_environment_values(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ClaimledgerError, match=name):
        Fetcher(Settings.from_env())


def test_each_redirect_target_is_checked(monkeypatch: pytest.MonkeyPatch, base: str) -> None:
    # 127.0.0.1 passes, 127.0.0.2 is refused: the redirect must be checked before anything is sent there
    monkeypatch.setattr(web, "address_refusal", lambda ip: "a test-refused address" if str(ip) == "127.0.0.2" else None)
    with Fetcher(SETTINGS, per_host_delay=0) as client:
        assert isinstance(client.fetch(f"{base}/page1"), Document)
        result = client.fetch(f"{base}/redirect-away")
    assert isinstance(result, ReadFailure)
    assert result.message.startswith(f"redirect to http://127.0.0.2:{base.rsplit(':', 1)[1]}/page1: refused: 127.0.0.2")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "/relative/path"])
def test_non_http_schemes_are_refused(fetcher: Fetcher, url: str) -> None:
    result = fetcher.fetch(url)
    assert isinstance(result, ReadFailure) and result.message.startswith("refused: only http and https")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a private address"),  # reserved; Python counts it private too
        ("100.64.0.1", "not a public address"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_refusal(address: str, reason: str | None) -> None:
    assert web.address_refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(("handler", "allowed"), [(Robots503, False), (Robots404, True)])
def test_robots_status(handler: type[Handler], allowed: bool) -> None:
    for base, _ in serve(handler):
        with Fetcher(SETTINGS, allow_private=True, per_host_delay=0) as client:
            result = client.fetch(f"{base}/page1")
        if allowed:
            assert isinstance(result, Document)
        else:
            assert isinstance(result, ReadFailure)
            assert result.message == f"disallowed by robots.txt ({base}/robots.txt answered HTTP 503)"


def test_per_host_delay(base: str) -> None:
    with Fetcher(SETTINGS, allow_private=True, per_host_delay=0.25) as client:
        start = time.monotonic()
        assert isinstance(client.fetch(f"{base}/page1"), Document)  # robots.txt, then the page: one pause
        assert isinstance(client.fetch(f"{base}/page2"), Document)  # a second pause
        assert time.monotonic() - start >= 0.5


# ---------------------------------------------------------------- feeds


def test_rss_over_http_uses_content_or_fetches_the_page(fetcher: Fetcher, base: str) -> None:
    items = list(read_feed(f"{base}/feed.rss", SETTINGS, fetcher.fetch, fetcher=fetcher))
    assert failures(items) == []
    full, fetched = docs(items)
    assert (full.url, full.title, full.published, full.media_type) == (
        f"{base}/page1",
        "Budget approved",
        "2024-03-05",
        "text/html",
    )
    assert full.origin == f"{base}/feed.rss#entry-1" and "mayor said" in full.content
    assert (fetched.origin, fetched.title, fetched.published) == (f"{base}/page2", "Second story", "2024-03-06")
    assert "<title>page2</title>" in fetched.content


def test_atom_file_without_fetch_keeps_the_teaser(tmp_path: Path, base: str) -> None:
    path = tmp_path / "news.atom"
    path.write_bytes(atom(base))
    items = list(read_feed(path, SETTINGS))
    story, teaser = docs(items)
    assert (story.title, story.published, story.url) == ("Atom story", "2024-03-07", f"{base}/page1")
    assert story.origin == f"{path}#entry-1"
    assert (teaser.content, teaser.media_type, teaser.url) == ("Teaser only.", "text/plain", f"{base}/page2")


def test_read_url_recognises_a_feed_and_a_page(fetcher: Fetcher, base: str) -> None:
    items = list(read_url(f"{base}/feed.atom", SETTINGS, fetcher=fetcher))  # served as application/xml
    assert [d.title for d in docs(items)] == ["Atom story", "Atom teaser"] and failures(items) == []
    assert docs(items)[1].origin == f"{base}/page2"  # the teaser's page was fetched
    assert [d.url for d in docs(list(read_url(f"{base}/page1", SETTINGS, fetcher=fetcher)))] == [f"{base}/page1"]


def test_invalid_feed_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><<<>>& &&& not xml")
    items = list(read_feed(path, SETTINGS))
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert items[0].message.startswith("invalid feed: ")


def test_looks_like_feed() -> None:
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- hi -->\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>a <feed> here</body></html>")
    assert not looks_like_feed(b"plain text")


# ---------------------------------------------------------------- WARC / ARC


def http(status: str = "200 OK", ctype: str = "text/html; charset=utf-8", **headers: str) -> StatusAndHeaders:
    pairs = [("Content-Type", ctype), *((k.replace("_", "-"), v) for k, v in headers.items())]
    return StatusAndHeaders(status, pairs, protocol="HTTP/1.1")


def warc(path: Path, records: list[tuple[str, Any, StatusAndHeaders]], *, gz: bool) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for uri, payload, headers in records:
            stream = io.BytesIO(payload) if isinstance(payload, bytes) else payload
            record = writer.create_warc_record(
                uri,
                "response",
                payload=stream,
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-04T05:06:07Z"},
            )
            writer.write_record(record)
    return path


def offsets(data: bytes) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    archive = ArchiveIterator(io.BytesIO(data))
    return [archive.offset for _ in archive]


SAMPLE = [
    ("http://news.test/a", page("first"), http()),
    ("http://news.test/logo.png", b"\x89PNG\r\n\x1a\n", http(ctype="image/png")),
    ("http://news.test/gone", page("gone"), http("404 Not Found")),
    ("http://news.test/b", page("second"), http(ctype="application/xhtml+xml")),
    (
        "http://news.test/c",
        "<p>Привет, мэр сказал.</p>".encode("cp1251"),
        http(ctype="text/html; charset=windows-1251"),
    ),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = warc(tmp_path / ("a.warc.gz" if gz else "a.warc"), SAMPLE, gz=gz)
    summary = WarcSummary()
    items = list(read_warc(path, SETTINGS, summary))
    assert failures(items) == []
    found = docs(items)
    starts = offsets(path.read_bytes())
    assert [d.url for d in found] == ["http://news.test/a", "http://news.test/b", "http://news.test/c"]
    assert [d.origin for d in found] == [f"{path}#{starts[0]}", f"{path}#{starts[3]}", f"{path}#{starts[4]}"]
    assert {d.read_at for d in found} == {"2024-03-04T05:06:07+00:00"}
    assert {d.media_type for d in found} == {"text/html"}
    assert found[2].encoding == "cp1251" and "Привет" in found[2].content
    assert summary == WarcSummary(records=5, documents=3, skipped=2, failures=0)


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_the_records_before(tmp_path: Path, gz: bool) -> None:
    path = warc(tmp_path / "t.warc", SAMPLE[:1] + SAMPLE[3:4] + SAMPLE[:1], gz=gz)
    data = path.read_bytes()
    starts = offsets(data)
    path.write_bytes(data[: (starts[1] + starts[2]) // 2])  # cut in the middle of the second record
    items = list(read_warc(path, SETTINGS))
    assert [d.url for d in docs(items)] == ["http://news.test/a"]
    (message,) = failures(items)
    assert message.startswith("truncated or invalid WARC after 1 records: "), message
    assert isinstance(items[-1], ReadFailure) and items[-1].origin == str(path)


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(b"hello, this is not an archive\n")
    (message,) = failures(list(read_warc(path, SETTINGS)))
    assert message.startswith("truncated or invalid WARC after 0 records: ")
    path.write_bytes(b"just words\n")
    assert failures(list(read_warc(path, SETTINGS))) == [
        "truncated or invalid WARC after 0 records: Unknown archive format, first line: ['just', 'words']"
    ]
    assert failures(list(read_warc(tmp_path / "absent.warc", SETTINGS))) == ["no such file or directory"]


def test_whole_file_gzip_is_explained(tmp_path: Path) -> None:
    plain = warc(tmp_path / "p.warc", SAMPLE[:1] * 3, gz=False)
    path = tmp_path / "p.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    (message,) = failures(list(read_warc(path, SETTINGS)))
    assert "not one gzip member per record" in message and "warcio recompress" in message


class Zeros(io.RawIOBase):
    """``size`` zero bytes, produced as they are read (the archive is written without holding them)."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def test_gzip_bomb_record_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    big = 100_000_000
    records = [("http://news.test/bomb", io.BufferedReader(Zeros(big)), http()), SAMPLE[0]]
    path = warc(tmp_path / "bomb.warc.gz", records, gz=True)
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        items = list(read_warc(path, Settings(max_bytes=100_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert failures(items) == [
        "record larger than the limit (100,000,000 bytes; limit 100,000; setting CLAIMLEDGER_MAX_BYTES)"
    ]
    assert [d.url for d in docs(items)] == ["http://news.test/a"]  # the next record is still read
    assert peak < 30_000_000, peak


def test_content_encoding_bomb_is_refused(tmp_path: Path) -> None:
    bomb = gzip.compress(bytes(20_000_000), compresslevel=9)
    assert len(bomb) < 100_000
    records = [("http://news.test/z", bomb, http(Content_Encoding="gzip")), SAMPLE[0]]
    path = warc(tmp_path / "z.warc", records, gz=False)
    items = list(read_warc(path, Settings(max_bytes=100_000)))
    assert failures(items) == [
        "record larger than the limit (inflates past the limit; limit 100,000; setting CLAIMLEDGER_MAX_BYTES)"
    ]
    assert len(docs(items)) == 1


def arc_file(records: list[tuple[str, bytes]], *, gz: bool) -> bytes:
    """An ARC v1 file by hand (warcio reads ARC but does not write it); gzipped one member per record."""
    version = b"1 0 claimledger-test\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [b"filedesc://t.arc 0.0.0.0 20240102030405 text/plain %d\n" % len(version) + version + b"\n"]
    for url, body in records:
        parts.append(b"%s 192.0.2.1 20240102030405 text/html %d\n" % (url.encode(), len(body)) + body + b"\n")
    return b"".join(gzip.compress(p) for p in parts) if gz else b"".join(parts)


@pytest.mark.parametrize("gz", [False, True])
def test_arc_files(tmp_path: Path, gz: bool) -> None:
    html = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page("archived")
    png = b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n"
    path = tmp_path / ("t.arc.gz" if gz else "t.arc")
    path.write_bytes(arc_file([("http://old.test/page", html), ("http://old.test/logo.png", png)], gz=gz))
    items = list(read_warc(path, SETTINGS))
    assert failures(items) == []
    (doc,) = docs(items)
    assert (doc.url, doc.read_at) == ("http://old.test/page", "2024-01-02T03:04:05+00:00")
    assert "<title>archived</title>" in doc.content


def test_inflate_capped() -> None:
    text = b"council budget " * 1000
    deflated = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    wrapped, bare = deflated.compress(text) + deflated.flush(), raw.compress(text) + raw.flush()
    two_members = gzip.compress(text) + gzip.compress(text)
    assert inflate_capped([two_members[:7], two_members[7:]], "gzip", 100_000) == text + text
    assert inflate_capped([wrapped], "deflate", 100_000) == text
    assert inflate_capped([bare], "deflate", 100_000) == text
    assert inflate_capped([text[:10], text[10:]], None, 100_000) == text
    with pytest.raises(TooLarge):
        inflate_capped([gzip.compress(text)], "gzip", len(text) - 1)
    with pytest.raises(TooLarge):
        inflate_capped([text], "identity", len(text) - 1)
    with pytest.raises(ClaimledgerError, match="unsupported content encoding 'br'"):
        inflate_capped([text], "br", 100_000)
    with pytest.raises(ClaimledgerError, match="corrupt gzip data"):
        inflate_capped([b"\x1f\x8b\x08\x00garbage-garbage"], "gzip", 100_000)
