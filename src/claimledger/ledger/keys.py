"""What actors merge on across the ledger: one real entity, one key, whatever form an article used."""

from __future__ import annotations

PERSON_TYPES = ("person", "official")


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
