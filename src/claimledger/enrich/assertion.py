"""Whether an attribution's content is negated, and whether it is a clause: read from the parse, not from words.

- :func:`negated` — the cue denies or refuses ("X denied that …"), or the asserted clause's main verb carries a
  negation (spaCy's ``neg`` dependency on the root of the content's first sentence: "he would not answer", "Trump
  hasn't proposed anything"; a subject or object that is no one: "he has proposed nothing", "there is no dog"), or
  that verb is itself a denial ("denied postponing the repairs") or a refusal ("he
  will refuse to answer": he will not). A dismissive cue is a denial too: "Trump pooh-poohed the consensus that
  Russia hacked …", "the minister dismissed reports that …" tell the reader the source rejects the content, never
  that the source asserts it (only as the cue: a sentence in the article's own voice saying that someone dismissed
  something asserts the dismissal). Negations deeper in the content do not count: "Clinton was the winner, but
  instant polls are not scientific" asserts that she won.
- :func:`is_clause` — the content has a subject and a finite verb ("she has pneumonia"), as opposed to a fragment
  ("Clinton for her ways", "to comment").

Both take the article's parsed paragraphs; a content the parse cannot find (across paragraphs) reads as not negated
and not a clause.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimledger.parse import Paragraph, tokens_between
from claimledger.records import Attribution

# verbs whose subject says the content is false: "X denied that …", "X rejected claims that …"
DENIALS = frozenset({"deny", "reject", "refute", "dispute", "disavow", "rebut"})
# verbs that negate the infinitive they govern: "he will refuse to answer" asserts "he will not answer"
REFUSALS = frozenset({"refuse", "decline", "fail"})
# verbs that wave the content away: "X dismissed reports that …", "X pooh-poohed the consensus that …", "X scoffed
# at claims that …" — the source disputes what follows ("pooh-poohed" parses as "pooh" "-" "poohed")
DISMISSALS = frozenset({"dismiss", "downplay", "pooh", "poohe", "scoff", "deride", "ridicule", "belittle"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _first_span(a: Attribution, paragraphs: list[Paragraph]) -> SpacySpan | None:
    for c in a.content:
        span = tokens_between(paragraphs, c.start, c.end)
        if span is not None and any(not t.is_punct and not t.is_space for t in span):
            return span
    return None


def _root(span: SpacySpan) -> Token | None:
    """The main verb of the content's first sentence: the first token whose head lies outside the content's
    tokens of that sentence (or is itself)."""
    first = next((t for t in span if not t.is_punct and not t.is_space), None)
    if first is None:
        return None
    sentence = {t.i for t in span if t.sent.start == first.sent.start}
    return next(
        (
            t
            for t in span
            if t.i in sentence and not t.is_punct and not t.is_space and (t.head.i == t.i or t.head.i not in sentence)
        ),
        None,
    )


NOBODY = frozenset({"nobody", "nothing", "none", "noone"})
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "expl"})


def _none(child: Token) -> bool:
    """A subject or object of the main verb that is no one: "nobody", "nothing", "no man" ("there is no dog",
    "he has proposed nothing": the verb is negated through its argument)."""
    if child.dep_ not in ARGUMENTS:
        return False
    return child.lower_ in NOBODY or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)


def negated(a: Attribution, paragraphs: list[Paragraph]) -> bool:
    """Whether the source negates or denies the content (see the module's text): its main clause negated, a
    denial or a refusal, or a cue that denies or refuses ("X denied that …", "Trump refuses [to release …]");
    a denial of a negation asserts."""
    span = _first_span(a, paragraphs)
    root = None if span is None else _root(span)
    content = False
    if root is not None:
        negation = any(c.dep_ == "neg" or _none(c) for c in root.children)
        lemma = root.lemma_.lower()
        refusal = lemma in REFUSALS and any(c.dep_ == "xcomp" for c in root.children)
        content = negation != (lemma in DENIALS or refusal)
    cue = None if a.cue is None else tokens_between(paragraphs, a.cue.start, a.cue.end)
    denied = cue is not None and any(
        t.lemma_.lower() in DENIALS | REFUSALS | DISMISSALS and not any(c.dep_ == "neg" for c in t.children)
        for t in cue
    )
    return content != denied


def is_clause(a: Attribution, paragraphs: list[Paragraph]) -> bool:
    """Whether the content holds a subject and a finite verb (a clause that can assert something)."""
    span = _first_span(a, paragraphs)
    if span is None:
        return False
    return any(
        t.tag_ in FINITE_TAGS
        and any(c.dep_ in SUBJECTS for c in (t.head if t.dep_ in ("aux", "auxpass") else t).children)
        for t in span
    )


def read_assertion(a: Attribution, paragraphs: list[Paragraph]) -> None:
    """Fill ``a.negated`` and ``a.clause`` from the parse."""
    a.negated = negated(a, paragraphs)
    a.clause = is_clause(a, paragraphs)
