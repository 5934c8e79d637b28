"""Attribution rules over spaCy's dependency parse and the text's quotation marks.

Two levels:

* :func:`paragraph_attributions` — one parsed paragraph: reporting verbs with their subject (source)
  and complement (content), "according to X", direct quotes with the speaker before, after or inside,
  and chains ("X, citing Y, reported …"). Spans index the paragraph's ``doc.text``.
* :func:`article_rules` — the article: offsets shifted to ``Article.text``, the headline, and quote
  paragraphs with no cue continuing the previous speaker. Nesting and actors are resolved after the choice
  of extractor, in :mod:`claimledger.attribute.extractors`.

Word lists live in :mod:`claimledger.attribute.lexicon`; nothing here names a particular article.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

import claimledger.attribute.lexicon as lx
from claimledger.attribute.quotes import Quote, coverage, find_quotes, in_quote
from claimledger.parse import Paragraph
from claimledger.records import Article, Attribution, AttributionKind, ChainLink, Span

TRIM = " \t\n,;:—–-"
S = TypeVar("S", bound=Span)


# ---------------------------------------------------------------------------------------- spans
def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span with surrounding punctuation and whitespace removed (quotes kept only paired)."""
    text = doc.text
    while start < end and (text[start] in TRIM + "." or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in TRIM + "." or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else None


def _token_span(doc: Doc, tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks:
        return None
    return _trimmed(doc, toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of consecutive token indices around ``anchor`` (cuts at excluded gaps)."""
    index = {t.i for t in tokens}
    lo = hi = anchor.i
    while lo - 1 in index:
        lo -= 1
    while hi + 1 in index:
        hi += 1
    return [t for t in tokens if lo <= t.i <= hi]


def _is_chain(token: Token) -> bool:
    return token.lemma_.lower() in lx.CHAIN_VERBS and token.tag_ == "VBG"


def _chain_of(heads: Iterable[Token]) -> list[Token]:
    """The objects of "citing …" participles attached to any of ``heads``."""
    found: list[Token] = []
    for head in heads:
        for child in head.children:
            if _is_chain(child):
                found += [
                    c
                    for c in child.children
                    if c.dep_ in ("dobj", "obj", "attr", "pobj") and c not in found and _can_be_source(c)
                ]
    return found


def _can_be_source(token: Token) -> bool:
    """ "citing Western sources" names a source; "citing the investigation" gives a reason."""
    return token.lemma_.lower() not in lx.REASON_NOUNS


def _source_tokens(head: Token) -> list[Token]:
    """The source noun phrase: the subject's subtree without relative clauses and "citing …" phrases."""
    excluded: set[int] = set()
    for child in head.children:
        if child.dep_ in lx.SOURCE_CUT_DEPS or _is_chain(child) or child.dep_ == "acl":
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded and t.text not in ("“", "”", '"')]
    tokens = _contiguous(tokens, head)
    # "Danish outlet The Copenhagen Post": drop the category descriptor before a proper name
    for k, tok in enumerate(tokens[:-1]):
        if tok.lower_ in lx.DESCRIPTOR_NOUNS and tok.pos_ == "NOUN":
            rest = tokens[k + 1 :]
            if (
                rest
                and all(t.pos_ in ("PROPN", "DET", "CCONJ", "PUNCT", "SPACE") for t in rest)
                and any(t.pos_ == "PROPN" for t in rest)
            ):
                return rest
    return tokens


def _subject(verb: Token) -> Token | None:
    """The subject of a reporting verb, inherited through conjunctions and participles ("…, saying")."""
    node: Token | None = verb
    for _ in range(4):
        if node is None:
            return None
        subjects = [c for c in node.children if c.dep_ in lx.SUBJECT_DEPS]
        agents = [g for a in node.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        if agents and (not subjects or subjects[0].dep_ == "nsubjpass"):
            subjects = agents  # "it was reported by the BBC that …"
        if subjects:
            return subjects[0]
        if node.dep_ in ("conj", "advcl", "xcomp") and node.head is not node:
            node = node.head
            continue
        return None
    return None


def _cue_tokens(verb: Token) -> list[Token]:
    """The cue: the verb with its auxiliaries, negation and particle ("has said", "pointed out")."""
    tokens = [verb]
    for child in verb.children:
        if (
            (child.dep_ in ("aux", "auxpass", "neg") and child.i < verb.i and child.lower_ not in ("to",))
            or child.dep_ == "prt"
            # "also said", "has repeatedly said": an adverb between the auxiliaries and the verb
            or (child.dep_ == "advmod" and child.i < verb.i and child.lower_ not in lx.NON_CUE_ADVERBS)
        ):
            tokens.append(child)
    return _contiguous(sorted(tokens, key=lambda t: t.i), verb)


def _is_verification(verb: Token) -> bool:
    return verb.lemma_.lower() in lx.VERIFICATION_VERBS and any(c.dep_ == "neg" for c in verb.children)


def _content_tokens(verb: Token) -> list[Token]:
    lemma = verb.lemma_.lower()
    clause = [c for c in verb.children if c.dep_ in lx.CLAUSE_DEPS]
    if clause:
        return [t for c in clause for t in c.subtree]
    if lemma in lx.CLAUSE_ONLY_VERBS:
        return []
    preps = lx.CONTENT_PREPOSITIONS.get(lemma, frozenset())
    needed = lx.RESTRICTED_COMPLEMENTS.get(lemma)
    if needed is not None and not any(
        c.dep_ in needed and (c.dep_ != "prep" or c.lower_ in preps) for c in verb.children
    ):
        return []
    parts = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ in lx.OBJECT_DEPS
            or (c.dep_ == "prep" and c.lower_ in preps)
            # "accused X of …, but also troops": a nominal conjunct continues the object
            or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM", "PRON", "ADJ"))
        )
    ]
    if not parts:
        return []
    if lemma in lx.ENTITLEMENT_VERBS and any(
        p.dep_ == "dobj" and (p.lemma_.lower() in lx.ENTITLEMENT_NOUNS or p.lower_ in lx.ENTITLEMENT_NOUNS)
        for p in parts
    ):
        return []  # "claimed a loss", "claimed responsibility": an entitlement taken, not speech
    first = min(t.i for p in parts for t in p.subtree)
    last = max(t.i for p in parts for t in p.subtree)
    return [t for t in verb.doc[first : last + 1]]


def _strip_complementizer(tokens: list[Token]) -> list[Token]:
    if tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that":
        return tokens[1:]
    return tokens


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span over the closing mark of a quotation it opened: … a “freak out.” keeps its ”."""
    piece = text[start:end]
    for open_mark, close_mark in (("“", "”"), ("‘‘", "’’"), ("``", "''")):
        if piece.count(open_mark) > piece.count(close_mark):
            m = end
            while m < len(text) and text[m] in ".,!?" and m - end < 2:
                m += 1
            if text.startswith(close_mark, m):
                return start, m + len(close_mark)
    if piece.count('"') % 2 == 1 and (text.startswith('"', end) or text[end : end + 2] in ('."', ',"')):
        return start, end + (1 if text.startswith('"', end) else 2)
    return start, end


def _make(
    doc: Doc,
    kind: AttributionKind,
    content: list[tuple[int, int]],
    source: list[Token] | None,
    cue: tuple[int, int] | None,
    chain: list[Token],
) -> Attribution | None:
    content_spans = [Span.of(doc.text, *_balanced(doc.text, s, e)) for s, e in content]
    if not content_spans:
        return None
    source_span = None
    if source:
        s = _token_span(doc, source)
        source_span = Span.of(doc.text, *s) if s else None
    chain_spans = []
    for head in chain:
        c = _token_span(doc, [t for t in head.subtree if t.text not in ("“", "”", '"')])
        if c:
            chain_spans.append(ChainLink(c[0], c[1], doc.text[c[0] : c[1]]))
    return Attribution(
        kind=kind,
        content=content_spans,
        source=source_span,
        cue=Span.of(doc.text, *cue) if cue else None,
        chain=chain_spans,
    )


def _turn_quotes(doc: Doc, verb: Token, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotes of the verb's sentence, plus one resuming right after "…,” she said, “…" when the parser split it off."""
    sent = verb.sent
    first, last = sent.start_char, sent.end_char
    near = [q for q in quotes if q[0] < last and first < q[1] and not (q[0] <= verb.idx < q[1])]
    sentence = doc.text[first:last].rstrip()
    if sentence.endswith((",", ":")):
        near += [q for q in quotes if last <= q[0] <= last + 2]
    if not near:
        # “…” he wrote.  — the parser made the quotation a sentence of its own
        near = [q for q in quotes if first - 2 <= q[1] <= first]
    return near


def _verb_attribution(doc: Doc, verb: Token, quotes: list[tuple[int, int]]) -> Attribution | None:
    if _is_verification(verb):
        return None
    subject = _subject(verb)
    if subject is not None and in_quote(subject.idx, quotes) and not in_quote(verb.idx, quotes):
        # the parser took a word inside the quote for the subject: look for one outside it
        outside = [c for c in verb.children if c.dep_ in lx.SUBJECT_DEPS and not in_quote(c.idx, quotes)]
        subject = outside[0] if outside else None
    source = _source_tokens(subject) if subject is not None else None
    cue_tokens = _cue_tokens(verb)
    cue = _token_span(doc, cue_tokens)
    content_tokens = _strip_complementizer(_content_tokens(verb))
    content_tokens = [t for t in content_tokens if not (source and t in source)]
    content = _token_span(doc, content_tokens)
    if not in_quote(verb.idx, quotes):
        near = _turn_quotes(doc, verb, quotes)
        words = [t for t in content_tokens if not (t.is_punct or t.is_space or t in cue_tokens)]
        if near and (content is None or all(in_quote(t.idx, near) for t in words)):
            # what is reported lies within quotation marks: a direct quote, marks included
            return _make(doc, "direct", sorted(near), source, cue, _chain_of([verb, *(source or [])]))
        qs = [q for q in near if content is not None and q[0] < content[1] and content[0] < q[1]]
        quoted_words = sum(len(doc.text[q[0] : q[1]].split()) for q in qs)
        if qs and content is not None and quoted_words >= lx.MIXED_MIN_QUOTED_WORDS:
            start = min(content[0], *(q[0] for q in qs))
            end = max(content[1], *(q[1] for q in qs))
            return _make(doc, "mixed", [(start, end)], source, cue, _chain_of([verb, *(source or [])]))
    if content is None or subject is None:
        return None
    if lx.is_verification_note(doc.text[content[0] : content[1]]):
        return None  # "X said it was unable to verify …": a verification note, not a claim
    if subject.lower_ in lx.RELATIVE_PRONOUNS and subject.dep_ != "nsubj":
        return None
    chain = _chain_of([verb, subject])
    return _make(doc, "indirect", [content], source, cue, chain)


def _according_to(doc: Doc, token: Token, quotes: list[tuple[int, int]]) -> Attribution | None:
    """ "…, according to X (, citing Y)." — the rest of the sentence is the content."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = _source_tokens(pobj)
    sent = token.sent
    phrase = {t.i for t in token.subtree}
    chain = _chain_of([pobj, token, token.head, token.sent.root])
    for head in chain:
        phrase.update(t.i for t in head.head.subtree)  # the "citing …" participle phrase
    content = _outside(doc, sent, phrase)
    if content is None:
        return None
    q = [q for q in quotes if q[0] <= content[0] and content[1] <= q[1]]
    kind: AttributionKind = "according_to"
    cue = _trimmed(doc, token.idx, to.idx + len(to.text))
    return _make(doc, kind, [q[0]] if q and len(q) == 1 else [content], source, cue, chain)


def _outside(doc: Doc, sent: SpacySpan, excluded: set[int]) -> tuple[int, int] | None:
    """The longest run of the sentence outside ``excluded`` tokens, minus a leading "Adverb," opener."""
    runs: list[list[Token]] = [[]]
    for t in sent:
        if t.i in excluded:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(t)
    best = max(runs, key=lambda r: sum(len(t.text) for t in r if not t.is_punct))
    if not best:
        return None
    # drop sentence openers like "Furthermore," / "Earlier,"
    if len(best) > 2 and best[0].pos_ in ("ADV", "CCONJ") and best[1].text == "," and best[0].dep_ != "nsubj":
        best = best[2:]
    return _token_span(doc, best)


def _owned_claim(doc: Doc, noun: Token) -> Attribution | None:
    """ "Trump's claim that there have been …", "his assertion that …": the owner asserts the clause; the
    owner's span keeps its "'s" (as PolNeAR marks it)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clauses = (c for c in noun.children if c.dep_ == "acl")
    clause = next((c for c in clauses if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if owner is None or clause is None or not _can_be_source(owner):
        return None
    content = _token_span(doc, _strip_complementizer(list(clause.subtree)))
    if content is None:
        return None
    return _make(doc, "indirect", [content], list(owner.subtree), (noun.idx, noun.idx + len(noun.text)), [])


def paragraph_attributions(doc: Doc) -> list[Attribution]:
    """Attributions in one parsed paragraph; spans index ``doc.text``."""
    quotes = find_quotes(doc.text)
    found: list[Attribution] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            a = _according_to(doc, token, quotes)
        elif lemma in lx.NOMINAL_CUES and token.pos_ == "NOUN":
            a = _owned_claim(doc, token)
        elif (
            lemma in lx.REPORTING_VERBS
            and token.pos_ in ("VERB", "AUX")
            and token.dep_ not in ("amod", "compound")
            and not (_is_chain(token) and token.dep_ in ("acl", "advcl"))  # "…, citing Y," is a chain
            and not (lemma in lx.ATTITUDE_VERBS and token.tag_ in ("VBG", "VBN") and token.dep_ != "ROOT")
        ):
            a = _verb_attribution(doc, token, quotes)
        else:
            continue
        if a is not None and not any(_same(a, b) for b in found):
            found.append(a)
    colon = _colon_attribution(doc, quotes)
    if colon is not None and not any(c.overlaps(colon.cue) for a in found for c in a.content if colon.cue):
        found.insert(0, colon)
    _continue_in_paragraph(doc, found, quotes)
    return found


def _colon_attribution(doc: Doc, quotes: list[tuple[int, int]]) -> Attribution | None:
    """ "Source: what they said" — a short name, a colon, then the assertion (headlines, transcripts)."""
    colon = next((t for t in doc[: lx.COLON_SOURCE_MAX_TOKENS + 1] if t.text == ":"), None)
    if colon is None or colon.i == 0:
        return None
    opening = 0  # a transcript's turn may open a quotation it never closes: '"WALLACE: Let's start …'
    while opening < colon.i and doc[opening].text in lx.QUOTE_PAIRS:
        opening += 1
    prefix = doc[opening : colon.i]
    if not len(prefix) or prefix.text.lower() in lx.COLON_LABELS:
        return None
    label = _speaker_label(prefix)  # "PENCE:", "MR. TRUMP:": whatever the tagger makes of the capitals
    if not label:
        if opening or not any(t.pos_ in ("PROPN", "NOUN") for t in prefix):
            return None
        if any(t.pos_ in ("VERB", "AUX") or t.tag_ == "CD" for t in prefix) or not prefix[0].is_title:
            return None
        last = prefix[-1]
        if last.pos_ != "PROPN" and last.lemma_.lower() not in lx.SOURCE_NOUNS | lx.TITLES:
            return None  # "Ardley flood: …" is a topic, not a speaker
    if any(t.pos_ == "CCONJ" or t.lower_ in lx.COLON_TOPIC_JOINERS for t in prefix):
        return None  # "Russia and Syria: …" pairs topics; a headline names one speaker before its colon
    names = [t for t in prefix if t.pos_ == "PROPN"]
    if names and all(t.ent_type_ in lx.COLON_TOPIC_ENTITIES for t in names):
        return None  # "Syria: …", "Kursk region: …" — a place is what the line is about
    rest = [t for t in doc[colon.i + 1 :] if not t.is_space]
    if len([t for t in rest if not t.is_punct]) < 3:
        return None
    content = _token_span(doc, rest)
    if content is None:
        return None
    quoted = any(q[0] <= content[0] + 1 and content[1] - 1 <= q[1] for q in quotes)
    kind: AttributionKind = "direct" if quoted else "indirect"
    cue = (colon.idx, colon.idx + 1)
    return _make(doc, kind, [content], list(prefix), cue, [])


def _speaker_label(prefix: SpacySpan) -> bool:
    """Whether the words before a line's colon are a transcript's speaker label: one to three words in capitals
    ("WALLACE", "MR. TRUMP", "SEN. KAINE"), none of them a place."""
    words = [t for t in prefix if not t.is_punct]
    return (
        0 < len(words) <= 3
        and all(t.text.isupper() and t.text.replace(".", "").isalpha() for t in words)
        and len(words[-1].text) > 1
        and not any(t.is_stop for t in words)  # "FIX IS IN:" is a headline's phrase, not a name
        and not any(t.ent_type_ in lx.COLON_TOPIC_ENTITIES for t in words)
    )


def _continue_in_paragraph(doc: Doc, found: list[Attribution], quotes: list[tuple[int, int]]) -> None:
    """A later quotation with no cue of its own continues the last direct quote before it: "…," she said. "…"."""
    for q in quotes:
        if any(c.start < q[1] and q[0] < c.end for a in found for c in a.content):
            continue
        if any(s is not None and q[0] <= s.start < q[1] for a in found for s in (a.cue, a.source)):
            continue
        before = [a for a in found if a.kind in ("direct", "mixed") and a.content[-1].end <= q[0]]
        if before:
            speaker = max(before, key=lambda a: a.content[-1].end)
            speaker.content.append(Span.of(doc.text, *q))


def _same(a: Attribution, b: Attribution) -> bool:
    return a.cue == b.cue or (a.content == b.content and a.source == b.source)


# -------------------------------------------------------------------------------------- article level
def _shift(span: S | None, offset: int) -> S | None:
    return None if span is None else replace(span, start=span.start + offset, end=span.end + offset)


def _shifted(a: Attribution, offset: int) -> Attribution:
    return replace(
        a,
        source=_shift(a.source, offset),
        cue=_shift(a.cue, offset),
        content=[s for s in (_shift(c, offset) for c in a.content) if s is not None],
        chain=[s for s in (_shift(c, offset) for c in a.chain) if s is not None],
    )


@dataclass(slots=True)
class RuleResult:
    """What the rules find in an article: attributions in text order, which quote paragraphs continue whom,
    and every quotation (offsets into ``Article.text``)."""

    attributions: list[Attribution]
    continues: dict[int, Attribution] = field(default_factory=dict)  # id(continuation) → the previous speaker
    quotes: list[Quote] = field(default_factory=list)


def lead_in(doc: Doc) -> tuple[list[Token], tuple[int, int]] | None:
    """(source, cue) of a paragraph that only introduces the next one: "Caddell continued:", "The governor
    added:", "McCrummen reports:" — a subject, a reporting verb as the root, then nothing but the colon."""
    words = [t for t in doc if not t.is_space]
    if len(words) < 3 or words[-1].text != ":" or len(words) > 12:
        return None
    verb = words[-2]
    if verb.dep_ != "ROOT" or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lx.REPORTING_VERBS:
        return None
    subject = _subject(verb)
    if subject is None or not _can_be_source(subject) or any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return None
    cue = _token_span(doc, _cue_tokens(verb))
    return (_source_tokens(subject), cue) if cue is not None else None


def article_rules(article: Article, paragraphs: list[Paragraph]) -> RuleResult:
    """The rules over a whole article: offsets shifted to ``Article.text``, the headline, quote continuation."""
    result = RuleResult([])
    previous: Attribution | None = None  # the last attribution of the previous paragraph
    title = (article.metadata.title or "").strip()
    breaks = sorted(h.start for h in article.headings if h.kind != "title")
    introduced: Attribution | None = None  # "Caddell continued:": the next paragraph is what he said
    for number, para in enumerate(paragraphs):
        if previous is not None and any(previous.anchor < b < para.start for b in breaks):
            previous = None  # a subheading breaks the speaker's turn
        found = para.doc._.attributions
        if found is None:
            found = paragraph_attributions(para.doc)
        shifted = [_shifted(a, para.start) for a in found]
        if introduced is not None:
            content = _trimmed(para.doc, 0, len(para.doc.text))
            if content is not None:  # what the paragraph reports in turn ("I'm going to read you …") nests in it
                introduced.content = [article.span(content[0] + para.start, content[1] + para.start)]
                result.attributions.append(introduced)
                result.quotes += [(s + para.start, e + para.start) for s, e in find_quotes(para.doc.text)]
                result.attributions.extend(a for a in shifted if a.cue is not None)
                previous, introduced = introduced, None
                continue
        if not shifted and (intro := lead_in(para.doc)) is not None:
            source, cue = intro
            src = _token_span(para.doc, source)
            introduced = Attribution(
                kind="direct",
                content=[],
                source=article.span(src[0] + para.start, src[1] + para.start) if src else None,
                cue=article.span(cue[0] + para.start, cue[1] + para.start),
                confidence=0.8,
            )
            continue
        if number == 0 and title and para.doc.text.strip() == title:
            for a in shifted:
                a.kind = "headline"
        # a paragraph of quotation with no cue continues the previous speaker
        quotes = [(s + para.start, e + para.start) for s, e in find_quotes(para.doc.text)]
        result.quotes += quotes
        covered = [c for a in shifted for c in a.content]
        loose = [q for q in quotes if not any(coverage(c, q) >= 0.5 for c in covered)]
        if (
            loose
            and previous is not None
            and previous.kind in ("direct", "mixed", "continuation")
            and (para.doc.text.lstrip()[:1] in lx.QUOTE_PAIRS)
        ):
            continuation = Attribution(kind="direct", content=[article.span(s, e) for s, e in loose], confidence=0.8)
            result.continues[id(continuation)] = previous  # its actor is the previous speaker's, resolved later
            shifted.append(continuation)
        shifted.sort(key=lambda a: a.anchor)
        result.attributions.extend(shifted)
        if shifted:
            previous = max(shifted, key=lambda a: a.content[-1].end if a.parent is None else -1)
        elif para.doc.text.strip().endswith("?"):
            previous = None  # a subheading breaks the speaker's turn
    return result


def _cue_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb (or, failing one, the head) of the cue at ``doc.text[start:end]``: "has been critical of" → "been"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and (t.head not in span or t.head is t)]
    return verbs[0] if verbs else span.root


# The prepositions of a participle whose doer is the subject of the clause it modifies: "He pitched himself to
# voters by telling them …", "After saying her foot was swollen, she was whisked off"; not "of" ("accused of saying").
GOVERNING_PREPOSITIONS = frozenset({"by", "after", "before", "while", "when", "upon", "on", "in", "since", "without"})


def _governing_subject(verb: Token) -> Token | None:
    """The subject of the clause a participle of manner or time modifies ("by telling", "after saying"): who
    does the participle's act, active or passive as that clause may be."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in GOVERNING_PREPOSITIONS:
        return None
    clause = prep.head
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in clause.children if c.dep_ in lx.SUBJECT_DEPS), None)


def lend_subjects(paragraphs: list[Paragraph], attributions: list[Attribution], article: Article) -> None:
    """A source for an attribution that has a cue but none: the grammatical subject of its cue verb.

    News text names who asserts a thing as the subject of the verb that reports it ("Democrats accused the
    GOP of …", "Graham has been critical of Trump", "He recently pitched himself to …"); the tagger often marks
    the cue and what is reported but not the speaker. A participle of manner or time takes the subject of the
    clause it modifies ("He pitched himself to voters by telling them …", "After saying …, she was whisked off":
    :func:`_governing_subject`). The subject lends itself only when it is not the cue verb's own passive subject
    ("Clinton was accused" — the target, not the speaker; "by X" is taken), lies outside the attribution's
    content and outside quotation marks the cue is not in, and is not a dummy "it" or "there". Sets ``source``
    in place.
    """
    starts = [p.start for p in paragraphs]
    for a in attributions:
        if a.source is not None or a.cue is None:
            continue
        k = bisect.bisect_right(starts, a.cue.start) - 1
        if k < 0 or a.cue.end > paragraphs[k].end:
            continue
        para = paragraphs[k]
        verb = _cue_verb(para.doc, a.cue.start - para.start, a.cue.end - para.start)
        if verb is None:
            continue
        subject = _subject(verb) or _governing_subject(verb)
        own = subject is not None and subject.head.i == verb.i  # the cue verb's own subject, not its clause's
        if subject is None or subject.dep_ == "expl" or subject.lower_ in ("it", "there"):
            continue
        if subject.dep_ == "nsubjpass" and own:
            continue
        if subject.lower_ in lx.RELATIVE_PRONOUNS and subject.dep_ != "nsubj":
            continue
        quotes = find_quotes(para.doc.text)
        if in_quote(subject.idx, quotes) and not in_quote(verb.idx, quotes):
            continue
        span = _token_span(para.doc, _source_tokens(subject))
        if span is None:
            continue
        start, end = span[0] + para.start, span[1] + para.start
        if any(c.start < end and start < c.end for c in a.content) or (a.cue.start < end and start < a.cue.end):
            continue
        a.source = article.span(start, end)
