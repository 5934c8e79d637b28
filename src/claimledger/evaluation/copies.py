"""Copy detection measured on a generated corpus: originals, controlled edits of them, and distractors.

Each original yields copies with one kind of edit each — site furniture swapped, headline changed,
paragraphs dropped (keeping at least ``keep`` of the text), sentences re-ordered, and all of these at
once. Originals and distractors are ingested first, copies after, in a shuffled order, through the
same ``find_original`` + ``add`` path that ``ingest`` uses. A copy is found when its ``copy_of`` is its
original; any other ``copy_of`` is a false positive.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import LedgerWriter
from claimledger.pipeline import Source, prepare
from claimledger.read import ReadFailure, read_inputs, sha256
from claimledger.records import Document
from claimledger.settings import Settings

EDITS = ("boilerplate", "headline", "dropped", "reordered", "combined")
FURNITURE = [
    "ADVERTISEMENT",
    "Share this article",
    "Subscribe to our newsletter",
    "Related articles",
    "by Staff Reporter",
    "This site uses cookies. By continuing to browse you accept our cookie policy.",
    "Leave a comment",
    "Follow us on Telegram",
]
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


@dataclass(slots=True)
class CopyReport:
    originals: int = 0
    distractors: int = 0
    copies: int = 0
    found: int = 0  # copies whose copy_of is their original
    false_positives: int = 0  # copy_of pointing anywhere else (originals, distractors or wrong original)
    per_edit: dict[str, list[int]] = field(default_factory=dict)  # edit → [copies, found]
    misses: list[str] = field(default_factory=list)
    base_copies: int = 0  # inputs that were already copies of another input (left out as originals)

    @property
    def recall(self) -> float:
        return self.found / self.copies if self.copies else 0.0

    @property
    def precision(self) -> float:
        predicted = self.found + self.false_positives
        return self.found / predicted if predicted else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "originals": self.originals,
            "distractors": self.distractors,
            "copies": self.copies,
            "base_copies": self.base_copies,
            "found": self.found,
            "false_positives": self.false_positives,
            "precision": self.precision,
            "recall": self.recall,
            "per_edit": {k: {"copies": v[0], "found": v[1]} for k, v in self.per_edit.items()},
            "misses": self.misses[:20],
        }


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def edit(text: str, kind: str, rng: random.Random, keep: float = 0.8) -> str:
    """One controlled edit of a plain-text article (first paragraph = headline)."""
    paras = _paragraphs(text)
    title, body = paras[0], paras[1:]
    if kind in ("boilerplate", "combined"):
        body = [p for p in body if len(p.split()) > 3]  # the old furniture goes
        for line in rng.sample(FURNITURE, 3):
            body.insert(rng.randrange(len(body) + 1), line)
    if kind in ("headline", "combined"):
        words = " ".join(body).split()
        title = " ".join(rng.sample(words, min(8, len(words)))).strip('.,“”"').capitalize()
    if kind in ("dropped", "combined"):
        total = sum(len(p) for p in body)
        order = list(range(len(body)))
        rng.shuffle(order)
        dropped: set[int] = set()
        for i in order:
            if total - sum(len(body[j]) for j in dropped | {i}) >= keep * total:
                dropped.add(i)
                if len(dropped) >= max(1, len(body) // 4):
                    break
        body = [p for j, p in enumerate(body) if j not in dropped]
    if kind in ("reordered", "combined"):
        shuffled = []
        for p in body:
            sentences = _SENTENCE.split(p)
            rng.shuffle(sentences)
            shuffled.append(" ".join(sentences))
        body = shuffled
    return "\n\n".join([title, *body]) + "\n"


def texts_of(paths: Iterable[str], settings: Settings) -> list[str]:
    """Plain texts of the inputs (HTML extracted), for use as originals or distractors."""
    out = []
    for item in read_inputs(paths, settings):
        if isinstance(item, ReadFailure):
            continue
        article = prepare(Source.from_document(item))
        out.append(article.text)
    return out


def evaluate_copies(
    originals: list[str],
    distractors: list[str] = (),  # type: ignore[assignment]
    *,
    variants: int = 4,
    seed: int = 13,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> CopyReport:
    """Generate copies of ``originals`` and measure how many ``find_original`` links back to them."""
    rng = random.Random(seed)
    ledger = Ledger.open(":memory:")
    writer = LedgerWriter(ledger, settings, link_claims=False)
    report = CopyReport(originals=len(originals), distractors=len(distractors))
    ids: dict[int, int] = {}

    def store(text: str, origin: str) -> tuple[int | None, int | None]:
        doc = Document(origin, sha256(text.encode()), "", "text/plain", text)
        new_id = writer.write(doc, prepare(Source(text)))
        match = writer.last_original
        return new_id, match.article_id if match else None

    base = [(i, t) for i, t in enumerate(originals)] + [(None, t) for t in distractors]
    for index, text in base:
        new_id, match = store(text, f"original-{index}")
        if match is not None:
            # the input set already holds a copy (an example aggregator page): not an original to copy
            report.base_copies += 1
            continue
        if index is not None and new_id is not None:
            ids[index] = new_id
    report.originals = len(ids)
    jobs = [(i, kind, edit(originals[i], kind, rng)) for i in sorted(ids) for kind in EDITS for _ in range(variants)]
    rng.shuffle(jobs)
    for n, (index, kind, text) in enumerate(jobs):
        if progress:
            progress(n + 1, len(jobs))
        _, match = store(text, f"copy-{index}-{kind}-{n}")
        counts = report.per_edit.setdefault(kind, [0, 0])
        counts[0] += 1
        report.copies += 1
        if match is not None and match == ids.get(index):
            report.found += 1
            counts[1] += 1
        elif match is not None:
            report.false_positives += 1
        else:
            report.misses.append(f"original {index}, {kind}")
    ledger.close()
    return report


def example_originals(root: Path, settings: Settings) -> list[str]:
    return texts_of([str(root)], settings)
