"""The web ledger in a real browser: Debian's chromium driven by Playwright, against a live server on 127.0.0.1.

Screenshots go to test-output/screenshots/. `make test` installs chromium (scripts/browser-setup.sh).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from tests.conftest import EXAMPLES, REPO, SEED, need
from tests.test_web import XSS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SHOTS = REPO / "test-output" / "screenshots"
TOKEN = "browser-s3cret"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from claimledger.web import create_app

    db = tmp_path_factory.mktemp("browser") / "ledger.db"
    ledger = Ledger.open(db)
    ingest([str(EXAMPLES), str(need(SEED))], ledger)
    ledger.close()
    app = create_app(Settings(db=str(db), web_token=TOKEN))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/browser-setup.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.console_errors = []
    pg.page_errors = []
    pg.dialogs = []
    pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (pg.dialogs.append(dialog.message), dialog.dismiss()))
    yield pg
    context.close()


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def article_id(page: Any, live_server: str, title_part: str) -> str:
    page.goto(f"{live_server}/articles.json")
    rows = page.evaluate("() => JSON.parse(document.body.innerText).articles")
    return str(next(r["id"] for r in rows if title_part in (r["title"] or "")))


def test_browser_seed_article_highlights_roles(page: Any, live_server: str) -> None:
    seed = article_id(page, live_server, "Zelenskyy says")
    page.goto(f"{live_server}/articles/{seed}")
    text = page.locator("#article-text")
    assert text.locator("mark.source", has_text="The Kyiv Independent").count() >= 1
    assert text.locator("mark.cue", has_text="reported").count() >= 1
    assert text.locator("mark.content", has_text="North Korea has sent 10,000 soldiers").count() >= 1
    assert text.locator("span.boilerplate", has_text="ADVERTISEMENT").count() == 2
    source = text.locator("mark.source", has_text="The Kyiv Independent").first
    source.focus()  # the record shows on focus as well as on hover
    assert source.locator(".record").is_visible()
    assert "outlet" in source.locator(".record").inner_text()
    colours = {role: text.locator(f"mark.{role}").first.evaluate("e => getComputedStyle(e).backgroundColor")
               for role in ("source", "cue", "content")}  # fmt: skip
    assert len(set(colours.values())) == 3
    assert shot(page, "article-seed").stat().st_size > 10_000
    assert page.console_errors == [] and page.page_errors == []


def test_browser_claim_page_graph_and_timeline(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/claims?sort=articles")
    page.locator("table a").first.click()
    assert page.locator("svg.provenance-graph").is_visible()
    assert page.locator("svg.timeline").is_visible()
    assert page.locator("svg.map").is_visible()
    assert page.locator("svg.provenance-graph text").count() > 3
    assert "independent origins" in page.locator("#origins").inner_text()
    assert shot(page, "claim").stat().st_size > 10_000
    assert page.console_errors == [] and page.page_errors == []


def test_browser_submit_text_with_token(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("input[name=token]", TOKEN)
    page.fill("textarea[name=text]", "Glacier lake burst\n\nThe valley road was washed away on Monday, rangers said.")
    page.click("button[type=submit]")
    assert "new 1" in page.locator("#result").inner_text()
    page.locator("#result a").first.click()
    assert page.locator("mark.source", has_text="rangers").count() == 1
    assert page.console_errors == [] and page.page_errors == []


def test_browser_xss_article_executes_nothing(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("input[name=token]", TOKEN)
    page.fill("textarea[name=text]", XSS)
    page.click("button[type=submit]")
    page.locator("#result a").first.click()
    assert "<script>" in page.locator("#article-text").inner_text()  # shown as text
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("#article-text script, #article-text img, #article-text a").count() == 0
    assert page.dialogs == []
    shot(page, "article-xss")
    assert page.page_errors == []


def test_browser_walks_the_claims_pages_and_an_actor(page: Any, live_server: str) -> None:
    """The claims list five at a time: next, next, previous, previous lead back to the first page (no row twice
    on the way, the range shown follows); then an actor from the actors list, with the claims it asserted."""

    def ids() -> list[str]:
        return page.locator("table tbody tr td:first-child").all_inner_texts()

    page.goto(f"{live_server}/claims?limit=5")
    first = ids()
    assert len(first) == 5 and page.locator("a[rel=prev]").count() == 0
    total = page.locator("#shown").inner_text().rsplit(" ", 1)[1]
    page.locator("a[rel=next]").click()
    second = ids()
    assert page.locator("#shown").inner_text() == f"6–10 of {total}" and not set(first) & set(second)
    page.locator("a[rel=next]").click()
    third = ids()
    assert "11–" in page.locator("#shown").inner_text() and not (set(first) | set(second)) & set(third)
    page.locator("a[rel=prev]").click()
    assert ids() == second
    page.locator("a[rel=prev]").click()
    assert ids() == first and page.locator("a[rel=prev]").count() == 0 and "cursor" not in page.url
    assert shot(page, "claims-pages").stat().st_size > 5_000
    page.goto(f"{live_server}/actors?limit=5")
    assert page.locator("a[rel=next]").count() == 1
    page.locator("table tbody a").first.click()
    assert "/actors/" in page.url and page.locator("h1").inner_text()
    assert page.locator("h2", has_text="Asserted").count() == 1
    claims = page.locator("table a[href^='/claims/']")
    assert claims.count() >= 1 and claims.first.get_attribute("href").removeprefix("/claims/").isdigit()
    assert shot(page, "actor").stat().st_size > 5_000
    assert page.console_errors == [] and page.page_errors == []
