"""The learned extractor: the trained tagger's spans (:mod:`claimledger.tagger`) as attribution records.

Assembly: within a unit each cue anchors one attribution; each source and content span joins the nearest
cue. A unit with contents but no cue lends them to a cue-only neighbour ("…” He said.) or else stands as an
attribution with no cue. Spans are turned from PolNeAR's conventions (content with its "that", a source
with its closing comma, a cue with its colon) into claimledger's. Combined with the rules in
:mod:`claimledger.attribute.hybrid`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import claimledger.attribute.lexicon as lx
from claimledger.attribute.quotes import find_quotes
from claimledger.records import Article, Attribution, AttributionKind, Span
from claimledger.tagger.runtime import TaggedSpan


def house_span(text: str, role: str, start: int, end: int) -> Span | None:
    """A tagged span in claimledger's conventions, or ``None`` when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (role in ("source", "cue") and text[end - 1] in ",:")):
        end -= 1
    if role == "content" and text[start : start + 4].lower() == "that" and text[start + 4 : start + 5].isspace():
        start += 5
        while start < end and text[start].isspace():
            start += 1
    if not any(ch.isalnum() for ch in text[start:end]):
        return None  # a stray quotation mark or dash
    return Span.of(text, start, end)


def _distance(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def _kind(text: str, content: Sequence[Span]) -> AttributionKind:
    """direct: the content is a quotation; mixed: it holds one of some length; indirect otherwise."""
    piece = text[content[0].start : content[-1].end]
    quotes = find_quotes(piece)
    if sum(e - s for s, e in quotes) >= 0.9 * len(piece):
        return "direct"
    quoted = sum(len(piece[s:e].split()) for s, e in quotes)
    return "mixed" if quoted >= lx.MIXED_MIN_QUOTED_WORDS else "indirect"


def tagged_attributions(
    article: Article, tagged: Sequence[TaggedSpan], keep_bare: bool = False, reach: int = 3
) -> list[Attribution]:
    """Attributions from the model's spans alone, in text order.

    A content with neither source nor cue in its unit continues the nearest attribution at most ``reach``
    units before it in the same paragraph (across paragraphs the rules' quote continuation decides); failing
    that it is dropped unless ``keep_bare``: who says it is unknown.
    """
    by_unit: dict[int, list[TaggedSpan]] = defaultdict(list)
    for t in tagged:
        by_unit[t.unit].append(t)
    groups: list[tuple[TaggedSpan | None, list[TaggedSpan], list[TaggedSpan]]] = []  # cue, sources, contents
    for unit in sorted(by_unit):
        spans = by_unit[unit]
        cues = [t for t in spans if t.role == "cue"]
        members: dict[int, tuple[list[TaggedSpan], list[TaggedSpan]]] = {i: ([], []) for i in range(len(cues))}
        loose: tuple[list[TaggedSpan], list[TaggedSpan]] = ([], [])
        for t in spans:
            if t.role == "cue":
                continue
            slot = 0 if t.role == "source" else 1
            if cues:
                nearest = min(range(len(cues)), key=lambda i: _distance(cues[i], t))
                members[nearest][slot].append(t)
            else:
                loose[slot].append(t)
        if not cues and loose[1]:
            previous = groups[-1] if groups else None
            if previous is not None and previous[0] is not None and not previous[2] and previous[0].unit == unit - 1:
                previous[2].extend(loose[1])  # He said: / “…”  — the content comes in the next unit
                if not previous[1]:
                    previous[1].extend(loose[0])
            else:
                groups.append((None, loose[0], loose[1]))
        groups.extend((c, *members[i]) for i, c in enumerate(cues))
    # a cue-only group preceded by a unit of loose content: “…” He said.
    for i in range(1, len(groups)):
        anchor, _, lent_to = groups[i]
        before = groups[i - 1]
        if anchor and not lent_to and before[0] is None and before[2] and before[2][-1].unit == anchor.unit - 1:
            lent_to.extend(before[2])
            before[2].clear()
    # contents that still have no speaker continue the nearest attribution before them (PolNeAR's Content2)
    for i, (anchor, sources, contents) in enumerate(groups):
        if anchor is not None or sources or not contents:
            continue
        host = next((g for g in reversed(groups[:i]) if g[0] is not None and g[2]), None)
        if (
            host is not None
            and contents[0].paragraph == host[2][-1].paragraph
            and contents[0].unit - host[2][-1].unit <= reach
        ):
            host[2].extend(contents)
            contents.clear()
    text = article.text
    out: list[Attribution] = []
    for cue, sources, contents in groups:
        content = [
            s for t in sorted(contents, key=lambda t: t.start) if (s := house_span(text, "content", t.start, t.end))
        ]
        if not content:
            continue
        source = min(sources, key=lambda t: _distance(cue, t)) if sources and cue else (sources[0] if sources else None)
        if cue is None and source is None and not keep_bare:
            continue
        first = min(t.start for t in (cue, source, *contents) if t is not None)
        last = max(t.end for t in (cue, source, *contents) if t is not None)
        if lx.is_verification_note(text[first:last]):
            continue  # "X said it was unable to verify …": a verification note, not a claim
        out.append(
            Attribution(
                kind=_kind(text, content),
                content=content,
                source=house_span(text, "source", source.start, source.end) if source else None,
                cue=house_span(text, "cue", cue.start, cue.end) if cue else None,
                confidence=0.8,
            )
        )
    out.sort(key=lambda a: (a.cue or a.source or a.content[0]).start)
    return out
