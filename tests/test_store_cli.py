"""The ledger and the CLI over it: ingest, articles, show, analyze — what the user sees and what is stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from claimledger.ledger.store import Ledger
from claimledger.records import Article, Attribution, Document, Span
from tests.conftest import EXAMPLES, SEED, need


def test_ingest_examples_then_reingest_is_noop(cli, tmp_path: Path) -> None:
    first = cli("ingest", str(EXAMPLES))
    assert first.exit_code == 0, first.output
    assert "new 10" in first.stdout and "failed 0" in first.stdout
    again = cli("ingest", str(EXAMPLES))
    assert again.exit_code == 0
    assert "new 0 (0 copies), duplicates 10" in again.stdout
    db = sqlite3.connect(tmp_path / "ledger.db")
    assert db.execute("select count(*) from documents").fetchone()[0] == 10
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("select version from schema_migrations").fetchall() == [(v,) for v in range(1, 9)]


def test_articles_json_lists_metadata(cli) -> None:
    cli("ingest", str(EXAMPLES / "03_harbour_times.html"), str(EXAMPLES / "02_aggregator_copy.txt"))
    result = cli("articles", "--json")
    rows = json.loads(result.stdout)
    by_origin = {Path(r["origin"]).name: r for r in rows}
    html = by_origin["03_harbour_times.html"]
    assert html["author"] == "Samuel Brandt" and html["published"] == "2025-10-15"
    assert html["url"].startswith("https://www.harbourtimes.example.net/")
    assert by_origin["02_aggregator_copy.txt"]["author"] == "Admin"
    assert all(len(r["sha256"]) == 64 for r in rows)


def test_show_json_round_trips_the_article(cli, seed_text: str) -> None:
    cli("ingest", str(SEED))
    payload = json.loads(cli("show", "1", "--json").stdout)
    assert payload["text"] == seed_text
    assert payload["document"]["origin"] == str(SEED)
    for region in payload["boilerplate"]:
        assert seed_text[region["start"] : region["end"]] == region["text"]
    for attribution in payload["attributions"]:
        for span in [attribution["source"], attribution["cue"], *attribution["content"], *attribution["chain"]]:
            if span:
                assert seed_text[span["start"] : span["end"]] == span["text"]


def test_show_text_dims_boilerplate_and_prints_metadata(cli) -> None:
    cli("ingest", str(need(SEED)))
    out = cli("show", "1").stdout
    assert "author: Admin" in out and "additional sources: ISW" in out
    assert "byline “by Admin”" in out


def test_show_missing_id_is_a_clear_error(cli) -> None:
    result = cli("show", "99")
    assert result.exit_code == 1
    assert "no article with id 99" in result.stderr


@pytest.mark.parametrize("command", ["show", "copies", "trace", "timeline"])
@pytest.mark.parametrize("number", ["9223372036854775808", "99999999999999999999999", "0"])
def test_ids_no_database_can_hold_are_not_found(cli, command: str, number: str) -> None:
    result = cli(command, number)
    assert result.exit_code == 1, result.output
    what = "article" if command in ("show", "copies") else "claim"
    assert f"no {what} with id {number}" in result.stderr
    assert "Traceback" not in result.output


def test_analyze_json_needs_no_database(cli, tmp_path: Path) -> None:
    result = cli("analyze", str(EXAMPLES / "01_meridian_post.txt"), "--json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["metadata"]["title"].startswith("Brennock Dam breach")
    assert record["attributions"]
    assert not (tmp_path / "ledger.db").exists()


def test_analyze_reads_stdin(cli) -> None:
    result = cli("analyze", "-", "--json", input="Levels fell overnight, the agency said.\n")
    record = json.loads(result.stdout)
    assert record["origin"] == "<stdin>"
    assert [a["source"]["text"] for a in record["attributions"]] == ["the agency"]


def test_analyze_table_shows_source_cue_content(cli) -> None:
    result = cli("analyze", "-", input="“We are ready,” the mayor said.\n")
    assert "the mayor" in result.stdout and "said" in result.stdout and "direct" in result.stdout


def test_ingest_is_all_or_nothing_per_document(tmp_path: Path) -> None:
    ledger = Ledger.open(tmp_path / "l.db")
    with ledger.engine.begin() as conn:  # a real database refusal, in the middle of a document's rows
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE INSERT ON attributions WHEN NEW.kind = 'refused' "
            "BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END"
        )
    text = "Rain, he said."
    article = Article(text=text, attributions=[Attribution("refused", [Span(0, 4, "Rain")])])
    doc = Document("x.txt", "0" * 64, "2025-01-01T00:00:00+00:00", "text/plain", text)
    from claimledger.errors import StoreError

    with pytest.raises(StoreError, match="refused by trigger"):
        ledger.add(doc, article)
    assert ledger.count() == 0
    assert not ledger.has_document("0" * 64)


def test_ledger_migrations_recorded_once(tmp_path: Path) -> None:
    Ledger.open(tmp_path / "l.db").close()
    ledger = Ledger.open(tmp_path / "l.db")
    assert ledger.migrate() == []


def test_db_from_environment(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other.db"
    monkeypatch.setenv("CLAIMLEDGER_DB", str(other))
    cli("ingest", str(EXAMPLES / "07_unrelated.txt"))
    assert Ledger.open(other).count() == 1


def test_ledger_upgrades_a_version_one_file(tmp_path: Path) -> None:
    """A ledger written before migration 2 opens, migrates, and still reads its old articles."""
    import sqlalchemy as sa

    from claimledger.ledger import schema as store

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        store.schema_migrations.create(conn)
        store._initial(conn)
        conn.execute(store.schema_migrations.insert().values(version=1, name="v1", applied_at="2025-01-01"))
        conn.exec_driver_sql(
            "INSERT INTO documents (id, sha256, origin, read_at, media_type, size) "
            "VALUES (1, 'ab', 'old.txt', '2025-01-01', 'text/plain', 9)"
        )
        conn.exec_driver_sql(
            "INSERT INTO articles (id, document_id, text, title, analyzed_at, boilerplate, additional_sources) "
            "VALUES (1, 1, 'Rain, he said.', 'Old', '2025-01-01', '[]', '[]')"
        )
        conn.exec_driver_sql(
            "INSERT INTO attributions (article_id, position, kind, source_start, source_end, source_text, "
            "cue_start, cue_end, cue_text, content, content_text, chain, actor, confidence) VALUES "
            "(1, 0, 'indirect', 6, 8, 'he', 9, 13, 'said', '[{\"start\": 0, \"end\": 4, \"text\": \"Rain\"}]', "
            "'Rain', '[]', 'he', 1.0)"
        )
    engine.dispose()
    ledger = Ledger.open(tmp_path / "old.db")
    stored = ledger.get(1)
    assert stored is not None
    assert stored.article.attributions[0].content[0].text == "Rain"
    assert stored.article.attributions[0].actor is not None and stored.article.attributions[0].actor.name == "he"


def test_actors_merge_across_the_ledger(cli, tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Troops massed at the border, the ISW said.\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("The Institute for the Study of War said the offensive had stalled.\n", encoding="utf-8")
    assert cli("ingest", str(one), str(two)).exit_code == 0
    db = sqlite3.connect(tmp_path / "ledger.db")
    rows = db.execute("select name, type, aliases from actors").fetchall()
    assert [(name, kind) for name, kind, _ in rows] == [("Institute for the Study of War", "think_tank")]
    assert "the ISW" in json.loads(rows[0][2])
    linked = db.execute("select count(*) from attributions where actor_id is not null").fetchone()[0]
    assert linked == 2


@pytest.fixture()
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.cli import console

    monkeypatch.setattr(console, "width", 220)


def test_cli_does_not_interpret_markup_in_article_text(cli, wide) -> None:
    result = cli("analyze", "-", input="[bold]Sirens[/bold] sounded at dawn, the [red]mayor[/red] said.\n")
    assert "[bold]Sirens[/bold] sounded at dawn" in result.stdout


def test_analyze_shows_meaning_columns(cli, wide) -> None:
    text = "Dam fears grow\n\nThe Valley Post reported that 1,200 people were likely evacuated from Ardley.\n"
    result = cli("analyze", "-", "--published", "2025-10-15", input=text)
    assert "likely (probable)" in result.stdout
    assert "1,200 people" in result.stdout


def test_settings_masks_secrets(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_WEB_TOKEN", "t0p-s3cret-token")
    monkeypatch.setenv("CLAIMLEDGER_DB", "postgresql://ana:hunter2@db.example:5432/ledger")
    result = cli("settings")
    assert result.exit_code == 0, result.output
    assert "t0p-s3cret-token" not in result.output and "hunter2" not in result.output
    assert "***" in result.output  # (the table may cut the redacted URL short: Settings.shown is tested alone)


def test_import_prints_the_same_summary_as_ingest_with_the_ledger_redacted(cli, tmp_path: Path) -> None:
    cli("ingest", str(EXAMPLES / "05_wire_brief.txt"))
    exported = tmp_path / "a.jsonl"
    assert cli("export", "--articles", "--out", str(exported)).exit_code == 0
    result = cli("import", str(exported), "--db", "postgresql://ana:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 1
