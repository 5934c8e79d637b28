"""Scale of ingest's storage and copy detection: N generated documents into one ledger (SQLite or PostgreSQL).

    .venv/bin/python benchmarks/copies_scale.py [--documents 100000] [--copies 0.1] [--db PATH|URL]
    scripts/with-postgres.sh sh -c '.venv/bin/python benchmarks/copies_scale.py --documents 10000 \
        --db "$CLAIMLEDGER_TEST_POSTGRES"'   # the same 10,000 into PostgreSQL

Each document goes the way ``ingest`` takes it — clean (``prepare``), MinHash signature, LSH lookup
against the whole ledger (``find_original``), one transaction (``add``) — but without the spaCy parse
and attribution, whose speed ``attribution_speed.py`` measures: this measures how the ledger and copy
detection scale with the ledger's size. Prints documents/s, the time per 10,000 documents as the
ledger grows (it must stay flat, not grow linearly), peak RSS, and copy-detection accuracy on the
generated copies.
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from claimledger.evaluation.copies import edit
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.pipeline import Source, prepare
from claimledger.read import now_iso, sha256
from claimledger.records import Document
from claimledger.settings import Settings

VOCABULARY_SIZE = 20_000


def make_vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(VOCABULARY_SIZE)]


def make_article(rng: random.Random, words: list[str], weights: list[float]) -> str:
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentence = rng.choices(words, cum_weights=weights, k=rng.randint(8, 22))
            sentences.append(" ".join(sentence).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    title = " ".join(rng.choices(words, cum_weights=weights, k=7)).capitalize()
    return "\n\n".join([title, *paragraphs]) + "\n"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--copies", type=float, default=0.1, help="share of documents that copy an earlier one")
    parser.add_argument("--block", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="a SQLite file or a postgresql:// URL (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = make_vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf-like, cumulative
    settings = Settings()
    workdir = tempfile.mkdtemp(prefix="claimledger-bench-")
    db = args.db or str(Path(workdir) / "ledger.db")
    ledger = Ledger.open(db)
    writer = LedgerWriter(ledger, settings, link_claims=False)  # copy detection alone: no claim linking
    originals: list[tuple[int, str]] = []  # (article id, text) kept for making copies (a bounded sample)
    found = missed = false_positive = 0
    started = block_started = time.perf_counter()
    print(f"ledger: {ledger.engine.dialect.name} {ledger.engine.url.render_as_string(hide_password=True)}")
    print(f"{'documents':>10} {'block s':>8} {'docs/s':>8} {'peak RSS MB':>12}")
    for n in range(1, args.documents + 1):
        is_copy = originals and rng.random() < args.copies
        if is_copy:
            source_id, source_text = rng.choice(originals)
            text = edit(source_text, rng.choice(["boilerplate", "headline", "dropped", "reordered"]), rng)
        else:
            text = make_article(rng, words, weights)
        document = Document(f"generated-{n}", sha256(text.encode()), now_iso(), "text/plain", text)
        new_id = writer.write(document, prepare(Source(text)))
        match = writer.last_original
        if is_copy:
            if match is not None and match.article_id == source_id:
                found += 1
            else:
                missed += 1
        else:
            false_positive += match is not None
            if new_id is not None and (len(originals) < 2000 or rng.random() < 0.02):
                if len(originals) >= 2000:
                    originals[rng.randrange(len(originals))] = (new_id, text)
                else:
                    originals.append((new_id, text))
        if n % args.block == 0:
            now = time.perf_counter()
            block = now - block_started
            print(f"{n:>10,} {block:>8.1f} {args.block / block:>8.0f} {peak_rss_mb():>12.0f}", flush=True)
            block_started = now
    total = time.perf_counter() - started
    copies = found + missed
    print(f"total: {args.documents:,} documents in {total:.0f} s = {args.documents / total:.0f} documents/s")
    size = f"; ledger file: {Path(db).stat().st_size / 1e6:.0f} MB" if "://" not in db else ""
    print(f"peak RSS: {peak_rss_mb():.0f} MB{size}")
    print(
        f"copies: {copies:,} generated, {found:,} linked to their original "
        f"(recall {found / max(copies, 1):.4f}); originals taken for copies: {false_positive:,}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
