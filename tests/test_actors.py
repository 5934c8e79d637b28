"""Who said it: sources resolved to one actor within an article, and actors merged across the ledger."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from claimledger.ledger.keys import actor_key
from claimledger.pipeline import analyze
from claimledger.records import Article


def actors_of(article: Article) -> list[tuple[str, str | None, str | None]]:
    """(source as written, actor name, actor type) of every attribution with a source, in text order."""
    return [
        (a.source.text, a.actor.name if a.actor else None, a.actor.type if a.actor else None)
        for a in article.attributions
        if a.source is not None
    ]


def actor_for(article: Article, source: str) -> str | None:
    found = [name for text, name, _ in actors_of(article) if text == source]
    assert found, f"no attribution with source {source!r}: {actors_of(article)}"
    return found[0]


def test_surname_and_honorific_resolve_to_the_articles_full_name() -> None:
    article = analyze(
        "Donald J. Trump spoke in Ohio on Monday. Trump said the economy was failing.\n\n"
        "Mr. Trump added that taxes would fall."
    )
    assert actor_for(article, "Trump") == "Donald Trump"
    assert actor_for(article, "Mr. Trump") == "Donald Trump"
    assert {t for _, _, t in actors_of(article)} == {"person"}


def test_a_surname_two_people_share_stays_ambiguous_unless_an_honorific_decides() -> None:
    article = analyze(
        "Hillary Clinton told reporters she was ready. Bill Clinton said he agreed.\n\n"
        "Clinton said the rally would be large.\n\n"
        "Mrs. Clinton said she would win the state."
    )
    ambiguous = next(a.actor for a in article.attributions if a.source and a.source.text == "Clinton")
    assert ambiguous is not None and ambiguous.ambiguous and ambiguous.name == "Clinton"
    assert actor_for(article, "Mrs. Clinton") == "Hillary Clinton"


def test_first_person_inside_a_quote_is_the_quotes_speaker_never_an_actor_named_i() -> None:
    article = analyze(
        '"I think we will win this state, and I believe the polls are wrong," Senator Maria Lopez said on Tuesday.'
    )
    names = {name for _, name, _ in actors_of(article)}
    assert "I" not in names and "we" not in names
    assert names == {"Maria Lopez"}


def test_things_dates_and_numbers_are_not_actors_but_a_documents_owner_is() -> None:
    article = analyze(
        "The results show that turnout fell sharply in the county.\n\n"
        "Trump's tweet said the election was rigged.\n\n"
        "27 percent said they would not vote."
    )
    assert actor_for(article, "The results") is None
    assert actor_for(article, "Trump's tweet") == "Trump"
    assert all(name not in ("27 percent", "results", "The results") for _, name, _ in actors_of(article))


def test_a_proper_noun_modifying_a_body_names_the_body_not_the_person() -> None:
    article = analyze("The Obama administration said the sanctions would stay. Barack Obama said nothing.")
    assert actor_for(article, "The Obama administration") == "Obama administration"
    assert actor_for(article, "Barack Obama") == "Barack Obama"


def test_he_and_she_go_to_the_person_of_their_gender_named_as_a_subject() -> None:
    article = analyze(
        "Mrs. Anna Reyes met Mr. Tom Keller in Denver on Friday.\n\n"
        '"We have an agreement," she said.\n\n'
        '"It is a good day," he said.'
    )
    assert actor_for(article, "she") == "Anna Reyes"
    assert actor_for(article, "he") == "Tom Keller"


@pytest.mark.parametrize(
    ("name", "actor_type", "key"),
    [
        ("James B. Comey", "person", "person:james comey"),
        ("James Comey", "official", "person:james comey"),
        ("Mr. Comey", "person", "person:comey"),
        ("Bill de Blasio", "person", "person:bill de blasio"),
        ("USA TODAY", "outlet", "outlet:usatoday"),
        ("The Tax Policy Center", "think_tank", "name:tax policy center"),
    ],
)
def test_actor_keys(name: str, actor_type: str, key: str) -> None:
    assert actor_key(name, actor_type)[0] == key


def test_the_ledger_merges_one_person_across_articles_and_counts_the_forms(cli, tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "James B. Comey testified on Tuesday. Comey said the inquiry was closed.\n\nThe senators said little."
    )
    (articles / "b.txt").write_text("James Comey spoke again. He said new emails had been found in a laptop.")
    (articles / "c.txt").write_text("Comey said on Friday that the review was complete, officials said.")
    result = cli("ingest", str(articles))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "ledger.db")
    rows = db.execute(
        "SELECT ac.name, COUNT(DISTINCT a.article_id) FROM actors ac JOIN attributions a ON a.actor_id = ac.id "
        "WHERE ac.name LIKE '%Comey%' GROUP BY ac.id"
    ).fetchall()
    assert rows == [("James Comey", 3)]
    forms = dict(
        db.execute(
            "SELECT alias, mentions FROM actor_aliases JOIN actors ON actors.id = actor_id WHERE name = 'James Comey'"
        ).fetchall()
    )
    assert forms["Comey"] == 2 and forms["He"] == 1
    # the stored record carries the ledger's name, so provenance counts one origin
    records = [json.loads(r) for (r,) in db.execute("SELECT record FROM articles")]
    speakers = {a["actor"]["name"] for r in records for a in r["attributions"] if a.get("actor")}
    assert "Comey" not in speakers and "James Comey" in speakers


def test_a_surname_stored_before_its_full_name_joins_it_when_the_full_name_arrives(cli, tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text("Comey said on Friday that the review was complete.")
    (tmp_path / "later.txt").write_text(
        "James B. Comey testified on Tuesday. Comey said the inquiry was closed. Comey added that it was over."
    )
    assert cli("ingest", str(tmp_path / "first.txt")).exit_code == 0
    db = sqlite3.connect(tmp_path / "ledger.db")
    assert [n for (n,) in db.execute("SELECT name FROM actors WHERE name LIKE '%Comey%'")] == ["Comey"]
    result = cli("ingest", str(tmp_path / "later.txt"))
    assert result.exit_code == 0, result.output
    rows = db.execute(
        "SELECT ac.name, COUNT(DISTINCT a.article_id) FROM actors ac JOIN attributions a ON a.actor_id = ac.id "
        "WHERE ac.name LIKE '%Comey%' GROUP BY ac.id"
    ).fetchall()
    assert rows == [("James B. Comey", 2)] or rows == [("James Comey", 2)]
    first = json.loads(db.execute("SELECT record FROM articles ORDER BY id LIMIT 1").fetchone()[0])
    assert {a["actor"]["name"] for a in first["attributions"] if a.get("actor")} == {rows[0][0]}


def test_a_surname_whose_forms_tell_a_gender_never_joins_a_person_of_the_other(cli, tmp_path: Path) -> None:
    """A ledger that knows only Frank Fiorina by full name: "Mrs. Fiorina ... she" in another article is not
    him (stored on its own), while "Mr. Fiorina" and a bare "Fiorina" still join him."""
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Frank Fiorina spoke in Iowa on Monday. Frank Fiorina said the campaign was going well.\n\n"
        "Fiorina said he would return in March."
    )
    (articles / "b.txt").write_text("Mr. Fiorina said on Friday that the tour was over.")
    (articles / "c.txt").write_text("Mrs. Fiorina said on Friday that she doubted voters would care.")
    result = cli("ingest", str(articles))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "ledger.db")
    rows = db.execute(
        "SELECT ac.name, d.origin FROM attributions a JOIN actors ac ON ac.id = a.actor_id "
        "JOIN articles ar ON ar.id = a.article_id JOIN documents d ON d.id = ar.document_id "
        "WHERE ac.name LIKE '%Fiorina%'"
    ).fetchall()
    by_file = {Path(origin).name: name for name, origin in rows}
    assert by_file["a.txt"] == by_file["b.txt"] == "Frank Fiorina"
    assert by_file["c.txt"] == "Fiorina"


def test_cli_actors_searches_aliases_and_shows_one_actor(cli, seed_text: str, tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_text(seed_text)
    assert cli("ingest", str(tmp_path / "seed.txt")).exit_code == 0
    found = json.loads(cli("actors", "ISW", "--json").stdout)
    assert [a["name"] for a in found["actors"]] == ["Institute for the Study of War"]
    isw = found["actors"][0]
    assert isw["type"] == "think_tank"
    shown = json.loads(cli("actors", "--id", str(isw["id"]), "--json").stdout)
    assert shown["name"] == "Institute for the Study of War" and shown["attributions"] >= 3
    assert any(a["alias"] == "ISW" for a in shown["aliases"])
    assert shown["asserted"] and all(c["independent_origins"] >= 1 for c in shown["asserted"])
    zelenskyy = json.loads(cli("actors", "Zelenskyy", "--json").stdout)["actors"]
    assert [a["name"] for a in zelenskyy] == ["Volodymyr Zelenskyy"]  # one actor for every form
    table = cli("actors", "--id", str(zelenskyy[0]["id"]))
    assert table.exit_code == 0 and "Zelenskyy" in table.stdout and "asserted (as the speaker)" in table.stdout
    missing = cli("actors", "--id", "99999999999999999999999")
    assert missing.exit_code != 0 and "no actor with id" in missing.output and "Traceback" not in missing.output


def test_web_actor_page_and_twin_alias_search_and_unknown_ids(seed_text: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from claimledger.ingest import ingest
    from claimledger.ledger.store import Ledger
    from claimledger.settings import Settings
    from claimledger.web import create_app

    (tmp_path / "seed.txt").write_text(seed_text)
    ingest([str(tmp_path / "seed.txt")], Ledger.open(tmp_path / "l.db"))
    client = TestClient(create_app(Settings(db=str(tmp_path / "l.db"))))
    listed = client.get("/actors.json", params={"q": "ISW"}).json()["actors"]
    assert [a["name"] for a in listed] == ["Institute for the Study of War"]
    twin = client.get(f"/actors/{listed[0]['id']}.json").json()
    assert twin["type"] == "think_tank" and twin["attributions"] >= 3 and twin["asserted_total"] >= 1
    assert {c["id"] for c in twin["asserted"]} <= {
        c["id"] for c in client.get("/claims.json", params={"speaker": twin["id"], "limit": 200}).json()["claims"]
    }
    page = client.get(f"/actors/{twin['id']}")
    assert page.status_code == 200 and "Institute for the Study of War" in page.text and "Named as" in page.text
    assert f'href="/claims/{twin["asserted"][0]["id"]}"' in page.text
    listing = client.get("/actors", params={"q": "isw"}).text
    assert f'href="/actors/{twin["id"]}"' in listing
    for bad in ("/actors/999999", "/actors/99999999999999999999999.json", "/actors/0"):
        assert client.get(bad).status_code == 404


def test_generic_bodies_stay_each_outlets_own(cli, tmp_path: Path) -> None:
    """Two articles' "officials" are not one actor (nor one origin) across the ledger."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Officials said the bridge would reopen in May after the repairs.")
    (tmp_path / "in" / "b.txt").write_text("The storm damaged the harbour wall, officials said on Monday night.")
    assert cli("ingest", str(tmp_path / "in")).exit_code == 0
    db = sqlite3.connect(tmp_path / "ledger.db")
    names = sorted(n for (n,) in db.execute("SELECT name FROM actors WHERE lower(name) LIKE 'officials%'"))
    assert len(names) == 2 and all(n.startswith(("officials (article ", "Officials (article ")) for n in names)


def test_a_title_cased_headline_verb_is_not_part_of_the_name() -> None:
    article = analyze("Obama Says Talks Will Go On\n\nBarack Obama said on Monday that the talks would go on.")
    assert {name for _, name, _ in actors_of(article)} <= {"Barack Obama"}


def test_the_states_of_the_united_states_is_part_of_the_name_not_a_headline_verb() -> None:
    article = analyze(
        "The United States has not publicly accused Russia of being behind the hack.\n\n"
        "But the United States said any attempts to isolate China would fail."
    )
    assert {name for _, name, _ in actors_of(article)} == {"United States"}
    assert {kind for _, _, kind in actors_of(article)} == {"government"}


def test_a_platform_the_known_actor_table_knows_is_an_organisation_not_a_person() -> None:
    article = analyze(
        "Twitter said it actively investigated potential terrorist threats.\n\n"
        "''As the nature of the terrorist threat has changed, so has our ongoing work,'' Twitter said in a statement."
    )
    assert {(name, kind) for _, name, kind in actors_of(article)} == {("Twitter", "organization")}


def test_an_article_the_parse_leaves_alone_is_no_actor_named_the() -> None:
    article = analyze(
        "Sanders pushes a tax on Wall Street.\n\n"
        "The Sanders campaign projects that “imposing a tax of a fraction of a percent” on financial transactions"
        " would raise $75 billion a year.\n\n"
        "The nearly 90-second ad slams Kasich for voting in favor of an assault-weapons ban in 1994."
    )
    found = dict((text, name) for text, name, _ in actors_of(article))
    assert found.get("The Sanders campaign") == "Sanders campaign"
    assert found.get("The nearly 90-second ad") is None  # an ad without an owner says nothing
    assert "The" not in found.values()


def test_a_youth_wing_named_by_its_partys_acronym_is_no_person_and_not_the_party() -> None:
    article = analyze(
        "In 2013, the SVP youth wing, Junge SVP, went a step further. The Junge SVP launched a cantonal referendum"
        " in Bern.\n\n"
        "The SVP also sponsored a referendum on the banning of minarets. The SVP sought to limit immigration."
    )
    svp = {(name, kind) for text, name, kind in actors_of(article) if text == "The SVP"}
    assert svp == {("SVP", "organization")}  # the party, not its youth wing, and no person "Junge SVP"


def test_forbes_is_an_outlet() -> None:
    article = analyze(
        "Forbes says it tracks an additional 500 billionaire family fortunes.\n\n"
        "Forbes said Hurun sometimes included an entire family's fortune when identifying a billionaire."
    )
    assert ("Forbes", "outlet") in {(name, kind) for _, name, kind in actors_of(article)}


def test_a_super_pac_is_each_articles_own_not_one_actor_named_pac(cli, tmp_path: Path) -> None:
    """ "A super PAC" names a kind of body: two articles' super PACs are not one actor "PAC"."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A super PAC supporting Jeb Bush said it would spend $10 million in Iowa.")
    (tmp_path / "in" / "b.txt").write_text("A newly formed super PAC said it would run ads against Donald Trump.")
    assert cli("ingest", str(tmp_path / "in")).exit_code == 0
    db = sqlite3.connect(tmp_path / "ledger.db")
    names = sorted(n for (n,) in db.execute("SELECT name FROM actors WHERE name LIKE '%PAC%'"))
    assert len(names) == 2 and all(n.startswith("super PAC (article ") for n in names), names


def test_a_known_acronym_with_two_letters_swapped_is_that_actor() -> None:
    article = analyze("NTAO said on Monday that the alliance would send more ships to the Baltic Sea.")
    assert ("NTAO", "NATO", "organization") in actors_of(article)
