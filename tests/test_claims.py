"""Claims across articles on the bundled story: clusters, independent origins, numeric disagreement, the CLI;
and the "same claim" gate on labelled pairs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimledger.evaluation.claim_pairs import evaluate_pairs, load_pairs
from claimledger.ledger.claims import CANDIDATE_COSINE, DIMENSION, ClaimFeatures, judge
from claimledger.ledger.provenance import ClaimReport, list_claims
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from tests import baseline
from tests.conftest import EXAMPLES


def _ledger_of(tmp_path: Path, reports: dict[str, str]) -> Ledger:
    """A new ledger holding ``reports`` (file name → text), ingested in name order as ``claimledger ingest`` does."""
    from claimledger.ingest import ingest

    for name, text in reports.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ledger = Ledger.open(tmp_path / "l.db")
    assert ingest([str(tmp_path / n) for n in sorted(reports)], ledger).new == len(reports)
    return ledger


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    from claimledger.ingest import ingest

    ledger = Ledger.open(tmp_path_factory.mktemp("story") / "ledger.db")
    summary = ingest([str(EXAMPLES)], ledger)
    assert summary.new == 10 and not summary.failed
    return ledger


def find(ledger: Ledger, words: str) -> ClaimReport:
    found = [r for r in list_claims(ledger, query=words) if len(r.articles) > 1]
    assert found, f"no claim across articles matches {words!r}"
    return max(found, key=lambda r: len(r.members))


def test_claims_evacuation_two_origins_and_disagreement(story: Ledger) -> None:
    """1,200 (the minister, copied and cited) vs 1,500 and 1,600 (the emergency service, quoted twice)."""
    claim = find(story, "evacuated")
    assert claim.independent_origins == 2
    assert {o.name for o in claim.origins} == {"Daniel Orsett", "Halvard Regional Emergency Service"}
    assert claim.disagreement
    numbers = {v for values in claim.numeric_variants.values() for v in values}
    assert {1200.0, 1500.0, 1600.0} <= numbers
    assert len(claim.articles) >= 5 and len(claim.outlets) >= 4


def test_claims_copies_and_citations_are_not_independent(story: Ledger) -> None:
    claim = find(story, "evacuated")
    orsett = next(o for o in claim.origins if o.name == "Daniel Orsett")
    publishers = set(orsett.publishers)
    assert {"Meridian Post", "The Valley Courier"} <= publishers  # the aggregator copy counts as the Post
    copy = next(m for m in claim.members if m.original_id != m.article_id and m.origin == "Daniel Orsett")
    assert copy.publisher == "Meridian Post"


def test_claims_cracks_one_origin_through_the_gazette(story: Ledger) -> None:
    """The Post cites the Gazette, the Courier cites the Post citing the Gazette: one origin."""
    claim = find(story, "cracks")
    assert claim.independent_origins == 1
    assert len(claim.articles) >= 3


def test_claims_missing_people_disagree(story: Ledger) -> None:
    claim = find(story, "missing")
    assert claim.disagreement
    assert {2.0, 3.0} <= set(claim.numeric_variants.get("people", []))


def test_claims_denial_and_another_place_are_other_claims() -> None:
    """The decision the ledger links with, on contents that share almost every word."""
    pairs = [
        {"a": "the company postponed the repairs", "b": "the company did not postpone the repairs", "same": False},
        {"a": "the company postponed the repairs", "b": "the company denied postponing the repairs", "same": False},
        {"a": "troops were seen near Kharkiv on Monday", "b": "troops were seen near Odesa on Monday", "same": False},
        {"a": "the company postponed the repairs", "b": "the repairs were postponed by the company", "same": True},
    ]
    report = evaluate_pairs(pairs, Settings())
    assert report.fp == 0 and report.fn == 0, report.errors


def test_claims_candidates_come_from_the_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Contents whose embeddings are far apart are never the same claim: the pair model is not asked."""
    monkeypatch.setenv("CLAIMLEDGER_MATCHER", "model")
    a = ClaimFeatures("the bridge is safe", _vector(1), 1, frozenset(), frozenset())
    b = ClaimFeatures("the bridge is safe", _vector(2), 1, frozenset(), frozenset())
    (verdict,) = judge([(a, b)])
    assert not verdict.same and verdict.reason == "not a candidate" and verdict.cosine < CANDIDATE_COSINE
    (verdict,) = judge([(a, a)])
    assert verdict.same and verdict.reason == "model" and verdict.probability >= 0.5


def _vector(seed: int):
    import numpy as np

    v = np.random.default_rng(seed).standard_normal(384).astype("float32")
    return v / np.linalg.norm(v)


def test_claims_incremental_new_article_joins_existing_claim(tmp_path: Path) -> None:
    from claimledger.ingest import ingest

    ledger = Ledger.open(tmp_path / "l.db")
    ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    before = {r.id: len(r.members) for r in list_claims(ledger)}
    ingest([str(EXAMPLES / "05_wire_brief.txt")], ledger)
    after = {r.id: len(r.members) for r in list_claims(ledger)}
    grown = [i for i in before if after[i] > before[i]]
    assert grown, "the wire's 1,600 evacuated joins the Post's claim instead of founding a new one"


def test_claims_cli(cli, tmp_path: Path) -> None:
    assert cli("ingest", str(EXAMPLES)).exit_code == 0
    listed = json.loads(cli("claims", "--min-origins", "2", "--json").stdout)
    assert listed and all(c["independent_origins"] >= 2 for c in listed)
    about = {c["id"] for c in json.loads(cli("claims", "--query", "evacuated", "--json").stdout)}
    evacuated = next(c for c in listed if c["id"] in about)  # its text is its first member's (maybe a headline)
    trace = cli("trace", str(evacuated["id"]))
    assert "origin: Daniel Orsett" in trace.stdout and "copy of" in trace.stdout
    traced = json.loads(cli("trace", str(evacuated["id"]), "--json").stdout)
    assert traced["independent_origins"] == 2 and traced["disagreement"] is True
    timeline = json.loads(cli("timeline", str(evacuated["id"]), "--json").stdout)
    dates = [row["published"] for row in timeline if row["published"]]
    assert dates == sorted(dates)
    assert cli("trace", "9999").exit_code == 1
    assert "no claim with id 9999" in cli("timeline", "9999").stderr
    queried = json.loads(cli("claims", "--query", "missing", "--json").stdout)
    assert queried and all("missing" in c["text"].lower() or c["articles"] for c in queried)


def test_claims_same_claim_gate_on_labelled_pairs(gold_data) -> None:
    """F1 of "same claim" on the labelled pairs; floor and figure in tests/eval_baseline.json."""
    pairs = load_pairs(gold_data("claim-pairs") / "tests" / "data" / "claim_pairs.jsonl")
    assert len(pairs) >= 150
    report = evaluate_pairs(pairs, Settings())
    baseline.check({"claim_pairs.f1": report.f1})
    assert report.per_kind["unrelated"][1] == report.per_kind["unrelated"][0]


def test_a_posts_links_handles_hashtags_and_emoji_do_not_hide_its_claim() -> None:
    """A social-media post and the fact-check that sums it up are one claim: what is embedded is the post's words
    (links, "RT @user:", handles and emoji dropped, a hashtag's word kept), while the content stays as written."""
    from claimledger.embed import default_encoder
    from claimledger.evaluation.claim_pairs import as_attributions
    from claimledger.ledger.claims import content_text, features

    post = (
        "RT @DailyPatriot1776: @CNN @nytimes the mayor closed every school in Arden because of the flu 😡😡 "
        "#ArdenFlu #WakeUp https://t.co/Zx81kQ https://bit.ly/3xYzQ"
    )
    summary = "The mayor of Arden closed all the city's schools because of the flu."
    attributions = as_attributions([post, summary], Settings())
    assert content_text(attributions[0]).startswith("RT @DailyPatriot1776")  # the content as written
    a, b = features(attributions, default_encoder())
    assert float(a.vector @ b.vector) >= 0.75  # 0.64 with the links, handles and tags embedded
    assert judge([(a, b)])[0].same
    report = evaluate_pairs([{"a": post, "b": summary, "same": True, "kind": "post"}], Settings())
    assert report.tp == 1


class _Counting:
    """The real encoder, recording every text it is asked to embed."""

    def __init__(self) -> None:
        from claimledger.embed import default_encoder

        self.inner = default_encoder()
        self.texts: list[str] = []

    def encode(self, texts: list[str], batch_size: int = 32):
        self.texts.extend(texts)
        return self.inner.encode(texts, batch_size)


def _stored_claim_texts(ledger: Ledger) -> set[str]:
    import sqlalchemy as sa

    from claimledger.ledger.claims import matching_text, sentences
    from claimledger.ledger.schema import claims

    with ledger.connect() as conn:
        texts = list(conn.scalars(sa.select(claims.c.text)))
    return {matching_text(t) for text in texts for t in (text, *sentences(text))}


@pytest.mark.parametrize("kept", [True, False])
def test_a_claim_loaded_from_the_ledger_is_not_embedded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    """A claim keeps its founding content's vectors (and its sentences'): a later run that meets it as a candidate
    reads them instead of embedding its text again. A claim stored before the ledger kept them is embedded."""
    import numpy as np
    import sqlalchemy as sa

    import claimledger.embed
    from claimledger.ingest import ingest
    from claimledger.ledger.claims import embed, founder_vectors, sentences
    from claimledger.ledger.schema import claims

    ledger = Ledger.open(tmp_path / "l.db")
    assert ingest([str(EXAMPLES / "01_meridian_post.txt"), str(EXAMPLES / "03_harbour_times.html")], ledger).new == 2
    with ledger.connect() as conn:
        rows = conn.execute(sa.select(claims.c.text, claims.c.founder_vectors, claims.c.members)).all()
    assert rows and any(r.members > 1 for r in rows)
    for r in rows:  # the founding content, then each of its sentences
        vectors = founder_vectors(r.founder_vectors)
        assert vectors is not None and len(vectors) == 1 + len(sentences(r.text))
    if not kept:  # a ledger from before migration 16
        with ledger.begin() as conn:
            conn.execute(claims.update().values(founder_vectors=None))
    old = _stored_claim_texts(ledger)
    counting = _Counting()
    monkeypatch.setattr(claimledger.embed, "default_encoder", lambda: counting)
    summary = ingest([str(EXAMPLES / "05_wire_brief.txt")], ledger)
    assert summary.new == 1 and not summary.failed
    with ledger.connect() as conn:
        joined = conn.scalar(sa.select(sa.func.count()).where(claims.c.members > 2))
    assert joined, "the wire brief joins a claim the two earlier reports founded"
    embedded_again = old & set(counting.texts)
    if kept:
        assert not embedded_again, embedded_again
    else:  # embedded once, and kept from then on
        assert embedded_again
        with ledger.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).where(claims.c.founder_vectors.is_not(None)))
    vector = founder_vectors(rows[0].founder_vectors)
    assert vector is not None
    np.testing.assert_allclose(vector[0], embed(counting.inner, [rows[0].text.replace(" … ", " ")])[0], atol=1e-4)


TAX_REPORTS = {  # one debate remark in three reports' words
    "a.txt": "Trump defends his taxes\n\nDonald Trump interrupted Hillary Clinton during the debate on Monday night "
    "when she said he might have paid no federal income taxes.\n\n“That makes me smart,” Trump said.\n",
    "b.txt": "Trump on taxes\n\nAt the debate, Donald Trump answered the charge that he had paid nothing in federal "
    "income taxes.\n\n“That makes me smart,” Trump said. “Of course, I pay federal taxes.”\n",
    "c.txt": "Trump and the tax code\n\nDonald Trump said on Monday that not paying federal income taxes “makes me "
    "smart.”\n",
}


@pytest.mark.parametrize("kept", [4, 0])
def test_a_claim_is_judged_by_the_members_that_reword_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """A member that asserts the founding content in other words becomes one of the claim's representatives, kept
    in its row: a later run, which loads the claim from the ledger, judges a new report against it too. "That
    makes me smart" alone is far from "not paying taxes makes me smart" (0.36); the member that adds "Of course, I
    pay federal taxes" is near it (0.73). Without representatives the third report founds a claim of its own."""
    import sqlalchemy as sa

    import claimledger.ledger.claims
    from claimledger.ingest import ingest
    from claimledger.ledger.provenance import ASSERTS_COSINE
    from claimledger.ledger.schema import claim_members, claims

    monkeypatch.setattr(claimledger.ledger.claims, "REPRESENTATIVES", kept)
    # all three are Trump's: one speaker's restatement joins on its own (SAME_SPEAKER), which is not tested here
    monkeypatch.setattr(claimledger.ledger.claims, "SAME_SPEAKER", 1.01)
    for name, text in TAX_REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ledger = Ledger.open(tmp_path / "l.db")
    assert ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], ledger).new == 2
    with ledger.connect() as conn:
        smart = conn.execute(sa.select(claims).where(claims.c.text == "That makes me smart")).one()
    assert smart.members == 2
    if kept:
        assert [r["text"] for r in json.loads(smart.representatives)] == [
            "That makes me smart … Of course, I pay federal taxes"
        ]
    else:
        assert smart.representatives is None
    assert ingest([str(tmp_path / "c.txt")], ledger).new == 1  # a new run: the claim is loaded from the ledger
    with ledger.connect() as conn:
        members = (
            conn.execute(sa.select(claim_members.c.similarity).where(claim_members.c.claim_id == smart.id))
            .scalars()
            .all()
        )
        claims_now = conn.scalar(sa.select(sa.func.count()).select_from(claims))
    if kept:
        assert len(members) == 3
        # it joined through the representative: its cosine to the founding content is what is stored, so it does
        # not count for the claim's origins on its own wording
        assert min(members) < ASSERTS_COSINE
    else:
        assert len(members) == 2 and claims_now == 3


BUDGET_REPORTS = {
    "a.txt": "Arden council passes budget\n\nMayor Tom Reyes praised the new budget for the Arden bridge repairs at a "
    "news conference. The council voted 5-2.\n",
    "b.txt": "Arden budget draws fire\n\nSenator Mary Holt blamed the new budget for the Arden bridge repairs for the "
    "closure of two clinics. She spoke at the statehouse.\n",
    "c.txt": "Arden budget draws fire\n\nThe new budget for the Arden bridge repairs would close two clinics, Senator "
    "Mary Holt said at the statehouse.\n",
}


def test_a_content_that_is_no_clause_is_matched_as_its_own_clause(tmp_path: Path) -> None:
    """A noun phrase is a topic, not an assertion: the mayor's praise and the senator's blame of "the new budget for
    the Arden bridge repairs" are 0.84 apart as bare contents, but assert different things. Each is read (and
    stored as the claim's statement) as its own clause, "Mayor Tom Reyes praised the new budget …"; the senator's
    two wordings of her blame stay one claim."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import claims

    ledger = _ledger_of(tmp_path, BUDGET_REPORTS)
    with ledger.connect() as conn:
        rows = {r.text: r.members for r in conn.execute(sa.select(claims.c.text, claims.c.members))}
    assert rows["Mayor Tom Reyes praised the new budget for the Arden bridge repairs"] == 1
    blame = "Senator Mary Holt blamed the new budget for the Arden bridge repairs for the closure of two clinics"
    assert rows[blame] == 2


def test_two_sources_one_sentence_sets_side_by_side_are_two_claims(tmp_path: Path) -> None:
    """ "Supporters say the new stadium will bring jobs to Arden, but critics say it will bring traffic": one
    sentence giving two sources their own contents contrasts them (0.83 apart, one claim by the embeddings alone);
    two numbers for one quantity in one sentence stay one claim whose sources disagree."""
    import sqlalchemy as sa

    from claimledger.ledger.provenance import claim_report
    from claimledger.ledger.schema import claims

    reports = {
        "a.txt": "Arden stadium vote\n\nSupporters say the new stadium will bring jobs to Arden, but critics say the "
        "new stadium will bring traffic to Arden.\n",
        "b.txt": "Arden bridge vote\n\nThe mayor said the Arden bridge repairs will cost $4 million, while the "
        "council's auditor said the Arden bridge repairs will cost $6 million.\n",
    }
    ledger = _ledger_of(tmp_path, reports)
    with ledger.connect() as conn:
        found = conn.execute(sa.select(claims.c.id, claims.c.text, claims.c.members))
        rows = {r.text: (r.id, r.members) for r in found}
    assert rows["the new stadium will bring jobs to Arden"][1] == 1
    assert rows["the new stadium will bring traffic to Arden"][1] == 1
    cost_id, members = rows["the Arden bridge repairs will cost $4 million"]
    assert members == 2
    report = claim_report(ledger, cost_id)
    assert report is not None and report.disagreement


def test_two_polls_match_ups_are_two_claims_and_one_poll_reported_twice_is_one(tmp_path: Path) -> None:
    """A poll's match-up gives several shares: two match-ups with no share in common are two measurements (another
    poll, another pairing), not one quantity whose sources disagree; the same match-up reported by another outlet
    with the same figures is one claim. One share each ("turnout was 48 percent" / "53 percent") stays one quantity
    with two numbers (the judge, on features)."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import claim_members, claims

    reports = {
        "a.txt": "Arden poll\n\nMayor Reyes received 41 percent of the vote, while Senator Holt had 37 percent, "
        "the Arden Herald poll found.\n",
        "b.txt": "Arden survey\n\nMayor Reyes received 44 percent of the vote, while Senator Holt had 35 percent, "
        "according to the Arden Courier survey.\n",
        "c.txt": "Arden poll results\n\nMayor Reyes received 41 percent of the vote, while Senator Holt had 37 "
        "percent, the Arden Herald poll found on Monday.\n",
    }
    ledger = _ledger_of(tmp_path, reports)
    with ledger.connect() as conn:
        placed = dict(conn.execute(sa.select(claim_members.c.attribution_id, claim_members.c.claim_id)).all())
        count = conn.execute(sa.select(sa.func.count()).select_from(claims)).scalar_one()
    by_article: dict[int, set[int]] = {}
    for article in (1, 2, 3):
        ids = ledger.attribution_ids(article)
        by_article[article] = {placed[i] for i in ids.values() if i in placed}
    assert by_article[1] and by_article[1] == by_article[3]  # one poll, two reports: one claim
    assert not by_article[1] & by_article[2]  # another poll's match-up: another claim
    assert count == 2

    vector = np.ones(DIMENSION, dtype=np.float32) / np.sqrt(DIMENSION)
    one = ClaimFeatures(
        "turnout in the referendum was 48 percent", vector, 1, frozenset(), frozenset({("percent", 48.0)})
    )
    other = ClaimFeatures(
        "about 53 percent took part in the referendum", vector, 1, frozenset(), frozenset({("percent", 53.0)})
    )
    assert judge([(one, other)])[0].same  # one share each: one quantity, two numbers


def test_one_speaker_restating_a_line_is_one_claim_and_another_speakers_words_are_not(tmp_path: Path) -> None:
    """Trump's "Putin has been a leader far more than our president" and "he admires … Putin as a strong leader"
    share no name, number or place and sit 0.6-0.66 apart: one claim when one speaker says both (SAME_SPEAKER),
    two when the first line is Clinton's; the judge decides the same on features."""
    import sqlalchemy as sa

    from claimledger.embed import default_encoder
    from claimledger.ledger.claims import features
    from claimledger.ledger.schema import claims
    from claimledger.records import Actor, Attribution, Span

    later = (
        "Trump praises Putin\n\nDonald Trump said in an interview that he admires Russian President Vladimir Putin "
        "as a strong leader, and compared him favorably to President Obama.\n"
    )
    line = "Putin has been a leader far more than our president has been a leader"
    for speaker, members in (("Donald Trump", [2]), ("Hillary Clinton", [1, 1])):
        folder = tmp_path / speaker.split()[0]
        folder.mkdir()
        first = f"Putin and the president\n\n{speaker} said on Wednesday that {line}.\n"
        ledger = _ledger_of(folder, {"a.txt": first, "b.txt": later})
        with ledger.connect() as conn:
            assert sorted(r.members for r in conn.execute(sa.select(claims.c.members))) == members, speaker

    def said(text: str, who: str | None, kind: str = "person") -> Attribution:
        return Attribution("indirect", [Span(0, len(text), text)], actor=Actor(who, kind) if who else None)

    other = "Trump openly admires Russian President Vladimir Putin as a strong leader, comparing him to President Obama"
    for who, also, same in (
        ("Donald Trump", "Donald Trump", True),
        ("Trump", "Donald Trump", True),  # a surname the ledger has not merged into its full name yet
        ("Hillary Clinton", "Donald Trump", False),
        (None, "Donald Trump", False),
        ("critics", "critics", False),  # a group two reports name alike is not one speaker
    ):
        kind = "group" if who == "critics" else "person"
        a, b = features([said(line, who, kind), said(other, also, kind)], default_encoder())
        verdict = judge([(a, b)])[0]
        assert 0.6 <= verdict.cosine < 0.66
        assert verdict.same is same, (who, also)
