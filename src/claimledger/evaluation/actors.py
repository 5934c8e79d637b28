"""Who said it: the ledger's actors measured against source mentions whose actor was read by hand.

The gold (``tests/data/actors_gold.jsonl``, described in ``tests/data/actors_gold.README.md``) holds source
mentions of PolNeAR dev articles — PolNeAR's own gold Source spans, offsets into the article text as read —
each with the real-world actor it refers to: ``entity`` (canonical name), ``type``, ``aliases``, and the flags
``generic`` (an unnamed actor such as "experts", known within its article only), ``ambiguous`` (a reader cannot
tell, or the mention is two actors) and ``not_actor`` (PolNeAR annotated something that speaks for nobody).

:func:`evaluate_actors` ingests the gold's articles into a temporary ledger through the real ingest path, matches
each mention to the stored attribution of its article whose source overlaps it most, reads that attribution's
actor and scores the ledger with :func:`score`:

- **mention accuracy**: the mention's actor is the majority actor of its entity across the ledger, and that
  actor's name is the entity's name or an alias (case and a leading "the" ignored); a mention that no stored
  attribution's source overlaps (a miss of extraction: PolNeAR's "WALLACE:" transcript labels, a "who" the
  rules do not take for a source) counts as wrong here;
- **resolution accuracy**: the same over the mentions some stored attribution overlaps — how well the actors
  of what extraction found are resolved, apart from what it missed;
- **type accuracy**: the actor's type, mapped onto the gold vocabulary (:data:`TYPE_MAP`), is the gold type;
- **fragmentation**: distinct actors per named entity; **single-actor share**: the entities met at least twice
  that resolved to exactly one actor;
- **wrong merges**: actors whose mentions belong to two or more entities (one of them named), and how many of
  them are among the 50 actors with the most attributions in the ledger.

Ambiguous and non-actor mentions are left out of every figure but their own counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.evaluation.corpus import GoldError, ingested
from claimledger.settings import Settings

# The gold's vocabulary of actor types, and the system's types mapped onto it (an official is a person).
GOLD_TYPES = ("person", "organization", "government", "outlet", "think_tank", "anonymous", "group", "unspecified")
TYPE_MAP: dict[str, str] = {
    "official": "person",
    "ngo": "organization",
    "intelligence": "government",
    "military_unit": "government",
    "think tank": "think_tank",
}
TOP = 50  # wrong merges are counted among this many most cited actors


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One source mention and the actor a reader says it refers to."""

    article: str
    start: int
    end: int
    text: str
    entity: str | None
    type: str | None
    aliases: tuple[str, ...] = ()
    generic: bool = False
    ambiguous: bool = False
    not_actor: bool = False
    speaks_for: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The entity's identity: a named entity is one across the ledger, a generic one is its article's own."""
        return (self.article if self.generic else "", self.entity or "")

    @property
    def scored(self) -> bool:
        return not (self.ambiguous or self.not_actor) and self.entity is not None

    def accepts(self, name: str) -> bool:
        """Whether an actor named ``name`` is this mention's entity by name."""
        wanted = {normal_name(n) for n in (self.entity or "", *self.aliases) if n}
        return normal_name(name) in wanted


@dataclass(frozen=True, slots=True)
class SystemActor:
    """The stored actor of one attribution: its row's id, canonical name and type (the attribution's own type
    when it has one), and the organisation it speaks for when the ledger says."""

    id: int
    name: str
    type: str
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Judgement:
    """A gold mention with the actor the ledger gave it (``None``: no attribution overlaps it, or no actor);
    ``attributed``: some stored attribution's source overlaps it (a miss of extraction, not of resolution)."""

    mention: GoldMention
    actor: SystemActor | None
    attributed: bool = True


def normal_name(name: str) -> str:
    """ "The New York Times" → "new york times": case, a leading "the", curly quotes, spacing and the ledger's
    disambiguating suffix ignored."""
    name = re.sub(r"\s*\([^()]*\)$", "", name)  # the ledger's "officials (nytimes.com)", "Clinton (ambiguous)"
    name = name.replace("\u2019", "'").replace("\u2018", "'").strip().casefold()
    name = re.sub(r"\s+", " ", name)
    return name[4:] if name.startswith("the ") else name


def gold_type(system_type: str) -> str:
    """A system actor type on the gold's vocabulary."""
    return TYPE_MAP.get(system_type, system_type.strip())


_FIELDS = {"article", "start", "end", "text", "entity", "type", "aliases", "generic", "ambiguous"}
_FIELDS |= {"not_actor", "speaks_for"}


def load_gold(path: Path) -> list[GoldMention]:
    """The mentions of a gold file (JSON Lines); a bad line is a :class:`GoldError` naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read the actor gold {path}: {exc.strerror}") from exc
    mentions: list[GoldMention] = []
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
        unknown = set(row) - _FIELDS
        if unknown:
            raise GoldError(f"{where}: unknown fields {sorted(unknown)}")
        try:
            mention = GoldMention(
                article=str(row["article"]),
                start=int(row["start"]),
                end=int(row["end"]),
                text=str(row["text"]),
                entity=None if row.get("entity") is None else str(row["entity"]),
                type=None if row.get("type") is None else str(row["type"]),
                aliases=tuple(str(a) for a in row.get("aliases", [])),
                generic=bool(row.get("generic", False)),
                ambiguous=bool(row.get("ambiguous", False)),
                not_actor=bool(row.get("not_actor", False)),
                speaks_for=row.get("speaks_for"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{where}: {type(exc).__name__} {exc}") from exc
        if not 0 <= mention.start < mention.end:
            raise GoldError(f"{where}: bad offsets {mention.start}..{mention.end}")
        if not mention.not_actor and (mention.entity is None or mention.type not in GOLD_TYPES):
            raise GoldError(f"{where}: an actor mention needs an entity and a type among {', '.join(GOLD_TYPES)}")
        mentions.append(mention)
    if not mentions:
        raise GoldError(f"{path}: no mentions")
    return mentions


def check_offsets(mentions: Iterable[GoldMention], texts: Mapping[str, str]) -> None:
    """Every mention's offsets slice its text out of its article's text, or :class:`GoldError`."""
    for m in mentions:
        if m.article not in texts:
            raise GoldError(f"{m.article}: no such article")
        got = texts[m.article][m.start : m.end]
        if got != m.text:
            raise GoldError(
                f"{m.article} {m.start}..{m.end}: the text there is {got[:40]!r}, the gold says {m.text[:40]!r}"
            )


# --- scoring -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class EntityFigures:
    """One gold entity: its mentions and the actors they were given."""

    name: str
    article: str  # the article of a generic entity; "" for a named one
    mentions: int = 0
    actors: Counter[int] = field(default_factory=Counter)
    names: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class ActorReport:
    mentions: int = 0  # all gold mentions
    scored: int = 0  # less ambiguous and non-actor mentions
    covered: int = 0  # scored mentions given an actor
    unattributed: int = 0  # scored mentions no stored attribution's source overlaps (missed by extraction)
    correct: int = 0
    type_correct: int = 0
    ambiguous: int = 0
    not_actor: int = 0
    not_actor_rejected: int = 0  # non-actor mentions the ledger gave no actor
    speaks_for: int = 0
    speaks_for_right: int = 0
    entities: int = 0  # named entities met by a covered mention
    actors_per_entity: float = 0.0
    multi_entities: int = 0  # named entities met by two or more covered mentions
    single_actor: int = 0  # … that resolved to exactly one actor
    split: list[dict[str, Any]] = field(default_factory=list)  # entities with more than one actor, worst first
    wrong_merges: list[dict[str, Any]] = field(default_factory=list)
    wrong_merges_top: int = 0
    top: int = TOP
    per_article: dict[str, dict[str, Any]] = field(default_factory=dict)
    metadata: str | None = None  # the metadata file the articles were ingested with (publisher, date …)

    @property
    def coverage(self) -> float:
        return self.covered / self.scored if self.scored else 0.0

    @property
    def mention_accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 0.0

    @property
    def resolution_accuracy(self) -> float:
        """Right actors among the scored mentions that a stored attribution overlaps (extraction's misses aside)."""
        found = self.scored - self.unattributed
        return self.correct / found if found else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.scored if self.scored else 0.0

    @property
    def single_actor_share(self) -> float:
        return self.single_actor / self.multi_entities if self.multi_entities else 0.0

    @property
    def top_clean(self) -> float:
        """1 − wrong merges among the most cited actors / their number (the gate ``actors.top50_clean``)."""
        return 1 - self.wrong_merges_top / self.top

    def gates(self) -> dict[str, float]:
        return {
            "actors.mention_accuracy": self.mention_accuracy,
            "actors.resolution_accuracy": self.resolution_accuracy,
            "actors.type_accuracy": self.type_accuracy,
            "actors.single_actor_share": self.single_actor_share,
            "actors.top50_clean": self.top_clean,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentions": self.mentions,
            "scored": self.scored,
            "ambiguous": self.ambiguous,
            "not_actor": self.not_actor,
            "not_actor_rejected": self.not_actor_rejected,
            "coverage": self.coverage,
            "unattributed": self.unattributed,
            "mention_accuracy": self.mention_accuracy,
            "resolution_accuracy": self.resolution_accuracy,
            "type_accuracy": self.type_accuracy,
            "speaks_for": {"mentions": self.speaks_for, "right": self.speaks_for_right},
            "entities": self.entities,
            "actors_per_entity": self.actors_per_entity,
            "single_actor_share": self.single_actor_share,
            "entities_met_twice": self.multi_entities,
            "split_entities": self.split,
            "wrong_merges": self.wrong_merges,
            f"wrong_merges_top{self.top}": self.wrong_merges_top,
            f"top{self.top}_clean": self.top_clean,
            "gates": self.gates(),
            "per_article": self.per_article,
            "metadata": self.metadata,
        }


def majority_actor(entity: EntityFigures, accepts: Callable[[str], bool]) -> int | None:
    """The actor most of an entity's mentions were given; a tie goes to one bearing the entity's name, then to
    the lowest id (so the choice is deterministic)."""
    if not entity.actors:
        return None
    return min(entity.actors, key=lambda a: (-entity.actors[a], not accepts(entity.names[a]), a))


def score(judged: Sequence[Judgement], attributions_per_actor: Mapping[int, int], top: int = TOP) -> ActorReport:
    """The figures of a ledger's actors against the gold; ``attributions_per_actor`` counts every attribution of
    the ledger per actor id (it ranks the most cited actors).

    A split entity and a wrong merge, written by hand:

    >>> def m(entity, at):
    ...     return GoldMention("a", at, at + 5, "Trump", entity, "person")
    >>> trump, short = SystemActor(1, "Donald Trump", "person"), SystemActor(2, "Trump", "person")
    >>> clinton = SystemActor(3, "Clinton", "person")
    >>> judged = [Judgement(m("Donald Trump", 0), trump), Judgement(m("Donald Trump", 9), trump),
    ...           Judgement(m("Donald Trump", 19), short),
    ...           Judgement(m("Hillary Clinton", 29), clinton), Judgement(m("Bill Clinton", 39), clinton)]
    >>> r = score(judged, {1: 2, 2: 1, 3: 2})
    >>> r.correct, r.actors_per_entity, [w["actor"] for w in r.wrong_merges], r.wrong_merges_top
    (2, 1.3333333333333333, ['Clinton'], 1)
    """
    report = ActorReport(top=top)
    entities: dict[tuple[str, str], EntityFigures] = {}
    accepts: dict[tuple[str, str], GoldMention] = {}
    for j in judged:
        m = j.mention
        report.mentions += 1
        report.ambiguous += m.ambiguous
        report.not_actor += m.not_actor
        if m.not_actor:
            report.not_actor_rejected += j.actor is None
        if not m.scored:
            continue
        report.scored += 1
        report.unattributed += not j.attributed
        entity = entities.setdefault(m.key, EntityFigures(m.entity or "", m.key[0]))
        accepts.setdefault(m.key, m)
        entity.mentions += 1
        if j.actor is not None:
            report.covered += 1
            entity.actors[j.actor.id] += 1
            entity.names[j.actor.id] = j.actor.name
    majority = {key: majority_actor(e, accepts[key].accepts) for key, e in entities.items()}
    # whom a spokesperson speaks for is right by the entity's name or any alias the gold gives it elsewhere
    names_of: dict[str, set[str]] = defaultdict(set)
    for j in judged:
        if j.mention.entity is not None:
            forms = {normal_name(n) for n in (j.mention.entity, *j.mention.aliases)}
            names_of[normal_name(j.mention.entity)] |= forms

    # actors → the entities of their mentions (wrong merges)
    actor_entities: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    actor_names: dict[int, str] = {}
    for j in judged:
        if j.mention.scored and j.actor is not None:
            actor_entities[j.actor.id][j.mention.key] += 1
            actor_names[j.actor.id] = j.actor.name

    for j in judged:
        m = j.mention
        page = report.per_article.setdefault(
            m.article, {"mentions": 0, "scored": 0, "covered": 0, "correct": 0, "type_correct": 0, "misjudged": []}
        )
        page["mentions"] += 1
        if not m.scored:
            continue
        page["scored"] += 1
        problems: list[str] = []
        if j.actor is None:
            problems.append("no actor" if j.attributed else "no attribution overlaps it")
        else:
            page["covered"] += 1
            if j.actor.id != majority[m.key]:
                problems.append("not the entity's majority actor")
            if not m.accepts(j.actor.name):
                problems.append("name is not the entity's")
            if gold_type(j.actor.type) == m.type:
                report.type_correct += 1
                page["type_correct"] += 1
            else:
                problems.append(f"type {j.actor.type}, gold {m.type}")
            if m.speaks_for is not None:
                report.speaks_for += 1
                report.speaks_for_right += j.actor.affiliation is not None and normal_name(
                    j.actor.affiliation
                ) in names_of.get(normal_name(m.speaks_for), {normal_name(m.speaks_for)})
        right = j.actor is not None and j.actor.id == majority[m.key] and m.accepts(j.actor.name)
        report.correct += right
        page["correct"] += right
        if problems:
            page["misjudged"].append(
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "entity": m.entity,
                    "type": m.type,
                    "generic": m.generic,
                    "actor": None
                    if j.actor is None
                    else {"id": j.actor.id, "name": j.actor.name, "type": j.actor.type},
                    "problems": problems,
                }
            )

    named = {k: e for k, e in entities.items() if not k[0] and e.actors}
    report.entities = len(named)
    report.actors_per_entity = sum(len(e.actors) for e in named.values()) / len(named) if named else 0.0
    twice = [e for e in named.values() if sum(e.actors.values()) >= 2]
    report.multi_entities = len(twice)
    report.single_actor = sum(len(e.actors) == 1 for e in twice)
    report.split = [
        {"entity": e.name, "actors": [{"id": a, "name": e.names[a], "mentions": n} for a, n in e.actors.most_common()]}
        for e in sorted(named.values(), key=lambda e: (-len(e.actors), -e.mentions, e.name))
        if len(e.actors) > 1
    ]

    ranked = sorted(attributions_per_actor, key=lambda a: (-attributions_per_actor[a], a))[:top]
    top_ids = set(ranked)
    for actor, keys in sorted(actor_entities.items(), key=lambda kv: (-attributions_per_actor.get(kv[0], 0), kv[0])):
        if len(keys) < 2 or all(k[0] for k in keys):  # one entity, or only generic ones (unnamed, per article)
            continue
        report.wrong_merges.append(
            {
                "actor": actor_names[actor],
                "id": actor,
                "attributions": attributions_per_actor.get(actor, 0),
                f"top{top}": actor in top_ids,
                "entities": [
                    {"entity": k[1], **({"article": k[0]} if k[0] else {}), "mentions": n}
                    for k, n in keys.most_common()
                ],
            }
        )
    report.wrong_merges_top = sum(w[f"top{top}"] for w in report.wrong_merges)
    return report


# --- the ledger ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A stored attribution's source span and its actor."""

    start: int
    end: int
    actor: SystemActor | None


def best_match(mention: GoldMention, sources: Sequence[StoredSource]) -> StoredSource | None:
    """The stored source overlapping the mention most (the first, in offset order, of equal overlaps)."""
    best, most = None, 0
    for s in sources:
        overlap = min(s.end, mention.end) - max(s.start, mention.start)
        if overlap > most:
            best, most = s, overlap
    return best


def read_sources(ledger: Any) -> tuple[dict[int, list[StoredSource]], dict[int, int]]:
    """From a ledger: the stored sources of each article (in offset order) and the attributions of each actor."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import actors, attributions

    affiliation = actors.c.affiliation if "affiliation" in actors.c else sa.null()
    query = (
        sa.select(
            attributions.c.article_id,
            attributions.c.source_start,
            attributions.c.source_end,
            attributions.c.actor_id,
            attributions.c.actor_type,
            actors.c.name,
            actors.c.type,
            affiliation.label("affiliation"),
        )
        .outerjoin(actors, actors.c.id == attributions.c.actor_id)
        .order_by(attributions.c.article_id, attributions.c.source_start, attributions.c.position)
    )
    sources: dict[int, list[StoredSource]] = defaultdict(list)
    cited: Counter[int] = Counter()
    with ledger.connect() as conn:
        for r in conn.execute(query):
            actor = None
            if r.actor_id is not None:
                cited[r.actor_id] += 1
                actor = SystemActor(r.actor_id, r.name, r.actor_type or r.type, r.affiliation)
            if r.source_start is not None and r.source_end is not None:
                sources[r.article_id].append(StoredSource(r.source_start, r.source_end, actor))
    return dict(sources), dict(cited)


def judge(
    mentions: Sequence[GoldMention], by_stem: Mapping[str, int], sources: Mapping[int, Sequence[StoredSource]]
) -> list[Judgement]:
    """Each mention with the actor of the stored source overlapping it most."""
    out = []
    for m in mentions:
        match = best_match(m, sources.get(by_stem[m.article], ()))
        out.append(Judgement(m, None if match is None else match.actor, match is not None))
    return out


def evaluate_actors(
    mentions: Sequence[GoldMention],
    polnear: Path,
    settings: Settings | None = None,
    *,
    ledger_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> ActorReport:
    """Ingest the gold's articles into a new ledger (a temporary one unless ``ledger_path`` names a new file)
    through the real ingest path (:func:`claimledger.evaluation.corpus.ingested`), and score its actors;
    ``progress(documents done)`` as they are stored."""
    names = [m.article for m in mentions]
    with ingested(names, polnear, settings, what="actor gold", ledger_path=ledger_path, progress=progress) as held:
        check_offsets(mentions, held.texts)
        sources, cited = read_sources(held.ledger)
    report = score(judge(mentions, held.by_stem, sources), cited)
    report.metadata = held.metadata
    return report
