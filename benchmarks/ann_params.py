"""The claims' ANN graph (ledger/ann.py) at 100,000 claims: insert and search cost, and the recall of the final
candidates (graph, oversampled, re-scored exactly) against an exact scan, for HNSW settings and for how far a
claim's centroid may move before it is put into the graph again (:data:`~claimledger.ledger.ann.MOVED_COSINE`).

    .venv/bin/python benchmarks/ann_params.py [--claims 100000] [--settings 16:64 16:32 12:32]

Stored claims: N random unit vectors, plus real MiniLM embeddings of the gold files' texts (half of them; the
other half are queries). Recall: of the exact scan's top :data:`CANDIDATES` (at :data:`CANDIDATE_COSINE` or
closer: what the pair model judges), the share the graph's re-scored candidates hold; "raw" without the cosine
floor (the random vectors' near-ties: the hardest case). Drift: the real texts are linked one after another
(a text joins its nearest claim at :data:`JOIN` or closer, else founds one; the exact scan decides), the
graph following with a tolerance; recall is measured at every step against the true centroids.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from claimledger.embed import default_encoder
from claimledger.ledger import ann
from claimledger.ledger.claims import CANDIDATE_COSINE, CANDIDATES

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
JOIN = 0.6


def texts() -> list[str]:
    """Real contents: the gold clusters' mentions, the claimhood gold, the training pairs (deduplicated)."""
    found: list[str] = []
    for line in (DATA / "clusters_gold.jsonl").read_text(encoding="utf-8").splitlines():
        found += [m["text"] for m in json.loads(line)["mentions"]]
    for line in (DATA / "train_pairs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found += [row["a"]["text"], row["b"]["text"]]
    for line in (DATA / "claimhood_gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found += [row["text"]] if isinstance(row.get("text"), str) else []
    return list(dict.fromkeys(t for t in found if len(t.split()) >= 4))


def exact(matrix: np.ndarray, q: np.ndarray, floor: float) -> set[int]:
    scores = matrix @ q
    return {int(i) for i in np.argsort(-scores, kind="stable")[:CANDIDATES] if scores[i] >= floor}


def graph(index: object, matrix: np.ndarray, q: np.ndarray, floor: float) -> set[int]:
    keys = np.array([int(k) for k in index.search(q, CANDIDATES * ann.OVERSAMPLE, threads=1).keys])  # type: ignore[attr-defined]
    keys = keys[keys < len(matrix)]
    scores = matrix[keys] @ q
    return {int(keys[i]) for i in np.argsort(-scores, kind="stable")[:CANDIDATES] if scores[i] >= floor}


def recall(pairs: list[tuple[set[int], set[int]]]) -> float:
    wanted = sum(len(e) for e, _ in pairs)
    return sum(len(e & g) for e, g in pairs) / max(wanted, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--settings", nargs="+", default=["16:64", "16:32"], help="connectivity:expansion_add")
    parser.add_argument("--tolerances", nargs="+", type=float, default=[1.0, 0.995, 0.99, 0.98, 0.95])
    parser.add_argument("--searches", nargs="+", type=int, default=[], help="expansion_search values to try too")
    args = parser.parse_args()
    from usearch.index import Index

    rng = np.random.default_rng(3)
    random = rng.standard_normal((args.claims, 384)).astype(np.float32)
    random /= np.linalg.norm(random, axis=1, keepdims=True)
    real = default_encoder().encode(texts()).astype(np.float32)
    real /= np.linalg.norm(real, axis=1, keepdims=True)
    stored, queries = real[::2], real[1::2]
    print(f"{args.claims:,} random claims + {len(stored)} real ones; {len(queries)} real queries")
    base = np.vstack([random, stored])
    near = random[:500] + 0.9 * rng.standard_normal((500, 384)).astype(np.float32) / np.sqrt(384)
    near /= np.linalg.norm(near, axis=1, keepdims=True)  # about cosine 0.75 to one stored random claim
    for setting in args.settings:
        connectivity, expansion = (int(x) for x in setting.split(":"))
        index = Index(ndim=384, metric="cos", dtype="f32", connectivity=connectivity, expansion_add=expansion,
                      expansion_search=ann.EXPANSION_SEARCH)  # fmt: skip
        started = time.perf_counter()
        index.add(np.arange(len(base), dtype=np.uint64), base)
        built = time.perf_counter() - started
        cpu = time.process_time()
        keys = np.arange(len(base), len(base) + 300, dtype=np.uint64)
        for k, v in zip(keys, near[:300], strict=True):
            index.add(k, v, threads=1)
        add = (time.process_time() - cpu) / 300
        cpu = time.process_time()
        for k in keys:
            index.remove(k)
        remove = (time.process_time() - cpu) / 300
        cpu = time.process_time()
        for q in queries:
            index.search(q, CANDIDATES * ann.OVERSAMPLE, threads=1)
        search = (time.process_time() - cpu) / len(queries)
        cpu = time.process_time()
        for start in range(0, len(queries) - 9, 10):  # an article's contents at once (about ten)
            index.search(queries[start : start + 10], CANDIDATES * ann.OVERSAMPLE, threads=1)
        batched = (time.process_time() - cpu) / (len(queries) // 10 * 10)
        real_r = recall([(exact(base, q, CANDIDATE_COSINE), graph(index, base, q, CANDIDATE_COSINE)) for q in queries])
        raw_r = recall([(exact(base, q, -1), graph(index, base, q, -1)) for q in near])
        near_r = recall([(exact(base, q, CANDIDATE_COSINE), graph(index, base, q, CANDIDATE_COSINE)) for q in near])
        print(f"C={connectivity} EA={expansion}: build {built:.0f} s; add {add * 1e3:.2f} ms, "
              f"remove {remove * 1e3:.3f} ms, search {search * 1e3:.2f} ms (in tens {batched * 1e3:.2f}) (CPU); "
              f"recall@{CANDIDATES} real {real_r:.4f}, near-random {near_r:.4f}, raw {raw_r:.4f}")  # fmt: skip
        for searched in args.searches:
            index.expansion_search = searched
            cpu = time.process_time()
            pairs = [(exact(base, q, CANDIDATE_COSINE), graph(index, base, q, CANDIDATE_COSINE)) for q in queries]
            search = (time.process_time() - cpu) / len(queries)
            print(f"  expansion_search {searched}: recall@{CANDIDATES} real {recall(pairs):.4f} "
                  f"(search and exact scan {search * 1e3:.2f} ms CPU)")  # fmt: skip
        index.expansion_search = ann.EXPANSION_SEARCH
        for tolerance in args.tolerances:
            drift(index.copy(), base, real, args.claims, tolerance)
    return 0


def drift(index: object, base: np.ndarray, real: np.ndarray, first: int, tolerance: float) -> None:
    """Link the real texts one by one over the random claims (exact decisions), the graph kept with a tolerance."""
    for k in range(len(base) - first):  # the stored real claims: linked afresh below
        index.remove(np.uint64(first + k))  # type: ignore[attr-defined]
    sums = np.vstack([base[:first], np.zeros((len(real), 384), dtype=np.float32)])
    matrix = sums.copy()
    held: dict[int, np.ndarray] = {}
    n, puts, pairs = first, 0, []
    cpu = time.process_time()
    for q in real:
        chosen = exact(matrix[:n], q, CANDIDATE_COSINE)
        pairs.append((chosen, graph(index, matrix[:n], q, CANDIDATE_COSINE)))
        best = max(chosen, key=lambda r: float(matrix[r] @ q), default=None)
        if best is not None and float(matrix[best] @ q) >= JOIN:
            row = best
        else:
            row, n = n, n + 1
        sums[row] += q
        matrix[row] = sums[row] / np.linalg.norm(sums[row])
        if row not in held or float(held[row] @ matrix[row]) < tolerance:
            key = np.uint64(row)
            if row in held:
                index.remove(key)  # type: ignore[attr-defined]
            index.add(key, matrix[row], threads=1)  # type: ignore[attr-defined]
            held[row] = matrix[row].copy()
            puts += 1
    spent = time.process_time() - cpu
    print(
        f"  tolerance {tolerance}: {n - first} claims from {len(real)} texts, {puts} puts; "
        f"recall@{CANDIDATES} {recall(pairs):.4f} ({spent:.1f} s CPU)"
    )


if __name__ == "__main__":
    sys.exit(main())
