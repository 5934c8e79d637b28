"""Who a source is, within one article: names from the parse, resolved against the article's own names.

The source span always stays as written ("he", "Mr. Trump", "the president"); ``Attribution.actor``
carries the actor it stands for. Resolution is local to the article and conservative:

- names: "Trump", "Mr. Trump" and "Donald J. Trump" resolve to the article's one full name with that
  surname (or given name), taken from every person the entity recogniser found in the article, not only
  from sources. A surname two people share ("Clinton" in an article naming Hillary and Bill Clinton) stays
  as written and is marked ambiguous, unless an honorific ("Mrs. Clinton") tells them apart;
- pronouns: "he"/"she" to the most recent person named as a grammatical subject in the last sentences
  (gender from honorifics and from pronouns already resolved), else to the nearest earlier source;
  "it"/"they" to the nearest earlier group; "I"/"we" inside a quotation to the quotation's speaker;
- things are not actors: dates, numbers, "you", indefinite pronouns, documents and results without an
  owner ("the results show"); a document's owner speaks for it ("Trump's tweet said" → Trump);
- a proper noun that only modifies a body names the body: "the Obama administration", "the Trump campaign";
  "the Trump team" too, when the recogniser took the surname for an organisation;
- a description with no name: "a friend", "A reporter for USA Today" is an unnamed person of the article (the
  ledger never merges it with another article's); "the woman", "the mother of three" refers as "she" does;
  "His lawyer" is never the lawyer of a woman the article names ("Clinton's lawyer Cheryl Mills");
- types (:func:`claimledger.attribute.registry.classify`): a person is ``official`` when the source phrase gives
  them a role title of their own ("Sen. X", "X, a spokesman for Y"; not "the nominee's daughter"), else
  ``person``; the two are one family for every merge and count (``PERSON_TYPES``), and the ledger keeps the type
  most of a person's attributions give (``settle_types``). A legislature's panel is ``government``; many people
  or companies taken together ("Companies and individuals", "many tax experts") a ``group``; a union an
  ``organization``; "One Republican" an ``anonymous`` member, not the party.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

import claimledger.attribute.lexicon as lx
from claimledger.attribute.quotes import find_quotes, in_quote
from claimledger.attribute.registry import (
    INDEFINITE_ARTICLES,
    ActorRegistry,
    KnownActors,
    coordinated,
    unnamed_member,
)
from claimledger.parse import Paragraph, paragraph_at, tokens_between
from claimledger.records import Attribution

Kind = Literal["person", "group", "unknown", "none"]
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")  # "24th Mechanized Brigade"
RECENT_PARAGRAPHS = 3  # how far back a pronoun looks for a subject it may stand for


COORDINATED = re.compile(r"\s(?:and|&|or|nor)\s")  # "Obama and Michelle" is not who "she" is

POSSESSIVE_PRONOUNS: dict[str, tuple[Kind, str]] = {
    "his": ("person", "he"),
    "hers": ("person", "she"),
    "its": ("group", "it"),
    "their": ("unknown", "they"),
}


def describe(span: SpacySpan, known_table: KnownActors) -> tuple[str | None, Kind, str | None]:
    """(name, kind, referring word) of a source phrase.

    A name comes from the proper-noun run at the phrase's head ("Finland's President Anna
    Virtanen" → "Anna Virtanen"); a pronoun or a bare title ("the president") has no name and
    returns the word it refers with. Kind ``none``: the phrase names no actor ("Sept.", "the results").
    """
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if len(words) > 1 and words[-1].dep_ == "case":  # "Trump's claim that …": the owner, not its "'s"
        span = span.doc[span.start : words[-1].i]
        words = words[:-1]
    if not words:
        return None, "none", None
    if len(words) == 1 and _place_in_a_place_phrase(words[0]):
        return None, "none", None  # "in Berea, OH": a place where something happens never speaks
    if len(words) == 1 and words[0].lower_ in lx.RELATIVE_PRONOUNS:
        if (phrase := relative_antecedent(words[0])) is not None:
            return describe(phrase, known_table)
        return None, "none", None
    if len(words) == 1 and words[0].pos_ == "PRON":
        word = words[0].lower_
        if word in lx.PERSON_PRONOUNS:
            return None, "person", word
        if word in lx.NONPERSON_PRONOUNS:
            return None, "group", word
        if word in lx.PLURAL_PRONOUNS:
            return None, "unknown", word
        if word in lx.FIRST_PERSON_PRONOUNS:
            return None, "person", word
        if word in POSSESSIVE_PRONOUNS:  # "his campaign said" cut to "his": the person
            return None, POSSESSIVE_PRONOUNS[word][0], POSSESSIVE_PRONOUNS[word][1]
        return None, "none", None  # "you", "someone", "this"
    if all(t.pos_ == "DET" for t in words):
        return None, "none", None  # a source cut to its article ("The noted …"): no name at all
    head = span.root
    if head.pos_ == "DET" and (nouns := [t for t in words if t.pos_ in ("NOUN", "PROPN") and t.i > head.i]):
        # the parse hung the article and the noun apart ("The Sanders campaign projects …" read as a noun
        # compound "campaign projects"): the phrase's last noun is its head, never "The"
        head = nouns[-1]
    known = known_table.get(span.text) or known_table.get(span.doc[words[0].i : words[-1].i + 1].text)
    if known is None and len(words) == 1:
        known = known_table.misspelt(words[0].text)  # "MNSBC suggested": MSNBC, its letters swapped
    if known is not None:  # the whole phrase is a known name: "the Institute for the Study of War"
        return known.name, "person" if known.type == "person" else "group", None
    if head.ent_type_ in lx.NON_ACTOR_ENTITIES or (head.like_num and head.pos_ == "NUM"):
        return None, "none", None
    if coordinated(span):  # "both President Barack Obama and his wife Michelle", "Cruz and his aides": two or more
        kept = words[1:] if words[0].lower_ in ("both", "the") and len(words) > 2 else words
        return span.doc[kept[0].i : kept[-1].i + 1].text, "group", None
    if related_owner(span) is not None:  # "Hillary Clinton's right-hand woman": someone of hers, never Clinton
        return None, "person", head.lower_
    if head.lower_ in lx.INDEFINITE_PRONOUNS and (part := _partitive(head)) is not None:
        return describe(span.doc[part.left_edge.i : part.right_edge.i + 1], known_table)  # "one of his aides"
    if head.lower_ in lx.INDEFINITE_PRONOUNS or head.lower_ in lx.GENERIC_PRONOUNS:
        familiar = any(t.lower_ in ("familiar", "close") for t in head.subtree)
        return (span.text, "group", None) if familiar else (None, "none", None)
    titled = any(t.lower_ in lx.TITLES for t in words)
    if head.pos_ == "NOUN" and head.lower_ in lx.ACTOR_TYPE_WORDS["anonymous "]:
        # "one GOP source in the room" is a source, not the party: named by its modifiers and its noun
        modifiers = [t for t in words if t.i < head.i and t.dep_ in ("compound", "amod", "nmod") and t.pos_ == "PROPN"]
        if modifiers:
            return f"{span.doc[modifiers[0].i : modifiers[-1].i + 1].text} {head.text}", "group", None
    # "a spokesperson for the Emergency Service" speaks for the organisation: it is the actor
    if head.lower_ in lx.SPOKES_NOUNS:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                phrase = span.doc[obj.left_edge.i : obj.right_edge.i + 1]
                org = describe(phrase, known_table)[0]
                if org:
                    return org, "group", None
    if (crowd := _collective(span, head)) is not None:
        return crowd, "group", None  # "A chorus of prominent Republicans has said": those Republicans, together
    if head.pos_ != "PROPN" and head.lower_ in lx.THING_NOUNS:
        owned = _owner(head, span, known_table)
        if owned[1] == "none" and (measures := _unowned_measures(span, head)) is not None:
            return measures, "group", None
        return owned
    if (
        head.pos_ != "PROPN"
        and head.lower_ in ("report", "reports")
        and (owned := _owner(head, span, known_table))[1] != "none"
    ):
        return owned  # "a new report by Politico"; a report of nobody's ("reports suggest") stays a report
    for appos in (c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
        if head.pos_ != "PROPN":  # "An attorney for Pagliano, Mark MacDougall": the apposition names the person
            return describe(span.doc[appos.left_edge.i : appos.right_edge.i + 1], known_table)
    if head.pos_ != "PROPN" and head.lower_ in lx.TITLES:
        # the parse hung the apposition elsewhere ("for Pagliano, Mark MacDougall"): a person's name after a
        # comma that ends the phrase is who the title describes
        last = [e for e in span.ents if e.label_ == "PERSON" and e.end == words[-1].i + 1]
        if last and last[0].start > head.i and span.doc[last[0].start - 1].text == ",":
            return last[0].text, "person", None
    if head.pos_ != "PROPN" and head.lower_ in lx.OWNED_BODIES:
        # "Donald Trump's campaign" is the "Trump campaign"; "his campaign" is resolved with "his"
        for owner in (c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"):
            body = lx.CAMPAIGN_SYNONYMS.get(head.lower_)  # a body's "team" is no campaign: "the Pentagon's team"
            if owner.ent_type_ not in ("GPE", "LOC", "NORP") and not (body and owner.ent_type_ in ("ORG", "FAC")):
                return f"{owner.text} {body or head.lower_}", "group", None
    if head.pos_ != "PROPN" and head.lower_ in lx.BODY_NOUNS and head.lower_ not in lx.TITLES:
        # "the Obama administration", "Clinton supporters": the proper noun names the body, not a person
        modifiers = [t for t in words if t.i < head.i and t.dep_ in ("compound", "amod", "nmod") and t.pos_ == "PROPN"]
        if modifiers and not any(t.ent_type_ in ("GPE", "NORP", "LOC") for t in modifiers):
            first = modifiers[0]
            if head.lower_ in lx.CAMPAIGN_SYNONYMS and len(modifiers) == 1 and first.ent_type_ not in ("ORG", "FAC"):
                return f"{first.text} campaign", "group", None  # "the Trump team" is the Trump campaign
            return span.doc[first.i : head.i + 1].text, "group", None
    if (role := _headline_role(span, words)) is not None:
        return None, "person", role  # "…, Former White House Doctor Says": whoever the lede names as that doctor
    if head.pos_ != "PROPN" and head.lower_ in lx.TITLES and not head.text[:1].isupper():
        # "the Vermont senator", "Former DNC chairman": a person described by a place or a body they serve
        return None, "person", head.lower_
    named = next((e for e in span.ents if e.label_ == "ORG" and e.start <= head.i < e.end - 2), None)
    if head.pos_ == "PROPN" and named is not None and span.doc[head.i + 1].lower_ == "of" and named.end <= span.end:
        # "the University of Michigan", "the Association of Flight Attendants": one organisation's name, "of" and all
        words_of = [t for t in named if not (t.lower_ == "the" and t.i == named.start)]
        return span.doc[words_of[0].i : words_of[-1].i + 1].text, "group", None
    if (
        head.text.isupper()
        and head.lower_ in lx.BODY_NOUNS
        and not any(c.pos_ == "PROPN" and c.dep_ in ("compound", "nmod") for c in head.lefts)
    ):
        # "a super PAC", "one PAC": a kind of body written as an acronym, no name of one ("Our Principles PAC" is)
        before = span.doc[head.i - 1] if head.i > 0 else None
        return ("super " if before is not None and before.lower_ == "super" else "") + head.text, "group", None
    # the last proper-noun run of the phrase's own name — not one inside "of …" ("the chief executive
    # of Tessel Hydro" is a person, not the company) nor an apposition's ("Rendell, a Clinton surrogate");
    # "Reuters and AFP" counts as one run
    inside = {t.i for t in head.subtree}  # not a clause beside it: "President Obama, dedicating the Museum …"
    words = [
        t
        for t in words
        if t.i in inside and not _under_preposition(t, head) and not (head.pos_ == "PROPN" and _in_apposition(t, head))
    ]
    run: list[Token] = []
    for k in range(len(words) - 1, -1, -1):
        t = words[k]
        if _inflected_reporting_verb(t) and not _inside_a_place_or_body(t):  # "Says", not "Post" nor "United States"
            if run:
                break  # a title-cased headline's verb is not part of the name: "Obama Says …"
            continue
        honoured = t.i > 0 and t.doc[t.i - 1].lower_ in lx.HONORIFICS and t.text[:1].isupper()  # "Mr. King"
        if (
            honoured
            or (t.pos_ == "PROPN" and t.lower_ not in lx.TITLES and t.ent_type_ not in lx.NON_ACTOR_ENTITIES)
            or (run and t.pos_ == "CCONJ" and k > 0 and words[k - 1].pos_ == "PROPN")
        ):
            run.insert(0, t)
        elif run:
            break
    while run and run[-1].dep_ == "case":
        run.pop()
    while len(run) > 1 and run[0].lower_ in lx.PARTY_LABELS:  # "Democrat Hillary Clinton": the party is no name
        run.pop(0)
    if run and head.pos_ == "NOUN" and run[-1].i < head.i and all(t.ent_type_ in ("GPE", "LOC") for t in run):
        run = []  # "the New York businessman": a place that modifies a description is not the person's name
    name = span.doc[run[0].i : run[-1].i + 1].text if run else None
    if name is not None:
        name = re.sub(r"\s*\(.*$", "", name) or None  # "Mike Pence (R-IN)": the party and state are not the name
    if name is None:
        title = next((t.lower_ for t in words if t.lower_ in lx.TITLES), None)
        if title is not None and len(words) <= 3:
            return None, "person", title
        if (person := _unnamed_person(span, head)) is not None:
            return person
        if head.pos_ in ("NOUN", "PROPN") and (head.lower_ in lx.BODY_NOUNS or _actor_word(head)):
            # the group's own noun phrase: not a list after a comma ("many tax experts, including Mr. Goldberg")
            every = [t for t in span if not (t.is_punct or t.is_space)]
            cut = next((t.i for t in every if t.i > head.i and t.doc[t.i - 1].text == ","), every[-1].i + 2) - 2
            kept = [t for t in every if t.i <= max(cut, head.i)]
            text = span.doc[kept[0].i : kept[-1].i + 1].text
            if kept[0].lower_ == "the" and len(kept) > 1:
                text = span.doc[kept[1].i : kept[-1].i + 1].text
            return text, "group" if head.tag_ in ("NNS", "NNPS") else "unknown", None
        if all(t.text[:1].isupper() and t.is_alpha for t in words) and len(words) <= 4:
            return span.doc[words[0].i : words[-1].i + 1].text, "unknown", None  # a name the tagger missed
        return None, "none", None
    first = words[0]
    if run and first.text == "The" and not first.is_sent_start and first.i + 1 == run[0].i:
        name = span.doc[first.i : run[-1].i + 1].text  # a capitalised "The" mid-sentence is part of the name
    if head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
        return name, "group", None  # "some Republicans, including Senator X": party members, not a person
    if unnamed_member(head) and len(words) == 2:
        return span.doc[words[0].i : words[-1].i + 1].text, "group", None  # "One Republican": no party, no name
    is_person = titled or any(e.label_ == "PERSON" for e in span.ents) or (len(run) >= 2 and not head.ent_type_)
    if (any(e.label_ in ("ORG", "NORP") for e in span.ents) and not titled) or run[-1].lower_ in lx.REFERRED_THINGS:
        is_person = False  # a headline's "New Poll" is a document, no person's name
    if any(t.pos_ == "CCONJ" for t in run):
        is_person = False  # "Rubio and Cruz diverge": two people, a group, not one person's name
    if name.startswith("@") and any(t.tag_ == "NN" and t.i < run[0].i and not _body_word(t) for t in words):
        is_person = True  # "one Twitter user @nycsouthpaw": an account the phrase calls a person's, no body's
    return name, "person" if is_person else "group", None


def related_owner(span: SpacySpan) -> Token | None:
    """The named owner of a person a possessive describes by their relation to them ("Hillary Clinton's right-hand
    woman", "Trump's eldest daughter", "Obama's friend"): who that person is not. ``None`` for any other phrase,
    a title ("Clinton's lawyer", resolved as titles are) or a pronoun's relation ("his wife")."""
    root = span.root
    if root.pos_ != "NOUN" or root.tag_ != "NN" or root.lower_ not in lx.PERSON_NOUNS or root.lower_ in lx.TITLES:
        return None
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in root.children):
        return None  # "Trump's wife, Melania": the apposition names her
    return next((c for c in root.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)


def _headline_role(span: SpacySpan, words: list[Token]) -> str | None:
    """The role a title-cased headline describes its speaker by ("…, Former White House Doctor Says", "Ex-Campaign
    Lawyer Warns …"): title case makes every word a proper noun, but with no person's name among them the phrase is
    a description (a role noun ending it), not the name of a body "White House Doctor". ``None``: no such phrase."""
    last = words[-1]
    role = last.lower_ in lx.TITLES or (last.lower_ in lx.PERSON_NOUNS and lx.PERSON_NOUNS[last.lower_] is None)
    if last.tag_ != "NNP" or not role or last.text.endswith(".") or last.lower_ in lx.HONORIFICS:
        return None  # a kin ("Trump's Son") is no role, and "Texas Gov." abbreviates a title before a name
    if any(e.label_ == "PERSON" for e in span.ents) or any(t.dep_ in ("poss", "case") for t in words):
        return None  # a name, or someone's relation ("Clinton's Doctor" is whose doctor, not who)
    sentence = [t for t in span.sent if t.is_alpha and len(t) > 3]
    if len(sentence) < 4 or not all(t.text[:1].isupper() for t in sentence):
        return None  # a sentence of running text ("the Vermont Senator said") is no headline
    return last.lower_


def relative_antecedent(word: Token) -> SpacySpan | None:
    """The noun phrase a relative pronoun stands for: "an engineer, who asked not to be named, said" → the
    engineer (the clause the parse hangs on the noun). When the parse did not hang the clause on anything ("they
    turned to the Chicago Police Department which reported …", read as an adverbial clause), a proper noun
    directly before "which"/"who" (a comma or dash between them allowed) is it: a relative pronoun follows what it
    stands for."""
    doc = word.doc
    if word.head.dep_ == "relcl":
        noun = word.head.head
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.pos_ == "NOUN":
            noun = noun.head  # "John Bentel, a tech staffer … who told": the person the description is of
        return doc[noun.left_edge.i : noun.i + 1]
    if word.lower_ not in ("which", "who") or word.dep_ not in ("nsubj", "nsubjpass"):
        return None
    k = word.i - 1
    while k >= 0 and doc[k].text in (",", "--", "\u2014", "\u2013"):
        k -= 1
    if k < 0 or doc[k].pos_ != "PROPN" or doc[k].sent != word.sent:
        return None
    return doc[doc[k].left_edge.i : k + 1]


def _collective(span: SpacySpan, head: Token) -> str | None:
    """The phrase of many people a collective noun gathers ("A chorus of prominent Republicans", "a number of
    senators", "a handful of economists"): a group of the article, named by the phrase up to a comma — not
    nothing, as a count ("a number") or a thing would be. Only people: "a number of polls" stays a thing, and
    a share ("a majority of voters", "46 percent") is a poll's figure, no speaker."""
    if head.pos_ != "NOUN" or head.lower_ not in lx.COLLECTIVE_NOUNS:
        return None
    people = next(
        (o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"),
        None,
    )
    if people is None or people.tag_ not in ("NNS", "NNPS") or people.lower_ in lx.THING_NOUNS:
        return None
    if not (people.ent_type_ == "NORP" or people.lower_ in lx.BODY_NOUNS or _actor_word(people)):
        return None
    every = [t for t in span if not t.is_space]
    kept = [t for t in every if t.i <= people.i or not any(span.doc[k].text == "," for k in range(people.i, t.i))]
    while kept and kept[-1].is_punct:
        kept.pop()
    if kept and kept[0].lower_ == "the":
        kept = kept[1:]
    return span.doc[kept[0].i : kept[-1].i + 1].text if kept else None


def _unowned_measures(span: SpacySpan, head: Token) -> str | None:
    """The phrase of a kind of many polls or statistics no one owns that a sentence cites as its source:
    "According to exit polls", "Instant polls showed", "according to federal statistics", "Recent polls in
    Pennsylvania and Virginia have shown". News text cites them as a vague source of its own (an ``unspecified``
    actor of the article), not as nothing; one result ("the results show") and a bare "polls" stay no actor."""
    if head.tag_ != "NNS" or head.lower_ not in lx.MEASURE_NOUNS:
        return None
    if not any(c.dep_ in ("amod", "compound", "nmod") and c.i < head.i for c in head.children):
        return None  # "polls show": which polls, the text does not say
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if words and words[0].lower_ == "the":
        words = words[1:]
    return span.doc[words[0].i : words[-1].i + 1].text if words else None


# The nouns a body is described by before or after the article gives its name ("A House panel", "Flight
# attendants' union"), and the words one of its names ends with.
DESCRIBED_BODIES: frozenset[str] = lx.LEGISLATIVE_BODIES | frozenset({"union", "unions"})
BODY_NAME_ENDINGS: frozenset[str] = frozenset(
    {"committee", "subcommittee", "panel", "union", "association", "federation", "brotherhood", "guild"}
)


def _named_bodies(paragraphs: list[Paragraph]) -> dict[str, list[int]]:
    """The names of committees and unions the recogniser found in the article ("the House Oversight and
    Government Reform Committee", "the Association of Flight Attendants"), each with the offsets it is named at."""
    found: dict[str, list[int]] = {}
    for para in paragraphs:
        for ent in para.doc.ents:
            words = [t for t in ent if not (t.is_punct or (t.lower_ == "the" and t.i == ent.start))]
            if ent.label_ == "ORG" and words and ({t.lower_ for t in words} & BODY_NAME_ENDINGS):
                found.setdefault(para.doc[words[0].i : words[-1].i + 1].text, []).append(para.start + ent.start_char)
    return found


def _body_described(
    span: SpacySpan, bodies: dict[str, list[int]], at: int = 0, near: Callable[[int], bool] | None = None
) -> str | None:
    """The named body a description with no name of its own stands for: a committee or union described by the
    words of its name ("A House panel" → the House Oversight and Government Reform Committee; "A union
    representing flight attendants", "Flight attendants' union" → the Association of Flight Attendants). News
    text describes a body in its headline and lead and names it further down; only a body the article names
    once, whose name holds every word of the description besides its noun, is taken."""
    root = span.root
    if root.lower_ not in DESCRIBED_BODIES or any(e.label_ == "ORG" and e.start <= root.i < e.end for e in span.ents):
        return None
    words = {
        t.lower_ for t in span if t.i != root.i and t.pos_ in ("NOUN", "PROPN", "ADJ") and not (t.is_punct or t.is_stop)
    }
    if not words:
        return None  # "the committee", "a union": which one, the phrase does not say
    fits = {body for body in bodies if words <= {w.casefold().strip("'’") for w in re.findall(r"[\w'’]+", body)}}
    if len(fits) > 1 and near is not None:
        # two House committees fit "A House panel voted …": the one the next paragraphs name ("The House Oversight
        # and Government Reform Committee voted 19-15"), a lede's description named by the body after it
        following = sorted((min(w for w in bodies[b] if w > at), b) for b in fits if any(w > at for w in bodies[b]))
        fits = {following[0][1]} if following and near(following[0][0]) else fits
    return fits.pop() if len(fits) == 1 else None


def _known_body(known_table: KnownActors, name: str) -> bool:
    """Whether the known-actor table has ``name`` as something other than a person: an outlet, agency or think
    tank stays one though the recogniser took its one-word name for a person ("Politifact: Donald Trump Is
    Right" read as a person's label)."""
    known = known_table.get(name)
    return known is not None and known.type != "person"


def _unnamed_person(span: SpacySpan, head: Token) -> tuple[str | None, Kind, str | None] | None:
    """A person a common noun describes and no name gives (:data:`lexicon.PERSON_NOUNS`): "a friend commented",
    "A reporter for USA Today reported" is an unnamed person of the article, named by the phrase itself (up to a
    comma); "the woman said", "the mother of three replied" refers back as "she" does. ``None``: no such noun."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lower_ not in lx.PERSON_NOUNS:
        return None
    article = next((c for c in head.children if c.dep_ in ("det", "nummod") and c.i < head.i), None)
    if article is None:
        return None
    if article.lower_ in INDEFINITE_ARTICLES:
        every = [t for t in span if not (t.is_punct or t.is_space)]
        kept = [t for t in every if t.i <= head.i or not any(span.doc[k].text == "," for k in range(head.i, t.i))]
        return span.doc[kept[0].i : kept[-1].i + 1].text, "person", None
    gender = lx.PERSON_NOUNS[head.lower_]
    if article.lower_ == "the" and gender is not None:
        return None, "person", "she" if gender == "female" else "he"
    return None


def _body_word(token: Token) -> bool:
    """Whether a common noun names a body rather than one person ("campaign", "newspaper", "firm")."""
    word = token.lower_
    return word in lx.BODY_NOUNS or any(word in vocabulary for vocabulary in lx.ACTOR_TYPE_WORDS.values())


def _inside_a_place_or_body(t: Token) -> bool:
    """Whether a token continues the name of a place or an organisation the recogniser found: the "States" of
    "the United States" (a reporting verb's form too) is part of the name, never a headline's verb."""
    return t.ent_iob_ == "I" and t.ent_type_ in ("GPE", "LOC", "ORG", "FAC", "NORP")


def _inflected_reporting_verb(t: Token) -> bool:
    """A title-cased headline's reporting verb ("Obama Says", "Warren Warns"), which the tagger may take for a
    proper noun whose lemma is itself."""
    word = t.lower_
    if word != t.lemma_.lower() and t.lemma_.lower() in lx.REPORTING_VERBS:
        return True
    return t.text[:1].isupper() and _reporting_inflection(word)


def _reporting_inflection(word: str) -> bool:
    """ "says", "warns", "pushes": a reporting verb's third person."""
    return (word.endswith("s") and word[:-1] in lx.REPORTING_VERBS) or (
        word.endswith("es") and word[:-2] in lx.REPORTING_VERBS
    )


def _partitive(head: Token) -> Token | None:
    """The whole of a partitive source: "one of Mr. Obama's advisers" → "Mr. Obama's advisers"."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            return obj
    return None


def _actor_word(token: Token) -> bool:
    """Whether a common noun can denote who speaks: one of the lexicon's source or actor-type words."""
    words = {token.lower_, token.lemma_.lower()}
    if words & (lx.SOURCE_NOUNS | lx.DESCRIPTOR_NOUNS | lx.SPOKES_NOUNS | lx.TITLES):
        return True
    return any(words & vocabulary for vocabulary in lx.ACTOR_TYPE_WORDS.values())


def _owner(head: Token, span: SpacySpan, known_table: KnownActors) -> tuple[str | None, Kind, str | None]:
    """Who speaks through a thing: "Trump's tweet" → Trump, "a report by the IMF" → the IMF, else nobody."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    owners += [g for p in head.children if p.dep_ == "prep" and p.lower_ in ("by", "from")
               for g in p.children if g.dep_ == "pobj"]  # fmt: skip
    for owner in owners:
        phrase = span.doc[owner.left_edge.i : owner.i + 1]
        found = describe(phrase, known_table)
        if found[1] != "none":
            return found
    # "A Bloomberg poll", "a Times article", "the Reuters/Ipsos poll": the proper noun before it made it
    run = [t for t in span if t.i < head.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod", "amod")]
    if run and not all(t.ent_type_ in ("GPE", "LOC", "NORP", "DATE") for t in run):  # "a Florida poll": a place
        name = span.doc[run[0].i : run[-1].i + 1].text
        known = known_table.get(name)
        return (known.name if known else name), "group", None
    return None, "none", None


PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout", "from"})


def _place_in_a_place_phrase(root: Token) -> bool:
    """A place named inside a locative phrase ("in Berea, OH", "at the White House" is not one: no place entity)."""
    if root.ent_type_ not in ("GPE", "LOC"):
        return False
    doc, i = root.doc, root.i
    if 2 <= i < len(doc) - 1 and doc[i - 1].text == "," and doc[i - 2].ent_type_ == "GPE" and doc[i + 1].is_punct:
        return True  # "Berea, OH,": the state of a town (the parse may take it for a subject)
    node = root
    for _ in range(3):
        if node.dep_ == "pobj":
            return node.head.lower_ in PLACE_PREPOSITIONS
        if node.dep_ not in ("appos", "npadvmod", "conj", "compound") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _in_apposition(token: Token, head: Token) -> bool:
    node = token
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ == "appos":
            return True
        node = node.head
    return False


def _under_preposition(token: Token, head: Token) -> bool:
    node = token
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in ("prep", "pobj", "relcl", "acl"):
            return True
        node = node.head
    return False


# --- the article's names ---------------------------------------------------------------------------------

Key = tuple[str, str]  # (given name, surname), case-folded


def name_parts(name: str) -> list[str]:
    """A person's name without honorifics, titles, initials and suffixes: "Mr. James B. Comey Jr." → [James, Comey]."""
    parts = [p for p in re.split(r"\s+", name.strip()) if re.search(r"\w", p)]  # not a stray "''" or "--"
    while parts and parts[-1].lower() in ("'s", "’s"):
        parts.pop()
    if parts:
        parts[-1] = re.sub(r"['’]s$", "", parts[-1])
    parts = [p for p in parts if p.lower() not in lx.TITLES and p.lower() not in lx.MALE_HONORIFICS]
    parts = [p for p in parts if p.lower() not in lx.FEMALE_HONORIFICS and p.lower() not in lx.NAME_SUFFIXES]
    while len(parts) > 1 and parts[-1][:1].isupper() and _reporting_inflection(parts[-1].lower()):
        parts.pop()  # a title-cased headline's "Obama Says" names Obama
    if len(parts) > 2:
        parts = [parts[0]] + [p for p in parts[1:-1] if not re.fullmatch(r"[A-Z]\.?", p)] + [parts[-1]]
    return parts


def person_key(name: str) -> Key | None:
    """(given name, surname) of a full person name, surname particles kept: "Bill de Blasio" → (bill, de blasio)."""
    parts = name_parts(name)
    if len(parts) < 2 or not all(p[:1].isupper() or p.lower() in lx.SURNAME_PARTICLES for p in parts):
        return None
    if parts[-1].lower() in lx.OUTLET_NAME_ENDINGS or any(p.lower() in lx.DESCRIPTOR_NOUNS for p in parts):
        return None  # "Halvard Gazette" is an outlet, whatever the entity recogniser says
    if not parts[-1][:1].isupper() or any(re.search(r"['’]s$|^(and|or|nor|&)$", p, re.I) for p in parts[:-1]):
        return None  # "Clinton’s van", "Obama and Hillary Clinton": not one person's name
    if len(parts[-1]) > 1 and parts[-1].isalpha() and parts[-1].isupper() and not parts[0].isupper():
        return None  # "Junge SVP", "Young GOP": an acronym after a word in lower case is a body's, no surname
    k = len(parts) - 1
    while k > 1 and parts[k - 1].lower() in lx.SURNAME_PARTICLES:
        k -= 1
    return parts[0].casefold(), " ".join(parts[k:]).casefold()


@dataclass
class Names:
    """The people an article names (from the entity recogniser and the sources), for resolving short forms."""

    forms: dict[Key, Counter[str]] = field(default_factory=dict)
    by_surname: dict[str, set[Key]] = field(default_factory=dict)
    by_given: dict[str, set[Key]] = field(default_factory=dict)
    gender: dict[Key, str] = field(default_factory=dict)
    labels: dict[str, Counter[str]] = field(default_factory=dict)  # a name's entity labels in the article
    # people the article also calls by their given name alone ("Ivanka"): a shared surname is not theirs
    by_given_name: Counter[Key] = field(default_factory=Counter)
    # (offset, key, is a grammatical subject) of every person mention, in text order
    mentions: list[tuple[int, Key, bool]] = field(default_factory=list)

    def add(self, name: str, *, gender: str | None = None) -> Key | None:
        key = person_key(name)
        if key is None or key[0] in lx.SURNAME_PARTICLES:
            return None  # "bin Laden" is a surname: Osama bin Laden's, when the article names him
        form = " ".join(name_parts(name))
        self.forms.setdefault(key, Counter())[form] += 1
        self.by_surname.setdefault(key[1], set()).add(key)
        self.by_surname.setdefault(key[1].split()[-1], set()).add(key)
        self.by_given.setdefault(key[0], set()).add(key)
        if gender and key not in self.gender:
            self.gender[key] = gender
        return key

    def drop_swallowed(self) -> None:
        """Forget a three-word "name" whose last two words are another of the article's people: a title-cased
        headline's "Rip Donald Trump" is Donald Trump after a verb, not a person "Rip Trump"."""
        for key in list(self.forms):
            forms = [f.split() for f in self.forms[key]]
            if not all(len(f) >= 3 for f in forms):
                continue
            inner = {person_key(" ".join(f[1:])) for f in forms}
            if inner <= set(self.forms) and key not in inner:
                del self.forms[key]
                for index in (self.by_surname, self.by_given):
                    for keys in index.values():
                        keys.discard(key)
                self.gender.pop(key, None)

    def add_given_names(self, words: Iterable[str]) -> None:
        """People a feature story names by their given name alone ("Melanie", "Kevin"): a known given name that
        is no other person's given name or surname in the article is a person of its own, so "she" can be her."""
        for word in words:
            folded = word.casefold()
            if word.isupper():
                continue  # "WALLACE:" labels a transcript's turn by a surname; a given name alone is written "Melanie"
            if folded in self.by_surname or folded in self.by_given or given_name_gender(word) is None:
                continue
            key = (folded, folded)
            self.forms.setdefault(key, Counter())[word] += 1
            self.by_given.setdefault(folded, set()).add(key)

    def name(self, key: Key) -> str:
        """The article's form for a person: its most frequent full form, the shortest on a tie."""
        return min(self.forms[key].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]

    def resolve(self, name: str, gender: str | None = None) -> tuple[Key | None, bool]:
        """(the person ``name`` stands for, whether it stays ambiguous)."""
        key = person_key(name)
        if key is not None and key not in self.forms and len(self.by_surname.get(" ".join(key), ())) == 1:
            return next(iter(self.by_surname[" ".join(key)])), False  # "Bin Laden": Osama bin Laden's surname
        if key is not None:
            return (key, False) if key in self.forms else (None, False)
        parts = name_parts(name)
        if len(parts) != 1:
            return None, False
        if not parts[0][:1].isupper():
            return None, False  # "the network" is not the Dish Network
        word = parts[0].casefold()
        candidates = self.by_surname.get(word) or self.by_given.get(word) or self.misspelt(word)
        if gender is not None and len(candidates) > 1:
            agreeing = {k for k in candidates if self.gender.get(k) == gender}
            candidates = agreeing or candidates
        if len(candidates) > 1 and word not in self.by_given:
            # "Donald Trump" and "Ivanka Trump", the daughter called "Ivanka" after: "Trump" is the father
            unnamed = {k for k in candidates if not self.by_given_name[k]}
            candidates = unnamed if len(unnamed) == 1 else candidates
        if len(candidates) > 1 and gender is None:
            # "former President Bill Clinton" only ever modifies; Hillary Clinton acts: "Clinton" is the one who acts
            acting = {key for _, key, subject in self.mentions if subject and key in candidates}
            candidates = acting if len(acting) == 1 else candidates
        if len(candidates) == 1:
            return next(iter(candidates)), False
        return None, len(candidates) > 1

    def misspelt(self, word: str) -> set[Key]:
        """The one person whose surname ``word`` misspells by one letter ("Wines" two lines after Leslie Wimes,
        "McLenney" for Tyresha McClenney): a reporter's typo, not a new person. Words of five letters or more
        with the surname's first letter; a plural ("Clintons") or a name the recogniser calls a place is none."""
        if len(word) < 5 or self.labels.get(word, Counter())["GPE"] or word in self.by_given:
            return set()
        found = {
            key
            for surname, keys in self.by_surname.items()
            if surname[:1] == word[:1] and " " not in surname and _one_edit(word, surname)
            and word.rstrip("s") != surname.rstrip("s")
            for key in keys
        }  # fmt: skip
        return found if len(found) == 1 else set()

    def main(self, paragraphs: list[Paragraph]) -> Key | None:
        """The person the article is about: the one person its headline names (a surname two people share is the
        one the article names first), else one named at least three times and twice as often as anyone else."""
        if len(paragraphs) > 1:
            first = {key: at for at, key, _ in reversed(self.mentions)}  # where each person is first named
            named = set()
            for ent in paragraphs[0].doc.ents:
                parts = name_parts(ent.text)
                if ent.label_ not in ("PERSON", "ORG") or not parts:
                    continue
                key = self.resolve(ent.text)[0]
                shared = self.by_surname.get(parts[-1].casefold(), set()) if key is None else {key}
                if shared and all(k in first for k in shared):
                    named.add(min(shared, key=lambda k: first[k]))
            if len(named) == 1:
                return named.pop()
        counts = Counter(key for _, key, _ in self.mentions).most_common(2)
        if not counts or counts[0][1] < 3 or (len(counts) > 1 and counts[1][1] * 2 > counts[0][1]):
            return None
        return counts[0][0]

    def is_person(self, name: str) -> bool:
        votes = self.labels.get(name.casefold(), Counter())
        return votes["PERSON"] > 0 and votes["PERSON"] >= votes["ORG"] + votes["GPE"] + votes["NORP"]

    def subject_before(self, offset: int, paragraphs: list[Paragraph], gender: str | None) -> Key | None:
        found = self.subject_at(offset, paragraphs, gender)
        return found[1] if found is not None else None

    def subject_at(
        self, offset: int, paragraphs: list[Paragraph], gender: str | None, skip: frozenset[Key] = frozenset()
    ) -> tuple[int, Key] | None:
        """(where, who): the person most recently named as a subject before ``offset`` within the last
        paragraphs, outside quotations, of a gender that does not contradict ``gender``; else the most recent
        such person named at all; never one of the people in ``skip``."""
        index = bisect.bisect_left(self.mentions, (offset,)) - 1
        para = paragraph_at(paragraphs, offset)
        position = paragraphs.index(para) if para is not None else 0
        floor = paragraphs[max(0, position - RECENT_PARAGRAPHS)].start
        fallback: tuple[int, Key] | None = None
        unknown: tuple[int, Key] | None = None  # a subject whose gender the article does not tell
        for k in range(index, -1, -1):
            at, key, subject = self.mentions[k]
            if at < floor:
                break
            if key in skip or (gender is not None and self.gender.get(key, gender) != gender):
                continue
            if subject and gender is not None and key not in self.gender:
                unknown = unknown or (at, key)
                continue
            if subject:
                return at, key
            fallback = fallback or (at, key)
        return unknown or fallback


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter changed, added, dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


@functools.cache
def _given_names() -> Any:
    import gender_guesser.detector  # a first-name dictionary (about 40,000 names by country), shipped as data

    return gender_guesser.detector.Detector(case_sensitive=False)


def given_name_gender(word: str, *, mostly: bool = False) -> str | None:
    """ "male" or "female" for a given name that is nearly always one ("Donald", "Melanie"), else ``None``
    ("Reince", a surname); ``mostly``: also a name that is usually one ("Chris"), a weaker prior.

    >>> given_name_gender("Melanie"), given_name_gender("Chris"), given_name_gender("Chris", mostly=True)
    ('female', None, 'male')
    >>> given_name_gender("Trump")
    """
    if not word[:1].isupper() or not word.replace("-", "").isalpha():
        return None
    found = str(_given_names().get_gender(word)).removeprefix("mostly_" if mostly else "")
    return found if found in ("male", "female") else None


MALE_WORDS = frozenset({"he", "him", "his", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})


def article_names(paragraphs: list[Paragraph]) -> Names:
    """Every person the article names, with the gender its honorifics ("Mrs. Reyes") or its pronouns tell:
    in a sentence that names one person only, "he"/"his" or "she"/"her" vote for that person's gender.

    Two passes: the full names first, then every mention resolved against them (the recogniser often labels
    a lone "Trump" an organisation: it is still the article's Donald Trump)."""
    names = Names()
    for para in paragraphs:
        for ent in para.doc.ents:
            names.labels.setdefault(" ".join(name_parts(ent.text)).casefold(), Counter())[ent.label_] += 1
            if ent.label_ == "PERSON":
                before = para.doc[ent.start - 1].lower_ if ent.start > 0 else ""
                male, female = before in lx.MALE_HONORIFICS, before in lx.FEMALE_HONORIFICS
                names.add(ent.text, gender="male" if male else "female" if female else None)
            elif _misnamed_person(ent):
                names.add(ent.text)  # "moderator Lester Holt" that the recogniser took for an organisation
    names.drop_swallowed()
    names.add_given_names(
        ent.text for para in paragraphs for ent in para.doc.ents if ent.label_ == "PERSON" and len(ent) == 1
    )
    votes: dict[Key, Counter[str]] = {}
    introduced: set[Key] = set()  # people named already: a first mention with a description in apposition leads
    for para in paragraphs:
        quotes = find_quotes(para.doc.text)
        if _excerpt(para, quotes):
            quotes = quotes[1:]  # a quoted passage of narration: its names are the story's, as the article's are
        for sent in para.doc.sents:
            keys = set()
            for ent in sent.ents:
                if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE") or in_quote(ent.start_char, quotes):
                    continue  # a name inside a quotation is the speaker's word, not the article's
                before = para.doc[ent.start - 1].lower_ if ent.start > 0 else ""
                gender = (
                    "male" if before in lx.MALE_HONORIFICS else "female" if before in lx.FEMALE_HONORIFICS else None
                )
                key = person_key(ent.text)
                if key is None or key not in names.forms:
                    key = names.resolve(ent.text, gender)[0] if ent.label_ == "PERSON" or len(ent) == 1 else None
                if key is None:
                    continue
                if len(ent) == 1 and ent.text.casefold() == key[0] != key[1] and _given_name_alone(ent):
                    names.by_given_name[key] += 1  # "Ivanka" alone
                keys.add(key)
                subject = ent.root.dep_ in lx.SUBJECT_DEPS and ent.root.head.tag_ != "VBG"  # not "Clinton being …"
                if not subject and key not in introduced:  # "…, Henry Crespo, president of the caucus." then a quote
                    subject = any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in ent.root.children)
                introduced.add(key)
                names.mentions.append((para.start + ent.start_char, key, subject))
            if len(keys) == 1:
                words = Counter("male" if t.lower_ in MALE_WORDS else "female" for t in sent
                                if (t.lower_ in MALE_WORDS or t.lower_ in FEMALE_WORDS)
                                and not in_quote(t.idx, quotes))  # fmt: skip
                votes.setdefault(next(iter(keys)), Counter()).update(words)
    names.mentions.sort()
    # "Donald", "Hillary": the given name tells, unless an honorific did; pronouns near a lone name tell the rest
    # (they also count the people the recogniser missed, so they come after the given name)
    for key in names.forms:
        if key not in names.gender and (prior := given_name_gender(key[0].title())) is not None:
            names.gender[key] = prior
    for key, counts in votes.items():
        (gender, n), *rest = counts.most_common(2) or [("", 0)]
        if key not in names.gender and n >= 1 and (not rest or rest[0][1] * 3 <= n):
            names.gender[key] = gender
    for key in names.forms:  # "Chris": usually a man's name, where nothing else tells
        if key not in names.gender and (prior := given_name_gender(key[0].title(), mostly=True)) is not None:
            names.gender[key] = prior
    return names


FIRST_AND_SECOND_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours"})


def _excerpt(para: Paragraph, quotes: list[tuple[int, int]]) -> bool:
    """Whether a paragraph is a quoted passage of another text's narration: it opens with a quotation mark that
    never closes in it (an excerpt quoted paragraph by paragraph, each opened and only the last closed) and,
    outside the quotations inside it, speaks in the third person only — no "I", "we" or "you", which would make
    it a speaker's words going on. A speaker's words are not the article's narration; an excerpt's narration is."""
    text = para.doc.text
    if not quotes or quotes[0][0] != len(text) - len(text.lstrip()) or quotes[0][1] != len(text):
        return False
    mark = text.lstrip()[:1]
    if text.rstrip().endswith(lx.QUOTE_PAIRS.get(mark, mark)) and len(text.strip()) > 1:
        return False  # closed at its end: one quotation, a speaker's
    inner = find_quotes(text[quotes[0][0] + 1 :])
    return not any(
        t.lower_ in FIRST_AND_SECOND_PERSON and not in_quote(t.idx - quotes[0][0] - 1, inner) for t in para.doc
    )


def _given_name_alone(ent: SpacySpan) -> bool:
    """Whether a one-word entity that is the given name of one of the article's people is that person called by
    their given name: a person's, or a known given name the recogniser took for a place or a body ("Melania"
    read as a country) — news text calls a wife, a daughter or a child by the given name it shares with no one."""
    return ent.label_ == "PERSON" or given_name_gender(ent.text) is not None


def _misnamed_person(ent: SpacySpan) -> bool:
    """A two-word entity the recogniser labelled a body that is a given name and a surname ("Lester Holt" as an
    organisation): a given name that is nearly always one gender, then a capitalised word no outlet ends with."""
    if ent.label_ not in ("ORG", "NORP", "GPE") or len(ent) != 2 or not all(t.pos_ == "PROPN" for t in ent):
        return False
    last = ent[1]
    return (
        given_name_gender(ent[0].text) is not None
        and last.is_alpha
        and last.text[:1].isupper()
        and last.text[1:].islower()
        and last.lower_ not in lx.OUTLET_NAME_ENDINGS | lx.BODY_NOUNS | lx.DESCRIPTOR_NOUNS
    )


def _content_gender(paragraphs: list[Paragraph], a: Attribution) -> str | None:
    """The gender of a reported clause's subject pronoun when it opens the clause ("Trump says he would …"):
    who the speaker is, where a surname alone leaves two people."""
    if not a.content or a.kind not in ("indirect", "mixed"):
        return None
    span = tokens_between(paragraphs, a.content[0].start, a.content[0].end)
    for t in list(span or ())[:3]:
        if t.lower_ in ("he", "she") and t.dep_ in lx.SUBJECT_DEPS:
            return PRONOUN_GENDER[t.lower_]
    return None


def _sentence_gender(span: SpacySpan) -> str | None:
    """The gender a possessive before a source in its sentence tells: "In her 2003 book, Clinton noted …" (a
    fronted phrase's "her" is the subject's) → female; ``None`` when none does or they disagree."""
    sent = span.root.sent
    quotes = find_quotes(span.doc.text)
    told = {
        PRONOUN_GENDER[t.lower_]
        for t in span.doc[sent.start : span.start]
        if t.lower_ in ("his", "her") and t.dep_ == "poss" and not in_quote(t.idx, quotes)
    }
    return told.pop() if len(told) == 1 else None


def _honorific_gender(span: SpacySpan) -> str | None:
    for t in span:
        if t.lower_ in lx.MALE_HONORIFICS:
            return "male"
        if t.lower_ in lx.FEMALE_HONORIFICS:
            return "female"
    return None


# roles a story has one main holder of: "the candidate", "the nominee" with no name is the one it is about
STORY_ROLES = frozenset({"candidate", "nominee"})

PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female", "his": "male"}


def resolve_actors(
    paragraphs: list[Paragraph],
    attributions: list[Attribution],
    continues: dict[int, Attribution],
    known_table: KnownActors,
    *,
    author: str | None = None,
    text: str | None = None,
) -> None:
    """Fill ``actor`` on every attribution, in text order: an :class:`Actor` per distinct name.

    ``author`` (the byline) is who "I" is outside any quotation: an op-ed's writer; a letter's is the signature
    under it in ``text`` (the article's text)."""
    registry = ActorRegistry(known_table)
    people = article_names(paragraphs)
    names: dict[int, str | None] = {}
    persons: set[str] = set()  # names resolved as people
    ambiguous: set[str] = set()
    affiliations: dict[str, str] = {}
    history: list[tuple[str, Kind, str]] = []  # (name, kind, source text) of named sources so far
    speakers: list[Attribution] = []  # first-person sources, resolved to their quotation's speaker
    spoken: list[tuple[int, str, Key | None]] = []  # (offset, name, person) of each named person source
    described: list[tuple[Attribution, SpacySpan]] = []  # titles no earlier source or "Title Name" explains
    titled: list[tuple[int, str, str]] = []  # (offset, name, lemmas of the phrase) of named sources with a title
    things: list[tuple[int, str, str]] = []  # (offset, noun, owner) of each owned document source: "a Bloomberg poll"
    unowned: list[tuple[Attribution, str]] = []  # "the poll", "A new poll", a headline's "Poll"
    spokes: list[Attribution] = []  # "a spokesman" with no name of its own
    found: str | None
    reported: list[tuple[int, int, int]] = []  # (start, end, attribution) of each content, in text order
    addressed = _addressed_names(paragraphs)
    keys: dict[int, Key | None] = {}  # the person each person source stands for, where the article names them
    voiced: list[tuple[int, str, str | None, Key | None]] = []  # (offset, gender, name, person) of each he/she
    for a in attributions:
        reported += [(c.start, c.end, id(a)) for c in a.content if a.source is not None]
        if id(a) in continues:
            names[id(a)] = names.get(id(continues[id(a)]))
            continue
        if a.source is None:
            continue
        span = tokens_between(paragraphs, a.source.start, a.source.end)
        if span is None:
            names[id(a)] = a.source.text
            continue
        span = _labelled_member(span)
        if len(span) == 1 and span[0].lower_ in lx.RELATIVE_PRONOUNS and (phrase := relative_antecedent(span[0])):
            span = phrase  # "which reported": the department it stands for, typed by its own words
        name, kind, refers = describe(span, known_table)
        owner = next((c for c in span.root.children if c.dep_ == "poss" and c.lower_ in PRONOUN_GENDER), None)
        if span.root.lower_ in lx.OWNED_BODIES and owner is not None and span.root.pos_ == "NOUN":
            # "his campaign": the campaign of the person "his" is, named as "the Trump campaign" is
            found_owner = people.subject_at(a.source.start, paragraphs, PRONOUN_GENDER[owner.lower_])
            if found_owner is not None:
                body = lx.CAMPAIGN_SYNONYMS.get(span.root.lower_, span.root.lower_)
                name, kind = f"{people.name(found_owner[1]).split()[-1]} {body}", "group"
        elif name is not None and kind == "group" and span.root.lower_ in lx.CAMPAIGN_SYNONYMS:
            # "the Trump team" where the recogniser took "Trump" for an organisation: a person of the article's
            # team is their campaign, as "the Trump campaign" is
            parts = name.split()
            if len(parts) == 2 and parts[1].lower() == span.root.lower_ and parts[0].casefold() in people.by_surname:
                name = f"{parts[0]} {lx.CAMPAIGN_SYNONYMS[span.root.lower_]}"
        noun = span.root.lower_ if span.root.tag_ in ("NN", "NNP") else ""
        noun = lx.REFERRED_SYNONYMS.get(noun, noun)
        if noun in lx.REFERRED_THINGS:
            owned = name is not None and name.split()[-1].lower() != noun  # not a headline's "New Poll"
            if owned and name is not None and any(t.pos_ == "PROPN" and t.i != span.root.i for t in span):
                things.append((a.source.start, noun, name))
            else:
                unowned.append((a, noun))  # "the poll": the poll the article names, once it is known
        if kind == "none":
            names[id(a)] = None
        elif refers in lx.FIRST_PERSON_PRONOUNS:
            speakers.append(a)  # "I"/"we" inside a quotation: its speaker, once known; never an actor of its own
            names[id(a)] = None
        elif name is not None:
            labelled, name = name, _label_name(span, name, known_table)
            if name != labelled and kind != "person" and not {w.lower() for w in name.split()} & SPEAKING_BODIES:
                kind = "person"  # a transcript's speaker label ("JAKE TAPPER:", "TAPPER:") is a person speaking
            gender = _honorific_gender(span)
            told = gender or _content_gender(paragraphs, a)  # "Trump says he would pay for it": Donald, not Ivanka
            key, unsure = people.resolve(name, told) if known_table.get(name) is None else (None, False)
            if key is None and not unsure and name in addressed:
                name = addressed[name]  # "WALLACE:", whom Pence calls "Chris": Chris Wallace
            if unsure and told is None and (said := _sentence_gender(span)) is not None:
                key, unsure = people.resolve(name, said)  # "In her book, Clinton noted …": Hillary, not Bill
            if key is not None:
                name, kind = people.name(key), "person"
                if gender:
                    people.gender.setdefault(key, gender)
            elif unsure:
                ambiguous.add(name)
                kind = "person"
            elif kind != "person" and " " not in name and people.is_person(name) and not _known_body(known_table, name):
                kind = "person"
            # "a friend", "a doctor": an unnamed person, whom no later "she" or "the doctor" is taken to be
            unnamed = (
                key is None and span.root.lower_ in lx.PERSON_NOUNS and name.split()[0].lower() in INDEFINITE_ARTICLES
            )
            if kind == "person":
                persons.add(name)
                if not unnamed:
                    spoken.append((a.source.start, name, key))
                keys[id(a)] = key
                # "An attorney for Pagliano, Mark MacDougall", "MacDougall, Pagliano's attorney": the titles
                # of the phrase and of an apposition around it
                roles = [t for t in span if t.lower_ in lx.TITLES]
                root = span.root
                if root.dep_ == "appos":  # the parse may hang it on the title's object: "attorney for X, Name"
                    roles += [t for t in list(root.ancestors)[:3] if t.lower_ in lx.TITLES][:1]
                roles += [c for c in root.children if c.dep_ == "appos" and c.lower_ in lx.TITLES]
                if roles:
                    titled.append((a.source.start, name, " ".join(t.lemma_.lower() for t in roles)))
            names[id(a)] = name
            if not unnamed:
                history.append((name, kind, a.source.text.lower()))
            registry.observe(name, span, kind)
            if (org := registry.affiliation(span)) is not None:
                client = people.resolve(org)[0]  # "Stein spokeswoman": the article's Jill Stein
                affiliations[name] = people.name(client) if client is not None else org
        elif refers in lx.TITLES or refers in lx.PERSON_NOUNS:
            if span.root.lower_ in lx.SPOKES_NOUNS:
                spokes.append(a)
            owner = next((c for c in span.root.children if c.dep_ == "poss" and c.lower_ in PRONOUN_GENDER), None)
            if owner is not None:  # "His lawyer": no lawyer the article gives a woman ("Clinton's lawyer Cheryl Mills")
                other = "female" if PRONOUN_GENDER[owner.lower_] == "male" else "male"
                refused = functools.partial(_client_is, people, other)
                found = _titled_mention(paragraphs, a.source.start, refers, refused)
            elif related_owner(span) is not None:
                found = None  # "Clinton's right-hand woman": whom the article names next, never the owner
            else:
                found = _antecedent(history, kind, refers) or _titled_mention(paragraphs, a.source.start, refers)
            last = [t for t in span if not (t.is_punct or t.is_space)][
                -1
            ]  # the role itself, not "the candidate's doctor"
            story_role = refers in STORY_ROLES and last.lower_ == refers and _definite(span)
            if found is None and story_role and (main := people.main(paragraphs)) is not None:
                found = people.name(main)  # "The GOP candidate proposes …": the candidate the article is about
                persons.add(found)
                spoken.append((a.source.start, found, main))
                keys[id(a)] = main
            if found is None:
                described.append((a, span))  # who it describes is decided once every named source is known
            names[id(a)] = found or a.source.text
            registry.observe(names[id(a)] or "", span, "person")
        elif refers in lx.PERSON_PRONOUNS:
            # the later of: the person last named as a subject, the person last quoted (both of its gender)
            gender = PRONOUN_GENDER[refers]
            agents = _passive_agents(span, paragraphs, a.source.start)  # "When pressed by Holt, his answer …": not Holt
            barred = frozenset(k for k in (people.resolve(n)[0] for n in agents.values()) if k is not None)
            subject = people.subject_at(a.source.start, paragraphs, gender, barred)
            source = next(
                ((at, name, key) for at, name, key in reversed(spoken)
                 if at not in agents and key not in barred and _agrees(people, name, key, gender)),
                None,
            )  # fmt: skip
            key = None
            at = -1
            voice = next(
                (v for v in reversed(voiced) if v[1] == gender and v[0] >= _recent(paragraphs, a.source.start)), None
            )
            if subject is not None and (source is None or subject[0] > source[0]):
                at, key = subject
                found = people.name(key)
                if voice is not None and voice[0] < at and (at, key, True) not in people.mentions:
                    at, found, key = -1, voice[2], voice[3]  # a name in passing does not interrupt who "she" is
            elif source is not None:
                at, found, key = source
            else:
                found = _antecedent(history, kind, refers)
            outer = _reporter(reported, names, keys, at, a.source.start)
            if outer is not None and _agrees(people, *outer, gender):
                found, key = outer  # a name inside what the last speaker said is not who "she said" is: the speaker
            if key is not None:
                people.gender.setdefault(key, gender)
                persons.add(found or "")
            if found and (key is not None or found in persons):
                keys[id(a)] = key
            voiced.append((a.source.start, gender, found, key))
            names[id(a)] = found
        else:  # a pronoun with no named source before it stays unresolved
            names[id(a)] = _antecedent(history, kind, refers)
    for _ in range(3):  # a quotation inside a quotation: the innermost speaker is found from the outside in
        for a in speakers:
            parent = attributions[a.parent] if a.parent is not None and 0 <= a.parent < len(attributions) else None
            if parent is not None and names.get(id(parent)):
                names[id(a)] = names[id(parent)]
    named = _named_things(paragraphs, {noun for _, noun in unowned}, known_table) if unowned else []
    settled: list[tuple[int, str, str]] = []  # (offset, noun, owner) of each unowned document resolved
    for a, noun in reversed(unowned):  # the last first: a headline's "New Poll" is the lede's "A new poll"
        at = a.source.start if a.source else 0
        before = [name for where, n, name in sorted(things + named) if n == noun and where < at]
        after = [name for where, n, name in sorted(things + settled)
                 if n == noun and where > at and _near(paragraphs, at, where)]  # fmt: skip
        if before or after:
            names[id(a)] = found = before[-1] if before else after[0]
            settled.append((at, noun, found))
            if (author_key := people.resolve(found)[0]) is not None:  # "Mariano wrote a memoir": Connie Mariano
                names[id(a)] = author = people.name(author_key)
                persons.add(author)
    for a, span in described:
        at = a.source.start if a.source else 0
        words = {t.lower_ for t in span if t.lower_ in lx.TITLES} | {t.lemma_.lower() for t in span}
        words |= {lx.TITLE_SYNONYMS[w] for w in words if w in lx.TITLE_SYNONYMS}
        words &= lx.TITLES - lx.HONORIFICS - {"former", "vice", "deputy", "chief", "head"}
        same = [(where, name) for where, name, text in titled if where != at and words & set(text.split())]
        same = _serving_owner(same, span, at, people, paragraphs, affiliations)
        titled_as = min(same, key=lambda w: (w[0] > at, abs(w[0] - at)))[1] if same else None
        agent = span.root.lower_ in lx.AGENT_NOUNS and any(
            c.dep_ == "poss" and c.lower_ in PRONOUN_GENDER for c in span.root.children
        )
        if agent:  # "His lawyer" speaks for him: never the person last named, who is likely the client
            found = titled_as
        elif _definite(span):  # "his attorney": the attorney the article names, wherever it does
            found = titled_as or _described(people, paragraphs, spoken, span, at)
        else:  # "A former DNC chairman says": the lede's speaker, named next
            found = _described(people, paragraphs, spoken, span, at) or titled_as
        if found is not None:
            names[id(a)] = found
            persons.add(found)
            registry.observe(found, span, "person")
    bodies = _named_bodies(paragraphs)
    for a in attributions:
        if a.source is None or id(a) in continues or not names.get(id(a)) or names[id(a)] in persons:
            continue
        phrase = tokens_between(paragraphs, a.source.start, a.source.end)
        at = a.source.start
        nearby = functools.partial(_near, paragraphs, at)
        if phrase is not None and (named_body := _body_described(phrase, bodies, at, nearby)) is not None:
            names[id(a)] = named_body  # "A House panel" → the committee the article names
            registry.observe(named_body, phrase, "group")
    for a in spokes:  # "a spokesman announced", unnamed: the organisation speaks, whichever spokesman it was
        if (org := affiliations.get(names.get(id(a)) or "")) is not None:
            names[id(a)] = org  # typed by its own name ("Clinton campaign"), not by the spokesman's title
    byline = _byline_person(author)
    signatures = _signatures(text) if text else []
    interview = _is_interview(paragraphs)
    for a in speakers:
        if names.get(id(a)) is None and a.parent is None and a.source and a.source.text.lower() in ("i", "me"):
            para = paragraph_at(paragraphs, a.source.start)
            if para is None or in_quote(a.source.start - para.start, find_quotes(para.doc.text)):
                continue
            if _someone_elses_turn(para.doc.text, interview):
                continue  # an interview's answer or a transcript's turn: its "I" is not the byline's writer
            # a letters page signs each letter after it ("Michael Pravica." then "Henderson, Nev."); else the byline
            signed = (name for at, name in signatures if 0 < at - a.source.start <= SIGNED_WITHIN)
            writer = next(signed, None) or byline
            if writer:
                names[id(a)] = writer
                persons.add(writer)
    full = _full_names(history)
    for a in attributions:
        name = names.get(id(a))
        if name:
            name = full.get(name, name)
            a.actor = registry.actor(name, alias=a.source.text if a.source else None, person=name in persons)
            a.actor.affiliation = a.actor.affiliation or affiliations.get(name)
            a.actor.ambiguous = name in ambiguous
        for k, link in enumerate(a.chain):
            span = tokens_between(paragraphs, link.start, link.end)
            chain_name = describe(span, known_table)[0] if span is not None else None
            if span is not None:
                registry.observe(chain_name or link.text, span, "unknown")
            a.chain[k] = replace(link, actor=registry.actor(chain_name or link.text, alias=link.text))


def _serving_owner(
    same: list[tuple[int, str]],
    span: SpacySpan,
    at: int,
    people: Names,
    paragraphs: list[Paragraph],
    affiliations: dict[str, str],
) -> list[tuple[int, str]]:
    """Of the people titled as a possessive description is ("His lawyer", "Pagliano's attorney"), those whose role
    serves its owner: the person the possessive names, or for a pronoun one the paragraph names before it — "the
    panel held Pagliano in contempt. His lawyer said …" is Pagliano's attorney, not the other lawyer the article
    quoted last. All of them when none does."""
    owner = next((c for c in span.root.children if c.dep_ == "poss"), None)
    if owner is None or not same:
        return same
    if owner.lower_ in PRONOUN_GENDER:  # "His lawyer" is no lawyer of a woman's ("Clinton's lawyer Cheryl Mills")
        gender = PRONOUN_GENDER[owner.lower_]
        same = [
            (where, name) for where, name in same if _client_gender(people, affiliations.get(name)) in (None, gender)
        ]
    if len(same) < 2:
        return same
    if owner.pos_ == "PRON":
        para = paragraph_at(paragraphs, at)
        wanted = {key for where, key, _ in people.mentions if para is not None and para.start <= where < at}
    else:
        key = people.resolve(span.doc[owner.left_edge.i : owner.i + 1].text)[0]
        wanted = {key} if key is not None else set()
    served = [(where, name) for where, name in same
              if name in affiliations and people.resolve(affiliations[name])[0] in wanted]  # fmt: skip
    return served or same


def _client_gender(people: Names, client: str | None) -> str | None:
    """The gender the article tells for the person a role serves, if it names one."""
    key = people.resolve(client)[0] if client else None
    return people.gender.get(key) if key is not None else None


def _client_is(people: Names, gender: str, client: str) -> bool:
    return _client_gender(people, client) == gender


def _named_things(paragraphs: list[Paragraph], nouns: set[str], known_table: KnownActors) -> list[tuple[int, str, str]]:
    """(offset, noun, owner) of every owned document the text names, a source or not: "In this poll" after "The
    USC Dornsife/Los Angeles Times Daybreak tracking poll … showed" is that poll, not the one quoted before it."""
    found = []
    for para in paragraphs:
        quotes = find_quotes(para.doc.text)
        for t in para.doc:
            noun = lx.REFERRED_SYNONYMS.get(t.lower_, t.lower_)
            if noun not in nouns or t.tag_ != "NN":
                continue
            if any(c.pos_ == "PROPN" for c in t.lefts):
                phrase = para.doc[t.left_edge.i : t.i + 1]
                name = _owner(t, phrase, known_table)[0]
                if name is not None and name.split()[-1].lower() != t.lower_:
                    found.append((para.start + phrase.start_char, noun, name))
            elif (author := _author(t, known_table)) is not None and not in_quote(t.idx, quotes):
                found.append((para.start + t.idx, noun, author))
    return found


def _author(noun: Token, known_table: KnownActors) -> str | None:
    """Who authored a document the text says they made: the named subject of "ran a feature", "wrote a memoir",
    "issued a statement" (not a pronoun's, which the article resolves elsewhere)."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or verb.lemma_.lower() not in lx.AUTHORING_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    name, kind, _ = describe(noun.doc[subject.left_edge.i : subject.i + 1], known_table)
    return name if kind != "none" and name is not None and name[:1].isupper() else None


def _recent(paragraphs: list[Paragraph], at: int) -> int:
    """Where the paragraphs a pronoun at ``at`` looks back over begin."""
    para = paragraph_at(paragraphs, at)
    position = paragraphs.index(para) if para is not None else 0
    return paragraphs[max(0, position - RECENT_PARAGRAPHS)].start


def _agrees(people: Names, name: str, key: Key | None, gender: str) -> bool:
    """Whether a person source may be who a pronoun of ``gender`` is: the gender the article tells for them, else
    their given name's (a coordination, "Obama and Michelle", is nobody's "she")."""
    if key is not None:
        return people.gender.get(key, gender) == gender
    return not COORDINATED.search(name) and given_name_gender(name.split()[0]) in (None, gender)


def _reporter(
    reported: list[tuple[int, int, int]], names: dict[int, str | None], keys: dict[int, Key | None], at: int, here: int
) -> tuple[str, Key | None] | None:
    """The person whose reported content holds offset ``at`` (a name the pronoun at ``here`` would stand for),
    when the pronoun lies outside that content: in "Mathur said Ivanka Trump's statement didn't clarify it. '…,'
    she said", Ivanka Trump is what Mathur talked about and "she" is Mathur."""
    if at < 0:
        return None
    for start, end, owner in reversed(reported):
        if start <= at < end and not start <= here < end and owner in keys and (name := names.get(owner)):
            return name, keys[owner]
    return None


def _passive_agents(span: SpacySpan, paragraphs: list[Paragraph], at: int) -> dict[int, str]:
    """Offset → name of the names that are the agent of a subjectless passive clause before the pronoun at ``at`` in its
    sentence: "When pressed by Holt about it, his answer was …" — the one pressed is the pronoun's person, never
    the presser."""
    para = paragraph_at(paragraphs, at)
    if para is None:
        return {}
    found: dict[int, str] = {}
    for t in span.sent:
        if t.i >= span.start or t.dep_ != "pobj" or t.head.dep_ != "agent":
            continue
        verb = t.head.head
        if (
            verb.dep_ in ("advcl", "acl")
            and verb.tag_ == "VBN"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        ):
            names = [w for w in t.subtree if w.pos_ == "PROPN"]
            if names:
                found[para.start + names[0].idx] = span.doc[names[0].i : names[-1].i + 1].text
    return found


PARTY_LETTERS = frozenset({"R", "D", "I"})
SPEAKING_BODIES = lx.BODY_NOUNS | lx.SOURCE_NOUNS | frozenset({"audience", "crowd", "announcer", "narrator"})


def _label_name(span: SpacySpan, name: str, known_table: KnownActors) -> str:
    """A transcript's speaker label in capitals ("WALLACE:", "MR. TRUMP:") as the name is written in prose
    ("Wallace", "Mr. Trump"), so that it meets the article's full name; a known name ("NATO:") as it is."""
    after = span.doc.text[span.end_char : span.end_char + 1]
    label = span.text.strip()
    if after != ":" or not label.isupper() or known_table.get(label) is not None:
        return name
    words = [word.capitalize() for word in label.split()]
    while len(words) > 1 and words[0].lower() in lx.HONORIFICS | lx.TITLES:
        words.pop(0)  # "MR. TRUMP", "SEN. KAINE": the name, not the title
    return " ".join(words)


def _labelled_member(span: SpacySpan) -> SpacySpan:
    """The legislator a party-and-state label belongs to: a source found as "OH" or "R-OH" in "Gov. John Kasich
    (R-OH) said" is John Kasich (the name before the parenthesis, with its title); any other span as it is."""
    doc, i = span.doc, span.start
    if i >= 1 and doc[i].text in PARTY_LETTERS and doc[i - 1].text == "(":
        i += 2  # the span starts at the party letter: "R-OH"
    if not (i >= 4 and doc[i - 1].text == "-" and doc[i - 2].text in PARTY_LETTERS and doc[i - 3].text == "("):
        return span
    end = start = i - 3
    while (
        start > 0 and (doc[start - 1].pos_ == "PROPN" or _title_abbreviation(doc[start - 1].text)) and end - start < 6
    ):
        start -= 1
    return doc[start:end] if start < end else span


def _title_abbreviation(word: str) -> bool:
    return len(word) > 2 and word.endswith(".") and word[0].isupper() and word[1:-1].isalpha()  # "Gov.", "Sen."


def _near(paragraphs: list[Paragraph], at: int, later: int) -> bool:
    """Whether offset ``later`` lies within the two paragraphs after the one holding ``at`` (or in it)."""
    para = paragraph_at(paragraphs, at)
    position = paragraphs.index(para) if para is not None else 0
    return later <= paragraphs[min(len(paragraphs) - 1, position + 2)].end


def _definite(span: SpacySpan) -> bool:
    return span[0].lower_ == "the" or any(t.dep_ == "poss" for t in span)


def _described(
    people: Names, paragraphs: list[Paragraph], spoken: list[tuple[int, str, Key | None]], span: SpacySpan, at: int
) -> str | None:
    """The person a description with no name stands for ("Obama's former campaign strategist", "A former DNC
    chairman"): a definite one ("the …", "X's …") in the body is the person last named as a subject before it,
    outside its own sentence; otherwise — an indefinite one, or a headline's — the next person named as a source
    within the next paragraphs (a lede names its speaker after describing them)."""
    definite = _definite(span)
    owner = related_owner(span)  # "Clinton's right-hand woman" is not Clinton
    barred = people.resolve(span.doc[owner.left_edge.i : owner.i + 1].text)[0] if owner is not None else None
    para = paragraph_at(paragraphs, at)
    position = paragraphs.index(para) if para is not None else 0
    sentence = span.sent
    if definite and position > 0:
        lo = paragraphs[max(1, position - RECENT_PARAGRAPHS)].start
        index = bisect.bisect_left(people.mentions, (at,)) - 1
        for k in range(index, -1, -1):
            where, key, subject = people.mentions[k]
            if where < lo:
                break
            if key == barred:
                continue
            if subject and not (para is not None and sentence.start_char <= where - para.start < sentence.end_char):
                return people.name(key)
    horizon = paragraphs[min(len(paragraphs) - 1, position + 2)].end
    for where, _name, person in spoken:
        if at < where <= horizon and person is not None and person != barred:
            return people.name(person)
    if span[0].lower_ == "the":  # "the Vermont senator": someone just named
        last_subject = people.subject_before(at, paragraphs, None)
        return people.name(last_subject) if last_subject is not None and last_subject != barred else None
    return None


SIGNATURE = re.compile(r"(?:[A-Z][\w'’.-]*\s){1,3}[A-Z][\w'’-]+|@\w{2,30}")
SIGNED_WITHIN = 3000  # characters between a letter's "I" and the signature under it


def _signatures(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each line that is only a person's name or a handle and a full stop, in text order:
    the signatures of a letters page ("Michael Pravica."), each under the letter it signs. The cleaner may have
    set such a line aside as a byline, so the article's text is read, not its parsed paragraphs."""
    found: list[tuple[int, str]] = []
    for line in re.finditer(r"^[^\S\n]*(\S[^\n]{2,40}?)\.?[^\S\n]*$", text, re.M):
        name = line.group(1)
        if not SIGNATURE.fullmatch(name):
            continue
        if name.startswith("@") or (
            person_key(name) is not None and given_name_gender(name.split()[0], mostly=True) is not None
        ):
            found.append((line.start(1), name))
    return found


_QUESTION = re.compile(r"^\s*[\"“]?Q\s*[:.]\s")
_ANSWER = re.compile(r"^\s*[\"“]?A\s*[:.]\s")
_TURN = re.compile(r"^\s*[\"“]?[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}\s*:\s")


_VOCATIVE = re.compile(r",\s([A-Z][a-z]+)[.?!,]")  # "But this is America, Chris."


def _addressed_names(paragraphs: list[Paragraph]) -> dict[str, str]:
    """A two-person transcript's speaker label → the full name its given name completes: the one given name the
    other speaker calls them by ("PENCE: … this is America, Chris." makes "WALLACE:" Chris Wallace)."""
    turns = [(m.group(0), p.doc.text) for p in paragraphs if (m := _TURN.match(p.doc.text))]
    labels = {re.sub(r"[\s\"“:]", "", label) for label, _ in turns}
    if len(labels) != 2 or not all(label.isalpha() for label in labels):
        return {}
    found: dict[str, str] = {}
    for label in labels:
        (other,) = labels - {label}
        called = {
            word
            for turn, text in turns
            if re.sub(r"[\s\"“:]", "", turn) == other
            for word in _VOCATIVE.findall(text)
            if given_name_gender(word, mostly=True) is not None
        }
        if len(called) == 1:
            found[label.capitalize()] = f"{called.pop()} {label.capitalize()}"
    return found


def _is_interview(paragraphs: list[Paragraph]) -> bool:
    """Whether the article is a question-and-answer interview: paragraphs open with "Q:" and with "A:"."""
    texts = [p.doc.text for p in paragraphs]
    return any(_QUESTION.match(t) for t in texts) and any(_ANSWER.match(t) for t in texts)


def _someone_elses_turn(paragraph: str, interview: bool) -> bool:
    """Whether a paragraph is spoken by someone the byline is not: in an interview, every paragraph but the
    questions (an answer runs on over paragraphs with no "A:"); elsewhere, a transcript's turn ("WALLACE: …").

    >>> _someone_elses_turn("A: I think it is strong.", False), _someone_elses_turn("I think so.", True)
    (True, True)
    >>> _someone_elses_turn("Q: Do I have that right?", True), _someone_elses_turn("I was there.", False)
    (False, False)
    """
    if interview:
        return not _QUESTION.match(paragraph)
    return bool(_ANSWER.match(paragraph) or _TURN.match(paragraph))


def _byline_person(author: str | None) -> str | None:
    """The one person a byline names ("By James B. Stewart" → "James B. Stewart"), else none."""
    if not author:
        return None
    name = re.sub(r"^\s*by\s+", "", author.strip(), flags=re.I)
    if re.search(r"[,;&]|\band\b", name) or person_key(name) is None or len(name.split()) > 4:
        return None
    return name


def _titled_mention(
    paragraphs: list[Paragraph], before: int, title: str, barred: Callable[[str], bool] | None = None
) -> str | None:
    """The last name introduced with ``title`` before offset ``before`` ("Mayor Ana Ruiz" for "the mayor"),
    else the first one after it (a headline's "minister says" is named in the body); never one whose title is
    of an owner ``barred`` refuses ("Clinton's lawyer Cheryl Mills" for "his lawyer")."""
    return _titled_in(paragraphs, before, title, barred=barred) or _titled_in(
        paragraphs, None, title, first=True, barred=barred
    )


def _titled_in(
    paragraphs: list[Paragraph],
    before: int | None,
    title: str,
    *,
    first: bool = False,
    barred: Callable[[str], bool] | None = None,
) -> str | None:
    found = None
    for para in paragraphs:
        if before is not None and para.start >= before:
            break
        doc = para.doc
        for tok in doc:
            if tok.lower_ != title or (before is not None and para.start + tok.idx >= before):
                continue
            owners = [doc[c.left_edge.i : c.i + 1].text for c in tok.children if c.dep_ == "poss"]
            if barred is not None and any(barred(o) for o in owners):
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
        if refers in lx.PLURAL_PRONOUNS and k == "person":
            continue  # "they" is not one named person
        if kind == "unknown" or k == kind:
            return name
    return None


def _full_names(history: list[tuple[str, Kind, str]]) -> dict[str, str]:
    """One-word person names → the only longer person name in the article that ends with them; an outlet's
    short name ("The Post", "the Times") → the only longer outlet name the article gives that ends with it."""
    # "Rubio and Cruz" (a headline's pair) is two people: it completes neither "Cruz" nor "Mr. Cruz"
    people = {name for name, kind, _ in history if kind == "person" and " " in name and not COORDINATED.search(name)}
    groups = {name for name, kind, _ in history if kind != "person" and " " in name}
    full: dict[str, str] = {}
    for name, kind, _ in history:
        if " " not in name:
            longer = [p for p in people if p.split()[-1] == name]
            if len(longer) == 1:
                full[name] = longer[0]
        short = re.fullmatch(r"(?:[Tt]he )?([A-Z][a-z]+)", name)
        if kind != "person" and short and short[1].lower() in lx.OUTLET_NAME_ENDINGS:
            outlets = [g for g in groups if g != name and g.split()[-1] == short[1] and len(g.split()) >= 2]
            outlets = [g for g in outlets if not re.fullmatch(r"(?:[Tt]he )?" + short[1], g)]
            if len(outlets) == 1:
                full[name] = outlets[0]
    return full
