"""An article's text as the page shows it: cut into plain, boilerplate and highlighted segments."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from claimledger.records import Article, Attribution, Span

ROLES = ("source", "cue", "content")


@dataclass(slots=True)
class Segment:
    """A stretch of the text with one look: plain, boilerplate, or a role of one attribution."""

    text: str
    role: str | None = None  # source, cue, content
    boilerplate: str | None = None  # the reason, when excluded
    attribution: int | None = None  # index in Article.attributions
    record: Attribution | None = None


def _spans(a: Attribution) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = [(r, s) for r, s in (("source", a.source), ("cue", a.cue)) if s is not None]
    return found + [("content", c) for c in a.content]


def segments(article: Article) -> list[Segment]:
    """The text cut at every span boundary; each piece takes the innermost span that covers it."""
    marks: list[tuple[int, int, str, int]] = []
    for index, a in enumerate(article.attributions):
        if a.kind == "unattributed":
            continue
        marks += [(s.start, s.end, role, index) for role, s in _spans(a)]
    cuts = {0, len(article.text)}
    for start, end, _, _ in marks:
        cuts |= {start, end}
    for b in article.boilerplate:
        cuts |= {b.start, b.end}
    points = sorted(c for c in cuts if 0 <= c <= len(article.text))
    out: list[Segment] = []
    for start, end in itertools.pairwise(points):
        if start == end:
            continue
        text = article.text[start:end]
        region = next((b for b in article.boilerplate if b.start <= start and end <= b.end), None)
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        if region is not None:
            out.append(Segment(text, boilerplate=region.reason))
        elif covering:
            _, _, role, index = min(covering, key=lambda m: (m[1] - m[0], ROLES.index(m[2]) * -1))
            out.append(Segment(text, role=role, attribution=index, record=article.attributions[index]))
        else:
            out.append(Segment(text))
    return out
