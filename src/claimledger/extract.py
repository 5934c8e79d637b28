"""Stage 2 — extract: HTML → the article's main text (paragraphs separated by blank lines) and its metadata.

The main text comes from trafilatura (comments left out, tables kept), the publication date from
trafilatura's metadata or, when it has none, from htmldate. Any parser failure, and any page without main
text, raises :class:`~claimledger.errors.ExtractionError` with one readable line: no lxml or trafilatura
traceback escapes.

The options (precision first, the balanced mode as a fallback for short results) were tuned with
:func:`claimledger.evaluation.extraction.evaluate_extraction` on the article-extraction-benchmark; the figures
of each option set are in the README ("Extraction options, tuned on the benchmark").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from claimledger.errors import ExtractionError
from claimledger.read.document import looks_like_html
from claimledger.records import Metadata

LOGGER = logging.getLogger(__name__)

NO_TEXT_MESSAGE = "no article text found in the HTML"

# trafilatura options kept after tuning on the benchmark (see the module docstring): precision first, then
# trafilatura's balanced mode when that finds less than _SHORT_TEXT characters, kept if it finds more than
# _FALLBACK_RATIO times as much (precision mode sometimes latches onto a small block of boilerplate, while
# genuinely short articles lose from the balanced mode's extra text).
_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True, "favor_precision": True}
_FALLBACK_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True}
_SHORT_TEXT = 1000
_FALLBACK_RATIO = 2.0

_TAG_RE = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:-]*|!doctype)[\s/>]", re.IGNORECASE)
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$", re.IGNORECASE)


@dataclass(slots=True)
class ExtractedPage:
    """The main text of a page (paragraphs separated by ``"\\n\\n"``) and what is known about it."""

    text: str
    metadata: Metadata
    headings: list[str] = field(default_factory=list)  # lines the HTML marks as headings (``<h1>``…``<h6>``)


def extract_html(html: str, *, url: str | None = None) -> ExtractedPage:
    """The main text and metadata of an HTML page.

    Paragraphs (and list items, headings, table rows, lines broken by ``<br>``) are separated by blank
    lines. Raises :class:`ExtractionError` when the HTML yields no main text.
    """
    return _extract(html, url, _OPTIONS, _FALLBACK_OPTIONS, _SHORT_TEXT, _FALLBACK_RATIO)


def _extract(
    html: str,
    url: str | None,
    options: dict[str, Any],
    fallback: dict[str, Any] | None = None,
    short_text: int = 0,
    ratio: float = 1.0,
) -> ExtractedPage:
    if not isinstance(html, str):
        raise ExtractionError(f"{NO_TEXT_MESSAGE} (the input is not text)")
    if not html.strip():
        raise ExtractionError(f"{NO_TEXT_MESSAGE} (the input is empty)")
    if not _TAG_RE.search(html):
        raise ExtractionError(f"{NO_TEXT_MESSAGE} (the input is not HTML)")
    try:
        tree = _load(html)
        if tree is None:
            raise ExtractionError(f"{NO_TEXT_MESSAGE} (the input is not HTML)")
        text, document = _main_text(tree, url, options)
        if fallback is not None and len(text) < short_text:
            other_text, other_document = _main_text(tree, url, fallback)
            if len(other_text) > ratio * len(text):
                text, document = other_text, other_document
        if not text:
            raise ExtractionError(NO_TEXT_MESSAGE)
        metadata = _metadata(tree, document, url)
        headings = _headings(document)
    except ExtractionError:
        raise
    except RecursionError:
        raise ExtractionError(f"{NO_TEXT_MESSAGE} (the HTML is nested too deeply)") from None
    except Exception as exc:  # lxml, trafilatura or htmldate failing on hostile input
        LOGGER.debug("extraction failed", exc_info=True)
        raise ExtractionError(f"{NO_TEXT_MESSAGE} (the HTML could not be parsed: {type(exc).__name__})") from None
    return ExtractedPage(text=text, metadata=metadata, headings=headings)


def _headings(document: Any) -> list[str]:
    """The text of each heading of the main text, as :func:`_paragraphs` writes it (trafilatura's ``<head>``)."""
    body = getattr(document, "body", None)
    if body is None:
        return []
    found = (" ".join("".join(head.itertext()).split()) for head in body.iter("head"))
    return [h for h in found if h]


def _load(html: str) -> Any:
    """The lxml tree of ``html`` (a bare fragment is wrapped in ``<html><body>``), or ``None``."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if (tree is None or len(tree) == 0) and looks_like_html(html):
        tree = load_html(f"<html><body>{html}</body></html>")
    return tree


def _main_text(tree: Any, url: str | None, options: dict[str, Any]) -> tuple[str, Any]:
    import trafilatura
    from trafilatura.settings import Document
    from trafilatura.xml import xmltotxt

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        deduplicate=False,  # trafilatura's cache is process-wide: keep every call independent
        **options,
    )
    if not isinstance(document, Document):
        return "", None
    raw = xmltotxt(document.body, False) if document.body is not None else (document.text or "")
    return _paragraphs(raw), document


def _paragraphs(raw: str) -> str:
    """One paragraph per non-blank line, whitespace tidied, joined by blank lines."""
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return "\n\n".join(line for line in lines if line)


def _metadata(tree: Any, document: Any, url: str | None) -> Metadata:
    def clean(value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        value = " ".join(value.split())
        return value or None

    published = clean(getattr(document, "date", None)) or _find_date(tree, url)
    return Metadata(
        title=clean(getattr(document, "title", None)),
        author=clean(getattr(document, "author", None)),
        site=clean(getattr(document, "sitename", None)) or clean(getattr(document, "hostname", None)),
        published=published,
        url=clean(getattr(document, "url", None)) or url,
        language=_language(tree, clean(getattr(document, "language", None))),
    )


def _find_date(tree: Any, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        found = find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a fallback: a failure there only means no date
        LOGGER.debug("htmldate failed", exc_info=True)
        return None
    return found if isinstance(found, str) and found else None


def _language(tree: Any, detected: str | None) -> str | None:
    """The primary language subtag (``"en"``): trafilatura's, else ``<html lang>`` or a content-language meta."""
    candidates: list[str] = [detected] if detected else []
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        value = root.get(attr)
        if value:
            candidates.append(value)
    for meta in root.iter("meta"):
        name = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if name in ("content-language", "language", "og:locale", "dc.language"):
            candidates.append(meta.get("content") or "")
    for value in candidates:
        value = value.strip().split(",")[0].strip()
        if _LANG_RE.match(value):
            return re.split(r"[-_]", value)[0].lower()
    return None
