"""Units the attribution tagger reads: runs of spaCy tokens, one or more sentences of one paragraph.

The tagger labels words (spaCy tokens, whitespace tokens left out) with BIO tags of three roles. A unit is a
sentence of a parsed paragraph; consecutive sentences are joined when a quotation is still open at the
boundary (spaCy splits multi-sentence quotes) and, for training, when a gold span crosses it. A unit longer
than ``max_words`` is cut into windows.

Word offsets index ``Article.text`` (the paragraph's start added), so a tagged span is a
:class:`~claimledger.records.Span` of the text that was read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claimledger.parse import Paragraph

ROLES = ("source", "cue", "content")
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
LABEL_ID = {label: i for i, label in enumerate(LABELS)}

MAX_WORDS = 150  # about 200 wordpieces: a unit is cut into windows above this


@dataclass(slots=True)
class Unit:
    """Words of one unit: their text and ``(start, end)`` offsets in the article; ``labels`` for training."""

    words: list[str]
    offsets: list[tuple[int, int]]
    labels: list[int] = field(default_factory=list)
    paragraph: int = 0  # the index of its paragraph in the article

    def __len__(self) -> int:
        return len(self.words)


def _quote_open(text: str) -> bool:
    """Whether ``text`` leaves a quotation open (an odd number of straight quotes, or more opening curly ones)."""
    straight = text.count('"') % 2 == 1
    curly = text.count("“") > text.count("”")
    return straight or curly


def paragraph_units(
    paragraphs: Sequence[Paragraph], gold: Sequence[tuple[int, int]] = (), max_words: int = MAX_WORDS
) -> list[Unit]:
    """The units of an article's parsed paragraphs; ``gold`` (character spans) joins sentences they cross."""
    units: list[Unit] = []
    for number, para in enumerate(paragraphs):
        groups: list[list[tuple[int, int, str]]] = []
        opened = False
        previous_end = -1
        for sent in para.doc.sents:
            words = [(t.idx + para.start, t.idx + para.start + len(t.text), t.text) for t in sent if not t.is_space]
            if not words:
                continue
            start = words[0][0]
            crossed = any(s < start < e and s < previous_end for s, e in gold)
            if groups and (opened or crossed):
                groups[-1].extend(words)
            else:
                groups.append(words)
            opened = _quote_open(para.doc.text[: sent.end_char])
            previous_end = words[-1][1]
        for group in groups:
            for i in range(0, len(group), max_words):
                window = group[i : i + max_words]
                units.append(Unit([w for _, _, w in window], [(s, e) for s, e, _ in window], paragraph=number))
    return units


def label_units(units: Iterable[Unit], fragments: dict[str, set[tuple[int, int]]]) -> None:
    """Set BIO labels from gold fragments (character spans per role); shorter fragments win where they nest."""
    spans = sorted(
        ((s, e, role) for role in ROLES for s, e in fragments.get(role, ())), key=lambda f: f[0] - f[1]
    )  # longest first: inner spans (a source inside a quoted content) are written over outer ones
    for unit in units:
        role_of: list[str | None] = [None] * len(unit)
        first: list[bool] = [False] * len(unit)
        for s, e, role in spans:
            covered = [i for i, (ws, we) in enumerate(unit.offsets) if ws < e and s < we]
            if not covered:
                continue
            for i in covered:
                role_of[i] = role
                first[i] = i == covered[0]
        labels = []
        for i, tagged in enumerate(role_of):
            if tagged is None:
                labels.append(LABEL_ID["O"])
            else:
                begins = first[i] or i == 0 or role_of[i - 1] != tagged
                labels.append(LABEL_ID[("B-" if begins else "I-") + tagged])
        unit.labels = labels


def decode_spans(tags: Sequence[int]) -> list[tuple[str, int, int]]:
    """``(role, first word, last word + 1)`` of each tagged span in a BIO sequence."""
    out: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for i, tag in enumerate([*list(tags), 0]):
        label = LABELS[tag]
        if current is not None and (label == "O" or label.startswith("B-") or label[2:] != current[0]):
            out.append((current[0], current[1], i))
            current = None
        if label != "O" and current is None:
            current = (label[2:], i)
    return out
