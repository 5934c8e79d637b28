"""The store's behaviour on both backends, SQLite and PostgreSQL: the same tests, run against each."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from claimledger.errors import StoreError
from claimledger.ingest import ingest
from claimledger.ledger.provenance import list_claims
from claimledger.ledger.schema import MIGRATIONS
from claimledger.ledger.store import Ledger
from claimledger.records import Article, Attribution, Document, Span
from tests.conftest import EXAMPLES


def test_backend_migrations_recorded_once(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    with ledger.engine.connect() as conn:
        versions = [r[0] for r in conn.execute(sa.text("SELECT version FROM schema_migrations ORDER BY version"))]
    assert versions == sorted(version for version, _, _ in MIGRATIONS)
    ledger.close()
    assert Ledger.open(ledger_url).migrate() == []


def test_backend_ingest_copies_claims_and_search(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    summary = ingest([str(EXAMPLES)], ledger)
    assert (summary.new, summary.copies, summary.failed) == (10, 2, [])
    rows = {r.origin.rsplit("/", 1)[-1]: r for r in ledger.articles()}
    assert rows["02_aggregator_copy.txt"].copy_of == rows["01_meridian_post.txt"].id
    stored = ledger.get(rows["01_meridian_post.txt"].id)
    assert stored is not None and stored.article.attributions
    evacuated = [r for r in list_claims(ledger, query="evacuated") if len(r.articles) > 2]
    assert max(r.independent_origins for r in evacuated) == 2
    assert ledger.search_attributions("spillway wall")  # full-text search (FTS5 / tsvector)
    again = ingest([str(EXAMPLES)], ledger)
    assert (again.new, again.duplicates) == (0, 10)


def test_backend_document_is_all_or_nothing(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    with ledger.engine.begin() as conn:  # a real refusal by the database, midway through a document's rows
        if ledger.engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON attributions WHEN NEW.kind = 'refused' "
                "BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"
            )
        else:
            conn.exec_driver_sql("ALTER TABLE attributions ADD CONSTRAINT refuse CHECK (kind <> 'refused')")
    text = "Rain, he said."
    article = Article(text=text, attributions=[Attribution("refused", [Span(0, 4, "Rain")])])
    with pytest.raises(StoreError, match="refuse"):
        ledger.add(Document("x.txt", "f" * 64, "2025-01-01T00:00:00+00:00", "text/plain", text), article)
    assert ledger.count() == 0 and not ledger.has_document("f" * 64)


def test_backend_bad_url_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="cannot open the ledger"):
        Ledger.open("postgresql://nobody:secret@127.0.0.1:1/none")
    try:
        Ledger.open("postgresql://nobody:secret@127.0.0.1:1/none")
    except StoreError as exc:
        assert "secret" not in str(exc)


def test_backend_cli_db_url(ledger_url: str, cli) -> None:
    result = cli("ingest", str(EXAMPLES / "07_unrelated.txt"), "--db", ledger_url)
    assert result.exit_code == 0, result.output
    rows = json.loads(cli("articles", "--json", "--db", ledger_url).stdout)
    assert len(rows) == 1


def test_backend_views_answer_the_common_questions(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    ingest([str(EXAMPLES)], ledger)
    with ledger.engine.connect() as conn:
        overview = conn.execute(
            sa.text("SELECT claim, independent_origins, articles FROM claim_overview ORDER BY articles DESC")
        ).all()
        actors = conn.execute(sa.text("SELECT actor, type, claims FROM actor_claims ORDER BY claims DESC")).all()
        copies = conn.execute(sa.text("SELECT article_id, original_id, similarity FROM copies")).all()
    assert overview[0].articles >= 5 and overview[0].independent_origins == 2
    assert any(a.actor == "Daniel Orsett" and a.type == "official" for a in actors)
    assert len(copies) == 2 and all(c.similarity >= 0.6 for c in copies)


def test_backend_round_trip_from_sqlite(ledger_url: str, tmp_path) -> None:
    """Export JSON Lines from a SQLite ledger, import into this backend, export again: identical."""
    import io

    from claimledger.export import export_jsonl
    from claimledger.importer import import_jsonl

    source = Ledger.open(tmp_path / "source.db")
    ingest([str(EXAMPLES)], source)
    first = io.StringIO()
    export_jsonl(source, first, "articles")
    target = Ledger.open(ledger_url)
    assert import_jsonl(target, io.StringIO(first.getvalue())).new == 10
    second = io.StringIO()
    export_jsonl(target, second, "articles")
    assert second.getvalue() == first.getvalue()
    claims_a, claims_b = io.StringIO(), io.StringIO()
    export_jsonl(source, claims_a, "claims")
    export_jsonl(target, claims_b, "claims")
    assert claims_b.getvalue() == claims_a.getvalue()
