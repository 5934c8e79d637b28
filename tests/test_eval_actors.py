"""Actors against the actor gold (tests/data/actors_gold.jsonl): the gates' floors on a ledger of the gold's
PolNeAR dev articles, the metrics on hand-made ledgers, and the ``claimledger eval actors`` command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimledger.evaluation.actors import (
    ActorReport,
    GoldError,
    GoldMention,
    Judgement,
    StoredSource,
    SystemActor,
    best_match,
    check_offsets,
    evaluate_actors,
    gold_type,
    load_gold,
    normal_name,
    score,
)
from claimledger.settings import Settings
from tests import baseline
from tests.conftest import REPO

GOLD = REPO / "tests" / "data" / "actors_gold.jsonl"


@pytest.fixture(scope="module")
def report(gold_data: Callable[[str], Path]) -> ActorReport:
    """One ingest of the gold's articles, scored (the fingerprints of both gold sets are checked first)."""
    gold_data("actors-gold")
    shared = gold_data("polnear-dev")
    return evaluate_actors(load_gold(GOLD), shared / "polnear", Settings())


@pytest.mark.slow
def test_eval_actors_floors(report: ActorReport) -> None:
    """Right actor per mention, right type, entities kept whole, no wrong merge among the most cited actors;
    floors and figures in tests/eval_baseline.json."""
    worst = "; ".join(f"{s['entity']}: {[a['name'] for a in s['actors']]}" for s in report.split[:5])
    merges = "; ".join(f"{w['actor']}: {[e['entity'] for e in w['entities']]}" for w in report.wrong_merges[:5])
    baseline.check(report.gates(), detail=f"split worst: {worst}\nwrong merges: {merges}")
    assert report.mentions >= 320 and len(report.per_article) >= 32
    assert report.scored == report.mentions - report.ambiguous - report.not_actor
    assert sum(p["mentions"] for p in report.per_article.values()) == report.mentions
    misjudged = sum(len(p["misjudged"]) for p in report.per_article.values())
    assert misjudged >= report.scored - report.correct  # every wrong mention is listed with why


def test_gold_is_polnear_dev_sources_at_their_offsets(gold_data: Callable[[str], Path]) -> None:
    """Every gold mention is a PolNeAR dev gold source span, its text the slice of the article at its offsets."""
    from claimledger.evaluation.polnear import load_split

    mentions = load_gold(GOLD)
    docs = {d.name: d for d in load_split(gold_data("polnear-dev") / "polnear", "dev")}
    check_offsets(mentions, {name: d.text for name, d in docs.items()})
    for m in mentions:
        sources = {(s.start, s.end) for a in docs[m.article].attributions for s in a.source}
        assert (m.start, m.end) in sources, m
    articles = {m.article for m in mentions}
    assert len(mentions) >= 320 and len(articles) >= 32
    assert len({a.split("_")[0] for a in articles}) == 7  # every outlet of the corpus
    trump = {m.article for m in mentions if m.entity == "Donald Trump"}
    assert len(trump) >= 10  # recurring entities test merging across articles


# --- the metrics on hand-made ledgers ------------------------------------------------------------------------


def mention(entity: str | None, at: int, article: str = "a", **flags: object) -> GoldMention:
    aliases = tuple(flags.pop("aliases", ()))  # type: ignore[arg-type]
    kind = str(flags.pop("type", "person"))
    return GoldMention(article, at, at + 5, "words", entity, None if entity is None else kind, aliases, **flags)  # type: ignore[arg-type]


DONALD = SystemActor(1, "Donald Trump", "official")
TRUMP = SystemActor(2, "Trump", "unspecified")
CLINTON = SystemActor(3, "Clinton", "person")
EXPERTS = SystemActor(4, "experts", "group")


def test_score_split_entity() -> None:
    judged = [
        Judgement(mention("Donald Trump", 0), DONALD),
        Judgement(mention("Donald Trump", 10), DONALD),
        Judgement(mention("Donald Trump", 0, "b"), TRUMP),
        Judgement(mention("Donald Trump", 10, "b"), None),  # no actor
        Judgement(mention("Donald Trump", 20, "b"), None, attributed=False),  # extraction missed it
    ]
    r = score(judged, {1: 2, 2: 1})
    assert (r.scored, r.covered, r.unattributed, r.correct, r.type_correct) == (5, 3, 1, 2, 2)  # official: person
    assert r.mention_accuracy == 0.4 and r.coverage == 0.6
    assert (r.entities, r.actors_per_entity, r.multi_entities, r.single_actor_share) == (1, 2.0, 1, 0.0)
    assert r.split == [
        {
            "entity": "Donald Trump",
            "actors": [{"id": 1, "name": "Donald Trump", "mentions": 2}, {"id": 2, "name": "Trump", "mentions": 1}],
        }
    ]
    assert r.wrong_merges == [] and r.top_clean == 1.0
    wrong = [(m["text"], m["problems"]) for m in r.per_article["b"]["misjudged"]]
    assert wrong == [
        ("words", ["not the entity's majority actor", "name is not the entity's", "type unspecified, gold person"]),
        ("words", ["no actor"]),
        ("words", ["no attribution overlaps it"]),
    ]


def test_score_wrong_merge_counted_among_the_most_cited() -> None:
    judged = [
        Judgement(mention("Hillary Clinton", 0), CLINTON),
        Judgement(mention("Bill Clinton", 10), CLINTON),
        Judgement(mention("Bill Clinton", 20), CLINTON),
    ]
    r = score(judged, {3: 3, 1: 9, 2: 5}, top=2)
    # Clinton: the majority actor of both entities, but its name is neither's
    assert r.correct == 0
    assert [(w["actor"], w["top2"], [e["entity"] for e in w["entities"]]) for w in r.wrong_merges] == [
        ("Clinton", False, ["Bill Clinton", "Hillary Clinton"])
    ]
    assert r.wrong_merges_top == 0 and r.top_clean == 1.0  # 3 attributions: not among the 2 most cited
    top = score(judged, {3: 3, 1: 1}, top=2)
    assert top.wrong_merges_top == 1 and top.top_clean == 0.5


def test_score_generic_mentions_are_their_articles_own() -> None:
    """ "experts" in two articles are two groups of people, but one actor named "experts" is no wrong merge;
    a generic mention resolved to a named person's actor is."""
    judged = [
        Judgement(mention("experts", 0, "a", generic=True), EXPERTS),
        Judgement(mention("experts", 0, "b", generic=True), EXPERTS),
        Judgement(mention("labor-policy experts", 9, "b", generic=True, aliases=("experts",)), EXPERTS),
    ]
    r = score(judged, {4: 3})
    assert r.correct == 3 and r.entities == 0 and r.wrong_merges == []
    judged.append(Judgement(mention("Donald Trump", 20, "b"), EXPERTS))
    assert [w["actor"] for w in score(judged, {4: 4}).wrong_merges] == ["experts"]


def test_score_leaves_out_ambiguous_and_non_actors() -> None:
    judged = [
        Judgement(mention("Donald Trump", 0), DONALD),
        Judgement(mention("Barack Obama and Hillary Clinton", 10, ambiguous=True, type="group"), CLINTON),
        Judgement(mention(None, 20, not_actor=True), None),
        Judgement(mention(None, 30, not_actor=True), TRUMP),
    ]
    r = score(judged, {1: 1, 2: 1, 3: 1})
    assert (r.mentions, r.scored, r.ambiguous, r.not_actor, r.not_actor_rejected) == (4, 1, 1, 2, 1)
    assert r.mention_accuracy == 1.0 and r.wrong_merges == []


def test_score_majority_tie_goes_to_the_actor_with_the_entity_name() -> None:
    judged = [Judgement(mention("Donald Trump", 0), TRUMP), Judgement(mention("Donald Trump", 10), DONALD)]
    r = score(judged, {1: 1, 2: 1})
    assert r.correct == 1 and r.per_article["a"]["misjudged"][0]["actor"]["name"] == "Trump"


def test_score_spokesperson_organisation() -> None:
    miller = SystemActor(5, "Jason Miller", "person", affiliation="the Trump campaign")
    judged = [Judgement(mention("Jason Miller", 0, speaks_for="Trump campaign"), miller)]
    assert score(judged, {5: 1}).speaks_for_right == 1


def test_score_spokesperson_organisation_by_any_of_the_golds_names_for_it() -> None:
    """The gold names the campaign "Donald Trump campaign" with the alias "Trump campaign" at one of its own
    mentions: an affiliation by that alias is right; one by another organisation's name is not."""
    miller = SystemActor(5, "Jason Miller", "person", affiliation="Trump campaign")
    campaign = SystemActor(6, "Trump campaign", "organization")
    judged = [
        Judgement(mention("Jason Miller", 0, speaks_for="Donald Trump campaign"), miller),
        Judgement(mention("Donald Trump campaign", 10, aliases=("Trump campaign",)), campaign),
    ]
    assert score(judged, {5: 1, 6: 1}).speaks_for_right == 1
    other = SystemActor(7, "Ann Lee", "person", affiliation="Clinton campaign")
    judged.append(Judgement(mention("Ann Lee", 20, speaks_for="Donald Trump campaign"), other))
    assert score(judged, {5: 1, 6: 1, 7: 1}).speaks_for_right == 1


def test_names_and_types_on_the_gold_vocabulary() -> None:
    assert normal_name("The  New York Times") == normal_name("new york times")
    assert normal_name("Clinton’s campaign") == normal_name("clinton's campaign")
    assert mention("Hillary Clinton", 0, aliases=("Hillary Rodham Clinton",)).accepts("hillary rodham clinton")
    assert not mention("Hillary Clinton", 0).accepts("Clinton")
    assert [gold_type(t) for t in ("official", "ngo", "military_unit", "intelligence", "outlet", "think tank")] == [
        "person", "organization", "government", "government", "outlet", "think_tank",
    ]  # fmt: skip


def test_best_match_is_the_largest_overlap() -> None:
    m = mention("Ted Cruz", 10)  # 10..15
    sources = [StoredSource(0, 11, CLINTON), StoredSource(12, 30, DONALD), StoredSource(40, 45, TRUMP)]
    assert best_match(m, sources) == sources[1]
    assert best_match(mention("Ted Cruz", 33), sources) is None


# --- reading the gold ----------------------------------------------------------------------------------------


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {"article": "a", "start": 0, "end": 5, "text": "Trump", "entity": "Donald Trump", "type": "person"}
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:2: invalid JSON"):
        load_gold(path)
    path.write_text(json.dumps(good | {"type": "celebrity"}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r":1: an actor mention needs an entity and a type among person"):
        load_gold(path)
    path.write_text(json.dumps(good | {"start": 7}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad offsets 7\.\.5"):
        load_gold(path)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"the text there is 'Mr. T', the gold says 'Trump'"):
        check_offsets(load_gold(path), {"a": "Mr. Trump said"})


# --- the command ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_eval_actors_table_and_json(cli, tmp_path: Path, gold_data: Callable[[str], Path]) -> None:
    """Two articles of the gold, through ``claimledger eval actors`` (the same ingest path, a small ledger)."""
    shared = gold_data("polnear-dev")
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    keep = ("politico_2016-09-28_axelrod-calls-on-dean-to-apologi", "politico_2016-09-16_sanders-clinton-needs-to")
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(ln for ln in lines if json.loads(ln)["article"].startswith(keep)), encoding="utf-8")
    result = cli("eval", "actors", "--gold", str(small), "--data", str(shared / "polnear"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mentions"] == 16 and sorted(data["per_article"]) == sorted(
        n for n in {json.loads(ln)["article"] for ln in lines} if n.startswith(keep)
    )
    assert set(data["gates"]) == {g for g in baseline.GATES if g.startswith("actors.")}
    assert 0 <= data["mention_accuracy"] <= 1 and data["entities"] == 3  # Axelrod, Dean, Sanders
    table = cli("eval", "actors", "--gold", str(small), "--data", str(shared / "polnear"))
    assert table.exit_code == 0, table.output
    assert "mention accuracy (right actor)" in table.output and "16 gold mentions in 2 articles" in table.output


def test_cli_eval_actors_bad_gold_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("eval", "actors", "--gold", str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 1
    assert "cannot read the actor gold" in result.output and "Traceback" not in result.output
