"""The core records: what claimledger reads, finds and stores.

Every record is a plain dataclass that serialises to JSON with :func:`to_dict`; the JSON Schema of an
:class:`Article` is :func:`article_json_schema` (and ``docs/schema/article.schema.json``).

Offsets are sacred: every :class:`Span` indexes ``Article.text`` as read, so that
``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "headline", "continuation", "unattributed"]
"""What kind of report an attribution is; ``unattributed`` is the article's own voice (no source, no cue)."""

CLAIM_KINDS: frozenset[str] = frozenset({"direct", "indirect", "mixed", "according_to", "headline", "continuation"})
"""The kinds that report someone else's assertion (all but the article's own voice)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``.

    >>> Span(0, 5, "Hello")
    Span(start=0, end=5, text='Hello')
    """

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``, with its text filled in."""
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Boilerplate(Span):
    """An excluded region (site furniture, not the report) and why it was excluded."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Heading(Span):
    """A line of the page's structure, not of its report: never a claim, nor an attribution's content.

    ``kind``: ``title`` (the headline: its own "…, X says" is still a headline attribution), ``heading``
    (a section title or subheading), ``caption`` (an image's caption line), ``list_title``.
    """

    kind: str = "heading"


@dataclass(frozen=True, slots=True)
class Quantity(Span):
    """A number with its unit: "10,000 soldiers" → 10000 soldiers; "over 20 million people" → > 20000000.

    ``lower``/``upper`` bound the value when the text does ("over", "up to", "between … and …");
    ``approx`` is true for "about", "some", "nearly", "roughly" …
    """

    value: float = 0.0
    unit: str | None = None
    approx: bool = False
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True, slots=True)
class Place(Span):
    """A place named in the text, geocoded offline: canonical name, coordinates, ISO country code."""

    name: str = ""
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    kind: str = "city"  # city, region, country


@dataclass(frozen=True, slots=True)
class DateMention(Span):
    """A date in the text normalised against the publication date: ``value`` is ISO (day, month or year)."""

    value: str = ""
    granularity: str = "day"  # day, month, year


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None  # detected from the text (ISO 639-1), else as the page declares it
    language_confidence: float | None = None  # the detector's probability (None: too little text to tell)
    additional_sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Actor:
    """Who a source is: canonical name, type and the other names it goes by.

    Types: person, official (a person speaking in a role: ``role`` = "Ukraine's President"), government,
    military_unit, intelligence, outlet, think_tank, ngo, organization, group, anonymous, unspecified.
    """

    name: str
    type: str = "unspecified"
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    country: str | None = None
    affiliation: str | None = None  # the organisation a spokesperson speaks for ("X, the service's spokesperson")
    ambiguous: bool = False  # a short name the article gives two people ("Clinton" beside Hillary and Bill)


@dataclass(frozen=True, slots=True)
class ChainLink(Span):
    """An upstream source cited by the attribution's source ("…, citing Western sources"), and who it is."""

    actor: Actor | None = None


@dataclass(frozen=True, slots=True)
class Hedge(Span):
    """A word that qualifies how firmly something is asserted, and how firmly.

    ``strength``: certain, probable, possible, reported (relayed without endorsement: "claimed",
    "reportedly"), disputed ("denied").
    """

    strength: str = "possible"


@dataclass(slots=True)
class Verification:
    """What the article says about whether an attribution was checked."""

    status: str  # "unverified" (the only status a text states reliably)
    note: Span
    by: Actor | None = None


@dataclass(slots=True)
class VerificationNote:
    """A sentence such as "X could not independently verify these claims", its author and scope."""

    note: Span
    status: str = "unverified"
    author: Actor | None = None
    scope: list[int] = field(default_factory=list)  # indexes into Article.attributions


@dataclass(slots=True)
class Attribution:
    """Who asserts what: ``source`` — ``cue`` — ``content``.

    ``parent`` is the index (in ``Article.attributions``) of the attribution whose content encloses this
    one; ``chain`` lists the upstream sources cited ("X, citing Y"), in order. Kind ``unattributed`` is
    the article's own voice: ``actor`` is the publisher.
    """

    kind: AttributionKind
    content: list[Span]
    source: Span | None = None
    cue: Span | None = None
    parent: int | None = None
    chain: list[ChainLink] = field(default_factory=list)
    actor: Actor | None = None
    confidence: float = 1.0
    hedges: list[Hedge] = field(default_factory=list)
    verification: Verification | None = None
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    # read from the parse (enrich/assertion.py); None: not read (a record analysed before)
    negated: bool | None = None  # the content's main clause is negated ("did not answer") or a denial
    clause: bool | None = None  # the content is a clause: a subject and a finite verb ("she has pneumonia")

    @property
    def anchor(self) -> int:
        """Where the attribution starts in the text: its first source, cue or content offset (text order)."""
        return min([s.start for s in (self.source, self.cue) if s is not None] + [c.start for c in self.content])

    def spans(self) -> list[Span]:
        """Every span of the attribution: source, cue, contents and chain links.

        >>> a = Attribution("indirect", [Span(0, 4, "Rain")], source=Span(10, 13, "she"), cue=Span(14, 18, "said"))
        >>> [s.text for s in a.spans()], a.anchor
        (['she', 'said', 'Rain'], 0)
        """
        return [s for s in (self.source, self.cue, *self.content, *self.chain) if s is not None]


@dataclass(slots=True)
class Article:
    """What :func:`claimledger.analyze` returns: the text as read and what was found in it."""

    text: str
    boilerplate: list[Boilerplate] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    headings: list[Heading] = field(default_factory=list)
    not_analysed: str | None = None  # why no attribution was sought: "Russian" (the pipeline reads English)
    attributions: list[Attribution] = field(default_factory=list)
    verification_notes: list[VerificationNote] = field(default_factory=list)
    original_publisher: Actor | None = None
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def is_excluded(self, start: int, end: int) -> bool:
        return any(b.start < end and start < b.end for b in self.boilerplate)

    def is_heading(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` touches a heading, caption or list title (the headline excepted)."""
        return any(h.start < end and start < h.end for h in self.headings if h.kind != "title")


@dataclass(slots=True)
class Document:
    """Raw input and its provenance: where it came from, when, and the SHA-256 of its bytes."""

    origin: str
    sha256: str
    read_at: str
    media_type: str  # "text/plain" or "text/html"
    content: str  # decoded text (plain text or HTML source)
    encoding: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    site: str | None = None  # the publisher, when the input says (a metadata file beside plain-text articles)
    author: str | None = None


def now_iso() -> str:
    """The time now, UTC, to the second, as ISO 8601: every timestamp the ledger records."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def format_number(value: float) -> str:
    """A quantity as people read it: thousands separated, no ".0" on whole numbers.

    >>> format_number(20000000.0), format_number(2.5), format_number(1500)
    ('20,000,000', '2.5', '1,500')
    """
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


CURRENCIES = frozenset("$€£¥₹₽₴") | {"USD", "EUR", "GBP", "dollars", "euros", "pounds"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_amount(value: float, unit: str | None = None) -> str:
    """A quantity with its unit as people read it: money in words past a million ("$156 billion"), other
    counts with thousands separated ("20,000,000 people").

    >>> format_amount(156000000000.0, "$"), format_amount(20000000.0, "people"), format_amount(2.5, None)
    ('$156 billion', '20,000,000 people', '2.5')
    >>> format_amount(1800000.0, "crowns"), format_amount(4500000.0, "€")
    ('1,800,000 crowns', '€4.5 million')
    """
    if unit in CURRENCIES:
        for scale, word in _SCALES:
            if abs(value) >= scale:
                shown = f"{value / scale:,.2f}".rstrip("0").rstrip(".")
                number = f"{shown} {word}"
                break
        else:
            number = format_number(value)
        return f"{unit}{number}" if len(unit) == 1 else f"{number} {unit}"
    return f"{format_number(value)} {unit}" if unit else format_number(value)


def format_range(values: list[float], unit: str | None = None) -> str:
    """The values a claim's reports give for one unit: one amount, or every one ("1,200 / 1,500 residents").

    >>> format_range([1200.0, 1500.0], "residents"), format_range([3.0], "people")
    ('1,200 / 1,500 residents', '3 people')
    """
    if len(values) == 1:
        return format_amount(values[0], unit)
    if unit in CURRENCIES:
        return " / ".join(format_amount(v, unit) for v in values)
    return " / ".join(format_number(v) for v in values) + (f" {unit}" if unit else "")


def to_dict(record: Any) -> Any:
    """A JSON-ready ``dict`` of any record (dataclasses all the way down)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


@functools.cache
def _article_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Article)


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :func:`to_dict` output (what the ledger stores), validating it."""
    article: Article = _article_adapter().validate_python(data)
    return article


def _same(value: Any) -> Any:
    return value


def _decoder(annotation: Any) -> Callable[[Any], Any]:
    """A function that rebuilds a value of this (resolved) annotation from its :func:`to_dict` form."""
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _record_decoder(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list:
        item = _decoder(args[0])
        return lambda values: [item(v) for v in values]
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1 and len(args) == 2:  # X | None
            one = _decoder(inner[0])
            return lambda value: None if value is None else one(value)
    if annotation is float:
        return float  # JSON may hold 3 for 3.0
    return _same  # str, int, bool, Literal, dict[str, Any]


@functools.cache
def _record_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls)}

    def decode(data: dict[str, Any]) -> Any:
        return cls(**{name: fields[name](value) for name, value in data.items() if name in fields})

    return decode


def stored_article(data: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from what the ledger stored (:func:`to_dict` output written by the ledger
    itself), without building the validating model — over a quarter of a second that every command reading
    the ledger would pay on start. A record that does not fit is validated by :func:`article_from_dict`,
    which names what is wrong.

    >>> a = Article("Rain.", attributions=[Attribution("indirect", [Span(0, 5, "Rain.")], confidence=1)])
    >>> stored_article(to_dict(a)) == a
    True
    """
    try:
        article: Article = _record_decoder(Article)(data)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):
        return article_from_dict(data)
    return article


def article_json_schema() -> dict[str, Any]:
    """The JSON Schema of a serialised :class:`Article`."""
    schema: dict[str, Any] = _article_adapter().json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "claimledger Article"
    return schema


if __name__ == "__main__":  # python -m claimledger.records > docs/schema/article.schema.json
    import json
    import sys

    json.dump(article_json_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
