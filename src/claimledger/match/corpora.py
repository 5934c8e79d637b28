"""The shared sentence-pair corpora (``../shared/data/claim-pairs/``) as "same claim?" pairs.

None of them labels "same claim" exactly (see their README); each is mapped to it the same way for training
(:mod:`claimledger.training.claims`) and for evaluation (``claimledger eval claims --pairs mrpc-dev``):

* MRPC: ``Quality`` 1 → same, 0 → different. Its train file is split: a fixed 15% of its sentence clusters
  (pairs linked by a shared sentence id stay together) is the ``mrpc-dev`` slice, never trained on;
* STS-B: similarity ≥ 4 → same, ≤ 2 → different, pairs in between are skipped;
* SICK: ENTAILMENT with relatedness ≥ 4 → same; CONTRADICTION → different (a negated statement is another
  claim); NEUTRAL with relatedness < 3 → different; other pairs skipped.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import ClaimledgerError

DEFAULT_ROOT = Path("../shared/data/claim-pairs")
MRPC_DEV_SHARE = 0.15
SPLIT_SEED = 13
STS_SAME, STS_DIFFERENT = 4.0, 2.0
SICK_SAME, SICK_NEUTRAL_DIFFERENT = 4.0, 3.0

TRAIN_SPLITS = ("mrpc-train", "stsb-train", "sick-train")
DEV_SPLITS = ("mrpc-dev", "stsb-dev", "sick-trial")


@dataclass(slots=True, frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str  # the corpus split it comes from (and the SICK label)


def _lines(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ClaimledgerError(
            f"cannot read {path}: {exc.strerror} (the claim-pair corpora live in ../shared/data/claim-pairs)"
        ) from exc
    return [line.split("\t") for line in text.splitlines() if line.strip()]


def _mrpc(root: Path) -> tuple[list[Pair], list[Pair]]:
    """MRPC train as (train, dev): whole clusters of pairs linked by a sentence id go to one side."""
    path = root / "mrpc-train.tsv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) >= 5][1:]
    except OSError as exc:
        raise ClaimledgerError(f"cannot read {path}: {exc.strerror}") from exc
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        parent[find(r[1])] = find(r[2])
    clusters: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        clusters.setdefault(find(r[1]), []).append(i)
    keys = sorted(clusters)
    random.Random(SPLIT_SEED).shuffle(keys)
    dev: set[int] = set()
    for key in keys:
        if len(dev) >= MRPC_DEV_SHARE * len(rows):
            break
        dev.update(clusters[key])
    pairs = [Pair(r[3].strip(), r[4].strip(), r[0].strip() == "1", "mrpc") for r in rows]
    return [p for i, p in enumerate(pairs) if i not in dev], [p for i, p in enumerate(pairs) if i in dev]


def _stsb(path: Path, kind: str) -> list[Pair]:
    out = []
    for fields in _lines(path):
        if len(fields) < 7:
            continue
        score = float(fields[4])
        if score >= STS_SAME or score <= STS_DIFFERENT:
            out.append(Pair(fields[5].strip(), fields[6].strip(), score >= STS_SAME, kind))
    return out


def _sick(path: Path, kind: str) -> list[Pair]:
    out = []
    for fields in _lines(path):
        if len(fields) < 5 or not fields[0].strip().isdigit():
            continue
        relatedness, label = float(fields[3]), fields[4].strip().upper()
        a, b = fields[1].strip(), fields[2].strip()
        if label == "ENTAILMENT" and relatedness >= SICK_SAME:
            out.append(Pair(a, b, True, f"{kind} entailment"))
        elif label == "CONTRADICTION":
            out.append(Pair(a, b, False, f"{kind} contradiction"))
        elif label == "NEUTRAL" and relatedness < SICK_NEUTRAL_DIFFERENT:
            out.append(Pair(a, b, False, f"{kind} neutral"))
    return out


def load_split(name: str, root: Path = DEFAULT_ROOT) -> list[Pair]:
    """One split by name: mrpc-train (without the dev slice), mrpc-dev, stsb-train, stsb-dev, sick-train, sick-trial."""
    if name in ("mrpc-train", "mrpc-dev"):
        train, dev = _mrpc(root)
        return train if name == "mrpc-train" else [Pair(p.a, p.b, p.same, "mrpc-dev") for p in dev]
    if name in ("stsb-train", "stsb-dev"):
        return _stsb(root / f"{name}.tsv", name)
    if name in ("sick-train", "sick-trial"):
        return _sick(root / f"{name}.tsv", name)
    known = ", ".join(TRAIN_SPLITS + DEV_SPLITS)
    raise ClaimledgerError(f"unknown pair split {name!r} (known: {known}, and 'dev' for all three dev splits)")


def load_splits(names: list[str] | tuple[str, ...], root: Path = DEFAULT_ROOT) -> list[Pair]:
    out: list[Pair] = []
    for name in names:
        out.extend(load_split(name, root))
    return out
