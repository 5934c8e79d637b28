"""The claims' ANN graph (ledger/ann.py): a centroid that moved little is not put in again, one that moved
further is; linking through such a graph gives the claims the exact scan gives; the graph kept as the claims
grew, the one saved and read back, and one rebuilt from the rows propose the same candidates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

import claimledger.ledger.claims as linking
from claimledger.embed import default_encoder
from claimledger.ingest import ingest
from claimledger.ledger.ann import MOVED_COSINE, ClaimANN, index_path
from claimledger.ledger.check import check, drift
from claimledger.ledger.schema import claims
from claimledger.ledger.store import Ledger
from tests.conftest import EXAMPLES

STORY = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def moved(v: np.ndarray, cosine: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector at exactly ``cosine`` to the unit vector ``v``."""
    other = rng.standard_normal(len(v)).astype(np.float32)
    other = unit(other - (other @ v) * v)
    return unit(cosine * v + np.sqrt(1 - cosine**2) * other)


def test_put_keeps_a_little_moved_centroid_and_puts_a_far_moved_one_again() -> None:
    rng = np.random.default_rng(7)
    vectors = np.stack([unit(v) for v in rng.standard_normal((200, linking.DIMENSION))])
    graph = ClaimANN(linking.DIMENSION)
    graph.build(list(range(200)), vectors, (200, 199, 200))
    assert graph.put(200, unit(rng.standard_normal(linking.DIMENSION)))  # a founded claim always goes in
    graph.dirty = False
    near = moved(vectors[5], (1 + MOVED_COSINE) / 2, rng)
    assert not graph.put(5, near)  # moved little: the graph keeps the vector it holds
    assert graph.dirty  # but the ledger state moved on: saved again
    assert np.allclose(graph.index.get(np.uint64(5)), vectors[5])
    assert graph.nearest(near, 1) == [5]
    far = moved(vectors[5], MOVED_COSINE - 0.1, rng)
    assert graph.put(5, far)  # moved beyond the tolerance: in again, at its new place
    assert np.allclose(graph.index.get(np.uint64(5)), far)
    assert graph.nearest(far, 1) == [5] and len(graph) == 201
    # held vectors never drift past the tolerance: each step is compared with what the graph holds
    step = far
    for _ in range(20):
        step = moved(step, 0.995, rng)
        graph.put(5, step)
        held = graph.index.get(np.uint64(5))
        assert float(unit(held) @ step) >= MOVED_COSINE - 1e-6


def members(ledger: Ledger) -> list[tuple[int, int]]:
    with ledger.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT claim_id, attribution_id FROM claim_members ORDER BY 2")]


def test_linking_through_a_tolerant_graph_gives_the_exact_scans_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole bundled story, linked with the graph from the first claim on: the same memberships as the exact
    scan, though some joins left the graph's vector as it was; the graph kept that way, the one saved beside the
    ledger and read back, and one rebuilt from the rows propose the same candidates for every claim and member."""
    exact = Ledger.open(tmp_path / "exact.db")
    ingest(STORY, exact)
    monkeypatch.setattr(linking, "ANN_FROM", 1)
    puts: list[bool] = []
    put = ClaimANN.put

    def spied(self: ClaimANN, claim_id: int, vector: np.ndarray) -> bool:
        puts.append(put(self, claim_id, vector))
        return puts[-1]

    monkeypatch.setattr(ClaimANN, "put", spied)
    graph = Ledger.open(tmp_path / "graph.db")
    ingest(STORY, graph)
    assert members(graph) == members(exact) and members(graph)
    assert False in puts and True in puts  # some joins moved their claim little, some far

    kept = linking.ClaimIndex(graph, default_encoder())
    path = index_path(graph)
    assert path is not None and path.exists()
    saved = kept._graph()
    assert saved.dirty is False  # read back as saved (its state is the ledger's), not rebuilt
    rebuilt = ClaimANN(linking.DIMENSION)
    rebuilt.build([c.id for c in kept._claims], kept._matrix, kept._fingerprint())
    assert any(  # the saved graph holds some vectors the rows no longer give exactly
        not np.allclose(saved.index.get(np.uint64(c.id)), rebuilt.index.get(np.uint64(c.id))) for c in kept._claims
    )
    queries = [*kept._matrix, *encoded(graph)]
    found = [kept._nearest(q) for q in queries]
    kept._ann = rebuilt
    assert [kept._nearest(q) for q in queries] == found
    assert found == [exact_rows(kept, q) for q in queries]


def encoded(ledger: Ledger) -> list[np.ndarray]:
    """The embeddings of the contents the ledger linked (their claims' founders, as stored)."""
    with ledger.connect() as conn:
        blobs = [r[0] for r in conn.exec_driver_sql("SELECT founder_vectors FROM claims")]
    return [v for b in blobs if (vs := linking.founder_vectors(b)) is not None for v in vs]


def exact_rows(index: linking.ClaimIndex, q: np.ndarray) -> list[int]:
    scores = index._matrix @ q
    order = np.argsort(-scores, kind="stable")[: linking.CANDIDATES]
    return [int(i) for i in order if scores[i] >= linking.CANDIDATE_COSINE]


def test_a_graph_saved_after_kept_joins_is_read_back_for_the_new_state(tmp_path: Path) -> None:
    """Joins that put nothing into the graph still move the ledger state it is saved for: the next writer reads
    it back instead of rebuilding it."""
    rng = np.random.default_rng(11)
    vectors = np.stack([unit(v) for v in rng.standard_normal((50, linking.DIMENSION))])
    path = tmp_path / "ledger.db.ann"
    graph = ClaimANN(linking.DIMENSION, path)
    graph.build(list(range(1, 51)), vectors, (50, 50, 50))
    graph.save((50, 50, 50))
    assert not graph.put(3, moved(vectors[2], 0.999, rng))
    graph.save((50, 50, 51))
    again = ClaimANN(linking.DIMENSION, path)
    assert not again.load((50, 50, 50)) and again.load((50, 50, 51))
    for q in vectors:
        assert again.nearest(q, 4) == graph.nearest(q, 4)


def graph_meta(path: Path) -> list[int]:
    return json.loads(path.with_suffix(".ann.json").read_text(encoding="utf-8"))["state"]


def test_a_graph_saved_before_check_repair_recomputed_centroids_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph saved while a claim's stored centroid had drifted holds that centroid; ``check --repair`` then
    recomputes it from the members, which keeps every count (claims, highest id, members): the next writer must
    not read that graph back, but rebuild it from the repaired rows (the saved state names the generation)."""
    monkeypatch.setattr(linking, "ANN_FROM", 1)
    ledger = Ledger.open(tmp_path / "ledger.db")
    ingest(STORY[:4], ledger)
    path = index_path(ledger)
    assert path is not None and path.exists()
    with ledger.connect() as conn:
        claim_id, members_of = conn.execute(
            sa.select(claims.c.id, claims.c.members).order_by(claims.c.members.desc(), claims.c.id).limit(1)
        ).one()
    drifted = unit(np.random.default_rng(3).standard_normal(linking.DIMENSION)) * members_of
    with ledger.begin() as conn:  # a crash, an older version, a hand edit: the stored centroid drifted
        conn.execute(claims.update().where(claims.c.id == claim_id).values(vector_sum=drifted.tobytes()))
    path.unlink()  # (the hand edit alone already makes the graph saved by the ingest stale)
    writer = linking.ClaimIndex(ledger, default_encoder())
    stale = writer._graph()  # built from the drifted rows and saved beside the ledger, as a writer would
    assert stale.dirty
    writer.save()
    assert np.allclose(stale.index.get(np.uint64(claim_id)), unit(drifted), atol=1e-5)
    before = graph_meta(path)

    findings = {f.name: f for f in check(ledger, repair=True, encoder=default_encoder())}
    assert findings["claim centroids"].drift == 1 and findings["claim centroids"].repaired == 1
    assert drift(check(ledger)) == 0

    reader = linking.ClaimIndex(ledger, default_encoder())
    assert tuple(before[:3]) == reader._fingerprint()  # the counts alone would call the saved graph current
    graph = reader._graph()
    assert graph.dirty  # rebuilt, not read back
    repaired = reader._matrix[reader._row[claim_id]]
    assert float(unit(drifted) @ repaired) < MOVED_COSINE
    assert np.allclose(graph.index.get(np.uint64(claim_id)), repaired, atol=1e-5)
    assert claim_id in graph.nearest(repaired, 1)
    reader.save()
    assert graph_meta(path) == [*reader._fingerprint(), reader._generation] != before


def test_an_unchanged_ledger_reads_its_saved_graph_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next writer of a ledger nothing changed since the graph was saved reads it back instead of rebuilding
    it, and goes on from it: a second ingest into the same ledger builds no graph, and saves it for the next."""
    monkeypatch.setattr(linking, "ANN_FROM", 1)
    ledger = Ledger.open(tmp_path / "ledger.db")
    ingest(STORY[:3], ledger)
    path = index_path(ledger)
    assert path is not None
    saved = graph_meta(path)
    builds: list[int] = []
    build = ClaimANN.build

    def spied(self: ClaimANN, ids: Sequence[int], vectors: np.ndarray, state: tuple[int, ...]) -> None:
        builds.append(len(ids))
        build(self, ids, vectors, state)

    monkeypatch.setattr(ClaimANN, "build", spied)
    index = linking.ClaimIndex(ledger, default_encoder())
    assert [*index._fingerprint(), index._generation] == saved
    assert index._graph().dirty is False and builds == []  # read back as saved
    ingest(STORY[3:6], ledger)
    assert builds == []  # the second writer read the graph back too, and extended it
    after = graph_meta(path)
    assert after != saved and after[0] >= saved[0]
    again = linking.ClaimIndex(ledger, default_encoder())
    assert again._graph().dirty is False and builds == [] and len(again._graph()) == len(again)
