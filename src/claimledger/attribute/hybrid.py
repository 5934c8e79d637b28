"""The hybrid extractor: the rules' attributions with the learned extractor's boundaries where it is stronger.

The rules keep what they do precisely — quotations (their marks are exact boundaries), "according to",
chains ("citing …"), headlines, quote continuation and nesting; for plain reported speech, and for cues, the
model's boundaries replace the rules'; what only the model found is added.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimledger.records import Attribution, Span

# Kinds whose spans the hybrid takes from the rules: quotation marks, "according to" and the title bound them.
PRECISE_KINDS = frozenset({"direct", "according_to", "headline", "continuation"})


def _overlap(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def _nested(a: Attribution, others: Sequence[Attribution]) -> bool:
    anchor = a.cue or a.source
    return anchor is not None and any(b is not a and any(c.contains(anchor) for c in b.content) for b in others)


def _matches(rule: Attribution, model: Attribution) -> bool:
    if rule.cue is not None and model.cue is not None:
        return _overlap(rule.cue, model.cue)
    return any(_overlap(c, d) for c in rule.content for d in model.content) and _overlap(rule.source, model.source)


def _lend_speaker(m: Attribution, kept: Sequence[Attribution]) -> bool:
    """A quotation the rules found without a speaker ("“…,” the article read." with the cue parsed apart) takes
    the speaker and cue of the model attribution that reports the same words, when nothing else matched that
    one: the marks bound the words, the model names who says them. Whether it lent them."""
    if m.source is None:
        return False
    for r in kept:
        if r.source is not None or not any(_overlap(c, d) for c in r.content for d in m.content):
            continue
        if any(_overlap(m.source, s) for s in r.spans()) or (r.cue is not None and m.cue is None):
            continue
        r.source = m.source
        r.cue = r.cue or m.cue
        return True
    return False


def merge(rules: Sequence[Attribution], model: Sequence[Attribution]) -> list[Attribution]:
    """The hybrid: rule attributions with the model's boundaries where it is stronger, plus the model's finds.

    A rule attribution of a precise kind (a quotation, "according to", a headline, a quote continuation, one
    with a chain) keeps its spans; for plain reported speech the matching model attribution's boundaries
    replace the rules'. Rule attributions nothing matches are kept when precise or nested in another's
    content (the model tags one flat layer); a model attribution nothing matches lends its speaker to a kept one
    of the same words that has none (:func:`_lend_speaker`), else is added where it overlaps nothing kept.
    """
    used: set[int] = set()
    out: list[Attribution] = []
    for r in rules:
        match = next((i for i, m in enumerate(model) if i not in used and _matches(r, m)), None)
        precise = r.kind in PRECISE_KINDS or bool(r.chain)
        if match is not None:
            used.add(match)
            m = model[match]
            if not precise:
                r.content = m.content or r.content
                r.source = m.source or r.source
                r.kind = m.kind
            r.cue = m.cue or r.cue  # the model's cues are as good or better for every kind
            out.append(r)
        elif precise or _nested(r, rules):
            out.append(r)
    for i, m in enumerate(model):
        if i not in used and _lend_speaker(m, out):
            used.add(i)
    kept = [s for a in out for s in a.spans()]
    out.extend(
        m for i, m in enumerate(model) if i not in used and not any(_overlap(s, k) for s in m.spans() for k in kept)
    )
    out.sort(key=lambda a: (a.cue or a.source or a.content[0]).start)
    return out
