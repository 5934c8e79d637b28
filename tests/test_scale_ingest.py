"""Ingest that does not slow as the ledger grows (migration 12), as the ledger's rows show it: the claims'
generation counter that a writer's index reads instead of aggregating the claims (another writer's links and a
hand edit still seen), the indexed chain links behind "cited upstream" (migration 12's backfill equal to what
the writer stores), and PostgreSQL's stored tsvectors — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from claimledger.embed import default_encoder
from claimledger.ingest import ingest
from claimledger.ledger.claims import ClaimIndex
from claimledger.ledger.lists import article_page
from claimledger.ledger.provenance import claim_summaries
from claimledger.ledger.schema import CLAIMS_GENERATION, actors, attributions, chain_links, ledger_counters
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.test_scale import ARTICLE, BODY_ONLY, STORY, drifted


def generation(ledger: Ledger) -> int:
    with ledger.connect() as conn:
        value = conn.scalar(sa.select(ledger_counters.c.value).where(ledger_counters.c.name == CLAIMS_GENERATION))
    assert value is not None
    return int(value)


def memberships(ledger: Ledger) -> int:
    with ledger.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM claim_members").scalar() or 0)


def test_another_writers_links_are_seen_through_the_counter(ledger_url: str) -> None:
    """A writer's index stays put while only it writes (one row read per article), reloads when another
    writer (its own connection) linked articles or a hand edit changed a claim, and then holds their claims."""
    mine = Ledger.open(ledger_url)
    ingest(STORY[:2], mine)
    index = ClaimIndex(mine, default_encoder())
    with mine.writing():
        assert index.sync() is False  # loaded just now: in step (the counter read with the rows says so)
    with mine.writing():
        assert index.sync() is False  # and from then on the counter alone says so
    before, claims_before = generation(mine), len(index)
    other = Ledger.open(ledger_url)  # another process's writer: its own engine and connections
    ingest(STORY[2:4], other)
    assert generation(mine) > before  # its links bumped the counter in their transactions
    with mine.writing():
        assert index.sync() is True  # seen: reloaded
    assert len(index) > claims_before and len(index) == claim_summaries(mine).total
    with mine.writing():
        assert index.sync() is False
    with other.begin() as conn:  # a hand edit of what matching reads
        conn.exec_driver_sql("UPDATE claims SET members = members WHERE id = 1")
    with mine.writing():
        assert index.sync() is True
    with other.begin() as conn:  # a summary or review is no change of the claims' matching state
        conn.exec_driver_sql("UPDATE claims SET articles = articles, review_status = NULL WHERE id = 1")
    with mine.writing():
        assert index.sync() is False
    ingest(STORY[4:], mine)  # the ledger's own writer after all that: everything in step
    assert drifted(mine) == {}
    mine.close()
    other.close()


def test_a_writer_reads_the_counter_not_the_claims(ledger_url: str) -> None:
    """Each article's links bump the counter; a run of one writer links exactly as before (members equal to the
    claims' member counts, summaries equal to a recomputation)."""
    ledger = Ledger.open(ledger_url)
    assert generation(ledger) == 0
    ingest(STORY[:1], ledger)
    first = generation(ledger)
    assert first > 0
    ingest(STORY[1:], ledger)
    assert generation(ledger) > first
    with ledger.connect() as conn:
        assert memberships(ledger) == int(conn.exec_driver_sql("SELECT sum(members) FROM claims").scalar() or 0)
    assert drifted(ledger) == {}
    ledger.close()


def chain_rows(ledger: Ledger) -> set[tuple[int, int, str]]:
    with ledger.connect() as conn:
        return {
            (r.attribution_id, r.position, r.name)
            for r in conn.execute(sa.select(chain_links.c.attribution_id, chain_links.c.position, chain_links.c.name))
        }


def chains_read(ledger: Ledger) -> set[tuple[int, int, str]]:
    """Every chain link as the provenance reads it from the stored chains: the link's actor's name, else its text."""
    with ledger.connect() as conn:
        rows = conn.execute(sa.select(attributions.c.id, attributions.c.chain)).all()
    return {
        (r.id, i, (link.get("actor") or {}).get("name") or link["text"])
        for r in rows
        for i, link in enumerate(json.loads(r.chain))
    }


def undo_migration_12(ledger: Ledger) -> None:
    """The ledger as a version before migration 12 left it (its chain links never stored)."""
    with ledger.begin() as conn:
        if conn.dialect.name == "sqlite":
            names = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                "(name LIKE '%generation%' OR name = 'attributions_chain_links')"
            ).scalars()
            for name in list(names):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            for sql in ("DROP TRIGGER claims_generation ON claims", "DROP TRIGGER claim_members_generation ON "
                        "claim_members", "DROP TRIGGER attributions_chain_links ON attributions",
                        "DROP FUNCTION claims_generation_bump", "DROP FUNCTION attributions_chain_links",
                        "ALTER TABLE articles DROP COLUMN search_vector",
                        "ALTER TABLE claims DROP COLUMN search_vector"):  # fmt: skip
                conn.exec_driver_sql(sql)
        conn.exec_driver_sql("DROP TABLE chain_links")
        conn.exec_driver_sql("DROP TABLE ledger_counters")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 12")


def test_chain_links_backfilled_as_the_writer_stores_them(ledger_url: str) -> None:
    """The writer stores one row per chain link (the name the provenance reads); a ledger of an older version
    gets the same rows from migration 12's backfill; the actor page lists the claims that cite it."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY, ledger)
    written = chain_rows(ledger)
    assert written and written == chains_read(ledger)
    undo_migration_12(ledger)
    ledger.close()
    reopened = Ledger.open(ledger_url)  # migration 12 runs again: its backfill
    assert chain_rows(reopened) == written
    name = sorted(n for _, _, n in written)[0]
    with reopened.connect() as conn:
        actor_id = conn.scalar(sa.select(actors.c.id).where(actors.c.name == name))
        citing = {a for a, _, n in written if n == name}
        expected = set(
            conn.scalars(sa.text("SELECT claim_id FROM claim_members WHERE attribution_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": sorted(citing)})
        )  # fmt: skip
    cited = claim_summaries(reopened, cited=name, limit=200)
    assert {c.id for c in cited.claims} == expected and cited.total == len(expected)
    if actor_id is not None and expected:
        page = TestClient(create_app(Settings(db=ledger_url))).get(f"/actors/{actor_id}.json").json()
        assert {c["id"] for c in page["cited_in"]} == expected
    ingest([STORY[0]], reopened)  # a duplicate: nothing stored twice
    assert chain_rows(reopened) == written and drifted(reopened) == {}
    reopened.close()


def test_body_words_are_found_through_stored_vectors(ledger_url: str, tmp_path: Any) -> None:
    """A word only in one body is found (FTS5 on SQLite); on PostgreSQL through the stored, GIN-indexed
    tsvector column that the body's row carries (no vector computed at query time)."""
    ledger = Ledger.open(ledger_url)
    ingest(STORY[:3], ledger)
    path = tmp_path / "pier.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    ingest([str(path)], ledger)
    found = article_page(ledger, query=BODY_ONLY)
    assert [a.title for a in found.articles] == ["Harbour repairs resume"]
    if ledger.engine.dialect.name == "postgresql":
        with ledger.connect() as conn:
            stored = conn.exec_driver_sql(
                "SELECT a.id FROM articles a WHERE a.search_vector @@ plainto_tsquery('english', %(q)s)",
                {"q": BODY_ONLY},
            ).scalars()
            assert list(stored) == [found.articles[0].id]
            generated = conn.exec_driver_sql(
                "SELECT table_name, is_generated FROM information_schema.columns WHERE column_name = 'search_vector'"
            ).all()
            assert sorted(generated) == [("articles", "ALWAYS"), ("claims", "ALWAYS")]
            indexes = set(conn.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
            assert {"ix_articles_search_vector", "ix_claims_search_vector"} <= indexes
            assert not {"ix_articles_tsv", "ix_claims_tsv"} & indexes  # migration 11's expression indexes: gone
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(
                conn.exec_driver_sql(
                    "EXPLAIN SELECT id FROM articles WHERE articles.search_vector @@ plainto_tsquery('english', 'x')"
                ).scalars()
            )
            assert "ix_articles_search_vector" in plan
    ledger.close()
