"""Past one machine: the same stage functions as ``ingest``, as a Ray Data pipeline.

1. read — each input file (a WARC/JSONL shard, a feed, an article) is read by a Ray task (``flat_map``);
2–6. extract, clean, parse, attribute, enrich — in ``map_batches`` over a stateful actor class that loads
   the spaCy pipeline once per worker (``analyse_batch``, exactly what ``ingest`` runs), which also makes
   each article's copy-detection signature;
7. write — Parquet files (one row per document: its record, its article or why it failed, its signature),
   or straight into a ledger (``--out postgresql://…`` or a SQLite file);
8. link — copies and claims over the stored signatures, in input order, through the same single writer
   as ``ingest`` (:class:`claimledger.ledger.writer.LedgerWriter`), so both build the same ledger.

Ray is an optional extra (``pip install 'claimledger[ray]'``); nothing else imports it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ingest import analyse_batch
from claimledger.ledger.copies import Signature, article_signature
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import IngestSummary, LedgerWriter
from claimledger.read import ReadFailure, read_inputs, walk
from claimledger.records import Article, Document, article_from_dict, to_dict
from claimledger.settings import Settings

PARQUET_COLUMNS = ("shard", "n", "document", "article", "error", "hashvalues", "size", "content_hash")


@dataclass(slots=True)
class BatchSummary:
    documents: int
    failed: int
    out: str
    ingest: IngestSummary | None = None  # when written straight into a ledger


def shards(inputs: Iterable[str], settings: Settings) -> list[str]:
    """The files to read, one Ray task each: directories expanded, URLs and files as given."""
    out: list[str] = []
    for raw in inputs:
        path = Path(raw)
        out += [str(p) for p in walk(path, settings)] if path.is_dir() else [raw]
    return out


def _read_shard(row: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    rows = []
    for n, item in enumerate(read_inputs([row["path"]], settings)):
        if isinstance(item, ReadFailure):
            rows.append({"shard": row["shard"], "n": n, "document": json.dumps({"origin": item.origin}),
                         "error": item.message})  # fmt: skip
        else:
            rows.append({"shard": row["shard"], "n": n, "document": json.dumps(to_dict(item)), "error": ""})
    return rows


class Analyser:
    """Stages 2–6 in a Ray actor: the spaCy pipeline and the models load once per worker."""

    def __init__(self, settings: Settings) -> None:
        from claimledger.nlp import load_nlp

        self.settings = settings
        load_nlp(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {name: [] for name in PARQUET_COLUMNS}
        documents = [Document(**json.loads(d)) for d, e in zip(batch["document"], batch["error"], strict=True) if not e]
        analysed = iter(analyse_batch(documents, self.settings))
        for shard, n, document, error in zip(
            batch["shard"], batch["n"], batch["document"], batch["error"], strict=True
        ):
            article: Article | str | None = None
            if not error:
                _, article = next(analysed)
                if isinstance(article, str):
                    error, article = article, None
            signature = article_signature(article) if isinstance(article, Article) else None
            out["shard"].append(int(shard))
            out["n"].append(int(n))
            out["document"].append(document)
            out["article"].append(json.dumps(to_dict(article)) if article is not None else "")
            out["error"].append(error)
            out["hashvalues"].append(signature.to_bytes() if signature else b"")
            out["size"].append(signature.size if signature else 0)
            out["content_hash"].append(signature.content_hash if signature else "")
        return out


def run_batch(
    inputs: Iterable[str],
    out: str,
    *,
    address: str | None = None,
    workers: int = 2,
    settings: Settings | None = None,
) -> BatchSummary:
    """Analyse ``inputs`` on a Ray cluster (a local one when ``address`` is None) and write ``out``."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ClaimledgerError("the Ray engine needs the ray extra: pip install 'claimledger[ray]'") from exc
    settings = settings or Settings()  # the defaults: the faces pass Settings.from_env()
    files = shards(inputs, settings)
    if not files:
        raise ClaimledgerError("no inputs to read")
    started_here = not ray.is_initialized()
    if started_here:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            # one CPU per analysis actor, one more for the reading tasks (else the actors starve them)
            ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False)
    try:
        ray.data.DataContext.get_current().enable_progress_bars = False
        dataset = (
            ray.data.from_items([{"shard": i, "path": p} for i, p in enumerate(files)])
            .flat_map(functools.partial(_read_shard, settings=settings))
            .map_batches(
                Analyser, fn_constructor_args=(settings,), concurrency=workers, batch_size=16, batch_format="numpy"
            )
        )
        if "://" in out or out.endswith(".db"):
            rows = sorted(dataset.take_all(), key=lambda r: (r["shard"], r["n"]))
            summary = store_rows(Ledger.open(out), rows, settings)
            return BatchSummary(len(rows), len(summary.failed), out, summary)
        Path(out).mkdir(parents=True, exist_ok=True)
        dataset.write_parquet(out)
        table = _read_parquet(Path(out))
        return BatchSummary(table.num_rows, sum(1 for e in table.column("error").to_pylist() if e), out)
    finally:
        if started_here:
            ray.shutdown()


def _read_parquet(folder: Path) -> Any:
    import pyarrow.parquet as pq

    files = sorted(folder.glob("*.parquet"))
    if not files:
        raise ClaimledgerError(f"no Parquet files in {folder}")
    import pyarrow as pa

    return pa.concat_tables([pq.read_table(f) for f in files]).sort_by([("shard", "ascending"), ("n", "ascending")])


def _rows(table: Any) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=256):
        yield from batch.to_pylist()


def store_rows(ledger: Ledger, rows: Iterable[dict[str, Any]], settings: Settings) -> IngestSummary:
    """Stages 7–8 for analysed rows, in order, through the writer ``ingest`` uses."""
    writer = LedgerWriter(ledger, settings)
    for row in rows:
        document = json.loads(row["document"])
        if row["error"] and not row["article"] and "sha256" not in document:
            writer.fail(ReadFailure(document["origin"], row["error"]))  # the input itself could not be read
            continue
        doc = Document(**document)
        if writer.seen(doc):
            continue
        if row["error"] and not row["article"]:
            writer.write(doc, row["error"])
            continue
        signature = Signature.from_bytes(row["hashvalues"], row["size"], row["content_hash"])
        writer.write(doc, article_from_dict(json.loads(row["article"])), signature)
    return writer.finish()


def import_parquet(ledger: Ledger, folder: Path, settings: Settings | None = None) -> IngestSummary:
    """Load the batch engine's Parquet output into a ledger (copies and claims linked as on ingest)."""
    settings = settings or Settings()
    if not folder.is_dir():
        raise ClaimledgerError(f"{folder} is not a folder of Parquet files")
    return store_rows(ledger, _rows(_read_parquet(folder)), settings)
