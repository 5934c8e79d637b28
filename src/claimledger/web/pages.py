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
    """The text cut at every span boundary; each piece takes the innermost span that covers it.

    Every boundary is a cut, so a span covers the piece from cut ``p`` on exactly when it starts at or before
    ``p`` and ends after it: one pass over the cuts, keeping the spans open there, instead of testing every
    span against every piece.
    """
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
    # the innermost span first (shortest; on a tie content, then cue, then source; then the first listed)
    ranked = sorted(range(len(marks)), key=lambda i: (marks[i][1] - marks[i][0], -ROLES.index(marks[i][2]), i))
    opening = sorted(ranked, key=lambda i: marks[i][0])  # stable: by start, each start's innermost first
    regions = sorted(range(len(article.boilerplate)), key=lambda i: article.boilerplate[i].start)
    open_marks: dict[int, int] = {}  # rank → mark, of the spans open at this piece
    open_regions: list[int] = []
    rank = {m: r for r, m in enumerate(ranked)}
    next_mark = next_region = 0
    out: list[Segment] = []
    for start, end in itertools.pairwise(points):
        while next_mark < len(opening) and marks[opening[next_mark]][0] <= start:
            open_marks[rank[opening[next_mark]]] = opening[next_mark]
            next_mark += 1
        while next_region < len(regions) and article.boilerplate[regions[next_region]].start <= start:
            open_regions.append(regions[next_region])
            next_region += 1
        text = article.text[start:end]
        open_regions = [i for i in open_regions if start < article.boilerplate[i].end]
        if open_regions:  # the first region listed that covers the piece
            out.append(Segment(text, boilerplate=article.boilerplate[min(open_regions)].reason))
            continue
        for r in [r for r, m in open_marks.items() if marks[m][1] <= start]:
            del open_marks[r]
        if open_marks:
            _, _, role, index = marks[open_marks[min(open_marks)]]
            out.append(Segment(text, role=role, attribution=index, record=article.attributions[index]))
        else:
            out.append(Segment(text))
    return out
