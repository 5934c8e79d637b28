"""Stage 6 — what each attribution means: hedges, verification notes, the article's own voice.

Quantities, places and dates come from :mod:`claimledger.enrich`; this module attaches them.

* ``hedges`` — words that qualify the assertion, from the cue verb ("suggest", "claimed", "denied")
  and the content ("likely", "appears", "reportedly"), each with a strength (lexicon data).
* verification notes — "X could not independently verify these claims" is a note, not a claim. Its
  author is the subject (or the publisher, for "has not been confirmed"); its scope is every attribution
  back to the previous note (subheadings do not end it: they break a report, not its sourcing).
* the article's own voice — a sentence no attribution covers is an assertion of the publisher
  (kind ``unattributed``), so nothing the article asserts is lost.
* ``original_publisher`` — an outlet the text names as a verification note's author (or as contacting
  someone for comment) when the page's site differs: the likely original of a republished copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimledger.attribute import lexicon as lx
from claimledger.attribute.actors import describe
from claimledger.attribute.registry import ActorRegistry, same_publisher
from claimledger.enrich import find_dates, find_places, find_quantities
from claimledger.parse import Paragraph, tokens_between
from claimledger.records import Actor, Article, Attribution, Hedge, Span, Verification, VerificationNote

MIN_VOICE_WORDS = 4


@dataclass(slots=True)
class _Note:
    sentence: SpacySpan
    start: int
    end: int
    author: Actor | None


def find_hedges(attribution: Attribution, paragraphs: list[Paragraph]) -> list[Hedge]:
    """Hedges of one attribution: its cue verb, then words of its content, in text order."""
    found: list[Hedge] = []
    if attribution.cue is not None:
        cue = tokens_between(paragraphs, attribution.cue.start, attribution.cue.end)
        for token in cue or []:
            strength = lx.HEDGE_CUES.get(token.lemma_.lower())
            if strength:
                found.append(_hedge(token, paragraphs, strength))
    for content in attribution.content:
        tokens = tokens_between(paragraphs, content.start, content.end)
        for token in tokens or []:
            strength = lx.HEDGE_WORDS.get(token.lower_) or lx.HEDGE_WORDS.get(token.lemma_.lower())
            if strength and (token.lower_ not in lx.MODAL_HEDGES or token.tag_ == "MD"):
                found.append(_hedge(token, paragraphs, strength))
    return found


def _hedge(token: Token, paragraphs: list[Paragraph], strength: str) -> Hedge:
    offset = next(p.start for p in paragraphs if p.doc is token.doc)
    start = offset + token.idx
    return Hedge(start, start + len(token.text), token.text, strength)


def _covered(attributions: list[Attribution], start: int, end: int) -> bool:
    for a in attributions:
        for span in [a.source, a.cue, *a.content]:
            if span is not None and span.start < end and start < span.end:
                return True
    return False


def _notes(article: Article, paragraphs: list[Paragraph], registry: ActorRegistry) -> list[_Note]:
    notes: list[_Note] = []
    for para in paragraphs:
        for sent in para.doc.sents:
            if not lx.VERIFICATION_NOTE.search(sent.text):
                continue
            start, end = para.start + sent.start_char, para.start + sent.end_char
            while end > start and article.text[end - 1].isspace():
                end -= 1
            notes.append(_Note(sent, start, end, _note_author(sent, registry)))
    return notes


def _note_author(sent: SpacySpan, registry: ActorRegistry) -> Actor | None:
    """The subject of the sentence's main verb ("Euronews could not verify …"), unless it is the claims."""
    subjects = [t for t in sent.root.children if t.dep_ in ("nsubj",)]
    if not subjects:
        return None  # "… has not been confirmed": the publisher, filled in by the caller
    subject = subjects[0]
    if subject.lower_ in lx.FIRST_PERSON_PRONOUNS:
        return None  # "We could not verify …": the publisher itself
    phrase = sent.doc[subject.left_edge.i : subject.right_edge.i + 1]
    name, kind, _ = describe(phrase)
    if name is None:
        return None
    registry.observe(name, phrase, kind)
    return registry.actor(name, alias=phrase.text)


def _self_named_outlets(paragraphs: list[Paragraph], registry: ActorRegistry) -> list[Actor]:
    """Outlets that are the subject of "contacted … for comment"-like verbs: the publisher at work."""
    found = []
    for para in paragraphs:
        for token in para.doc:
            if token.lemma_.lower() in lx.PUBLISHER_SELF_VERBS and token.pos_ == "VERB":
                for subject in (c for c in token.children if c.dep_ == "nsubj"):
                    phrase = para.doc[subject.left_edge.i : subject.right_edge.i + 1]
                    name, kind, _ = describe(phrase)
                    if name:
                        registry.observe(name, phrase, kind)
                        actor = registry.actor(name, alias=phrase.text)
                        if actor.type == "outlet":
                            found.append(actor)
    return found


def enrich(article: Article, paragraphs: list[Paragraph]) -> None:
    """Fill hedges, verification notes and status, the article's own voice and the original publisher."""
    registry = ActorRegistry()
    # 1. verification notes and the original publisher
    notes = _notes(article, paragraphs, registry)
    outlets = [n.author for n in notes if n.author and n.author.type == "outlet"]
    outlets += _self_named_outlets(paragraphs, registry)
    original = next((o for o in outlets if not same_publisher(o.name, article.metadata.site)), None)
    if original is not None:
        article.original_publisher = original
    publisher = original or (Actor(article.metadata.site, "outlet") if article.metadata.site else None)
    # 2. the article's own voice
    voice = _voice(article, paragraphs, notes, publisher)
    _insert(article, voice)
    # 3. hedges
    for a in article.attributions:
        a.hedges = find_hedges(a, paragraphs)
    # 4. quantities, places and dates: the article's, and each attribution's within its content
    article.quantities = find_quantities(paragraphs)
    article.places = find_places(paragraphs)
    article.dates = find_dates(paragraphs, article.metadata.published)
    for a in article.attributions:
        a.quantities = [q for q in article.quantities if _inside(q, a.content)]
        a.places = [p for p in article.places if _inside(p, a.content)]
        # when: dates in the content, and in the rest of the cue's sentence ("…,” she said on Wednesday)
        a.dates = [d for d in article.dates if _inside(d, [*a.content, *_cue_sentence(a, paragraphs)])]
    # 5. verification scope, now that indexes are final
    article.verification_notes = []
    previous_end = 0
    for note in notes:
        author = note.author or publisher
        span = article.span(note.start, note.end)
        scope = [
            i
            for i, a in enumerate(article.attributions)
            if a.kind != "unattributed" and previous_end <= _anchor(a) < note.start
        ]
        for i in scope:
            article.attributions[i].verification = Verification("unverified", span, author)
        article.verification_notes.append(VerificationNote(span, "unverified", author, scope))
        previous_end = note.end


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


def _anchor(a: Attribution) -> int:
    return min([s.start for s in (a.source, a.cue) if s is not None] + [c.start for c in a.content])


def _voice(
    article: Article, paragraphs: list[Paragraph], notes: list[_Note], publisher: Actor | None
) -> list[Attribution]:
    voice: list[Attribution] = []
    for para in paragraphs:
        for sent in para.doc.sents:
            start, end = para.start + sent.start_char, para.start + sent.end_char
            text = article.text[start:end]
            stripped = text.strip()
            if len([t for t in sent if t.is_alpha]) < MIN_VOICE_WORDS or stripped.endswith("?"):
                continue
            start += len(text) - len(text.lstrip())
            end = start + len(stripped)
            if _covered(article.attributions, start, end) or any(n.start < end and start < n.end for n in notes):
                continue
            voice.append(Attribution(kind="unattributed", content=[Span.of(article.text, start, end)],
                                     actor=publisher, confidence=0.5))  # fmt: skip
    return voice


def _insert(article: Article, extra: list[Attribution]) -> None:
    """Merge attributions into text order, keeping ``parent`` indexes right."""
    merged = sorted(article.attributions + extra, key=_anchor)
    old = {id(a): i for i, a in enumerate(article.attributions)}
    new = {id(a): i for i, a in enumerate(merged)}
    by_old = {i: a for i, a in enumerate(article.attributions)}
    for a in merged:
        if a.parent is not None and id(a) in old:
            a.parent = new[id(by_old[a.parent])]
    article.attributions = merged
