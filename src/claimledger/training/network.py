"""The tagger's network in PyTorch (training and ONNX export only): MiniLM's BERT encoder and a linear head.

Written out rather than taken from ``transformers`` (which the project does not otherwise need): the same
layers as :mod:`claimledger.embed` computes in numpy, loaded from the same ``model.safetensors``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file
from torch import nn

from claimledger.tagger.units import LABELS


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.ffn_in = nn.Linear(hidden, inner)
        self.ffn_out = nn.Linear(inner, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        dh = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(dh) + bias
        context = torch.matmul(self.dropout(scores.softmax(-1)), v).transpose(1, 2).reshape(b, n, h)
        x = self.attn_norm(x + self.dropout(self.attn_out(context)))
        inner = nn.functional.gelu(self.ffn_in(x))
        return self.ffn_norm(x + self.dropout(self.ffn_out(inner)))


class Tagger(nn.Module):
    """BERT encoder + dropout + linear layer over the labels; ``forward(ids, mask)`` gives logits."""

    def __init__(self, config: dict[str, Any], n_labels: int = len(LABELS), dropout: float = 0.1) -> None:
        super().__init__()
        hidden, eps = int(config["hidden_size"]), float(config["layer_norm_eps"])
        self.word = nn.Embedding(int(config["vocab_size"]), hidden)
        self.position = nn.Embedding(int(config["max_position_embeddings"]), hidden)
        self.token_type = nn.Embedding(int(config.get("type_vocab_size", 2)), hidden)
        self.embed_norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            Layer(hidden, int(config["num_attention_heads"]), int(config["intermediate_size"]), eps, dropout)
            for _ in range(int(config["num_hidden_layers"]))
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, n_labels)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n = ids.shape[1]
        positions = torch.arange(n, device=ids.device).unsqueeze(0)
        x = self.word(ids) + self.position(positions) + self.token_type.weight[0]
        x = self.dropout(self.embed_norm(x))
        bias = (1.0 - mask.to(x.dtype))[:, None, None, :] * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return self.head(self.dropout(x))


_NAMES = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "attn_norm": "attention.output.LayerNorm",
    "ffn_in": "intermediate.dense",
    "ffn_out": "output.dense",
    "ffn_norm": "output.LayerNorm",
}


def from_minilm(path: Path, dropout: float = 0.1) -> Tagger:
    """A tagger whose encoder starts from the all-MiniLM-L6-v2 weights in ``path`` (head freshly initialised)."""
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    weights = load_file(str(path / "model.safetensors"))
    model = Tagger(config, dropout=dropout)
    state: dict[str, torch.Tensor] = {
        "word.weight": weights["embeddings.word_embeddings.weight"],
        "position.weight": weights["embeddings.position_embeddings.weight"],
        "token_type.weight": weights["embeddings.token_type_embeddings.weight"],
        "embed_norm.weight": weights["embeddings.LayerNorm.weight"],
        "embed_norm.bias": weights["embeddings.LayerNorm.bias"],
    }
    for i in range(len(model.layers)):
        for ours, theirs in _NAMES.items():
            for p in ("weight", "bias"):
                state[f"layers.{i}.{ours}.{p}"] = weights[f"encoder.layer.{i}.{theirs}.{p}"]
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert set(missing) == {"head.weight", "head.bias"} and not unexpected, (missing, unexpected)
    return model
