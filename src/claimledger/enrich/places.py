"""Places: the places an article names, geocoded offline (see :mod:`claimledger.enrich.gazetteer`).

What is looked up:

- GPE, LOC and FAC entities, leniently: GeoNames names, alternate spellings of big cities ("Kharkov"), the
  alias table, countries, US states and continents;
- other proper names — ORG, PRODUCT, WORK_OF_ART and EVENT entities and untagged proper nouns, since the
  small spaCy model tags some cities as ORG or PRODUCT — strictly: the whole name must be a country, a US
  state, an alias, or a city's primary name of at least ``STRICT_POPULATION`` people ("The Jerusalem Post"
  is an outlet, not Kyiv);
- a PERSON entity only with evidence that it is a place (the small model tags unfamiliar city names as
  PERSON): the alias table knows it ("Kiev"), a region word or "City" follows ("Kherson region"), or
  "occupied" precedes it ("occupied Melitopol").

Around a name: a following "region", "oblast", "province" … or "City" joins it ("Kursk region" → kind
``region``); "the region of X" too; a leading "the", "occupied" or "Russian-occupied" is left out of the span;
", Va." or ", Mexico" after a city picks the city of that state or country. Demonyms ("Russian", NORP
entities) are never places.

Not geocoded: a name also used as a PERSON entity (or part of one) in the article ("Putin", tagged GPE once);
a name right after a title ("President Lincoln") or right before another capitalised name ("Lester Holt",
"Peabody Energy"); a city that is the subject of a reporting verb ("Jackson said"); the data file's
``not_places``; a lower-case word ("us").
"""

from __future__ import annotations

import itertools
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimledger.enrich.gazetteer import REGION_WORDS, Aliases, alias_names, key, load_aliases, qualifier, resolve
from claimledger.parse import Paragraph
from claimledger.records import Place

RULER_NAME = "claimledger_gazetteer"
_LENIENT = {"GPE", "LOC", "FAC"}
_STRICT = {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT"}
_LEADING = {"the", "occupied", "annexed", "besieged", "liberated"}
# fmt: off
_TITLES = {"mr", "mrs", "ms", "dr", "president", "senator", "sen", "rep", "gov", "governor", "minister", "general",
           "gen", "judge", "justice", "secretary", "mayor", "chancellor", "prime", "king", "queen", "prince", "saint"}
_REPORTING = {"say", "tell", "add", "state", "claim", "accuse", "write", "argue", "note", "insist", "warn", "announce",
              "report", "stress", "explain", "declare", "confirm", "deny", "tweet", "urge", "ask", "reply", "answer"}
# fmt: on
_NAME_NEXT = {"", "PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT"}  # "Lester Holt", "Peabody Energy"


def _placelike(ent: Span, aliases: Aliases) -> bool:
    """A PERSON entity that is a place all the same: "Kiev", "Kherson region", "occupied Melitopol"."""
    doc, end = ent.doc, ent.end
    if len(ent) == 1 and end < len(doc) and (doc[end].lower_ in REGION_WORDS or doc[end].text == "City"):
        return True
    return key(ent.text) in aliases.keyed or (ent.start > 0 and doc[ent.start - 1].lower_ == "occupied")


def _person_words(paragraphs: list[Paragraph], aliases: Aliases) -> set[str]:
    ents = [e for para in paragraphs for e in para.doc.ents if e.label_ == "PERSON" and not _placelike(e, aliases)]
    return {t.text for e in ents for t in e if t.is_alpha}


def _candidates(doc: Doc, aliases: Aliases) -> list[tuple[int, int, bool]]:
    """(start token, end token, lenient) of the names to look up: entities, then untagged proper-noun runs."""
    found: list[tuple[int, int, bool]] = []
    for ent in doc.ents:
        if ent.label_ in _LENIENT or (ent.label_ == "PERSON" and _placelike(ent, aliases)):
            cuts = [t.i for t in ent if t.lower_ == "and" or t.text == ","]  # "Kherson and Odesa" as one GPE
            bounds = [ent.start - 1, *cuts, ent.end]
            found += [(a + 1, b, True) for a, b in itertools.pairwise(bounds) if b > a + 1]
        elif ent.label_ in _STRICT:
            found.append((ent.start, ent.end, False))
    i, n = 0, len(doc)
    while i < n:
        if doc[i].pos_ == "PROPN" and not doc[i].ent_type_ and doc[i].is_title:
            j = i + 1
            while j < n and doc[j].pos_ == "PROPN" and not doc[j].ent_type_:
                j += 1
            found.append((i, j, False))
            i = j
        else:
            i += 1
    return sorted(found)


def _qualified(doc: Doc, e: int, extra: str | None) -> tuple[str, str | None] | None:
    """The state or country named after a comma following token ``e - 1`` ("Springfield, Va.")."""
    if e + 1 >= len(doc) or doc[e].text != ",":
        return None
    for size in (3, 2, 1):
        if e + 1 + size <= len(doc) and (q := qualifier(doc[e + 1 : e + 1 + size].text, extra)):
            return q
    return None


def _places(doc: Doc, offset: int, persons: set[str], aliases: Aliases, extra: str | None) -> list[Place]:
    found: list[Place] = []
    taken: list[tuple[int, int]] = []
    n = len(doc)
    for s, e, lenient in _candidates(doc, aliases):
        while s < e - 1 and (
            doc[s].lower_ in _LEADING or (s + 2 < e and doc[s + 1].text == "-" and doc[s + 2].lower_ == "occupied")
        ):
            s += 1 if doc[s].lower_ in _LEADING else 3  # "the", "occupied", "Russian-occupied"
        while e > s + 1 and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("'s", "’s")):
            e -= 1
        if s > 1 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in REGION_WORDS:
            s, lenient = s - 2, True  # "the region of Kherson"
        if e < n and (doc[e].lower_ in REGION_WORDS or doc[e].text == "City") and doc[e].pos_ in ("NOUN", "PROPN"):
            e, lenient = e + 1, True  # "Kursk region", "Donetsk City"
        span = doc[s:e]
        if not span.text[:1].isupper() or any(a < e and s < b for a, b in taken):
            continue
        names = [t.text for t in span if t.lower_ not in REGION_WORDS and t.is_alpha]
        if names and all(w in persons for w in names):
            continue  # "Putin" tagged GPE here, PERSON elsewhere
        if s > 0 and doc[s - 1].lower_.rstrip(".") in _TITLES:
            continue
        if e < n and doc[e].pos_ == "PROPN" and doc[e].is_title and doc[e].ent_type_ in _NAME_NEXT:
            continue  # "Lester Holt", "Peabody Energy"
        entry = resolve(span.text, lenient, _qualified(doc, e, extra), extra)
        if entry is None:
            continue
        if entry.kind == "city" and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.lemma_ in _REPORTING:
            continue  # "Jackson said"
        taken.append((s, e))
        a, b = span.start_char, span.end_char
        place = Place(
            offset + a, offset + b, doc.text[a:b], entry.name, entry.lat, entry.lon, entry.country, entry.kind
        )
        found.append(place)
    return found


def find_places(paragraphs: list[Paragraph], gazetteer: str = "") -> list[Place]:
    """The places named in an article, geocoded offline, in text order; ``gazetteer``: a file of more aliases.

    >>> from claimledger.nlp import load_nlp
    >>> from claimledger.parse import parse_articles
    >>> from claimledger.pipeline import Source, prepare
    >>> from claimledger.settings import Settings
    >>> article = prepare(Source("Shelling hit the Kharkiv region and Odesa, Ukraine said."))
    >>> paragraphs = next(parse_articles(load_nlp(Settings()), [article]))
    >>> [(p.text, p.name, p.kind) for p in find_places(paragraphs)]
    [('Kharkiv region', 'Kharkiv', 'region'), ('Odesa', 'Odesa', 'city'), ('Ukraine', 'Ukraine', 'country')]
    """
    aliases = load_aliases(gazetteer)
    persons = _person_words(paragraphs, aliases)
    return [p for para in paragraphs for p in _places(para.doc, para.start, persons, aliases, gazetteer or None)]


def add_entity_ruler(nlp: Language, gazetteer: str = "") -> None:
    """Add an ``entity_ruler`` before ``ner`` that tags the alias table's names as GPE (idempotent).

    Only the alias table goes into the ruler: the whole gazetteer would make the pipeline slow to load.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> add_entity_ruler(nlp); add_entity_ruler(nlp)
    >>> [(e.text, e.label_) for e in nlp("Trains left Kiev.").ents]
    [('Kiev', 'GPE')]
    """
    if RULER_NAME in nlp.pipe_names:
        return
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler: Any = nlp.add_pipe("entity_ruler", name=RULER_NAME, before=before, config={"overwrite_ents": False})
    ruler.add_patterns([{"label": "GPE", "pattern": name} for name in alias_names(gazetteer)])
