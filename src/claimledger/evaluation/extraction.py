"""Main-text extraction scored on the article-extraction-benchmark (181 news and blog pages).

The metric is the benchmark's own (scrapinghub/article-extraction-benchmark, ``evaluate.py``):

* both texts are tokenised with ``\\w+`` and cut into 4-token shingles (``ngram_n=4``; ``ngram_n=1`` gives
  a plain bag of words), counted as multisets;
* per document: ``tp = Σ min(gold, pred)``, ``fp = Σ max(0, pred - gold)``, ``fn = Σ max(0, gold - pred)``,
  precision ``tp / (tp + fp)``, recall ``tp / (tp + fn)`` (both 1.0 when gold and prediction are empty);
* **macro** average: precision is averaged over the documents with some predicted text (``tp + fp > 0``),
  recall over those with some gold text (``tp + fn > 0``), and F1 is the harmonic mean of those two
  averages (not the mean of per-document F1s).

A page whose extraction fails counts as an empty prediction: it lowers recall, not precision, exactly as
an extractor returning nothing does in the benchmark.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError, InputError

NGRAM_N = 4
"""Shingle length of the benchmark's ``evaluate.py``."""

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

Extractor = Callable[[str, str | None], str]
"""``(html, url) -> main text``; raising :class:`ClaimledgerError` counts as an empty prediction."""


class BenchmarkDataError(InputError):
    """The benchmark folder, its ``ground-truth.json`` or one of its pages is missing or unreadable."""


@dataclass(slots=True)
class DocumentScore:
    id: str
    precision: float
    recall: float
    f1: float
    error: str | None = None


@dataclass(slots=True)
class ExtractionReport:
    """Macro-averaged shingle precision, recall and F1 over the benchmark (see the module docstring)."""

    precision: float
    recall: float
    f1: float
    n_documents: int
    n_failed: int
    ngram_n: int = NGRAM_N
    averaging: str = "macro"
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)
    documents: list[DocumentScore] = field(default_factory=list)

    def to_dict(self, *, per_document: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not per_document:
            del data["documents"]
        return data


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = NGRAM_N) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles; a text shorter than ``n`` tokens is one shorter shingle."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def match_counts(gold: str | None, pred: str | None, n: int = NGRAM_N) -> tuple[int, int, int]:
    """``(tp, fp, fn)`` of the predicted shingles against the gold ones (multiset overlap)."""
    gold_sh, pred_sh = shingles(gold, n), shingles(pred, n)
    tp = sum((gold_sh & pred_sh).values())
    return tp, sum(pred_sh.values()) - tp, sum(gold_sh.values()) - tp


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def macro_scores(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` as the benchmark averages them."""
    precisions = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return precision, recall, f1_score(precision, recall)


def load_benchmark(bench_dir: Path) -> dict[str, dict[str, Any]]:
    """The ground truth ``{id: {"url", "articleBody"}}``, checked against the ``html/`` folder."""
    bench_dir = Path(bench_dir)
    if not bench_dir.is_dir():
        raise BenchmarkDataError(f"benchmark folder not found: {bench_dir}")
    truth_path = bench_dir / "ground-truth.json"
    if not truth_path.is_file():
        raise BenchmarkDataError(f"ground-truth.json not found in {bench_dir}")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchmarkDataError(f"cannot read {truth_path}: {exc}") from None
    if not isinstance(truth, dict) or not truth:
        raise BenchmarkDataError(f"{truth_path} holds no documents (expected {{id: {{url, articleBody}}}})")
    if not (bench_dir / "html").is_dir():
        raise BenchmarkDataError(f"html/ folder not found in {bench_dir}")
    return truth


def read_page(bench_dir: Path, doc_id: str) -> str:
    path = Path(bench_dir) / "html" / f"{doc_id}.html.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except (OSError, EOFError) as exc:
        raise BenchmarkDataError(f"cannot read page {path.name}: {exc}") from None


def _default_extractor(html: str, url: str | None) -> str:
    from claimledger.extract import extract_html

    return extract_html(html, url=url).text


def evaluate_extraction(
    bench_dir: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    extractor: Extractor | None = None,
    ngram_n: int = NGRAM_N,
) -> ExtractionReport:
    """Score ``extractor`` (default: :func:`claimledger.extract.extract_html`) on the benchmark in ``bench_dir``.

    ``progress(done, total)`` is called after each page. Raises :class:`BenchmarkDataError` when the folder,
    ``ground-truth.json`` or a page is missing.
    """
    truth = load_benchmark(bench_dir)
    extract = extractor or _default_extractor
    counts: list[tuple[int, int, int]] = []
    documents: list[DocumentScore] = []
    failures: dict[str, str] = {}
    started = time.perf_counter()
    ids = sorted(truth)
    for done, doc_id in enumerate(ids, 1):
        entry = truth[doc_id] if isinstance(truth[doc_id], dict) else {}
        html = read_page(bench_dir, doc_id)
        error: str | None = None
        try:
            pred = extract(html, entry.get("url"))
        except ClaimledgerError as exc:
            pred, error = "", str(exc)
            failures[doc_id] = error
        c = match_counts(entry.get("articleBody", ""), pred, ngram_n)
        counts.append(c)
        p, r = precision_score(*c), recall_score(*c)
        documents.append(DocumentScore(doc_id, p, r, f1_score(p, r), error))
        if progress is not None:
            progress(done, len(ids))
    precision, recall, f1 = macro_scores(counts)
    return ExtractionReport(
        precision=precision,
        recall=recall,
        f1=f1,
        n_documents=len(ids),
        n_failed=len(failures),
        ngram_n=ngram_n,
        seconds=time.perf_counter() - started,
        failures=failures,
        documents=documents,
    )
