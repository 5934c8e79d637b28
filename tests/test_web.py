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


@pytest.mark.parametrize("path", ["/articles", "/articles/1", "/claims", "/claims/2", "/actors", "/ingest"])
def test_web_pages_render_with_strict_csp(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script may run at all
    assert "<script" not in response.text


@pytest.mark.parametrize(
    "path", ["/articles.json", "/articles/1.json", "/claims.json", "/claims/2.json", "/actors.json"]
)
def test_web_every_page_has_a_json_twin(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")


def test_web_article_page_highlights_roles(client: TestClient) -> None:
    html = client.get("/articles/1").text
    for role in ("source", "cue", "content"):
        assert f'<mark class="{role}"' in html
    assert 'class="boilerplate"' in html and 'class="record"' in html


def test_web_claim_page_draws_graph_timeline_and_map(client: TestClient) -> None:
    claims = client.get("/claims.json", params={"sort": "articles"}).json()
    top = claims[0]
    html = client.get(f"/claims/{top['id']}").text
    assert 'class="provenance-graph"' in html and 'class="timeline"' in html and 'class="map"' in html
    assert f"{top['independent_origins']} independent origins" in html


def test_web_claims_filters_and_sorting(client: TestClient) -> None:
    by_origins = client.get("/claims.json", params={"min_origins": 2}).json()
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
    actors = client.get("/actors.json").json()
    orsett = next(a for a in actors if a["name"] == "Daniel Orsett")
    assert orsett["type"] == "official" and orsett["claims"] >= 1
    claims = client.get("/claims.json", params={"actor": "Daniel Orsett"}).json()
    assert claims and len(claims) <= orsett["claims"]
    assert "Daniel Orsett" in client.get("/claims", params={"actor": "Daniel Orsett"}).text
