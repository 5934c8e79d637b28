"""Stage 6 — verification notes, their authors and scope, and the likely original publisher.

"X could not independently verify these claims" is a note, not a claim. Its author is the subject (or the
publisher, for "has not been confirmed"); its scope is every attribution back to the previous note
(subheadings do not end it: they break a report, not its sourcing). An outlet the text names as a note's
author (or as contacting someone for comment) when the page's site differs is the likely original of a
republished copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan

import claimledger.attribute.lexicon as lx
from claimledger.attribute.actors import describe
from claimledger.attribute.registry import ActorRegistry, same_publisher
from claimledger.parse import Paragraph
from claimledger.records import Actor, Article, Verification, VerificationNote


@dataclass(slots=True)
class Note:
    sentence: SpacySpan
    start: int
    end: int
    author: Actor | None


def find_notes(article: Article, paragraphs: list[Paragraph], registry: ActorRegistry) -> list[Note]:
    notes: list[Note] = []
    for para in paragraphs:
        for sent in para.doc.sents:
            if not lx.is_verification_note(sent.text):
                continue
            start, end = para.start + sent.start_char, para.start + sent.end_char
            while end > start and article.text[end - 1].isspace():
                end -= 1
            notes.append(Note(sent, start, end, _note_author(sent, registry)))
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
    name, kind, _ = describe(phrase, registry.known)
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
                    name, kind, _ = describe(phrase, registry.known)
                    if name:
                        registry.observe(name, phrase, kind)
                        actor = registry.actor(name, alias=phrase.text)
                        if actor.type == "outlet":
                            found.append(actor)
    return found


def original_publisher(
    article: Article, paragraphs: list[Paragraph], notes: list[Note], registry: ActorRegistry
) -> Actor | None:
    """The outlet a republished copy came from, when the text gives it away (not the page's own site)."""
    outlets = [n.author for n in notes if n.author and n.author.type == "outlet"]
    outlets += _self_named_outlets(paragraphs, registry)
    return next((o for o in outlets if not same_publisher(o.name, article.metadata.site)), None)


def apply_notes(article: Article, notes: list[Note], publisher: Actor | None) -> None:
    """``Article.verification_notes`` and each attribution's ``verification``: a note covers the attributions
    back to the previous note (call once the attributions' indexes are final)."""
    article.verification_notes = []
    previous_end = 0
    for note in notes:
        author = note.author or publisher
        span = article.span(note.start, note.end)
        scope = [
            i
            for i, a in enumerate(article.attributions)
            if a.kind != "unattributed" and previous_end <= a.anchor < note.start
        ]
        for i in scope:
            article.attributions[i].verification = Verification("unverified", span, author)
        article.verification_notes.append(VerificationNote(span, "unverified", author, scope))
        previous_end = note.end
