"""Stage 4 — parse: spaCy over the article's paragraphs, in batches.

Paragraphs are the text's non-blank lines outside the excluded regions; each parsed ``Doc`` keeps the
offset of its paragraph so that token offsets map back to ``Article.text``. The spaCy pipeline itself is
assembled by :mod:`claimledger.nlp` (the only module that knows which later stages run inside it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger.clean import lines
from claimledger.records import Article


@dataclass(slots=True)
class Paragraph:
    """A paragraph of an article: its offset in ``Article.text`` and its parse."""

    start: int
    doc: Doc

    @property
    def end(self) -> int:
        return self.start + len(self.doc.text)


def paragraph_spans(article: Article) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs to analyse: non-blank lines, less their excluded regions."""
    spans: list[tuple[int, int]] = []
    regions = sorted((b.start, b.end) for b in article.boilerplate)
    for start, end in lines(article.text):
        pieces = [(start, end)]
        for r_start, r_end in regions:
            if r_start < end and start < r_end:
                pieces = [p for s, e in pieces for p in ((s, min(e, r_start)), (max(s, r_end), e)) if p[1] > p[0]]
        for s, e in pieces:
            text = article.text[s:e]
            stripped = text.strip()
            if stripped:
                s += len(text) - len(text.lstrip())
                spans.append((s, s + len(stripped)))
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
    """The tokens of ``article.text[start:end]`` (offsets into the article), if they lie in one paragraph."""
    for para in paragraphs:
        if para.start <= start and end <= para.end:
            return para.doc.char_span(start - para.start, end - para.start, alignment_mode="expand")
    return None
