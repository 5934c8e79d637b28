"""claimledger: news articles in, a ledger of attributed claims out.

>>> import claimledger
>>> article = claimledger.analyze("Rain is coming, the forecaster said.")
"""

import logging

from claimledger.pipeline import Source, analyze, analyze_many
from claimledger.records import Article, Attribution, Boilerplate, Metadata, Span

__all__ = ["Article", "Attribution", "Boilerplate", "Metadata", "Source", "Span", "analyze", "analyze_many"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
