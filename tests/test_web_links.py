"""The web ledger as an analyst moves through it (in-process): errors as pages, every record linked to the
next, headlines for plain texts, filtered JSON twins, and figures written for people."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimledger.clean import headline
from claimledger.ingest import ingest
from claimledger.ledger.provenance import ClaimReport, Member, Origin
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app, svg
from tests.conftest import EXAMPLES, SEED, need

SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")
POLNEAR_LIKE = (
    "Trump not walking the walk on his tax claims.\n\n"
    "Donald Trump has not released his returns, the campaign said on Tuesday, and aides said he never would.\n"
)
HOSTILE_URLS = [
    {
        "text": "Harbour closed after storm\n\nThe harbour was closed on Friday, officials said.",
        "url": "javascript:x()",
    },
    {"text": "Ferry halted in the strait\n\nThe ferry stopped running, the operator said.", "url": "file:///etc/hosts"},
]


@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("links")
    (where / "polnear_like.txt").write_text(POLNEAR_LIKE, encoding="utf-8")
    (where / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in HOSTILE_URLS), encoding="utf-8")
    path = where / "ledger.db"
    ingest([str(EXAMPLES), str(need(SEED)), str(where / "polnear_like.txt"), str(where / "hostile.jsonl")],
           Ledger.open(path))  # fmt: skip
    return path


@pytest.fixture(scope="module")
def client(ledger_file: Path) -> TestClient:
    return TestClient(create_app(Settings(db=str(ledger_file))))


def articles(client: TestClient) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get("/articles.json", params={"limit": 200}).json()["articles"]
    return found


def article_with(client: TestClient, origin_part: str) -> dict[str, Any]:
    return next(a for a in articles(client) if origin_part in a["origin"])


class Links(HTMLParser):
    """Every ``<a>`` (href, rel, text) and every element id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "a":
            self._open = {"href": found.get("href", ""), "rel": found.get("rel", ""), "id": found.get("id", ""),
                          "text": ""}  # fmt: skip
            self.links.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


# ---------------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("path", "status", "says"),
    [("/claims/abc", 404, "there is no page at /claims/abc"), ("/articles/999999", 404, "no article with id 999999"),
     ("/claims/" + "9" * 30, 404, "no claim with id"), ("/actors/0", 404, "no actor with id 0"),
     ("/claims?sort=loudest", 422, "sort"), ("/articles?limit=0", 422, "limit"),
     ("/articles?cursor=zzz", 400, "cursor"), ("/docs", 404, "no page at /docs")],
)  # fmt: skip
def test_web_errors_are_pages_in_the_layout(client: TestClient, path: str, status: int, says: str) -> None:
    response = client.get(path)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert all(h in response.headers for h in SECURITY)
    page = parse(response.text)
    assert "error" in page.ids and says in response.text
    assert {"/claims", "/articles", "/actors", "/api"} <= {a["href"] for a in page.links}  # the site's header
    assert "<script" not in response.text


@pytest.mark.parametrize("path", ["/claims/abc.json", "/articles/999999.json", "/claims.json?sort=loudest"])
def test_web_json_twins_keep_json_errors(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422) and response.headers["content-type"].startswith("application/json")
    assert "detail" in response.json()


def test_web_error_page_escapes_the_address(client: TestClient) -> None:
    response = client.get("/claims/<img src=x onerror=alert(1)>")
    assert response.status_code == 404 and "<img" not in response.text and "&lt;img" in response.text


def test_web_api_is_a_page_not_a_promised_docs(client: TestClient, runner: Any) -> None:
    page = client.get("/api")
    assert page.status_code == 200 and "<script" not in page.text
    assert "/claims/{claim_id}.json" in page.text and "/api/ingest" in page.text
    assert "/openapi.json" in {a["href"] for a in parse(page.text).links}
    from claimledger.cli import app, register

    register()
    helped = runner.invoke(app, ["serve", "--help"])
    assert helped.exit_code == 0 and "/docs" not in helped.output and "/api" in helped.output


# ---------------------------------------------------------------------------------------------- links
def test_web_attribution_links_to_its_claim_actor_and_span(client: TestClient) -> None:
    seed = next(a for a in articles(client) if "Zelenskyy" in (a["title"] or ""))
    page = client.get(f"/articles/{seed['id']}").text
    rows = re.findall(r'<tr id="attribution-(\d+)">(.*?)</tr>', page, re.S)
    assert rows
    linked = 0
    for position, row in rows:
        claim = re.search(r'href="/claims/(\d+)"', row)
        if claim is None:
            continue
        linked += 1
        assert f'href="#span-{position}"' in row or f'id="span-{position}"' in row
        claim_page = client.get(f"/claims/{claim.group(1)}").text  # the claim leads back to this very span
        assert f'href="/articles/{seed["id"]}#span-{position}"' in claim_page
    assert linked >= len(rows) // 2
    ids = parse(page).ids
    assert all(f"span-{p}" in ids for p, _ in rows)  # every attribution has its anchor
    actors = {a["href"] for a in parse(page).links if a["href"].startswith("/actors/")}
    assert actors and all(client.get(a).status_code == 200 for a in actors)
    assert re.search(r'<mark class="\w+"[^>]*id="span-0"', page)  # the anchor is the highlighted span


def test_web_claim_links_to_its_origins_actors_and_members(client: TestClient) -> None:
    top = client.get("/claims.json", params={"sort": "origins"}).json()["claims"][0]
    report = client.get(f"/claims/{top['id']}.json").json()
    page = parse(client.get(f"/claims/{top['id']}").text)
    origin_actors = [a for a in page.links if a["href"].startswith("/actors/")]
    names = {o["name"] for o in report["origins"] if not o["unverifiable"]}
    assert names & {a["text"] for a in origin_actors}
    for link in origin_actors:
        actor = client.get(link["href"] + ".json").json()
        assert actor["name"] == link["text"] or link["text"] in [f["alias"] for f in actor["aliases"]]
    spans = [a["href"] for a in page.links if "#span-" in a["href"]]
    assert len(spans) >= len(report["members"])
    for href in spans[:5]:
        where, anchor = href.split("#")
        assert anchor in parse(client.get(where).text).ids


def test_web_article_links_out_only_to_web_addresses(client: TestClient) -> None:
    harbour = article_with(client, "03_harbour_times.html")
    page = parse(client.get(f"/articles/{harbour['id']}").text)
    out = next(a for a in page.links if a["id"] == "original-url")
    assert out["href"] == harbour["url"] and out["href"].startswith("https://")
    assert set(out["rel"].split()) >= {"noopener", "noreferrer"}
    local = client.get(f"/articles/{article_with(client, '01_meridian_post.txt')['id']}").text
    origin = article_with(client, "01_meridian_post.txt")["origin"]
    assert 'id="original-url"' not in local and f"read from {origin}" in local
    assert f'href="{origin}' not in local and "file:" not in local
    for row in HOSTILE_URLS:  # an address that is not http(s) is shown as text, never as a link
        stored = next(a for a in articles(client) if a["url"] == row["url"])
        html = client.get(f"/articles/{stored['id']}").text
        assert 'id="original-url"' not in html and f'href="{row["url"]}"' not in html
        assert "is not http or https" in html


def test_web_article_links_its_copies_and_claims(client: TestClient) -> None:
    original = article_with(client, "01_meridian_post.txt")
    copy = article_with(client, "02_aggregator_copy.txt")
    page = client.get(f"/articles/{original['id']}").text
    assert re.search(rf'id="copies">\d+ cop(y|ies): .*href="/articles/{copy["id"]}"', page)
    twin = client.get(f"/articles/{original['id']}.json").json()
    assert twin["claims"] and all(f'href="/claims/{c}"' in page for c in twin["claims"])
    for claim_id in twin["claims"][:3]:  # each claim it contributes to has a member in it
        members = client.get(f"/claims/{claim_id}.json").json()["members"]
        assert original["id"] in {m["article_id"] for m in members} | {m["original_id"] for m in members}


def test_web_article_shows_its_citing_chains(client: TestClient) -> None:
    seed = next(a for a in articles(client) if "Zelenskyy" in (a["title"] or ""))
    twin = client.get(f"/articles/{seed['id']}.json").json()
    chained = [a for a in twin["attributions"] if a["chain"]]
    assert chained
    page = client.get(f"/articles/{seed['id']}").text
    for a in chained:
        cell = " → ".join(c["text"] for c in a["chain"])
        assert f"<td>{cell}</td>" in page


# ---------------------------------------------------------------------------------------- titles, JSON
def test_plain_text_takes_its_headline_everywhere(client: TestClient, runner: Any, ledger_file: Path) -> None:
    want = "Trump not walking the walk on his tax claims"
    assert headline(None, POLNEAR_LIKE) == want
    stored = article_with(client, "polnear_like.txt")
    assert stored["title"] == want
    assert f"<h1>{want} " in client.get(f"/articles/{stored['id']}").text
    assert client.get(f"/articles/{stored['id']}.json").json()["metadata"]["title"] == want
    from claimledger.cli import app, register

    register()
    listed = runner.invoke(app, ["articles", "--db", str(ledger_file), "--json"])
    assert listed.exit_code == 0, listed.output
    assert want in listed.output
    shown = runner.invoke(app, ["show", str(stored["id"]), "--db", str(ledger_file)])
    assert shown.exit_code == 0 and want in shown.output


@pytest.mark.parametrize(
    "query",
    [{"q": "dam"}, {"actor": "Daniel Orsett"}, {"min_origins": "2", "sort": "recent"}, {"q": "dam", "page": "1"}],
)
def test_web_filtered_json_badge_is_the_filtered_twin(client: TestClient, query: dict[str, str]) -> None:
    page = client.get("/claims", params=query)
    badge = next(a["href"] for a in parse(page.text).links if a["text"] == "JSON")
    assert badge.startswith("/claims.json?")
    twin = client.get(badge).json()
    assert twin == client.get("/claims.json", params=query).json()
    assert f"({twin['total']})" in page.text
    assert twin["total"] < client.get("/claims.json").json()["total"] or query.get("min_origins") == "0"


# -------------------------------------------------------------------------------------------- figures
def test_web_claim_figures_are_written_for_people(client: TestClient) -> None:
    claims = client.get("/claims.json", params={"limit": 200}).json()["claims"]
    reports = [client.get(f"/claims/{c['id']}.json").json() for c in claims]
    numbered = next(r for r in reports if any(v >= 1000 for vs in r["numeric_variants"].values() for v in vs))
    html = client.get(f"/claims/{numbered['id']}").text
    numbers = re.search(r'id="numbers">(.*?)</p>', html)
    assert numbers and ".0" not in numbers.group(1) and re.search(r"\d,\d{3}", numbers.group(1))
    single = next(r for r in reports if len(r["articles"]) == 1 and len(r["outlets"]) == 1)
    assert "1 article · 1 outlet · " in client.get(f"/claims/{single['id']}").text
    negated = next(r for r in reports if r["polarity"] < 0)
    assert "denied" in client.get(f"/claims/{negated['id']}").text
    hedged = next(r for r in reports if r["hedges"])
    hedges = re.search(r'id="hedges">(.*?)</p>', client.get(f"/claims/{hedged['id']}").text)
    assert hedges and all(h in hedges.group(1) for h in hedged["hedges"])


def test_web_undated_reports_are_listed_not_plotted(client: TestClient) -> None:
    claims = client.get("/claims.json", params={"limit": 200}).json()["claims"]
    undated = next(c for c in claims if c["first_seen"] is None)
    html = client.get(f"/claims/{undated['id']}").text
    assert 'class="timeline"' not in html and "first seen ?" not in html and "no dated report" in html
    members = client.get(f"/claims/{undated['id']}.json").json()["members"]
    assert len(re.findall(r"<li>", re.search(r'<ul id="undated">(.*?)</ul>', html, re.S).group(1))) == len(members)
    dated = next(c for c in claims if c["first_seen"] is not None)
    assert 'class="timeline"' in client.get(f"/claims/{dated['id']}").text


def test_web_no_empty_world_map(client: TestClient, ledger_file: Path) -> None:
    from claimledger.web import data

    ledger = Ledger.open(ledger_file)
    claims = client.get("/claims.json", params={"limit": 200}).json()["claims"]
    seen = {True: 0, False: 0}
    for c in claims:
        placed = bool(data.claim_places(ledger, data.claim_report(ledger, c["id"])))
        html = client.get(f"/claims/{c['id']}").text
        assert ('class="map"' in html) is placed and ('id="no-places"' in html) is not placed
        assert "No geocoded places" not in html
        seen[placed] += 1
    assert seen[True] and seen[False]


def test_web_legend_says_in_words_what_each_colour_means(client: TestClient) -> None:
    html = client.get("/claims/1").text
    legend = re.search(r'<ul class="legend" aria-label="legend">(.*?)</ul>', html, re.S)
    assert legend and all(meaning in legend.group(1) for _, _, meaning in svg.LEGEND)


# ------------------------------------------------------------------------------------------ SVG labels
LONG = "The Extraordinarily Long-Named Ministry of Strategic Communications and Information Policy of Ukraine"


def long_report(members: int = 6) -> ClaimReport:
    people = [Member(attribution_id=i, article_id=100 + i % 3, original_id=100 + i % 3, publisher=LONG + " Daily",
                     published=None if i % 2 else f"2024-10-{10 + i:02d}", kind="indirect", source=LONG, actor=LONG,
                     actor_type="organisation", chain=[LONG, "WWWWWWWWWWWWWWWWWWWWWWWWW"], content="x" * 300, hedges=[],
                     verification=None, quantities=[{"text": "9" * 80, "value": 9.0, "unit": None}], similarity=1.0)
              for i in range(members)]  # fmt: skip
    origins = [Origin(name=LONG + f" {i}", unverifiable=bool(i % 2), members=[i]) for i in range(members)]
    return ClaimReport(id=1, text="t", polarity=1, members=people, origins=origins, articles=[100, 101, 102],
                       outlets=[LONG], numeric_variants={}, disagreement=False, verification=[], hedges={},
                       first_seen="2024-10-10", last_seen="2024-10-14")  # fmt: skip


def drawn_labels(picture: str) -> list[tuple[float, float, str, str]]:
    """(x, y, anchor, shown text) of each label of an SVG, its tooltip aside."""
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="\d+" text-anchor="(\w+)"[^>]*>'
                       r"<title>.*?</title>(.*?)</text>", picture)  # fmt: skip
    return [(float(x), float(y), anchor, shown) for x, y, anchor, shown in found]


def test_svg_graph_labels_stay_in_their_boxes() -> None:
    picture = svg.provenance_graph(long_report())
    rects = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', picture)
    boxes = [(float(x), float(y), float(w)) for x, y, w in rects]
    for x, y, _, shown in drawn_labels(picture):
        from html import unescape

        right = x + svg.text_width(unescape(shown), 12)
        box = next(((bx, bw) for bx, by, bw in boxes if bx <= x <= bx + bw and by <= y <= by + 22), None)
        if box is not None:
            assert right <= box[0] + box[1], shown
        elif 300 <= x <= 320:  # the attributions' column, up to the lines to the articles
            assert right <= 610, shown
        assert right <= svg.WIDTH
    assert LONG in picture  # the whole name stays in the tooltip


def test_svg_timeline_plots_dated_reports_inside_the_picture() -> None:
    report = long_report()
    picture = svg.timeline(report)
    dated = [m for m in report.members if m.published]
    labels = [label for label in drawn_labels(picture) if label[1] > 50]
    assert len(labels) == len(dated)
    from html import unescape

    for x, _, _, shown in labels:
        assert x >= 0 and x + svg.text_width(unescape(shown), 11) <= svg.WIDTH
    assert svg.timeline(_undated(report)) == ""  # nothing dated: nothing plotted (the page lists them)


def _undated(report: ClaimReport) -> ClaimReport:
    from dataclasses import replace

    return replace(report, members=[replace(m, published=None) for m in report.members])


def test_svg_map_labels_never_overlap_nor_leave_the_map() -> None:
    places = [(f"{LONG[:20]} {i}", 50.0 + (i % 4) * 0.8, 30.0 + (i // 4) * 1.2) for i in range(16)]
    places += [("Far East edge", 10.0, 179.0), ("North edge", 89.0, 0.0), ("Kyiv", 50.45, 30.52)]
    picture = svg.world_map(places)
    from html import unescape

    boxes = []
    for x, y, _, shown in drawn_labels(picture):
        w = svg.text_width(unescape(shown), 12)
        box = (x, y - 12, x + w, y + 2)
        assert box[0] >= 0 and box[2] <= svg.WIDTH and box[1] >= 0 and box[3] <= svg.WIDTH // 2
        assert not any(svg._overlaps(box, other) for other in boxes), shown
        boxes.append(box)
    assert len(re.findall(r'fill="#cf222e"', picture)) == len(places)  # every place has its dot
    assert all(f"<title>{name}</title>" in picture for name, _, _ in places)
