"""The ledger as linked data: schema.org ClaimReview JSON-LD, and the provenance graph as GraphML.

A ClaimReview here states what the ledger knows about a claim — who asserts it, where it appeared, how
many independent origins stand behind it, whether sources disagree on its numbers, what the articles say
about verification — and never a truth rating: claimledger does not check facts, so ``reviewRating`` has
an ``alternateName`` ("Unverified — 2 independent origins, sources disagree on the numbers") and no
``ratingValue``. An analyst's rating (``claimledger review``, or the form on a claim's web page) is carried
where one was given: then ``reviewRating`` has the status as ``alternateName`` and a ``ratingValue`` on the
scale refuted 1, unverifiable 2, supported 3 (``worstRating`` 1, ``bestRating`` 3), with the analyst as its
``author`` and the note that came with it as ``ratingExplanation``; "unreviewed" and "checking" are no rating.
Ledger-specific facts are also given as ``claimledger:`` terms, a prefix the ``@context`` defines
(:data:`NAMESPACE`); ``claimledger:reviewStatus`` is the analysts' status, "unreviewed" when none was set.

The graph: article → original (``copy_of``), article → attribution (``contains``), attribution → actor
(``said_by``), actor → upstream actor (``cites``, from "X, citing Y"), attribution → claim (``asserts``).
Nodes have ``category`` (article, attribution, actor, claim) and ``label``; edges have ``kind``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import sqlalchemy as sa

from claimledger.ledger.provenance import ClaimReport, list_claims, publisher_of
from claimledger.ledger.reviews import BEST_RATING, WORST_RATING, Review, reviewed_claims
from claimledger.ledger.schema import actors, claim_members, claims
from claimledger.ledger.store import Ledger, StoredArticle
from claimledger.records import format_number

NAMESPACE = "urn:claimledger:"
CONTEXT = ["https://schema.org", {"claimledger": NAMESPACE}]
PERSON_TYPES = frozenset({"person", "official"})
REVIEWER = {"@type": "Organization", "name": "claimledger"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0

JSON = dict[str, Any]


def _compact(data: JSON) -> JSON:
    return {k: v for k, v in data.items() if v is not None and v != []}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Articles:
    """Stored articles, read once each, as schema.org CreativeWorks."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._cache: dict[int, tuple[StoredArticle, int | None]] = {}

    def get(self, article_id: int) -> tuple[StoredArticle, int | None]:
        if article_id not in self._cache:
            stored = self.ledger.get(article_id)
            assert stored is not None, article_id
            original = self.ledger.copies(article_id)[0]
            self._cache[article_id] = (stored, original.article_id if original else None)
        return self._cache[article_id]

    def publisher(self, article_id: int) -> str | None:
        """Who put this page out: its site or host; for an original, also the publisher its text names."""
        stored, original = self.get(article_id)
        meta = stored.article.metadata
        if meta.site or meta.url:
            return meta.site or publisher_of(replace(stored.article, original_publisher=None), stored.id)
        named = stored.article.original_publisher
        return named.name if named is not None and original is None else None

    def work(self, article_id: int, *, based_on: bool = True) -> JSON:
        stored, original = self.get(article_id)
        meta = stored.article.metadata
        return _compact(
            {
                "@type": "CreativeWork",
                "url": meta.url,
                "headline": stored.title,
                "datePublished": meta.published,
                "author": {"@type": "Person", "name": meta.author} if meta.author else None,
                "publisher": {"@type": "Organization", "name": name} if (name := self.publisher(article_id)) else None,
                "isBasedOn": self.work(original, based_on=False) if original is not None and based_on else None,
                "claimledger:articleId": stored.id,
            }
        )


def _rating(report: ClaimReport, review: Review | None = None) -> JSON:
    n = report.independent_origins
    unverifiable = [o.name for o in report.origins if o.unverifiable]
    short = f"Unverified — {_plural(n, 'independent origin')}"
    if unverifiable:
        short += f" ({len(unverifiable)} unverifiable)"
    if report.disagreement:
        short += ", sources disagree on the numbers"
    if report.polarity < 0:
        short += ", stated as a denial"
    origins = "; ".join(
        o.name + (" (unverifiable: anonymous or unspecified)" if o.unverifiable else "") for o in report.origins
    )
    parts = [
        "claimledger records who asserts this claim and through whom; it does not rate whether it is true.",
        f"Reported in {_plural(len(report.articles), 'article')} by {_plural(len(report.outlets), 'outlet')};"
        f" copies and shared upstream sources count once. Independent origins: {origins}.",
    ]
    if report.numeric_variants:
        numbers = "; ".join(f"{u}: {' / '.join(map(format_number, v))}" for u, v in report.numeric_variants.items())
        parts.append(f"Numbers reported: {numbers}" + (" (sources disagree)." if report.disagreement else "."))
    if report.verification:
        parts.append(f"Verification noted in the articles: {'; '.join(report.verification)}.")
    rated = review.rated_by if review is not None and review.rating is not None else None
    if review is None or rated is None:
        return {"@type": "Rating", "alternateName": short, "description": " ".join(parts)}
    parts[0] = f"An analyst rated this claim {review.status} on {rated.at[:10]};"
    parts[0] += " claimledger records who asserts it and through whom."
    return _compact(
        {
            "@type": "Rating",
            "alternateName": review.status,
            "ratingValue": review.rating,
            "worstRating": WORST_RATING,
            "bestRating": BEST_RATING,
            "author": {"@type": "Person", "name": rated.reviewer},
            "ratingExplanation": rated.note,
            "description": " ".join(parts),
        }
    )


def claim_review(
    report: ClaimReport, works: _Articles, actor_types: dict[str, str], review: Review | None = None
) -> JSON:
    """One claim as a schema.org ClaimReview (JSON-LD); ``review``: the analysts' review of it, if any."""
    appearances = [works.work(i) for i in report.articles]
    first = min(
        appearances,
        key=lambda w: (w.get("datePublished") is None, w.get("datePublished") or "", w["claimledger:articleId"]),
    )
    author = None
    if report.origins:
        name = report.origins[0].name
        author = {"@type": "Person" if actor_types.get(name) in PERSON_TYPES else "Organization", "name": name}
    claim = _compact(
        {
            "@type": "Claim",
            "author": author,
            "datePublished": report.first_seen,
            "appearance": appearances,
            "firstAppearance": first,
        }
    )
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": report.text,
        "itemReviewed": claim,
        "author": REVIEWER,
        "datePublished": report.last_seen or date.today().isoformat(),
        "reviewRating": _rating(report, review),
        "claimledger:claimId": report.id,
        "claimledger:reviewStatus": review.status if review is not None else "unreviewed",
        "claimledger:polarity": report.polarity,
        "claimledger:independentOrigins": report.independent_origins,
        "claimledger:origins": [o.name for o in report.origins],
        "claimledger:unverifiableOrigins": [o.name for o in report.origins if o.unverifiable],
        "claimledger:outlets": report.outlets,
        "claimledger:sourcesDisagree": report.disagreement,
        "claimledger:numericVariants": [
            {"claimledger:unit": u, "claimledger:values": v} for u, v in report.numeric_variants.items()
        ],
        "claimledger:verificationNotes": report.verification,
        "claimledger:hedges": [{"claimledger:strength": h, "claimledger:count": n} for h, n in report.hedges.items()],
    }


def _actor_types(ledger: Ledger) -> dict[str, str]:
    with ledger.connect() as conn:
        return {r.name: r.type for r in conn.execute(sa.select(actors.c.name, actors.c.type))}


def export_claimreview(ledger: Ledger, out: TextIO) -> int:
    """Write a JSON array of ClaimReview objects, one per claim in id order; returns how many."""
    works, types = _Articles(ledger), _actor_types(ledger)
    analysts = reviewed_claims(ledger)
    reviews = [claim_review(r, works, types, analysts.get(r.id)) for r in list_claims(ledger)]
    json.dump(reviews, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(reviews)


def provenance_graph(ledger: Ledger) -> Any:
    """The ledger's provenance as a ``networkx.DiGraph`` (attributes are str, int, float or bool)."""
    import networkx as nx

    graph = nx.DiGraph()

    def node(key: str, **attrs: Any) -> str:
        clean = {k: _NOT_XML.sub("", v) if isinstance(v, str) else v for k, v in attrs.items() if v is not None}
        graph.add_node(key, **clean)
        return key

    def actor(name: str, kind: str | None) -> str:
        key = "actor:" + _NOT_XML.sub("", name)
        return key if key in graph else node(key, category="actor", label=name, name=name, type=kind or "unspecified")

    with ledger.connect() as conn:
        for r in conn.execute(sa.select(actors).order_by(actors.c.id)):
            node(
                "actor:" + _NOT_XML.sub("", r.name),
                category="actor",
                label=r.name,
                name=r.name,
                type=r.type,
                country=r.country,
                affiliation=r.affiliation,
                aliases=" | ".join(json.loads(r.aliases)) or None,
                actor_id=r.id,
            )
    for stored, original in ledger.stored_articles():
        meta = stored.article.metadata
        article = node(
            f"article:{stored.id}",
            category="article",
            label=stored.title or stored.document["origin"],
            publisher=publisher_of(stored.article, stored.id),
            title=stored.title,
            url=meta.url,
            published=meta.published,
            origin=stored.document["origin"],
            article_id=stored.id,
        )
        if original is not None:
            graph.add_edge(article, f"article:{original.article_id}", kind="copy_of", similarity=original.similarity)
        ids = ledger.attribution_ids(stored.id)
        for position, a in enumerate(stored.article.attributions):
            content = " … ".join(c.text for c in a.content)
            verification = a.verification.status if a.verification else None
            said = node(
                f"attribution:{ids[position]}",
                category="attribution",
                label=content,
                kind=a.kind,
                content=content,
                source=a.source.text if a.source else None,
                cue=a.cue.text if a.cue else None,
                verification=verification,
                article_id=stored.id,
                position=position,
            )
            graph.add_edge(article, said, kind="contains")
            names = [actor(a.actor.name, a.actor.type)] if a.actor else []
            if a.actor:
                graph.add_edge(said, names[0], kind="said_by")
            names += [actor(c.actor.name if c.actor else c.text, c.actor.type if c.actor else None) for c in a.chain]
            for x, y in pairwise(names):
                if x != y:
                    count = graph.edges[x, y]["count"] + 1 if graph.has_edge(x, y) else 1
                    graph.add_edge(x, y, kind="cites", count=count)
    with ledger.connect() as conn:
        for r in conn.execute(sa.select(claims.c.id, claims.c.text, claims.c.members, claims.c.polarity)):
            node(f"claim:{r.id}", category="claim", label=r.text, text=r.text, members=r.members, polarity=r.polarity)
        for m in conn.execute(sa.select(claim_members).order_by(claim_members.c.attribution_id)):
            graph.add_edge(
                f"attribution:{m.attribution_id}", f"claim:{m.claim_id}", kind="asserts", similarity=float(m.similarity)
            )
    return graph


def export_graphml(ledger: Ledger, path_or_file: str | Path | BinaryIO) -> tuple[int, int]:
    """Write the provenance graph as GraphML (a path, or a file open for binary writing); returns (nodes, edges)."""
    import networkx as nx

    graph = provenance_graph(ledger)
    nx.write_graphml(graph, path_or_file)
    return graph.number_of_nodes(), graph.number_of_edges()
