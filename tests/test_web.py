"""The web ledger through its HTTP interface (in-process): pages, JSON twins, ingest with a token, security."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.conftest import EXAMPLES

XSS = (
    "Alarm over <script>window.__pwned = 1</script> report\n\n"
    '<img src=x onerror="window.__pwned = 2"> The mayor said that the <a href="javascript:alert(1)">dam</a> '
    "was safe, according to officials.\n"
)


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    ingest([str(EXAMPLES)], Ledger.open(path))
    return path


@pytest.fixture()
def client(ledger_file: Path) -> TestClient:
    return TestClient(create_app(Settings(db=str(ledger_file), web_token="s3cret", max_bytes=50_000)))


@pytest.fixture()
def readonly(ledger_file: Path) -> TestClient:
    return TestClient(create_app(Settings(db=str(ledger_file))))


@pytest.mark.parametrize(
    "path", ["/articles", "/articles/1", "/claims", "/claims/2", "/actors", "/actors/1", "/claims?speaker=1", "/ingest"]
)
def test_web_pages_render_with_strict_csp(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script may run at all
    assert "<script" not in response.text


@pytest.mark.parametrize(
    "path", ["/articles.json", "/articles/1.json", "/claims.json", "/claims/2.json", "/actors.json", "/actors/1.json"]
)
def test_web_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")


def test_web_article_page_highlights_roles(client: TestClient) -> None:
    html = client.get("/articles/1").text
    for role in ("source", "cue", "content"):
        assert f'<mark class="{role}"' in html
    assert 'class="boilerplate"' in html and 'class="record"' in html


def test_web_article_drawn_once_shows_copies_added_later(tmp_path: Path) -> None:
    """An article's page and twin are drawn once and sent again, the same to the byte, until a copy of it
    is added: then both show the copy."""
    path = tmp_path / "ledger.db"
    ingest([str(EXAMPLES / "01_meridian_post.txt")], Ledger.open(path))
    client = TestClient(create_app(Settings(db=str(path))))
    first = [client.get(p) for p in ("/articles/1", "/articles/1.json")]
    again = [client.get(p) for p in ("/articles/1", "/articles/1.json")]
    for a, b in zip(first, again, strict=True):
        assert a.status_code == b.status_code == 200 and a.content == b.content
        assert a.headers["content-type"] == b.headers["content-type"]
        assert a.headers["content-security-policy"] == b.headers["content-security-policy"]
    assert first[1].json()["copies"] == [] and 'id="copies"' not in first[0].text
    ingest([str(EXAMPLES / "02_aggregator_copy.txt")], Ledger.open(path))  # another writer, as the CLI would be
    assert [c["article_id"] for c in client.get("/articles/1.json").json()["copies"]] == [2]
    assert '1 copy: <a href="/articles/2">#2</a>' in client.get("/articles/1").text


def test_web_claim_page_draws_graph_timeline_and_map(client: TestClient) -> None:
    claims = client.get("/claims.json", params={"sort": "articles"}).json()["claims"]
    top = claims[0]
    html = client.get(f"/claims/{top['id']}").text
    assert 'class="provenance-graph"' in html and 'class="timeline"' in html
    # a world map only when a place in the claim is geocoded (the examples' towns are not): never an empty one
    from claimledger.web import data

    ledger = client.app.state.ledger
    placed = bool(data.claim_places(ledger, data.claim_report(ledger, top["id"])))
    assert ('class="map"' in html) is placed and ('id="no-places"' in html) is not placed
    assert f"{top['independent_origins']} independent origins" in html


def test_web_claims_filters_and_sorting(client: TestClient) -> None:
    by_origins = client.get("/claims.json", params={"min_origins": 2}).json()["claims"]
    assert by_origins and all(c["independent_origins"] >= 2 for c in by_origins)
    origins = [c["independent_origins"] for c in by_origins]
    assert origins == sorted(origins, reverse=True)
    assert client.get("/claims.json", params={"sort": "nonsense"}).status_code == 422


def test_web_articles_filter_by_outlet_and_date(client: TestClient) -> None:
    rows = client.get("/articles.json", params={"outlet": "Harbour"}).json()["articles"]
    assert [r["site"] for r in rows] == ["The Harbour Times"]
    dated = client.get("/articles.json", params={"since": "2025-10-16"}).json()["articles"]
    assert dated and all(r["published"] >= "2025-10-16" for r in dated)


def test_web_missing_things_are_404(client: TestClient) -> None:
    assert client.get("/articles/9999").status_code == 404
    assert client.get("/claims/9999.json").status_code == 404


def test_web_openapi_description(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/articles.json", "/claims.json", "/claims/{claim_id}.json", "/api/ingest"} <= set(spec["paths"])


def test_web_ingest_needs_the_token(client: TestClient, readonly: TestClient) -> None:
    text = {"text": "The harbour reopened on Friday, the port authority said."}
    assert client.post("/api/ingest", data=text).status_code == 401
    assert client.post("/api/ingest", data=text, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert readonly.post("/api/ingest", data=text, headers={"Authorization": "Bearer s3cret"}).status_code == 403
    done = client.post("/api/ingest", data=text, headers={"Authorization": "Bearer s3cret"})
    assert done.status_code == 200 and done.json()["new"] == 1
    article_id = done.json()["article_ids"][0]
    assert "port authority" in client.get(f"/articles/{article_id}").text


def test_web_ingest_form_and_upload(client: TestClient) -> None:
    page = client.post("/ingest", data={"token": "s3cret", "text": "Snow closed the pass overnight, rangers said."})
    assert page.status_code == 200 and 'id="result"' in page.text
    upload = client.post(
        "/ingest",
        data={"token": "s3cret"},
        files={"file": ("story.txt", b"Ferries were cancelled on Sunday, the operator said.\n", "text/plain")},
    )
    assert upload.status_code == 200 and "new 1" in upload.text
    wrong = client.post("/ingest", data={"token": "nope", "text": "x y z"})
    assert wrong.status_code == 401 and 'id="error"' in wrong.text


def test_web_upload_size_limit(client: TestClient) -> None:
    big = client.post(
        "/api/ingest", headers={"Authorization": "Bearer s3cret"}, files={"file": ("big.txt", b"word " * 20_000)}
    )
    assert big.status_code == 413


def test_web_url_submission_refuses_loopback(client: TestClient) -> None:
    result = client.post(
        "/api/ingest", headers={"Authorization": "Bearer s3cret"}, data={"url": "http://127.0.0.1:9/x"}
    )
    assert result.status_code == 200
    assert result.json()["new"] == 0 and "loopback" in result.json()["failed"][0]


def test_web_untrusted_html_is_escaped(client: TestClient) -> None:
    done = client.post("/api/ingest", headers={"Authorization": "Bearer s3cret"}, data={"text": XSS})
    article_id = done.json()["article_ids"][0]
    html = client.get(f"/articles/{article_id}").text
    assert "<script>window.__pwned" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and 'href="javascript:' not in html


def test_web_actor_page_lists_what_each_asserted(client: TestClient) -> None:
    actors = client.get("/actors.json").json()["actors"]
    orsett = next(a for a in actors if a["name"] == "Daniel Orsett")
    assert orsett["type"] == "official" and orsett["claims"] >= 1
    claims = client.get("/claims.json", params={"actor": "Daniel Orsett"}).json()["claims"]
    assert claims and len(claims) <= orsett["claims"]
    assert "Daniel Orsett" in client.get("/claims", params={"actor": "Daniel Orsett"}).text


# --------------------------------------------------------------------------------- ingest: what it takes
AUTH = {"Authorization": "Bearer s3cret"}


@pytest.mark.parametrize("url", ["/etc/passwd", ".", "-", "file:///etc/passwd", "ftp://x", "http:///etc/passwd"])
def test_web_url_field_takes_only_web_addresses(client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.ingest

    def never(*_: object) -> None:
        raise AssertionError("the web handed a string to the CLI's input reader")

    monkeypatch.setattr(claimledger.ingest, "read_inputs", never)
    before = client.get("/articles.json").json()["total"]
    api = client.post("/api/ingest", headers=AUTH, data={"url": url})
    assert api.status_code == 400 and "only http:// and https:// URLs" in api.json()["detail"]
    form = client.post("/ingest", data={"token": "s3cret", "url": url})
    assert form.status_code == 400 and 'id="error"' in form.text and "only http:// and https:// URLs" in form.text
    assert "root:" not in api.text + form.text
    rows = client.get("/articles.json", params={"limit": 200}).json()["articles"]
    assert len(rows) == before and not any("passwd" in r["origin"] for r in rows)


def test_web_url_is_fetched_by_the_guarded_fetcher_only(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.ingest

    monkeypatch.setattr(claimledger.ingest, "read_inputs", lambda *_: pytest.fail("CLI input reader reached"))
    form = client.post("/ingest", data={"token": "s3cret", "url": "  http://127.0.0.1:9/x  "})
    assert form.status_code == 200 and "loopback" in form.text and "new 0" in form.text


def _asgi_post(app: object, path: str, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, int]:
    """POST ``chunks`` to the ASGI app; (the status, how many chunks the app read before answering)."""
    import anyio

    read = 0
    started: list[int] = []

    async def receive() -> dict[str, object]:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            started.append(int(message["status"]))  # type: ignore[call-overload]

    size = sum(map(len, chunks))
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers | {"content-length": str(size)}).items()]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": raw,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}  # fmt: skip
    anyio.run(app, scope, receive, send)  # type: ignore[arg-type]
    return started[0], read


def _multipart(token: str | None, megabytes: int) -> tuple[dict[str, str], list[bytes]]:
    b = "boundary1234567890"
    head = f'--{b}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{token}\r\n' if token is not None else ""
    head += f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    chunks = [head.encode()] + [b"word " * 200_000] * megabytes + [f"\r\n--{b}--\r\n".encode()]
    return {"content-type": f"multipart/form-data; boundary={b}"}, chunks


def test_web_large_post_without_token_is_refused_unread(client: TestClient) -> None:
    assert client.post("/api/ingest", files={"file": ("big.txt", b"word " * 4_000_000)}).status_code == 401
    headers, chunks = _multipart(None, 20)
    assert _asgi_post(client.app, "/api/ingest", headers, chunks) == (401, 0)  # not one byte of the body read
    assert _asgi_post(client.app, "/api/ingest", headers | {"authorization": "Bearer no"}, chunks) == (401, 0)
    headers, chunks = _multipart("wrong", 20)
    assert _asgi_post(client.app, "/ingest", headers, chunks) == (401, 1)  # the token, and nothing after it


def test_web_form_token_comes_first(client: TestClient, readonly: TestClient) -> None:
    late = client.post("/ingest", files={"text": (None, "Rain fell, officials said."), "token": (None, "s3cret")})
    assert late.status_code == 401 and 'id="error"' in late.text
    headers, chunks = _multipart("s3cret", 20)
    assert _asgi_post(readonly.app, "/ingest", headers, chunks) == (403, 0)  # read-only: nothing read


def test_web_size_limits_are_the_ledgers(client: TestClient, ledger_file: Path) -> None:
    text = "a" * 60_000
    api = client.post("/api/ingest", headers=AUTH, data={"text": text})
    assert api.status_code == 413 and api.json()["detail"] == "the text is larger than the limit (50,000 bytes)"
    form = client.post("/ingest", files={"token": (None, "s3cret"), "text": (None, text)})
    assert form.status_code == 413 and "the text is larger than the limit (50,000 bytes)" in form.text
    upload = client.post("/api/ingest", headers=AUTH, files={"file": ("big.txt", text.encode())})
    assert upload.json()["detail"] == "the file is larger than the limit (50,000 bytes)"
    roomy = TestClient(create_app(Settings(db=str(ledger_file), web_token="s3cret", max_bytes=2_000_000)))
    binary = "\x01" * 1_500_000  # over Starlette's 1 MB field limit, under the ledger's: read, then refused as binary
    for body in ({"files": {"text": (None, binary)}}, {"data": {"text": binary}}):
        answer = roomy.post("/api/ingest", headers=AUTH, **body)  # type: ignore[arg-type]
        assert answer.status_code == 400 and "binary" in answer.json()["detail"]


def test_web_ingest_runs_off_the_event_loop_one_at_a_time(tmp_path: Path) -> None:
    """Three real ingests posted at once: pages keep answering meanwhile (the ingests run in the worker
    process), and the ingests run one after another (no two overlap between reading and linking)."""
    import itertools
    import time
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        f"The {place} harbour will reopen on Monday, the port authority said in a statement on {day}."
        for place, day in (("northern", "Friday"), ("eastern", "Saturday"), ("western", "Sunday"))
    ]
    ledger_file = tmp_path / "ledger.db"
    app = create_app(Settings(db=str(ledger_file), web_token="s3cret"))
    with TestClient(app) as live, ThreadPoolExecutor(4) as pool:
        live.post("/api/ingest", headers=AUTH, data={"text": "Warm-up: the worker loads its models, he said."})
        posts = [pool.submit(live.post, "/api/ingest", headers=AUTH, data={"text": t}) for t in texts]
        time.sleep(0.2)
        started = time.monotonic()
        assert live.get("/actors.json").status_code == 200  # the server still answers while ingests run
        assert time.monotonic() - started < 1.0
        assert [p.result().json()["new"] for p in posts] == [1, 1, 1]
    with Ledger.open(ledger_file).connect() as conn:
        spans = conn.exec_driver_sql(
            "SELECT d.read_at, a.claims_linked_at FROM articles a JOIN documents d ON d.id = a.document_id"
            " WHERE a.text LIKE '%harbour will reopen%' ORDER BY d.read_at"
        ).all()
    assert len(spans) == 3
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(spans)), spans


# ------------------------------------------------------------------------------------ ids, server errors
SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.mark.parametrize(
    "path",
    ["/claims/9223372036854775808", "/articles/9223372036854775808", "/claims/9223372036854775808.json",
     "/articles/9223372036854775808.json", "/claims/0", "/articles/0.json", "/claims/" + "9" * 40,
     "/articles/9223372036854775807", "/claims/9223372036854775807.json"],
)  # fmt: skip
def test_web_huge_or_invalid_ids_are_404(client: TestClient, path: str) -> None:
    """A twin answers JSON; a page answers an error page in the site's layout."""
    response = client.get(path)
    assert response.status_code == 404 and all(h in response.headers for h in SECURITY)
    if path.endswith(".json"):
        assert "with id" in response.json()["detail"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert 'id="error"' in response.text and "with id" in response.text and "<header>" in response.text


def test_web_server_errors_carry_the_security_headers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.web import data

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr(data, "actors", broken)
    quiet = TestClient(client.app, raise_server_exceptions=False)
    page, twin = quiet.get("/actors"), quiet.get("/actors.json")
    assert page.status_code == twin.status_code == 500
    assert page.headers["content-type"].startswith("text/html") and "Server error" in page.text
    assert twin.json() == {"detail": "the server failed to answer this request; the error is in its log"}
    for response in (page, twin):
        assert all(h in response.headers for h in SECURITY) and "secret detail" not in response.text
        assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_web_article_page_flags_an_article_it_did_not_analyse(tmp_path: Path) -> None:
    russian = (
        "Президент заявил во вторник, что переговоры продолжатся на следующей неделе в Женеве. "
        "По словам министра, стороны обсудят обмен пленными и поставки зерна через порты Черного моря. "
        "Эксперты считают, что соглашение возможно только после прекращения огня на всей линии фронта.\n"
    )
    (tmp_path / "ru.txt").write_text(russian * 3, encoding="utf-8")
    ledger_path = tmp_path / "ru.db"
    ingest([str(tmp_path / "ru.txt")], Ledger.open(ledger_path))
    client = TestClient(create_app(Settings(db=str(ledger_path))))
    page = client.get("/articles/1")
    assert page.status_code == 200 and "Not analysed: Russian" in page.text and "language ru" in page.text
    assert client.get("/articles/1.json").json()["not_analysed"] == "Russian"
