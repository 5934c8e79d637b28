"""The in-domain claim pairs (tests/data/train_pairs.jsonl), read by hand from PolNeAR train: every side is the
slice of its article at its offsets, the two sides come from two articles, and no article is from dev (the
evaluation gold)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import REPO

PAIRS = REPO / "tests" / "data" / "train_pairs.jsonl"
KINDS = {
    "same": {"quote", "paraphrase", "numeric-variant", "fragment"},
    "different": {"topic", "other-quantity", "denial", "other-speaker-reply", "expectation", "other"},
}
SIDE = {"article", "start", "end", "text", "speaker"}


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_side_is_its_slice_of_a_train_article(gold_data: Callable[[str], Path]) -> None:
    """Offsets index the article as claimledger reads it (``newline=""``); a side is never empty or padded."""
    text_dir = gold_data("polnear-train-text") / "polnear" / "train" / "text"
    texts: dict[str, str] = {}
    for pair in load():
        for side in (pair["a"], pair["b"]):
            assert set(side) == SIDE, (pair["id"], set(side))
            name = side["article"]
            if name not in texts:
                with open(text_dir / f"{name}.txt", newline="", encoding="utf-8") as f:
                    texts[name] = f.read()
            assert texts[name][side["start"] : side["end"]] == side["text"], (pair["id"], name)
            assert side["text"] == side["text"].strip() and side["text"] and side["speaker"], pair["id"]


def test_pairs_are_cross_article_labelled_and_never_from_dev(gold_data: Callable[[str], Path]) -> None:
    """Two articles a pair, labels and kinds in the vocabulary, unique ids and pairs, no dev article, and the
    balance the matcher needs: at least 300 pairs, 40% "same", every outlet."""
    dev = {p.stem for p in (gold_data("polnear-dev") / "polnear" / "dev" / "text").glob("*.txt")}
    pairs = load()
    assert len(pairs) >= 300
    assert len({p["id"] for p in pairs}) == len(pairs)
    keys = [
        frozenset(
            (
                tuple(p["a"][k] for k in ("article", "start", "end")),
                tuple(p["b"][k] for k in ("article", "start", "end")),
            )
        )
        for p in pairs
    ]
    assert len(set(keys)) == len(keys), "a pair is labelled twice"
    for p in pairs:
        assert p["a"]["article"] != p["b"]["article"], p["id"]
        assert p["kind"] in KINDS[p["label"]], (p["id"], p["label"], p["kind"])
        assert p["note"] and "\n" not in p["note"], p["id"]
        assert not {p["a"]["article"], p["b"]["article"]} & dev, p["id"]
    labels = Counter(p["label"] for p in pairs)
    assert labels["same"] >= 0.4 * len(pairs) and labels["different"] >= 0.3 * len(pairs)
    outlets = {side["article"].split("_")[0] for p in pairs for side in (p["a"], p["b"])}
    assert len(outlets) == 7


def test_eval_claims_reads_the_anchored_pairs(tmp_path: Path) -> None:
    """``claimledger eval claims --pairs tests/data/train_pairs.jsonl`` scores them: each anchored pair is read as
    its two texts and its label; a malformed one is a clear error, not a traceback."""
    import pytest

    from claimledger.errors import ClaimledgerError
    from claimledger.evaluation.claim_pairs import load_pairs

    plain = load_pairs(PAIRS)
    raw = load()
    assert [(p["a"], p["b"], p["same"]) for p in plain] == [
        (r["a"]["text"], r["b"]["text"], r["label"] == "same") for r in raw
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"label": "maybe", "a": {"text": "x"}, "b": {"text": "y"}}) + "\n", encoding="utf-8")
    with pytest.raises(ClaimledgerError, match=r"bad\.jsonl:1: an anchored pair"):
        load_pairs(bad)
