"""The lists' totals read from stored counts (migration 13), not counted per page: equal to the rows after
ingest, a deletion and a hand edit (the triggers keep them in the changing transaction), what the web's lists and
the CLI say, backfilled for a ledger of an older version, and ``check`` names their drift and ``--repair`` fixes
it — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from claimledger.ingest import ingest
from claimledger.ledger.actors import actor_page
from claimledger.ledger.lists import article_page
from claimledger.ledger.provenance import claim_summaries
from claimledger.ledger.schema import articles, claims, documents
from claimledger.ledger.store import Ledger
from claimledger.ledger.totals import recount, stored
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.test_scale import STORY


def totals_in_step(ledger: Ledger) -> None:
    with ledger.connect() as conn:
        kept, counted = stored(conn), recount(conn)
    assert kept == counted, (kept, counted)


def counted_claims(ledger: Ledger, min_origins: int = 0) -> int:
    with ledger.connect() as conn:
        where = sa.func.coalesce(claims.c.independent_origins, 0) >= min_origins
        return int(conn.scalar(sa.select(sa.func.count()).select_from(claims).where(where)) or 0)


def test_totals_follow_every_change_and_the_lists_show_them(ledger_url: str) -> None:
    """Ingested one by one, then an article deleted, a claim's origins edited and a claim removed by hand:
    after each, the stored totals equal the rows, and the lists (library and web) give them as their totals."""
    ledger = Ledger.open(ledger_url)
    totals_in_step(ledger)
    for path in STORY[:4]:
        ingest([path], ledger)
        totals_in_step(ledger)
    ingest(STORY[4:], ledger)
    totals_in_step(ledger)
    with ledger.connect() as conn:
        n_articles = int(conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0)
    assert n_articles == len(STORY) and article_page(ledger, limit=2).total == n_articles
    several = counted_claims(ledger, 2)
    assert 0 < several < counted_claims(ledger)
    assert claim_summaries(ledger, min_origins=2, limit=1).total == several
    assert claim_summaries(ledger, limit=1).total == counted_claims(ledger)
    first = actor_page(ledger, limit=1)
    assert first.total == len(actor_page(ledger, limit=200).actors) > 1
    speaker = first.actors[0]
    assert claim_summaries(ledger, speaker=speaker.id, limit=1).total == speaker.claims > 0

    client = TestClient(create_app(Settings(db=ledger_url)))
    body = client.get("/claims.json", params={"min_origins": 2, "limit": 1}).json()
    assert body["total"] == several and len(body["claims"]) == 1
    assert client.get("/articles.json", params={"limit": 1}).json()["total"] == n_articles

    with ledger.begin() as conn:  # a deletion: the article goes with its document (cascade), its claims stay
        conn.execute(documents.delete().where(documents.c.id == conn.scalar(sa.select(sa.func.max(documents.c.id)))))
    totals_in_step(ledger)
    assert article_page(ledger).total == n_articles - 1
    with ledger.begin() as conn:  # a hand edit of a claim's origins, and a claim removed
        conn.execute(claims.update().where(claims.c.id == 1).values(independent_origins=7))
        conn.execute(claims.delete().where(claims.c.id == 2))
    totals_in_step(ledger)
    assert claim_summaries(ledger, min_origins=7).total == counted_claims(ledger, 7) >= 1
    ledger.close()


def test_check_names_drift_of_the_totals_and_repair_fixes_it(ledger_url: str, cli: Any) -> None:
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:4], ledger)
    with ledger.begin() as conn:
        conn.exec_driver_sql("UPDATE ledger_totals SET value = value + 5 WHERE name = 'articles'")
        conn.exec_driver_sql("UPDATE claim_origin_counts SET claims = claims + 3")
    assert article_page(ledger).total == 4 + 5  # the lists read what is stored
    result = cli("check", "--db", ledger_url, "--json")
    assert result.exit_code == 1
    found = {f["name"]: f for f in json.loads(result.stdout)["findings"]}["list totals"]
    assert found["drift"] >= 2 and found["repaired"] == 0
    assert "articles: stored 9, counted 4" in found["examples"]
    assert cli("check", "--db", ledger_url, "--repair").exit_code == 0
    totals_in_step(ledger)
    assert article_page(ledger).total == 4
    assert cli("check", "--db", ledger_url).exit_code == 0
    ledger.close()


def test_an_older_ledger_gets_its_totals_backfilled(ledger_url: str) -> None:
    """A ledger written before migration 13 (its tables and triggers gone) is counted once when opened; from
    then on the triggers keep it."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:3], ledger)
    with ledger.begin() as conn:
        if conn.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_totals_%'"
            names = conn.exec_driver_sql(sql)
            for name in list(names.scalars()):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            for table in ("articles", "actors", "claims"):
                conn.exec_driver_sql(f"DROP TRIGGER {table}_totals ON {table}")
                conn.exec_driver_sql(f"DROP FUNCTION {table}_totals")
        conn.exec_driver_sql("DROP TABLE ledger_totals")
        conn.exec_driver_sql("DROP TABLE claim_origin_counts")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 13")
    ledger.close()
    reopened = Ledger.open(ledger_url)  # migration 13 runs: its backfill
    totals_in_step(reopened)
    with reopened.connect() as conn:
        assert (kept := stored(conn)) is not None and kept.articles == 3
    ingest(STORY[3:5], reopened)
    totals_in_step(reopened)
    reopened.close()
