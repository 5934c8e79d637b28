"""Actors: one record per distinct source in an article, typed, with its aliases.

A known-actor table ships as data (``data/actors.json``: canonical name, type, aliases, country) and
users extend it with a JSON file of the same shape (the ``actors`` setting, ``CLAIMLEDGER_ACTORS``), passed
down as :func:`known_actors`'s argument. Names that are not in the table are typed from the words of the
source phrase (``lexicon.ACTOR_TYPE_WORDS``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import claimledger.attribute.lexicon as lx
from claimledger.errors import ClaimledgerError
from claimledger.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    type: str
    aliases: tuple[str, ...]
    country: str | None


def _key(name: str) -> str:
    name = name.strip().casefold()
    return name[4:] if name.startswith("the ") else name


def _read(data: dict[str, Any], origin: str) -> list[KnownActor]:
    try:
        return [
            KnownActor(a["name"], a.get("type", "organization"), tuple(a.get("aliases", [])), a.get("country"))
            for a in data["actors"]
        ]
    except (KeyError, TypeError) as exc:
        raise ClaimledgerError(f'{origin}: expected {{"actors": [{{"name", "type", "aliases"}}, …]}} ({exc})') from exc


class KnownActors:
    """The known-actor table: every name and alias (case-folded, without "the") to its actor."""

    def __init__(self, table: dict[str, KnownActor]) -> None:
        self._table = table

    def get(self, name: str) -> KnownActor | None:
        """The known actor named ``name`` (or one of its aliases), if any.

        >>> known_actors().get("the Institute for the Study of War").name
        'Institute for the Study of War'
        """
        return self._table.get(_key(name))

    def misspelt(self, name: str) -> KnownActor | None:
        """The one known actor whose acronym ``name`` writes with two neighbouring letters swapped ("MNSBC" for
        MSNBC): a reporter's typo. Only an all-capital word of four letters or more that names nothing itself.

        >>> known_actors().misspelt("MNSBC").name
        'MSNBC'
        """
        word = name.strip()
        if len(word) < 4 or not (word.isalpha() and word.isupper()) or _key(word) in self._table:
            return None
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}
        found = {self._table[_key(w)].name for w in swaps if _key(w) in self._table}
        return self._table[_key(found.pop())] if len(found) == 1 else None


@functools.cache
def known_actors(extra: str = "") -> KnownActors:
    """The packaged table merged with the JSON file ``extra`` (the ``actors`` setting), read once per process."""
    table = _read(json.loads(resources.files("claimledger.attribute").joinpath("data/actors.json").read_text()), "")
    if extra:
        try:
            table += _read(json.loads(Path(extra).read_text(encoding="utf-8")), extra)
        except (OSError, json.JSONDecodeError) as exc:
            raise ClaimledgerError(f"cannot read the actor table {extra}: {exc}") from exc
    lookup: dict[str, KnownActor] = {}
    for actor in table:
        for name in (actor.name, *actor.aliases):
            lookup[_key(name)] = actor
    return KnownActors(lookup)


def publisher_key(name: str | None) -> str:
    """A name reduced for comparing outlets: "The Daily Ledger", "dailyledger.com" → "dailyledger"."""
    name = (name or "").casefold()
    name = re.sub(r"^(https?://)?(www\.)?", "", name)
    name = re.sub(r"\.(com|org|net|co\.uk|news|eu|info)(/.*)?$", "", name)
    return re.sub(r"[^a-z0-9]", "", name).removeprefix("the")


def same_publisher(a: str | None, b: str | None) -> bool:
    """Whether two names denote one outlet: one reduced name contains the other ("Tessel FM" / "FM")."""
    ka, kb = publisher_key(a), publisher_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def canonical_outlet(name: str) -> str:
    """An outlet's name as the known-actor table spells it, else as given: PolNeAR's publisher labels read as
    the outlets' names.

    >>> [canonical_outlet(p) for p in ("nyt", "huff-post", "wash-post", "west-journal", "usa-today", "Tessel FM")]
    ['The New York Times', 'HuffPost', 'The Washington Post', 'The Western Journal', 'USA Today', 'Tessel FM']
    """
    known = known_actors().get(name)
    return known.name if known is not None and known.type == "outlet" else name


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked of the same publishers once per member per claim
def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two names denote one outlet: one reduced name holds the other ("The Post" / "Washington Post"), one
    is the other's initials ("NYT" / "The New York Times"), or a short form of its words ("wash-post" /
    "The Washington Post"), or the known-actor table gives both one name.

    >>> same_outlet("nyt", "The New York Times"), same_outlet("wash-post", "The Washington Post")
    (True, True)
    >>> same_outlet("The Washington Post", "The New York Times"), same_outlet("politico", "Breitbart News")
    (False, False)
    """
    if not a or not b:
        return False
    if same_publisher(a, b) or canonical_outlet(a) == canonical_outlet(b):
        return True
    words = [_words(a), _words(b)]
    keys = [publisher_key(a), publisher_key(b)]
    for short, full in ((0, 1), (1, 0)):
        initials = "".join(w[0] for w in words[full])
        if len(keys[short]) >= 2 and keys[short] == initials:
            return True
        parts = words[short]
        if (
            len(parts) >= 2
            and len(parts) == len(words[full])
            and all(f.startswith(p) for p, f in zip(parts, words[full], strict=True))
        ):
            return True
    return False


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", name.casefold()) if w not in ("the", "of", "and", "com", "www")]


def classify(name: str, span: SpacySpan | None, kind: str, known_table: KnownActors) -> tuple[str, str | None]:
    """(type, role) of a source from its phrase: "Finland's President Anna Virtanen" → official."""
    known = known_table.get(name)
    if known is not None:
        return known.type, None
    words = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    lowers = {t.lower_ for t in words} | {t.lemma_.lower() for t in words}
    if span is None:  # a name no phrase of the article gave ("a spokesman" → "Clinton campaign"): its own words
        lowers = {w.casefold() for w in name.split()}
    context = set(lowers)
    if span is not None:
        # the whole phrase, relative clause included: "two officials who spoke on condition of anonymity"
        context |= {t.lower_ for t in span.root.subtree}
        if span.root.dep_ == "appos":  # "Danish outlet The Copenhagen Post"
            context.add(span.root.head.lower_)
    root = _group_root(span) if span is not None else None
    if span is not None and coordinated(span):
        return "group", None  # "both President Barack Obama and his wife Michelle": people together, no one official
    # a role of the person's own ("Sen. X", "X, a spokesman for Y"), not of someone the phrase names them by
    # ("Ivanka Trump, the Republican presidential nominee's eldest daughter" is no official)
    titles = [t for t in words if t.lower_ in lx.TITLES and t.lower_ not in lx.HONORIFICS and not _possessor(t)]
    if titles:
        first = words[1] if words[0].lower_ == "the" and len(words) > 1 else words[0]
        role = span.doc[first.i : titles[-1].i + 1].text if span is not None else None
        return "official", role or None
    if name.split()[-1].lower() in lx.OUTLET_NAME_ENDINGS and name[:1].isupper() and not _indefinite(name):
        return "outlet", None  # "The Halvard Gazette", "Tessel FM"
    if kind == "person" and not any(context & vocabulary for vocabulary in lx.ACTOR_TYPE_WORDS.values()):
        return "person", None
    if root is not None and len(words) == 2 and unnamed_member(root):
        return "anonymous", None  # "One Republican": a party's member the article does not name
    if root is not None and root.lower_ in lx.LEGISLATIVE_BODIES and lowers & lx.LEGISLATURES:
        return "government", None  # "A House panel", "the Senate committee": a legislature's committee
    plural = root is not None and root.tag_ == "NNS" and root.pos_ == "NOUN"
    if plural and root is not None and root.lower_ in lx.MEASURE_NOUNS and kind != "person":
        return "unspecified", None  # "exit polls", "federal statistics": many measurements, no one who speaks
    for actor_type, vocabulary in lx.ACTOR_TYPE_WORDS.items():
        if context & vocabulary:
            if actor_type == "anonymous" and any(t.pos_ == "PROPN" for t in words):
                continue  # "Reuters sources" is not anonymous in the same way: keep looking
            if actor_type == "organization" and plural:
                return "group", None  # "Companies and individuals complain": many taken together, no one body
            return actor_type.strip(), None
    if span is not None and span.root.ent_type_ == "GPE" and kind != "person":
        return "government", None  # "Mexico said", "New York announced": the place speaks through its government
    if span is not None and span.root.ent_type_ == "NORP" and span.root.tag_ in ("NNPS", "NNS"):
        return "group", None  # "Democrats", "Republicans": party members, not the party
    if root is not None and root.lower_ in lx.COLLECTIVE_NOUNS and root.pos_ == "NOUN":
        return "group", None  # "A chorus of prominent Republicans": many people together, not the party
    # a proper noun of the phrase's own name, not one after its head ("many tax experts, including Mr. Goldberg")
    if any(t.pos_ == "PROPN" and (root is None or t.i <= root.i) for t in words) or (
        span is None and name[:1].isupper()
    ):
        return "organization", None
    return ("group" if root is not None and root.tag_ in ("NNS", "NNPS") else "unspecified"), None


def _person_like(token: Token) -> bool:
    """Whether a word of a source phrase can stand for someone: a person's name, a title, a person noun
    ("wife", "friend") or a word a speaker is named by ("aides", "campaign")."""
    if token.ent_type_ == "PERSON" or token.lower_ in lx.PERSON_NOUNS:
        return True
    if token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "LOC", "FAC", *lx.NON_ACTOR_ENTITIES):
        return True  # "Cruz" where the recogniser missed the person
    words = {token.lower_, token.lemma_.lower()}
    if words & (lx.SOURCE_NOUNS | lx.DESCRIPTOR_NOUNS | lx.SPOKES_NOUNS | lx.TITLES):
        return True
    return any(words & vocabulary for vocabulary in lx.ACTOR_TYPE_WORDS.values())


def coordinated(span: SpacySpan) -> bool:
    """Whether a source phrase names two or more actors joined by "and": "both President Barack Obama and his wife
    Michelle", "Trump and his aides", "The Clinton campaign and DNC" — the phrase's head (or the name in
    apposition to its title) and a conjunct of it, each a person or a speaker's word, one of them named or owned.
    One body whose name holds "and" ("the House Oversight and Government Reform Committee") is not, nor one
    person described twice ("Dean, a former chairman and presidential candidate")."""
    root = span.root
    heads = [root]
    if root.lower_ in lx.TITLES:  # "President Barack Obama and …": the name in apposition to the title
        heads += [c for c in root.children if c.dep_ == "appos"]
    for head in heads:
        if not any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
            continue
        for c in (c for c in head.children if c.dep_ == "conj" and span.start <= c.i < span.end):
            # two of them: a name on either side, or someone's own ("and his aides"); "an economist and tax
            # expert" describes one person twice
            named = head.pos_ == "PROPN" or c.pos_ == "PROPN" or any(p.dep_ == "poss" for p in c.children)
            if named and _person_like(head) and _person_like(c):
                return True
    return False


def unnamed_member(head: Token) -> bool:
    """ "One Republican threatened …", "a Democrat said": one member of a party or people the article does not
    name, an anonymous source (the party itself is not who speaks)."""
    return (
        head.ent_type_ == "NORP"
        and head.tag_ == "NNP"
        and any(c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE_ARTICLES for c in head.children)
    )


def _possessor(token: Token) -> bool:
    """Whether a word belongs to a possessive inside its phrase: the "nominee" of "the nominee's daughter"."""
    node = token
    for _ in range(4):
        if node.dep_ == "poss":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _group_root(span: SpacySpan) -> Token:
    """The noun a source phrase is about: its head, or a quantifier's object ("Many of his supporters" → supporters)."""
    root = span.root
    if root.pos_ in ("ADJ", "PRON", "NUM", "DET") and root.lower_ in lx.INDEFINITE_PRONOUNS:
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (c for c in prep.children if c.dep_ == "pobj" and span.start <= c.i < span.end):
                return obj
    return root


INDEFINITE_ARTICLES = frozenset({"a", "an", "another", "one"})


def _indefinite(name: str) -> bool:
    """ "A reporter for USA Today": a description of someone, which no outlet's own name opens with."""
    return name.split()[0].lower() in INDEFINITE_ARTICLES


def _titled(span: SpacySpan | None) -> bool:
    return span is not None and any(t.lower_ in lx.TITLES and t.lower_ not in lx.HONORIFICS for t in span)


class ActorRegistry:
    """The actors of one article, merged by canonical name; ``known`` is the known-actor table."""

    def __init__(self, known: KnownActors) -> None:
        self.known = known
        self._actors: dict[str, Actor] = {}
        self._spans: dict[str, tuple[SpacySpan, str]] = {}

    def observe(self, name: str, span: SpacySpan, kind: str) -> None:
        """Remember the phrase a name was first seen in (it decides the type)."""
        if name and (name not in self._spans or (_titled(span) and not _titled(self._spans[name][0]))):
            self._spans[name] = (span, kind)  # a phrase with a role ("President X") types better than "X"

    def affiliation(self, span: SpacySpan) -> str | None:
        """Whom a person's role says they speak for: "X, a spokesperson for Y", "Y's attorney", "An attorney for Y,
        X", "X, chief strategist for Y", "Y campaign spokesman X"."""
        root = span.root
        roles = [c for c in root.children if c.dep_ == "appos" and c.lower_ in lx.AGENT_NOUNS]
        if root.lower_ in lx.AGENT_NOUNS and root.pos_ == "NOUN":
            roles.append(root)  # the phrase is the role, its holder named in apposition
        for role in roles:
            owners = [c for c in role.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            owners += [g for p in role.children if p.dep_ == "prep" and p.lower_ in ("for", "of", "at", "to")
                       for g in p.children if g.dep_ == "pobj"]  # fmt: skip
            for owner in owners:
                start = owner.left_edge.i  # the owner's own words, not an apposition after it
                while start < owner.i and span.doc[start].dep_ in ("det", "case", "punct"):
                    start += 1
                phrase = span.doc[start : owner.i + 1].text
                head = owner.lower_
                # "the service" → the earlier "Halvard Regional Emergency Service"
                known = [n for n in [*self._spans, *self._actors] if n.lower().split()[-1] == head and n != phrase]
                return known[-1] if known else phrase
        # "Trump campaign spokesman Jason Miller", "White House press secretary Josh Earnest": the words
        # before the role name the organisation
        for role in (t for t in span if t.lower_ in lx.SPOKES_NOUNS or t.lower_ == "secretary"):
            before = [t for t in span[: role.i - span.start] if t.head.i in (role.i, *(c.i for c in role.lefts))]
            words = [t for t in before if t.dep_ in ("compound", "nmod", "amod") and t.lower_ != "press"]
            if words and any(t.pos_ == "PROPN" or t.ent_type_ or (t.is_title and not t.is_sent_start) for t in words):
                return span.doc[words[0].i : words[-1].i + 1].text
        return None

    def actor(self, name: str, *, alias: str | None = None, person: bool = False) -> Actor:
        """The article's actor named ``name`` (``person``: the article's names say it is a person)."""
        known = self.known.get(name)
        canonical = known.name if known else name
        actor = self._actors.get(canonical)
        if actor is None:
            span, kind = self._spans.get(name, (None, "unknown"))
            kind = "person" if person and not known else kind
            actor_type, role = classify(name, span, kind, self.known)
            if person and not known and actor_type not in ("person", "official", "outlet"):
                actor_type = "person"  # the article names a person so: "Trump's campaign" does not make Trump one
            actor = Actor(
                name=canonical,
                type=actor_type,
                aliases=list(known.aliases) if known else [],
                role=role,
                country=known.country if known else None,
            )
            self._actors[canonical] = actor
        for form in (name, alias):
            if form and form != actor.name and form not in actor.aliases:
                actor.aliases.append(form)
        return actor
