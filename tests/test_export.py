"""Export (JSON Lines, CSV, schema.org ClaimReview, GraphML) and import: what other tools read, and a round
trip that loses nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.export import RECORDS
from claimledger.importer import import_jsonl
from claimledger.ledger.store import Ledger
from tests.conftest import EXAMPLES, REPO

SCHEMA = REPO / "tests" / "data" / "claimreview.schema.json"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples ingested once: the ledger file."""
    from claimledger.ingest import ingest

    path = tmp_path_factory.mktemp("export") / "ledger.db"
    summary = ingest([str(EXAMPLES)], Ledger.open(path))
    assert summary.new == 10 and not summary.failed
    return path


@pytest.fixture()
def run(cli):
    """The ``cli`` fixture, with ``export`` and ``import`` registered (until the CLI registers them itself)."""
    from claimledger.cli import app
    from claimledger.cli import export as export_cli

    if "export" not in {c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands}:
        export_cli.register(app)
    return cli


def spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every span in a record (a dict with integer start, end and its text), metadata aside."""
    if isinstance(node, list):
        for item in node:
            yield from spans(item)
    elif isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
            yield node
        for key, value in node.items():
            if key != "metadata":
                yield from spans(value)


def jsonl(run, story: Path, what: str) -> list[dict[str, Any]]:
    result = run("export", "--format", "jsonl", f"--{what}", "--db", str(story))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_records_carry_spans_that_index_their_articles(run, story: Path) -> None:
    articles = jsonl(run, story, "articles")
    assert [a["id"] for a in articles] == list(range(1, 11))
    texts = {a["id"]: a["text"] for a in articles}
    checked = 0
    for article in articles:
        assert set(article["document"]) == {"origin", "sha256", "read_at", "media_type"}
        for span in spans({k: v for k, v in article.items() if k != "text"}):
            assert article["text"][span["start"] : span["end"]] == span["text"]
            checked += 1
    by_origin = {Path(a["document"]["origin"]).name: a for a in articles}
    aggregator, original = by_origin["02_aggregator_copy.txt"], by_origin["01_meridian_post.txt"]
    assert aggregator["copy_of"] == original["id"] and aggregator["copy_similarity"] > 0.9
    attributions = jsonl(run, story, "attributions")
    assert len(attributions) == sum(len(a["attributions"]) for a in articles)
    assert [a["id"] for a in attributions] == sorted(a["id"] for a in attributions)
    for a in attributions:
        for span in spans({k: v for k, v in a.items() if k not in ("id", "article_id", "position")}):
            assert texts[a["article_id"]][span["start"] : span["end"]] == span["text"]
            checked += 1
    assert checked > 500
    actors = jsonl(run, story, "actors")
    assert actors and all(isinstance(a["aliases"], list) for a in actors)
    claims = jsonl(run, story, "claims")
    assert claims and max(c["independent_origins"] for c in claims) >= 2


@pytest.mark.parametrize("what", RECORDS)
def test_csv_has_a_header_and_one_row_per_record(run, story: Path, what: str) -> None:
    records = jsonl(run, story, what)
    result = run("export", "--format", "csv", f"--{what}", "--db", str(story))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == len(records)
    assert [int(r["id"]) for r in rows] == [r["id"] for r in records]
    if what == "articles":
        assert [r["text"] for r in rows] == [r["text"] for r in records]  # the full text, newlines and all
    if what == "attributions":
        first = next(r for r in rows if " | " in r["content_start"])  # a quote split around "she said"
        assert len(first["content_start"].split(" | ")) == len(first["content_end"].split(" | ")) >= 2


def test_claimreview_validates_and_rates_nothing(run, story: Path, tmp_path: Path) -> None:
    import jsonschema

    out = tmp_path / "claims.json"
    result = run("export", "--format", "claimreview", "--out", str(out), "--db", str(story))
    assert result.exit_code == 0, result.output
    reviews = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(reviews, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert len(reviews) == len(jsonl(run, story, "claims"))
    assert "ratingValue" not in out.read_text(encoding="utf-8")
    widest = max(reviews, key=lambda r: len(r["itemReviewed"]["appearance"]))
    assert widest["reviewRating"]["alternateName"] == (
        "Unverified — 2 independent origins, sources disagree on the numbers"
    )
    claim = widest["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "Daniel Orsett"}
    copies = [w for w in claim["appearance"] if "isBasedOn" in w]
    assert copies, "a republished copy appears as based on its original"
    assert claim["firstAppearance"]["datePublished"] == widest["itemReviewed"]["datePublished"]


def test_graphml_holds_the_provenance_graph(run, story: Path, tmp_path: Path) -> None:
    import networkx as nx

    out = tmp_path / "provenance.graphml"
    assert run("export", "--format", "graphml", "--db", str(story)).exit_code == 2  # needs --out
    result = run("export", "--format", "graphml", "--out", str(out), "--db", str(story))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    assert {d["category"] for _, d in graph.nodes(data=True)} == {"article", "attribution", "actor", "claim"}
    kinds = {d["kind"] for *_, d in graph.edges(data=True)}
    assert kinds == {"copy_of", "contains", "said_by", "cites", "asserts"}
    article = {Path(d["origin"]).name: n for n, d in graph.nodes(data=True) if d["category"] == "article"}
    copy = graph.edges[article["02_aggregator_copy.txt"], article["01_meridian_post.txt"]]
    assert copy["kind"] == "copy_of" and copy["similarity"] > 0.9
    assert graph.edges[article["06_copy_edited.txt"], article["03_harbour_times.html"]]["kind"] == "copy_of"
    cites = [(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "cites"]
    assert "actor:Halvard Gazette" in {v for _, v in cites}  # "The Post, citing the Halvard Gazette, …"
    for node, data in graph.nodes(data=True):
        if data["category"] == "attribution":
            assert [graph.edges[u, node]["kind"] for u in graph.predecessors(node)] == ["contains"]


def test_export_import_export_is_byte_identical(run, story: Path, tmp_path: Path) -> None:
    exported = tmp_path / "articles.jsonl"
    assert run("export", "--articles", "--out", str(exported), "--db", str(story)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run("import", str(exported), "--db", str(fresh))
    assert result.exit_code == 0, result.output
    assert "read 10, new 10 (2 copies), duplicates 0, failed 0 → " in result.stdout
    again = run("export", "--articles", "--db", str(fresh))
    assert again.stdout.encode("utf-8") == exported.read_bytes()
    for what in ("attributions", "actors", "claims"):  # claims are linked on import as on ingest
        assert (
            run("export", f"--{what}", "--db", str(fresh)).stdout
            == run("export", f"--{what}", "--db", str(story)).stdout
        )
    rerun = run("import", str(exported), "--db", str(fresh)).stdout
    assert "read 10, new 0 (0 copies), duplicates 10, failed 0" in rerun
    # every claim keeps its stored figures (the claim_overview view reads them) after the round trip
    origins = "SELECT id, members, independent_origins FROM claims ORDER BY id"
    with sqlite3.connect(story) as a, sqlite3.connect(fresh) as b:
        before, after = a.execute(origins).fetchall(), b.execute(origins).fetchall()
    assert before == after and all(n is not None and n >= 1 for _, _, n in after)


def test_import_into_a_ledger_finds_copies_of_what_it_holds(story: Path, tmp_path: Path) -> None:
    """An original absent from the file but held by the ledger is found by copy detection."""
    from claimledger.export import export_jsonl

    out = io.StringIO()
    export_jsonl(Ledger.open(story), out, "articles")
    lines = {Path(json.loads(x)["document"]["origin"]).name: x for x in out.getvalue().splitlines()}
    target = Ledger.open(tmp_path / "target.db")
    assert import_jsonl(target, io.StringIO(lines["01_meridian_post.txt"] + "\n")).new == 1
    assert import_jsonl(target, io.StringIO(lines["02_aggregator_copy.txt"] + "\n")).new == 1
    original, _ = target.copies(2)
    assert original is not None and original.article_id == 1


def _tampered(line: str) -> str:
    record = json.loads(line)
    record["text"] = "X" + record["text"]
    return json.dumps(record)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda _: "{not json", "line 2: not JSON"),
        (lambda _: '{"text": "no provenance"}', "line 2: no document"),
        (_tampered, "does not match the article's text"),
        (lambda line: line.replace('"attributions": [', '"attributions": [{"kind": 1}, ', 1), "not an article record"),
    ],
)
def test_import_of_a_malformed_line_is_one_clear_error(run, story: Path, tmp_path: Path, bad, message: str) -> None:
    first = jsonl(run, story, "articles")[0]
    line = json.dumps(first, ensure_ascii=False)
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n" + bad(line) + "\n", encoding="utf-8")
    result = run("import", str(path), "--db", str(tmp_path / "target.db"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "(1 new article before it is stored; a re-run skips them)" in result.stderr
    assert Ledger.open(tmp_path / "target.db").count() == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("export", "--format", "xml"), 2, "unknown format 'xml'"),
        (("export", "--articles", "--claims"), 2, "choose one of"),
        (("export", "--format", "claimreview", "--actors"), 2, "claims only"),
        (("export", "--out", "/nonexistent/folder/out.jsonl"), 1, "cannot write"),
        (("import", "/nonexistent/export.jsonl"), 1, "cannot read /nonexistent/export.jsonl"),
    ],
)
def test_bad_usage_and_unreadable_files_are_one_line(run, args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_untrusted_text_cannot_run_in_a_spreadsheet_nor_break_graphml(tmp_path: Path) -> None:
    import networkx as nx

    from claimledger.export import export_csv, export_graphml
    from claimledger.records import Actor, Article, Attribution, Document, Metadata, Span

    text = '=HYPERLINK("http://x.example") said\x0c the agency.'
    source = text.index("the agency")
    attribution = Attribution(
        kind="indirect",
        content=[Span.of(text, 0, text.index(" said"))],
        source=Span.of(text, source, source + 10),
        actor=Actor(name="the\x0cAgency", type="organization"),  # named: not a generic body
    )
    article = Article(text=text, metadata=Metadata(title="@SUM(1+1)*cmd"), attributions=[attribution])
    ledger = Ledger.open(tmp_path / "ledger.db")
    document = Document("x.txt", "0" * 64, "2025-10-15T00:00:00+00:00", "text/plain", text)
    assert ledger.add(document, article) == 1
    out = io.StringIO()
    export_csv(ledger, out, "articles")
    row = next(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert row["title"] == "'@SUM(1+1)*cmd" and row["text"] == "'" + text
    assert export_graphml(ledger, tmp_path / "g.graphml") == (3, 2)  # a form feed is not allowed in XML
    assert "actor:theAgency" in nx.read_graphml(tmp_path / "g.graphml")
