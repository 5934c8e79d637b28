"""Stage 6 — hedges: words that qualify how firmly an attribution asserts its content.

From the cue verb ("suggest", "claimed", "denied") and the content ("likely", "appears", "reportedly"), each
with a strength (``lexicon.HEDGE_CUES``, ``lexicon.HEDGE_WORDS``).
"""

from __future__ import annotations

from spacy.tokens import Token

import claimledger.attribute.lexicon as lx
from claimledger.parse import Paragraph, paragraph_at, tokens_between
from claimledger.records import Attribution, Hedge


def find_hedges(attribution: Attribution, paragraphs: list[Paragraph]) -> list[Hedge]:
    """Hedges of one attribution: its cue verb, then words of its content, in text order."""
    found: list[Hedge] = []
    if attribution.cue is not None:
        cue = tokens_between(paragraphs, attribution.cue.start, attribution.cue.end)
        for token in cue or []:
            strength = lx.HEDGE_CUES.get(token.lemma_.lower())
            if strength:
                found.append(_hedge(token, paragraphs, attribution.cue.start, strength))
    for content in attribution.content:
        tokens = tokens_between(paragraphs, content.start, content.end)
        for token in tokens or []:
            strength = lx.HEDGE_WORDS.get(token.lower_) or lx.HEDGE_WORDS.get(token.lemma_.lower())
            if strength and (token.lower_ not in lx.MODAL_HEDGES or token.tag_ == "MD"):
                found.append(_hedge(token, paragraphs, content.start, strength))
    return found


def _hedge(token: Token, paragraphs: list[Paragraph], near: int, strength: str) -> Hedge:
    """The hedge ``token``, of the paragraph that holds offset ``near`` (found by binary search)."""
    para = paragraph_at(paragraphs, near)
    assert para is not None and para.doc is token.doc
    start = para.start + token.idx
    return Hedge(start, start + len(token.text), token.text, strength)
