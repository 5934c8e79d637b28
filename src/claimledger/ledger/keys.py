"""What actors merge on across the ledger: one real entity, one key, whatever form an article used."""

from __future__ import annotations

PERSON_TYPES = ("person", "official")
# Short forms of given names and their full form: "Joe Biden" and "Joseph Biden" are one person (see
# :func:`name_variants`).
NICKNAMES: dict[str, str] = {
    "joe": "joseph", "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "mike": "michael",
    "jim": "james", "jimmy": "james", "tom": "thomas", "len": "leonard", "don": "donald", "chris": "christopher",
    "dick": "richard", "rick": "richard", "dan": "daniel", "dave": "david", "steve": "steven", "tony": "anthony",
    "ben": "benjamin", "sam": "samuel", "alex": "alexander", "andy": "andrew", "matt": "matthew", "pat": "patrick",
    "ed": "edward", "nick": "nicholas", "greg": "gregory", "jeff": "jeffrey", "ken": "kenneth", "larry": "lawrence",
    "ron": "ronald", "tim": "timothy", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine",
    "chuck": "charles", "charlie": "charles", "newt": "newton", "hank": "henry",
}  # fmt: skip


def actor_key(name: str, actor_type: str | None) -> tuple[str, str | None]:
    """(what actors merge on, a person's surname): one real entity, one key, whatever form an article used.

    >>> actor_key("James B. Comey", "person")
    ('person:james comey', 'comey')
    >>> actor_key("USA TODAY", "outlet")
    ('outlet:usatoday', None)
    """
    from claimledger.attribute.actors import name_parts, person_key
    from claimledger.attribute.registry import publisher_key

    if actor_type == "outlet":
        return f"outlet:{publisher_key(name) or name.casefold()}", None
    if actor_type in PERSON_TYPES:
        key = person_key(name)
        if key is not None:
            return f"person:{key[0]} {key[1]}", key[1]
        parts = name_parts(name)
        if len(parts) == 1:
            return f"person:{parts[0].casefold()}", parts[0].casefold()
    name = " ".join(name.split()).casefold()
    return f"name:{name.removeprefix('the ')}", None


def name_variants(key: str) -> list[str]:
    """The other keys of a person's key under the given name's short or full forms, in a fixed order.

    >>> name_variants("person:joe biden")
    ['person:joseph biden']
    """
    if not key.startswith("person:") or " " not in key:
        return []
    given, surname = key.removeprefix("person:").split(" ", 1)
    full = NICKNAMES.get(given, given)
    forms = [full, *sorted(short for short, long in NICKNAMES.items() if long == full)]
    return [f"person:{g} {surname}" for g in dict.fromkeys(forms) if g != given]
