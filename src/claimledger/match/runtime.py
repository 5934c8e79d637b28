"""Run the trained pair model: onnxruntime + tokenizers, no torch.

:class:`PairModel` scores pairs of contents with the probability that they assert the same thing, in batches
of similar length. The shipped model lives in ``claimledger/match/model/`` (``pair.onnx``, ``tokenizer.json``,
``provenance.json``, trained by ``claimledger train claims``); ``CLAIMLEDGER_PAIR_MODEL`` points at another
directory that holds the same files.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from claimledger.errors import ClaimledgerError

MODEL_DIR = Path(__file__).parent / "model"
MAX_PIECES = 128  # the pair, [CLS] and both [SEP] included (as trained)
ENV = "CLAIMLEDGER_PAIR_MODEL"
THREADS = 1  # on a CPU shared with the parser and other processes one thread, not spinning, is fastest


class PairModel:
    """The int8 ONNX cross-encoder and its tokenizer."""

    def __init__(self, path: Path, threads: int = 0) -> None:
        import onnxruntime as ort

        missing = [n for n in ("pair.onnx", "tokenizer.json") if not (path / n).is_file()]
        if missing:
            raise ClaimledgerError(
                f"no pair model in {path} (missing {', '.join(missing)}); "
                f"train one with `claimledger train claims` or unset {ENV}"
            )
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path / "pair.onnx"), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_PIECES, strategy="longest_first")
        provenance = path / "provenance.json"
        self.provenance: dict[str, Any] = (
            json.loads(provenance.read_text(encoding="utf-8")) if provenance.is_file() else {}
        )

    def score(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """The probability of "same claim" for each ``(a, b)``, float32, in input order."""
        out = np.zeros(len(pairs), dtype=np.float32)
        if not pairs:
            return out
        encodings = self.tokenizer.encode_batch([(a.strip(), b.strip()) for a, b in pairs])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), max(1, batch_size)):
            chunk = order[start : start + max(1, batch_size)]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                e = encodings[i]
                ids[row, : len(e.ids)] = e.ids
                types[row, : len(e.ids)] = e.type_ids
                mask[row, : len(e.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            logits = self.session.run(["logits"], feed)[0].astype(np.float32)
            out[chunk] = 1 / (1 + np.exp(-logits.reshape(-1)))
        return out


def load_pair_model(path: str = "") -> PairModel:
    """The pair model in ``path``, else ``$CLAIMLEDGER_PAIR_MODEL``, else the shipped one; loaded once per process."""
    return _load(str(Path(path or os.environ.get(ENV, "") or MODEL_DIR).resolve()))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> PairModel:
    return PairModel(Path(path), threads=THREADS)
