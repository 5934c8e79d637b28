""" "Same claim?" measured on labelled pairs of claim contents.

Two sources of pairs: the project's own (``tests/data/claim_pairs.jsonl``; each line
``{"a": …, "b": …, "same": true|false, "kind": …}``) and the dev splits of the shared pair corpora (``mrpc-dev``,
``stsb-dev``, ``sick-trial``, or ``dev`` for the three; see :mod:`claimledger.match.corpora`). Both contents go
through the same path as attributions in the ledger (places, quantities, polarity, embedding), then
:func:`claimledger.ledger.claims.judge` decides, the function the ledger links with. Precision, recall and F1
of "same", accuracy, and accuracy per kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.evaluation.scores import PrecisionRecall
from claimledger.match.corpora import Pair
from claimledger.records import Attribution, Span
from claimledger.settings import Settings


@dataclass(slots=True)
class PairReport(PrecisionRecall):
    pairs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_kind: dict[str, list[int]] = field(default_factory=dict)  # kind → [pairs, right]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(right for _, right in self.per_kind.values()) / self.pairs if self.pairs else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "accuracy": self.accuracy,
            "per_kind": {k: {"pairs": n, "right": right} for k, (n, right) in self.per_kind.items()},
            "errors": self.errors,
        }


def load_pairs(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ClaimledgerError(f"cannot read {path}: {exc.strerror}") from exc
    pairs = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                pair = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ClaimledgerError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
            if isinstance(pair, dict) and "label" in pair and "same" not in pair:
                pair = _anchored(pair, path, number)
            if not isinstance(pair, dict) or not {"a", "b", "same"} <= set(pair):
                raise ClaimledgerError(f'{path}:{number}: a pair needs "a", "b" and "same" (or "label")')
            pairs.append(pair)
    return pairs


def labelled_pairs(paths: Sequence[Path]) -> list[Pair]:
    """Pairs labelled by hand for training (``tests/data/train_pairs.jsonl``: anchored in PolNeAR train), read as
    :func:`load_pairs` reads them for the evaluation; their kind starts "polnear" (news pairs, taken first when
    the training pairs are capped)."""
    return [
        Pair(str(p["a"]), str(p["b"]), bool(p["same"]), f"polnear-labelled {p.get('kind', '?')}")
        for path in paths
        for p in load_pairs(path)
    ]


def _anchored(pair: dict[str, Any], path: Path, number: int) -> dict[str, Any]:
    """A pair anchored in articles (``tests/data/train_pairs.jsonl``: each side an object with its article,
    offsets and text; ``label`` "same" or "different") as a plain pair of texts."""
    a, b = pair.get("a"), pair.get("b")
    if pair["label"] not in ("same", "different") or not (
        isinstance(a, dict) and isinstance(b, dict) and "text" in a and "text" in b
    ):
        raise ClaimledgerError(f'{path}:{number}: an anchored pair needs "a" and "b" with "text", and a label')
    return {"a": a["text"], "b": b["text"], "same": pair["label"] == "same", "kind": pair.get("kind", "?")}


def load_named(name: str, root: Path) -> list[dict[str, Any]]:
    """A dev split of the shared corpora by name (``dev``: all three) as pairs like :func:`load_pairs` gives."""
    from claimledger.match.corpora import DEV_SPLITS, load_splits

    if name not in (*DEV_SPLITS, "dev"):
        raise ClaimledgerError(
            f"{name!r} is neither a file nor a dev split ({', '.join(DEV_SPLITS)} or dev); train splits are not scored"
        )
    return [
        {"a": p.a, "b": p.b, "same": p.same, "kind": p.kind}
        for p in load_splits(DEV_SPLITS if name == "dev" else (name,), root)
    ]


def as_attributions(texts: list[str], settings: Settings) -> list[Attribution]:
    """Each text as the content of an attribution, with its places, quantities and hedges found."""
    from claimledger.enrich import find_hedges, find_places, find_quantities
    from claimledger.enrich.assertion import read_assertion
    from claimledger.nlp import load_nlp
    from claimledger.parse import parse_articles
    from claimledger.pipeline import Source, prepare

    articles = [prepare(Source(t)) for t in texts]
    nlp = load_nlp(settings)
    out = []
    for article, paragraphs in zip(articles, parse_articles(nlp, articles, settings.batch_size), strict=True):
        a = Attribution(kind="indirect", content=[Span.of(article.text, 0, len(article.text))])
        a.places = find_places(paragraphs, settings.gazetteer)
        a.quantities = find_quantities(paragraphs)
        a.hedges = find_hedges(a, paragraphs)
        read_assertion(a, paragraphs)
        out.append(a)
    return out


def evaluate_pairs(
    pairs: list[dict[str, Any]],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    rules: frozenset[str] | None = None,
) -> PairReport:
    """Score :func:`~claimledger.ledger.claims.judge` on labelled pairs (``rules``: override the kept rule checks)."""
    from claimledger.embed import default_encoder
    from claimledger.ledger.claims import features, judge, matcher

    matcher()  # a bad CLAIMLEDGER_MATCHER fails before the parsing
    texts = [str(p["a"]) for p in pairs] + [str(p["b"]) for p in pairs]
    feats = features(as_attributions(texts, settings), default_encoder())
    n = len(pairs)
    verdicts = judge([(feats[i], feats[n + i]) for i in range(n)], rules=rules)
    report = PairReport(pairs=n)
    for i, (pair, verdict) in enumerate(zip(pairs, verdicts, strict=True)):
        predicted, gold = verdict.same, bool(pair["same"])
        report.tp += predicted and gold
        report.fp += predicted and not gold
        report.fn += gold and not predicted
        counts = report.per_kind.setdefault(str(pair.get("kind", "?")), [0, 0])
        counts[0] += 1
        counts[1] += predicted == gold
        if predicted != gold:
            report.errors.append(
                {
                    **pair,
                    "cosine": round(verdict.cosine, 3),
                    "probability": round(verdict.probability, 3),
                    "reason": verdict.reason,
                    "predicted": predicted,
                }
            )
        if progress:
            progress(i + 1, n)
    return report
