"""Stage 5 — attribute: who says what, citing whom.

``find_attributions(article, paragraphs, settings)`` runs the chosen extractor (rules, the trained model,
or both) over an article's parsed paragraphs and returns :class:`~claimledger.records.Attribution` records
whose spans index ``article.text``. Modules, in the order they build on each other: ``lexicon`` (word lists),
``quotes``, ``registry`` and ``actors`` (who a source is), ``rules`` and ``component`` (the dependency rules,
as a spaCy component), ``learned`` (the trained tagger's spans as attributions), ``hybrid``, ``extractors``.
"""

from claimledger.attribute.extractors import find_attributions

__all__ = ["find_attributions"]
