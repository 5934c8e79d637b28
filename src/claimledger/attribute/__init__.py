"""Stage 5 — attribute: who says what, citing whom.

``find_attributions(article, paragraphs)`` runs the rules over an article's parsed paragraphs and
returns :class:`~claimledger.records.Attribution` records whose spans index ``article.text``.
"""

from claimledger.attribute.rules import find_attributions

__all__ = ["find_attributions"]
