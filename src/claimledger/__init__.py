"""claimledger: news articles in, a ledger of attributed claims out.

>>> import claimledger
>>> article = claimledger.analyze("Rain is coming, the forecaster said.")
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from claimledger.records import Article, Attribution, Boilerplate, Metadata, Span

if TYPE_CHECKING:
    from claimledger.pipeline import Source, analyze, analyze_many

__all__ = ["Article", "Attribution", "Boilerplate", "Metadata", "Source", "Span", "analyze", "analyze_many"]
__version__ = "0.1.0"

_PIPELINE = frozenset({"Source", "analyze", "analyze_many"})

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """``analyze``, ``analyze_many`` and ``Source`` import the pipeline (spaCy, the tagger) on first use, so
    that what needs none of it — the ledger, the command's help and its light commands — starts fast."""
    if name in _PIPELINE:
        from claimledger import pipeline

        value = getattr(pipeline, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
