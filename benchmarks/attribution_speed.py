"""Words per second of ``analyze()`` and of plain spaCy ``nlp.pipe`` over the PolNeAR dev texts, in one run.

    .venv/bin/python benchmarks/attribution_speed.py [--data ../shared/data/polnear] [--repeat 2]

Both are timed in the same process, alternating, so that the ratio is robust to a noisy machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import spacy

from claimledger.evaluation.polnear import load_split
from claimledger.parse import load_nlp
from claimledger.pipeline import Source, analyze_many
from claimledger.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no PolNeAR data at {args.data}", file=sys.stderr)
        return 2
    texts = [d.text for d in load_split(args.data, args.split)]
    words = sum(len(t.split()) for t in texts)
    settings = Settings.from_env()
    load_nlp(settings.spacy_model)  # warm: model loading is not what we measure
    plain = spacy.load(settings.spacy_model)
    list(plain.pipe(texts[:2]))

    def run_plain() -> float:
        start = time.perf_counter()
        for _ in plain.pipe(texts, batch_size=settings.batch_size):
            pass
        return time.perf_counter() - start

    def run_analyze() -> float:
        start = time.perf_counter()
        for _ in analyze_many((Source(t) for t in texts), settings=settings):
            pass
        return time.perf_counter() - start

    plain_times, analyze_times = [], []
    for _ in range(args.repeat):
        plain_times.append(run_plain())
        analyze_times.append(run_analyze())
    p, a = statistics.median(plain_times), statistics.median(analyze_times)
    print(f"texts: {len(texts)}  words: {words:,}  repeats: {args.repeat}")
    print(f"spaCy nlp.pipe (whole texts): {words / p:>10,.0f} words/s  ({p:.2f} s)")
    print(f"claimledger analyze():        {words / a:>10,.0f} words/s  ({a:.2f} s)")
    print(f"ratio analyze / nlp.pipe:     {p / a:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
