"""Stage 3 — clean: mark boilerplate as excluded regions and lift what is metadata.

Nothing is deleted: offsets keep indexing the text as read. A region is a whole line, without its
surrounding whitespace, tagged with why it was excluded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimledger import patterns
from claimledger.records import Boilerplate


@dataclass(slots=True)
class Cleaned:
    boilerplate: list[Boilerplate] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    additional_sources: list[str] = field(default_factory=list)
    agency: str | None = None  # the news agency a dateline names: "WASHINGTON (Reuters) -"
    published: str | None = None  # from a date line near the top


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line, stripped of surrounding whitespace."""
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            yield start, start + len(stripped)


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= patterns.TITLE_MAX_CHARS
        and not line.rstrip("”’\"'").endswith((".", ":", ";", ",", "!", "?"))
        and len(line.split()) >= 3
    )


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def clean(text: str, *, title: str | None = None) -> Cleaned:
    """Find the boilerplate of a plain-text article.

    ``title`` is the known title (from HTML metadata); for plain text the first line, when it reads
    like a headline, is the title. The title itself stays; its repetitions near the top are excluded.

    >>> [b.reason for b in clean("A headline about things\\n\\nby Admin\\nBody.\\n\\nADVERTISEMENT\\n").boilerplate]
    ['byline', 'ad_marker']
    """
    result = Cleaned(title=title)
    spans = list(lines(text))
    in_related = False
    title_seen = False
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        reason = _line_reason(line)
        if index == 0 and result.title is None and reason is None and len(spans) > 1 and _looks_like_title(line):
            result.title = line
        if index == 0 and result.title and _norm(line) == _norm(result.title):
            title_seen = True  # the headline itself is part of the report
            continue
        if reason is None and index < patterns.BYLINE_MAX_LINE and (m := patterns.BYLINE.match(line)):
            reason = "byline"
            result.author = result.author or m.group("author").strip()
        if reason is None and (m := patterns.ADDITIONAL_SOURCES.match(line)):
            reason = "additional_sources"
            result.additional_sources += [s for s in patterns.SOURCE_SEPARATORS.split(m.group("sources")) if s]
        if (
            reason is None
            and result.title
            and index <= patterns.TITLE_REPEAT_WINDOW
            and _norm(line) == _norm(result.title)
        ):
            reason = "repeated_title" if title_seen else None
            title_seen = True
        if reason is None and index < patterns.DATE_LINE_MAX_LINE and patterns.DATE_LINE.match(line):
            reason = "date_line"
            result.published = result.published or _iso_date(line)
        if reason is None and index < patterns.DATELINE_MAX_LINE and (m := patterns.DATELINE.match(line)):
            prefix = line[: m.end()].rstrip()
            result.boilerplate.append(Boilerplate(start, start + len(prefix), prefix, "dateline"))
            result.agency = result.agency or m.group("agency")
            continue
        if reason is None and in_related and _looks_like_link(line):
            reason = "related_link"
        if reason == "related":
            in_related = True
        elif reason is None:
            in_related = False
        if reason is not None:
            result.boilerplate.append(Boilerplate(start, end, line, reason))
    return result


def _iso_date(line: str) -> str | None:
    import dateparser

    found = patterns.DATE_IN_LINE.search(line)
    if found is None:
        return None
    parsed = dateparser.parse(found.group(), settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed is not None else None


def _line_reason(line: str) -> str | None:
    for reason, regexes in patterns.LINE_PATTERNS.items():
        if any(r.match(line) for r in regexes):
            return reason
    return None


def _looks_like_link(line: str) -> bool:
    return len(line) <= patterns.RELATED_LINK_MAX_CHARS and not line.endswith((".", "”", '"', "?"))
