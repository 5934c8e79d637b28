"""Stage 8b — link claims across articles: attributions that assert the same thing join one Claim.

Two attributions assert the same thing when their contents mean the same (sentence embeddings,
all-MiniLM-L6-v2 run with numpy) *and* nothing in them disagrees in a way that makes another claim:

* polarity — "the company postponed the repairs" and "no repair was ever postponed" (or "X denied that
  …") are opposite claims, not one;
* places — the same statement about different places is a different claim ("troops near Kharkiv" /
  "troops near Odesa");
* numbers — a different number for the same quantity does *not* make another claim: it stays in the
  claim and is flagged as a numeric disagreement, never averaged away (see :mod:`claimledger.ledger.provenance`).

Linking is incremental: a new attribution is compared with every claim's centroid (one matrix-vector
product), joins the best match or founds a new claim; the ledger is never re-clustered.

The database is the source of truth: the in-memory index is a cache that :meth:`ClaimIndex.sync`
brings up to date (under the ledger's writer lock) before each article is linked, so several processes
writing one ledger found each claim once and never lose a member.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import sqlalchemy as sa

from claimledger.ledger.schema import claim_members, claims
from claimledger.ledger.store import Ledger
from claimledger.records import Attribution, now_iso

# Thresholds on the cosine similarity of contents (tuned on tests/data/claim_pairs.jsonl; see README).
SAME_CLAIM = 0.66  # at or above: the same claim, unless polarity, places, names or dates disagree
SAME_WITH_EVIDENCE = 0.55  # at or above: the same claim when a place, name or quantity unit is shared
DIMENSION = 384  # all-MiniLM-L6-v2's embeddings
MIN_WORDS = 4  # shorter contents ("to comment") are not claims

NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|cannot|without|denied|denies|deny|false|untrue)\b|n['’]t\b",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:[-'’][A-Za-z]+)?\b")
DATE_WORD = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|"
    r"august|september|october|november|december|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
PEOPLE_UNITS = frozenset(
    ["people", "persons", "residents", "civilians", "inhabitants", "individuals", "villagers", "citizens", "evacuees"]
)


DATE_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december""".split()
)


SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})


class Encoder(Protocol):
    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray: ...


@dataclass(slots=True)
class ClaimFeatures:
    """What claim matching compares: the content, its meaning vector, polarity, places and quantities."""

    text: str
    vector: np.ndarray
    polarity: int
    places: frozenset[str]
    units: frozenset[tuple[str, float]]  # (unit, value) of the quantities
    names: frozenset[str] = frozenset()  # capitalised words after the first: people, organisations, places
    dates: frozenset[str] = frozenset()  # weekdays, months, years


def content_text(a: Attribution) -> str:
    """The attribution's content as one string, quotation marks stripped."""
    return " ".join(c.text.strip(" “”\"'‘’,.") for c in a.content).strip()


def polarity(a: Attribution) -> int:
    """+1 when the source asserts the content, -1 when it negates or denies it."""
    negated = len(NEGATION.findall(content_text(a))) % 2 == 1
    denied = any(h.strength == "disputed" and a.cue and a.cue.start <= h.start < a.cue.end for h in a.hedges)
    return -1 if negated != denied else 1


def unit(name: str | None) -> str:
    name = (name or "").lower()
    return "people" if name in PEOPLE_UNITS else name


def features(items: list[Attribution], encoder: Encoder) -> list[ClaimFeatures]:
    texts = [content_text(a) for a in items]
    vectors = encoder.encode(texts) if texts else np.zeros((0, DIMENSION), dtype=np.float32)
    return [
        ClaimFeatures(
            text=t,
            vector=v,
            polarity=polarity(a),
            places=frozenset(p.name for p in a.places),
            units=frozenset((unit(q.unit), float(q.value)) for q in a.quantities if q.unit),
            names=frozenset(w.lower() for w in NAME.findall(t)) - DATE_NAMES,
            dates=frozenset(d.lower() for d in DATE_WORD.findall(t)),
        )
        for t, v, a in zip(texts, vectors, items, strict=True)
    ]


def is_claim(a: Attribution) -> bool:
    """Contents that assert something: long enough, not an intention ("to comment"), not "I think" in a quote."""
    text = content_text(a)
    if len(text.split()) < MIN_WORDS or text.lower().startswith("to "):
        return False
    return not (a.parent is not None and a.source is not None and a.source.text.lower() in SPEAKER_PRONOUNS)


def same_claim(a: ClaimFeatures, b: ClaimFeatures, cosine: float | None = None) -> bool:
    """Whether two contents assert the same thing (numbers may differ)."""
    if cosine is None:
        cosine = float(a.vector @ b.vector)
    if a.polarity != b.polarity:
        return False
    for mine, theirs in ((a.places, b.places), (a.names, b.names), (a.dates, b.dates)):
        if mine and theirs and not (mine & theirs):
            return False  # the same statement about another place, person or day is another claim
    if cosine >= SAME_CLAIM:
        return True
    evidence = bool(a.places & b.places) or bool(a.names & b.names) or _comparable_numbers(a, b)
    return cosine >= SAME_WITH_EVIDENCE and evidence


def _comparable_numbers(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The same kind of quantity with numbers of one order (1,200 and 1,600 residents; not 5 and 26 million)."""
    for unit_a, value_a in a.units:
        for unit_b, value_b in b.units:
            low, high = sorted((abs(value_a), abs(value_b)))
            if unit_a == unit_b and low > 0 and high / low <= 3:
                return True
    return False


@dataclass(slots=True)
class _Claim:
    id: int
    vector_sum: np.ndarray
    members: int
    features: ClaimFeatures  # of the first member: polarity, places and units to compare with


class ClaimIndex:
    """The ledger's claims in memory for matching: centroids as one matrix, kept in step with the ledger."""

    def __init__(self, ledger: Ledger, encoder: Encoder) -> None:
        self.ledger = ledger
        self.encoder = encoder
        self._claims: list[_Claim] = []
        self._matrix = np.zeros((0, DIMENSION), dtype=np.float32)
        self._row: dict[int, int] = {}
        self._load()

    def _load(self) -> None:
        self._claims = []
        with self.ledger.connect() as conn:
            rows = conn.execute(sa.select(claims).order_by(claims.c.id)).all()
        for r in rows:
            raw = bytes(r.vector_sum)
            if len(raw) != 4 * DIMENSION:  # damaged (``claimledger check --repair`` recomputes it)
                raw = bytes(4 * DIMENSION)
            vector_sum = np.frombuffer(raw, dtype=np.float32).copy()
            centroid = vector_sum / max(float(np.linalg.norm(vector_sum)), 1e-9)
            feats = ClaimFeatures(
                r.text,
                centroid,
                r.polarity,
                frozenset(json.loads(r.places)),
                frozenset((u, float(v)) for u, v in json.loads(r.units)),
            )
            self._claims.append(_Claim(r.id, vector_sum, r.members, feats))
        self._rebuild()

    def _rebuild(self) -> None:
        self._row = {c.id: i for i, c in enumerate(self._claims)}
        if self._claims:
            sums = np.stack([c.vector_sum for c in self._claims])
            self._matrix = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
        else:
            self._matrix = np.zeros((0, DIMENSION), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._claims)

    def _fingerprint(self) -> tuple[int, int, int]:
        """(claims, highest id, members in all): what the index holds."""
        top = max((c.id for c in self._claims), default=0)
        return len(self._claims), top, sum(c.members for c in self._claims)

    def sync(self) -> bool:
        """Reload the index when the stored claims differ from it (another writer linked meanwhile).

        Call it inside the writer's transaction (:meth:`Ledger.writing`), so that nothing changes between
        this check and the links that follow. Returns whether it reloaded. A single writer never reloads:
        the check is one aggregate query.
        """
        with self.ledger.connect() as conn:
            count, top, total = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.coalesce(sa.func.max(claims.c.id), 0),
                    sa.func.coalesce(sa.func.sum(claims.c.members), 0),
                )
            ).one()
        if (int(count), int(top), int(total)) == self._fingerprint():
            return False
        self._load()
        return True

    def link_article(self, article_id: int) -> list[int]:
        """Put each claim-like attribution of a stored article into a claim; returns the claim ids touched."""
        stored = self.ledger.get(article_id)
        if stored is None:
            return []
        ids = self.ledger.attribution_ids(article_id)
        items = [(ids[i], a) for i, a in enumerate(stored.article.attributions) if i in ids and is_claim(a)]
        feats = features([a for _, a in items], self.encoder)
        touched: list[int] = []
        new_rows: list[dict[str, Any]] = []
        with self.ledger.begin() as conn:
            for (attribution_id, _), f in zip(items, feats, strict=True):
                claim, cosine = self._best(f)
                if claim is None:
                    claim = self._found(conn, f)
                    cosine = 1.0
                else:
                    claim.vector_sum = claim.vector_sum + f.vector
                    claim.members += 1
                    self._matrix[self._row[claim.id]] = claim.vector_sum / max(
                        float(np.linalg.norm(claim.vector_sum)), 1e-9
                    )
                    conn.execute(
                        claims.update()
                        .where(claims.c.id == claim.id)
                        .values(vector_sum=claim.vector_sum.astype(np.float32).tobytes(), members=claim.members)
                    )
                new_rows.append({"claim_id": claim.id, "attribution_id": attribution_id, "similarity": cosine})
                touched.append(claim.id)
            if new_rows:
                conn.execute(claim_members.insert(), new_rows)
        return sorted(set(touched))

    def _best(self, f: ClaimFeatures) -> tuple[_Claim | None, float]:
        if not self._claims:
            return None, 0.0
        scores = self._matrix @ f.vector
        for index in np.argsort(-scores)[:5]:
            claim, cosine = self._claims[int(index)], float(scores[index])
            if cosine < SAME_WITH_EVIDENCE:
                break
            candidate = ClaimFeatures(claim.features.text, self._matrix[index], claim.features.polarity,
                                      claim.features.places, claim.features.units)  # fmt: skip
            if same_claim(f, candidate, cosine):
                return claim, cosine
        return None, 0.0

    def _found(self, conn: sa.Connection, f: ClaimFeatures) -> _Claim:
        new_id = conn.execute(
            claims.insert().values(
                text=f.text,
                vector_sum=f.vector.astype(np.float32).tobytes(),
                members=1,
                polarity=f.polarity,
                places=json.dumps(sorted(f.places)),
                units=json.dumps(sorted([u, v] for u, v in f.units)),
                created_at=now_iso(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        claim = _Claim(int(new_id), f.vector.astype(np.float32).copy(), 1, f)
        self._row[claim.id] = len(self._claims)
        self._claims.append(claim)
        self._matrix = np.vstack([self._matrix, f.vector[None, :].astype(np.float32)])
        return claim
