"""The ledger's one writer: every way into the ledger stores through it, one transaction per document."""

from __future__ import annotations

import ast
import inspect
import io
import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.ledger.claims import ClaimIndex
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.settings import Settings
from tests.conftest import EXAMPLES, REPO

WRITER_FRAME = ("writer.py", "_store")


@pytest.fixture()
def stores(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every ``Ledger.add`` call, and whether it ran inside the writer's transaction."""
    calls: list[bool] = []
    real = Ledger.add

    def add(self: Ledger, *args: object, **kwargs: object) -> int | None:
        frames = {(Path(f.filename).name, f.function) for f in inspect.stack()}
        calls.append(WRITER_FRAME in frames and self.in_transaction)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "add", add)
    return calls


def test_only_the_writer_calls_ledger_add_in_the_package() -> None:
    """Statically: no module of the package but the writer stores an article."""
    callers = []
    for path in sorted((REPO / "src" / "claimledger").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                receiver = ast.unparse(node.func.value)
                if "ledger" in receiver.lower():
                    callers.append(f"{path.relative_to(REPO)}: {receiver}.add")
    assert callers == ["src/claimledger/ledger/writer.py: self.ledger.add"]


def test_ingest_import_and_import_parquet_rows_all_store_through_the_writer(
    cli, tmp_path: Path, stores: list[bool]
) -> None:
    from claimledger.batch import store_rows

    assert cli("ingest", str(EXAMPLES)).exit_code == 0  # ingest
    exported = tmp_path / "articles.jsonl"
    assert cli("export", "--articles", "--out", str(exported)).exit_code == 0
    imported = cli("import", str(exported), "--db", str(tmp_path / "imported.db"))  # import
    assert imported.exit_code == 0, imported.output
    rows = []  # what the batch engine writes to Parquet and import-parquet (or batch --out a ledger) reads
    for n, line in enumerate(exported.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        document = dict(record.pop("document"), content=record["text"])
        for key in ("id", "copy_of", "copy_similarity"):
            record.pop(key)
        rows.append({"shard": 0, "n": n, "document": json.dumps(document), "article": json.dumps(record),
                     "error": "", "hashvalues": b"", "size": 0, "content_hash": ""})  # fmt: skip
    from claimledger.ledger.copies import article_signature
    from claimledger.records import article_from_dict

    for row in rows:
        signature = article_signature(article_from_dict(json.loads(row["article"])))
        row.update(hashvalues=signature.to_bytes(), size=signature.size, content_hash=signature.content_hash)
    summary = store_rows(Ledger.open(tmp_path / "parquet.db"), rows, Settings())
    assert (summary.new, summary.copies, summary.failed) == (10, 2, [])
    assert len(stores) == 30 and all(stores)
    origins = "SELECT text, members, independent_origins FROM claims ORDER BY id"
    with sqlite3.connect(tmp_path / "ledger.db") as a, sqlite3.connect(tmp_path / "parquet.db") as b:
        assert a.execute(origins).fetchall() == b.execute(origins).fetchall()


def test_the_web_ingest_stores_through_the_writer(tmp_path: Path, stores: list[bool]) -> None:
    """The web's ingest job (what its worker process runs) stores through the writer; through the API the
    article arrives linked, which only the writer does."""
    from claimledger.web import create_app, data, worker

    settings = Settings(db=str(tmp_path / "web.db"), web_token="t0ken")
    done = worker._ingest_in_worker(settings, data.Submission(text="Rain is coming, the forecaster said."))
    assert isinstance(done, data.IngestPublic) and done.new == 1 and stores == [True]
    app = create_app(settings)
    with TestClient(app) as client:
        response = client.post(
            "/api/ingest", headers={"Authorization": "Bearer t0ken"}, data={"text": "Rain is coming, she said."}
        )
    assert response.status_code == 200, response.text
    assert response.json()["new"] == 1
    with Ledger.open(settings.ledger).connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles WHERE claims_linked_at IS NOT NULL").scalar() == 2


def test_an_article_and_its_claim_links_are_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When linking its claims fails, the article is not stored either, and the next run stores it whole."""
    from claimledger.ingest import ingest

    ledger = Ledger.open(tmp_path / "ledger.db")
    real = ClaimIndex.link_article

    def broken(self: ClaimIndex, article_id: int, *args: object) -> list[int]:
        real(self, article_id, *args)  # type: ignore[arg-type]  # the claim rows are written …
        raise OSError(28, "No space left on device")  # … then the disk fills

    monkeypatch.setattr(ClaimIndex, "link_article", broken)
    summary = ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    assert summary.new == 0
    assert [f.message for f in summary.failed] == ["not stored: [Errno 28] No space left on device"]
    with ledger.connect() as conn:
        counts = [conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in ("documents", "claims")]
    assert counts == [0, 0]
    monkeypatch.setattr(ClaimIndex, "link_article", real)
    again = ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    assert again.new == 1
    with ledger.connect() as conn:
        missing = conn.exec_driver_sql("SELECT count(*) FROM claims WHERE independent_origins IS NULL").scalar()
        members = conn.exec_driver_sql("SELECT count(*) FROM claim_members").scalar()
    assert missing == 0 and members > 0


def test_the_writer_counts_what_it_reads(tmp_path: Path) -> None:
    from claimledger.pipeline import Source, analyze_many
    from claimledger.read import document_from_bytes

    writer = LedgerWriter(Ledger.open(tmp_path / "l.db"), Settings())
    doc = document_from_bytes(b"The bridge is closed, the police said.", "a.txt", settings=Settings())
    article = next(analyze_many([Source.from_document(doc)]))
    assert not writer.seen(doc) and writer.write(doc, article) == 1
    assert writer.seen(doc)  # the same bytes again: a duplicate, not stored twice
    summary = writer.finish()
    assert (summary.read, summary.new, summary.duplicates) == (2, 1, 1)
    writer.write(doc, "cannot decode")
    assert writer.summary.failed[-1].message == "cannot decode"


def test_a_write_reads_its_article_back_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linking an article's claims and storing the figures of the claims it touched read the stored article once
    (decoding its record is a tenth of a write), and the figures are those of a full recount (``check``)."""
    from claimledger.ledger.check import check, drift
    from claimledger.pipeline import Source, analyze_many
    from claimledger.read import document_from_bytes

    ledger = Ledger.open(tmp_path / "l.db")
    writer = LedgerWriter(ledger, Settings())
    reads: list[int] = []
    real = Ledger.get

    def get(self: Ledger, article_id: int) -> object:
        reads.append(article_id)
        return real(self, article_id)

    monkeypatch.setattr(Ledger, "get", get)
    texts = [b"The bridge will close for repairs on Monday, the city engineer said.",
             b"Officials said the bridge will close for repairs on Monday."]  # fmt: skip
    for n, text in enumerate(texts):
        doc = document_from_bytes(text, f"{n}.txt", settings=Settings())
        reads.clear()
        article_id = writer.write(doc, next(analyze_many([Source.from_document(doc)])), original=None)
        assert reads.count(article_id) == 1  # before: twice (linking, then the touched claims' figures)
    monkeypatch.setattr(Ledger, "get", real)
    with ledger.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM claim_members").scalar() == 2
    assert drift(check(ledger)) == 0  # every stored figure as a recount finds it


def test_import_round_trip_keeps_claim_figures(tmp_path: Path) -> None:
    from claimledger.export import export_jsonl
    from claimledger.importer import import_jsonl
    from claimledger.ingest import ingest

    source = Ledger.open(tmp_path / "a.db")
    ingest([str(EXAMPLES)], source)
    out = io.StringIO()
    export_jsonl(source, out, "articles")
    target = Ledger.open(tmp_path / "b.db")
    assert import_jsonl(target, io.StringIO(out.getvalue())).new == 10
    query = "SELECT claim, members, independent_origins, articles FROM claim_overview ORDER BY claim_id"
    with source.connect() as a, target.connect() as b:
        before, after = a.exec_driver_sql(query).all(), b.exec_driver_sql(query).all()
    assert before == after and all(row[2] is not None for row in after)
