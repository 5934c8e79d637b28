"""Stage 4 — parse: spaCy over the article's paragraphs, in batches.

Paragraphs are the text's non-blank lines outside the excluded regions, a line longer than
:data:`MAX_PARAGRAPH_CHARS` split at sentence ends (else at whitespace) so that spaCy never sees a huge text;
each parsed ``Doc`` keeps the offset of its paragraph so that token offsets map back to ``Article.text``.
The spaCy pipeline itself is assembled by :mod:`claimledger.nlp` (the only module that knows which later
stages run inside it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger.clean import lines
from claimledger.records import Article

MAX_PARAGRAPH_CHARS = 10_000  # far above a news paragraph; far below spaCy's max_length (1,000,000)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Paragraph:
    """A paragraph of an article: its offset in ``Article.text`` and its parse."""

    start: int
    doc: Doc
    end: int = field(init=False)  # computed once: ``doc.text`` rebuilds the string on every access

    def __post_init__(self) -> None:
        self.end = self.start + len(self.doc.text)


def split_long(text: str, start: int, end: int, limit: int = MAX_PARAGRAPH_CHARS) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``limit`` characters, stripped: cut after the last sentence end
    of each window, else at its last whitespace, else at the limit; each piece is at least half a window, so
    the cost stays linear.

    >>> text = "First one. Second one. Third"
    >>> [text[s:e] for s, e in split_long(text, 0, len(text), limit=16)]
    ['First one.', 'Second one.', 'Third']
    """
    while end - start > limit:
        window = text[start : start + limit]
        cut = next((m.end() for m in reversed(list(_SENTENCE_END.finditer(window))) if m.end() > limit // 2), None)
        if cut is None:
            cut = next((m.start() for m in reversed(list(_SPACE.finditer(window))) if m.start() > limit // 2), limit)
        piece = text[start : start + cut]
        if piece.strip():
            s = start + len(piece) - len(piece.lstrip())
            yield s, s + len(piece.strip())
        start += cut
        start += len(text[start : start + limit]) - len(text[start : start + limit].lstrip())
    piece = text[start:end]
    if piece.strip():
        s = start + len(piece) - len(piece.lstrip())
        yield s, s + len(piece.strip())


def paragraph_spans(article: Article) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs to analyse: non-blank lines, less their excluded regions and less the
    headings, captions and list titles (the headline stays: its "…, X says" is an attribution)."""
    spans: list[tuple[int, int]] = []
    regions = sorted(
        [(b.start, b.end) for b in article.boilerplate]
        + [(h.start, h.end) for h in article.headings if h.kind != "title"]
    )
    for start, end in lines(article.text):
        pieces = [(start, end)]
        for r_start, r_end in regions:
            if r_start < end and start < r_end:
                pieces = [p for s, e in pieces for p in ((s, min(e, r_start)), (max(s, r_end), e)) if p[1] > p[0]]
        for s, e in pieces:
            spans += split_long(article.text, s, e)
    return spans


def parse_articles(nlp: Language, articles: Iterable[Article], batch_size: int = 64) -> Iterator[list[Paragraph]]:
    """The parsed paragraphs of each article, in order; one ``nlp.pipe`` stream across all articles."""
    articles = list(articles)
    spans = [paragraph_spans(a) for a in articles]
    texts = (a.text[s:e] for a, sp in zip(articles, spans, strict=True) for s, e in sp)
    docs = iter(nlp.pipe(texts, batch_size=batch_size))
    for sp in spans:
        yield [Paragraph(start, next(docs)) for start, _ in sp]


def tokens_between(paragraphs: list[Paragraph], start: int, end: int) -> SpacySpan | None:
    """The tokens of ``article.text[start:end]`` (offsets into the article), if they lie in one paragraph.

    A binary search over the paragraphs' offsets (in text order): one lookup costs O(log paragraphs).
    """
    para = paragraph_at(paragraphs, start)
    if para is None or end > para.end:
        return None
    return para.doc.char_span(start - para.start, end - para.start, alignment_mode="expand")


def paragraph_at(paragraphs: list[Paragraph], offset: int) -> Paragraph | None:
    """The paragraph (in text order) that holds article offset ``offset``, if any."""
    index = bisect.bisect_right(paragraphs, offset, key=lambda p: p.start) - 1
    if index < 0 or offset > paragraphs[index].end:
        return None
    return paragraphs[index]
