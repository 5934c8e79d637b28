"""Precision, recall and F1 from the counts of a positive class, as the evaluations report them."""

from __future__ import annotations


class PrecisionRecall:
    """Precision, recall and F1 of a report's positive class from its counts ``tp``, ``fp`` and ``fn`` (0.0 where
    a count it divides by is zero).

    >>> from dataclasses import dataclass
    >>> @dataclass(slots=True)
    ... class Counts(PrecisionRecall):
    ...     tp: int = 3
    ...     fp: int = 1
    ...     fn: int = 3
    >>> c = Counts(); (c.precision, c.recall, round(c.f1, 3))
    (0.75, 0.5, 0.6)
    """

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
