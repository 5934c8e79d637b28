"""Words per second of ``analyze()`` (rules, model, hybrid) and of plain spaCy ``nlp.pipe``, in one run.

    .venv/bin/python benchmarks/attribution_speed.py [--data ../shared/data/polnear] [--repeat 2]

Over the PolNeAR dev texts. All are timed in the same process, alternating, so that the ratios are robust to
a noisy machine. ``analyze()`` includes everything (cleaning, parsing, attribution, enrichment); the tagger's
own forward pass is timed apart ("model forward") over the same texts' units.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import spacy

from claimledger.evaluation.polnear import load_split
from claimledger.nlp import load_nlp
from claimledger.parse import parse_articles
from claimledger.pipeline import Source, analyze_many, prepare
from claimledger.settings import EXTRACTORS, Settings
from claimledger.tagger.runtime import load_tagger
from claimledger.tagger.units import paragraph_units


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
    load_nlp(settings)  # warm: model loading is not what we measure
    plain = spacy.load(settings.spacy_model)
    list(plain.pipe(texts[:2]))

    def run_plain() -> float:
        start = time.perf_counter()
        for _ in plain.pipe(texts, batch_size=settings.batch_size):
            pass
        return time.perf_counter() - start

    def run_analyze(extractor: str) -> float:
        start = time.perf_counter()
        for _ in analyze_many((Source(t) for t in texts), settings=replace(settings, extractor=extractor)):
            pass
        return time.perf_counter() - start

    tagger = load_tagger(settings.tagger_model)
    articles = [prepare(Source(t)) for t in texts]
    units = [u for paragraphs in parse_articles(load_nlp(settings), articles) for u in paragraph_units(paragraphs)]
    tagger.tag_units(units[:8])

    def run_forward() -> float:
        start = time.perf_counter()
        tagger.tag_units(units)
        return time.perf_counter() - start

    names = ["nlp.pipe", *EXTRACTORS, "model forward"]
    times: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(args.repeat):
        times["nlp.pipe"].append(run_plain())
        for extractor in EXTRACTORS:
            times[extractor].append(run_analyze(extractor))
        times["model forward"].append(run_forward())
    p = statistics.median(times["nlp.pipe"])
    print(f"texts: {len(texts)}  words: {words:,}  repeats: {args.repeat}  threads: onnxruntime default")
    for name in names:
        t = statistics.median(times[name])
        label = (
            "spaCy nlp.pipe (whole texts)"
            if name == "nlp.pipe"
            else (name if name == "model forward" else f"analyze(extractor={name!r})")
        )
        print(f"{label:<30} {words / t:>10,.0f} words/s  ({t:.2f} s)  ratio to nlp.pipe {p / t:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
