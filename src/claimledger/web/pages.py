"""What the pages show, computed from the ledger: highlighted segments, a claim's places, actors."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from claimledger.ledger.provenance import ClaimReport
from claimledger.ledger.schema import actors as actors_table
from claimledger.ledger.schema import attributions, claim_members
from claimledger.ledger.store import Ledger
from claimledger.records import Article, Attribution, Span

ROLES = ("source", "cue", "content")


@dataclass(slots=True)
class Segment:
    """A stretch of the text with one look: plain, boilerplate, or a role of one attribution."""

    text: str
    role: str | None = None  # source, cue, content
    boilerplate: str | None = None  # the reason, when excluded
    attribution: int | None = None  # index in Article.attributions
    record: Attribution | None = None


def _spans(a: Attribution) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = [(r, s) for r, s in (("source", a.source), ("cue", a.cue)) if s is not None]
    return found + [("content", c) for c in a.content]


def segments(article: Article) -> list[Segment]:
    """The text cut at every span boundary; each piece takes the innermost span that covers it."""
    marks: list[tuple[int, int, str, int]] = []
    for index, a in enumerate(article.attributions):
        if a.kind == "unattributed":
            continue
        marks += [(s.start, s.end, role, index) for role, s in _spans(a)]
    cuts = {0, len(article.text)}
    for start, end, _, _ in marks:
        cuts |= {start, end}
    for b in article.boilerplate:
        cuts |= {b.start, b.end}
    points = sorted(c for c in cuts if 0 <= c <= len(article.text))
    out: list[Segment] = []
    for start, end in itertools.pairwise(points):
        if start == end:
            continue
        text = article.text[start:end]
        region = next((b for b in article.boilerplate if b.start <= start and end <= b.end), None)
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        if region is not None:
            out.append(Segment(text, boilerplate=region.reason))
        elif covering:
            _, _, role, index = min(covering, key=lambda m: (m[1] - m[0], ROLES.index(m[2]) * -1))
            out.append(Segment(text, role=role, attribution=index, record=article.attributions[index]))
        else:
            out.append(Segment(text))
    return out


def claim_places(ledger: Ledger, report: ClaimReport) -> list[tuple[str, float, float]]:
    """The distinct geocoded places named in a claim's attributions."""
    seen: dict[str, tuple[str, float, float]] = {}
    for m in report.members:
        stored = ledger.get(m.article_id)
        if stored is None:
            continue
        for a in stored.article.attributions:
            if " … ".join(c.text for c in a.content) != m.content:
                continue
            for p in a.places:
                if p.lat is not None and p.lon is not None:
                    seen.setdefault(p.name, (p.name, p.lat, p.lon))
    return list(seen.values())


def actors(ledger: Ledger, query: str | None = None) -> list[dict[str, Any]]:
    """Every actor with how many attributions and claims it stands behind."""
    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(
                actors_table.c.id,
                actors_table.c.name,
                actors_table.c.type,
                actors_table.c.aliases,
                sa.func.count(sa.distinct(attributions.c.id)).label("attributions"),
                sa.func.count(sa.distinct(claim_members.c.claim_id)).label("claims"),
            )
            .join(attributions, attributions.c.actor_id == actors_table.c.id)
            .outerjoin(claim_members, claim_members.c.attribution_id == attributions.c.id)
            .group_by(actors_table.c.id, actors_table.c.name, actors_table.c.type, actors_table.c.aliases)
            .order_by(sa.desc("claims"), actors_table.c.name)
        ).all()
    out = [
        {
            "id": r.id,
            "name": r.name,
            "type": r.type,
            "aliases": json.loads(r.aliases),
            "attributions": r.attributions,
            "claims": r.claims,
        }
        for r in rows
    ]
    if query:
        out = [r for r in out if query.lower() in r["name"].lower()]
    return out
