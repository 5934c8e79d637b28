"""An approximate-nearest-neighbour index of the claims' centroids (USearch's HNSW graph, cosine), so that
finding a new content's candidate claims costs about the same at 100,000 claims as at 1,000.

The ledger's rows are the truth: the index is a cache of the claims' stored ``vector_sum`` (the sum of their
members' embeddings; a centroid that has moved little since it was put in is not put in again, see
:meth:`ClaimANN.put`), persisted beside a SQLite ledger (``ledger.db`` → ``ledger.db.ann`` and
``ledger.db.ann.json``), and rebuilt from the rows when that file is missing, unreadable or stale — the JSON
beside it names the ledger state it holds (claims, highest id, members in all, and the claims' generation counter
of migration 12, which every change to a claim's centroid bumps, whoever writes: :meth:`ClaimIndex._graph_state`),
so a graph saved before a ``check --repair`` recomputed centroids, or any change that keeps the counts, is stale.
A PostgreSQL or in-memory ledger keeps it in memory, built on first use. :class:`~claimledger.ledger.claims.ClaimIndex`
asks it for the top-k candidates once the ledger holds :data:`ANN_FROM` claims; below that an exact scan is as
quick and exactly reproducible.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ANN_FROM = 2000  # claims: from here on candidates come from the graph, below it from an exact scan
OVERSAMPLE = 4  # the graph is asked for this many times the candidates wanted, then they are scored exactly
CONNECTIVITY = 16  # HNSW: links a node keeps
EXPANSION_ADD = 64
# benchmarks/ann_params.py at 100k claims: the top 5 after exact re-scoring hold 0.87-0.90 of the exact scan's at 64,
# 0.94 at 128 (+0.15 ms a search), 0.95 at 256 (1.1 ms)
EXPANSION_SEARCH = 128
MOVED_COSINE = 0.98  # a moved centroid is put into the graph again once below this cosine to the vector it holds
THREADS = 1  # one content at a time: a pool's hand-off costs more than the search (2-4x on a busy machine)


def index_path(ledger: Any) -> Path | None:
    """Where a ledger's index is kept: beside its SQLite file (``None``: in memory only)."""
    url = ledger.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database + ".ann")


class ClaimANN:
    """Claim ids → unit centroids in an HNSW graph: add, replace, search; saved with the ledger state it holds."""

    def __init__(self, dimension: int, path: Path | None = None) -> None:
        from usearch.index import Index  # loaded only by a writer linking claims

        self.dimension = dimension
        self.path = path
        self._new = lambda: Index(
            ndim=dimension, metric="cos", dtype="f32", connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH,
        )  # fmt: skip
        self.index = self._new()
        self.state: tuple[int, ...] | None = None  # the ledger state the index holds (None: unknown)
        self.dirty = False

    def __len__(self) -> int:
        return len(self.index)

    def build(self, ids: Sequence[int], vectors: np.ndarray, state: tuple[int, ...]) -> None:
        """Everything anew from the stored centroids."""
        self.index = self._new()
        if len(ids):
            self.index.add(np.asarray(ids, dtype=np.uint64), np.ascontiguousarray(vectors, dtype=np.float32))
        self.state, self.dirty = state, True

    def put(self, claim_id: int, vector: np.ndarray) -> bool:
        """A claim's centroid, new or moved (a member joined); whether the graph took it in.

        A centroid that moved little (at :data:`MOVED_COSINE` or closer to the vector the graph holds for it)
        is left as it was: the graph only proposes candidates, oversampled (:data:`OVERSAMPLE`) and scored
        exactly against the true centroids, so a slightly stale vector changes what is found only at the
        margin, and most joins then cost no insertion (the cost that grows with the graph). Held vectors never
        drift further than that: each is compared with the centroid as it is now."""
        key = np.uint64(claim_id)
        vector = np.ascontiguousarray(vector, dtype=np.float32)
        self.dirty = True  # the ledger state moved on either way: the saved graph's state is rewritten
        held: np.ndarray | None = self.index.get(key)  # type: ignore[assignment]  # one key: one vector or None
        if held is not None:
            scale = float(np.linalg.norm(held)) * float(np.linalg.norm(vector))
            if scale > 0 and float(held @ vector) >= MOVED_COSINE * scale:
                return False
            self.index.remove(key)
        self.index.add(key, vector, threads=THREADS)
        return True

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        """The ids of (about) the ``k`` claims nearest ``vector``, nearest first."""
        if not len(self.index):
            return []
        found = self.index.search(
            np.ascontiguousarray(vector, dtype=np.float32), min(k, len(self.index)), threads=THREADS
        )
        return [int(key) for key in found.keys]

    def load(self, state: tuple[int, ...]) -> bool:
        """Read the saved index when it holds exactly this ledger ``state``; whether it did."""
        if self.path is None or not self.path.exists():
            return False
        try:
            meta = json.loads(self.path.with_suffix(self.path.suffix + ".json").read_text(encoding="utf-8"))
            if tuple(meta.get("state", ())) != state or meta.get("dimension") != self.dimension:
                return False
            index = self._new()
            index.load(str(self.path))
        except (OSError, ValueError, RuntimeError):
            return False  # unreadable: rebuilt from the rows
        if len(index) != state[0]:
            return False
        self.index, self.state, self.dirty = index, state, False
        return True

    def save(self, state: tuple[int, ...]) -> None:
        """Write the index and the ledger state it holds (the JSON last: a torn write reads as stale)."""
        if self.path is None or not self.dirty:
            return
        meta = self.path.with_suffix(self.path.suffix + ".json")
        try:
            meta.unlink(missing_ok=True)
            partial = self.path.with_suffix(self.path.suffix + ".part")
            self.index.save(str(partial))
            os.replace(partial, self.path)
            meta.write_text(json.dumps({"state": list(state), "dimension": self.dimension}), encoding="utf-8")
        except (OSError, RuntimeError):
            return  # a cache: the next writer rebuilds it
        self.state, self.dirty = state, False
