"""Time to add one article to a ledger that already holds N claims (default 10,000).

    .venv/bin/python benchmarks/claims_link.py [--claims 10000] [--profile]

The ledger is filled with N claims (random unit vectors stand in for embeddings: matching cost does
not depend on what they mean), then each bundled example article — analysed beforehand, since parsing
is measured by ``attribution_speed.py`` — is stored and linked: embedding its claims, matching them
against every claim, writing memberships. Prints the median and worst time per article; ``--profile`` also
prints the functions that took the most of the writes' time (cProfile, cumulative), ``--claims 0`` times the
empty ledger.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from claimledger.embed import default_encoder
from claimledger.ledger.ann import ANN_FROM, ClaimANN
from claimledger.ledger.schema import claims
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.pipeline import Source, analyze_many
from claimledger.read import ReadFailure, read_inputs
from claimledger.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    ledger = Ledger.open(Path(tempfile.mkdtemp(prefix="claimledger-link-")) / "ledger.db")
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((args.claims, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if args.claims:
        with ledger.engine.begin() as conn:
            conn.execute(
                claims.insert(),
                [
                    {
                        "text": f"synthetic claim {i}",
                        "vector_sum": v.tobytes(),
                        "members": 1,
                        "polarity": 1,
                        "articles": 0,  # summarised (no member article yet): the writer has nothing to repair
                        "independent_origins": 0,
                        "created_at": now,
                    }
                    for i, v in enumerate(vectors)
                ],
            )
    documents = [d for d in read_inputs([str(EXAMPLES)], settings) if not isinstance(d, ReadFailure)]
    analysed = list(analyze_many((Source.from_document(d) for d in documents), settings=settings))
    encoder = default_encoder()
    encoder.encode(["warm up"])
    with ledger.connect() as conn:
        members_before = conn.execute(sa.text("SELECT count(*) FROM claim_members")).scalar_one()
        claims_before = conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one()
    started = time.perf_counter()
    writer = LedgerWriter(ledger, settings)
    index = writer._index()
    load = time.perf_counter() - started
    started = time.perf_counter()
    graph = len(index) >= ANN_FROM
    if graph:  # a ledger grown through ingest keeps its graph beside it; this generated one builds it once
        index._graph()
    built = time.perf_counter() - started
    calls = {"put": 0, "nearest": 0, "inserted": 0}
    spent = {"put": 0.0, "nearest": 0.0}

    def counted(name: str, method: Any) -> Any:  # the graph's updates and searches: how many, how long
        def wrapper(*a: Any, **k: Any) -> Any:
            calls[name] += 1
            start = time.perf_counter()
            result = method(*a, **k)
            spent[name] += time.perf_counter() - start
            calls["inserted"] += name == "put" and result is not False  # (None: every put inserts)
            return result

        return wrapper

    ClaimANN.put = counted("put", ClaimANN.put)  # type: ignore[method-assign]
    ClaimANN.nearest = counted("nearest", ClaimANN.nearest)  # type: ignore[method-assign]
    timings, cpu = [], []
    profile = cProfile.Profile()
    for document, article in zip(documents, analysed, strict=True):
        if args.profile:
            profile.enable()
        start, start_cpu = time.perf_counter(), time.process_time()
        assert writer.write(document, article) is not None
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if args.profile:
            profile.disable()
    with ledger.connect() as conn:
        linked = conn.execute(sa.text("SELECT count(*) FROM claim_members")).scalar_one() - members_before
        founded = conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one() - claims_before
    print(f"ledger: {args.claims:,} claims before; index loaded in {load * 1000:.0f} ms (once per process)")
    if graph:
        print(f"ANN graph of the claims built in {built:.1f} s (once: then kept beside the ledger)")
    print(f"articles added: {len(timings)} ({linked} claim memberships, {founded} claims founded)")
    print(f"per article (one transaction: store, embed, match, write, origins): "
          f"median {statistics.median(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms; "
          f"CPU median {statistics.median(cpu) * 1000:.0f} ms, mean {statistics.mean(cpu) * 1000:.0f} ms")  # fmt: skip
    if graph:
        n = len(timings)
        print(f"ANN graph per article: {calls['put'] / n:.1f} updates, {calls['inserted'] / n:.1f} inserted "
              f"({spent['put'] / n * 1000:.1f} ms), "
              f"{calls['nearest'] / n:.1f} searches ({spent['nearest'] / n * 1000:.1f} ms)")  # fmt: skip
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    sys.exit(main())
