"""Hostile inputs scale linearly: wall time of ``analyze()`` over doubling sizes, with the ratio to the previous.

    .venv/bin/python benchmarks/hostile_scaling.py [--start 2500] [--steps 4] [--extractor hybrid] [--big 200000]

Two series, measured in one run: N lines of "He said yes." (once quadratic: every span lookup scanned every
paragraph, and nesting compared every attribution with every other), and one paragraph of N such sentences
(once refused whole by spaCy past 1,000,000 characters; now split into bounded pieces). A ratio near 2 per
doubling means linear. ``--big`` then times one run of that many lines and prints the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace

from claimledger.pipeline import analyze
from claimledger.settings import EXTRACTORS, Settings

LINE = "He said yes."


def timed(text: str, settings: Settings) -> tuple[float, int]:
    started = time.perf_counter()
    article = analyze(text, settings=settings)
    return time.perf_counter() - started, len(article.attributions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=2500, help="N, the smallest size (lines or sentences)")
    parser.add_argument("--steps", type=int, default=4, help="sizes N, 2N, 4N, …")
    parser.add_argument("--extractor", choices=EXTRACTORS, default=Settings().extractor)
    parser.add_argument("--big", type=int, default=0, help="then one run of this many lines (0: none)")
    args = parser.parse_args()
    settings = replace(Settings(), extractor=args.extractor)
    timed(LINE, settings)  # load the models before timing
    series = {"lines": "\n", "one paragraph": " "}
    for name, joiner in series.items():
        print(f"{name} of {LINE!r} ({args.extractor}):")
        previous = None
        for step in range(args.steps):
            n = args.start * 2**step
            seconds, found = timed(joiner.join([LINE] * n), settings)
            ratio = f"{seconds / previous:.2f}" if previous else "—"
            print(f"  {n:>8,} × {len(LINE) + 1} chars  {seconds:8.2f} s  ratio {ratio:>5}  {found:,} attributions")
            previous = seconds
    if args.big:
        seconds, found = timed("\n".join([LINE] * args.big), settings)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.big:,} lines: {seconds:.1f} s, {found:,} attributions, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
