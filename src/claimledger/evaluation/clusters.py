"""Claims across articles: the ledger's claims measured against statements that several PolNeAR dev articles assert.

The gold (``tests/data/clusters_gold.jsonl``, described in ``tests/data/clusters_gold.README.md``) holds
*statements*, each asserted in at least two articles: its mentions (article, offsets of the asserted content in
the text as read, speaker) and its number of independent origins, with the reason; and *hard negatives*: mentions
on the same topic that assert something else and must not join the statement's claim.

:func:`evaluate_clusters` ingests exactly the gold's articles (found in whichever PolNeAR split holds them: dev,
test, train) into a temporary ledger through the real ingest path — with the corpus' ``metadata.tsv``, when it is
there, so that each article has its publisher, date and author, as ``ingest --metadata`` gives them — maps each
gold mention to the stored attribution of its article whose content overlaps it most, reads that attribution's
claim and scores the ledger with :func:`score`:

- **coverage**: the share of gold mentions the ledger holds as attributions (some content overlaps them), and
  the share it put into a claim (an attribution that is no claim, "to comment", is never clustered);
- **pairwise** precision, recall and F1 over pairs of gold mentions: a pair is "same" in the gold when both
  mentions assert one statement, and in the ledger when both sit in one claim (a mention in no claim is alone);
- **B-cubed** precision, recall and F1 over gold mentions (each mention's share of its claim that is its
  statement, and of its statement that is in its claim; averaged over mentions);
- **negatives clean**: the share of hard-negative mentions that are not in the claim holding most of their
  statement's mentions (the statement's *main claim*);
- **origins exact**: the share of statements whose main claim has exactly the gold's independent origins
  (a statement the ledger holds in no claim is not exact).

Per statement the report lists the claims its mentions fell into (split statements), the gold statements met
in each claim (mixed claims), and the origins the ledger named against the gold count (over- and under-counts).

Written by hand, two statements of two mentions each, the ledger keeping the first whole and splitting the second:

>>> gold = ClusterGold([GoldStatement("a", "…", 1, "…", (mention("x", 0), mention("y", 0))),
...                     GoldStatement("b", "…", 1, "…", (mention("x", 50), mention("y", 50)))], [])
>>> placed = {("x", 0): Placement(1, 10), ("y", 0): Placement(2, 10), ("x", 50): Placement(3, 11),
...           ("y", 50): Placement(4, 12)}
>>> r = score(gold, lambda m: placed[(m.article, m.start)], {10: ["Trump"], 11: ["Clinton"], 12: ["Clinton"]})
>>> r.pairwise_precision, r.pairwise_recall, round(r.bcubed_f1, 3), r.origins_exact
(1.0, 0.5, 0.857, 1.0)
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from claimledger.evaluation.corpus import GoldError, ingested
from claimledger.evaluation.scores import PrecisionRecall
from claimledger.settings import Settings


@dataclass(frozen=True, slots=True)
class GoldMention:
    """The asserted content of one mention: its article (file stem), offsets into the text as read, and speaker."""

    article: str
    start: int
    end: int
    text: str
    speaker: str = ""


def mention(article: str, start: int, length: int = 10, speaker: str = "") -> GoldMention:
    """A mention written by hand (for examples and tests): ``length`` characters of filler text."""
    return GoldMention(article, start, start + length, "x" * length, speaker)


@dataclass(frozen=True, slots=True)
class GoldStatement:
    id: str
    statement: str
    origins: int
    origins_reason: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True, slots=True)
class GoldNegative:
    """Mentions on the topic of statement ``negative_of`` that assert something else."""

    id: str
    negative_of: str
    reason: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True, slots=True)
class ClusterGold:
    statements: Sequence[GoldStatement]
    negatives: Sequence[GoldNegative]

    def mentions(self) -> list[GoldMention]:
        """Every mention, statements' first, in the gold's order."""
        return [m for s in self.statements for m in s.mentions] + [m for n in self.negatives for m in n.mentions]

    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions()))


_STATEMENT = {"id", "statement", "origins", "origins_reason", "mentions"}
_NEGATIVE = {"id", "negative_of", "reason", "mentions"}
_MENTION = {"article", "start", "end", "text", "speaker"}


def _mentions(rows: Any, where: str) -> tuple[GoldMention, ...]:
    if not isinstance(rows, list) or not rows:
        raise GoldError(f"{where}: mentions must be a non-empty list")
    out = []
    for k, row in enumerate(rows, 1):
        if not isinstance(row, dict) or set(row) - _MENTION or not {"article", "start", "end", "text"} <= set(row):
            raise GoldError(f"{where}: mention {k} needs article, start, end, text (and may have speaker) only")
        try:
            m = GoldMention(
                str(row["article"]), int(row["start"]), int(row["end"]), str(row["text"]), str(row.get("speaker", ""))
            )
        except (TypeError, ValueError) as exc:
            raise GoldError(f"{where}: mention {k}: {type(exc).__name__} {exc}") from exc
        if not 0 <= m.start < m.end:
            raise GoldError(f"{where}: mention {k}: bad offsets {m.start}..{m.end}")
        out.append(m)
    return tuple(out)


def load_gold(path: Path) -> ClusterGold:
    """The statements and hard negatives of a gold file (JSON Lines); a bad line is a :class:`GoldError` naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read the cluster gold {path}: {exc.strerror}") from exc
    statements: list[GoldStatement] = []
    negatives: list[GoldNegative] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: invalid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise GoldError(f"{where}: expected an object")
        if "negative_of" in row:
            if set(row) != _NEGATIVE:
                raise GoldError(f"{where}: a hard negative has exactly the fields {sorted(_NEGATIVE)}")
            mentions = _mentions(row["mentions"], where)
            negatives.append(GoldNegative(str(row["id"]), str(row["negative_of"]), str(row["reason"]), mentions))
            continue
        if set(row) != _STATEMENT:
            raise GoldError(f"{where}: a statement has exactly the fields {sorted(_STATEMENT)}")
        mentions = _mentions(row["mentions"], where)
        if not isinstance(row["origins"], int) or row["origins"] < 1:
            raise GoldError(f"{where}: origins must be a positive whole number")
        if len({m.article for m in mentions}) < 2:
            raise GoldError(f"{where}: a statement is asserted in at least two articles")
        statements.append(
            GoldStatement(str(row["id"]), str(row["statement"]), row["origins"], str(row["origins_reason"]), mentions)
        )
    if not statements:
        raise GoldError(f"{path}: no statements")
    ids = Counter(s.id for s in statements) + Counter(n.id for n in negatives)
    if twice := [i for i, n in ids.items() if n > 1]:
        raise GoldError(f"{path}: ids used twice: {twice}")
    known = {s.id for s in statements}
    if unknown := [n.id for n in negatives if n.negative_of not in known]:
        raise GoldError(f"{path}: hard negatives of no statement: {unknown}")
    return ClusterGold(statements, negatives)


def check_offsets(gold: ClusterGold, texts: Mapping[str, str]) -> None:
    """Every mention's offsets slice its text out of its article's text, or :class:`GoldError`."""
    for m in gold.mentions():
        if m.article not in texts:
            raise GoldError(f"{m.article}: no such article")
        got = texts[m.article][m.start : m.end]
        if got != m.text:
            raise GoldError(
                f"{m.article} {m.start}..{m.end}: the text there is {got[:40]!r}, the gold says {m.text[:40]!r}"
            )


# --- scoring -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the ledger holds a gold mention: the attribution whose content overlaps it most, and that
    attribution's claim (``None``: no claim, the attribution is not claim-like)."""

    attribution: int
    claim: int | None


@dataclass(slots=True)
class ClusterReport(PrecisionRecall):
    statements: int = 0
    mentions: int = 0  # statements' mentions
    attributed: int = 0  # … some stored attribution's content overlaps
    clustered: int = 0  # … and that attribution is in a claim
    pairs: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    negatives: int = 0  # hard-negative mentions
    violations: list[dict[str, Any]] = field(default_factory=list)
    exact: int = 0  # statements whose main claim has the gold's independent origins
    per_statement: list[dict[str, Any]] = field(default_factory=list)
    mixed: list[dict[str, Any]] = field(default_factory=list)  # claims holding mentions of two or more statements
    # the gold's disputes (hard negatives that deny their statement) the ledger links to the statement's main claim
    disputes: dict[str, Any] = field(default_factory=dict)
    metadata: str | None = None  # the metadata file the articles were ingested with (publisher, date …)

    @property
    def coverage(self) -> float:
        return self.attributed / self.mentions if self.mentions else 0.0

    @property
    def clustered_share(self) -> float:
        return self.clustered / self.mentions if self.mentions else 0.0

    @property
    def pairwise_precision(self) -> float:
        return self.precision  # of the gold's mention pairs (PrecisionRecall over tp, fp, fn)

    @property
    def pairwise_recall(self) -> float:
        return self.recall

    @property
    def pairwise_f1(self) -> float:
        return self.f1

    @property
    def bcubed_f1(self) -> float:
        return _f1(self.bcubed_precision, self.bcubed_recall)

    @property
    def negatives_clean(self) -> float:
        return 1 - len(self.violations) / self.negatives if self.negatives else 1.0

    @property
    def origins_exact(self) -> float:
        return self.exact / self.statements if self.statements else 0.0

    def gates(self) -> dict[str, float]:
        return {
            "clusters.coverage": self.coverage,
            "clusters.pairwise_f1": self.pairwise_f1,
            "clusters.bcubed_f1": self.bcubed_f1,
            "clusters.negatives_clean": self.negatives_clean,
            "clusters.origins_exact": self.origins_exact,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "mentions": self.mentions,
            "coverage": self.coverage,
            "clustered": self.clustered_share,
            "pairwise": {
                "pairs": self.pairs,
                "precision": self.pairwise_precision,
                "recall": self.pairwise_recall,
                "f1": self.pairwise_f1,
            },
            "bcubed": {"precision": self.bcubed_precision, "recall": self.bcubed_recall, "f1": self.bcubed_f1},
            "negatives": {"mentions": self.negatives, "violations": self.violations, "clean": self.negatives_clean},
            "origins_exact": self.origins_exact,
            "gates": self.gates(),
            "per_statement": self.per_statement,
            "mixed_claims": self.mixed,
            "disputes": self.disputes,
            "metadata": self.metadata,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    gold: ClusterGold, place: Callable[[GoldMention], Placement | None], origins: Mapping[int, Sequence[str]]
) -> ClusterReport:
    """The figures of a ledger's claims against the gold; ``place`` finds where the ledger holds a mention
    (``None``: no attribution overlaps it), ``origins`` names each claim's independent origins."""
    report = ClusterReport(statements=len(gold.statements))
    labels: list[tuple[str, object]] = []  # (statement, claim or a mention's own singleton label)
    placements: dict[GoldMention, Placement | None] = {}
    for s in gold.statements:
        for m in s.mentions:
            p = placements[m] = place(m)
            report.mentions += 1
            report.attributed += p is not None
            clustered = p is not None and p.claim is not None
            report.clustered += clustered
            labels.append((s.id, p.claim if clustered and p is not None else ("alone", m)))

    for (g1, c1), (g2, c2) in combinations(labels, 2):
        report.pairs += 1
        same_gold, same_claim = g1 == g2, c1 == c2
        report.tp += same_gold and same_claim
        report.fp += same_claim and not same_gold
        report.fn += same_gold and not same_claim
    by_statement = Counter(g for g, _ in labels)
    by_claim = Counter(c for _, c in labels)
    both = Counter(labels)
    if labels:
        report.bcubed_precision = sum(both[lab] / by_claim[lab[1]] for lab in labels) / len(labels)
        report.bcubed_recall = sum(both[lab] / by_statement[lab[0]] for lab in labels) / len(labels)

    statements_in: dict[int, Counter[str]] = defaultdict(Counter)
    for g, c in labels:
        if isinstance(c, int):
            statements_in[c][g] += 1
    main: dict[str, int | None] = {}
    for s in gold.statements:
        claims = Counter(p.claim for m in s.mentions if (p := placements[m]) is not None and p.claim is not None)
        # the claim holding most of its mentions; a tie goes to the lowest id (deterministic)
        main[s.id] = min(claims, key=lambda c: (-claims[c], c)) if claims else None
        chosen = main[s.id]
        named = list(origins.get(chosen, ())) if chosen is not None else []
        exact = chosen is not None and len(named) == s.origins
        report.exact += exact
        report.per_statement.append(
            {
                "id": s.id,
                "statement": s.statement,
                "mentions": len(s.mentions),
                "unattributed": sum(placements[m] is None for m in s.mentions),
                "not_clustered": sum(p is not None and p.claim is None for p in (placements[m] for m in s.mentions)),
                "claims": [
                    {"claim": c, "mentions": n} for c, n in sorted(claims.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "main_claim": chosen,
                "other_statements_in_main_claim": {
                    g: n for g, n in sorted(statements_in.get(chosen, Counter()).items()) if g != s.id
                }
                if chosen is not None
                else {},
                "origins": {"gold": s.origins, "ledger": len(named) if chosen is not None else None, "named": named},
                "origins_exact": exact,
                "origins_reason": s.origins_reason,
                "placements": [
                    {
                        "article": m.article,
                        "start": m.start,
                        "end": m.end,
                        "attribution": None if (p := placements[m]) is None else p.attribution,
                        "claim": None if p is None else p.claim,
                    }
                    for m in s.mentions
                ],
            }
        )
    report.mixed = [
        {"claim": c, "statements": dict(sorted(met.items()))}
        for c, met in sorted(statements_in.items())
        if len(met) > 1
    ]
    for n in gold.negatives:
        target = main.get(n.negative_of)
        for m in n.mentions:
            report.negatives += 1
            p = place(m)
            if target is not None and p is not None and p.claim == target:
                report.violations.append(
                    {
                        "negative": n.id,
                        "statement": n.negative_of,
                        "claim": target,
                        "article": m.article,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                    }
                )
    return report


# --- the ledger ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredContent:
    """A stored attribution's content fragments and its claim."""

    attribution: int
    spans: tuple[tuple[int, int], ...]
    claim: int | None


def best_match(m: GoldMention, stored: Sequence[StoredContent]) -> StoredContent | None:
    """The stored attribution whose content overlaps the mention most (the first, in offset order, of equals)."""
    best, most = None, 0
    for s in stored:
        overlap = sum(max(0, min(end, m.end) - max(start, m.start)) for start, end in s.spans)
        if overlap > most:
            best, most = s, overlap
    return best


def read_contents(ledger: Any) -> dict[int, list[StoredContent]]:
    """From a ledger: the stored contents of each article (in order, each with its claim)."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import attributions, claim_members

    query = (
        sa.select(attributions.c.id, attributions.c.article_id, attributions.c.content, claim_members.c.claim_id)
        .outerjoin(claim_members, claim_members.c.attribution_id == attributions.c.id)
        .order_by(attributions.c.article_id, attributions.c.position)
    )
    stored: dict[int, list[StoredContent]] = defaultdict(list)
    with ledger.connect() as conn:
        for r in conn.execute(query):
            spans = tuple((int(s["start"]), int(s["end"])) for s in json.loads(r.content))
            stored[r.article_id].append(StoredContent(r.id, spans, r.claim_id))
    return dict(stored)


def evaluate_clusters(
    gold: ClusterGold,
    polnear: Path,
    settings: Settings | None = None,
    *,
    ledger_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ClusterReport:
    """Ingest the gold's articles into a new ledger (a temporary one unless ``ledger_path`` names a new file)
    through the real ingest path (:func:`claimledger.evaluation.corpus.ingested`), and score its claims;
    ``progress(documents done)`` as they are stored."""
    with ingested(
        gold.articles(), polnear, settings, what="cluster gold", ledger_path=ledger_path, progress=progress
    ) as held:
        check_offsets(gold, held.texts)
        report = score_ledger(gold, held.ledger, held.by_stem)
    report.metadata = held.metadata
    return report


def score_ledger(gold: ClusterGold, ledger: Any, by_stem: Mapping[str, int]) -> ClusterReport:
    """Score the claims of a ledger that holds the gold's articles, ``by_stem`` their ids by file stem."""
    from claimledger.ledger.provenance import claim_report
    from claimledger.records import Article

    stored = read_contents(ledger)

    def place(m: GoldMention) -> Placement | None:
        match = best_match(m, stored.get(by_stem[m.article], ()))
        return None if match is None else Placement(match.attribution, match.claim)

    # the origins of every claim a gold mention sits in
    met = {p.claim for m in gold.mentions() if (p := place(m)) is not None and p.claim is not None}
    cache: dict[int, Article] = {}
    origins: dict[int, list[str]] = {}
    for claim in sorted(met):
        r = claim_report(ledger, claim, cache)
        if r is not None:
            origins[claim] = [o.name for o in r.origins]
    report = score(gold, place, origins)
    report.disputes = disputes_linked(gold, report, place, ledger)
    return report


DISPUTE_WORDS = ("disput", "denial", "denies", "denied")  # a hard negative whose reason says it denies the statement


def disputes_linked(
    gold: ClusterGold, report: ClusterReport, place: Callable[[GoldMention], Placement | None], ledger: Any
) -> dict[str, Any]:
    """How many of the gold's disputes (hard negatives whose reason says they deny their statement) the ledger links
    to the statement's main claim (``claim_disputes``), and how many dispute links it holds in all."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import claim_disputes

    with ledger.connect() as conn:
        pairs = {tuple(sorted((int(r.claim_id), int(r.other_id)))) for r in conn.execute(sa.select(claim_disputes))}
    main = {s["id"]: s["main_claim"] for s in report.per_statement}
    cases = []
    for n in gold.negatives:
        if not any(w in n.reason.lower() for w in DISPUTE_WORDS):
            continue
        target = main.get(n.negative_of)
        claimed = {p.claim for m in n.mentions if (p := place(m)) is not None and p.claim is not None}
        linked = target is not None and any(tuple(sorted((c, target))) in pairs for c in claimed if c != target)
        cases.append({"negative": n.id, "statement": n.negative_of, "linked": linked})
    return {"gold": len(cases), "linked": sum(c["linked"] for c in cases), "links": len(pairs), "cases": cases}
