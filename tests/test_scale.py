"""The ledger at scale, as a reader sees it: keyset cursors that stay put while articles arrive, claim summaries
and actor counts equal to a recomputation after every way in (ingest, import, batch), and full-text search over
article bodies and claim statements that no query breaks — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from claimledger.export import export_jsonl
from claimledger.importer import import_jsonl
from claimledger.ingest import ingest
from claimledger.ledger.actors import actor_page
from claimledger.ledger.check import check
from claimledger.ledger.keyset import Cursor, CursorError
from claimledger.ledger.lists import article_page
from claimledger.ledger.provenance import CLAIM_SORTS, claim_summaries
from claimledger.ledger.schema import claims
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.conftest import EXAMPLES

STORY = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
KEPT = ("claim independent origins", "claim summaries", "actor counts", "claim member counts", "list totals")
HOSTILE = ["%00", "\x00", '"', "'", '" OR 1=1 --', "NEAR(a b)", "a*", "*", "-x", "^x", "AND", "OR NOT", "a:b", "(",
           ")", "{}", "\\", "%", "_", "évacués", "🙂", "x" * 400, "title:dam", "dam AND", "';--"]  # fmt: skip
BODY_ONLY = "Zanzibarite"  # a word only in one article's body: not its title, not in anything attributed
ARTICLE = (
    "Harbour repairs resume\n\nThe harbour authority said on Monday that repairs of the north pier would resume "
    f"next week. Engineers found traces of {BODY_ONLY} in the old pilings, a detail the authority did not mention."
)


def drifted(ledger: Ledger) -> dict[str, int]:
    """The kept figures that differ from a recomputation (``claimledger check``, no repair)."""
    return {f.name: f.drift for f in check(ledger) if f.name in KEPT and f.drift}


def walk(fetch: Any, limit: int) -> list[Any]:
    """Every row of a list, page by page along its ``next`` cursors."""
    rows, cursor = [], None
    while True:
        page = fetch(limit=limit, cursor=cursor)
        rows += page[0]
        if page[1] is None:
            return rows
        cursor = page[1].token()


# ---------------------------------------------------------------------------------------------- cursors
def test_cursors_walk_every_list_once_in_order(ledger_url: str) -> None:
    """Claims (each sort), articles and actors, walked at every page size: each row once, in the order of the
    whole list; ``previous`` undoes ``next``."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY, ledger)
    for sort in CLAIM_SORTS:
        whole = [c.id for c in claim_summaries(ledger, sort=sort, limit=1000).claims]
        assert len(whole) > 10
        for limit in (1, 3, 7):

            def fetch(limit: int, cursor: str | None, sort: str = sort) -> tuple[list[int], Cursor | None]:
                page = claim_summaries(ledger, sort=sort, limit=limit, cursor=cursor)
                return [c.id for c in page.claims], page.next

            assert walk(fetch, limit) == whole, (sort, limit)
        first = claim_summaries(ledger, sort=sort, limit=3)
        assert first.next is not None
        second = claim_summaries(ledger, sort=sort, limit=3, cursor=first.next)
        assert second.page == 2 and second.previous is not None
        back = claim_summaries(ledger, sort=sort, limit=3, cursor=second.previous)
        assert [c.id for c in back.claims] == [c.id for c in first.claims] and back.page == 1 and back.previous is None
    actors = [a.id for a in actor_page(ledger, limit=1000).actors]
    assert walk(lambda limit, cursor: (lambda p: ([a.id for a in p.actors], p.next))(
        actor_page(ledger, limit=limit, cursor=cursor)), 4) == actors  # fmt: skip
    articles = [a.id for a in article_page(ledger, limit=1000).articles]
    assert walk(lambda limit, cursor: (lambda p: ([a.id for a in p.articles], p.next))(
        article_page(ledger, limit=limit, cursor=cursor)), 3) == articles == sorted(articles)  # fmt: skip
    ledger.close()


def test_cursors_are_stable_across_inserts(ledger_url: str) -> None:
    """Articles arriving while a reader pages (one between each page): no row seen twice, none skipped, the new
    ones after the old; a claims walk by recency meanwhile shows no row twice."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:4], ledger)
    before = [a.id for a in article_page(ledger, limit=1000).articles]
    seen: list[int] = []
    page = article_page(ledger, limit=1)
    seen += [a.id for a in page.articles]
    claims_page = claim_summaries(ledger, sort="recent", limit=2)
    claim_ids = [c.id for c in claims_page.claims]
    for path in STORY[4:]:  # one more article between each page
        ingest([path], ledger)
        if page.next is not None:
            page = article_page(ledger, limit=1, cursor=page.next)
            seen += [a.id for a in page.articles]
        if claims_page.next is not None:
            claims_page = claim_summaries(ledger, sort="recent", limit=2, cursor=claims_page.next)
            claim_ids += [c.id for c in claims_page.claims]
    while page.next is not None:
        page = article_page(ledger, limit=1, cursor=page.next)
        seen += [a.id for a in page.articles]
    assert len(seen) == len(set(seen)) == article_page(ledger).total
    assert seen[: len(before)] == before and seen == sorted(seen)  # the old ones first, each once; then the new
    assert len(claim_ids) == len(set(claim_ids))
    ledger.close()


def test_cursor_tokens_from_elsewhere_are_refused(tmp_path: Path, cli: Any) -> None:
    ledger = Ledger.open(tmp_path / "ledger.db")
    ingest(STORY[:3], ledger)
    for token in ("", "x", "%00", "W10", "eyJhIjoxfQ", Cursor(("a", 1)).token(), Cursor((1, 2, 3)).token()):
        with pytest.raises(CursorError):
            claim_summaries(ledger, cursor=token or "=")
    for command in (["claims"], ["articles"], ["actors"]):
        result = cli(*command, "--cursor", "W1siYSJdLDEsMl0", "--db", str(tmp_path / "ledger.db"))
        assert result.exit_code == 1 and "not a cursor" in result.stderr and "Traceback" not in result.output


def test_cli_lists_come_in_pages(tmp_path: Path, cli: Any) -> None:
    db = str(tmp_path / "ledger.db")
    ingest(STORY, Ledger.open(db))
    whole = json.loads(cli("claims", "--limit", "1000", "--json", "--db", db).stdout)
    first = cli("claims", "--limit", "4", "--sort", "articles", "--json", "--db", db)
    assert first.exit_code == 0 and len(json.loads(first.stdout)) == 4
    token = first.stderr.split("next page: --cursor ")[1].split()[0]
    second = json.loads(
        cli("claims", "--limit", "4", "--sort", "articles", "--cursor", token, "--json", "--db", db).stdout
    )
    by_articles = sorted(whole, key=lambda c: (-(c["articles"] or 0), c["id"]))
    assert [c["id"] for c in second] == [c["id"] for c in by_articles[4:8]]
    table = cli("articles", "--limit", "3", "--db", db)
    assert table.exit_code == 0 and f"{len(STORY)} articles · page 1" in table.stdout and "next page" in table.stderr


# -------------------------------------------------------------------------------------------- summaries
def test_summaries_equal_a_recomputation_after_ingest_and_import(ledger_url: str, tmp_path: Path) -> None:
    """After each ingest (one article at a time and many at once) and an import, every stored claim summary and
    actor count equals ``check``'s recomputation; the list rows are those figures."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:2], ledger)
    assert drifted(ledger) == {}
    for path in STORY[2:5]:
        ingest([path], ledger)
        assert drifted(ledger) == {}, path
    ingest(STORY[5:], ledger)
    assert drifted(ledger) == {}
    with ledger.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).where(claims.c.articles.is_(None))) == 0
    listed = {c.id: c for c in claim_summaries(ledger, limit=1000).claims}
    disagreeing = [c for c in listed.values() if c.disagreement]
    assert disagreeing and all(c.outlets and c.articles >= 1 for c in listed.values())
    out = io.StringIO()
    export_jsonl(ledger, out, "articles")
    imported = Ledger.open(tmp_path / "imported.db")
    import_jsonl(imported, io.StringIO(out.getvalue()))
    assert drifted(imported) == {}
    again = {c.id: (c.independent_origins, c.articles, c.outlets, c.first_seen, c.last_seen, c.disagreement)
             for c in claim_summaries(imported, limit=1000).claims}  # fmt: skip
    assert again == {i: (c.independent_origins, c.articles, c.outlets, c.first_seen, c.last_seen, c.disagreement)
                     for i, c in listed.items()}  # fmt: skip
    ledger.close()


def test_summaries_after_batch(tmp_path: Path) -> None:
    from claimledger.batch import import_parquet, run_batch

    summary = run_batch(STORY, str(tmp_path / "parquet"), workers=1)
    assert summary.documents == len(STORY)
    ledger = Ledger.open(tmp_path / "batch.db")
    import_parquet(ledger, tmp_path / "parquet")
    assert drifted(ledger) == {} and claim_summaries(ledger).total > 10


def test_check_repairs_summary_drift(tmp_path: Path, cli: Any) -> None:
    db = tmp_path / "ledger.db"
    ledger = Ledger.open(db)
    ingest(STORY, ledger)
    with ledger.begin() as conn:
        conn.exec_driver_sql("UPDATE claims SET articles = 99, last_seen = '1900-01-01' WHERE id = 1")
        conn.exec_driver_sql("UPDATE claims SET outlets = NULL, disagreement = NULL WHERE id = 2")
        conn.exec_driver_sql("UPDATE actors SET n_claims = 42 WHERE id = 1")
    found = json.loads(cli("check", "--db", str(db), "--json").stdout)["findings"]
    by_name = {f["name"]: f for f in found}
    assert by_name["claim summaries"]["drift"] == 2 and by_name["actor counts"]["drift"] == 1
    assert "claim 1 articles: stored 99, recomputed" in by_name["claim summaries"]["examples"][0]
    assert cli("check", "--db", str(db), "--repair").exit_code == 0
    assert drifted(ledger) == {}


def test_the_claims_list_names_origins_from_the_claims_rows(tmp_path: Path, cli: Any) -> None:
    """``claimledger claims`` names each listed claim's origins as its row keeps them (``claims.origin_names``, stored
    with its figures on linking), not by walking its provenance: a hand-edited row shows, ``check`` finds it, and
    ``--repair`` writes the names back; a row without names (not summarised yet) is reported on."""
    db = tmp_path / "ledger.db"
    ledger = Ledger.open(db)
    ingest(STORY, ledger)
    listed = json.loads(cli("claims", "--db", str(db), "--json", "--limit", "200").stdout)
    first = next(c for c in listed if c["origins"])
    marker = [{"name": "Edited By Hand", "unverifiable": False, "why": "test"}]
    with ledger.begin() as conn:
        conn.execute(claims.update().where(claims.c.id == first["id"]).values(origin_names=json.dumps(marker)))
    shown = {c["id"]: c for c in json.loads(cli("claims", "--db", str(db), "--json", "--limit", "200").stdout)}
    assert shown[first["id"]]["origins"] == marker
    found = {f["name"]: f for f in json.loads(cli("check", "--db", str(db), "--json").stdout)["findings"]}
    assert found["claim summaries"]["drift"] == 1
    assert f"claim {first['id']} origin_names" in found["claim summaries"]["examples"][0]
    assert cli("check", "--db", str(db), "--repair").exit_code == 0
    shown = {c["id"]: c for c in json.loads(cli("claims", "--db", str(db), "--json", "--limit", "200").stdout)}
    assert shown[first["id"]]["origins"] == first["origins"]
    with ledger.begin() as conn:
        conn.execute(claims.update().where(claims.c.id == first["id"]).values(origin_names=None))
    shown = {c["id"]: c for c in json.loads(cli("claims", "--db", str(db), "--json", "--limit", "200").stdout)}
    assert shown[first["id"]]["origins"] == first["origins"]
    ledger.close()


# -------------------------------------------------------------------------------------------------- search
def test_search_finds_words_of_bodies_and_claims(ledger_url: str, tmp_path: Path, cli: Any) -> None:
    ledger = Ledger.open(ledger_url)
    ingest(STORY, ledger)
    body_file = tmp_path / "pier.txt"
    body_file.write_text(ARTICLE, encoding="utf-8")
    ingest([str(body_file)], ledger)
    found = article_page(ledger, query=BODY_ONLY.lower())
    assert [a.title for a in found.articles] == ["Harbour repairs resume"] and found.total == 1
    assert article_page(ledger, query="pilings detail").total == 1  # every word, anywhere in the body
    assert article_page(ledger, query="pilings zebra").total == 0
    claim = claim_summaries(ledger, limit=1).claims[0]
    word = max(claim.text.split(), key=len).strip(".,“”\"'")
    assert claim.id in [c.id for c in claim_summaries(ledger, query=word, limit=1000).claims]
    web = TestClient(create_app(Settings(db=ledger_url)))
    assert [a["title"] for a in web.get("/articles.json", params={"q": BODY_ONLY}).json()["articles"]] == [
        "Harbour repairs resume"
    ]
    assert "Harbour repairs resume" in web.get("/articles", params={"q": BODY_ONLY}).text
    listing = cli("articles", "--query", BODY_ONLY, "--json", "--db", ledger_url)
    assert [r["title"] for r in json.loads(listing.stdout)] == ["Harbour repairs resume"]
    ledger.close()


def test_hostile_queries_never_error(ledger_url: str, cli: Any) -> None:
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:3], ledger)
    web = TestClient(create_app(Settings(db=ledger_url, search_per_minute=0)))
    for q in HOSTILE:
        claim_summaries(ledger, query=q)
        article_page(ledger, query=q)
        actor_page(ledger, q)
        for path in ("/claims", "/claims.json", "/articles", "/articles.json", "/actors.json"):
            answer = web.get(path, params={"q": q})
            assert answer.status_code == 200, (path, q, answer.text[:200])
        for path, name in (("/claims.json", "actor"), ("/articles.json", "since"), ("/articles.json", "outlet")):
            assert web.get(path, params={name: q}).status_code == 200, (path, name, q)
        for command in ("claims", "articles"):
            result = cli(command, "--query", q, "--json", "--db", ledger_url)
            assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list), (command, q, result.output)
    ledger.close()


# ----------------------------------------------------------------------------------------------------- ANN
def test_ann_candidates_link_as_the_exact_scan_and_persist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the graph asked from the first claim on, the story links into the same claims as by the exact scan;
    the graph is kept beside the ledger, read back by the next writer, and rebuilt when stale or damaged."""
    import claimledger.ledger.claims as linking
    from claimledger.embed import default_encoder
    from claimledger.ledger.ann import ClaimANN, index_path

    exact = Ledger.open(tmp_path / "exact.db")
    ingest(STORY[:5], exact)
    monkeypatch.setattr(linking, "ANN_FROM", 1)
    graph = Ledger.open(tmp_path / "graph.db")
    ingest(STORY[:5], graph)

    def members(ledger: Ledger) -> list[tuple[int, int]]:
        with ledger.connect() as conn:
            return [
                tuple(r) for r in conn.exec_driver_sql("SELECT claim_id, attribution_id FROM claim_members ORDER BY 2")
            ]

    assert members(graph) == members(exact) and members(graph)
    path = index_path(graph)
    assert path is not None and path.exists() and path.with_suffix(".ann.json").exists()
    index = linking.ClaimIndex(graph, default_encoder())
    saved = ClaimANN(linking.DIMENSION, path)
    assert saved.load(index._graph_state() or ()) and len(saved) == len(index)  # the next writer reads it back
    assert not saved.load((1, 2, 3))  # another ledger state: stale, rebuilt from the rows
    path.write_bytes(b"damaged")
    index._nearest(index._matrix[0])  # rebuilt from the stored centroids, no error
    assert len(index._graph()) == len(index)
    ingest(STORY[5:], graph)
    assert drifted(graph) == {}
