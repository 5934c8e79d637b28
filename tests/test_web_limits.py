"""The web ledger bounded: list pages (one page of SQL over stored figures, the same claims and figures as the
full reports), per-client rate limits (429 with Retry-After), the bounded ingest queue (503), and the OpenAPI
description of every refusal."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from claimledger.errors import ClaimledgerError
from claimledger.ingest import ingest
from claimledger.ledger.keyset import Cursor
from claimledger.ledger.provenance import claim_summaries, list_claims
from claimledger.ledger.schema import actors
from claimledger.ledger.schema import claims as claims_table
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from claimledger.web.limits import RateLimit
from tests.conftest import EXAMPLES

# four articles: a claim in three of them, a copy, a report citing another outlet ("…, the Post reported")
FOUR = [str(EXAMPLES / name) for name in ("01_meridian_post.txt", "02_aggregator_copy.txt", "03_harbour_times.html",
                                          "04_valley_courier.html")]  # fmt: skip
AUTH = {"Authorization": "Bearer s3cret"}
SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "ledger.db"
    ingest(FOUR, Ledger.open(path))
    return path


@pytest.fixture()
def client(ledger_file: Path) -> TestClient:
    return TestClient(create_app(Settings(db=str(ledger_file), web_token="s3cret")))


def app_with(ledger_file: Path, **limits: int) -> Any:
    return create_app(Settings(db=str(ledger_file), web_token="s3cret", **limits))  # type: ignore[arg-type]


# ------------------------------------------------------------------------ the listing against the reports
ORDER = {
    "origins": lambda r: -r.independent_origins,
    "articles": lambda r: -len(r.articles),
    "recent": lambda r: r.last_seen or "",
}


def reported(ledger: Ledger, sort: str, **filters: Any) -> list[tuple[Any, ...]]:
    """What the web listed before pages: every claim's full report, filtered and sorted in Python."""
    actor = filters.pop("actor", None)
    reports = list_claims(ledger, **filters)
    if actor:
        reports = [r for r in reports if any(actor in (m.actor, *m.chain) for m in r.members)]
    reports.sort(key=ORDER[sort], reverse=sort == "recent")
    return [(r.id, r.text, r.independent_origins, len(r.members), len(r.articles), r.first_seen, r.last_seen)
            for r in reports]  # fmt: skip


def listed(ledger: Ledger, sort: str, limit: int = 1000, **filters: Any) -> list[tuple[Any, ...]]:
    """The same from claim_summaries, gathered page by page (``limit`` a page)."""
    rows: list[tuple[Any, ...]] = []
    cursor = None
    while True:
        page = claim_summaries(ledger, sort=sort, limit=limit, cursor=cursor, **filters)
        rows += [(c.id, c.text, c.independent_origins, c.members, c.articles, c.first_seen, c.last_seen)
                 for c in page.claims]  # fmt: skip
        if page.next is None:
            assert page.total == len(rows)
            return rows
        cursor = page.next.token()


# only ever cited, in chains ("…, citing an engineer …"); a generic body, named with its outlet in the ledger
ENGINEER = "an engineer at the dam’s operator"


def test_claim_summaries_are_the_reports_figures(ledger_url: str) -> None:
    """On each backend (FTS5 or tsvector, json_each or jsonb): the same claims, order and figures as the
    reports, for every sort and filter, whole or page by page."""
    ledger = Ledger.open(ledger_url)
    ingest(FOUR, ledger)
    with ledger.connect() as conn:
        engineer = conn.scalar(
            sa.select(actors.c.name).where(actors.c.name.like(ENGINEER + " (%")).order_by(actors.c.id).limit(1)
        )
    assert engineer is not None
    filters: list[dict[str, Any]] = [
        {},
        {"min_origins": 2},
        {"query": "evacuated"},
        {"query": "residents homes", "min_origins": 1},
        {"actor": "Daniel Orsett"},
        {"actor": "Halvard Gazette"},  # a source, and cited ("…, citing the Halvard Gazette")
        {"actor": engineer},
    ]
    for sort in ORDER:
        for given in filters:
            expected = reported(ledger, sort, **dict(given))
            assert listed(ledger, sort, **given) == expected, (sort, given)
            assert listed(ledger, sort, limit=3, **given) == expected, (sort, given)  # pages join up
    assert len(reported(ledger, "origins")) > 10 and reported(ledger, "origins", min_origins=2)
    assert reported(ledger, "origins", actor=engineer)
    ledger.close()


def test_claims_of_an_older_version_have_unknown_origins(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "ledger.db")
    ingest(FOUR[:2], ledger)
    first = claim_summaries(ledger).claims[0].id
    with ledger.begin() as conn:  # as a claim stored before migration 6 reads: its origins never counted
        conn.execute(claims_table.update().where(claims_table.c.id == first).values(independent_origins=None))
    rows = claim_summaries(ledger, limit=1000).claims
    assert rows[-1].id == first and rows[-1].independent_origins is None  # unknown sorts last
    assert first not in [c.id for c in claim_summaries(ledger, min_origins=1).claims]
    web = TestClient(create_app(Settings(db=str(tmp_path / "ledger.db"))))
    twin = web.get("/claims.json", params={"limit": 200}).json()["claims"]
    assert twin[-1] == {**twin[-1], "id": first, "independent_origins": None}
    page = web.get("/claims", params={"limit": 200}).text
    assert f'<a href="/claims/{first}">' in page and "<td>—</td>" in page


# ---------------------------------------------------------------------------------------------- pages
@pytest.mark.parametrize(("path", "key"), [("/claims.json", "claims"), ("/articles.json", "articles"),
                                           ("/actors.json", "actors")])  # fmt: skip
def test_web_lists_come_in_pages_that_link_up(client: TestClient, path: str, key: str) -> None:
    whole = client.get(path, params={"limit": 200}).json()
    assert whole["page"] == 1 and whole["pages"] == 1 and whole["next"] is None and whole["previous"] is None
    total = whole["total"]
    assert total == len(whole[key]) >= 3
    first = client.get(path, params={"limit": 2}).json()
    assert len(first[key]) == 2 and first["total"] == total and first["pages"] == math.ceil(total / 2)
    assert first["previous"] is None and first["next"].startswith(f"{path}?limit=2&cursor=")
    seen, page = [], first
    while True:
        seen += [row["id"] for row in page[key]]
        if page["next"] is None:
            break
        following = client.get(page["next"]).json()
        assert client.get(following["previous"]).json() == page  # previous undoes next
        page = following
    assert page["page"] == first["pages"]
    assert seen == [row["id"] for row in whole[key]]  # every row once, in the same order


def test_web_page_bounds(client: TestClient) -> None:
    for bad in ({"limit": 0}, {"limit": 201}, {"limit": "x"}, {"cursor": "x" * 3000}):
        answer = client.get("/claims.json", params=bad)
        assert answer.status_code == 422, bad
    for hostile in ("x", "%00", "eyJ9", "W1siYSJdLDEsMl0", "W1tbXV0sMSwyXQ", "' OR 1=1 --"):  # not one of ours
        for path in ("/claims.json", "/articles.json", "/actors.json", "/claims"):
            answer = client.get(path, params={"cursor": hostile})
            assert answer.status_code == 400 and "not a cursor" in answer.text, (path, hostile)
    last = client.get("/claims.json", params={"limit": 200}).json()["claims"][-1]
    past = client.get("/claims.json", params={"limit": 10, "cursor": Cursor((-1, last["id"]), page=9).token()})
    assert past.json()["claims"] == [] and past.json()["next"] is None and past.json()["total"] > 0
    assert client.get(past.json()["previous"]).json()["claims"]  # back from past the end: the last rows


def test_web_page_links_keep_the_filters(client: TestClient) -> None:
    page = client.get("/claims", params={"sort": "articles", "limit": 2, "q": "the"})
    total = client.get("/claims.json", params={"q": "the", "limit": 200}).json()["total"]
    assert f"1–2 of {total}" in page.text and f"({total})" in page.text
    following = re.search(
        r'rel="next" href="(/claims\?sort=articles&amp;limit=2&amp;q=the&amp;cursor=[\w-]+)"', page.text
    )
    assert following is not None, page.text
    assert 'href="/claims.json?sort=articles&amp;limit=2&amp;q=the"' in page.text  # its JSON twin
    second = client.get(following.group(1).replace("&amp;", "&"))
    assert "3–4 of" in second.text and 'rel="prev" href="/claims?sort=articles&amp;limit=2&amp;q=the"' in second.text


# ---------------------------------------------------------------------------------------------- limits
def test_rate_limit_is_a_token_bucket_per_client() -> None:
    now = [100.0]
    limit = RateLimit(per_minute=30, burst=3, max_clients=4, clock=lambda: now[0])
    assert [limit.wait("a") for _ in range(4)] == [0.0, 0.0, 0.0, 2.0]  # a token every 2 s
    assert limit.wait("b") == 0.0  # another address has its own bucket
    now[0] += 1.0
    assert limit.wait("a") == pytest.approx(1.0)  # refused: half a token so far, and refusals take none
    now[0] += 1.0
    assert limit.wait("a") == 0.0 and limit.wait("a") == pytest.approx(2.0)
    for n in range(10):
        limit.wait(f"client {n}")
    assert len(limit) <= 4  # memory stays bounded whatever the number of addresses
    assert RateLimit(per_minute=0, burst=1).wait("a") == 0.0  # 0: no limit
    assert all(RateLimit(0, 1).wait("a") == 0.0 for _ in range(100))


def test_web_searches_are_limited_per_client(ledger_file: Path) -> None:
    app = app_with(ledger_file, search_per_minute=60, search_burst=3)
    web, neighbour = TestClient(app), TestClient(app, client=("10.0.0.2", 40000))
    assert [web.get("/claims.json", params={"q": "dam"}).status_code for _ in range(3)] == [200] * 3
    refused = web.get("/claims.json", params={"q": "dam"})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert refused.json() == {"detail": "too many searches from this address: try again in 1 s"}
    page = web.get("/claims", params={"actor": "Daniel Orsett"})  # a search too: the page says so, as a page
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    assert "too many searches from this address: try again in 1 s." in page.text and page.headers["retry-after"]
    assert all(h in page.headers for h in SECURITY)
    assert web.get("/articles.json", params={"q": "dam"}).status_code == 429
    assert all(web.get(p).status_code == 200 for p in ("/claims", "/claims.json?page=2", "/actors", "/claims/1"))
    assert neighbour.get("/claims.json", params={"q": "dam"}).status_code == 200


def test_web_default_limits_let_a_reader_browse(client: TestClient) -> None:
    paths = ["/claims", "/claims.json?sort=recent", "/claims/1", "/articles", "/articles/1", "/actors"] * 20
    assert {client.get(p).status_code for p in paths} == {200}
    assert {client.get("/claims", params={"q": f"word{n}"}).status_code for n in range(50)} == {200}


def test_web_ingest_is_limited_per_client_before_the_token(ledger_file: Path) -> None:
    web = TestClient(app_with(ledger_file, ingest_per_minute=1, ingest_burst=2))
    wrong = {"Authorization": "Bearer guess"}
    assert [web.post("/api/ingest", headers=wrong, data={"text": "x"}).status_code for _ in range(2)] == [401, 401]
    refused = web.post("/api/ingest", headers=AUTH, data={"text": "The dam held, engineers said."})
    assert refused.status_code == 429 and 50 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["detail"].startswith("too many ingest requests from this address: try again in ")
    form = web.post("/ingest", data={"token": "s3cret", "text": "The dam held, engineers said."})
    assert form.status_code == 429 and 'id="error"' in form.text and "too many ingest requests" in form.text
    assert form.headers["retry-after"] == refused.headers["retry-after"]


def test_web_ingests_beyond_the_queue_are_busy(ledger_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import anyio.to_thread

    from claimledger.web import data, worker

    release = threading.Event()

    async def slow(*_: object) -> data.IngestPublic:  # the worker process's job, held until released
        await anyio.to_thread.run_sync(release.wait, 10)
        return data.IngestPublic(read=1, new=0, duplicates=1, failed=[], article_ids=[])

    monkeypatch.setattr(worker, "ingest", slow)
    app = app_with(ledger_file, ingest_waiting=1, ingest_burst=10)  # one running, one waiting
    with TestClient(app) as live, ThreadPoolExecutor(4) as pool:
        admitted = [pool.submit(live.post, "/api/ingest", headers=AUTH, data={"text": f"t{i}"}) for i in range(2)]
        time.sleep(0.5)
        busy = live.post("/api/ingest", headers=AUTH, data={"text": "one too many"})
        form = live.post("/ingest", data={"token": "s3cret", "text": "one too many"})
        release.set()
        assert [a.result().status_code for a in admitted] == [200, 200]
    assert busy.status_code == 503 and busy.headers["retry-after"] == "10"
    assert busy.json() == {"detail": "the ledger is busy adding other articles: try again shortly"}
    assert form.status_code == 503 and "busy adding other articles" in form.text and form.headers["retry-after"]


def test_web_limit_settings_must_not_be_negative(ledger_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_SEARCH_PER_MINUTE", "-5")
    with pytest.raises(ClaimledgerError, match="CLAIMLEDGER_SEARCH_PER_MINUTE must be 0 or more"):
        create_app(Settings.from_env(db=str(ledger_file)))
    monkeypatch.setenv("CLAIMLEDGER_SEARCH_PER_MINUTE", "0")  # 0: no limit
    web = TestClient(create_app(Settings.from_env(db=str(ledger_file), search_burst=1)))
    assert {web.get("/claims.json", params={"q": "dam"}).status_code for _ in range(5)} == {200}


# --------------------------------------------------------------------------------------------- OpenAPI
def test_web_openapi_declares_every_refusal(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ingest_answers = spec["paths"]["/api/ingest"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "415", "422", "429", "503"} <= set(ingest_answers)
    for status in ("429", "503"):
        assert "Retry-After" in ingest_answers[status]["headers"]
    problem = ingest_answers["401"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert spec["components"]["schemas"][problem]["required"] == ["detail"]
    for path in ("/claims.json", "/articles.json", "/actors.json"):
        operation = spec["paths"][path]["get"]
        assert {"200", "422", "429"} <= set(operation["responses"]), path
        params = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert params["limit"]["maximum"] == 200 and "cursor" in params and "400" in operation["responses"], path
    for path in ("/claims/{claim_id}.json", "/articles/{article_id}.json"):
        assert "404" in spec["paths"][path]["get"]["responses"], path
    listing = spec["components"]["schemas"]["ClaimsPublic"]["properties"]
    assert {"claims", "total", "page", "limit", "pages", "next", "previous"} <= set(listing)
