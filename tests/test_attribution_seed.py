"""The seed's ledger, row by row: source, cue, content boundaries, kind, parent, chain and actor."""

from __future__ import annotations

import pytest

from claimledger.records import Article, Attribution

ZELENSKYY = "Volodymyr Zelenskyy"
ISW = "Institute for the Study of War"
OUR_INTELLIGENCE_QUOTE = (
    "“Our intelligence has observed not only the transfer of weapons from North Korea to Russia but also the "
    "transfer of individuals. These individuals are workers sent to Russian factories to replace those killed in "
    "the war, as well as personnel for the Russian army.”"
)

# (row, source, cue, content, kind, chain, actor)
ROWS = [
    (1, "Zelenskyy", "says", "North Korea joined Russia in its war against Ukraine", "headline", [], ZELENSKYY),
    (2, "Zelenskyy", "accused", "North Korea of aiding Russia with weapons and workers, but also troops",
     "indirect", [], ZELENSKYY),
    (3, "Reports", "suggest", "10,000 North Korean soldiers are in Russia, supporting their war efforts",
     "indirect", [], "Reports"),
    (4, "Ukraine’s President Volodymyr Zelenskyy", "said",
     "North Korea is supplying Russia not only with weapons but also with people, including those employed in "
     "Russian factories", "indirect", [], ZELENSKYY),
    (5, "Zelenskyy", "stated",
     "“In the coalition of criminals alongside Putin, North Korea is already involved, specifically the Kim family, "
     "which enslaves over 20 million people in North Korea,”", "direct", [], ZELENSKYY),
    (6, None, None, OUR_INTELLIGENCE_QUOTE, "direct", [], ZELENSKYY),
    (7, "Our intelligence", "has observed",
     "not only the transfer of weapons from North Korea to Russia but also the transfer of individuals",
     "indirect", [], "Our intelligence"),
    (8, "Zelenskyy", "according to", "And it’s not just Pyongyang, it’s also Tehran", "according_to", [],
     ZELENSKYY),
    (9, "he", "said", "“Everyone sees its regime’s support for Putin,”", "direct", [], ZELENSKYY),
    (10, "The Kyiv Independent", "reported",
     "North Korea has sent 10,000 soldiers to Russia to boost its war efforts against Ukraine", "indirect",
     ["Western sources"], "The Kyiv Independent"),
    (11, "Suspilne and Liga", "according to",
     "the Russian 11th Airborne Brigade is forming a 3,000-person “battalion” staffed with North Korean citizens",
     "according_to", ["anonymous military intelligence sources"], "Suspilne and Liga"),
    (12, "Ukrainian intelligence sources", "assessed",
     "this “battalion” will likely be involved in ongoing Russian defensive operations in the Kursk region",
     "indirect", [], "Ukrainian intelligence sources"),
    (13, "the Ukrainian partisan movement", "claimed",
     "it had identified the presence of North Korean military personnel in training areas located close to Mariupol",
     "indirect", [], "Ukrainian partisan movement"),
    (14, "The US-based ISW think tank", "says",
     "it has recently observed reports that a small contingent of North Korean personnel was operating near "
     "occupied Donetsk City", "indirect", [], ISW),
    (15, "the ISW", "according to",
     "The Kremlin is likely leveraging the Russia-North Korea comprehensive strategic partnership agreement made in "
     "June, in part to offset Russian force generation and border security requirements", "according_to", [], ISW),
    (16, "ISW", "added",
     "“Putin appears more willing to absorb North Korean personnel into the Russian military and resort to other "
     "irregular force generation efforts than to call for a wider mobilisation to actually address the combat "
     "situation,”", "direct", [], ISW),
]  # fmt: skip


def row(article: Article, content: str) -> tuple[int, Attribution]:
    matches = [(i, a) for i, a in enumerate(article.attributions) if [c.text for c in a.content] == [content]]
    assert len(matches) == 1, f"expected one attribution with content {content!r}, found {len(matches)}"
    return matches[0]


@pytest.mark.parametrize(
    ("number", "source", "cue", "content", "kind", "chain", "actor"), ROWS, ids=[str(r[0]) for r in ROWS]
)
def test_seed_row(seed_article: Article, number, source, cue, content, kind, chain, actor) -> None:
    _, a = row(seed_article, content)
    assert (a.source.text if a.source else None) == source
    assert (a.cue.text if a.cue else None) == cue
    assert a.kind == kind
    assert [c.text for c in a.chain] == chain
    assert (a.actor.name if a.actor else None) == actor
    text = seed_article.text
    for span in [a.source, a.cue, *a.content, *a.chain]:
        if span is not None:
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(("number", "parent"), [(7, 6)] + [(n, None) for n in range(1, 17) if n != 7])
def test_seed_row_parent(seed_article: Article, number: int, parent: int | None) -> None:
    _, a = row(seed_article, ROWS[number - 1][3])
    if parent is None:
        assert a.parent is None
    else:
        parent_index, _ = row(seed_article, ROWS[parent - 1][3])
        assert a.parent == parent_index


def test_seed_headline_counted_once(seed_article: Article) -> None:
    assert [a.kind for a in seed_article.attributions].count("headline") == 1


def test_seed_nothing_from_boilerplate(seed_article: Article) -> None:
    for a in seed_article.attributions:
        for span in [a.source, a.cue, *a.content]:
            if span is not None:
                assert not seed_article.is_excluded(span.start, span.end), span


@pytest.mark.parametrize(
    "phrase",
    [
        "Why would Russia need North Korean soldiers, and where?",
        "Where could they be deployed?",
        "Euronews could not independently verify these claims.",
    ],
)
def test_seed_nothing_from_subheadings_or_verification_note(seed_article: Article, phrase: str) -> None:
    start = seed_article.text.index(phrase)
    end = start + len(phrase)
    for a in seed_article.attributions:
        for span in [a.source, a.cue, *a.content]:
            if span is not None:
                assert not (span.start < end and start < span.end), (phrase, span)
