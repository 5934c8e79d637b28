"""Quantity units as claims compare them: the words for people count as one unit. Kept apart from
:mod:`claimledger.ledger.claims` (numpy, the claim index) so that reading a claim's figures imports neither.

>>> unit("Civilians"), unit("soldiers")
('people', 'soldiers')
"""

from __future__ import annotations

PEOPLE_UNITS = frozenset(
    ["people", "persons", "residents", "civilians", "inhabitants", "individuals", "villagers", "citizens", "evacuees"]
)


def unit(name: str | None) -> str:
    name = (name or "").lower()
    return "people" if name in PEOPLE_UNITS else name
