"""An article's text as its page cuts it: pieces that rebuild the text, each with the innermost span over it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.records import Article, Attribution, Boilerplate, Span
from claimledger.web.pages import ROLES, segments

TEXT = "The minister said on Tuesday that the dam was safe, according to officials in Ardley."


def by_definition(article: Article) -> list[tuple[str, str | None, str | None, int | None]]:
    """The pieces as the page defines them, every span tested against every piece: (text, role, boilerplate
    reason, attribution index). The first region listed covering a piece wins; else the shortest span, on a
    tie content before cue before source, then the first listed."""
    marks = [
        (s.start, s.end, role, index)
        for index, a in enumerate(article.attributions)
        if a.kind != "unattributed"
        for role, s in [("source", a.source), ("cue", a.cue), *(("content", c) for c in a.content)]
        if s is not None
    ]
    cuts = {0, len(article.text)} | {x for m in marks for x in m[:2]}
    cuts |= {x for b in article.boilerplate for x in (b.start, b.end)}
    out = []
    for start, end in itertools.pairwise(sorted(c for c in cuts if 0 <= c <= len(article.text))):
        region = next((b for b in article.boilerplate if b.start <= start and end <= b.end), None)
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        text = article.text[start:end]
        if region is not None:
            out.append((text, None, region.reason, None))
        elif covering:
            _, _, role, index = min(covering, key=lambda m: (m[1] - m[0], -ROLES.index(m[2])))
            out.append((text, role, None, index))
        else:
            out.append((text, None, None, None))
    return out


def span(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, len(TEXT)))
    end = draw(st.integers(start, min(len(TEXT), start + 30)))
    return Span(start, end, TEXT[start:end])


@st.composite
def articles(draw: st.DrawFn) -> Article:
    attributions = [
        Attribution(
            kind=draw(st.sampled_from(["direct", "indirect", "according_to", "unattributed"])),
            content=[span(draw) for _ in range(draw(st.integers(1, 3)))],
            source=span(draw) if draw(st.booleans()) else None,
            cue=span(draw) if draw(st.booleans()) else None,
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    regions = []
    for n in range(draw(st.integers(0, 3))):
        s = span(draw)
        regions.append(Boilerplate(s.start, s.end, s.text, reason=f"region {n}"))
    return Article(text=TEXT, boilerplate=regions, attributions=attributions)


@settings(max_examples=300, deadline=None)
@given(articles())
def test_article_pieces_are_the_innermost_spans(article: Article) -> None:
    pieces = segments(article)
    assert "".join(p.text for p in pieces) == article.text  # the pieces rebuild the text, in order
    found = [(p.text, p.role, p.boilerplate, p.attribution) for p in pieces]
    assert found == by_definition(article)
    for p in pieces:
        assert p.record is (article.attributions[p.attribution] if p.attribution is not None else None)
