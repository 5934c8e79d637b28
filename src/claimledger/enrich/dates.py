"""Dates: spaCy's DATE entities (and the weekdays and months it misses), normalised to ISO.

``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by ``granularity`` (day, month, year). Relative
expressions are resolved against the publication date, looking back (a news report tells what has happened):

- "Wednesday" → the last Wednesday on or before the publication date (published on a Wednesday: that day);
  "last Wednesday" → strictly before; "next Wednesday" → strictly after;
- "June" → the last June not after the publication month; "last June" → strictly before it;
- "yesterday", "today", "tomorrow", "two days ago", "last year", "this month", "earlier this year", "late
  last year", "the end of June" (the modifier is kept in the span, the value is the period it modifies);
- absolute dates ("3 March 2023", "March 2023", "Oct. 5, 2022", "2023") through ``dateparser`` (English only,
  no network), with ``PREFER_DATES_FROM="past"`` and ``RELATIVE_BASE`` = the publication date.

The span is the date expression alone: a preposition before it ("on Wednesday", "in June") is not part of
it, as in spaCy's entities. Durations and vague periods ("three years", "recent weeks", "the 1990s", "last
week") get no mention. Without a publication date (or with one that is not an ISO date) only absolute dates
(with a year) are normalised: relative ones are dropped rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from claimledger.parse import Paragraph
from claimledger.records import DateMention

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_WD = "|".join(_WEEKDAYS)
_MON = "|".join(_MONTHS)
_PREPOSITIONS = re.compile(r"^(?:on|in|at|since|by|from|until|till|during|of|for)\s+", re.IGNORECASE)
_MODIFIERS = re.compile(
    r"^(?:(?:the\s+)?(?:early|late|mid|earlier|later|beginning|start|end|middle|first\s+half|second\s+half)"
    r"(?:\s+of)?[\s-]+(?:the\s+)?|the\s+)",
    re.IGNORECASE,
)
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_WEEKDAY = re.compile(rf"^(?:(last|this|next|past)\s+)?({_WD}){_PART_OF_DAY}$", re.IGNORECASE)
_MONTH = re.compile(rf"^(?:(last|this|next|past)\s+)?({_MON})$", re.IGNORECASE)
_DEICTIC = re.compile(rf"^(yesterday|today|tomorrow|tonight){_PART_OF_DAY}$", re.IGNORECASE)
_PERIOD = re.compile(r"^(last|this|next|previous)\s+(year|month)$", re.IGNORECASE)
_AGO = re.compile(
    r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(day|month|year)s?\s+ago$", re.IGNORECASE
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ABSOLUTE = re.compile(
    rf"\b(?:{_MON}|{'|'.join(_MONTH_ABBR)})\b\.?|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}", re.IGNORECASE
)
_EXTRA = {*_WEEKDAYS, *_MONTHS, "yesterday", "today", "tomorrow", "tonight"}
_DIRECTION = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, None: 0}


def _base(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _format(day: dt.date, granularity: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[granularity]


@functools.lru_cache(maxsize=4096)
def normalise(text: str, published: str | None) -> tuple[str, str] | None:
    """(ISO value, granularity) of a date expression, or ``None`` when it is not a point in time.

    >>> normalise("Wednesday", "2024-10-17")
    ('2024-10-16', 'day')
    """
    base = _base(published)
    text = re.sub(r"\s+", " ", text.strip().rstrip(".,;:")).replace("’s", "").replace("'s", "")
    core = _MODIFIERS.sub("", _PREPOSITIONS.sub("", text)).strip()
    core = re.sub(r"(?<![\d/.-])(\d{1,2})\s*[-–]\s*\d{1,2}\b(?![/.-])", r"\1", core)  # "September 16-19": its first day
    if m := _YEAR.match(core):
        return m.group(1), "year"
    if m := _WEEKDAY.match(core):
        if base is None:
            return None
        direction, wd = _DIRECTION[m.group(1) and m.group(1).lower()], _WEEKDAYS.index(m.group(2).lower())
        back = (base.weekday() - wd) % 7 or (7 if direction < 0 else 0)
        day = (
            base - dt.timedelta(days=back)
            if direction <= 0
            else base + dt.timedelta(days=(wd - base.weekday()) % 7 or 7)
        )
        return _format(day, "day"), "day"
    if m := _MONTH.match(core):
        if base is None:
            return None
        direction, month = _DIRECTION[m.group(1) and m.group(1).lower()], _MONTHS.index(m.group(2).lower()) + 1
        if direction > 0:
            year = base.year + (month <= base.month)
        else:  # "June": not after the publication month; "last June": before it
            year = base.year - (month >= base.month if direction < 0 else month > base.month)
        return f"{year:04d}-{month:02d}", "month"
    if m := _DEICTIC.match(core):
        if base is None:
            return None
        shift = {"yesterday": -1, "tomorrow": 1}.get(m.group(1).lower(), 0)
        return _format(base + dt.timedelta(days=shift), "day"), "day"
    if m := _PERIOD.match(core):
        if base is None:
            return None
        unit, step = m.group(2).lower(), _DIRECTION[m.group(1).lower()]
        if unit == "year":
            return str(base.year + step), "year"
        month_index = base.year * 12 + base.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
    relative = _AGO.match(core) is not None
    absolute = _ABSOLUTE.search(core) is not None and any(c.isdigit() for c in core)
    if not (relative or absolute) or (base is None and not (absolute and _HAS_YEAR.search(core))):
        return None
    return _dateparser(core, base)


def _dateparser(text: str, base: dt.date | None) -> tuple[str, str] | None:
    parsed = _parser(base).get_date_data(text)
    if parsed.date_obj is None or parsed.period not in ("day", "month", "year"):
        return None
    return _format(parsed.date_obj.date(), parsed.period), parsed.period


@functools.lru_cache(maxsize=64)
def _parser(base: dt.date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _candidates(doc: Doc) -> list[Span]:
    """DATE entities, TIME entities naming a day, and weekday/month/deictic words outside any entity."""
    spans = [e for e in doc.ents if e.label_ == "DATE"]
    spans += [e for e in doc.ents if e.label_ == "TIME" and any(t.lower_ in _EXTRA for t in e)]
    for tok in doc:
        if tok.ent_type_ or tok.lower_ not in _EXTRA or tok.pos_ not in ("PROPN", "NOUN", "ADV"):
            continue
        if tok.lower_ in _MONTHS and not tok.is_title:
            continue  # "march", "may"
        start, end = tok.i, tok.i + 1
        if end < len(doc) and doc[end].like_num and len(doc[end]) <= 2:
            end += 1  # "March 3"
        elif start > 0 and doc[start - 1].like_num and len(doc[start - 1]) <= 2:
            start -= 1  # "3 March"
        if end + 1 < len(doc) and doc[end].text == "," and _YEAR.match(doc[end + 1].text):
            end += 2
        elif end < len(doc) and _YEAR.match(doc[end].text):
            end += 1
        spans.append(doc[start:end])
    return spans


def _trim(doc: Doc, span: Span) -> tuple[int, int]:
    """Character offsets of the span less a leading preposition and a trailing possessive/punctuation."""
    start, end = span.start, span.end
    while start < end - 1 and doc[start].lower_ in ("on", "in", "at", "since", "by", "from", "until", "during"):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def find_dates(paragraphs: list[Paragraph], published: str | None) -> list[DateMention]:
    """The dates of an article, normalised against ``published`` (ISO date), in text order.

    >>> from claimledger.nlp import load_nlp
    >>> from claimledger.parse import parse_articles
    >>> from claimledger.settings import Settings
    >>> from claimledger.pipeline import Source, prepare
    >>> article = prepare(Source("The minister spoke on Wednesday about the deal signed in June."))
    >>> paragraphs = next(parse_articles(load_nlp(Settings()), [article]))
    >>> [(d.text, d.value, d.granularity) for d in find_dates(paragraphs, "2024-10-17")]
    [('Wednesday', '2024-10-16', 'day'), ('June', '2024-06', 'month')]
    """
    base = published if _base(published) else None
    found: list[DateMention] = []
    for para in paragraphs:
        doc, seen = para.doc, set[tuple[int, int]]()
        for span in sorted(_candidates(para.doc), key=lambda s: (s.start, -len(s))):
            a, b = _trim(doc, span)
            if any(a < y and x < b for x, y in seen):
                continue
            normal = normalise(doc.text[a:b], base)
            if normal is None:
                continue
            seen.add((a, b))
            found.append(
                DateMention(para.start + a, para.start + b, doc.text[a:b], value=normal[0], granularity=normal[1])
            )
    return sorted(found, key=lambda d: d.start)
