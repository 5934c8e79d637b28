"""Pronouns against the people an article names: a given name tells a person's gender where the article does
not ("Linda", "Donald"), a person a feature story names by given name alone is someone "she" can be, and "they"
is never one named person; "the New York businessman" is not a person "New York"."""

from __future__ import annotations

from claimledger.attribute.actors import given_name_gender
from claimledger.pipeline import analyze
from tests.test_actors import actor_for, actors_of


def test_a_given_name_tells_who_she_is() -> None:
    article = analyze(
        "Mark Davis praised Linda Moore at the rally on Monday.\n\n“The plan works,” she said after the speech."
    )
    assert actor_for(article, "she") == "Linda Moore"  # not Mark Davis, the subject before her


def test_an_honorific_outweighs_the_given_name() -> None:
    article = analyze("Mrs. Leslie Grant met Paul Hart in Ohio.\n\n“We disagree on taxes,” she said.")
    assert actor_for(article, "she") == "Leslie Grant"


def test_a_person_named_by_given_name_alone_is_who_she_is() -> None:
    article = analyze(
        "Melanie watched the debate at home with her husband.\n\n"
        "Donald Trump spoke for an hour about trade and jobs.\n\n"
        "“He really does love us,” she said."
    )
    assert actor_for(article, "she") == "Melanie"


def test_they_is_never_one_named_person() -> None:
    article = analyze("Tom Baker said the plan would fail.\n\nThey said the plant would close on Friday.")
    assert "Tom Baker" not in {name for text, name, _ in actors_of(article) if text == "They"}


def test_given_name_gender_is_a_prior_only_where_the_name_is_clear() -> None:
    assert given_name_gender("Donald") == "male" and given_name_gender("Hillary") == "female"
    assert given_name_gender("Chris") is None and given_name_gender("Chris", mostly=True) == "male"
    assert given_name_gender("Trump") is None and given_name_gender("de") is None


def test_a_reported_clauses_pronoun_tells_which_of_two_people_a_surname_is() -> None:
    article = analyze(
        "Donald Trump spoke in Ohio on Monday. Ivanka Trump spoke in Iowa on Tuesday.\n\n"
        "The plan would cost $300 a week. Trump says he would pay for it by cutting fraud."
    )
    assert actor_for(article, "Trump") == "Donald Trump"


def test_a_persons_team_is_their_campaign() -> None:
    article = analyze("Hillary Clinton spoke in Ohio on Monday.\n\nClinton’s team says she will rest this week.")
    assert actor_for(article, "Clinton’s team") == "Clinton campaign"


def test_a_letters_i_is_the_signature_under_it() -> None:
    article = analyze(
        "Letters.\n\nWill the inquiry ever stop? I hope in 2017 the council says thank you.\n\nChris Smith.\n\n"
        "The mayor needs to stay out of this. I think the vote should be fair.\n\nToni LeAnn Williams."
    )
    writers = [name for text, name, _ in actors_of(article) if text == "I"]
    assert writers == ["Chris Smith", "Toni LeAnn Williams"]


def test_a_place_that_modifies_a_description_is_no_persons_name() -> None:
    article = analyze("Donald Trump spoke in Ohio on Monday.\n\n“We need change,” the New York businessman said.")
    assert actor_for(article, "the New York businessman") != "New York"


def test_she_after_a_quoted_excerpt_is_the_woman_the_excerpt_names() -> None:
    # a column quotes another paper's story paragraph by paragraph, each opened with a mark and never closed
    article = analyze(
        "The Herald's reporter spent a week with the family. She reports:\n\n"
        '"Janet had lived on the farm for forty years. She knew every fence post and every neighbor.\n\n'
        "“They will not take this land from me,” she said, standing by the gate."
    )
    assert actor_for(article, "she") == "Janet"
