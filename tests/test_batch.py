"""The pipeline on Ray Data (a local Ray, 2 workers) builds the same ledger as ``ingest`` from the same inputs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimledger.batch import import_parquet, run_batch
from claimledger.export import export_jsonl
from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from claimledger.pipeline import Source, prepare
from claimledger.read import ReadFailure, read_inputs
from claimledger.settings import Settings
from tests.conftest import EXAMPLES


def make_shards(folder: Path) -> list[str]:
    """Two JSON Lines shards generated from the examples, plus one bad line."""
    settings = Settings()
    records = []
    for item in read_inputs([str(EXAMPLES)], settings):
        assert not isinstance(item, ReadFailure)
        article = prepare(Source.from_document(item))
        records.append({"text": article.text, "url": item.url or f"https://example.org/{len(records)}",
                        "published": article.metadata.published, "title": article.metadata.title})  # fmt: skip
    folder.mkdir()
    half = len(records) // 2
    (folder / "shard-0.jsonl").write_text("\n".join(json.dumps(r) for r in records[:half]) + "\n{broken\n")
    (folder / "shard-1.jsonl").write_text("\n".join(json.dumps(r) for r in records[half:]) + "\n")
    return [str(folder / "shard-0.jsonl"), str(folder / "shard-1.jsonl")]


def comparable(ledger: Ledger, what: str) -> list[dict]:
    out = io.StringIO()
    export_jsonl(ledger, out, what)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    for row in rows:
        row.get("document", {}).pop("read_at", None)  # when it was read differs; nothing else may
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ledger, Ledger, object]:
    root = tmp_path_factory.mktemp("batch")
    inputs = make_shards(root / "shards")
    by_ingest = Ledger.open(root / "ingest.db")
    ingest(inputs, by_ingest)
    summary = run_batch(inputs, str(root / "parquet"), workers=2)
    by_batch = Ledger.open(root / "batch.db")
    import_parquet(by_batch, root / "parquet")
    return by_ingest, by_batch, summary


def test_batch_reports_documents_and_failures(built) -> None:
    _, _, summary = built
    assert summary.documents == 11 and summary.failed == 1  # 10 articles and the broken line


@pytest.mark.parametrize("what", ["articles", "attributions", "claims"])
def test_batch_builds_the_same_ledger_as_ingest(built, what: str) -> None:
    by_ingest, by_batch, _ = built
    assert comparable(by_batch, what) == comparable(by_ingest, what)
    assert by_batch.count() == 10


def test_batch_without_ray_extra_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_ray(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "ray" or name.startswith("ray."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    from claimledger.errors import ClaimledgerError

    with pytest.raises(ClaimledgerError, match=r"claimledger\[ray\]"):
        run_batch(["examples"], "out")


def test_import_parquet_missing_folder(tmp_path: Path) -> None:
    from claimledger.errors import ClaimledgerError

    with pytest.raises(ClaimledgerError, match="not a folder"):
        import_parquet(Ledger.open(tmp_path / "l.db"), tmp_path / "nope")
