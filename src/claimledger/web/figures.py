"""The pages' figures as people read them: the template filters (``{{ n|plural("article") }}``).

The formatting itself is the library's (:func:`claimledger.records.format_amount`, which the CLI prints too);
these only put it into words on a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimledger.records import format_amount, format_number, format_range

IRREGULAR = {"copy": "copies", "body": "bodies", "country": "countries", "person": "people"}


def plural(count: int, noun: str) -> str:
    """``count`` with ``noun``, in the plural unless it is one.

    >>> plural(1, "article"), plural(2, "outlet"), plural(0, "copy"), plural(1500, "report")
    ('1 article', '2 outlets', '0 copies', '1,500 reports')
    """
    if count == 1:
        return f"1 {noun}"
    head, _, last = noun.rpartition(" ")
    many = IRREGULAR.get(last, last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s"))
    return f"{format_number(count)} {head + ' ' if head else ''}{many}"


def polarity(value: int) -> str:
    """What a claim's polarity means: its reports assert it, or deny it.

    >>> polarity(1), polarity(-1)
    ('asserted', 'denied (its reports say it is not so)')
    """
    return "asserted" if value >= 0 else "denied (its reports say it is not so)"


def quantity(q: Any) -> str:
    """A quantity (a :class:`~claimledger.records.Quantity` or its dict) as its text said it, with the value
    read from it when that reads otherwise.

    >>> quantity({"text": "26 million crowns", "value": 26000000.0, "unit": "crowns"})
    '26 million crowns (26,000,000 crowns)'
    >>> quantity({"text": "1,500 people", "value": 1500.0, "unit": "people"})
    '1,500 people'
    """
    field = q.get if isinstance(q, dict) else lambda name: getattr(q, name, None)
    value, unit, text = field("value"), field("unit"), str(field("text") or "")
    if not isinstance(value, int | float):
        return text
    read = format_amount(float(value), unit)
    lower, upper = field("lower"), field("upper")
    if isinstance(lower, int | float) and isinstance(upper, int | float) and lower != upper:
        read = f"{format_number(lower)}–{format_amount(float(upper), unit)}"
    return text if " ".join(text.split()) == read else f"{text} ({read})"


FILTERS: dict[str, Callable[..., str]] = {
    "plural": plural,
    "amount": format_amount,
    "values": format_range,
    "number": format_number,
    "polarity": polarity,
    "quantity": quantity,
}
