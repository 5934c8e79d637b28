"""Stage 6 — the article's own voice: a sentence no attribution covers is an assertion of the publisher.

Such sentences become attributions of kind ``unattributed`` with the publisher as actor, so nothing the
article asserts is lost; verification notes and questions are not assertions.
"""

from __future__ import annotations

from claimledger.enrich.verification import Note
from claimledger.parse import Paragraph
from claimledger.records import Actor, Article, Attribution, Span

MIN_VOICE_WORDS = 4


def _covered(attributions: list[Attribution], start: int, end: int) -> bool:
    for a in attributions:
        for span in [a.source, a.cue, *a.content]:
            if span is not None and span.start < end and start < span.end:
                return True
    return False


def own_voice(
    article: Article, paragraphs: list[Paragraph], notes: list[Note], publisher: Actor | None
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
            if any(h.start < end and start < h.end for h in article.headings):
                continue  # a headline or heading is the page's structure, not an assertion
            voice.append(Attribution(kind="unattributed", content=[Span.of(article.text, start, end)],
                                     actor=publisher, confidence=0.5))  # fmt: skip
    return voice


def insert_in_order(article: Article, extra: list[Attribution]) -> None:
    """Merge attributions into text order, keeping ``parent`` indexes right."""
    merged = sorted(article.attributions + extra, key=lambda a: a.anchor)
    old = {id(a): i for i, a in enumerate(article.attributions)}
    new = {id(a): i for i, a in enumerate(merged)}
    by_old = {i: a for i, a in enumerate(article.attributions)}
    for a in merged:
        if a.parent is not None and id(a) in old:
            a.parent = new[id(by_old[a.parent])]
    article.attributions = merged
