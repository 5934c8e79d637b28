"""Quotations: where they are in a text, and whether a position or a span lies inside one.

Shared by the rules (:mod:`claimledger.attribute.rules`) and the learned extractor
(:mod:`claimledger.attribute.learned`), which both read quotation marks as exact boundaries.
"""

from __future__ import annotations

import claimledger.attribute.lexicon as lx
from claimledger.records import Span

Quote = tuple[int, int]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, marks included; an unclosed quote runs to the end of the text.

    >>> find_quotes('He said “yes, now.” Then "no".')
    [(8, 19), (25, 29)]
    """
    quotes: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i : i + 2] if text[i : i + 2] in lx.QUOTE_PAIRS else text[i]
        close = lx.QUOTE_PAIRS.get(ch)
        # a straight quote opens only at a word start (not an inch mark or an apostrophe)
        if close is not None and (ch[0] not in "\"'" or i == 0 or not text[i - 1].isalnum()):
            end = text.find(close, i + len(ch))
            if end == -1:
                quotes.append((i, len(text)))
                break
            quotes.append((i, end + len(close)))
            i = end + len(close)
            continue
        i += 1
    return [(s, e) for s, e in quotes if e - s > 3]


def in_quote(i: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    for q in quotes:
        if q[0] <= i < q[1]:
            return q
    return None


def coverage(span: Span, quote: Quote) -> float:
    """Share of a quotation that a span covers.

    >>> coverage(Span(0, 5, "“Yes,"), (0, 10))
    0.5
    """
    overlap = min(span.end, quote[1]) - max(span.start, quote[0])
    return max(0, overlap) / max(1, quote[1] - quote[0])
