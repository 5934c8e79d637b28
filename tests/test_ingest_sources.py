"""Ingest from the web and from crawls, end to end through the CLI: a local server on 127.0.0.1 and WARC
files written with warcio."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ledger.store import Ledger

PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title>
<meta name="author" content="Ines Alvarado"><meta property="article:published_time" content="2025-03-02">
</head><body><nav>Home | World</nav><article><h1>{title}</h1>
<p>The coastguard said on Sunday that four fishing boats had sunk in the storm off the northern cape.</p>
<p>“We are still searching for two crew members,” a coastguard spokesperson told reporters at the harbour.</p>
<p>Residents said the waves had reached the sea wall for the first time in a decade.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, status, kind = b"User-agent: *\nDisallow: /private\n", 200, "text/plain"
        elif self.path.startswith("/story"):
            body, status, kind = PAGE.format(title=f"Storm story {self.path[-1]}").encode(), 200, "text/html"
        elif self.path == "/feed.xml":
            items = "".join(
                f"<item><title>Storm story {i}</title><link>http://{self.headers['Host']}/story{i}</link>"
                f"<description>Short teaser.</description><pubDate>Sun, 02 Mar 2025 10:00:00 GMT</pubDate></item>"
                for i in (1, 2)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
            status, kind = 200, "application/rss+xml"
        else:
            body, status, kind = b"not here", 404, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLAIMLEDGER_ALLOW_PRIVATE", "1")  # the test server is on loopback
    monkeypatch.setenv("CLAIMLEDGER_FETCH_DELAY", "0")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
            writer.write_record(record)


def stored(tmp_path: Path) -> list[dict]:
    ledger = Ledger.open(tmp_path / "ledger.db")
    return [json.loads(json.dumps({"url": a.url, "title": a.title, "copy_of": a.copy_of})) for a in ledger.articles()]


def test_ingest_feed_url_fetches_entries(cli, server: str, tmp_path: Path) -> None:
    result = cli("ingest", f"{server}/feed.xml", f"{server}/missing")
    assert result.exit_code == 1
    assert f"{server}/missing [read]: HTTP 404" in result.stderr
    rows = stored(tmp_path)
    assert [r["url"] for r in rows] == [f"{server}/story1", f"{server}/story2"]
    assert rows[1]["copy_of"] is not None  # the two stories share their body: the second is a copy


def test_ingest_url_refused_on_loopback_by_default(cli, server: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_ALLOW_PRIVATE", "0")
    result = cli("ingest", f"{server}/story1")
    assert result.exit_code == 1
    assert "refused: 127.0.0.1 is a loopback address" in result.stderr
    assert stored(tmp_path) == []


def test_ingest_warc_crawl_and_truncated_file(cli, tmp_path: Path) -> None:
    good = tmp_path / "crawl.warc.gz"
    write_warc(good, [("https://news.example.org/a", PAGE.format(title="Storm A"))])
    broken = tmp_path / "broken.warc.gz"
    write_warc(broken, [(f"https://news.example.org/{i}", PAGE.format(title=f"Storm {i}")) for i in "bc"])
    broken.write_bytes(broken.read_bytes()[: len(broken.read_bytes()) - 200])
    result = cli("ingest", str(good), str(broken))
    assert result.exit_code == 1
    assert "truncated or invalid WARC after 1 records" in result.stderr
    urls = [r["url"] for r in stored(tmp_path)]
    assert urls == ["https://news.example.org/a", "https://news.example.org/b"]
