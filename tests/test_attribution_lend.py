"""Who says it when an extractor found the words and the cue but not the speaker.

- :func:`claimledger.attribute.rules.lend_subjects`: a cue with no source takes its verb's active subject
  from the parse ("Democrats accused the GOP of …");
- :func:`claimledger.attribute.hybrid.merge`: a quotation the rules kept without a speaker takes the speaker
  of the model attribution reporting the same words.
"""

from __future__ import annotations

import pytest

from claimledger.attribute.hybrid import merge
from claimledger.attribute.rules import lend_subjects
from claimledger.nlp import load_nlp
from claimledger.parse import parse_articles
from claimledger.pipeline import Source, analyze, prepare
from claimledger.records import Attribution, Span
from claimledger.settings import Settings


def lent(text: str, cue: str, content: str) -> str | None:
    """The source :func:`lend_subjects` gives a source-less attribution of ``cue`` reporting ``content``."""
    article = prepare(Source(text))
    (paragraphs,) = parse_articles(load_nlp(Settings()), [article])
    at, of = article.text.index(cue), article.text.index(content)
    a = Attribution("indirect", [article.span(of, of + len(content))], cue=article.span(at, at + len(cue)))
    lend_subjects(paragraphs, [a], article)
    assert a.source is None or article.text[a.source.start : a.source.end] == a.source.text
    return a.source.text if a.source else None


@pytest.mark.parametrize(
    ("text", "cue", "content", "source"),
    [
        # (after) PolNeAR dev sentences whose cue the tagger found without its speaker
        ("On Friday, Democrats accused the GOP of stoking the issue for maximum political damage.",
         "accused", "the GOP of stoking the issue for maximum political damage", "Democrats"),
        ("Graham has been critical of Trump since they both were competing in the GOP presidential primary.",
         "has been critical of", "Trump", "Graham"),
        ("He recently pitched himself to African-Americans by telling them that their lives are terrible.",
         "recently pitched", "himself", "He"),
        # a passive subject is what is reported on, not who reports it
        ("Clinton was accused of hiding her illness from the voters.", "was accused", "of hiding her illness", None),
        # a subject inside what is reported is not its speaker
        ("Nothing about them seems credible to me.", "seems credible", "Nothing about them", None),
    ],
)  # fmt: skip
def test_a_cue_without_a_source_takes_its_verbs_subject(text: str, cue: str, content: str, source: str) -> None:
    assert lent(text, cue, content) == source


def test_a_speakerless_quotation_takes_the_speaker_the_model_found_for_it() -> None:
    text = "“The dam will hold,” the report read."
    quote = Span.of(text, 0, 20)
    rules = [Attribution("direct", [quote], confidence=0.8)]  # the rules' quotation, nobody saying it
    model = [Attribution("direct", [quote], source=Span.of(text, 21, 31), cue=Span.of(text, 32, 36), confidence=0.8)]
    (a,) = merge(rules, model)
    assert (a.source.text, a.cue.text, [c.text for c in a.content]) == ("the report", "read", [quote.text])
    # a quotation the rules gave a speaker keeps it: the model's other reading is not added over it
    said = Span.of(text, 21, 31)
    (b,) = merge([Attribution("direct", [quote], source=said, confidence=0.8)], model)
    assert b.source == said


def test_a_quotation_that_names_its_own_speaker_is_no_continuation_and_the_article_is_the_one_named() -> None:
    """PolNeAR dev (West Journal): a quoted paragraph after another speaker's quote, closed by "the article read":
    the article speaks, not the previous speaker; "the article" is the Times article the text named before it."""
    text = (
        "“The unfairness of the tax laws is unbelievable,” Trump said Monday.\n\n"
        "Twenty-two years ago, a Times article hailed Trump as “The Comeback Kid” for his business success.\n\n"
        "“Business leaders in New York honored Donald J. Trump yesterday for pulling off the comeback of the "
        "decade,” the article read."
    )
    article = analyze(text)
    read = [a for a in article.attributions if a.source is not None and a.source.text == "the article"]
    assert len(read) == 1 and read[0].actor is not None
    assert (read[0].actor.name, read[0].actor.type) == ("The New York Times", "outlet")
    said = [a for a in article.attributions if a.source is not None and a.source.text == "Trump"]
    assert said and all(a.actor is not None and a.actor.name.endswith("Trump") for a in said)
