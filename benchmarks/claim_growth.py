"""Ingest cost as claims grow: one article's claims each gain a member per article written, so the ``N``-th
write touches claims of ``N`` members (what a much-repeated claim in a newsroom's year is like).

    .venv/bin/python benchmarks/claim_growth.py [--writes 200] [--every 25] [--profile]

One real PolNeAR text, analysed by the real pipeline (the cache :mod:`ledger_scale` keeps), written ``--writes``
times as variants (another outlet, date, address, bytes) through the real writer
(:meth:`LedgerWriter.write`: store, link through :class:`ClaimIndex`, refresh the touched claims' summaries and
the actors' counts, one transaction each); every variant has the same synthesised embeddings, so each write
joins the same claims. Prints the median write time per block of ``--every`` writes, and with ``--profile``
the functions that took the most of the last block's time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_scale import SynthEncoder, base_articles, variant

from claimledger.ledger.claims import ClaimIndex
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--every", type=int, default=25)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    base = base_articles(1)[0]
    ledger = Ledger.open(Path(tempfile.mkdtemp(prefix="claimledger-growth-")) / "ledger.db")
    writer = LedgerWriter(ledger, Settings())
    writer._claims = ClaimIndex(ledger, SynthEncoder())  # group 0 for every variant: one vector per content
    profile = cProfile.Profile()
    block: list[float] = []
    print(f"one article of {len(base[1].attributions)} attributions, written {args.writes} times")
    for n in range(args.writes):
        document, article = variant(base, n)
        last_block = n >= args.writes - args.every
        if args.profile and last_block:
            profile.enable()
        began = time.perf_counter()
        writer.write(document, article, original=None)
        block.append(time.perf_counter() - began)
        if args.profile and last_block:
            profile.disable()
        if len(block) == args.every:
            print(f"writes {n + 2 - args.every:4d}–{n + 1:4d} (claims of ~{n + 1 - args.every // 2} members): "
                  f"median {1000 * statistics.median(block):7.1f} ms a write")  # fmt: skip
            sys.stdout.flush()
            block = []
    writer.finish()
    if args.profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
