"""Site furniture and headings scored on a labelled sample of extracted lines.

The gold set (``tests/data/furniture_gold.jsonl``) holds lines of the text that :func:`claimledger.pipeline.prepare`
reads from pages of the article-extraction benchmark (HTML) and from PolNeAR dev (plain text), each marked by a
person who read it in its page:

* ``furniture`` — what the site puts around the report: follow, share, newsletter and comment prompts, credits,
  photo credits, links to other stories, copyright lines, live-blog headers, "declined to comment" formulas;
* ``heading`` — the page's structure: the headline, headings and subheadings, captions, list titles;
* ``body`` — the report itself.

One record per line: ``{"source": "benchmark" | "polnear-dev", "doc", "line", "occurrence", "label"}``
(``occurrence``: which of the page's identical lines, from 0). A line is predicted ``heading`` when one of
``Article.headings`` covers it, ``furniture`` when excluded regions cover all of it, else ``body``; precision and
recall are computed for the ``furniture`` and ``heading`` marks.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimledger.clean import lines
from claimledger.errors import InputError
from claimledger.evaluation.extraction import load_benchmark, read_page
from claimledger.records import Article

LABELS = ("furniture", "heading", "body")
MARKS = ("furniture", "heading")
SOURCES = ("benchmark", "polnear-dev")


class FurnitureGoldError(InputError):
    """The labelled sample is missing or malformed, or a labelled line is no longer in its page's text."""


@dataclass(frozen=True, slots=True)
class GoldLine:
    source: str
    doc: str
    line: str
    occurrence: int
    label: str


@dataclass(slots=True)
class MarkScore:
    precision: float
    recall: float
    gold: int
    predicted: int
    correct: int


@dataclass(slots=True)
class FurnitureReport:
    """Precision and recall of the ``furniture`` and ``heading`` marks, the confusion and the misjudged lines."""

    lines: int
    documents: int
    marks: dict[str, MarkScore]
    confusion: dict[str, dict[str, int]]
    misjudged: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_gold(path: Path) -> list[GoldLine]:
    """The labelled lines of ``path`` (JSON Lines); raises :class:`FurnitureGoldError` on a bad record."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FurnitureGoldError(f"cannot read the labelled lines {path}: {exc}") from None
    gold: list[GoldLine] = []
    for number, text in enumerate(raw.splitlines(), 1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
            line = GoldLine(
                str(record["source"]), str(record["doc"]), str(record["line"]), int(record["occurrence"]),
                str(record["label"]),
            )  # fmt: skip
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise FurnitureGoldError(f"{path}:{number}: not a labelled line ({exc})") from None
        if line.label not in LABELS or line.source not in SOURCES:
            raise FurnitureGoldError(f"{path}:{number}: label must be one of {LABELS}, source one of {SOURCES}")
        gold.append(line)
    if not gold:
        raise FurnitureGoldError(f"{path} holds no labelled lines")
    return gold


def line_role(article: Article, start: int, end: int) -> str:
    """``heading``, ``furniture`` or ``body``: what the pipeline takes the line ``text[start:end]`` to be."""
    if any(h.start <= start and end <= h.end for h in article.headings):
        return "heading"
    covered = sorted(
        (max(b.start, start), min(b.end, end)) for b in article.boilerplate if b.start < end and start < b.end
    )
    at = start
    for s, e in covered:
        if s > at:
            return "body"
        at = max(at, e)
    return "furniture" if at >= end else "body"


def _roles(article: Article) -> dict[tuple[str, int], str]:
    seen: Counter[str] = Counter()
    roles: dict[tuple[str, int], str] = {}
    for start, end in lines(article.text):
        text = article.text[start:end]
        roles[(text, seen[text])] = line_role(article, start, end)
        seen[text] += 1
    return roles


def _article(source: str, doc: str, shared: Path, truth: dict[str, dict[str, Any]]) -> Article:
    from claimledger.pipeline import Source, prepare

    if source == "benchmark":
        bench = shared / "article-extraction-benchmark"
        entry = truth.get(doc)
        if entry is None:
            raise FurnitureGoldError(f"benchmark page {doc} is not in {bench / 'ground-truth.json'}")
        return prepare(Source(read_page(bench, doc), html=True, url=entry.get("url")))
    path = shared / "polnear" / "dev" / "text" / f"{doc}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FurnitureGoldError(f"cannot read PolNeAR dev text {path}: {exc}") from None
    return prepare(Source(text))


def evaluate_furniture(
    gold: list[GoldLine], shared: Path, progress: Callable[[int, int], None] | None = None
) -> FurnitureReport:
    """Score the pipeline's furniture and heading marks on ``gold``; ``shared`` holds the benchmark and PolNeAR.

    Each page is prepared (extracted and cleaned, as :func:`claimledger.analyze` does) once.
    """
    shared = Path(shared)
    truth = (
        load_benchmark(shared / "article-extraction-benchmark") if any(g.source == "benchmark" for g in gold) else {}
    )
    by_doc: dict[tuple[str, str], list[GoldLine]] = defaultdict(list)
    for g in gold:
        by_doc[(g.source, g.doc)].append(g)
    confusion: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    misjudged: list[dict[str, str]] = []
    for done, ((source, doc), labelled) in enumerate(sorted(by_doc.items()), 1):
        roles = _roles(_article(source, doc, shared, truth))
        for g in labelled:
            role = roles.get((g.line, g.occurrence))
            if role is None:
                raise FurnitureGoldError(
                    f"labelled line not in the text of {source} {doc} (occurrence {g.occurrence}): {g.line[:80]!r}; "
                    "the extraction changed: relabel the sample"
                )
            confusion[g.label][role] += 1
            if role != g.label:
                misjudged.append({"source": source, "doc": doc, "line": g.line, "gold": g.label, "predicted": role})
        if progress is not None:
            progress(done, len(by_doc))
    marks = {}
    for mark in MARKS:
        correct = confusion[mark][mark]
        predicted = sum(confusion[label][mark] for label in LABELS)
        total = sum(confusion[mark].values())
        marks[mark] = MarkScore(
            precision=correct / predicted if predicted else 1.0,
            recall=correct / total if total else 1.0,
            gold=total,
            predicted=predicted,
            correct=correct,
        )
    return FurnitureReport(
        lines=len(gold),
        documents=len(by_doc),
        marks=marks,
        confusion={label: dict(counts) for label, counts in confusion.items()},
        misjudged=misjudged,
    )
