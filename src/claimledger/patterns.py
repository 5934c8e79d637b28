"""Boilerplate patterns, as data: what site furniture looks like in a plain-text capture.

Each pattern matches a *whole line* (stripped, case-insensitive unless said). Add lines here, not logic
in ``clean.py``. The reason names are what ``Article.boilerplate[i].reason`` reports.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Lines that are boilerplate wherever they stand.
LINE_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "ad_marker": [
        re.compile(r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content|promoted)$", _I),
        re.compile(r"^(?:story continues below(?: this)? advertisement|scroll to continue(?: with content)?)$", _I),
        re.compile(r"^-*\s*(?:advertisement|ad)\s*-*$", _I),
    ],
    "source_link": [
        re.compile(
            r"^(?:source link|source|original source|read the original(?: article)?|read more|"
            r"read full (?:story|article)|continue reading|view original)\s*[:.…»>]*$",
            _I,
        ),
    ],
    "related": [
        re.compile(
            r"^(?:you may also like|you might also like|related(?: articles| posts| stories| news)?|"
            r"recommended(?: for you)?|more from .{1,40}|read next|read also|see also|popular posts|"
            r"trending(?: now)?|most read)\s*:?$",
            _I,
        ),
    ],
    "comments": [
        re.compile(
            r"^(?:leave a (?:comment|reply)|post a comment|add a comment|comments?|\d+ comments?|"
            r"join the (?:conversation|discussion)|cancel reply)\s*:?$",
            _I,
        ),
    ],
    "share_prompt": [
        re.compile(
            r"^(?:share(?: this)?(?: article| story| post)?|share on (?:facebook|twitter|x|whatsapp|"
            r"linkedin|telegram|email)|tweet|print|email)\s*:?$",
            _I,
        ),
        re.compile(
            r"^(?:subscribe|sign up|register)\b.{0,80}\b(?:newsletter|updates|channel|alerts|inbox)\b.{0,40}$", _I
        ),
        re.compile(r"^follow us on\b.{0,80}$", _I),
        # a row of share buttons: "Facebook  X  WhatsApp  Email"
        re.compile(
            r"^(?:(?:facebook|twitter|x|whatsapp|email|e-mail|linkedin|telegram|reddit|print|copy link|"
            r"messenger|pinterest|bluesky|threads)\s*[|·•,]?\s*){2,}$",
            _I,
        ),
        re.compile(r"^(?:click here|tap here)\b.{0,80}$", _I),
    ],
    "cookie_notice": [
        re.compile(
            r"^(?=.*\bcookies?\b)(?=.*(?:\b(?:this|our) (?:web)?site\b|\bby continuing\b|\byou (?:accept|agree|"
            r"consent)\b|\baccept (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b|"
            r"\bwe use cookies\b)).{0,400}$",
            _I,
        ),
    ],
}

# A byline line: "by Admin", "Posted by Jane Doe", "Written by J. Smith". Only near the top of the page.
BYLINE = re.compile(
    r"^(?i:by|posted by|written by|author:)\s+"
    r"(?P<author>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|da|di|al|bin|and)){0,7})\s*$"
)
BYLINE_MAX_LINE = 8  # counted in non-empty lines from the top

# "Additional sources • ISW": excluded, and the sources lifted into metadata.additional_sources.
ADDITIONAL_SOURCES = re.compile(r"^additional (?:sources?|reporting)\s*(?:[•:·|–—-]|by)\s*(?P<sources>.+)$", _I)
SOURCE_SEPARATORS = re.compile(r"\s*(?:,|;|•|\band\b)\s*", _I)

# After a "related" heading, short headline-like lines are links to other articles, not the report.
RELATED_LINK_MAX_CHARS = 140

# A plain-text first line is taken as the title when it is short and reads like a headline.
TITLE_MAX_CHARS = 200
TITLE_REPEAT_WINDOW = 6  # non-empty lines after the title in which a repetition is boilerplate

# A wire-copy dateline opening a paragraph: "WASHINGTON (Reuters) -", "HALVARD, Oct 16 (CPA) —". Only the
# prefix is excluded (it would otherwise parse as the subject of the first sentence).
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"  # ", Oct 16" or ", Ukraine"
    r"(?:\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?"
    r"\s*[-–—]+\s+(?=[A-Z“\"])"
)
DATELINE_MAX_LINE = 8

# A line near the top that only states a date, perhaps with the outlet's name: "The Meridian Post,
# 15 October 2025", "October 15, 2025", "2025-10-15 09:30". Lifted into metadata.published, excluded.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LINE = re.compile(
    r"^(?:[A-Z][\w.'’ -]{0,40},\s*)?(?:\w+day,?\s+)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:[ ,T]+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    _I,
)
DATE_IN_LINE = re.compile(
    rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}", _I
)
DATE_LINE_MAX_LINE = 6
