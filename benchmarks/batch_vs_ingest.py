"""The same documents through ``ingest --workers 2`` and ``batch --engine ray`` (2 workers), in one run.

    .venv/bin/python benchmarks/batch_vs_ingest.py [--documents 5000]

Documents are short generated news paragraphs (JSON Lines shards of 500); both engines do the whole
pipeline (parse, attribute, enrich, copies, claims). Prints documents/s of each, their ratio, and the
per-worker rate of the Ray analysis stage from which a cluster's throughput can be estimated.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from claimledger.batch import import_parquet, run_batch
from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger

PEOPLE = ["the mayor", "a police spokesperson", "Minister Ana Ruiz", "the regional governor", "two officials"]
EVENTS = ["the bridge was closed", "{n} residents were evacuated", "the river rose by {n} centimetres",
          "talks would resume on Monday", "{n} homes lost power", "the airport reopened"]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(5)
    work = Path(tempfile.mkdtemp(prefix="claimledger-batch-"))
    shards = []
    for s in range(0, args.documents, 500):
        path = work / f"shard-{s // 500:03d}.jsonl"
        with path.open("w") as out:
            for i in range(s, min(s + 500, args.documents)):
                text = " ".join(
                    f"{rng.choice(EVENTS).format(n=rng.randint(2, 5000)).capitalize()}, {rng.choice(PEOPLE)} said."
                    for _ in range(rng.randint(3, 6))
                )
                out.write(json.dumps({"text": f"Report {i}\n\n{text}\n", "url": f"https://example.org/{i}"}) + "\n")
        shards.append(str(path))
    start = time.perf_counter()
    ingest(shards, Ledger.open(work / "ingest.db"), workers=args.workers)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    run_batch(shards, str(work / "parquet"), workers=args.workers)
    analyse_s = time.perf_counter() - start
    import_parquet(Ledger.open(work / "batch.db"), work / "parquet")
    batch_s = time.perf_counter() - start
    n = args.documents
    print(f"documents: {n:,} in {len(shards)} shards; workers: {args.workers}")
    print(f"ingest --workers {args.workers}:    {n / ingest_s:7.1f} documents/s ({ingest_s:.0f} s)")
    print(
        f"batch --engine ray (+ import): {n / batch_s:7.1f} documents/s ({batch_s:.0f} s; Ray stage {analyse_s:.0f} s)"
    )
    print(f"ratio batch / ingest: {ingest_s / batch_s:.2f}")
    print(f"Ray analysis per worker: {n / analyse_s / args.workers:.1f} documents/s (incl. Ray start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
