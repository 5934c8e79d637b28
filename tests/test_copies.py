"""Republished copies: MinHash signatures, the ledger's copy_of, the copies command, the generated-corpus gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.evaluation.copies import EDITS, edit, evaluate_copies, texts_of
from claimledger.ledger.copies import Signature, body, signature, similarity
from claimledger.pipeline import Source, prepare
from claimledger.settings import Settings
from tests import baseline
from tests.conftest import EXAMPLES

TEXT = (
    "Harbour cranes idle as strike enters third week\n\n"
    "Dock workers at the northern terminal extended their strike on Monday, leaving cranes idle and ships "
    "waiting offshore for a third week.\n\n"
    "The union said talks with the port authority had broken down over pay and night shifts.\n\n"
    "Shipping agents estimate that more than forty vessels are now anchored outside the breakwater.\n\n"
    "The port authority said it would publish its final offer on Wednesday.\n"
)


def test_copies_signature_round_trips_through_bytes() -> None:
    sig = signature(TEXT)
    back = Signature.from_bytes(sig.to_bytes(), sig.size, sig.content_hash)
    assert back.minhash.jaccard(sig.minhash) == 1.0


def test_copies_body_leaves_out_title_and_boilerplate() -> None:
    article = prepare(Source(TEXT.replace("The union said", "ADVERTISEMENT\n\nThe union said")))
    kept = body(article)
    assert "Harbour cranes idle" not in kept and "ADVERTISEMENT" not in kept and "Dock workers" in kept


@pytest.mark.parametrize("kind", EDITS)
def test_copies_edit_still_similar(kind: str) -> None:
    import random

    copy = prepare(Source(edit(TEXT, kind, random.Random(1))))
    original = prepare(Source(TEXT))
    from claimledger.ledger.copies import article_signature

    assert similarity(article_signature(copy), article_signature(original)) >= Settings().copy_threshold


def test_copies_unrelated_texts_are_not_similar() -> None:
    other = "The council approved a new library budget after a long debate about opening hours and staff pay.\n"
    assert similarity(signature(TEXT), signature(other)) < 0.2


def test_copies_examples_linked_in_the_ledger(cli, tmp_path: Path) -> None:
    assert cli("ingest", str(EXAMPLES)).exit_code == 0
    rows = {Path(r["origin"]).name: r for r in json.loads(cli("articles", "--json").stdout)}
    assert rows["02_aggregator_copy.txt"]["copy_of"] == rows["01_meridian_post.txt"]["id"]
    assert rows["06_copy_edited.txt"]["copy_of"] == rows["03_harbour_times.html"]["id"]
    assert rows["06_copy_edited.txt"]["copy_similarity"] >= 0.6
    originals = [name for name, r in rows.items() if r["copy_of"] is None]
    assert len(originals) == 8
    payload = json.loads(cli("copies", str(rows["01_meridian_post.txt"]["id"]), "--json").stdout)
    assert payload["copy_of"] is None
    assert [c["id"] for c in payload["copies"]] == [rows["02_aggregator_copy.txt"]["id"]]
    text = cli("copies", str(rows["02_aggregator_copy.txt"]["id"])).stdout
    assert "is a copy of" in text


def test_copies_unknown_id_is_a_clear_error(cli) -> None:
    result = cli("copies", "5")
    assert result.exit_code == 1 and "no article with id 5" in result.stderr


def test_copies_gate_on_generated_corpus(gold_data) -> None:
    """Recall and precision for copies keeping ≥ 80% of the text, PolNeAR train's texts as distractors (floors
    in tests/eval_baseline.json)."""
    settings = Settings()
    originals = texts_of([str(gold_data("examples") / "examples")], settings)
    distractors = texts_of([str(gold_data("polnear-train-text") / "polnear" / "train" / "text")], settings)
    assert len(distractors) == 840
    report = evaluate_copies(originals, distractors, variants=4, settings=settings)
    assert report.copies == 160
    baseline.check({"copies.recall": report.recall, "copies.precision": report.precision}, report.misses)
