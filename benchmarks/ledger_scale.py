"""The ledger at scale: every list page, its JSON twin, a claim page, an actor page, a search and the CLI's light
commands timed on ledgers of growing size, on SQLite and PostgreSQL; ingest time per article as the ledger grows.

    .venv/bin/python benchmarks/ledger_scale.py [--sizes 10000,100000] [--backends sqlite,postgresql]
        [--base 40] [--runs 20] [--group 3] [--ingest 10] [--no-pages]

Ingest as the ledger grows (``--ingest K``): K real PolNeAR dev texts (none of the varied ones, analysed once
by the real pipeline and cached) are written through :class:`LedgerWriter` exactly as ``claimledger ingest``
writes (copy detection, MiniLM embeddings, linking, summaries) into the empty ledger and again, K others, after
each size is reached; the per-article times and their ratio to the empty ledger's are printed. Analysis is left
out of the timing: it reads one text and never the ledger.

How the ledgers are built: ``--base`` real PolNeAR texts (train and dev) are analysed once by the real pipeline
(parse, attribution, actors, quantities; cached under the temp folder between runs). Every stored article is one
of them with variation — another outlet (of 24), date, URL, title and bytes — written through the real store and
link path (:class:`~claimledger.ledger.writer.LedgerWriter.write`: one transaction storing the article, its
attributions and actors, linking its claims through :class:`ClaimIndex` and storing the claims' summaries and the
actors' counts). Copy detection is off (``original=None``): every variant has its base's text, so each would be
found a copy. Embeddings are synthesised, since MiniLM over a million contents would take hours on two cores: a
content's vector is a seeded random unit vector from its text and its *group* — ``--group`` consecutive variants
share one, so each of their claims gets that many members from that many outlets (later groups found new claims,
as a year of news mostly does); the rules matcher then decides as it does for real vectors.

Timings: web pages through the app in-process (FastAPI TestClient: routing, SQL, templates; no network), each
``--runs`` times, p50/p95; the deep pages are 20 ``next`` cursors in. The CLI commands as subprocesses (start-up
included), 3 runs each. PostgreSQL: a server must be given in ``$CLAIMLEDGER_TEST_POSTGRES`` (run the benchmark
under ``scripts/with-postgres.sh``); without one that backend is skipped. Peak RSS is this process's, at the end.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from claimledger.ledger.claims import DIMENSION, ClaimIndex
from claimledger.ledger.schema import actors, attributions, claims, metadata
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.records import Article, Document
from claimledger.settings import Settings

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
OUTLETS = [f"outlet{n:02d}.example" for n in range(24)]
CLI_RUNS = 3  # subprocesses a CLI command (start-up included)
CACHE = Path(tempfile.gettempdir()) / "claimledger-scale-base.pickle"


class SynthEncoder:
    """Unit vectors from (group, text): the same content in one group of variants has one vector."""

    def __init__(self) -> None:
        self.group = 0

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(f"{self.group}\x00{text}".encode(), digest_size=8).digest(), "big")
            v = np.random.default_rng(seed).standard_normal(DIMENSION).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def base_articles(n: int) -> list[tuple[Document, Article]]:
    """``n`` PolNeAR texts analysed by the real pipeline (cached between runs)."""
    if CACHE.exists():
        cached: list[tuple[Document, Article]] = pickle.loads(CACHE.read_bytes())
        if len(cached) >= n:
            return cached[:n]
    from claimledger.pipeline import Source, analyze_many
    from claimledger.read import ReadFailure, read_inputs

    settings = Settings()
    paths = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    step = max(1, len(paths) // n)
    chosen = [str(p) for p in paths[::step][:n]]
    documents = [d for d in read_inputs(chosen, settings) if not isinstance(d, ReadFailure)]
    analysed = list(analyze_many((Source.from_document(d) for d in documents), settings=settings))
    pairs = list(zip(documents, analysed, strict=True))
    CACHE.write_bytes(pickle.dumps(pairs))
    return pairs


def held_out(n: int, bases: int) -> list[tuple[Document, Article]]:
    """``n`` PolNeAR dev texts that are none of the ``bases`` varied, analysed by the real pipeline (cached):
    the real articles whose ingest is timed as the ledger grows."""
    cache = CACHE.with_name(f"claimledger-scale-held-out-{n}-{bases}.pickle")
    if cache.exists():
        cached: list[tuple[Document, Article]] = pickle.loads(cache.read_bytes())
        return cached
    from claimledger.pipeline import Source, analyze_many
    from claimledger.read import ReadFailure, read_inputs

    settings = Settings()
    paths = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    varied = set(paths[:: max(1, len(paths) // bases)][:bases])
    chosen = [str(p) for p in sorted((POLNEAR / "dev" / "text").glob("*.txt")) if p not in varied][:n]
    documents = [d for d in read_inputs(chosen, settings) if not isinstance(d, ReadFailure)]
    analysed = list(analyze_many((Source.from_document(d) for d in documents), settings=settings))
    pairs = list(zip(documents, analysed, strict=True))
    cache.write_bytes(pickle.dumps(pairs))
    return pairs


def ingest_real(ledger: Ledger, real: list[tuple[Document, Article]]) -> list[float]:
    """Seconds per article to write each real article (already analysed: analysis does not depend on the ledger)
    through the real writer as ``claimledger ingest`` does: copy detection, store, MiniLM embeddings, claim
    linking, summaries and counts, one transaction each. The writer's claim index is loaded first (once per run,
    not per article)."""
    from claimledger.embed import default_encoder

    writer = LedgerWriter(ledger, Settings())
    writer._claims = ClaimIndex(ledger, default_encoder())
    writer.repair()
    timings = []
    for document, article in real:
        began = time.perf_counter()
        writer.write(document, copy.deepcopy(article))
        timings.append(time.perf_counter() - began)
    writer.finish()
    return timings


def timed_ingest(backend: str, ledger: Ledger, batch: list[tuple[Document, Article]]) -> tuple[int, int, float, float]:
    """Time a batch of real articles into the ledger as it is; (attributions, articles held before, p50 ms, mean ms)."""
    with ledger.connect() as conn:
        held = attribution_count(ledger), int(conn.scalar(sa.text("SELECT count(*) FROM articles")) or 0)
    timings = ingest_real(ledger, batch)
    p50, p95 = percentiles(timings)
    mean = 1000 * statistics.mean(timings)
    print(f"{backend}: ingest of {len(timings)} real PolNeAR articles into {held[0]:,} attributions "
          f"({held[1]:,} articles): p50 {p50:.0f} ms, mean {mean:.0f} ms, p95 {p95:.0f} ms an article")  # fmt: skip
    sys.stdout.flush()
    return held[0], held[1], p50, mean


def variant(base: tuple[Document, Article], n: int) -> tuple[Document, Article]:
    """The ``n``-th variant of a base article: another outlet, date, address, title and bytes."""
    document, article = base
    article = copy.deepcopy(article)
    site = OUTLETS[n % len(OUTLETS)]
    day = f"2016-{1 + n % 12:02d}-{1 + n % 28:02d}"
    url = f"https://{site}/news/{n}"
    article.metadata.site, article.metadata.published, article.metadata.url = site, day, url
    article.metadata.title = f"{article.metadata.title or 'Untitled'} ({n})"
    content = document.content + f"\n<!-- variant {n} -->"
    sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return replace(document, content=content, sha256=sha, origin=url, url=url, published=day), article


def fill(
    ledger: Ledger, bases: list[tuple[Document, Article]], target: int, group: int, start: int
) -> tuple[int, list[float]]:
    """Write variants until the ledger holds ``target`` attributions; (next variant number, seconds per article)."""
    encoder = SynthEncoder()
    writer = LedgerWriter(ledger, Settings())
    writer._claims = ClaimIndex(ledger, encoder)  # the real index, with the synthesised embeddings
    timings: list[float] = []
    n = start
    have = attribution_count(ledger)
    while have < target:
        encoder.group = n // group
        document, article = variant(bases[(n // group) % len(bases)], n)
        began = time.perf_counter()
        writer.write(document, article, original=None)
        timings.append(time.perf_counter() - began)
        have += len(article.attributions)
        n += 1
    writer.finish()
    return n, timings


def attribution_count(ledger: Ledger) -> int:
    with ledger.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(attributions)) or 0)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    fn()  # warm: the first request reads the pages of the database file
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return percentiles(samples)


def web_figures(url: str, runs: int) -> list[tuple[str, float, float]]:
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    client = TestClient(create_app(Settings(db=url, search_per_minute=0)))

    def get(path: str) -> Callable[[], Any]:
        def run() -> Any:
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
            return answer

        return run

    def deep(path: str, pages: int = 20) -> str:
        page, following = client.get(path).json(), path
        for _ in range(pages):
            if page["next"] is None:
                break
            following = page["next"]
            page = client.get(following).json()
        return str(following)

    ledger = Ledger.open(url)
    with ledger.connect() as conn:
        claim_id = conn.scalar(sa.select(claims.c.id).order_by(claims.c.articles.desc(), claims.c.id).limit(1))
        actor_id = conn.scalar(sa.select(actors.c.id).order_by(actors.c.n_claims.desc(), actors.c.id).limit(1))
        word = conn.scalar(sa.select(claims.c.text).where(claims.c.id == claim_id))
    ledger.close()
    word = max((w.strip(".,“”\"'") for w in (word or "said").split()), key=len)
    paths = []
    for base in ("/claims", "/claims?sort=articles", "/claims?sort=recent", "/claims?min_origins=2", "/articles",
                 "/actors"):  # fmt: skip
        json_twin = base.replace("/claims", "/claims.json", 1).replace("/articles", "/articles.json", 1)
        json_twin = json_twin.replace("/actors", "/actors.json", 1)
        paths += [base, json_twin]
    paths += [deep("/claims.json?limit=50"), deep("/articles.json?limit=50"), deep("/actors.json?limit=50")]
    paths += [f"/claims/{claim_id}", f"/claims/{claim_id}.json", f"/actors/{actor_id}", f"/actors/{actor_id}.json"]
    paths += [f"/claims?q={word}", f"/claims.json?q={word}", f"/articles?q={word}", f"/actors?q={word[:4]}"]
    return [(p, *timed(get(p), runs)) for p in paths]


def cli_figures(url: str) -> list[tuple[str, float, float]]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = []
    for command in (["claims"], ["claims", "--sort", "recent"], ["articles"], ["actors"], ["show", "1"]):

        def run(command: list[str] = command) -> None:
            done = subprocess.run([sys.executable, "-m", "claimledger", *command, "--db", url], env=env,
                                  capture_output=True, text=True)  # fmt: skip
            assert done.returncode == 0, done.stderr[-500:]

        out.append(("claimledger " + " ".join(command), *timed(run, CLI_RUNS)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="attributions, comma-separated, growing")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--base", type=int, default=40, help="PolNeAR texts analysed to vary")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--group", type=int, default=3, help="variants that share their claims")
    parser.add_argument(
        "--ingest", type=int, default=10, help="real PolNeAR dev articles timed into the empty ledger and at each size"
    )
    parser.add_argument("--no-pages", action="store_true", help="time ingest alone, not the pages")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    began = time.perf_counter()
    bases = base_articles(args.base)
    per_article = sum(len(a.attributions) for _, a in bases) / len(bases)
    print(f"base: {len(bases)} PolNeAR articles analysed ({per_article:.1f} attributions each) "
          f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
    real = held_out(args.ingest * (len(sizes) + 1), args.base) if args.ingest else []
    batches = [real[i * args.ingest : (i + 1) * args.ingest] for i in range(len(sizes) + 1)]
    for backend in args.backends.split(","):
        if backend == "sqlite":
            url = str(Path(tempfile.mkdtemp(prefix="claimledger-scale-")) / "ledger.db")
        else:
            url = os.environ.get("CLAIMLEDGER_TEST_POSTGRES", "")
            if not url:
                print("postgresql: skipped (no $CLAIMLEDGER_TEST_POSTGRES: run under scripts/with-postgres.sh)")
                continue
            engine = sa.create_engine(url)
            with engine.begin() as conn:  # a fresh ledger
                metadata.drop_all(conn)
                conn.exec_driver_sql("DROP TABLE IF EXISTS schema_migrations CASCADE")
                for view in ("claim_overview", "actor_claims", "copies"):
                    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {view} CASCADE")
            engine.dispose()
        ledger = Ledger.open(url)
        n = 0
        growth: list[tuple[int, int, float, float]] = []  # (attributions, articles, p50 ms, mean ms) before each batch

        if args.ingest:
            growth.append(timed_ingest(backend, ledger, batches[0]))
        for step, size in enumerate(sizes, 1):
            built = time.perf_counter()
            n, timings = fill(ledger, bases, size, args.group, n)
            with ledger.connect() as conn:
                n_claims = conn.scalar(sa.select(sa.func.count()).select_from(claims))
                n_articles = conn.scalar(sa.text("SELECT count(*) FROM articles"))
            first, last = timings[: min(50, len(timings))], timings[-min(50, len(timings)) :]
            print(f"\n== {backend}: {attribution_count(ledger):,} attributions, {n_articles:,} articles, "
                  f"{n_claims:,} claims (built in {time.perf_counter() - built:.0f} s)")  # fmt: skip
            early, late = percentiles(first), percentiles(last)
            print(f"ingest per article: first 50 of this step p50 {early[0]:.0f} ms, "
                  f"last 50 p50 {late[0]:.0f} ms (p95 {late[1]:.0f} ms)")  # fmt: skip
            if args.ingest:
                growth.append(timed_ingest(backend, ledger, batches[step]))
            if args.no_pages:
                continue
            print(f"{'page':<60} {'p50 ms':>8} {'p95 ms':>8}")
            for path, p50, p95 in web_figures(url, args.runs) + cli_figures(url):
                shown = path if len(path) <= 58 else path[:55] + "…"
                print(f"{shown:<60} {p50:8.1f} {p95:8.1f}")
            sys.stdout.flush()
        if len(growth) > 1:
            first = growth[0]
            for held, n_articles, p50, mean in growth[1:]:
                print(f"{backend}: ingest per real article at {held:,} attributions ({n_articles:,} articles) "
                      f"/ empty ledger: p50 {p50 / first[2]:.2f}×, mean {mean / first[3]:.2f}×")  # fmt: skip
        ledger.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the benchmark process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
