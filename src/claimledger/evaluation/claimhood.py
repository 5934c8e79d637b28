"""``claimledger eval claimhood``: what counts as a claim, against contents labelled by hand.

The ledger clusters and counts only contents that assert something a person could check
(:func:`claimledger.ledger.claims.is_claim`); fragments with no verb, headings, questions, intentions ("to
comment"), bylines and site furniture are never claims. The gold (``tests/data/claimhood_gold.jsonl``) labels
contents the ledger stored from PolNeAR dev articles and pages of the extraction benchmark, each with its
document (a path under ``../shared/data/``), its offsets in the text the ledger stores for it, the text at those
offsets, ``claim`` true or false and ``why`` (``claim``, ``fragment``, ``heading``, ``question``, ``intention``,
``furniture``, ``other``).

:func:`evaluate_claimhood` ingests the gold's documents into a new ledger through the real ingest path
(:func:`claimledger.evaluation.corpus.ingested_files`), finds the stored attribution whose content overlaps each
labelled span most, and reads whether the ledger made it a claim (a member of a claim). The positive class is
"not a claim": precision is the share of the contents the ledger keeps out that are no claims, recall the share of
the non-claims it keeps out; claims kept is the share of real claims that stay claims. A labelled span no stored
content overlaps counts as kept out (the ledger never clusters it) and is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.evaluation.corpus import GoldError, corpus_metadata, file_stem, ingested_files
from claimledger.evaluation.scores import PrecisionRecall
from claimledger.settings import Settings

if TYPE_CHECKING:
    from claimledger.read.metadata import ArticleMetadata

WHYS = ("claim", "fragment", "heading", "question", "intention", "furniture", "other")


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    doc: str  # a path under the shared data folder
    start: int
    end: int
    text: str
    claim: bool
    why: str

    @property
    def stem(self) -> str:
        """The key the ledger's evaluation frame knows the document by: its file's stem (of a gzipped page, the
        stem of the page it holds: ``<id>.html.gz`` → ``<id>``)."""
        return file_stem(self.doc)


def load_gold(path: Path) -> list[Labelled]:
    """The labelled contents; a malformed line is a :class:`GoldError` naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read {path}: {exc.strerror}") from exc
    out: list[Labelled] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            item = Labelled(
                str(row["id"]),
                str(row["doc"]),
                int(row["start"]),
                int(row["end"]),
                str(row["text"]),
                bool(row["claim"]),
                str(row["why"]),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{path}:{number}: not a labelled content ({exc})") from exc
        if item.why not in WHYS or item.claim != (item.why == "claim") or not 0 <= item.start < item.end:
            raise GoldError(f"{path}:{number}: 'why' must be one of {', '.join(WHYS)}, 'claim' only for claims")
        out.append(item)
    if not out:
        raise GoldError(f"{path}: no labelled contents")
    return out


@dataclass(slots=True)
class ClaimhoodReport(PrecisionRecall):
    contents: int = 0
    documents: int = 0
    tp: int = 0  # not a claim, kept out
    fp: int = 0  # a claim, kept out
    fn: int = 0  # not a claim, made a claim
    unmatched: int = 0  # no stored content overlaps the span
    per_why: dict[str, dict[str, int]] = field(default_factory=dict)  # why -> {"labelled", "right"}
    misjudged: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return self.per_why.get("claim", {}).get("labelled", 0)

    @property
    def claims_kept(self) -> float:
        return 1 - self.fp / self.claims if self.claims else 0.0

    def gates(self) -> dict[str, float]:
        return {"claimhood.not_claim_f1": self.f1, "claimhood.claims_kept": self.claims_kept}

    def to_dict(self) -> dict[str, Any]:
        return {
            "contents": self.contents,
            "documents": self.documents,
            "not_claim": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "claims_kept": self.claims_kept,
            "unmatched": self.unmatched,
            "per_why": self.per_why,
            "gates": self.gates(),
            "misjudged": self.misjudged,
        }


def check_texts(gold: Sequence[Labelled], texts: Mapping[str, str]) -> None:
    """Every labelled span must read its ``text`` in the text the ledger stored: else the document or the reader
    changed, and the offsets index something else (a :class:`GoldError`, never a silent score)."""
    for item in gold:
        stored = texts.get(item.stem)
        if stored is None or stored[item.start : item.end] != item.text:
            raise GoldError(
                f"{item.id}: {item.doc}[{item.start}:{item.end}] is not {item.text[:40]!r} in the text the ledger "
                "stored (the document or the reader changed: relabel the span)"
            )


def score(gold: Sequence[Labelled], made_claim: Callable[[Labelled], bool | None]) -> ClaimhoodReport:
    """Score the ledger's decisions: ``made_claim(item)`` is whether the stored content over the span is a claim
    (``None``: no stored content overlaps it; the ledger never clusters it)."""
    report = ClaimhoodReport(contents=len(gold), documents=len({g.doc for g in gold}))
    for item in gold:
        decided = made_claim(item)
        report.unmatched += decided is None
        claim = bool(decided)
        row = report.per_why.setdefault(item.why, {"labelled": 0, "right": 0})
        row["labelled"] += 1
        row["right"] += claim == item.claim
        if not item.claim and not claim:
            report.tp += 1
        elif item.claim and not claim:
            report.fp += 1
        elif not item.claim and claim:
            report.fn += 1
        if claim != item.claim:
            report.misjudged.append(
                {"id": item.id, "doc": item.doc, "text": item.text, "why": item.why, "ledger": decided}
            )
    return report


def evaluate_claimhood(
    gold: Sequence[Labelled], shared: Path, settings: Settings | None = None, *, ledger_path: Path | None = None
) -> ClaimhoodReport:
    """Ingest the gold's documents (paths under ``shared``, the shared data folder) into a new ledger and score
    what it made claims of."""
    docs = list(dict.fromkeys(g.doc for g in gold))
    found = [shared / d for d in docs]
    missing = [str(p) for p in found if not p.is_file()]
    if missing:
        raise GoldError(f"{len(missing)} gold documents not found, e.g. {missing[0]} (see shared/data/README.md)")
    polnear = [p.stem for p in found if p.parent.parent.parent.name == "polnear"]
    metadata = corpus_metadata(shared / "polnear", polnear) if polnear else None
    return _score_ledger(gold, found, settings, metadata, ledger_path)  # ingest reads the gzipped pages as they are


def _score_ledger(
    gold: Sequence[Labelled],
    paths: Sequence[Path],
    settings: Settings | None,
    metadata: ArticleMetadata | None,
    ledger_path: Path | None,
) -> ClaimhoodReport:
    import sqlalchemy as sa

    from claimledger.ledger.schema import attributions, claim_members

    with ingested_files(paths, settings, metadata=metadata, what="claimhood gold", ledger_path=ledger_path) as held:
        check_texts(gold, held.texts)
        query = sa.select(attributions.c.article_id, attributions.c.content, claim_members.c.claim_id).outerjoin(
            claim_members, claim_members.c.attribution_id == attributions.c.id
        )
        stored: dict[int, list[tuple[list[tuple[int, int]], bool]]] = {}
        with held.ledger.connect() as conn:
            for r in conn.execute(query):
                spans = [(int(s["start"]), int(s["end"])) for s in json.loads(r.content)]
                stored.setdefault(r.article_id, []).append((spans, r.claim_id is not None))

        def made_claim(item: Labelled) -> bool | None:
            """Whether the stored content that fits the span best (most overlap, then the least beyond it: an
            inner attribution's own content, not the outer one's that holds it) is a claim member."""
            best: bool | None = None
            fit = (0, 0)
            for spans, member in stored.get(held.by_stem[item.stem], []):
                overlap = sum(max(0, min(e, item.end) - max(s, item.start)) for s, e in spans)
                beyond = sum(e - s for s, e in spans) - overlap
                if overlap and (overlap, -beyond) > fit:
                    best, fit = member, (overlap, -beyond)
            return best

        return score(gold, made_claim)
