"""What each claim means: actors and their types, hedges, verification notes — the seed and 40+ sentences
written for the project (one test per sentence)."""

from __future__ import annotations

import pytest

import claimledger
from claimledger.records import Article, Attribution


def claim(text: str) -> Attribution:
    found = [a for a in claimledger.analyze(text).attributions if a.kind != "unattributed" and a.parent is None]
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------------------------- hedges
@pytest.mark.parametrize(
    ("text", "hedge", "strength"),
    [
        ("The army confirmed that the bridge had been destroyed.", "confirmed", "certain"),
        ("The minister said the figures were clearly wrong.", "clearly", "certain"),
        ("The inspector said the leak had definitely been repaired.", "definitely", "certain"),
        ("Analysts believe the offensive will stall before winter.", "believe", "probable"),
        ("Witnesses said the convoy was probably heading north.", "probably", "probable"),
        ("Officials estimate that the repairs will take a year.", "estimate", "probable"),
        ("The governor said the dam might fail within days.", "might", "possible"),
        ("Reports suggest the ceasefire has collapsed.", "suggest", "possible"),
        ("The engineer said the wall appears to have shifted.", "appears", "possible"),
        ("The spokesman said rebels had reportedly seized the airport.", "reportedly", "reported"),
        ("The opposition claimed the vote had been rigged.", "claimed", "reported"),
        ("Police said the suspect had allegedly fled abroad.", "allegedly", "reported"),
        ("The company denied that it had sold weapons to either side.", "denied", "disputed"),
        ("The union disputed that the strike had ended.", "disputed", "disputed"),
    ],
)
def test_semantics_hedge(text: str, hedge: str, strength: str) -> None:
    a = claim(text)
    assert (hedge, strength) in [(h.text, h.strength) for h in a.hedges]
    for h in a.hedges:
        assert text[h.start : h.end] == h.text


def test_semantics_no_hedge_on_a_plain_report() -> None:
    assert claim("The mayor said the road would reopen on Monday.").hedges == []


def test_semantics_may_the_month_is_not_a_hedge() -> None:
    assert claim("The council said the vote would be held in May.").hedges == []


# --------------------------------------------------------------------------------------------- actors
@pytest.mark.parametrize(
    ("text", "name", "actor_type"),
    [
        ("Maria Lindqvist said the harvest had failed.", "Maria Lindqvist", "person"),
        ("Defence Minister Elena Varga said troops would withdraw.", "Elena Varga", "official"),
        ("The Kremlin said the talks were over.", "Kremlin", "government"),
        ("The ministry said it had evacuated 300 people.", "ministry", "government"),
        ("The 24th Mechanized Brigade said it had repelled an attack.", None, "military_unit"),
        ("Ukrainian intelligence said the enemy was regrouping.", "Ukrainian intelligence", "intelligence"),
        ("The Meridian Post reported that the mayor had resigned.", "Meridian Post", "outlet"),
        ("According to the Financial Times, the deal is worth billions.", "Financial Times", "outlet"),
        ("Amnesty International said the detentions were unlawful.", "Amnesty International", "ngo"),
        ("A humanitarian charity said food stocks were running out.", None, "ngo"),
        ("The Atlantic Council said sanctions were working.", "Atlantic Council", "think_tank"),
        ("Two officials who spoke on condition of anonymity said the plan was shelved.", None, "anonymous"),
        ("Sources familiar with the matter said the merger was off.", None, "anonymous"),
        ("Media reports said the airport was closed.", "Media reports", "unspecified"),
        ("Local residents said the shelling continued all night.", "Local residents", "group"),
        ("The company said its profits had doubled.", "company", "organization"),
        ("NATO said it had detected unusual activity.", "NATO", "organization"),
    ],
)
def test_semantics_actor_type(text: str, name: str | None, actor_type: str) -> None:
    actor = claim(text).actor
    assert actor is not None
    assert actor.type == actor_type
    if name is not None:
        assert actor.name == name


def test_semantics_official_role() -> None:
    actor = claim("Defence Minister Elena Varga said troops would withdraw.").actor
    assert actor is not None and actor.role == "Defence Minister"


def test_semantics_known_actor_aliases_merge_within_an_article() -> None:
    article = claimledger.analyze(
        "The ISW said the front had stabilised.\n\nThe Institute for the Study of War added that supplies were low.\n"
    )
    actors = {a.actor.name for a in article.attributions if a.actor and a.kind != "unattributed"}
    assert actors == {"Institute for the Study of War"}


def test_semantics_user_actor_table(tmp_path) -> None:
    from claimledger.settings import Settings

    table = tmp_path / "actors.json"
    table.write_text('{"actors": [{"name": "Halvard Water Board", "type": "government", "aliases": ["HWB"]}]}')
    article = claimledger.analyze("HWB said the reservoir was full.", settings=Settings(actors=str(table)))
    actor = article.attributions[0].actor
    assert actor is not None and (actor.name, actor.type) == ("Halvard Water Board", "government")
    assert claim("HWB said the reservoir was full.").actor.type != "government"  # not without the setting


# ----------------------------------------------------------------------------------------- verification
@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("The BBC could not independently verify the footage.", "BBC"),
        ("The claims have not been confirmed.", None),
        ("The newspaper said it was unable to verify the report.", None),
        ("The figures could not be independently confirmed.", None),
        ("Reuters has not independently verified the account.", "Reuters"),
        ("We were unable to corroborate the claim.", None),
    ],
)
def test_semantics_verification_pattern(text: str, author: str | None) -> None:
    article = claimledger.analyze(text)
    assert [n.note.text for n in article.verification_notes] == [text]
    note = article.verification_notes[0]
    assert (note.author.name if note.author else None) == author or author is None
    assert note.status == "unverified"


def test_semantics_verification_scope_is_back_to_the_previous_note() -> None:
    text = (
        "Dam fears grow in the valley\n\n"
        "The Valley Post, citing an engineer, reported that the wall had cracked.\n\n"
        "The Valley Post could not independently verify the engineer's account.\n\n"
        "The mayor said the town was safe.\n"
    )
    article = claimledger.analyze(text)
    reported = next(a for a in article.attributions if a.cue and a.cue.text == "reported")
    safe = next(a for a in article.attributions if a.cue and a.cue.text == "said")
    assert reported.verification is not None and reported.verification.status == "unverified"
    assert reported.verification.by is not None and reported.verification.by.name == "Valley Post"
    assert safe.verification is None


# ------------------------------------------------------------------------------------------------ seed
def seed_row(article: Article, cue: str, starts: str) -> Attribution:
    return next(
        a
        for a in article.attributions
        if a.cue and a.cue.text == cue and a.content[0].text.lstrip("“").startswith(starts)
    )


@pytest.mark.parametrize(
    ("cue", "starts", "name", "actor_type"),
    [
        ("accused", "North Korea of aiding", "Volodymyr Zelenskyy", "official"),
        ("said", "North Korea is supplying", "Volodymyr Zelenskyy", "official"),
        ("reported", "North Korea has sent", "The Kyiv Independent", "outlet"),
        ("suggest", "10,000 North Korean", "Reports", "unspecified"),
        ("says", "it has recently observed", "Institute for the Study of War", "think_tank"),
        ("according to", "The Kremlin", "Institute for the Study of War", "think_tank"),
        ("added", "Putin appears", "Institute for the Study of War", "think_tank"),
        ("assessed", "this", "Ukrainian intelligence sources", "intelligence"),
    ],
)
def test_seed_actor(seed_article: Article, cue: str, starts: str, name: str, actor_type: str) -> None:
    actor = seed_row(seed_article, cue, starts).actor
    assert actor is not None and (actor.name, actor.type) == (name, actor_type)


def test_seed_isw_is_one_actor_for_its_mentions(seed_article: Article) -> None:
    isw = [a.actor for a in seed_article.attributions if a.actor and a.actor.name == "Institute for the Study of War"]
    assert len(isw) >= 3
    assert {"ISW", "the ISW", "The US-based ISW think tank"} <= set(isw[0].aliases)


def test_seed_chain_actor_is_anonymous(seed_article: Article) -> None:
    chain = seed_row(seed_article, "reported", "North Korea has sent").chain
    assert [(c.text, c.actor.type if c.actor else None) for c in chain] == [("Western sources", "anonymous")]


@pytest.mark.parametrize(
    ("cue", "starts", "hedge", "strength"),
    [
        ("suggest", "10,000 North Korean", "suggest", "possible"),
        ("assessed", "this", "likely", "probable"),
        ("according to", "The Kremlin", "likely", "probable"),
        ("added", "Putin appears", "appears", "possible"),
        ("claimed", "it had identified", "claimed", "reported"),
    ],
)
def test_seed_hedge(seed_article: Article, cue: str, starts: str, hedge: str, strength: str) -> None:
    hedges = seed_row(seed_article, cue, starts).hedges
    assert (hedge, strength) in [(h.text, h.strength) for h in hedges]


@pytest.mark.parametrize(
    ("cue", "starts"),
    [
        ("reported", "North Korea has sent"),
        ("according to", "the Russian 11th Airborne"),
        ("assessed", "this"),
        ("claimed", "it had identified"),
    ],
)
def test_seed_unverified_by_euronews(seed_article: Article, cue: str, starts: str) -> None:
    verification = seed_row(seed_article, cue, starts).verification
    assert verification is not None and verification.status == "unverified"
    assert verification.by is not None and verification.by.name == "Euronews"
    assert verification.note.text == "Euronews could not independently verify these claims."
    assert seed_article.text[verification.note.start : verification.note.end] == verification.note.text


def test_seed_verification_note_listed(seed_article: Article) -> None:
    assert [n.note.text for n in seed_article.verification_notes] == [
        "Euronews could not independently verify these claims."
    ]


def test_seed_original_publisher(seed_article: Article) -> None:
    assert seed_article.original_publisher is not None
    assert (seed_article.original_publisher.name, seed_article.original_publisher.type) == ("Euronews", "outlet")


def test_seed_articles_own_voice(seed_article: Article) -> None:
    voice = [a for a in seed_article.attributions if a.kind == "unattributed"]
    texts = [a.content[0].text for a in voice]
    assert any(t.startswith("And with reports of North Korean boots on the ground") for t in texts)
    assert all(a.actor is not None and a.actor.name == "Euronews" for a in voice)


# ------------------------------------------------------------------- quantities, places, dates per claim
def test_seed_claim_quantities(seed_article: Article) -> None:
    quantities = seed_row(seed_article, "reported", "North Korea has sent").quantities
    assert [(q.text, q.value, q.unit) for q in quantities] == [("10,000 soldiers", 10000, "soldiers")]
    battalion = seed_row(seed_article, "according to", "the Russian 11th Airborne").quantities
    assert [(q.value, q.unit) for q in battalion] == [(3000, "persons")]


@pytest.mark.parametrize(
    ("cue", "starts", "place"),
    [
        ("assessed", "this", "Kursk"),
        ("claimed", "it had identified", "Mariupol"),
        ("says", "it has recently", "Donetsk"),
    ],
)
def test_seed_claim_places(seed_article: Article, cue: str, starts: str, place: str) -> None:
    places = seed_row(seed_article, cue, starts).places
    assert any(p.name == place and p.lat is not None and p.lon is not None for p in places), places


def test_seed_claim_dates(seed_article: Article) -> None:
    stated = seed_row(seed_article, "stated", "In the coalition").dates
    assert [(d.text, d.value) for d in stated] == [("Wednesday", "2024-10-16")]
    kremlin = seed_row(seed_article, "according to", "The Kremlin").dates
    assert [(d.text, d.value, d.granularity) for d in kremlin] == [("June", "2024-06", "month")]


def test_seed_claim_spans_index_the_text(seed_article: Article) -> None:
    for a in seed_article.attributions:
        for span in [*a.hedges, *a.quantities, *a.places, *a.dates]:
            assert seed_article.text[span.start : span.end] == span.text
