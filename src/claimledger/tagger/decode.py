"""Constrained Viterbi decoding of BIO tags: an ``I-`` tag only after its own ``B-`` or ``I-``.

Plain argmax leaves stray ``I-`` tags and splits spans; the constraint is worth several points of exact F1
(most on long content spans).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimledger.tagger.units import LABELS

_NEG = np.float32(-1e4)


def _transitions() -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    n = len(LABELS)
    allowed = np.zeros((n, n), dtype=np.float32)  # [previous, next]
    start = np.zeros(n, dtype=np.float32)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            start[j] = _NEG
            for i, previous in enumerate(LABELS):
                if previous[2:] != label[2:]:
                    allowed[i, j] = _NEG
    return allowed, start


TRANSITIONS, START = _transitions()


def viterbi(scores: NDArray[np.float32]) -> list[int]:
    """The best allowed tag sequence for per-word log-probabilities ``scores`` (words × labels)."""
    n = scores.shape[0]
    if n == 0:
        return []
    best = scores[0] + START
    back = np.zeros((n, scores.shape[1]), dtype=np.int64)
    for t in range(1, n):
        candidates = best[:, None] + TRANSITIONS  # previous × next
        back[t] = candidates.argmax(axis=0)
        best = candidates.max(axis=0) + scores[t]
    tags = [int(best.argmax())]
    for t in range(n - 1, 0, -1):
        tags.append(int(back[t, tags[-1]]))
    return tags[::-1]
