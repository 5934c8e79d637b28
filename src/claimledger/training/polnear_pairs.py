"""Training pairs built from PolNeAR's annotated contents (train split only): what the ledger calls one claim.

The shared pair corpora label neighbouring relations (paraphrase, similarity, entailment); none says that
another number for the same quantity is still one claim, and few hold news claims that share a topic but assert
other things. These pairs, made from the contents annotated in PolNeAR train (never dev), teach both. Each kind,
from one article's contents:

* ``context`` (same): the sentence that reports the content ("Officials said 1,200 people …") and the content;
* ``numeric`` (same): the content and itself with one number changed within its order (1,200 → 1,600; years
  are left alone: another year is another claim);
* ``negation`` (different): the content and itself with its first auxiliary negated ("will" → "will not");
* ``entity`` (different): the content and itself with a name (two capitalised words, not the first) swapped
  for a name from another article;
* ``topic`` (different): two other contents of the same article (same story, other assertion).

Deterministic: one seed orders everything; each kind at most ``per_kind`` pairs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from claimledger.match.corpora import Pair

KINDS = ("context", "numeric", "negation", "entity", "topic")
MIN_WORDS, MAX_WORDS = 6, 45
# a count or an amount: followed by a lower-case word or "%", or after "$" (not "Rule 40", not "April 26")
NUMBER = re.compile(
    r"(?:(?<=\$)|(?<![\w.,$]))(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,])(?:(?=\s?%)|(?=\s(?:[a-z]|million|billion)))"
    r"|(?<=\$)\d+(?:\.\d+)?(?![\w,])"
)
AUXILIARY = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|must|may|might)\b(?!\s+(?:not|n't|never)\b)"
)
NAME = re.compile(r"(?<=\w\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)+|(?<=\w\s)(?:Mr\.|Ms\.|Mrs\.)\s[A-Z][a-z]+")
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")


def _content(text: str, spans: Sequence[tuple[int, int]]) -> str:
    return " ".join(text[s:e].strip() for s, e in spans).strip(" “”\"'‘’,")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``[start, end)``: from the previous sentence end to the next."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    left = max(left, text.rfind("\n", 0, start) + 1)
    right_match = SENTENCE_END.search(text, end)
    right = right_match.start() + 1 if right_match else len(text)
    newline = text.find("\n", end)
    if newline != -1:
        right = min(right, newline)
    return text[left:right].strip()


def _renumber(text: str, rng: random.Random) -> str:
    matches = [m for m in NUMBER.finditer(text) if not YEAR.match(m.group())]
    m = rng.choice(matches)
    raw = m.group()
    value = float(raw.replace(",", ""))
    factor = rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2.0])
    new = value * factor
    if "." in raw:
        shown = f"{new:.{len(raw.split('.')[1])}f}"
    else:
        rounded = max(1, round(new))
        if rounded == value:
            rounded += 1
        shown = f"{rounded:,}" if "," in raw else str(rounded)
    return text[: m.start()] + shown + text[m.end() :]


def _words(text: str) -> int:
    return len(text.split())


def polnear_pairs(root: Path, per_kind: int = 600, seed: int = 13) -> list[Pair]:
    """Pairs of the five :data:`KINDS` from PolNeAR train under ``root`` (``../shared/data/polnear``)."""
    from claimledger.evaluation.polnear import load_split

    rng = random.Random(seed)
    docs = load_split(root, "train")
    contents: list[tuple[int, str, str]] = []  # article, content, its sentence
    for number, doc in enumerate(docs):
        for gold in doc.attributions:
            spans = sorted((s.start, s.end) for s in gold.content)
            if not spans:
                continue
            content = _content(doc.text, spans)
            if not MIN_WORDS <= _words(content) <= MAX_WORDS:
                continue
            sentence = _sentence(doc.text, spans[0][0], spans[-1][1])
            contents.append((number, content, sentence))
    rng.shuffle(contents)
    names = sorted({(n, m.group()) for n, c, _ in contents for m in NAME.finditer(c)})
    made: dict[str, list[Pair]] = {k: [] for k in KINDS}

    def add(kind: str, a: str, b: str, same: bool) -> None:
        if len(made[kind]) < per_kind and a != b:
            made[kind].append(Pair(a, b, same, f"polnear-train {kind}"))

    by_article: dict[int, list[str]] = {}
    for article, content, sentence in contents:
        by_article.setdefault(article, []).append(content)
        if sentence != content and _words(sentence) <= MAX_WORDS + 20 and content in sentence:
            add("context", sentence, content, True)
        if any(not YEAR.match(m.group()) for m in NUMBER.finditer(content)):
            add("numeric", content, _renumber(content, rng), True)
        if aux := AUXILIARY.search(content):
            add("negation", content, content[: aux.end()] + " not" + content[aux.end() :], False)
        found = list(NAME.finditer(content))
        if found and names:
            m = rng.choice(found)
            other = rng.choice(names)
            if other[0] != article and other[1] not in content:
                add("entity", content, content[: m.start()] + other[1] + content[m.end() :], False)
    for article in sorted(by_article):
        items = by_article[article]
        for a, b in zip(items[::2], items[1::2], strict=False):
            wa, wb = set(a.lower().split()), set(b.lower().split())
            if len(wa & wb) / len(wa | wb) < 0.5:
                add("topic", a, b, False)
    out = [p for k in KINDS for p in made[k]]
    rng.shuffle(out)
    return out
