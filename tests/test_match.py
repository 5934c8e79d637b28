"""The learned claim matcher: the pair corpora and their held-out dev slice, the shipped pair model, training it
(``claimledger train claims``), scoring it (``claimledger eval claims --pairs``), and one decision path: a pair
the evaluation judges "same" joins one claim on ingest, one it judges "different" does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimledger.errors import ClaimledgerError
from claimledger.match.corpora import DEV_SPLITS, TRAIN_SPLITS, load_split
from claimledger.match.runtime import MODEL_DIR, PairModel, load_pair_model
from tests.baseline import SHARED

CORPORA = SHARED / "claim-pairs"
DATA = Path(__file__).parent / "data"


def test_mrpc_dev_slice_is_held_out_by_cluster() -> None:
    train, dev = load_split("mrpc-train", CORPORA), load_split("mrpc-dev", CORPORA)
    assert 0.14 <= len(dev) / (len(train) + len(dev)) <= 0.17
    train_sentences = {s for p in train for s in (p.a, p.b)}
    shared = sum(p.a in train_sentences or p.b in train_sentences for p in dev)
    assert shared <= 0.02 * len(dev)  # whole clusters are held out (a few sentences recur under another id)
    assert load_split("mrpc-dev", CORPORA) == dev  # fixed: the same slice every time


def _tiny_corpora(root: Path) -> Path:
    """The five corpus files in their real formats, a few pairs each."""
    root.mkdir(parents=True, exist_ok=True)
    same = [
        ("The dam collapsed on Tuesday after heavy rain.", "On Tuesday the dam gave way after torrential rain."),
        ("The company postponed the repairs.", "The repairs were postponed by the company."),
        ("A man is playing a guitar.", "A man plays the guitar."),
    ]
    different = [
        ("The dam collapsed on Tuesday.", "Taxes will rise next year, the council said."),
        ("The company postponed the repairs.", "The company did not postpone the repairs."),
        ("A woman is slicing an onion.", "A dog runs in the park."),
    ]
    rows = ["\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String"]
    rows += [f"1\t{10 + i}\t{20 + i}\t{a}\t{b}" for i, (a, b) in enumerate(same)]
    rows += [f"0\t{30 + i}\t{40 + i}\t{a}\t{b}" for i, (a, b) in enumerate(different)]
    (root / "mrpc-train.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name in ("stsb-train", "stsb-dev"):
        lines = [f"main-news\tx\t2012\t{i:04d}\t4.600\t{a}\t{b}" for i, (a, b) in enumerate(same)]
        lines += [f"main-news\tx\t2012\t{i + 9:04d}\t0.400\t{a}\t{b}" for i, (a, b) in enumerate(different)]
        lines.append("main-news\tx\t2012\t0099\t3.000\tIn between.\tSkipped.")
        (root / f"{name}.tsv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    for name in ("sick-train", "sick-trial"):
        lines = [f"{i + 1}\t{a}\t{b}\t4.5\tENTAILMENT" for i, (a, b) in enumerate(same)]
        lines += [f"{i + 9}\t{a}\t{b}\t3.6\tCONTRADICTION" for i, (a, b) in enumerate(different)]
        lines.append("99\tA boy runs.\tA boy is sitting.\t4.2\tNEUTRAL")
        (root / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_corpora_map_labels_to_same_and_different(tmp_path: Path) -> None:
    root = _tiny_corpora(tmp_path / "pairs")
    stsb = load_split("stsb-dev", root)
    assert [p.same for p in stsb] == [True] * 3 + [False] * 3  # 3.0 is neither: skipped
    sick = load_split("sick-trial", root)
    assert [p.same for p in sick] == [True] * 3 + [False] * 3  # NEUTRAL with relatedness 4.2: skipped
    assert {p.kind for p in sick} == {"sick-trial entailment", "sick-trial contradiction"}
    assert sum(len(load_split(n, root)) for n in ("mrpc-train", "mrpc-dev")) == 6
    with pytest.raises(ClaimledgerError, match="unknown pair split 'nope'"):
        load_split("nope", root)


def test_polnear_pairs_teach_what_the_ledger_calls_one_claim() -> None:
    from claimledger.evaluation.polnear import load_split as load_polnear
    from claimledger.training.polnear_pairs import KINDS, polnear_pairs

    pairs = polnear_pairs(SHARED / "polnear", per_kind=50)
    assert pairs == polnear_pairs(SHARED / "polnear", per_kind=50)  # fixed seed: the same pairs every time
    by_kind = {k: [p for p in pairs if p.kind == f"polnear-train {k}"] for k in KINDS}
    assert all(len(v) == 50 for v in by_kind.values())
    assert all(p.same for k in ("context", "numeric") for p in by_kind[k])
    assert not any(p.same for k in ("negation", "entity", "topic") for p in by_kind[k])
    assert all(p.b.count(" not") == p.a.count(" not") + 1 and len(p.b) == len(p.a) + 4 for p in by_kind["negation"])
    for p in by_kind["numeric"]:  # one number changed, the words kept
        assert p.a != p.b and re.sub(r"[\d,.]+", "#", p.a) == re.sub(r"[\d,.]+", "#", p.b)
    train = "\n".join(d.text for d in load_polnear(SHARED / "polnear", "train"))
    dev = "\n".join(d.text for d in load_polnear(SHARED / "polnear", "dev"))
    assert all(p.a in train and p.a not in dev for p in by_kind["context"])  # sentences of train articles only


def test_shipped_pair_model_tells_paraphrases_from_other_claims() -> None:
    model = load_pair_model()
    assert (MODEL_DIR / "pair.onnx").stat().st_size < 30 * 2**20
    assert model.provenance["dev"]["all"]["f1"] > 0.8
    scores = model.score(
        [
            ("North Korea has sent 10,000 soldiers to Russia", "10,000 North Korean soldiers were deployed to Russia"),
            ("North Korea has sent 10,000 soldiers to Russia", "The city council approved a new budget for schools"),
            ("a man is playing the guitar", "there is no man playing the guitar"),
        ]
    )
    assert scores[0] >= 0.5 > scores[1]
    assert scores[2] < 0.5


def test_pair_model_scores_do_not_depend_on_order_of_input() -> None:
    model = load_pair_model()
    pairs = [(p.a, p.b) for p in load_split("sick-trial", CORPORA)[:40]]
    forward = model.score(pairs, batch_size=8)
    backward = model.score(pairs[::-1], batch_size=8)[::-1]
    assert len(forward) == 40 and ((forward >= 0.5) == (backward >= 0.5)).mean() >= 0.95
    assert abs(forward - backward).max() < 0.2  # int8 activations are scaled per batch: close, not bit-equal


def test_missing_pair_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimledgerError, match=r"no pair model in .*missing pair\.onnx, tokenizer\.json"):
        PairModel(tmp_path)


def test_unknown_matcher_is_a_clear_error(cli, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_MATCHER", "magic")
    result = cli("eval", "claims", "--pairs", "tests/data/claim_pairs.jsonl")
    assert result.exit_code == 1 and "CLAIMLEDGER_MATCHER='magic': use one of rules, model" in result.output


def test_matcher_is_a_setting(cli, monkeypatch) -> None:
    from claimledger.ledger.claims import matcher
    from claimledger.settings import Settings

    assert Settings().matcher == "rules" and matcher() == "rules"
    monkeypatch.setenv("CLAIMLEDGER_MATCHER", "Model")
    assert Settings.from_env().matcher == "Model" and matcher() == "model"
    result = cli("settings")  # as wide as the terminal (80 columns here): the names are never cut
    row = next(line for line in result.stdout.splitlines() if "CLAIMLEDGER_MATCHER " in line)
    assert result.exit_code == 0 and "rules" in row and "Model" in row


def test_eval_claims_on_a_shared_dev_split(cli, tmp_path: Path) -> None:
    root = _tiny_corpora(tmp_path / "pairs")
    result = cli("eval", "claims", "--pairs", "sick-trial", "--data", str(root), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["pairs"] == 6 and 0.0 <= report["accuracy"] <= 1.0
    assert set(report) >= {"precision", "recall", "f1", "accuracy", "errors"}
    text = cli("eval", "claims", "--pairs", "dev", "--data", str(root))
    assert (
        text.exit_code == 0 and "dev (rules matcher): 13 pairs: precision" in text.stdout and "accuracy" in text.stdout
    )
    bad = cli("eval", "claims", "--pairs", "mrpc-train", "--data", str(root))
    assert bad.exit_code == 1 and "train splits are not scored" in bad.output


@pytest.mark.slow
@pytest.mark.parametrize("matcher", ["rules", "model"])
def test_one_decision_path_evaluation_and_ingest_agree(cli, tmp_path: Path, monkeypatch, matcher: str) -> None:
    """Contents the evaluation judges the same join one claim on ingest; those it judges different do not."""
    monkeypatch.setenv("CLAIMLEDGER_MATCHER", matcher)
    from claimledger.evaluation.claim_pairs import evaluate_pairs
    from claimledger.ledger.provenance import list_claims
    from claimledger.ledger.store import Ledger
    from claimledger.settings import Settings

    texts = {
        "a.txt": "The defence minister said that North Korea has sent 10,000 soldiers to Russia.\n",
        "b.txt": "A senior intelligence official said 10,000 North Korean soldiers have been deployed to Russia.\n",
        "c.txt": "The mayor said that the dam collapsed on Tuesday after days of heavy rain.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("ingest", *(str(tmp_path / n) for n in texts))
    assert result.exit_code == 0, result.output
    ledger = Ledger.open(tmp_path / "ledger.db")
    claim_of = {m.content: r.id for r in list_claims(ledger) for m in r.members}
    words = {"a.txt": "has sent", "b.txt": "deployed", "c.txt": "dam"}
    by_name = {n: next((c for c in claim_of if w in c), "") for n, w in words.items()}
    assert all(by_name.values()), claim_of  # each content is a claim of the ledger
    pairs = [
        {"a": by_name["a.txt"], "b": by_name["b.txt"], "same": True},
        {"a": by_name["a.txt"], "b": by_name["c.txt"], "same": False},
    ]
    report = evaluate_pairs(pairs, Settings())
    assert report.tp == 1 and report.fp == 0, report.errors  # the evaluation: a ~ b, a ≁ c
    assert claim_of[by_name["a.txt"]] == claim_of[by_name["b.txt"]]
    assert claim_of[by_name["a.txt"]] != claim_of[by_name["c.txt"]]


def test_train_claims_from_a_missing_checkpoint_is_a_clear_error(cli, tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the train extra is not installed")
    root = _tiny_corpora(tmp_path / "pairs")
    result = cli("train", "claims", "--data", str(root), "--out", str(tmp_path / "m"), "--init", str(tmp_path / "x.pt"))
    assert result.exit_code == 1 and "no checkpoint at" in result.output and "Traceback" not in result.output


def test_labelled_pairs_for_training_read_the_in_domain_gold_as_news_pairs(tmp_path: Path) -> None:
    from claimledger.evaluation.claim_pairs import labelled_pairs

    pairs = labelled_pairs([DATA / "train_pairs.jsonl"])
    rows = [json.loads(line) for line in (DATA / "train_pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(pairs) == len(rows) and [p.same for p in pairs] == [r["label"] == "same" for r in rows]
    assert pairs[0].a == rows[0]["a"]["text"] and pairs[0].b == rows[0]["b"]["text"]
    assert all(p.kind.startswith("polnear") for p in pairs)  # news pairs: kept first when the pairs are capped
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "same", "a": {"text": "x"}}\n', encoding="utf-8")
    with pytest.raises(ClaimledgerError, match=r"bad\.jsonl:1"):
        labelled_pairs([bad])


@pytest.mark.slow
def test_train_claims_writes_a_model_that_eval_claims_can_use(cli, tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("torch", reason="the train extra is not installed")
    root, out = _tiny_corpora(tmp_path / "pairs"), tmp_path / "model"
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "\n".join(line for line in (DATA / "train_pairs.jsonl").read_text(encoding="utf-8").splitlines()[:3]) + "\n",
        encoding="utf-8",
    )
    result = cli(
        "train", "claims", "--data", str(root), "--out", str(out), "--epochs", "2", "--batch-size", "4",
        "--max-steps", "2", "--layers", "2", "--polnear-pairs", "2", "--pairs", str(labelled), "--pairs-repeat", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "best epoch" in result.output
    log = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [line["epoch"] for line in log] == [1, 2]
    assert set(log[0]["dev"]) == {"all", *DEV_SPLITS}
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["config"]["seed"] == 13 and provenance["data"]["dev"] == list(DEV_SPLITS)
    assert set(provenance["data"]["train"]) == {*TRAIN_SPLITS, "polnear-train", "labelled.jsonl"}
    assert "shown 2 times" in provenance["data"]["train"]["labelled.jsonl"]
    # MRPC's train side, STS-B, SICK; 2 of each PolNeAR kind; the 3 labelled pairs twice
    assert provenance["train_pairs"] == 5 + 6 + 6 + 5 * 2 + 3 * 2
    assert "lowest 2 of 6 layers" in provenance["model"]
    assert (out / "pair.onnx").stat().st_size < 30 * 2**20
    monkeypatch.setenv("CLAIMLEDGER_PAIR_MODEL", str(out))
    monkeypatch.setenv("CLAIMLEDGER_MATCHER", "model")
    result = cli("eval", "claims", "--pairs", "stsb-dev", "--data", str(root), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pairs"] == 6


@pytest.mark.slow
def test_claims_gate_on_shared_dev_pairs(gold_data) -> None:
    """F1 and accuracy of the ledger's decision on the dev splits of the shared pair corpora (never trained on)."""
    from claimledger.evaluation.claim_pairs import evaluate_pairs, load_named
    from claimledger.settings import Settings
    from tests import baseline

    pairs = load_named("dev", gold_data("claim-pairs-shared") / "claim-pairs")
    assert len(pairs) >= 1500
    report = evaluate_pairs(pairs, Settings())
    baseline.check({"claim_pairs.shared_dev.f1": report.f1, "claim_pairs.shared_dev.accuracy": report.accuracy})
