"""Which attributions join one claim (issue 14): negation read from the parse, what counts as a claim, a content of
two sentences matched on its best one, claims compared with their first members, and a ledger reloaded in another
process deciding as the one that linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger import analyze
from claimledger.ledger.claims import content_text, is_claim, polarity
from claimledger.ledger.provenance import list_claims
from claimledger.ledger.store import Ledger


def _contents(text: str) -> dict[str, tuple[int, bool]]:
    """Each attribution's content: (polarity, is it a claim)."""
    return {content_text(a): (polarity(a), is_claim(a)) for a in analyze(text).attributions}


@pytest.mark.parametrize(
    ("text", "content", "sign"),
    [
        ("His lawyer said he would not answer questions.", "he would not answer questions", -1),
        ("His lawyer said he will refuse to answer any questions.", "he will refuse to answer any questions", -1),
        ("The company denied postponing the repairs, the mayor said.", "The company denied postponing the repairs", -1),
        # a negation inside a later clause or sentence is not the asserted clause's
        (
            "The Post said Clinton was the winner of the debate, but instant polls are not scientific.",
            "Clinton was the winner of the debate, but instant polls are not scientific",
            1,
        ),
        ('Trump said: "That makes me smart. I am not a fool."', "That makes me smart. I am not a fool", 1),
        ("The minister said there is no shortage of fuel in the city.", "there is no shortage of fuel in the city", -1),
    ],
)
def test_polarity_comes_from_the_main_clause_of_the_parse(text: str, content: str, sign: int) -> None:
    contents = _contents(text)
    assert contents[content][0] == sign, contents


def test_what_counts_as_a_claim() -> None:
    """A short clause is a claim, a fragment or a question is not; "to …" is an intention only after a want or
    plan verb."""
    assert _contents("Trump said she has pneumonia.")["she has pneumonia"][1]
    assert not _contents("Smith declined to comment.").get("to comment", (1, False))[1]
    for text in (
        'The senator asked: "Is the old bridge safe for the trucks?"',
        "She asked whether the bridge is safe.",
    ):
        asked = _contents(text)
        assert not any(claim for content, (_, claim) in asked.items() if "bridge" in content), asked
    refused = _contents("Clinton said Trump refuses to release his tax records.")
    assert refused["to release his tax records"] == (-1, True), refused  # the refusal is in the cue
    wants = _contents("The mayor wants to rebuild the old bridge by next spring, aides said.")
    assert not any(claim for text, (_, claim) in wants.items() if text.startswith("to ")), wants


def test_a_conditional_and_a_fronted_to_phrase_are_claims_an_indirect_question_is_not() -> None:
    """ "If X, Y" asserts Y under a condition; "To X, Y" fronts a phrase before its clause (claimhood gold)."""
    cond = _contents("Analysts said that if the talks fail, the tariffs will rise again in March.")
    assert cond["if the talks fail, the tariffs will rise again in March"][1], cond
    quoted = _contents('"If you look back at the transcripts," Scott said, "I could have written them last week."')
    assert any(claim for text, (_, claim) in quoted.items() if "transcripts" in text), quoted
    asked = _contents("Reporters asked if the governor would veto the budget.")
    assert not any(claim for text, (_, claim) in asked.items() if "veto" in text), asked
    fronted = _contents("To the coach, the loss was not a surprise, the report said.")
    assert any(claim for text, (_, claim) in fronted.items() if text.startswith("To the coach")), fronted


@pytest.mark.parametrize(
    ("content", "clause", "claim"),
    [
        ("Write to Al Root at allen.root@example.com", False, False),
        ("And here's our email: letters@example.com.", True, False),
        ("Follow AP's full coverage of the election at https://apnews.example/Election", False, False),
        ("Reach the reporters on Twitter at http://twitter.com/example", False, False),
        ("Originally published on Live Science.", False, False),
        ("- 15 Amazing Images of Stars", False, False),
        ("Jane Roe reported from Kyiv, and John Doe from Lviv.", True, False),
        ("(WARNING: Video contains graphic images.)", True, False),
        # a bullet that is a sentence, a clause that names a site, a report that mentions e-mail: claims
        ("- The two have been playing a ton of snaps all season.", True, True),
        ("The ministry said on its website, www.example.gov, that 1,200 people fled", True, True),
        ("Follow-up inspections found cracks in the bridge", True, True),
        ("Follow-up inspections of the old bridge", False, True),
    ],
)
def test_site_furniture_read_as_a_content_is_never_a_claim(content: str, clause: bool, claim: bool) -> None:
    from claimledger.records import Attribution, Span

    a = Attribution("unattributed", [Span(0, len(content), content)], clause=clause)
    assert is_claim(a) is claim


def _ingest(tmp_path: Path, texts: dict[str, str], ledger: Ledger, runs: int = 1) -> None:
    from claimledger.ingest import ingest

    names = list(texts)
    for name in names:
        (tmp_path / name).write_text(texts[name], encoding="utf-8")
    step = max(1, len(names) // runs)
    for start in range(0, len(names), step):  # each run a new writer: the claims index is loaded from the ledger
        summary = ingest([str(tmp_path / n) for n in names[start : start + step]], ledger)
        assert not summary.failed


def _claims_of(ledger: Ledger, words: dict[str, str]) -> dict[str, int]:
    claim_of = {m.content: r.id for r in list_claims(ledger) for m in r.members}
    return {k: next(c for text, c in claim_of.items() if w in text) for k, w in words.items()}


STORY = {
    "a.txt": 'The governor said: "The new bridge will open in March. Tolls will pay for the repairs."\n',
    "b.txt": "Speaking on Monday, the governor said tolls will pay for the repairs.\n",
    "c.txt": "The city council said the harbour tunnel will stay closed through the winter.\n",
}
WORDS = {"quote": "open in March", "tolls": "tolls will pay", "tunnel": "tunnel"}


@pytest.mark.slow
@pytest.mark.parametrize("runs", [1, 3])
def test_a_quote_of_two_sentences_joins_the_claim_of_one_of_them(tmp_path: Path, runs: int) -> None:
    """One outlet quotes two sentences, another reports the second: one claim; another statement stays apart.
    The same whether the articles are linked in one run or each in its own (the index reloaded from the ledger)."""
    ledger = Ledger.open(tmp_path / "ledger.db")
    _ingest(tmp_path, STORY, ledger, runs)
    claims = _claims_of(ledger, WORDS)
    assert claims["quote"] == claims["tolls"] != claims["tunnel"], claims
