"""Rows of the ledger's tables from records and back: attributions, their spans' columns, actors.

The full article record is stored as JSON (``articles.record``); these rows are the queryable copy of its
attributions and actors that SQL readers (views, Datasette, full-text search) use.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.ledger.schema import actors
from claimledger.records import to_dict


def span_cols(prefix: str, span: Any) -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def actor_id(conn: Connection, actor: Any) -> int:
    """The ledger's id of an actor, merging by canonical name and taking the union of aliases."""
    row = conn.execute(sa.select(actors.c.id, actors.c.aliases).where(actors.c.name == actor.name)).first()
    if row is None:
        return int(
            conn.execute(
                actors.insert().values(
                    name=actor.name,
                    type=actor.type,
                    aliases=json.dumps(actor.aliases),
                    country=actor.country,
                    affiliation=actor.affiliation,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )
    known = json.loads(row.aliases)
    merged = known + [a for a in actor.aliases if a not in known]
    if merged != known:
        conn.execute(actors.update().where(actors.c.id == row.id).values(aliases=json.dumps(merged)))
    if actor.affiliation:
        conn.execute(
            actors.update()
            .where(actors.c.id == row.id, actors.c.affiliation.is_(None))
            .values(affiliation=actor.affiliation)
        )
    return int(row.id)


def attribution_row(article_id: int, position: int, a: Any, actor_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "kind": a.kind,
        **span_cols("source", a.source),
        **span_cols("cue", a.cue),
        "content": json.dumps(to_dict(a.content)),
        "content_text": " … ".join(s.text for s in a.content),
        "parent_position": a.parent,
        "chain": json.dumps(to_dict(a.chain)),
        "actor": a.actor.name if a.actor else None,
        "actor_id": actor_ids.get(a.actor.name) if a.actor else None,
        "actor_type": a.actor.type if a.actor else None,
        "verification_status": a.verification.status if a.verification else None,
        "confidence": a.confidence,
    }


def attribution_dict(r: Any) -> dict[str, Any]:
    def span(prefix: str) -> dict[str, Any] | None:
        start = getattr(r, f"{prefix}_start")
        if start is None:
            return None
        return {"start": start, "end": getattr(r, f"{prefix}_end"), "text": getattr(r, f"{prefix}_text")}

    return {
        "kind": r.kind,
        "content": json.loads(r.content),
        "source": span("source"),
        "cue": span("cue"),
        "parent": r.parent_position,
        "chain": json.loads(r.chain),
        "actor": {"name": r.actor, "type": r.actor_type or "unspecified"} if r.actor else None,
        "confidence": r.confidence,
    }
