"""General attribution rules on sentences written for the project (not from any corpus).

These test the rules alone (``extractor="rules"``); what the default hybrid must keep of them is tested in
``test_tagger.py``, and the seed's rows run with the default.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import spacy

import claimledger
from claimledger.attribute.component import COMPONENT
from claimledger.attribute.quotes import find_quotes
from claimledger.records import Article, Attribution, to_dict
from claimledger.settings import Settings


def analyze(text: str, **options: Any) -> Article:
    """The rules alone (this module tests them, not the trained model)."""
    return claimledger.analyze(text, extractor="rules", **options)


def only(article: Article) -> Attribution:
    top = [a for a in article.attributions if a.parent is None and a.kind != "unattributed"]
    assert len(top) == 1, [(a.source, a.cue, a.content) for a in article.attributions]
    return top[0]


def texts(a: Attribution) -> tuple[str | None, str | None, list[str], str]:
    return (a.source.text if a.source else None, a.cue.text if a.cue else None, [c.text for c in a.content], a.kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices will rise next year, economists predict.",
         ("economists", "predict", ["Prices will rise next year"], "indirect")),
        ("The ministry denied that troops had crossed the border.",
         ("The ministry", "denied", ["troops had crossed the border"], "indirect")),
        ("The mayor said: “The bridge will reopen on Monday.”",
         ("The mayor", "said", ["“The bridge will reopen on Monday.”"], "direct")),
        ("“We are ready,” she said, “and we will act tomorrow.”",
         ("she", "said", ["“We are ready,”", "“and we will act tomorrow.”"], "direct")),
        ('"We are ready," she said. "We will act tomorrow."',
         ("she", "said", ['"We are ready,"', '"We will act tomorrow."'], "direct")),
        ('"The plan is dead," said Senator John Hale, a Republican from Ohio.',
         ("Senator John Hale, a Republican from Ohio", "said", ['"The plan is dead,"'], "direct")),
        ("According to the coastguard, four boats sank overnight.",
         ("the coastguard", "According to", ["four boats sank overnight"], "according_to")),
        ("It was reported by the regional broadcaster that the vote was delayed.",
         ("the regional broadcaster", "was reported", ["the vote was delayed"], "indirect")),
        ('She said the plan was "a disaster for every family in the valley".',
         ("She", "said", ['the plan was "a disaster for every family in the valley"'], "mixed")),
        ('He said the plan was "dead on arrival" and would fail.',
         ("He", "said", ['the plan was "dead on arrival" and would fail'], "indirect")),
        ("The union has warned of strikes across the port this winter.",
         ("The union", "has warned", ["of strikes across the port"], "indirect")),
    ],
)  # fmt: skip
def test_attribution_sentence(text: str, expected: tuple) -> None:
    assert texts(only(analyze(text))) == expected


def test_attribution_chain_citing() -> None:
    a = only(analyze("The agency, citing two diplomats, reported that talks had collapsed."))
    assert texts(a) == ("The agency", "reported", ["talks had collapsed"], "indirect")
    assert [c.text for c in a.chain] == ["two diplomats"]


def test_attribution_according_to_citing() -> None:
    text = "The dam cracked in March, according to the regional newspaper Valley Post, citing an engineer."
    a = only(analyze(text))
    assert a.source is not None and a.source.text == "Valley Post"
    assert [c.text for c in a.chain] == ["an engineer"]
    assert [c.text for c in a.content] == ["The dam cracked in March"]


@pytest.mark.parametrize(
    "text",
    [
        "The claims could not be independently verified.",
        "The newspaper said it was unable to verify the report.",
        "Officials have not confirmed the figure.",
    ],
)
def test_attribution_verification_note_is_not_a_claim(text: str) -> None:
    article = analyze(text)
    assert article.attributions == []
    assert [n.note.text for n in article.verification_notes] == [text]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("The river rose by two metres overnight.", ["unattributed"]),
        ("Why did the bridge fail, and who knew?", []),
        ("Too short.", []),
    ],
)
def test_attribution_plain_statements_are_the_articles_own_voice(text: str, kinds: list[str]) -> None:
    attributions = analyze(text).attributions
    assert [a.kind for a in attributions] == kinds
    for a in attributions:
        assert a.source is None and a.cue is None and a.content[0].text == text


def test_attribution_pronoun_resolved_to_previous_speaker() -> None:
    article = analyze(
        "Health Minister Karl Obi warned of shortages.\n\nHe said hospitals had three days of oxygen left.\n"
    )
    second = article.attributions[1]
    assert second.source is not None and second.source.text == "He"
    assert second.actor is not None and second.actor.name == "Karl Obi"


def test_attribution_pronoun_with_no_antecedent_stays_unresolved() -> None:
    assert only(analyze("He told reporters that the ceasefire would hold.")).actor is None


def test_attribution_title_resolved_to_named_mention() -> None:
    article = analyze("Mayor Ana Ruiz opened the session.\n\n“We have no money left,” the mayor said.\n")
    a = only(article)
    assert a.source is not None and a.source.text == "the mayor"
    assert a.actor is not None and a.actor.name == "Ana Ruiz"


def test_attribution_quote_paragraph_continues_speaker_and_nests() -> None:
    text = (
        "Flood defences failed in three places\n\n"
        "“The wall gave way at dawn,” engineer Lia Brandt said.\n\n"
        "“Our survey team has reported cracks in two more sections. We are closing the road.”\n"
    )
    article = analyze(text)
    continuation = next(a for a in article.attributions if a.cue is None and a.kind != "unattributed")
    assert continuation.kind == "direct" and continuation.source is None
    assert continuation.actor is not None and continuation.actor.name == "Lia Brandt"
    assert continuation.content[0].text.startswith("“Our survey team") and continuation.content[0].text.endswith("”")
    nested = next(a for a in article.attributions if a.source is not None and a.source.text == "Our survey team")
    assert article.attributions[nested.parent] is continuation  # type: ignore[index]


def test_attribution_subheading_breaks_the_speakers_turn() -> None:
    text = (
        "Flood defences failed in three places\n\n"
        "“The wall gave way at dawn,” engineer Lia Brandt said.\n\n"
        "What happens next?\n\n"
        "“Nobody knows.”\n"
    )
    attributions = analyze(text).attributions
    assert all(a.cue is not None for a in attributions if a.kind != "unattributed")


def test_attribution_headline_kind_and_counted_once() -> None:
    text = (
        "Port will close for a week, harbour master says\n\n"
        "Port will close for a week, harbour master says\n\n"
        "The port will close for a week, the harbour master said on Monday.\n"
    )
    article = analyze(text)
    assert [a.kind for a in article.attributions] == ["headline", "indirect"]


def test_attribution_offsets_index_article_text() -> None:
    text = (
        "Intro line here today\n\n\u00a0“Rates will rise,” the central bank said.  \n\n"
        "It added that inflation was falling.\n"
    )
    article = analyze(text)
    assert article.attributions
    for a in article.attributions:
        for span in [a.source, a.cue, *a.content, *a.chain]:
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_attribution_json_serialisable() -> None:
    article = analyze("“We are ready,” she said.")
    assert json.loads(json.dumps(to_dict(article)))["attributions"][0]["kind"] == "direct"


def test_attribution_spacy_component_sets_extension() -> None:
    from claimledger.nlp import load_nlp

    nlp = load_nlp(Settings())
    assert COMPONENT in nlp.pipe_names
    doc = nlp("The coastguard said four boats sank.")
    assert [a.source.text for a in doc._.attributions] == ["The coastguard"]


def test_find_quotes_ignores_inch_marks_and_handles_unclosed() -> None:
    assert find_quotes('a 12" pipe') == []
    assert find_quotes("“Open quote runs on") == [(0, 19)]


def test_attribution_component_on_blank_pipeline_finds_nothing_without_parse() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT)
    assert nlp("No parse here, they said.")._.attributions == []


def test_an_owned_claim_is_its_owners_attribution() -> None:
    """ "Donald Trump's claim that …": the owner asserts the clause; the source keeps its "'s" as PolNeAR marks
    it, the actor is the owner."""
    text = "Politifact seized on Donald Trump’s claim that there have been thousands of shootings in Chicago."
    article = claimledger.analyze(text, extractor="rules")
    found = [a for a in article.attributions if a.cue is not None and a.cue.text == "claim"]
    assert len(found) == 1
    a = found[0]
    assert a.source is not None and a.source.text == "Donald Trump’s"
    assert text[a.source.start : a.source.end] == a.source.text
    assert [c.text for c in a.content] == ["there have been thousands of shootings in Chicago"]
    assert a.actor is not None and a.actor.name == "Donald Trump"
    # a claim nobody owns, or one with no clause, is no attribution
    plain = claimledger.analyze("The claim was rejected. His claim of innocence failed.", extractor="rules")
    assert not [a for a in plain.attributions if a.cue is not None and a.cue.text == "claim"]


@pytest.mark.parametrize("extractor", ["rules", "hybrid"])
def test_a_paragraph_that_introduces_the_next_is_its_speakers_attribution(extractor: str) -> None:
    """ "The governor added:" alone in its paragraph: what follows is what he added, and the quoted paragraph
    after it continues him."""
    text = (
        "“The plan is a disgrace,” Governor Tom Reyes said on Wednesday.\n\n"
        "The governor added:\n\n"
        "It is typical of the council. It knows nothing, and it never stops talking.\n\n"
        "“We will fight it in court,” he said."
    )
    article = claimledger.analyze(text, extractor=extractor)
    added = next(a for a in article.attributions if a.cue and a.cue.text == "added")
    assert added.source is not None and added.source.text == "The governor"
    assert [c.text for c in added.content] == [
        "It is typical of the council. It knows nothing, and it never stops talking"
    ]
    assert added.actor is not None and added.actor.name == "Tom Reyes"
    lone = analyze("The governor added:")
    assert [a for a in lone.attributions if a.kind != "unattributed"] == []  # nothing follows: no attribution


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "claim" with a clause, an infinitive or a thing asserted reports speech …
        ("The mayor claimed that the bridge was safe.", [("The mayor", "claimed", ["the bridge was safe"])]),
        ("He claimed to have paid his taxes.", [("He", "claimed", ["to have paid his taxes"])]),
        ("He claimed vast wealth.", [("He", "claimed", ["vast wealth"])]),
        # … with an entitlement for object it is an act: a loss claimed on a tax return, responsibility claimed
        ("The Times wrote that the developer had claimed a loss of $900 million in 1995.",
         [("The Times", "wrote", ["the developer had claimed a loss of $900 million in 1995"])]),
        ("The group claimed responsibility for the attack.", []),
    ],
)  # fmt: skip
def test_claim_reports_speech_not_an_entitlement_taken(text: str, expected: list[tuple]) -> None:
    found = [a for a in analyze(text).attributions if a.kind != "unattributed"]
    assert [texts(a)[:3] for a in found] == expected


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The minister dismissed reports that the army had crossed the border.", True),
        ("The minister scoffed at claims that the army had crossed the border.", True),
        ("The governor has pooh-poohed the consensus that the levee failed.", True),
        ("The minister said that the army had crossed the border.", False),
    ],
)
def test_a_dismissive_cue_disputes_its_content(text: str, negated: bool) -> None:
    """A source that dismisses the content does not assert it: the attribution is negated (a dispute of the claim),
    as a denial is. Run with the default extractor: the trained model finds "scoffed at claims" as a cue."""
    (a,) = [a for a in claimledger.analyze(text).attributions if a.kind != "unattributed"]
    assert a.negated is negated, texts(a)
