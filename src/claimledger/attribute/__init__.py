"""Stage 5 — attribute: who says what, citing whom.

``find_attributions(article, paragraphs, settings)`` runs the chosen extractor (rules, the trained model,
or both) over an article's parsed paragraphs and returns :class:`~claimledger.records.Attribution` records
whose spans index ``article.text``. Modules, in the order they build on each other: ``lexicon`` (word lists),
``quotes``, ``registry`` and ``actors`` (who a source is), ``rules`` and ``component`` (the dependency rules,
as a spaCy component), ``learned`` (the trained tagger's spans as attributions), ``hybrid``, ``extractors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.attribute.extractors import find_attributions

__all__ = ["find_attributions"]


def __getattr__(name: str) -> Any:
    """``find_attributions`` imports the extractors (spaCy, the tagger) on first use: the light modules of this
    package (``lexicon``, ``registry``) serve the ledger without them."""
    if name == "find_attributions":
        from claimledger.attribute.extractors import find_attributions

        return find_attributions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
