"""Actors a description gives rather than a name, and the types of bodies and groups: "a friend commented" is an
unnamed person of its article (never merged across the ledger), "the woman said" is the woman just named, "His
lawyer" is no lawyer of a woman's, "the Trump team" is the Trump campaign; a legislature's panel is government,
many people taken together a group, a union an organisation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimledger.pipeline import analyze
from tests.test_actors import actor_for, actors_of


def actor_of(article, source: str) -> tuple[str | None, str | None]:
    found = [(name, kind) for text, name, kind in actors_of(article) if text == source]
    assert found, f"no attribution with source {source!r}: {actors_of(article)}"
    return found[0]


def test_an_indefinite_person_is_an_unnamed_person_of_the_article() -> None:
    article = analyze(
        'While having a heated debate about the presidential nominees, a friend commented: "For you, immigration '
        'is the most important reason."\n\n'
        'On her discharge papers, a doctor had typed "homicidal ideation."'
    )
    assert actor_of(article, "a friend") == ("a friend", "person")
    assert actor_of(article, "a doctor") == ("a doctor", "person")


def test_a_reporter_for_an_outlet_is_a_person_not_the_outlet() -> None:
    article = analyze("A reporter for USA Today spotted Stein and reported her presence on the bus.")
    assert actor_of(article, "A reporter for USA Today") == ("A reporter for USA Today", "person")


def test_an_unnamed_person_is_not_who_a_later_she_is() -> None:
    article = analyze(
        "Melanie Hart has backed Trump since June.\n\n"
        'A doctor said the diagnosis was serious. "It never crossed my mind that I was ill," she said.'
    )
    assert actor_of(article, "she")[0] == "Melanie Hart"


def test_the_woman_is_the_woman_just_named() -> None:
    article = analyze(
        "Ivanka Trump spoke about the plan in an interview on Tuesday.\n\n"
        'When pressed on why the plan leaves out fathers, the 34-year-old mother of three replied, "It is meant '
        'to benefit every family."'
    )
    assert actor_of(article, "the 34-year-old mother of three")[0] == "Ivanka Trump"


def test_his_lawyer_is_no_lawyer_of_a_woman() -> None:
    article = analyze(
        "Hillary Clinton faced new questions on Friday about her emails.\n\n"
        "Republicans were angry that Clinton's lawyer Cheryl Mills was granted immunity.\n\n"
        "On Thursday, the panel held Bryan Pagliano in contempt of Congress. His lawyer said he would not answer "
        "questions."
    )
    assert actor_of(article, "His lawyer")[0] != "Cheryl Mills"


def test_the_team_of_a_person_the_recogniser_took_for_an_organisation_is_their_campaign() -> None:
    article = analyze(
        "Ivanka Trump, the Republican presidential nominee's eldest daughter, said Donald Trump's plan would help "
        "mothers.\n\n"
        "The Trump team has said single people and families would be covered."
    )
    assert actor_of(article, "The Trump team")[0] == "Trump campaign"


def test_types_of_bodies_and_groups() -> None:
    article = analyze(
        "A House panel voted Thursday to hold Bryan Pagliano in contempt.\n\n"
        "Companies and individuals complain bitterly that taxes are too high.\n\n"
        "A union representing flight attendants endorsed Hillary Clinton for president on Thursday.\n\n"
        "Many of his supporters believe the election is rigged."
    )
    assert actor_of(article, "A House panel") == ("House panel", "government")
    assert actor_of(article, "Companies and individuals")[1] == "group"
    assert actor_of(article, "A union representing flight attendants")[1] == "organization"
    assert actor_of(article, "Many of his supporters")[1] == "group"


def test_an_unnamed_person_is_one_actor_per_article_in_the_ledger(cli, tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text('Voters are worried. "The plan will fail," a friend commented on Monday.')
    (articles / "b.txt").write_text('The vote is close. "Nobody knows who will win," a friend commented on Friday.')
    result = cli("ingest", str(articles))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "ledger.db")
    rows = db.execute(
        "SELECT ac.name, COUNT(DISTINCT a.article_id) FROM actors ac JOIN attributions a ON a.actor_id = ac.id "
        "WHERE ac.name LIKE 'a friend%' GROUP BY ac.id"
    ).fetchall()
    assert len(rows) == 2 and all(n == 1 for _, n in rows), rows


def test_a_name_after_a_groups_head_does_not_make_it_an_organisation() -> None:
    from claimledger.attribute.registry import classify, known_actors
    from claimledger.nlp import load_nlp
    from claimledger.settings import Settings

    text = "As many tax experts, including Mr. Goldberg, have pointed out, Mr. Trump is free to disclose his returns."
    doc = load_nlp(Settings())(text)
    phrase = "many tax experts, including Mr. Goldberg,"
    span = doc.char_span(text.index(phrase), text.index(phrase) + len(phrase))
    assert span is not None
    assert classify("many tax experts", span, "group", known_actors())[0] == "group"  # not "organization"


def test_one_member_of_a_party_is_an_anonymous_source_not_the_party() -> None:
    article = analyze(
        "The meeting deteriorated from there. One Republican threatened to make Kadzik testify in a public setting."
    )
    assert actor_of(article, "One Republican") == ("One Republican", "anonymous")


def test_a_title_of_someone_a_person_is_described_by_does_not_make_them_an_official() -> None:
    article = analyze(
        "Ivanka Trump, the Republican presidential nominee's eldest daughter, said the plan would help mothers.\n\n"
        "Sen. Jason Smith said the plan would cost too much."
    )
    assert actor_of(article, "Ivanka Trump, the Republican presidential nominee's eldest daughter") == (
        "Ivanka Trump",
        "person",
    )
    assert actor_of(article, "Sen. Jason Smith") == ("Jason Smith", "official")  # a title of their own


def test_polls_or_statistics_the_text_qualifies_are_an_unspecified_source_and_bare_polls_none() -> None:
    # PolNeAR dev sentences (Breitbart, The Washington Post, Politico): news cites such measurements as a vague
    # source; "Polls show" and "the results show" say no whose
    cited = {
        "According to exit polls, Mitt Romney had a ten-point lead over Obama among the high-earning group in 2012.": (
            "exit polls"
        ),
        "About 9.9 million single mothers with young children live in the United States, according to federal "
        "statistics.": "federal statistics",
        "Instant polls showed Clinton was the winner of Monday's debate.": "Instant polls",
        "Recent polls in Pennsylvania and Virginia have similarly shown Clinton's lead eroding.": (
            "Recent polls in Pennsylvania and Virginia"
        ),
    }
    for text, source in cited.items():
        assert actor_of(analyze(text), source) == (source, "unspecified")
    bare = analyze("Polls show Clinton ahead, and the results show a close race.")
    assert actor_of(bare, "Polls") == (None, None)
    assert actor_of(bare, "the results") == (None, None)


def test_a_body_described_in_the_lead_is_the_committee_or_union_the_article_names() -> None:
    # PolNeAR dev (Politico): the headline and lead describe the body, the body of the text names it
    union = analyze(
        "Flight attendants' union endorses Clinton.\n\n"
        "A union representing flight attendants endorsed Hillary Clinton for president on Thursday, another example "
        "of organized labor throwing its support behind the nominee.\n\n"
        "In a statement announcing the pick, the Association of Flight Attendants called Clinton a “champion” for "
        "its constituency."
    )
    assert actor_of(union, "A union representing flight attendants") == (
        "Association of Flight Attendants",
        "organization",
    )
    assert actor_of(union, "Flight attendants' union")[0] == "Association of Flight Attendants"
    panel = analyze(
        "A House panel voted Thursday to hold Bryan Pagliano, a former technology aide to Hillary Clinton, in contempt"
        " of Congress for refusing to testify.\n\n"
        "The House Oversight and Government Reform Committee voted 19-15 along party lines, to send a contempt "
        "resolution to the full House."
    )
    assert actor_of(panel, "A House panel") == ("House Oversight and Government Reform Committee", "government")


def test_a_body_description_no_named_body_fits_stays_as_written() -> None:
    article = analyze(
        "A Senate panel voted Thursday to subpoena the records.\n\n"
        "The House Oversight and Government Reform Committee said it would hold its own hearing."
    )
    assert actor_of(article, "A Senate panel")[0] == "Senate panel"


def test_a_collective_of_people_is_a_group_and_a_share_or_a_count_of_things_is_nobody() -> None:
    article = analyze(
        "A chorus of prominent Democrats has said the same thing, including the former governor.\n\n"
        "A number of polls show the race tightening.\n\n"
        "A majority of voters say the economy is bad."
    )
    assert ("A chorus of prominent Democrats", "A chorus of prominent Democrats", "group") in actors_of(article)
    assert actor_for(article, "A number of polls") is None
    assert actor_for(article, "A majority of voters") is None


def test_averages_of_polls_are_a_vague_source_of_the_article() -> None:
    article = analyze("Polling averages show the mayor with a narrow lead over the challenger.")
    assert ("Polling averages", "Polling averages", "unspecified") in actors_of(article)
