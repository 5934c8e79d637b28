"""PolNeAR gold attributions, and span scores of predicted attributions against them.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) ships BRAT standoff: ``T`` lines are (possibly discontinuous)
spans, ``E`` lines tie one attribution's Source / Cue / Content spans together. The published scores on it
(CofeNet, COLING 2022) are BIO span scores, so each contiguous fragment of a role is one unit here too, and
exact F1 is comparable with them. Overlap F1 is reported beside it because most tagger errors are boundaries.

Use the train and dev splits only; the test split is held back (see ``shared/data/README.md``).
``load_split(Path("../shared/data/polnear"), "dev")`` reads a split (``claimledger eval polnear`` scores it);
one document written by hand, scored:

>>> import claimledger
>>> from claimledger.records import Span
>>> text = "Officials said the bridge was safe."
>>> gold = GoldAttribution([Span.of(text, 0, 9)], [Span.of(text, 10, 14)], [Span.of(text, 15, 34)])
>>> report = evaluate([PolnearDoc("bridge", text, [gold])], lambda text: claimledger.analyze(text).attributions)
>>> report.roles["source"].exact_f1, report.roles["content"].exact_f1
(1.0, 1.0)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.records import Attribution, Span

log = logging.getLogger(__name__)

ROLES = ("source", "cue", "content")

# Only lines that start like this are annotations: a T line's text may run onto further lines (a newline inside
# the span), and AnnotatorNotes (``#1\t...``) are comments.
_T_LINE = re.compile(r"T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)")
_E_LINE = re.compile(r"E(\d+)\t(.*)")


class DataMissing(ClaimledgerError, FileNotFoundError):
    """The PolNeAR data is not where it was looked for (it is never shipped with the project)."""


@dataclass(slots=True)
class GoldAttribution:
    """One annotated attribution (an ``E`` line); each role is a list of contiguous fragments."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class PolnearDoc:
    """One article: its text as read, the annotations of one annotator, and what could not be read."""

    name: str
    text: str
    attributions: list[GoldAttribution]
    annotator: str = ""
    problems: list[str] = field(default_factory=list)


def parse_ann(ann: str, text: str) -> tuple[list[GoldAttribution], list[str]]:
    """The attributions of one ``.ann`` file, and one line per annotation skipped (and why).

    Only spans an E line references are gold (Discuss / Discard and orphan T lines are not), and an E line
    with no source, cue or content (a bare trigger) is dropped.

    A T span whose quoted text disagrees with ``text`` is skipped rather than trusted, so offsets stay sacred.
    BRAT writes a discontinuous span's text as its fragments joined by spaces, cut at the first newline.
    """
    spans: dict[str, list[Span]] = {}
    problems: list[str] = []
    events: list[tuple[str, str]] = []
    for line in ann.split("\n"):
        line = line.rstrip("\r")
        if m := _T_LINE.fullmatch(line):
            tid, label, offsets, quoted = f"T{m[1]}", m[2], m[3], m[4]
            frags = [Span.of(text, int(a), int(b)) for a, b in (o.split() for o in offsets.split(";"))]
            if any(f.end > len(text) or f.start >= f.end for f in frags):
                problems.append(f"{tid} {label} {offsets}: offsets outside the text")
                continue
            expected = " ".join(f.text for f in frags)
            if quoted != expected and not ("\n" in expected and expected.startswith(quoted)):
                problems.append(f"{tid} {label} {offsets}: text {quoted[:40]!r} != {expected[:40]!r}")
                continue
            spans[tid] = frags
        elif m := _E_LINE.fullmatch(line):
            events.append((f"E{m[1]}", m[2]))
    attributions: list[GoldAttribution] = []
    for eid, body in events:
        gold = GoldAttribution()
        for arg in body.split():
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789").lower()  # "Content2" is a second content span
            if role not in ROLES:
                continue  # the trigger ("Attribution", "Attribution-no-source")
            if tid not in spans:
                problems.append(f"{eid}: {arg} refers to a missing or skipped span")
                continue
            getattr(gold, role).extend(spans[tid])
        if gold.source or gold.cue or gold.content:
            attributions.append(gold)
        else:  # some E lines name only their trigger ("Attribution-no-source:T83"), nothing to score
            log.debug("%s: no source, cue or content; dropped", eid)
    return attributions, problems


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as f:  # newline="" keeps "\r\n", and so the offsets
        return f.read()


def load_doc(text_path: Path, ann_path: Path) -> PolnearDoc:
    """One article and one annotator's file; problems are logged and kept on the document."""
    text = _read(text_path)
    attributions, problems = parse_ann(_read(ann_path), text)
    for p in problems:
        log.warning("%s: %s", ann_path.name, p)
    annotator = ann_path.stem.rpartition("_")[2]
    return PolnearDoc(text_path.stem, text, attributions, annotator, problems)


def load_split(root: Path, split: str) -> list[PolnearDoc]:
    """The articles of ``root/split``, sorted by name, each with the first annotator's file in sorted order.

    Several annotators' files (``<article>_<annotator>.ann``) would count an article twice; taking the first
    in sorted order is what the training side does too, so both see the same gold.
    """
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataMissing(
            f"PolNeAR {split!r} split not found: expected {text_dir} and {ann_dir} "
            "(the corpus is not shipped; see shared/data/README.md)"
        )
    chosen: dict[str, Path] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")):
        chosen.setdefault(ann_path.stem.rpartition("_")[0], ann_path)
    docs: list[PolnearDoc] = []
    for article, ann_path in sorted(chosen.items()):
        text_path = text_dir / f"{article}.txt"
        if not text_path.is_file():
            log.warning("%s: no text file %s; skipped", ann_path.name, text_path.name)
            continue
        docs.append(load_doc(text_path, ann_path))
    return docs


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class RoleScore:
    """Fragment counts of one role, summed over documents (micro average)."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0  # predicted fragments equal to a gold fragment
    overlap_predicted: int = 0  # predicted fragments overlapping some gold fragment
    overlap_gold: int = 0  # gold fragments overlapped by some predicted fragment

    @property
    def exact_precision(self) -> float:
        return _ratio(self.exact, self.predicted)

    @property
    def exact_recall(self) -> float:
        return _ratio(self.exact, self.gold)

    @property
    def exact_f1(self) -> float:
        return _f1(self.exact_precision, self.exact_recall)

    @property
    def overlap_precision(self) -> float:
        return _ratio(self.overlap_predicted, self.predicted)

    @property
    def overlap_recall(self) -> float:
        return _ratio(self.overlap_gold, self.gold)

    @property
    def overlap_f1(self) -> float:
        return _f1(self.overlap_precision, self.overlap_recall)

    def to_dict(self) -> dict[str, Any]:
        names = ("precision", "recall", "f1")
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "exact": {n: getattr(self, f"exact_{n}") for n in names} | {"matched": self.exact},
            "overlap": {n: getattr(self, f"overlap_{n}") for n in names}
            | {"matched_predicted": self.overlap_predicted, "matched_gold": self.overlap_gold},
        }


@dataclass(slots=True)
class PolnearReport:
    """Scores per role (``"source"``, ``"cue"``, ``"content"``) over ``documents`` articles."""

    documents: int = 0
    roles: dict[str, RoleScore] = field(default_factory=lambda: {r: RoleScore() for r in ROLES})

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "roles": {r: s.to_dict() for r, s in self.roles.items()}}


def _fragments(text: str, spans: Iterable[Span]) -> set[tuple[int, int]]:
    """Distinct ``(start, end)`` of the spans, whitespace trimmed (against ``text``, the offsets' reference)."""
    out: set[tuple[int, int]] = set()
    for span in spans:
        start, end = max(span.start, 0), min(span.end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.add((start, end))
    return out


def gold_fragments(doc: PolnearDoc) -> dict[str, set[tuple[int, int]]]:
    """The scoring units of a document's gold, per role."""
    return {r: _fragments(doc.text, (s for a in doc.attributions for s in getattr(a, r))) for r in ROLES}


def predicted_fragments(text: str, attributions: Iterable[Attribution]) -> dict[str, set[tuple[int, int]]]:
    """The scoring units of predictions, per role: top-level attributions only, as the corpus flattens nesting."""
    # the article's own voice (kind "unattributed") is not an attribution in PolNeAR's sense
    top = [a for a in attributions if a.parent is None and a.kind != "unattributed"]
    return {
        "source": _fragments(text, (with_closing_comma(text, a.source) for a in top if a.source is not None)),
        "cue": _fragments(text, (with_colon(text, a.cue) for a in top if a.cue is not None)),
        "content": _fragments(text, (with_complementizer(text, s) for a in top for s in a.content)),
    }


def with_colon(text: str, span: Span) -> Span:
    """PolNeAR's convention: a cue directly followed by a colon includes it ("said:")."""
    if text[span.end : span.end + 1] == ":" and span.text != ":":
        return Span(span.start, span.end + 1, text[span.start : span.end + 1])
    return span


def with_closing_comma(text: str, span: Span) -> Span:
    """PolNeAR's convention: a source with an apposition keeps the comma that closes it ("X, a spokesman,")."""
    if "," in span.text and text[span.end : span.end + 1] == ",":
        return Span(span.start, span.end + 1, text[span.start : span.end + 1])
    return span


def with_complementizer(text: str, span: Span) -> Span:
    """PolNeAR's convention: a content clause includes its complementizer ("said *that* …").

    claimledger's records leave "that" out (it is not part of the claim); scoring maps ours to theirs.
    """
    before = text[max(0, span.start - 5) : span.start]
    if (
        before[:4].lower() == "that"
        and before[4:] in (" ", "\xa0", ",")
        and (span.start < 6 or not text[span.start - 6].isalnum())
    ):
        return Span(span.start - 5, span.end, text[span.start - 5 : span.end])
    return span


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(docs: Sequence[PolnearDoc], predictions: Iterable[Sequence[Attribution]]) -> PolnearReport:
    """Score predictions, one list per document in the order of ``docs``; the core of :func:`evaluate`.

    Call it directly with batched predictions (``[a.attributions for a in analyze_many(sources)]``):

    >>> from claimledger.records import Span
    >>> text = "Officials said the bridge was safe."
    >>> doc = PolnearDoc("bridge", text, [GoldAttribution(cue=[Span.of(text, 10, 14)])])
    >>> report = score([doc], [[]])  # nothing predicted
    >>> report.roles["cue"].gold, report.roles["cue"].exact_recall
    (1, 0.0)
    """
    report = PolnearReport()
    for doc, predicted in zip(docs, predictions, strict=True):
        report.documents += 1
        gold, pred = gold_fragments(doc), predicted_fragments(doc.text, predicted)
        for role in ROLES:
            g, p, counts = gold[role], pred[role], report.roles[role]
            counts.gold += len(g)
            counts.predicted += len(p)
            counts.exact += len(g & p)
            counts.overlap_predicted += sum(any(_overlaps(x, y) for y in g) for x in p)
            counts.overlap_gold += sum(any(_overlaps(x, y) for y in p) for x in g)
    return report


def evaluate(
    docs: Sequence[PolnearDoc],
    predict: Callable[[str], Sequence[Attribution]],
    progress: Callable[[int, int], None] | None = None,
) -> PolnearReport:
    """Predict each document's attributions from its text and score them; ``progress(done, total)`` after each.

    For a batched predictor use :func:`score` on its output instead.

    >>> from claimledger.records import Span
    >>> text = "Officials said the bridge was safe."
    >>> doc = PolnearDoc("bridge", text, [GoldAttribution(cue=[Span.of(text, 10, 14)])])
    >>> evaluate([doc, doc], lambda text: [], lambda done, total: print(f"{done}/{total}")).documents
    1/2
    2/2
    2
    """

    def predictions() -> Iterable[Sequence[Attribution]]:
        for i, doc in enumerate(docs, 1):
            yield predict(doc.text)
            if progress is not None:
                progress(i, len(docs))

    return score(docs, predictions())
