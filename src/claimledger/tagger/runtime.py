"""Run the trained tagger: onnxruntime + tokenizers, no torch.

:class:`ModelTagger` tags an article's parsed paragraphs with source / cue / content spans (PolNeAR's
conventions); :func:`model_attributions` links them into :class:`~claimledger.records.Attribution` records
(claimledger's conventions: no complementizer in the content, no trailing comma or colon).

The shipped model lives in ``claimledger/tagger/model/`` (``tagger.onnx``, ``tokenizer.json``,
``provenance.json``); ``CLAIMLEDGER_TAGGER_MODEL`` points at another directory that holds the same three.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from claimledger.errors import ClaimledgerError
from claimledger.parse import Paragraph
from claimledger.tagger.decode import viterbi, word_scores
from claimledger.tagger.units import LABELS, Unit, decode_spans, paragraph_units

MODEL_DIR = Path(__file__).parent / "model"
MAX_PIECES = 256


@dataclass(slots=True, frozen=True)
class TaggedSpan:
    """A span the model tagged: its role, ``(start, end)`` in the article, and the unit and paragraph it is in."""

    role: str
    start: int
    end: int
    unit: int
    paragraph: int = 0


class ModelTagger:
    """The int8 ONNX tagger and its tokenizer."""

    def __init__(self, path: Path, threads: int = 0) -> None:
        try:
            import onnxruntime as ort
        except ImportError:  # pragma: no cover - a core dependency
            raise ClaimledgerError("onnxruntime is not installed: pip install onnxruntime") from None
        missing = [n for n in ("tagger.onnx", "tokenizer.json") if not (path / n).is_file()]
        if missing:
            raise ClaimledgerError(
                f"no attribution model in {path} (missing {', '.join(missing)}); "
                "train one with `claimledger train attribution` or unset CLAIMLEDGER_TAGGER_MODEL"
            )
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path / "tagger.onnx"), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        provenance = path / "provenance.json"
        self.provenance: dict[str, Any] = (
            json.loads(provenance.read_text(encoding="utf-8")) if provenance.is_file() else {}
        )

    def _pieces(self, unit: Unit) -> list[tuple[list[int], list[int], int, int]]:
        """``(ids, first piece per word, first word, end word)`` of each window of a unit (≤ 256 pieces)."""
        enc = self.tokenizer.encode(unit.words, is_pretokenized=True)
        if len(enc.ids) <= MAX_PIECES:
            first = [-1] * len(unit)
            for pos, word in enumerate(enc.word_ids):
                if word is not None and first[word] == -1:
                    first[word] = pos
            return [(enc.ids, first, 0, len(unit))]
        half = len(unit) // 2  # too long: halves (rare; units are sentences)
        out = []
        for a, b in ((0, half), (half, len(unit))):
            for ids, first, s, e in self._pieces(Unit(unit.words[a:b], unit.offsets[a:b])):
                out.append((ids, first, s + a, e + a))
        return out

    def tag_units(self, units: Sequence[Unit], batch_size: int = 32) -> list[list[int]]:
        """BIO tag ids per word of each unit (constrained Viterbi over the model's scores)."""
        windows = [(u, w) for u, unit in enumerate(units) for w in self._pieces(unit)]
        scores: list[np.ndarray] = [np.zeros((len(unit), len(LABELS)), dtype=np.float32) for unit in units]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1][0]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            width = max(len(windows[i][1][0]) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                piece_ids = windows[i][1][0]
                ids[row, : len(piece_ids)] = piece_ids
                mask[row, : len(piece_ids)] = 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0].astype(np.float32)
            for row, i in enumerate(chunk):
                u, (_, first, a, b) = windows[i]
                scores[u][a:b] = word_scores(logits[row], first)
        return [viterbi(s) for s in scores]

    def tag(self, paragraphs: Sequence[Paragraph], join: bool = True) -> list[TaggedSpan]:
        """Tagged spans of an article's parsed paragraphs, offsets into the article's text, in text order.

        ``join``: a content that runs to the end of its unit and goes on at the start of the next unit of the
        same paragraph, which has no cue of its own, is one span (a quotation or claim of several sentences).
        """
        units = paragraph_units(paragraphs)
        out: list[TaggedSpan] = []
        for number, (unit, tags) in enumerate(zip(units, self.tag_units(units), strict=True)):
            spans = [
                TaggedSpan(role, unit.offsets[a][0], unit.offsets[b - 1][1], number, unit.paragraph)
                for role, a, b in decode_spans(tags)
            ]
            previous = next((t for t in reversed(out) if t.role == "content"), None)
            if (
                join
                and spans
                and previous is not None
                and previous.unit == number - 1
                and previous.end == units[number - 1].offsets[-1][1]
                and spans[0].role == "content"
                and spans[0].start == unit.offsets[0][0]
                and not any(t.role == "cue" for t in spans)
                and previous.paragraph == unit.paragraph
            ):
                out[out.index(previous)] = TaggedSpan("content", previous.start, spans[0].end, number, unit.paragraph)
                spans = spans[1:]
            out.extend(spans)
        return out


@functools.lru_cache(maxsize=2)
def load_tagger(path: str = "") -> ModelTagger:
    """The tagger in directory ``path`` (by default the shipped one), loaded once per process."""
    return ModelTagger(Path(path) if path else MODEL_DIR)
