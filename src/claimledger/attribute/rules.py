"""Attribution rules (placeholder while the rules are written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from claimledger.records import Article, Attribution

if TYPE_CHECKING:
    from claimledger.parse import Paragraph


def paragraph_attributions(doc: Doc) -> list[Attribution]:
    return []


def find_attributions(article: Article, paragraphs: list[Paragraph]) -> list[Attribution]:
    return []
