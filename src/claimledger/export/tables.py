"""Export the ledger's records as tables: JSON Lines and CSV.

* JSON Lines (:func:`export_jsonl`): one record a line — articles (the full record with its spans, the
  document's provenance and ``copy_of``), attributions, actors or claims — in id order, keys in a fixed
  order, so that an articles export imported into a fresh ledger exports to the same bytes;
* CSV (:func:`export_csv`): the same records flat, for a spreadsheet: a span is ``*_start``, ``*_end``
  and ``*_text`` columns, lists are joined with `` | ``; a cell that a spreadsheet would run as a formula
  (text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return, from an untrusted page) is
  prefixed with ``'`` — JSON Lines is the lossless format;
ClaimReview and GraphML are in :mod:`claimledger.export.graph`; :mod:`claimledger.importer` reads an
articles export back into a ledger.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

import sqlalchemy as sa

from claimledger.importer import DOCUMENT_FIELDS
from claimledger.ledger.provenance import ClaimReport, list_claims
from claimledger.ledger.schema import actors
from claimledger.ledger.store import CopyMatch, Ledger, StoredArticle
from claimledger.records import Article, Attribution, to_dict

RECORDS = ("articles", "attributions", "actors", "claims")
SEP = " | "
_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")

Record = dict[str, Any]


def _check(what: str) -> None:
    if what not in RECORDS:
        raise ValueError(f"unknown records {what!r}: choose {', '.join(RECORDS)}")


def _article_record(stored: StoredArticle, original: CopyMatch | None) -> Record:
    return {
        "id": stored.id,
        "document": {k: stored.document[k] for k in DOCUMENT_FIELDS},
        "copy_of": original.article_id if original else None,
        "copy_similarity": original.similarity if original else None,
        **to_dict(stored.article),
    }


def _attribution_record(ids: dict[int, int], article_id: int, position: int, a: Attribution) -> Record:
    return {"id": ids.get(position), "article_id": article_id, "position": position, **to_dict(a)}


def records(ledger: Ledger, what: str) -> Iterator[Record]:
    """The ``what`` records (articles, attributions, actors or claims) as JSON-ready dicts, in id order."""
    _check(what)
    if what == "articles":
        yield from (_article_record(s, o) for s, o in ledger.stored_articles())
    elif what == "attributions":
        for stored, _ in ledger.stored_articles():
            ids = ledger.attribution_ids(stored.id)
            for position, a in enumerate(stored.article.attributions):
                yield _attribution_record(ids, stored.id, position, a)
    elif what == "actors":
        with ledger.connect() as conn:
            rows = conn.execute(sa.select(actors).order_by(actors.c.id)).all()
        for r in rows:
            yield {
                "id": r.id,
                "name": r.name,
                "type": r.type,
                "aliases": json.loads(r.aliases),
                "country": r.country,
                "affiliation": r.affiliation,
            }
    else:
        yield from (r.to_dict() for r in list_claims(ledger))


def export_jsonl(ledger: Ledger, out: TextIO, what: str) -> int:
    """Write the ``what`` records as JSON Lines; returns how many."""
    count = 0
    for record in records(ledger, what):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


# --- CSV ------------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A CSV cell: floats as written elsewhere; text a spreadsheet would run as a formula, defused."""
    if isinstance(value, float):
        return _fmt(value)
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _join(values: Iterable[Any]) -> str:
    return SEP.join(_fmt(v) for v in values)


def _span(prefix: str, span: Record | None) -> Record:
    span = span or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def _spans(prefix: str, spans: list[Record]) -> Record:
    return {f"{prefix}_{k}": _join(s[k] for s in spans) for k in ("start", "end", "text")}


def _name(actor: Record | None) -> str | None:
    return actor["name"] if actor else None


def _article_row(r: Record) -> Record:
    meta = r["metadata"]
    return {
        "id": r["id"],
        **r["document"],
        "copy_of": r["copy_of"],
        "copy_similarity": r["copy_similarity"],
        **{k: _join(v) if isinstance(v, list) else v for k, v in meta.items()},
        "original_publisher": _name(r["original_publisher"]),
        "attributions": len(r["attributions"]),
        **_spans("boilerplate", r["boilerplate"]),
        "boilerplate_reason": _join(b["reason"] for b in r["boilerplate"]),
        **_spans("verification_note", [n["note"] for n in r["verification_notes"]]),
        "text": r["text"],
    }


def _attribution_row(a: Record) -> Record:
    actor = a["actor"] or {}
    verification = a["verification"] or {}
    return {
        **{k: a[k] for k in ("id", "article_id", "position", "kind")},
        **_span("source", a["source"]),
        **_span("cue", a["cue"]),
        **_spans("content", a["content"]),
        "parent": a["parent"],
        **{f"actor{'_' + k if k != 'name' else ''}": actor.get(k) for k in ("name", "type", "role", "country")},
        "actor_affiliation": actor.get("affiliation"),
        **_spans("chain", a["chain"]),
        "chain_actor": _join(_name(c["actor"]) for c in a["chain"]),
        **_spans("hedge", a["hedges"]),
        "hedge_strength": _join(h["strength"] for h in a["hedges"]),
        "verification": verification.get("status"),
        "verified_by": _name(verification.get("by")),
        **_span("verification_note", verification.get("note")),
        **_spans("quantity", a["quantities"]),
        "quantity_value": _join(q["value"] for q in a["quantities"]),
        "quantity_unit": _join(q["unit"] for q in a["quantities"]),
        **_spans("place", a["places"]),
        "place_name": _join(p["name"] for p in a["places"]),
        "place_country": _join(p["country"] for p in a["places"]),
        **_spans("date", a["dates"]),
        "date_value": _join(d["value"] for d in a["dates"]),
        "confidence": a["confidence"],
    }


def _actor_row(r: Record) -> Record:
    return {**r, "aliases": _join(r["aliases"])}


def _claim_row(r: Record) -> Record:
    return {
        **{k: r[k] for k in ("id", "text", "polarity", "independent_origins")},
        "origins": _join(o["name"] for o in r["origins"]),
        "unverifiable_origins": _join(o["name"] for o in r["origins"] if o["unverifiable"]),
        "articles": _join(r["articles"]),
        "outlets": _join(r["outlets"]),
        "numeric_variants": _join(f"{u}: {' / '.join(map(_fmt, v))}" for u, v in r["numeric_variants"].items()),
        "disagreement": r["disagreement"],
        "verification": _join(r["verification"]),
        "hedges": _join(f"{h}: {n}" for h, n in r["hedges"].items()),
        "first_seen": r["first_seen"],
        "last_seen": r["last_seen"],
        "members": len(r.get("members", [])),
    }


def _templates() -> dict[str, Record]:
    """An empty record of each kind: its row gives the CSV header even when the ledger is empty."""
    blank = ClaimReport(0, "", 1, [], [], [], [], {}, False, [], {}, None, None)
    return {
        "articles": {
            "id": 0,
            "document": dict.fromkeys(DOCUMENT_FIELDS),
            "copy_of": None,
            "copy_similarity": None,
            **to_dict(Article(text="")),
        },
        "attributions": {"id": 0, "article_id": 0, "position": 0, **to_dict(Attribution(kind="direct", content=[]))}
        | {"kind": ""},
        "actors": dict.fromkeys(("id", "name", "type", "aliases", "country", "affiliation"), None) | {"aliases": []},
        "claims": blank.to_dict(),
    }


ROWS: dict[str, Callable[[Record], Record]] = {
    "articles": _article_row,
    "attributions": _attribution_row,
    "actors": _actor_row,
    "claims": _claim_row,
}


def export_csv(ledger: Ledger, out: TextIO, what: str) -> int:
    """Write the ``what`` records as CSV with a header row; returns how many rows."""
    _check(what)
    row = ROWS[what]
    writer = csv.DictWriter(out, fieldnames=list(row(_templates()[what])), extrasaction="raise")
    writer.writeheader()
    count = 0
    for record in records(ledger, what):
        writer.writerow({k: _cell(v) for k, v in row(record).items()})
        count += 1
    return count
