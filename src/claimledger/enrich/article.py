"""Stage 6 over one article: what each attribution means, in the order the steps depend on each other.

1. verification notes and the likely original publisher (:mod:`claimledger.enrich.verification`);
2. the article's own voice (:mod:`claimledger.enrich.voice`);
3. hedges (:mod:`claimledger.enrich.hedges`), and whether each content is negated or a clause
   (:mod:`claimledger.enrich.assertion`);
4. quantities, places and dates — the article's, and each attribution's within its content
   (:mod:`claimledger.enrich.quantities`, :mod:`~claimledger.enrich.places`, :mod:`~claimledger.enrich.dates`);
5. verification scope, once the attributions' indexes are final.
"""

from __future__ import annotations

from claimledger.attribute.registry import ActorRegistry, known_actors
from claimledger.enrich.assertion import read_assertion
from claimledger.enrich.dates import find_dates
from claimledger.enrich.hedges import find_hedges
from claimledger.enrich.places import find_places
from claimledger.enrich.quantities import find_quantities
from claimledger.enrich.verification import apply_notes, find_notes, original_publisher
from claimledger.enrich.voice import insert_in_order, own_voice
from claimledger.parse import Paragraph, tokens_between
from claimledger.records import Actor, Article, Attribution, Span
from claimledger.settings import Settings


def enrich(article: Article, paragraphs: list[Paragraph], settings: Settings) -> None:
    """Fill hedges, verification notes and status, the article's own voice, the original publisher,
    quantities, places and dates (``settings.actors`` and ``settings.gazetteer`` extend the lookup tables)."""
    registry = ActorRegistry(known_actors(settings.actors))
    notes = find_notes(article, paragraphs, registry)
    original = original_publisher(article, paragraphs, notes, registry)
    if original is not None:
        article.original_publisher = original
    publisher = original or (Actor(article.metadata.site, "outlet") if article.metadata.site else None)
    insert_in_order(article, own_voice(article, paragraphs, notes, publisher))
    for a in article.attributions:
        a.hedges = find_hedges(a, paragraphs)
        read_assertion(a, paragraphs)  # negated, a clause: from the parse
    article.quantities = find_quantities(paragraphs)
    article.places = find_places(paragraphs, settings.gazetteer)
    article.dates = find_dates(paragraphs, article.metadata.published)
    for a in article.attributions:
        a.quantities = [q for q in article.quantities if _inside(q, a.content)]
        a.places = [p for p in article.places if _inside(p, a.content)]
        # when: dates in the content, and in the rest of the cue's sentence ("…,” she said on Wednesday)
        a.dates = [d for d in article.dates if _inside(d, [*a.content, *_cue_sentence(a, paragraphs)])]
    apply_notes(article, notes, publisher)


def _cue_sentence(a: Attribution, paragraphs: list[Paragraph]) -> list[Span]:
    if a.cue is None:
        return []
    tokens = tokens_between(paragraphs, a.cue.start, a.cue.end)
    if tokens is None:
        return []
    offset = a.cue.start - tokens.start_char
    sent = tokens.sent
    return [Span(offset + sent.start_char, offset + sent.end_char, sent.text)]


def _inside(span: Span, content: list[Span]) -> bool:
    return any(c.start <= span.start and span.end <= c.end for c in content)
