"""Site furniture in European languages, headings known as such, languages detected: what a user sees of them
in the analysed article, the CLI and the ledger (issue 18)."""

from __future__ import annotations

import pytest

import claimledger
from claimledger.clean import clean, person_author
from claimledger.language import detect, not_analysed
from claimledger.pipeline import Source, prepare

BODY = "The ministry said on Tuesday that the bridge would reopen next month after repairs."


def _reasons(line: str) -> list[tuple[str, str]]:
    after = "The works cost more than expected, officials said."
    text = f"A title that reads like a headline\n\n{BODY}\n\n{line}\n\n{after}\n"
    return [(b.text, b.reason) for b in clean(text).boilerplate]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Follow Jane Doe on Twitter @janedoe.", "follow_prompt"),
        ("Follow NBC Latino on Facebook, Twitter and Instagram.", "follow_prompt"),
        ("Suivez-nous sur Facebook et Twitter", "follow_prompt"),
        ("Folgen Sie uns auf Instagram", "follow_prompt"),
        ("Síguenos en Twitter", "follow_prompt"),
        ("Obrigado por compartilhar nosso conteúdo!", "share_prompt"),
        ("Like this story? Share it with a friend!", "share_prompt"),
        ("Grazie per aver condiviso!", "share_prompt"),
        ("Subscribe to the Morning Review newsletter", "share_prompt"),
        ("Get the day’s top headlines delivered to your inbox every morning by subscribing.", "newsletter_prompt"),
        ("Abonnez-vous à notre newsletter", "newsletter_prompt"),
        ("Iscriviti alla newsletter", "newsletter_prompt"),
        ("Deixe suas dúvidas e opiniões aqui embaixo!", "comment_prompt"),
        ("Lascia un commento", "comment_prompt"),
        ("Kommentare", "comment_prompt"),
        ("HAYWARD, Calif. (AP) — The Latest on a deadly stabbing (all times local):", "live_header"),
        ("Main image credit: Getty", "photo_credit"),
        ("Foto: Reuters", "photo_credit"),
        ("Фото: ТАСС", "photo_credit"),
        ("Read more: Alibaba poised to launch record listing", "read_more"),
        ("Leggi anche", "read_more"),
        ("Lire aussi : la réforme des retraites", "read_more"),
        ("Lesen Sie auch: Die Bahn streikt", "read_more"),
        ("Leia também: o novo governo", "read_more"),
        ("Читайте также: новости дня", "read_more"),
        ("(Reporting by Will Dunham; Editing by Tom Brown)", "credit"),
        ("Keith Bradsher contributed reporting from Hong Kong.", "credit"),
        ("WeWork declined to comment.", "no_comment"),
        ("The governor's office didn't immediately respond to a request for comment.", "no_comment"),
        ("© 2019 Associated Press. All Rights Reserved.", "copyright"),
        ("Tempo de leitura: 2 minutos", "reading_time"),
    ],
)
def test_furniture_line_is_excluded_with_its_reason(line: str, reason: str) -> None:
    assert _reasons(line) == [(line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "He declined to comment on the plan, but said the talks would go on.",
        "The senator posted on Twitter that the vote would be delayed.",
        "Thousands shared the video, which showed the flooded square.",
        "Photographs of the damage were released by the army on Monday.",
        "Read the full report, the minister urged lawmakers, before voting.",
    ],
)
def test_report_sentences_are_not_furniture(line: str) -> None:
    assert _reasons(line) == []


def test_click_to_tweet_excludes_only_its_suffix() -> None:
    line = "Growth usually feels uncomfortable, and that is fine.Click To Tweet"
    text = f"A title that reads like a headline\n\n{BODY}\n\n{line}\n\n{BODY}\n"
    [region] = clean(text).boilerplate
    assert (region.text, region.reason) == ("Click To Tweet", "share_prompt")
    assert text[region.start : region.end] == region.text


def test_plain_text_headings_are_known_and_never_claims() -> None:
    text = (
        "US keeps its base in Syria, officials say\n\n"
        "The U.S. will keep its military base in al-Tanf, a Pentagon spokesman said on Monday.\n\n"
        "The al-Tanf base\n\n"
        "The base lies near the borders with Iraq and Jordan, the spokesman said.\n\n"
        "Where could they go next?\n\n"
        "Officials said the troops would stay for as long as needed.\n"
    )
    article = claimledger.analyze(text)
    kinds = {h.text: h.kind for h in article.headings}
    assert kinds == {
        "US keeps its base in Syria, officials say": "title",
        "The al-Tanf base": "heading",
        "Where could they go next?": "heading",
    }
    for heading in article.headings:
        assert text[heading.start : heading.end] == heading.text
    assert article.text == text
    for a in article.attributions:
        for span in a.spans():
            assert not article.is_heading(span.start, span.end), (a.kind, span.text)
    assert "headline" in [a.kind for a in article.attributions]  # the headline's own "…, officials say"


def test_html_headings_and_captions_are_never_claims() -> None:
    html = (
        "<html><head><title>Flood waters recede in the valley</title></head><body><article>"
        "<h1>Flood waters recede in the valley</h1>"
        f"<p>{BODY} The river fell by two metres overnight, the agency said.</p>"
        "<h2>Residents say the warnings came late</h2>"
        "<p>Residents said the warnings came too late for many families to leave, according to the mayor.</p>"
        "<p>A rescue boat on the flooded main street on Sunday. (Photo: Jane Roe/Reuters)</p>"
        "<p>Follow Jane Roe on Twitter @janeroe.</p>"
        "</article></body></html>"
    )
    article = claimledger.analyze(html, html=True)
    kinds = {h.text: h.kind for h in article.headings if h.kind != "title"}
    assert kinds["Residents say the warnings came late"] == "heading"
    assert kinds["A rescue boat on the flooded main street on Sunday. (Photo: Jane Roe/Reuters)"] == "caption"
    assert ("Follow Jane Roe on Twitter @janeroe.", "follow_prompt") in [
        (b.text, b.reason) for b in article.boilerplate
    ]
    for a in article.attributions:
        for span in a.spans():
            assert not article.is_heading(span.start, span.end) and not article.is_excluded(span.start, span.end)


RUSSIAN = (
    "Министерство обороны заявило во вторник, что войска завершили учения на севере страны. "
    "По словам представителя ведомства, в учениях участвовали более трёх тысяч военнослужащих."
)


def test_language_detected_with_confidence() -> None:
    english = prepare(Source(BODY + " The works cost more than expected, officials said."))
    assert (english.metadata.language, english.not_analysed) == ("en", None)
    assert english.metadata.language_confidence is not None and english.metadata.language_confidence > 0.9
    found = detect(RUSSIAN)
    assert found is not None and found.language == "ru" and found.confidence > 0.9
    assert not_analysed(found) == "Russian"
    assert detect("OK.") is None  # too little text to tell: analysed as English


def test_other_languages_are_stored_flagged_not_analysed() -> None:
    article = claimledger.analyze(RUSSIAN)
    assert article.not_analysed == "Russian"
    assert article.metadata.language == "ru"
    assert article.attributions == [] and article.text == RUSSIAN


def test_ingest_counts_and_show_flags_articles_not_analysed(cli, tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "in" / "en.txt").write_text(BODY, encoding="utf-8")
    result = cli("ingest", str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    assert "new 2 (0 copies), not analysed 1 (Russian 1)" in result.output
    listing = cli("articles", "--json")
    ids = [row["id"] for row in __import__("json").loads(listing.output)]
    shown = [cli("show", str(i)).output for i in ids]
    assert sum("not analysed: Russian" in s for s in shown) == 1
    assert any("language: ru (0.9" in s or "language: ru (1.00)" in s for s in shown)


@pytest.mark.parametrize(
    ("author", "kept"),
    [
        ("The Russian; Syrian defense ministries", None),
        ("Reuters Staff", None),
        ("Associated Press", None),
        ("AP", None),
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe; Reuters", "Jane Doe"),
        ("Admin", "Admin"),
    ],
)
def test_authors_that_are_not_people_are_not_authors(author: str, kept: str | None) -> None:
    assert person_author(author) == kept


def test_html_author_that_is_not_a_person_is_dropped() -> None:
    html = (
        '<html><head><meta name="author" content="The Russian; Syrian defense ministries">'
        "<title>Strikes near the base</title></head><body><article>"
        f"<p>{BODY}</p><p>The strikes hit two depots, the ministry said in a statement on Monday.</p>"
        "</article></body></html>"
    )
    assert prepare(Source(html, html=True)).metadata.author is None


def test_headline_pairing_topics_before_a_colon_is_not_an_attribution() -> None:
    text = "Russia and Syria: a new front opens in the desert\n\n" + BODY + "\n"
    article = claimledger.analyze(text, extractor="rules")
    assert [a.cue.text for a in article.attributions if a.cue is not None and a.cue.text == ":"] == []


def test_also_known_as_is_not_a_cue_and_request_for_comment_is_not_a_claim() -> None:
    text = (
        "The Rukban camp, also known as the Berm, is located near the Jordanian border.\n\n"
        "The ministry did not immediately respond to a request for comment on Tuesday.\n"
    )
    article = claimledger.analyze(text)
    cues = [a.cue.text.lower() for a in article.attributions if a.cue is not None]
    assert not any("known" in c for c in cues)
    contents = [c.text for a in article.attributions if a.kind != "unattributed" for c in a.content]
    assert not any("request for comment" in c for c in contents)
