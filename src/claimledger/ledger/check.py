"""``claimledger check``: recompute every figure the ledger stores, report drift, and repair it on request.

The ledger stores figures that could be recomputed from its rows, so that readers need not: each claim's
member count, centroid (the sum of its members' embeddings) and independent origins, and whether an
article's claims were linked. A crash, a full disk, an older version or a hand edit can leave them out of
step with the rows. :func:`check` recomputes each one from the rows (and the database's own integrity
checks) and says what differs; ``repair=True`` rewrites what differs, under the writer lock, from the rows
— which are never changed, except that claims left without a single member are removed.

>>> ledger = Ledger.open(":memory:")
>>> [(f.name, f.checked, f.drift) for f in check(ledger)][:2]
[('database integrity', 1, 0), ('claims with members', 0, 0)]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa

from claimledger.ledger.claims import Encoder, embed, embedded_text
from claimledger.ledger.schema import (
    actors,
    articles,
    attributions,
    claim_disputes,
    claim_members,
    claims,
    review_log,
)
from claimledger.ledger.store import Ledger
from claimledger.ledger.summaries import CLAIM_FIGURES, ClaimFigures, actor_figures, claim_figures, refresh_actors
from claimledger.ledger.totals import recount, stored, write_totals
from claimledger.records import Article
from claimledger.settings import Settings

EXAMPLES = 5  # drifting rows named per figure
FTS_INDEXES = ("attributions", "articles", "claims")  # SQLite's full-text tables (migrations 5 and 11)
CENTROID_TOLERANCE = 1e-3  # relative difference of a stored centroid from the recomputed one


@dataclass(slots=True)
class Finding:
    """One stored figure: how many rows were checked, how many differ from their recomputed value, a few
    of them (``claim 12: stored 3, recomputed 4``) and how many were repaired."""

    name: str
    checked: int
    drift: int
    examples: list[str] = field(default_factory=list)
    repaired: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(
    ledger: Ledger,
    *,
    repair: bool = False,
    encoder: Encoder | None = None,
    settings: Settings | None = None,
) -> list[Finding]:
    """Every stored figure recomputed, in the order a repair must fix them (the rows first, then the
    figures computed from them)."""
    steps: list[Callable[[Ledger, bool], Finding]] = [
        _integrity,
        _empty_claims,
        _member_counts,
        lambda lg, fix: _centroids(lg, fix, encoder),
        lambda lg, fix: _unlinked(lg, fix, settings or Settings()),  # links against the repaired centroids
        lambda lg, fix: _origins(lg, fix, recomputed),
        lambda lg, fix: _summaries(lg, fix, recomputed),
        _actor_counts,
        _totals,  # last: the claims' origins and the actors' counts repaired first
    ]
    recomputed: dict[int, ClaimFigures] = {}  # each claim's figures, recomputed once for both findings
    return [step(ledger, repair) for step in steps]


def drift(findings: list[Finding]) -> int:
    """Rows still out of step after any repair."""
    return sum(f.drift - f.repaired for f in findings)


def _integrity(ledger: Ledger, repair: bool) -> Finding:
    """The database's own checks: SQLite's integrity and foreign-key checks and the full-text index."""
    problems: list[str] = []
    fts_broken = False
    with ledger.connect() as conn:
        if conn.dialect.name == "sqlite":
            problems += [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"{r[0]} row {r[1]}: no {r[2]} row" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            for table in FTS_INDEXES:
                try:
                    conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
                except sa.exc.DatabaseError:
                    fts_broken = True
                    problems.append(f"the full-text index differs from the {table}")
                conn.rollback()
        asked = int(conn.dialect.name == "sqlite")  # PostgreSQL keeps its own consistency: nothing to ask
    finding = Finding("database integrity", asked, len(problems), problems[:EXAMPLES])
    if repair and fts_broken:
        with ledger.writing() as conn:
            for table in FTS_INDEXES:
                conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        finding.repaired = 1
    return finding


def _unlinked(ledger: Ledger, repair: bool, settings: Settings) -> Finding:
    """Articles whose claims were never linked (a run interrupted by an older version, ``link_claims=False``)."""
    with ledger.connect() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0
        ids = list(conn.scalars(sa.select(articles.c.id).where(articles.c.claims_linked_at.is_(None))))
    finding = Finding("articles with their claims linked", total, len(ids), [f"article {i}: not linked" for i in ids])
    finding.examples = finding.examples[:EXAMPLES]
    if repair and ids:
        from claimledger.ledger.writer import LedgerWriter

        finding.repaired = min(LedgerWriter(ledger, settings).repair(), len(ids))
    return finding


def _empty_claims(ledger: Ledger, repair: bool) -> Finding:
    """Claims without a single member row: nothing asserts them."""
    with ledger.connect() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(claims)) or 0
        ids = list(conn.scalars(sa.select(claims.c.id).where(~claims.c.id.in_(sa.select(claim_members.c.claim_id)))))
    finding = Finding("claims with members", total, len(ids), [f"claim {i}: no member" for i in ids[:EXAMPLES]])
    if repair and ids:
        with ledger.writing() as conn:  # a reviewed claim is kept: its review log is never deleted
            reviewed = sa.select(review_log.c.claim_id)
            removed = conn.execute(claims.delete().where(claims.c.id.in_(ids), ~claims.c.id.in_(reviewed)))
            kept = sa.select(claims.c.id)  # a dispute of a claim removed goes with it (SQLite keeps no keys)
            conn.execute(
                claim_disputes.delete().where(
                    ~claim_disputes.c.claim_id.in_(kept) | ~claim_disputes.c.other_id.in_(kept)
                )
            )
        finding.repaired = removed.rowcount
    return finding


def _member_counts(ledger: Ledger, repair: bool) -> Finding:
    """``claims.members`` against the claim's member rows."""
    counted = (
        sa.select(claim_members.c.claim_id, sa.func.count().label("n")).group_by(claim_members.c.claim_id).subquery()
    )
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(claims.c.id, claims.c.members, counted.c.n).join(counted, counted.c.claim_id == claims.c.id)
        ).all()
    wrong = [r for r in rows if r.members != r.n]
    finding = Finding(
        "claim member counts",
        len(rows),
        len(wrong),
        [f"claim {r.id}: stored {r.members}, recomputed {r.n}" for r in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            for r in wrong:
                conn.execute(claims.update().where(claims.c.id == r.id).values(members=r.n))
        finding.repaired = len(wrong)
    return finding


def _member_texts(ledger: Ledger) -> dict[int, list[str]]:
    """Each claim's member contents, as linking embedded them."""
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(claim_members.c.claim_id, attributions.c.article_id, attributions.c.position)
            .join(attributions, attributions.c.id == claim_members.c.attribution_id)
            .order_by(attributions.c.article_id, attributions.c.position)
        ).all()
    texts: dict[int, list[str]] = defaultdict(list)
    cache: dict[int, Article] = {}
    for r in rows:
        if r.article_id not in cache:
            stored = ledger.get(r.article_id)
            if stored is None:
                continue
            cache[r.article_id] = stored.article
        article = cache[r.article_id]
        texts[r.claim_id].append(embedded_text(article.attributions[r.position], article.text))
    return texts


def _centroids(ledger: Ledger, repair: bool, encoder: Encoder | None) -> Finding:
    """``claims.vector_sum`` against the sum of the members' embeddings (what claim matching compares)."""
    texts = _member_texts(ledger)
    if not texts:
        return Finding("claim centroids", 0, 0)
    if encoder is None:
        from claimledger.embed import default_encoder

        encoder = default_encoder()
    ids = sorted(texts)
    flat = [t for i in ids for t in texts[i]]
    vectors = embed(encoder, flat)
    sums: dict[int, np.ndarray] = {}
    start = 0
    for i in ids:
        sums[i] = vectors[start : start + len(texts[i])].sum(axis=0).astype(np.float32)
        start += len(texts[i])
    with ledger.connect() as conn:
        stored = {r.id: r.vector_sum for r in conn.execute(sa.select(claims.c.id, claims.c.vector_sum))}
    wrong: list[int] = []
    for i in ids:
        if i not in stored:
            continue
        have = np.frombuffer(stored[i], dtype=np.float32)
        want = sums[i]
        scale = max(1.0, float(np.linalg.norm(want)))
        if have.shape != want.shape or float(np.linalg.norm(have - want)) > CENTROID_TOLERANCE * scale:
            wrong.append(i)
    finding = Finding(
        "claim centroids",
        len(ids),
        len(wrong),
        [f"claim {i}: stored centroid differs from its {len(texts[i])} members'" for i in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            for i in wrong:
                conn.execute(claims.update().where(claims.c.id == i).values(vector_sum=sums[i].tobytes()))
        finding.repaired = len(wrong)
    return finding


def _recompute(ledger: Ledger, recomputed: dict[int, ClaimFigures]) -> dict[int, ClaimFigures]:
    """Every claim's figures from its members' provenance (copies collapsed, shared upstream sources followed)."""
    if not recomputed:
        with ledger.connect() as conn:
            ids = list(conn.scalars(sa.select(claims.c.id).order_by(claims.c.id)))
        cache: dict[int, Article] = {}
        roots: dict[int, int] = {}  # each article's original, read once (check writes nothing meanwhile)
        for claim_id in ids:
            figures = claim_figures(ledger, claim_id, cache, roots=roots)
            if figures is not None:
                recomputed[claim_id] = figures
    return recomputed


def _origins(ledger: Ledger, repair: bool, recomputed: dict[int, ClaimFigures]) -> Finding:
    """``claims.independent_origins`` against the provenance recomputed from the members."""
    with ledger.connect() as conn:
        stored = {
            r.id: r.independent_origins for r in conn.execute(sa.select(claims.c.id, claims.c.independent_origins))
        }
    figures = _recompute(ledger, recomputed)
    wrong: list[tuple[int, int | None, int]] = [
        (i, value, figures[i].independent_origins)
        for i, value in sorted(stored.items())
        if i in figures and figures[i].independent_origins != value
    ]
    finding = Finding(
        "claim independent origins",
        len(stored),
        len(wrong),
        [f"claim {i}: stored {json.dumps(v)}, recomputed {n}" for i, v, n in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            for i, _, n in wrong:
                conn.execute(claims.update().where(claims.c.id == i).values(independent_origins=n))
        finding.repaired = len(wrong)
    return finding


def _summaries(ledger: Ledger, repair: bool, recomputed: dict[int, ClaimFigures]) -> Finding:
    """The rest of each claim's stored summary (articles, outlets, first and last seen, numeric disagreement:
    what the lists show) against its recomputed report."""
    names = [n for n in CLAIM_FIGURES if n != "independent_origins"]
    with ledger.connect() as conn:
        stored = {r.id: r for r in conn.execute(sa.select(claims.c.id, *(claims.c[n] for n in names)))}
    figures = _recompute(ledger, recomputed)
    wrong: list[tuple[int, str, Any, Any]] = []
    for claim_id, row in sorted(stored.items()):
        if claim_id not in figures:
            continue
        want = figures[claim_id].values()
        differ = [n for n in names if (row._mapping[n] if n != "disagreement" else _flag(row.disagreement)) != want[n]]
        if differ:
            wrong.append((claim_id, differ[0], row._mapping[differ[0]], want[differ[0]]))
    finding = Finding(
        "claim summaries",
        len(stored),
        len(wrong),
        [f"claim {i} {n}: stored {json.dumps(v)}, recomputed {json.dumps(w)}" for i, n, v, w in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            for i, *_ in wrong:
                values = {n: v for n, v in figures[i].values().items() if n in names}
                conn.execute(claims.update().where(claims.c.id == i).values(**values))
        finding.repaired = len(wrong)
    return finding


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _actor_counts(ledger: Ledger, repair: bool) -> Finding:
    """Each actor's stored attribution and claim counts (what the actors list sorts by) against its rows."""
    with ledger.connect() as conn:
        rows = conn.execute(sa.select(actors.c.id, actors.c.n_attributions, actors.c.n_claims)).all()
        counted = actor_figures(conn)
    wrong = [(r.id, (r.n_attributions, r.n_claims), counted.get(r.id, (0, 0))) for r in rows
             if (r.n_attributions, r.n_claims) != counted.get(r.id, (0, 0))]  # fmt: skip
    finding = Finding(
        "actor counts",
        len(rows),
        len(wrong),
        [f"actor {i}: stored {list(v)}, recomputed {list(w)}" for i, v, w in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            refresh_actors(conn, [i for i, _, _ in wrong])
        finding.repaired = len(wrong)
    return finding


def _totals(ledger: Ledger, repair: bool) -> Finding:
    """The lists' stored totals (migration 13: articles, listed actors, claims by independent origins) against
    the rows counted."""
    with ledger.connect() as conn:
        have, want = stored(conn), recount(conn)
    kept = {} if have is None else have.describe()
    counted = want.describe()
    wrong = [(n, kept.get(n), counted.get(n, 0)) for n in sorted(set(kept) | set(counted), key=_total_order)
             if kept.get(n, 0) != counted.get(n, 0) or have is None]  # fmt: skip
    finding = Finding(
        "list totals",
        len(counted),
        len(wrong),
        [f"{n}: stored {json.dumps(v)}, counted {w}" for n, v, w in wrong[:EXAMPLES]],
    )
    if repair and wrong:
        with ledger.writing() as conn:
            write_totals(conn, recount(conn))  # counted again under the writer lock: nothing slips between
        finding.repaired = len(wrong)
    return finding


def _total_order(name: str) -> tuple[int, int, str]:
    number = name.split()[2] if name.startswith("claims with ") else ""
    return (int(bool(number)), int(number) if number else 0, name)
