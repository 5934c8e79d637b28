"""The orchestrator: text or HTML in, an :class:`~claimledger.records.Article` out.

Stages (one module each):

1. read — bytes to a Document (``read/``; not needed when you already hold the text)
2. extract — HTML to main text and metadata (``extract.py``)
3. clean — boilerplate marked as excluded regions, headings known, metadata lifted (``clean.py``), the
   language detected (``language.py``): an article the English stages cannot read is flagged, not parsed
4. parse — spaCy over the paragraphs, in batches (``parse.py``; the pipeline assembled by ``nlp.py``)
5. attribute — who says what, citing whom, and who they are (``attribute/``)
6. enrich — hedges, verification notes, the article's own voice, quantities, places and dates (``enrich/``)

Pure and deterministic: no database, no network, no environment — pass a
:class:`~claimledger.settings.Settings` (``Settings.from_env()`` reads the ``CLAIMLEDGER_*`` variables).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from claimledger.attribute import find_attributions
from claimledger.clean import clean, person_author
from claimledger.enrich import enrich
from claimledger.errors import ClaimledgerError
from claimledger.extract import extract_html
from claimledger.language import detect, not_analysed
from claimledger.nlp import load_nlp
from claimledger.parse import parse_articles
from claimledger.records import Article, Document, Metadata
from claimledger.settings import EXTRACTORS, Settings


@dataclass(slots=True)
class Source:
    """One input to analyse: the text or HTML, and what is known about it."""

    text: str
    html: bool = False
    url: str | None = None
    published: str | None = None
    title: str | None = None
    site: str | None = None  # the publisher, as the input's metadata names it
    author: str | None = None

    @classmethod
    def from_document(cls, doc: Document) -> Source:
        return cls(doc.content, doc.media_type == "text/html", doc.url, doc.published, doc.title, doc.site, doc.author)


def prepare(source: Source) -> Article:
    """Stages 2–3: extraction and cleaning, without the (slower) parse."""
    # 2. extract
    if source.html:
        page = extract_html(source.text, url=source.url)
        metadata = page.metadata
        text = page.text
        title = source.title or metadata.title
        if title and not text.lstrip().startswith(title):
            text = f"{title}\n\n{text}"  # the headline is part of the report (headline attributions)
        headings: list[str] | None = page.headings
    else:
        text, metadata, title, headings = source.text, Metadata(), source.title, None
    # 3. clean
    cleaned = clean(text, title=title, headings=headings)
    metadata.title = title or cleaned.title
    metadata.author = person_author(source.author) or person_author(metadata.author) or person_author(cleaned.author)
    metadata.additional_sources = cleaned.additional_sources
    metadata.site = source.site or metadata.site or cleaned.agency
    metadata.url = source.url or metadata.url
    metadata.published = source.published or metadata.published or cleaned.published
    article = Article(text=text, boilerplate=cleaned.boilerplate, metadata=metadata, headings=cleaned.headings)
    detected = detect(_unexcluded(article))
    if detected is not None:
        metadata.language, metadata.language_confidence = detected.language, detected.confidence
    article.not_analysed = not_analysed(detected)
    return article


def _unexcluded(article: Article) -> str:
    """The article's text less its excluded regions (what the language detector reads)."""
    pieces, at = [], 0
    for region in sorted(article.boilerplate, key=lambda b: b.start):
        pieces.append(article.text[at : region.start])
        at = max(at, region.end)
    return "\n".join([*pieces, article.text[at:]])


def analyze_many(sources: Iterable[Source], *, settings: Settings | None = None) -> Iterator[Article]:
    """Analyse many inputs with one batched spaCy stream (faster than :func:`analyze` in a loop).

    ``settings`` defaults to :class:`Settings`' defaults; the environment is read only by the faces.
    """
    return complete([prepare(s) for s in sources], settings=settings)


def complete(articles: list[Article], *, settings: Settings | None = None) -> Iterator[Article]:
    """Stages 4–5 over prepared articles: parse and attribute, filling ``article.attributions``."""
    settings = settings or Settings()
    nlp = load_nlp(settings)
    readable = [a for a in articles if a.not_analysed is None]  # the others are stored as read, flagged
    parsed = zip(readable, parse_articles(nlp, readable, settings.batch_size), strict=True)
    for article in articles:
        if article.not_analysed is not None:
            yield article
            continue
        _, paragraphs = next(parsed)
        article.attributions = find_attributions(article, paragraphs, settings)
        # 6. enrich: hedges, verification, the article's own voice, quantities, places, dates
        enrich(article, paragraphs, settings)
        yield article


def analyze(
    text: str,
    *,
    html: bool = False,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    extractor: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Analyse one article; ``extractor`` (``"hybrid"``, ``"model"`` or ``"rules"``) overrides the setting.

    >>> article = analyze("Rain is coming, the forecaster said.")
    >>> article.attributions[0].source.text
    'the forecaster'
    """
    if extractor is not None:
        if extractor not in EXTRACTORS:
            raise ClaimledgerError(f"extractor must be one of {', '.join(EXTRACTORS)}, not {extractor!r}")
        settings = replace(settings or Settings(), extractor=extractor)
    return next(analyze_many([Source(text, html, url, published, title)], settings=settings))
