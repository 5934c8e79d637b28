"""Cleaning: boilerplate marked (never deleted), metadata lifted — the seed and general cases."""

from __future__ import annotations

import pytest

import claimledger
from claimledger.clean import clean
from claimledger.pipeline import Source, prepare

SEED_BOILERPLATE = [
    ("by Admin", "byline"),
    ("North Korea joined Russia in its war against Ukraine, Zelenskyy says", "repeated_title"),
    ("ADVERTISEMENT", "ad_marker"),
    ("ADVERTISEMENT", "ad_marker"),
    ("Additional sources • ISW", "additional_sources"),
    ("Source Link", "source_link"),
    ("You may also like", "related"),
    ("Leave a Comment", "comments"),
    ("This website uses cookies. By continuing to use this site, you accept our use of cookies.", "cookie_notice"),
]


def seed_prepared(seed_text: str):
    return prepare(Source(seed_text))


def test_seed_text_is_the_input_exactly(seed_text: str) -> None:
    assert seed_prepared(seed_text).text == seed_text


@pytest.mark.parametrize(("text", "reason"), SEED_BOILERPLATE)
def test_seed_boilerplate_excluded(seed_text: str, text: str, reason: str) -> None:
    article = seed_prepared(seed_text)
    assert (text, reason) in [(b.text, b.reason) for b in article.boilerplate]


def test_seed_boilerplate_is_exactly_the_expected(seed_text: str) -> None:
    article = seed_prepared(seed_text)
    assert sorted((b.text, b.reason) for b in article.boilerplate) == sorted(SEED_BOILERPLATE)


def test_seed_boilerplate_offsets_index_the_text(seed_text: str) -> None:
    for region in seed_prepared(seed_text).boilerplate:
        assert seed_text[region.start : region.end] == region.text


def test_seed_title_repeat_is_the_second_occurrence(seed_text: str) -> None:
    article = seed_prepared(seed_text)
    title = article.metadata.title
    repeated = next(b for b in article.boilerplate if b.reason == "repeated_title")
    assert seed_text.index(title) == 0 < repeated.start


def test_seed_report_itself_not_excluded(seed_text: str) -> None:
    article = seed_prepared(seed_text)
    for phrase in ("Zelenskyy accused", "Euronews could not independently verify", "ISW added", "Where could they"):
        start = seed_text.index(phrase)
        assert not article.is_excluded(start, start + len(phrase)), phrase


def test_seed_metadata(seed_text: str) -> None:
    meta = seed_prepared(seed_text).metadata
    assert meta.title == "North Korea joined Russia in its war against Ukraine, Zelenskyy says"
    assert meta.author == "Admin"
    assert meta.additional_sources == ["ISW"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Advertisement", "ad_marker"),
        ("Story continues below advertisement", "ad_marker"),
        ("Related Articles", "related"),
        ("Read more", "source_link"),
        ("Share this article", "share_prompt"),
        ("Subscribe to our newsletter for daily updates", "share_prompt"),
        ("Follow us on Telegram", "share_prompt"),
        ("We use cookies to improve your experience. Accept all cookies", "cookie_notice"),
        ("Leave a reply", "comments"),
    ],
)
def test_clean_marks_common_boilerplate(line: str, reason: str) -> None:
    text = f"A title that reads like a headline\n\nThe body of the report says something.\n{line}\nMore body.\n"
    found = [(b.text, b.reason) for b in clean(text).boilerplate]
    assert found == [(line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "The company said it would stop using third-party cookies next year.",
        "By the end of the day, the ministry had issued a statement.",
        "Sources told reporters the advertisement campaign would continue.",
        "Related talks are planned for next week, the minister said.",
    ],
)
def test_clean_leaves_report_sentences_alone(line: str) -> None:
    text = f"A title that reads like a headline\n\n{line}\n"
    assert clean(text).boilerplate == []


def test_clean_additional_sources_lifted() -> None:
    cleaned = clean("Some headline here today\n\nBody.\n\nAdditional sources • AP, Reuters and AFP\n")
    assert cleaned.additional_sources == ["AP", "Reuters", "AFP"]


def test_clean_related_links_after_heading() -> None:
    text = "Headline of the story here\n\nBody sentence.\n\nYou may also like\nAnother story headline\nThird one\n"
    reasons = [b.reason for b in clean(text).boilerplate]
    assert reasons == ["related", "related_link", "related_link"]


def test_analyze_plain_text_keeps_text() -> None:
    text = "  Odd spacing\r\n\r\nand Windows line ends, she said.\r\n"
    assert claimledger.analyze(text).text == text
