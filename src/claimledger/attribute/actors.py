"""Who a source is, within one article: names from the parse, pronouns and titles resolved backwards.

The source span always stays as written ("he", "the president"); ``Attribution.actor`` carries the
name it stands for. Resolution is deliberately local and conservative: the nearest earlier named
source of a compatible kind (a person for "he"/"she", an organisation or group for "it"/"they").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

import claimledger.attribute.lexicon as lx
from claimledger.attribute.registry import ActorRegistry, KnownActors
from claimledger.parse import Paragraph, tokens_between
from claimledger.records import Attribution

Kind = Literal["person", "group", "unknown"]
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")  # "24th Mechanized Brigade"


def describe(span: SpacySpan, known_table: KnownActors) -> tuple[str | None, Kind, str | None]:
    """(name, kind, referring word) of a source phrase.

    A name comes from the proper-noun run at the phrase's head ("Finland's President Anna
    Virtanen" → "Anna Virtanen"); a pronoun or a bare title ("the president") has no name and
    returns the word it refers with.
    """
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words:
        return None, "unknown", None
    if len(words) == 1 and words[0].lower_ in lx.RELATIVE_PRONOUNS and words[0].head.dep_ == "relcl":
        noun = words[0].head.head  # "an engineer, who asked not to be named, said" → the engineer
        return describe(span.doc[noun.left_edge.i : noun.i + 1], known_table)
    if len(words) == 1 and words[0].pos_ == "PRON":
        word = words[0].lower_
        if word in lx.PERSON_PRONOUNS:
            return None, "person", word
        if word in lx.NONPERSON_PRONOUNS:
            return None, "group", word
        if word in lx.PLURAL_PRONOUNS:
            return None, "unknown", word
        return span.text, "unknown", None
    head = span.root
    known = known_table.get(span.text) or known_table.get(span.doc[words[0].i : words[-1].i + 1].text)
    if known is not None:  # the whole phrase is a known name: "the Institute for the Study of War"
        return known.name, "person" if known.type == "person" else "group", None
    titled = any(t.lower_ in lx.TITLES for t in words)
    # "a spokesperson for the Emergency Service" speaks for the organisation: it is the actor
    if head.lower_ in lx.SPOKES_NOUNS:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                phrase = span.doc[obj.left_edge.i : obj.right_edge.i + 1]
                org = describe(phrase, known_table)[0]
                if org:
                    return org, "group", None
    # the last proper-noun run of the phrase's own name — not one inside "of …" ("the chief executive
    # of Tessel Hydro" is a person, not the company); "Reuters and AFP" counts as one run
    words = [t for t in words if not _under_preposition(t, head)]
    run: list[Token] = []
    for k in range(len(words) - 1, -1, -1):
        t = words[k]
        if (t.pos_ == "PROPN" and t.lower_ not in lx.TITLES) or (
            run and t.pos_ == "CCONJ" and k > 0 and words[k - 1].pos_ == "PROPN"
        ):
            run.insert(0, t)
        elif run:
            break
    name = span.doc[run[0].i : run[-1].i + 1].text if run else None
    if name is None:
        title = next((t.lower_ for t in words if t.lower_ in lx.TITLES), None)
        if title is not None and len(words) <= 3:
            return None, "person", title
        text = span.text
        if words[0].lower_ == "the" and len(words) > 1:
            text = span.doc[words[1].i : words[-1].i + 1].text
        return text, "group" if head.tag_ in ("NNS", "NNPS") else "unknown", None
    first = words[0]
    if run and first.text == "The" and not first.is_sent_start and first.i + 1 == run[0].i:
        name = span.doc[first.i : run[-1].i + 1].text  # a capitalised "The" mid-sentence is part of the name
    is_person = titled or any(e.label_ == "PERSON" for e in span.ents) or (len(run) >= 2 and not head.ent_type_)
    if any(e.label_ in ("ORG", "NORP") for e in span.ents) and not titled:
        is_person = False
    return name, "person" if is_person else "group", None


def _under_preposition(token: Token, head: Token) -> bool:
    node = token
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in ("prep", "pobj", "relcl", "acl"):
            return True
        node = node.head
    return False


def resolve_actors(
    paragraphs: list[Paragraph],
    attributions: list[Attribution],
    continues: dict[int, Attribution],
    known_table: KnownActors,
) -> None:
    """Fill ``actor`` on every attribution, in text order: an :class:`Actor` per distinct name."""
    registry = ActorRegistry(known_table)
    names: dict[int, str | None] = {}
    affiliations: dict[str, str] = {}
    history: list[tuple[str, Kind, str]] = []  # (name, kind, source text) of named sources so far
    for a in attributions:
        if id(a) in continues:
            names[id(a)] = names.get(id(continues[id(a)]))
            continue
        if a.source is None:
            continue
        span = tokens_between(paragraphs, a.source.start, a.source.end)
        if span is None:
            names[id(a)] = a.source.text
            continue
        name, kind, refers = describe(span, known_table)
        if name is not None:
            names[id(a)] = name
            history.append((name, kind, a.source.text.lower()))
            registry.observe(name, span, kind)
            if (org := registry.affiliation(span)) is not None:
                affiliations[name] = org
        elif refers in lx.TITLES:
            found = _antecedent(history, kind, refers) or _titled_mention(paragraphs, a.source.start, refers)
            names[id(a)] = found or a.source.text
            registry.observe(names[id(a)] or "", span, "person")
        else:  # a pronoun with no named source before it stays unresolved
            names[id(a)] = _antecedent(history, kind, refers)
    full = _full_names(history)
    for a in attributions:
        name = names.get(id(a))
        if name:
            name = full.get(name, name)
            a.actor = registry.actor(name, alias=a.source.text if a.source else None)
            a.actor.affiliation = a.actor.affiliation or affiliations.get(name)
        for k, link in enumerate(a.chain):
            span = tokens_between(paragraphs, link.start, link.end)
            chain_name = describe(span, known_table)[0] if span is not None else None
            if span is not None:
                registry.observe(chain_name or link.text, span, "unknown")
            a.chain[k] = replace(link, actor=registry.actor(chain_name or link.text, alias=link.text))


def _titled_mention(paragraphs: list[Paragraph], before: int, title: str) -> str | None:
    """The last name introduced with ``title`` before offset ``before`` ("Mayor Ana Ruiz" for "the mayor"),
    else the first one after it (a headline's "minister says" is named in the body)."""
    return _titled_in(paragraphs, before, title) or _titled_in(paragraphs, None, title, first=True)


def _titled_in(paragraphs: list[Paragraph], before: int | None, title: str, *, first: bool = False) -> str | None:
    found = None
    for para in paragraphs:
        if before is not None and para.start >= before:
            break
        doc = para.doc
        for tok in doc:
            if tok.lower_ != title or (before is not None and para.start + tok.idx >= before):
                continue
            run = []
            for nxt in doc[tok.i + 1 : tok.i + 6]:
                if nxt.pos_ != "PROPN":
                    break
                if nxt.lower_ not in lx.TITLES:
                    run.append(nxt.text)
            if run:
                found = " ".join(run)
                if first:
                    return found
    return found


def _antecedent(history: list[tuple[str, Kind, str]], kind: Kind, refers: str | None) -> str | None:
    for name, k, text in reversed(history):
        if refers and refers in lx.TITLES:
            if refers in text:
                return name
            continue
        if kind == "unknown" or k == kind:
            return name
    return None


def _full_names(history: list[tuple[str, Kind, str]]) -> dict[str, str]:
    """One-word person names → the only longer person name in the article that ends with them."""
    people = {name for name, kind, _ in history if kind == "person" and " " in name}
    full: dict[str, str] = {}
    for name, _, _ in history:
        if " " not in name:
            longer = [p for p in people if p.split()[-1] == name]
            if len(longer) == 1:
                full[name] = longer[0]
    return full
