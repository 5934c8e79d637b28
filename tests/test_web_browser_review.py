"""The review workspace in a real browser (Debian's chromium, Playwright): an analyst sets a claim's status with
the web token, is refused without it, and a read-only ledger shows no form. Screenshot: claim-review.png."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from tests.browser import live, shot
from tests.conftest import EXAMPLES

TOKEN = "review-s3cret"
HOSTILE_NOTE = 'Denied in writing <script>window.__pwned = 1</script>\n<img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The examples' ledger served twice: with the web token, and read-only."""
    db = tmp_path_factory.mktemp("browser-review") / "ledger.db"
    ledger = Ledger.open(db)
    ingest([str(EXAMPLES)], ledger)
    ledger.close()
    with live(db, TOKEN) as with_token, live(db) as read_only:
        yield {"token": with_token, "read-only": read_only}


def open_first_claim(page: Any, base: str) -> str:
    page.goto(f"{base}/claims")
    page.locator("table a[href^='/claims/']").first.click()
    page.wait_for_selector("#review")
    return str(page.url)


def test_browser_review_set_with_token_and_refused_without(page: Any, servers: dict[str, str]) -> None:
    claim_url = open_first_claim(page, servers["token"])
    assert page.locator("#review-status").inner_text() == "unreviewed"
    form = page.locator("#review-form")
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("input[name=by]").fill("Ana <b>Lima</b>")
    form.locator("select[name=status]").select_option("refuted")
    form.locator("textarea[name=note]").fill(HOSTILE_NOTE)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("#review-error")
    assert page.url == claim_url + "#review", errors.inner_text() if errors.count() else page.content()[:2000]
    assert page.locator("#review-status").inner_text() == "refuted"
    assert page.locator("#review-by").inner_text() == "Ana <b>Lima</b>"
    row = page.locator("#review-log tbody tr").first
    assert row.locator("td.note").inner_text() == HOSTILE_NOTE  # shown as text, line break kept
    assert row.locator("td").nth(2).inner_text() == "refuted"
    assert page.evaluate("() => window.__pwned") is None and page.locator("#review-log img").count() == 0
    assert shot(page, "claim-review").stat().st_size > 10_000

    form = page.locator("#review-form")  # the wrong token: refused, with a page saying so, nothing recorded
    form.locator("input[name=token]").fill("not-the-token")
    form.locator("input[name=by]").fill("Mallory")
    form.locator("select[name=status]").select_option("supported")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 401
    page.wait_for_selector("#review-error")
    assert page.locator("#review-error").inner_text() == "a valid token is needed to review claims"
    assert page.locator("#review-status").inner_text() == "refuted"
    assert page.locator("#review-log tbody tr").count() == 1
    assert page.console_errors == [] or all("401" in e for e in page.console_errors)
    assert page.page_errors == []


def test_browser_review_read_only_ledger_has_no_form(page: Any, servers: dict[str, str]) -> None:
    open_first_claim(page, servers["read-only"])
    assert page.locator("#review-form").count() == 0
    assert "read-only" in page.locator("#review-read-only").inner_text()
    assert page.locator("#review-status").is_visible()
