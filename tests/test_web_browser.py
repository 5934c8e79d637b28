"""The web ledger in a real browser: Debian's chromium driven by Playwright, against a live server on 127.0.0.1.

Screenshots go to test-output/screenshots/. `make test` installs chromium (scripts/browser-setup.sh).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from tests.browser import SHOTS, live, shot
from tests.conftest import EXAMPLES, SEED, need
from tests.test_web import XSS

TOKEN = "browser-s3cret"
INGEST_WAIT = 180_000  # ms: an ingest in the worker process, on a busy machine


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("browser")
    db = where / "ledger.db"
    ledger = Ledger.open(db)
    # the seed as a dated web article: its claims have places on the map and reports on the timeline
    dated = {"text": need(SEED).read_text(encoding="utf-8"), "published": "2024-10-17",
             "url": "https://www.euronews.example.com/2024/10/17/north-korea-joined-russia"}  # fmt: skip
    (where / "seed.jsonl").write_text(json.dumps(dated) + "\n", encoding="utf-8")
    ingest([str(EXAMPLES), str(where / "seed.jsonl")], ledger)
    ledger.close()
    with live(db, TOKEN) as url:
        yield url


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
    # a map only where a place is geocoded; else a line saying there is none (never an empty world map)
    assert page.locator("svg.map").count() + page.locator("#no-places").count() == 1
    assert page.locator("svg.provenance-graph text").count() > 3
    assert "independent origins" in page.locator("#origins").inner_text()
    assert shot(page, "claim").stat().st_size > 10_000
    assert page.console_errors == [] and page.page_errors == []


def test_browser_submit_text_with_token(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("input[name=token]", TOKEN)
    page.fill("textarea[name=text]", "Glacier lake burst\n\nThe valley road was washed away on Monday, rangers said.")
    page.click("button[type=submit]", timeout=INGEST_WAIT)  # the first ingest loads the models
    assert "new 1" in page.locator("#result").inner_text()
    page.locator("#result a").first.click()
    assert page.locator("mark.source", has_text="rangers").count() == 1
    assert page.console_errors == [] and page.page_errors == []


def test_browser_xss_article_executes_nothing(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/ingest")
    page.fill("input[name=token]", TOKEN)
    page.fill("textarea[name=text]", XSS)
    page.click("button[type=submit]", timeout=INGEST_WAIT)  # the first ingest loads the models
    page.locator("#result a").first.click()
    assert "<script>" in page.locator("#article-text").inner_text()  # shown as text
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("#article-text script, #article-text img, #article-text a").count() == 0
    assert page.dialogs == []
    shot(page, "article-xss")
    assert page.page_errors == []


# ------------------------------------------------------------------------------- an analyst's walk, a11y
AXE = Path(os.environ.get("CLAIMLEDGER_AXE_DIR") or Path.home() / ".cache" / "claimledger" / "axe")
AXE_JS = AXE / "node_modules" / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")


def json_of(page: Any, url: str) -> Any:
    page.goto(url)
    return page.evaluate("() => JSON.parse(document.body.innerText)")


def walk_target(page: Any, live_server: str) -> tuple[int, str, int]:
    """A claim on the list's first page with an origin that is an actor who speaks in an article that has a
    web address: (claim id, the actor's page, that article's id)."""
    for claim in json_of(page, f"{live_server}/claims.json")["claims"]:
        page.goto(f"{live_server}/claims/{claim['id']}")
        for actor_href in page.locator("#origin-list a").evaluate_all("as => as.map(a => a.getAttribute('href'))"):
            for article in json_of(page, f"{live_server}{actor_href}.json")["articles"]:
                meta = json_of(page, f"{live_server}/articles/{article}.json")["metadata"]
                if (meta.get("url") or "").startswith("http"):
                    return claim["id"], actor_href, article
    raise AssertionError("no claim leads to an actor with a web article")


def test_browser_analyst_walks_from_a_claim_to_the_original_url(page: Any, live_server: str) -> None:
    claim_id, actor_href, article = walk_target(page, live_server)
    page.goto(f"{live_server}/claims")
    page.locator(f'table a[href="/claims/{claim_id}"]').click()
    assert page.url.endswith(f"/claims/{claim_id}")
    origin = page.locator(f'#origin-list a[href="{actor_href}"]')
    name = origin.inner_text()
    origin.click()
    assert page.url.endswith(actor_href) and page.locator("h1").inner_text().startswith(name)
    page.locator(f'a[href="/articles/{article}"]').first.click()
    assert page.url.endswith(f"/articles/{article}")
    # the actor's own attribution in the article: its content links to its highlighted span
    rows = page.locator("#attributions tr", has=page.locator(f'a[href="{actor_href}"]'))
    assert rows.count() >= 1 and name in rows.first.inner_text()
    rows.first.locator('a[href^="#span-"]').click()
    anchor = page.url.rsplit("#", 1)[1]
    assert anchor.startswith("span-")
    span = page.locator(f"mark#{anchor}")
    assert span.is_visible() and span.evaluate("e => e.matches(':target')")
    assert span.evaluate("e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight")
    out = page.locator("#original-url")
    assert out.get_attribute("href").startswith("http") and out.inner_text() == out.get_attribute("href")
    assert set(out.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    shot(page, "walk-article-span")
    assert page.console_errors == [] and page.page_errors == []


def test_browser_unknown_id_is_an_error_page(page: Any, live_server: str) -> None:
    answer = page.goto(f"{live_server}/claims/999999")
    assert answer.status == 404
    assert page.locator("h1").inner_text().startswith("Not found")
    assert "no claim with id 999999" in page.locator("#error").inner_text()
    assert page.locator("header a[href='/claims']").count() >= 1  # in the site's layout, a way back
    page.locator("header a[href='/articles']").click()
    assert page.url.endswith("/articles")
    answer = page.goto(f"{live_server}/claims/abc")
    assert answer.status == 404 and "no page at /claims/abc" in page.locator("#error").inner_text()
    shot(page, "error-page")


def test_browser_filtered_json_badge(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/claims?q=dam&min_origins=1")
    shown = page.locator("h1 .muted").inner_text()
    page.locator("h1 a.badge", has_text="JSON").click()
    assert "/claims.json?" in page.url and "q=dam" in page.url and "min_origins=1" in page.url
    body = page.evaluate("() => JSON.parse(document.body.innerText)")
    assert shown == f"({body['total']})" and body["total"] > 0
    assert body["total"] < json_of(page, f"{live_server}/claims.json")["total"]  # filtered, not every claim


def rich_claim(page: Any, live_server: str) -> int:
    """The claim with the most origins that has a timeline and a map."""
    for claim in json_of(page, f"{live_server}/claims.json?sort=origins&limit=200")["claims"]:
        page.goto(f"{live_server}/claims/{claim['id']}")
        if page.locator("svg.map").count() and page.locator("svg.timeline").count():
            return int(claim["id"])
    raise AssertionError("no claim with a timeline and a map")


def test_browser_figures_fit_and_screenshots(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}/claims")
    assert shot(page, "claims-list").stat().st_size > 10_000
    claim_id = rich_claim(page, live_server)
    page.goto(f"{live_server}/claims/{claim_id}")
    # every label of the graph inside the box it names, and inside the picture
    outside = page.evaluate(
        """() => {
        const bad = [];
        for (const svg of document.querySelectorAll('svg.provenance-graph, svg.timeline, svg.map')) {
          const frame = svg.getBoundingClientRect();
          const rects = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
          for (const t of svg.querySelectorAll('text')) {
            const b = t.getBoundingClientRect();
            if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5) bad.push('picture: ' + t.textContent);
            // the box a label starts in (a label beside a box, at its height, is not in it)
            const box = rects.find(r => b.top >= r.top - 2 && b.bottom <= r.bottom + 2
                                        && b.left >= r.left && b.left < r.right);
            if (box && b.right > box.right + 0.5) bad.push('box: ' + t.textContent);
          }
        }
        const labels = [...document.querySelectorAll('svg.map text.place')].map(t => t.getBoundingClientRect());
        labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) bad.push('overlap');
        }));
        return bad;
    }"""
    )
    assert outside == []
    assert page.locator("ul.legend li").count() >= 4
    assert shot(page, "claim-graph-timeline-map").stat().st_size > 20_000
    actor = page.locator("#origin-list a").first
    actor.click()
    assert shot(page, "actor").stat().st_size > 10_000
    page.locator('a[href^="/articles/"]').first.click()
    assert page.locator("#article-text mark").count() > 0
    assert shot(page, "article").stat().st_size > 10_000
    assert page.console_errors == [] and page.page_errors == []


@pytest.fixture()
def axe_page(browser: Any) -> Iterator[Any]:
    """A page whose CSP is bypassed, only so that the test can inject axe-core (the pages have no script)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run scripts/browser-setup.sh (make test does)")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def test_browser_main_pages_have_no_serious_accessibility_violations(axe_page: Any, live_server: str) -> None:
    page = axe_page
    claim = json_of(page, f"{live_server}/claims.json?sort=articles")["claims"][0]["id"]
    seed = article_id(page, live_server, "Zelenskyy says")
    actor = json_of(page, f"{live_server}/actors.json")["actors"][0]["id"]
    paths = ["/claims", f"/claims/{claim}", "/articles", f"/articles/{seed}", "/actors", f"/actors/{actor}", "/api",
             "/claims/999999", "/claims?q=dam"]  # fmt: skip
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{live_server}{path}")
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            where = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            found.setdefault(path, []).append(f"{v['impact']}: {v['id']} ({len(v['nodes'])}: {where})")
    report = SHOTS.parent / "axe.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("".join(f"{p}: {'; '.join(v)}\n" for p, v in found.items()) or "no violations\n")
    grave = {p: [v for v in vs if v.split(":")[0] in GRAVE] for p, vs in found.items()}
    assert {p: v for p, v in grave.items() if v} == {}


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
