"""Pairs per second of the shipped pair model (int8 ONNX, onnxruntime) on this CPU.

    .venv/bin/python benchmarks/pair_model.py [--pairs 2000] [--batch-size 32] [--threads 1] [--model DIR]

Scores the dev pairs of the shared corpora (``../shared/data/claim-pairs``: MRPC's dev slice, STS-B dev,
SICK trial; sentences of news length) once to warm up, then times them; prints pairs/s of wall time and of the
process's CPU time (on a CPU shared with other work, wall time measures the others too: with one thread, pairs
per CPU second is what one free core does).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from claimledger.match.corpora import DEV_SPLITS, load_splits
from claimledger.match.runtime import MODEL_DIR, PairModel

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "claim-pairs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads (0: its default)")
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="a trained model's folder (default: shipped)")
    args = parser.parse_args()
    pairs = [(p.a, p.b) for p in load_splits(DEV_SPLITS, ROOT)][: args.pairs]
    model = PairModel(args.model, threads=args.threads)
    model.score(pairs[:64], batch_size=args.batch_size)
    started, cpu = time.perf_counter(), time.process_time()
    model.score(pairs, batch_size=args.batch_size)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    size = (args.model / "pair.onnx").stat().st_size / 2**20
    print(
        f"{len(pairs)} pairs in {seconds:.2f} s: {len(pairs) / seconds:.0f} pairs/s, "
        f"{len(pairs) / cpu:.0f} pairs per CPU second "
        f"(batch {args.batch_size}, {args.threads or 'default'} thread(s), model {size:.1f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
