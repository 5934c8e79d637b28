"""Stage 3 — clean: mark boilerplate as excluded regions, know the headings, and lift what is metadata.

Nothing is deleted: offsets keep indexing the text as read. A region is a whole line, without its
surrounding whitespace, tagged with why it was excluded (a dateline or a "Click To Tweet" excludes only its part
of the line). Headings, subheadings, captions and list titles are the page's structure, not its report: they
are listed apart (``Article.headings``), known from the HTML where there is HTML (``headings``) and from the
layout of the lines otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from claimledger import patterns
from claimledger.records import Boilerplate, Heading


@dataclass(slots=True)
class Cleaned:
    boilerplate: list[Boilerplate] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
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


STOPPED_TITLE_MAX_CHARS = 150  # a first line ending with a full stop longer than this is the report's first sentence


def headline(title: str | None, text: str) -> str | None:
    """The article's headline: its known title, else the first line of its text when that reads like a
    headline (the one rule the CLI, the web pages and the exports use for a plain-text article's title).

    A first line reads like a headline when more lines follow it, it has three words or more and it is short:
    ``TITLE_MAX_CHARS``, or ``STOPPED_TITLE_MAX_CHARS`` when it ends with a full stop (PolNeAR's headlines carry
    one, or a semicolon: both are dropped); a line ending with a colon or a comma continues into the next.

    >>> headline(None, "Trump not walking the walk on his tax claims.\\n\\nWASHINGTON - The body.")
    'Trump not walking the walk on his tax claims'
    >>> headline(None, "Can you imagine if Trump were a woman?\\n\\nText."), headline(None, "Derelict Obama; \\nText.")
    ('Can you imagine if Trump were a woman?', None)
    >>> headline(None, "The mayor said the dam was safe, and the council agreed with her on Monday, too.")
    >>> headline("Known", "Anything\\n\\nelse"), headline(None, "Dam breach: what we know\\n\\nText.")
    ('Known', 'Dam breach: what we know')
    """
    if title and title.strip():
        return title
    spans = lines(text)
    first = next(spans, None)
    if first is None or next(spans, None) is None:
        return None
    line = text[first[0] : first[1]]
    limit = patterns.TITLE_MAX_CHARS
    if line.endswith(";") or (line.endswith(".") and not line.endswith("..")):
        line, limit = line[:-1].rstrip(), STOPPED_TITLE_MAX_CHARS
    if len(line) > limit or len(line.split()) < 3 or line.endswith((":", ",", ";")) or _line_reason(line):
        return None
    return line


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def clean(text: str, *, title: str | None = None, headings: Iterable[str] | None = None) -> Cleaned:
    """Find the boilerplate and the headings of an article's text.

    ``title`` is the known title (from HTML metadata); for plain text the first line, when it reads
    like a headline, is the title. The title itself stays; its repetitions near the top are excluded.
    ``headings`` are the lines the HTML marks as headings; without HTML (``None``) they come from the layout.

    >>> [b.reason for b in clean("A headline about things\\n\\nby Admin\\nBody.\\n\\nADVERTISEMENT\\n").boilerplate]
    ['byline', 'ad_marker']
    """
    result = Cleaned(title=title)
    spans = list(lines(text))
    marked = {_norm(h) for h in headings or ()}
    in_related = False
    title_seen = False
    for index, (start, end) in enumerate(spans):
        line = text[start:end]
        reason = _line_reason(line)
        if index > 0 and any(p.match(line) for p in patterns.CAPTION_PATTERNS):
            result.headings.append(Heading(start, end, line, "caption"))  # before its credit is taken for furniture
            continue
        if index == 0 and result.title is None and reason is None and len(spans) > 1 and _looks_like_title(line):
            result.title = line
        if index == 0 and result.title and _norm(line) == _norm(result.title):
            title_seen = True  # the headline itself is part of the report
            result.headings.append(Heading(start, end, line, "title"))
            continue
        if (
            index == 0
            and reason is None
            and line.endswith(".")
            and _capitalised(line[:-1])
            and _looks_like_title(line[:-1])
        ):
            # "Keep the Returns, Trump; Just Give Us a Few Figures." — a headline with a full stop (PolNeAR's texts)
            result.headings.append(Heading(start, end, line, "title"))
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
            continue
        if suffix := _suffix(line):
            reason, at = suffix
            result.boilerplate.append(Boilerplate(start + at, end, line[at:], reason))
        elif kind := _heading_kind(text, spans, index, marked):
            result.headings.append(Heading(start, end, line, kind))
    _link_lists(result, spans)
    return result


def _link_lists(result: Cleaned, spans: list[tuple[int, int]]) -> None:
    """A run of headings with no paragraph between them is a list of links to other stories, not structure."""
    order = {start: i for i, (start, _) in enumerate(spans)}
    runs: list[list[Heading]] = []
    for heading in (h for h in result.headings if h.kind == "heading"):
        if runs and order[heading.start] == order[runs[-1][-1].start] + 1:
            runs[-1].append(heading)
        else:
            runs.append([heading])
    for run in runs:
        if len(run) >= patterns.LINK_LIST_MIN_LINES:
            result.headings = [h for h in result.headings if h not in run]
            result.boilerplate += [Boilerplate(h.start, h.end, h.text, "related_link") for h in run]
    result.boilerplate.sort(key=lambda b: b.start)


def _aside(question: str) -> bool:
    """Whether a question is the writer's aside ("Really, …?", "How is that possible?"), not a subheading."""
    words = [w.strip("?,.!").casefold() for w in question.split()]
    if len(words) <= patterns.ASIDE_QUESTION_MAX_WORDS and any(w in patterns.ANAPHORA for w in words):
        return True
    return patterns.ASIDE_QUESTION.match(question) is not None


def _capitalised(line: str) -> bool:
    """In capitals or title case: every word but the small ones starts with a capital or a digit."""
    words = [w.strip("'‘’(") for w in line.split()]
    big = [w for w in words if w and w.casefold() not in patterns.HEADING_SMALL_WORDS]
    return bool(big) and all(w[0].isupper() or w[0].isdigit() for w in big)


def _suffix(line: str) -> tuple[str, int] | None:
    """The furniture ending a line of the report ("…Click To Tweet"): its reason and where it starts."""
    for reason, regexes in patterns.SUFFIX_PATTERNS.items():
        for regex in regexes:
            found = regex.search(line)
            if found is not None and found.start() > 0:
                return reason, found.start()
    return None


def _heading_kind(text: str, spans: list[tuple[int, int]], index: int, marked: set[str]) -> str | None:
    """``heading`` or ``list_title`` when line ``index`` is one, else ``None``.

    A heading is a line the HTML marks as one (``marked``), or a line that reads as one by its layout, with HTML
    too (trafilatura keeps ``<p><b>Section</b></p>`` as a paragraph).
    """
    line = text[spans[index][0] : spans[index][1]]
    if _norm(line) in marked:
        return "heading"
    following = text[spans[index + 1][0] : spans[index + 1][1]] if index + 1 < len(spans) else None
    if following is None or index == 0:
        return None  # the first line is the headline or the report's first paragraph
    words = line.split()
    if (
        len(words) <= patterns.LIST_TITLE_MAX_WORDS
        and line.endswith(":")
        and patterns.LIST_ITEM.match(following)
        and not patterns.HEADING_MARKS.search(line)
        and words[-1].rstrip(":").casefold() not in patterns.LIST_INTRO_ENDINGS
    ):
        return "list_title"
    if patterns.ANSWER_LINE.match(line):
        return None
    if line.rstrip("”’\"')»").endswith("?") and _aside(line):
        return None
    before = text[spans[index - 1][0] : spans[index - 1][1]]
    if (_reads_as_heading(line, following) and not _unfinished(before)) or patterns.TIME_HEADING.match(line):
        return "heading"
    return None


def _unfinished(line: str) -> bool:
    """A short line with no sentence end that is not a heading itself: the item of a list ("Stop lying")."""
    if _line_reason(line) is not None:
        return False  # furniture ("___", "Account: @…") ends what comes before it
    return (
        len(line.split()) <= patterns.HEADING_MAX_WORDS
        and not line.rstrip("”’\"')»").endswith((".", "!", "?", ":", "…"))
        and not _capitalised(line)
    )


def _reads_as_heading(line: str, following: str) -> bool:
    """A short line, with no sentence end and no quotation, that a longer paragraph follows."""
    words = line.split()
    if not words or len(words) > patterns.HEADING_MAX_WORDS or len(line) > patterns.HEADING_MAX_CHARS:
        return False
    bare = line.rstrip("”’\"')»")
    if (
        bare.endswith(".")
        and not bare.endswith("..")
        and (len(words) >= 2 or bare.isupper())
        and _capitalised(bare[:-1])
    ):
        bare = bare[:-1]  # "Small Steps Toward College Savings."
    if bare.endswith(patterns.HEADING_NOT_ENDING) or bare.endswith(":") or patterns.HEADING_MARKS.search(line):
        return False
    if not (line[0].isupper() or line[0].isdigit()) or not any(c.isalpha() for c in line):
        return False
    if line.endswith("?") and len(words) > patterns.QUESTION_HEADING_MAX_WORDS:
        return False
    # what follows is a paragraph of the report: longer, and a sentence
    return len(following) > len(line) and following.rstrip("”’\"')»").endswith((".", "!", "?", "…"))


def person_author(author: str | None) -> str | None:
    """The people among an author line's names (``"; "``-separated): an organisation, a desk or a fragment
    ("The Russian; Syrian defense ministries") is not an author.

    >>> person_author("Jane Doe; Reuters Staff"), person_author("The Russian; Syrian defense ministries")
    ('Jane Doe', None)
    """
    if not author:
        return None
    people = [name for name in (n.strip() for n in re.split(r"[;|]", author)) if _is_person_name(name)]
    return "; ".join(people) or None


def _is_person_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= patterns.AUTHOR_MAX_WORDS or any(c.isdigit() for c in name):
        return False
    folded = [w.strip(".,()").casefold() for w in words]
    if folded[0] in patterns.AUTHOR_NOT_FIRST_WORDS or any(w in patterns.AUTHOR_NOT_PERSON_WORDS for w in folded):
        return False
    if len(words) == 1 and len(name) <= 5 and name.isupper():
        return False  # "AP", "AFP", "TASS"
    return any(w[:1].isupper() for w in words)


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
