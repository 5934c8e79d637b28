"""Quantities: numbers with their unit noun, their bounds and their hedges.

A candidate is a numeric token ("10,000", "1.5", "1.5bn", "10k") or a number-word phrase ("two",
"twenty-five", "a dozen", "hundreds of", "tens of thousands") — this covers spaCy's CARDINAL, QUANTITY,
MONEY and PERCENT entities and the numbers the small model misses. What is read around it:

- scale words: "20 million" → 20000000; "1.5bn" → 1500000000; "$5m" (``m`` is millions only after a currency);
- qualifiers, always inside the span: "over", "more than", "at least" … set ``lower``; "up to", "fewer than",
  "less than" … set ``upper``; "about", "around", "some", "nearly", "roughly", "an estimated" … set ``approx``;
- ranges: "between 2,000 and 3,000 troops", "2,000-3,000 troops", "from 5 to 10" → ``value`` is the lower
  end, ``lower``/``upper`` both set (no midpoint is invented);
- vague plurals: "hundreds of people" → 100, ``approx`` and ``lower`` 100;
- the unit: the noun the number counts, lower-cased as written ("10,000 North Korean soldiers" →
  "soldiers", the span running to it); "%"/"per cent" → "percent"; a currency sign before the number is the
  unit ("$"); hyphenated "3,000-person"/"60-man"/"500-strong" → "persons"/"men"/"persons".

Skipped: numbers inside DATE, TIME and ORDINAL entities ("2023", "10:30 p.m.", "11th") and inside names
(ORG, FAC, LAW, PRODUCT … — "Route 66"; "G7", "N14" are not numbers), a number right after a capitalised noun
without a plural unit ("Resolution 2231"), year-like 1800–2100 integers without a plural unit ("the 2024
election"), and number words that count nothing ("one of", "the two met").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimledger.parse import Paragraph
from claimledger.records import Quantity

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|tn|trn)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:18|19|20)\d\d$|^2100$")
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12.0}
_ABBREVIATED = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}
_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
seventeen eighteen nineteen"
_QUALIFIER_WORDS = {  # "|"-separated: lower bound, upper bound, approximate
    "lower": "over|above|more than|at least|upwards of|in excess of|no fewer than|no less than|greater than|exceeding",
    "upper": "up to|fewer than|less than|under|below|at most|no more than|as many as|a maximum of",
    "approx": "about|around|some|nearly|roughly|approximately|an estimated|estimated|almost|close to|circa|approx.|~",
}
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SMALL = {w: float(i) for i, w in enumerate(_WORDS.split())} | {w: 10.0 * (i + 2) for i, w in enumerate(_TENS)}
_VAGUE = {"dozens": 12.0, "scores": 20.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_CURRENCIES = {"$", "us$", "€", "£", "¥", "₴", "₽", "usd", "eur", "gbp"}
_QUALIFIERS = {tuple(q.split()): kind for kind, qs in _QUALIFIER_WORDS.items() for q in qs.split("|")}
_INTENSIFIERS = {"just", "well", "slightly", "far", "much"}
_HYPHEN_UNITS = {"person": "persons", "man": "men", "member": "members", "strong": "persons", "people": "people"}
_NAME_LABELS = {"PERSON", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_TIME_UNITS = {"seconds", "minutes", "hours", "days", "nights", "weeks", "months", "years", "decades", "centuries"}
_QUOTES = {'"', "'", "“", "”", "‘", "’", "«", "»"}


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` follows token ``i - 1`` without a space ("3,000" "-" "person")."""
    return i > 0 and not doc[i - 1].whitespace_


def _number_at(doc: Doc, i: int, money: bool) -> tuple[float, int, bool, bool] | None:
    """(value, end, vague, worded) of the number starting at token ``i``, or ``None``."""
    n, tok, low = len(doc), doc[i], doc[i].lower_
    if (m := _SUFFIXED.match(tok.text)) and (money or m.group(2).lower() != "m"):
        return float(m.group(1)) * _ABBREVIATED[m.group(2).lower()], i + 1, False, False
    if _DIGITS.match(tok.text):
        value, j = float(tok.text.replace(",", "")), i + 1
        while j < n and (
            doc[j].lower_ in _SCALES or (doc[j].lower_ in _ABBREVIATED and (money or doc[j].lower_ != "m"))
        ):
            value *= _SCALES.get(doc[j].lower_) or _ABBREVIATED[doc[j].lower_]
            j += 1
        return value, j, False, False
    if low in _VAGUE:
        value, j = _VAGUE[low], i + 1
        if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in ("thousands", "millions", "billions"):
            value, j = value * _VAGUE[doc[j + 1].lower_], j + 2
        return value, j, True, True
    if low == "tens" and i + 2 < n and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in _VAGUE:
        return 10 * _VAGUE[doc[i + 2].lower_], i + 3, True, True
    total, current, j, seen = 0.0, 0.0, i, False
    if low in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in _SCALES:
        current, j = 1.0, i + 1
    while j < n:
        w = doc[j].lower_
        parts = w.split("-")
        if w in _SMALL or (len(parts) > 1 and all(p in _SMALL for p in parts)):
            current += sum(_SMALL[p] for p in parts)
        elif w in ("hundred", "dozen") and (seen or current):
            current = max(current, 1.0) * _SCALES[w]
        elif w in _SCALES and (seen or current):
            total, current = total + max(current, 1.0) * _SCALES[w], 0.0
        elif seen and w in ("-", "and") and j + 1 < n and doc[j + 1].lower_ in _SMALL:
            if w == "and" and doc[j - 1].lower_ not in ("hundred", "thousand"):
                break
        else:
            break
        seen, j = True, j + 1
    return (total + current, j, False, True) if seen else None


def _qualifier(doc: Doc, s: int) -> tuple[int, str | None]:
    """The start of the qualifier ending before token ``s`` (with "just", "well" …) and its kind."""
    for size in (3, 2, 1):
        if s - size >= 0 and (kind := _QUALIFIERS.get(tuple(t.lower_ for t in doc[s - size : s]))):
            start = s - size
            if kind != "approx" and start > 0 and doc[start - 1].lower_ in _INTENSIFIERS:
                start -= 1
            return start, kind
    return s, None


def _unit(doc: Doc, j: int, limit: int) -> tuple[str | None, int, Token | None]:
    """(unit, end token, unit noun) of the number ending before token ``j``."""
    if j >= limit:
        return None, j, None
    tok = doc[j]
    if tok.text == "%" or tok.lower_ in ("percent", "pct"):
        return "percent", j + 1, None
    if tok.lower_ == "per" and j + 1 < limit and doc[j + 1].lower_ == "cent":
        return "percent", j + 2, None
    if tok.text == "-" and _glued(doc, j) and j + 1 < limit and _glued(doc, j + 1) and doc[j + 1].is_alpha:
        k = j + 1
        while k + 2 < limit and doc[k + 1].text == "-" and _glued(doc, k + 1) and _glued(doc, k + 2):
            k += 2
        word = doc.text[doc[j + 1].idx : doc[k].idx + len(doc[k])].lower()
        return _HYPHEN_UNITS.get(word, word), k + 1, None
    first = j
    if tok.lower_ == "of":
        first = j + 1
        while first < limit and doc[first].lower_ in ("the", "these", "those", "them"):
            first += 1
    for k in range(first, min(limit, first + 6)):
        t = doc[k]
        if t.ent_type_ in ("DATE", "TIME"):
            break
        if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.ent_type_ == "NORP" and t.lower_.endswith("s")):
            if t.dep_ == "compound" and k + 1 < limit and doc[k + 1].pos_ in ("NOUN", "PROPN"):
                continue
            if k + 2 < limit and doc[k + 1].text == "-" and _glued(doc, k + 1) and _glued(doc, k + 2):
                continue  # "coal-fired power plants"
            first = k
            while first - 2 >= j and doc[first - 1].text == "-" and _glued(doc, first) and _glued(doc, first - 1):
                first -= 2  # "fact-checkers"
            if first > j and doc[first - 1].lower_ == "percentage":
                first -= 1  # "percentage points"
            return doc.text[doc[first].idx : doc[k].idx + len(doc[k])].lower(), k + 1, doc[k]
        modifier = (
            t.pos_ in ("ADJ", "ADV") or t.dep_ == "amod" or (t.pos_ == "PROPN" and t.ent_type_ in ("NORP", "GPE"))
        )
        hyphen = t.text == "-" and _glued(doc, k) and k + 1 < limit and _glued(doc, k + 1)
        if not (modifier or t.text in _QUOTES or hyphen or (k > j and doc[k - 1].text == "-" and _glued(doc, k))):
            break
    return None, j, None


def _quantities(doc: Doc, offset: int) -> list[Quantity]:
    found: list[Quantity] = []
    n, i = len(doc), 0
    while i < n:
        tok = doc[i]
        currency = tok.lower_ in _CURRENCIES and i + 1 < n
        s = i + 1 if currency else i
        parsed = _number_at(doc, s, currency)
        if parsed is None:
            i += 1
            continue
        value, j, vague, worded = parsed
        num = doc[s]
        limit = num.sent.end
        suffixed = bool(_SUFFIXED.match(num.text)) or (j > s + 1 and doc[j - 1].lower_ in _ABBREVIATED)
        start, kind = _qualifier(doc, i)
        lower = upper = None
        between = start > 0 and doc[start - 1].lower_ in ("between", "from")
        sep = doc[j].lower_ if j + 1 < limit else ""
        if (
            (sep == "and" and between)
            or sep == "to"
            or (sep in ("-", "–", "—") and _glued(doc, j) and _glued(doc, j + 1))
        ):
            second = _number_at(doc, j + 1, currency)
            chained = second is not None and second[1] < limit and doc[second[1]].text == "-"
            if second is not None and (chained or (second[0] <= value and sep != "to" and _glued(doc, j))):
                i = second[1]  # a score, a tally, a phone number: "a 5-4 decision"
                continue
            if second is not None and second[0] > value:
                scale = doc[second[1] - 1].lower_
                if j == s + 1 and scale in _SCALES and value * _SCALES[scale] <= second[0]:
                    value *= _SCALES[scale]  # "between 2 and 3 million"
                lower, upper, j = value, second[0], second[1]
                start -= 1 if between else 0
        unit, end, noun = _unit(doc, j, limit)
        if currency:
            unit, end, noun = tok.text, j, None
        plural = noun is not None and noun.tag_ in ("NNS", "NNPS")
        counted = noun is not None and plural and noun.lower_ not in _TIME_UNITS  # "2000 troops", not "3 years"
        adjacent = noun is not None and noun.i == j
        year = _YEAR.match(num.text) is not None
        code = s > 1 and doc[s - 1].text == "-" and _glued(doc, s) and _glued(doc, s - 1)
        skip = (
            code  # "EB-5", "F-16", "Su-34"
            or (s > 0 and doc[s - 1].lower_ in ("no.", "#", "number"))
            or (j < n and _glued(doc, j) and doc[j].lower_ in ("'s", "’s", "s"))  # "the 90’s"
            or (num.ent_type_ in ("DATE", "TIME", "ORDINAL") and not (suffixed or currency or counted))
            or (num.ent_type_ in _NAME_LABELS and not currency)
            or (s > 0 and not currency and doc[s - 1].pos_ in ("PROPN", "NOUN") and doc[s - 1].is_title and not plural)
            or (year and not currency and unit != "percent" and not (counted and adjacent and num.ent_type_ != "DATE"))
            or (worded and num.lower_ == "one")  # "one of", "one thing": too rarely a count
            or (worded and not vague and unit is None)
        )
        if skip:
            i = j
            continue
        if vague:
            kind, lower = "approx", value
        elif kind == "lower" and lower is None:
            lower = value
        elif kind == "upper" and upper is None:
            upper = value
        a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        approx = kind == "approx"
        found.append(Quantity(offset + a, offset + b, doc.text[a:b], value, unit, approx, lower, upper))
        i = end
    return found


def find_quantities(paragraphs: list[Paragraph]) -> list[Quantity]:
    """The quantities of an article, in text order, with offsets into the article text.

    >>> from claimledger.nlp import load_nlp
    >>> from claimledger.parse import parse_articles
    >>> from claimledger.settings import Settings
    >>> from claimledger.pipeline import Source, prepare
    >>> article = prepare(Source("Officials said over 20 million people had fled."))
    >>> paragraphs = next(parse_articles(load_nlp(Settings()), [article]))
    >>> [(q.text, q.value, q.unit, q.lower) for q in find_quantities(paragraphs)]
    [('over 20 million people', 20000000.0, 'people', 20000000.0)]
    """
    return [q for para in paragraphs for q in _quantities(para.doc, para.start)]
