"""Stage 5's entry point: the choice of extractor, then what every extractor's output goes through.

``extractor``: ``"rules"`` (:mod:`claimledger.attribute.rules` alone), ``"model"`` (the trained tagger alone,
:mod:`claimledger.attribute.learned`) or ``"hybrid"`` (both, :mod:`claimledger.attribute.hybrid`). Whichever
is chosen, attributions are then nested (``parent``), a first-person cue inside a quotation of unknown speaker
is dropped, a cue with no source is given its verb's subject (:func:`~claimledger.attribute.rules.lend_subjects`),
and sources are resolved to actors (:mod:`claimledger.attribute.actors`).
"""

from __future__ import annotations

import bisect

import claimledger.attribute.lexicon as lx
from claimledger.attribute.actors import resolve_actors
from claimledger.attribute.hybrid import merge
from claimledger.attribute.learned import tagged_attributions
from claimledger.attribute.quotes import Quote, in_quote
from claimledger.attribute.registry import known_actors
from claimledger.attribute.rules import article_rules, lend_subjects
from claimledger.parse import Paragraph
from claimledger.records import Article, Attribution
from claimledger.settings import Settings
from claimledger.tagger.runtime import load_tagger


def find_attributions(article: Article, paragraphs: list[Paragraph], settings: Settings) -> list[Attribution]:
    """Every attribution of an article, in text order, with nesting, continuation and actors resolved.

    ``settings.extractor`` chooses the extractor, ``settings.tagger_model`` the trained model's directory
    (default: the shipped one) and ``settings.actors`` a file of more known actors.
    """
    rules = article_rules(article, paragraphs)
    result = rules.attributions
    if settings.extractor != "rules":
        learned = tagged_attributions(article, load_tagger(settings.tagger_model).tag(paragraphs))
        result = learned if settings.extractor == "model" else merge(result, learned)
    result = [a for a in result if _asserts(article, a)]
    lend_subjects(paragraphs, result, article)  # the tagger's cue without a source: its verb's subject
    _nest(result)
    result = _drop_unanchored_first_person(result, rules.quotes)
    known = known_actors(settings.actors)
    # a quotation the rules took for the previous speaker's continuation but that now names its own speaker
    # ("“…,” the article read.", the speaker lent by the model) is that speaker's, not a continuation
    spoken = {id(a) for a in result if a.source is not None}
    continues = {k: v for k, v in rules.continues.items() if k not in spoken}
    resolve_actors(paragraphs, result, continues, known, author=article.metadata.author, text=article.text)
    return result


def _asserts(article: Article, a: Attribution) -> bool:
    """Whether an attribution reports an assertion: not a name ("also known as"), not a newsroom formula ("did
    not respond to a request for comment"), nothing of it in a heading, caption or list title, and in the headline
    only the headline's own "…, X says"."""
    if a.cue is not None and lx.NON_CUE.fullmatch(a.cue.text.strip()):
        return False
    if any(lx.NOT_CLAIM_CONTENT.search(c.text) for c in a.content):
        return False
    if any(article.is_heading(s.start, s.end) for s in a.spans()):
        return False
    # in the headline, only its own "…, X says" (the rules' kind "headline"), never "Topic: …" or what the tagger
    # reads into a headline's verbs ("Google Bets on the Future")
    title = (article.metadata.title or "").strip()
    for h in article.headings:
        if h.kind == "title" and h.text == title and any(h.start <= s.start < h.end for s in a.spans()):
            return a.kind == "headline" and a.cue is not None and a.cue.text.strip() != ":"
    return True


def _drop_unanchored_first_person(attributions: list[Attribution], quotes: list[Quote]) -> list[Attribution]:
    """ "I think …" inside a quotation whose speaker is unknown says nothing about who asserts it: drop it.

    (When the quotation's speaker is known, the attribution is kept, nested under it.)
    """
    keep: list[Attribution] = []
    index: dict[int, int] = {}
    for i, a in enumerate(attributions):
        speaker_pronoun = a.source is not None and a.source.text.lower() in lx.SPEAKER_PRONOUNS
        if a.parent is None and speaker_pronoun and a.cue is not None and in_quote(a.cue.start, quotes):
            continue
        index[i] = len(keep)
        keep.append(a)
    for a in keep:
        a.parent = index.get(a.parent) if a.parent is not None else None
    return keep


def _nest(attributions: list[Attribution]) -> None:
    """``parent``: the smallest other attribution whose content encloses this one's cue (or source).

    The contents are sorted by start; an anchor looks back only over those that start within the longest
    content's length before it, so an article of many attributions costs near-linear time, not quadratic.
    """
    contents = sorted((c.start, c.end, j) for j, b in enumerate(attributions) for c in b.content)
    starts = [start for start, _, _ in contents]
    longest = max((end - start for start, end, _ in contents), default=0)
    for i, a in enumerate(attributions):
        anchor = a.cue or a.source
        if anchor is None:
            continue
        best: tuple[int, int] | None = None
        first = bisect.bisect_left(starts, anchor.end - longest)
        for start, end, j in contents[first : bisect.bisect_right(starts, anchor.start)]:
            b = attributions[j]
            same_cue = a.cue and b.cue and a.cue == b.cue
            if i != j and anchor.end <= end and not same_cue and (best is None or (end - start, j) < best):
                best = (end - start, j)
        a.parent = best[1] if best else None
