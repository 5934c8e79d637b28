"""The rules of independent origins: who stands behind each mention of a claim, and why mentions count as one.

:func:`resolve_origins` gives every member of a claim its *origin* — the terminal source a reader would have to
ask — and a short reason (``why``). Each rule is a rule of news text:

1. **The article's own voice is its publisher.** A sentence no attribution covers, an attribution whose source
   the ledger could not name, and a source that is no actor at all (rule 3) are the publisher speaking: one origin
   with its own voice. When the same article also attributes the claim, and all it attributes resolves to one
   origin, its unsourced restatement ("1,200 evacuated" over "…, the minister said") is that origin, not one more.
2. **A republished copy is its original**: same publisher, same origin.
3. **Only actors are origins.** Dates ("Sept.", "Tuesday"), numbers, unresolved pronouns and relatives ("it",
   "which"), lone generic words ("results", "data"), places named as such ("New York", "the U.S." — a government
   named by its country stays an actor) and the person a claim is *about* (the pronoun source "it" resolved to
   "Keith Lamont Scott" in "whether Scott had a gun") are no one's voice: such a member falls back to rule 1.
   A member is never left uncounted: some publisher printed it, so at least that publisher stands behind it.
4. **A cited outlet is its own report.** "X, citing Y" ends at Y; "The Times reported …", "the newspaper said"
   (when the article names one outlet for the claim) and a speaker who cites an outlet ("Clinton is seizing upon a
   New York Times report that …", "…, citing the Times") end at that outlet — and, when the ledger holds the
   outlet's own report of the claim, wherever that report ends.
5. **Each outlet's unnamed sources are its own** ("officials (Outlet)"), flagged unverifiable: one outlet's
   anonymous officials cannot be matched with another's.
6. **One speaker is one origin**, however many outlets quote them: actors are resolved across the ledger (one
   canonical name); within a claim, a person named by surname alone ("Trump", "Trump (ambiguous)") is the one
   person of that surname the claim's other members name in full; a spokesperson counts as their organisation.
7. **Quoted words are their speaker's, not the printer's.** A direct quotation whose speaker the ledger could not
   name (a quote over paragraphs, a speaker the tagger missed) is not the publisher's own voice when another
   counted report of the claim gives the same words to a speaker: it is that speaker (when the reports that do
   name one agree on one). A quote no report names a speaker for stays with rule 1.
8. **Reported speech inside reported speech is one report.** When an attribution lies in another's content and both
   are members of the claim, they are one origin, and which one depends on who the outer source is. A speaker
   characterising others ("Cummings said Republicans want a photo op") is the origin of both: the article has
   the inner words only as the outer speaker's account. An outlet relaying a speaker ("The Harbour Times reported
   that Mayor Holt said the bridge would close") is no origin of its own: both are the inner speaker's
   (rule 6 — a publisher narrating a speaker's words is not another origin of that speaker's statement).
   Either way the outer or inner side must name an actor, else each keeps its own origin.
9. **A party speaks through its national committee.** "The Republican National Committee said …" and "the GOP's
   complaint says …" in reports of one claim are one body, the party's organisation: "X Party" counts as the
   "X National Committee" the claim's other members name (a party's caucus or committee in a legislature —
   "Oversight Committee Republicans" — is not the party organisation and stays its own origin).
10. **An unnamed role refers back to the one who holds it.** "His lawyer said he would not answer" is the lawyer
    another report of the claim names ("Pagliano's lawyer, Mark MacDougall, has said …"): a source that is only a
    role with a possessive or definite article ("his lawyer", "her spokeswoman", "the attorney") is the origin of
    the one member of the claim whose named speaker the text gives that role — not an unnamed source of its own.
    With no such member, or two that resolve differently, it stays as it was.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.attribute.registry import canonical_outlet, publisher_key, same_outlet
from claimledger.records import Article, Attribution

UNVERIFIABLE_TYPES = frozenset({"anonymous", "unspecified"})
AMBIGUOUS = " (ambiguous)"
# types of a name that stays an actor even when it is also a place: "Russia said" is its government
NAMED_TYPES = frozenset({"outlet", "government", "person", "official", "military_unit", "intelligence", "ngo"})
PRONOUNS = frozenset(
    """it its he him his she her they them their we us i you one which who whom whose that this these those what
    there here someone somebody anyone everyone nobody""".split()
)
GENERIC_WORDS = frozenset(
    """results result data numbers number figures figure polls poll polling statement statements report reports
    study studies survey surveys video videos footage documents document records record analysis""".split()
)
DATE_LIKE = re.compile(
    r"^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"today|yesterday|tomorrow|tonight|(?:last|this|next) (?:week|month|year)|\d{4}s?)"
    r"\.?(?:\s+\d{1,4}(?:st|nd|rd|th)?)?$",
    re.IGNORECASE,
)
# common nouns that name an outlet without saying which ("the newspaper reported")
OUTLET_NOUNS = frozenset("newspaper paper outlet magazine network broadcaster station site website daily".split())
# words after an outlet's name that make it the outlet's report: "a New York Times report that …"
REPORT_WORDS = r"(?:report|reports|reporting|story|article|investigation|analysis|account|exposé|expose|scoop)"
CITING = (
    r"(?:citing|according to|reported by|as reported by|cited by|(?:seiz\w+|drawing|drew|relying|relied)\s+(?:up)?on)"
)


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
QUOTED_KINDS = frozenset({"direct", "mixed"})
SAME_WORDS = 3  # the fewest words two quotations must share in a row to be the same quoted words (rule 7)
SAME_SHARE = 0.6  # and the share of the shorter quotation's words that run covers


def same_words(a: str, b: str) -> bool:
    """Whether two contents quote the same words: a run of at least :data:`SAME_WORDS` words in common covering
    :data:`SAME_SHARE` of the shorter one (case, punctuation and quotation marks aside).

    >>> same_words("“That makes me smart,”", "''That makes me smart'' … ''Of course, I pay federal taxes.''")
    True
    >>> same_words("That makes me smart", "paying no income taxes was smart")
    False
    """
    x = [w.casefold().replace("’", "'") for w in WORD.findall(a)]
    y = [w.casefold().replace("’", "'") for w in WORD.findall(b)]
    if min(len(x), len(y)) < SAME_WORDS:
        return False
    best, previous = 0, [0] * (len(y) + 1)
    for wx in x:
        current = [0] * (len(y) + 1)
        for j, wy in enumerate(y, 1):
            if wx == wy:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best >= SAME_WORDS and best >= SAME_SHARE * min(len(x), len(y))


@dataclass(slots=True)
class Resolved:
    """A member's origin: its name, whether a reader can check it, and how it was reached."""

    name: str
    unverifiable: bool
    why: str


def not_an_actor(name: str, kind: str | None, places: frozenset[str] = frozenset()) -> bool:
    """Whether a source is no actor at all, so never an origin: an unresolved pronoun or relative, a date, a number,
    a lone generic word, or a place (one of ``places``, the places its article names, case-folded) named as an
    unknown body ("New York", "U.S.").

    >>> named = [("Sept.", None), ("which", "group"), ("results", "unspecified"), ("New York", "organization"),
    ...          ("Russia", "government"), ("Hillary Clinton", "person")]
    >>> [not_an_actor(n, t, frozenset({"new york", "russia"})) for n, t in named]
    [True, True, True, True, False, False]
    """
    bare = name.removesuffix(AMBIGUOUS).strip(" .,'\"“”‘’").casefold()
    if not bare or not any(ch.isalpha() for ch in bare) or bare in PRONOUNS or bare in GENERIC_WORDS:
        return True
    if DATE_LIKE.match(bare):
        return True
    if kind in NAMED_TYPES:
        return False
    return bare in places or bare.removeprefix("the ") in places


def places_of(article: Article) -> frozenset[str]:
    """The places an article names (as written and as the gazetteer names them), case-folded: read from its
    stored analysis, so that reading provenance loads no gazetteer and no NLP."""
    names = {n.casefold().strip(" .") for a in article.attributions for p in a.places for n in (p.text, p.name) if n}
    return frozenset(names | {n.removeprefix("the ") for n in names})


def about_not_from(a: Attribution) -> bool:
    """A source that is only a pronoun, resolved to someone the content names as its subject ("It [shows] whether
    Scott had a gun" → Scott): the person the claim is about, not who asserts it."""
    if a.source is None or a.actor is None or a.source.text.strip().casefold() not in PRONOUNS:
        return False
    surname = a.actor.name.removesuffix(AMBIGUOUS).split()[-1] if a.actor.name.split() else ""
    if len(surname) < 3 or not surname[:1].isupper():
        return False
    content = " ".join(c.text for c in a.content)
    return re.search(rf"\b{re.escape(surname)}\b", content) is not None


@functools.cache
def _known_outlet_names() -> tuple[str, ...]:
    import json
    from importlib import resources

    from claimledger.attribute.registry import _read  # the packaged table's records: every outlet's names

    table = _read(json.loads(resources.files("claimledger.attribute").joinpath("data/actors.json").read_text()), "")
    names = {n for actor in table if actor.type == "outlet" for n in (actor.name, *actor.aliases)}
    return tuple(sorted((n for n in names if len(n) >= 3 and not n.islower()), key=len, reverse=True))


# the letters Python's case-blind matching takes for an ASCII one (re's IGNORECASE): 'ſ' is an 's', 'K' a 'k'
_CASE_BLIND = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _bare(name: str) -> str:
    """An outlet's name without a leading "The" (the pattern allows one, written or not)."""
    return name.removeprefix("The ").removeprefix("the ")


def _folded(text: str) -> str:
    """Text lower-cased as case-blind matching reads it: an ASCII name found in it is where the pattern could match."""
    return text.translate(_CASE_BLIND).lower()


def cited_in_text(a: Attribution, text: str, outlets: Sequence[str]) -> str | None:
    """The outlet whose report a speaker passes on, when the words just before the content say so ("seizing upon a
    New York Times report that …", "citing The Washington Post,", "according to a Politico report"): the outlet's
    name as written, else ``None``."""
    if not a.content:
        return None
    start = a.content[0].start
    before = text[max(0, start - 120) : start]
    names = sorted({n for n in (*outlets, *_known_outlet_names()) if n and len(n) >= 3}, key=len, reverse=True)
    # only a name written in those words can be the outlet cited: the others are left out of the pattern (the same
    # match, since an alternative that occurs nowhere never matches), so a claim's every member does not compile
    # an alternation of every outlet known (a new pattern for each claim's set of outlets, once per refresh)
    written = _folded(before)
    names = [n for n in names if not n.isascii() or _bare(n).lower() in written]
    if not names:
        return None
    alternatives = "|".join(re.escape(_bare(n)) for n in names)
    outlet = rf"(?:the\s+)?(?P<outlet>{alternatives})"
    patterns = (
        rf"{CITING}\s+(?:an?\s+|the\s+)?(?:new\s+|recent\s+|latest\s+)?{outlet}(?:['’]s)?(?:\s+{REPORT_WORDS})?[\s,:]*(?:that|which)?\s*[“\"]?$",
        rf"\b(?:an?|the)\s+(?:new\s+|recent\s+|latest\s+)?{outlet}(?:['’]s)?\s+{REPORT_WORDS}\s+(?:that|which|saying|showing|finding)?\s*[“\"]?$",
    )
    for pattern in patterns:
        found = re.search(pattern, before, re.IGNORECASE)
        if found:
            return found["outlet"]
    return None


def is_outlet(a: Attribution) -> bool:
    """Whether an attribution's source is an outlet (a report it relays, not a speaker of its own)."""
    return a.actor is not None and a.actor.type == "outlet" and a.kind != "unattributed"


GENERIC_SUFFIX = re.compile(r"^(?P<base>.+) \((?P<where>[^()]+)\)$")


def own_name(name: str, actor: Any, publisher: str) -> str:
    """A generic body's name with the publisher of the original instead of the article the ledger named it with
    ("officials (article 1a2b3c4d)" → "officials (Meridian Post)"): a copy's officials are the original's, another
    outlet's officials another origin."""
    found = GENERIC_SUFFIX.match(name)
    if found and actor is not None and found["where"].startswith("article ") and found["base"] in actor.aliases:
        return f"{found['base']} ({publisher})"
    return name


PARTY = re.compile(r"^(?:the\s+)?(?P<base>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)\s+Party$")


def national_committee_of(name: str) -> str | None:
    """The name when it is a party's national committee ("Democratic National Committee"), else ``None`` (rule 9).

    >>> national_committee_of("Republican National Committee"), national_committee_of("Oversight Committee")
    ('Republican National Committee', None)
    """
    return name if re.match(r"^[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?\s+National Committee$", name) else None


# roles a person speaks in for someone else, referred back to by "his lawyer", "the spokeswoman" (rule 10)
ROLES = r"(?:lawyer|attorney|counsel|spokesman|spokeswoman|spokesperson|press secretary|aide|adviser|advisor)"
UNNAMED_ROLE = re.compile(rf"^(?:his|her|their|its|the)\s+(?:[a-z-]+\s+)?(?P<role>{ROLES})$", re.IGNORECASE)


def unnamed_role(source: str | None) -> str | None:
    """The role when a source is only a role referring back ("His lawyer", "the campaign spokeswoman"), else ``None``.

    >>> unnamed_role("His lawyer"), unnamed_role("the campaign spokeswoman"), unnamed_role("Pagliano's lawyer")
    ('lawyer', 'spokeswoman', None)
    """
    found = UNNAMED_ROLE.match((source or "").strip())
    return found["role"].casefold() if found else None


def _surname(name: str) -> str | None:
    bare = name.removesuffix(AMBIGUOUS).strip()
    return bare if bare and " " not in bare and bare[:1].isupper() else None


def resolve_origins(
    members: Sequence[Any],
    records: Mapping[int, Attribution],
    affiliations: Mapping[str, str],
    article: Callable[[int], Article],
) -> None:
    """Set each member's ``origin``, ``unverifiable`` and ``why`` (members: :class:`~claimledger.ledger.provenance.
    Member`, their ``counted`` set; ``records``: each member's attribution by id; ``article``: an article by id)."""
    outlets = sorted({m.publisher for m in members})
    seen_places: dict[int, frozenset[str]] = {}

    def places(article_id: int) -> frozenset[str]:
        if article_id not in seen_places:
            seen_places[article_id] = places_of(article(article_id))
        return seen_places[article_id]

    persons = {r.actor.name for r in records.values() if r.actor is not None and r.actor.type in ("person", "official")}
    full_names: dict[str, list[str]] = {}
    for name in persons:
        parts = name.removesuffix(AMBIGUOUS).split()
        if len(parts) >= 2 and not name.endswith(AMBIGUOUS):
            full_names.setdefault(parts[-1], []).append(name)

    def report_of(outlet: str, m: Any) -> Any | None:
        """The claim as ``outlet`` reported it itself, when the ledger holds that report."""
        return next((o for o in members if o.original_id != m.original_id and same_outlet(o.publisher, outlet)), None)

    def voice(m: Any, why: str) -> Resolved:
        return Resolved(m.publisher, False, why)

    def follow(outlet: str, m: Any, seen: frozenset[int], how: str) -> Resolved:
        if same_outlet(m.publisher, outlet):
            return voice(m, f"{how}: {m.publisher}'s own report")
        cited = report_of(outlet, m)
        if cited is not None and cited.attribution_id not in seen:
            upstream = resolve(cited, seen | {m.attribution_id})
            return Resolved(
                upstream.name, upstream.unverifiable, f"{how}, whose own report is in the ledger: {upstream.why}"
            )
        return Resolved(canonical_outlet(outlet), False, f"{how}: {canonical_outlet(outlet)}'s report")

    def speaker_of_words(m: Any, seen: frozenset[int]) -> Resolved | None:
        """Rule 7: the one speaker that the claim's other counted reports give these quoted words."""
        speakers: dict[str, Resolved] = {}
        for o in members:
            if o.attribution_id in seen or o.attribution_id == m.attribution_id or not o.counted:
                continue
            if records[o.attribution_id].actor is None or not same_words(m.content, o.content):
                continue
            upstream = resolve(o, seen | {m.attribution_id})
            if upstream.name != o.publisher:  # a speaker, not a publisher's voice
                speakers.setdefault(publisher_key(upstream.name), upstream)
        if len(speakers) != 1:
            return None
        (upstream,) = speakers.values()
        return Resolved(
            upstream.name,
            upstream.unverifiable,
            f"a quotation with no speaker named; {upstream.name}'s words in "
            f"another report of the claim ({upstream.why})",
        )

    def reporter_of(m: Any, a: Attribution, seen: frozenset[int]) -> Resolved | None:
        """Rule 8: the origin of the member whose content encloses this one, when it names an actor."""
        if a.parent is None:
            return None
        attributions = article(m.article_id).attributions
        if not 0 <= a.parent < len(attributions):
            return None
        outer = attributions[a.parent]
        o = next(
            (
                o
                for o in members
                if o.article_id == m.article_id
                and o.attribution_id not in seen
                and o.attribution_id != m.attribution_id
                and records[o.attribution_id] is outer
            ),
            None,
        )
        if o is None or outer.kind == "unattributed" or is_outlet(outer):  # an outlet relays: see relayed_by
            return None
        upstream = resolve(o, seen | {m.attribution_id})
        if upstream.name == o.publisher:  # the outer source names no actor: the inner speaker stands
            return None
        inner = m.actor or m.source or "the speaker"
        return Resolved(
            upstream.name, upstream.unverifiable, f"{inner}'s words as {upstream.name} reports them ({upstream.why})"
        )

    def relayed(m: Any, a: Attribution, seen: frozenset[int]) -> Resolved | None:
        """Rule 8: an outlet's report whose content holds a speaker's attribution is that speaker's."""
        if not is_outlet(a) or a.chain:
            return None
        attributions = article(m.article_id).attributions
        for o in members:
            if o.article_id != m.article_id or o.attribution_id in seen or o.attribution_id == m.attribution_id:
                continue
            inner = records[o.attribution_id]
            if inner.parent is None or not 0 <= inner.parent < len(attributions) or attributions[inner.parent] is not a:
                continue
            upstream = resolve(o, seen | {m.attribution_id})
            if upstream.name != o.publisher and not (inner.actor is not None and inner.actor.type == "outlet"):
                return Resolved(
                    upstream.name,
                    upstream.unverifiable,
                    f"{m.actor} relays {upstream.name}'s words, not an origin of its own ({upstream.why})",
                )
        return None

    def resolve(m: Any, seen: frozenset[int]) -> Resolved:
        a = records[m.attribution_id]
        if a.kind == "unattributed":
            return voice(m, f"{m.publisher}'s own voice")
        if (reported := reporter_of(m, a, seen) or relayed(m, a, seen)) is not None:
            return reported
        if a.actor is None and not a.chain:
            if a.kind in QUOTED_KINDS and (spoken := speaker_of_words(m, seen)) is not None:
                return spoken
            said = f"'{a.source.text}'" if a.source is not None else "no source"
            return voice(m, f"{said} names no actor: {m.publisher}'s own report")
        # "The Gazette, citing X, reported …": when the ledger holds the Gazette's own report, follow it
        if a.actor is not None and a.actor.type == "outlet" and not same_outlet(m.publisher, a.actor.name):
            report = report_of(a.actor.name, m)
            if report is not None and report.attribution_id not in seen:
                upstream = resolve(report, seen | {m.attribution_id})
                how = f"{a.actor.name}'s own report is in the ledger"
                return Resolved(upstream.name, upstream.unverifiable, f"{how}: {upstream.why}")
        cited = cited_in_text(a, article(m.article_id).text, outlets)
        if cited is not None and not a.chain:
            return follow(cited, m, seen, f"{m.actor or 'the speaker'} passes on {cited}'s report")
        if a.chain:
            link = a.chain[-1]
            name = own_name(m.chain[-1], link.actor, m.publisher)
            kind = link.actor.type if link.actor else None
            how = f"{m.actor or m.source or 'the source'} citing {' → '.join(m.chain)}"
        else:
            assert a.actor is not None
            name, kind = own_name(a.actor.name, a.actor, m.publisher), a.actor.type
            how = f"said by {name}"
        if not_an_actor(name, kind, places(m.article_id)) or (not a.chain and about_not_from(a)):
            return voice(m, f"'{name}' is no actor: {m.publisher}'s own report")
        if kind == "outlet" or name.casefold() in OUTLET_NOUNS:
            if name.casefold() in OUTLET_NOUNS:  # "the newspaper": the one outlet this article cites for the claim
                named = {
                    records[o.attribution_id].actor.name  # type: ignore[union-attr]
                    for o in members
                    if o.article_id == m.article_id
                    and records[o.attribution_id].actor is not None
                    and records[o.attribution_id].actor.type == "outlet"  # type: ignore[union-attr]
                    and records[o.attribution_id].actor.name.casefold() not in OUTLET_NOUNS  # type: ignore[union-attr]
                    and records[o.attribution_id].kind != "unattributed"
                }
                if len(named) == 1:
                    return follow(named.pop(), m, seen, f"'{name}' is the outlet the article cites")
                return Resolved(f"{name} ({m.publisher})", True, f"{how}: an outlet {m.publisher} does not name")
            return follow(name, m, seen, how)
        if kind in UNVERIFIABLE_TYPES:
            own = name if name.endswith(f" ({m.publisher})") else f"{name} ({m.publisher})"
            return Resolved(own, True, f"{how}: {m.publisher}'s own unnamed source, unverifiable")
        if name in affiliations and name.casefold() not in affiliations[name].casefold():  # no one speaks for
            return Resolved(affiliations[name], False, f"{how}, who speaks for {affiliations[name]}")  # themselves
        surname = _surname(name)
        if surname is not None and len(full_names.get(surname, [])) == 1:
            full = full_names[surname][0]
            return Resolved(full, False, f"{how}: '{name}' is {full}, named in full by another report of the claim")
        return Resolved(name, False, how)

    resolved = {m.attribution_id: resolve(m, frozenset()) for m in members}
    committees = {c for c in (national_committee_of(r.name) for r in resolved.values()) if c is not None}
    for m in members:
        r = resolved[m.attribution_id]
        party = PARTY.match(r.name)
        if party is not None and f"{party['base']} National Committee" in committees:
            committee = f"{party['base']} National Committee"
            resolved[m.attribution_id] = Resolved(
                committee, r.unverifiable, f"{r.why}; the party speaks through the {committee}"
            )
    # rule 10: "his lawyer" is the lawyer another member names
    for m in members:
        role, r = unnamed_role(m.source), resolved[m.attribution_id]
        if role is None or not GENERIC_SUFFIX.match(r.name):
            continue
        holders = {
            resolved[o.attribution_id].name: resolved[o.attribution_id]
            for o in members
            if o is not m
            and o.counted
            and unnamed_role(o.source) is None
            and re.search(rf"\b{re.escape(role)}s?\b", o.source or "", re.IGNORECASE)
            and (actor := records[o.attribution_id].actor) is not None
            and actor.type in ("person", "official")
            and not GENERIC_SUFFIX.match(actor.name)
        }
        if len(holders) == 1:
            (holder,) = holders.values()
            resolved[m.attribution_id] = Resolved(
                holder.name,
                holder.unverifiable,
                f"{r.why}; '{m.source}' is the {role} another report names ({holder.why})",
            )
    # an article's own voice restating what it also attributes is that attribution's origin, when all it
    # attributes comes to one origin
    own: dict[int, set[str]] = {}
    for m in members:
        r = resolved[m.attribution_id]
        if r.name != m.publisher and m.counted:  # a member on the topic only restates nothing
            own.setdefault(m.original_id, set()).add(publisher_key(r.name))
    for m in members:
        r = resolved[m.attribution_id]
        copy = f"copy of #{m.original_id} ({m.publisher}); " if m.original_id != m.article_id else ""
        keys = own.get(m.original_id, set())
        if r.name == m.publisher and len(keys) == 1:
            others = (resolved[o.attribution_id] for o in members if o.original_id == m.original_id and o.counted)
            other = next(o for o in others if o.name != m.publisher)
            r = Resolved(other.name, other.unverifiable, f"{r.why}, restating what it attributes to {other.name}")
        m.origin, m.unverifiable, m.why = r.name, r.unverifiable, copy + r.why


def why_one(name: str, publishers: Sequence[str], whys: Sequence[str]) -> str:
    """Why the mentions of one origin count once, in a line."""
    steps = list(dict.fromkeys(w for w in whys if w))
    if len(whys) == 1:
        return steps[0] if steps else ""
    where = f"reported by {', '.join(publishers)}" if len(publishers) > 1 else f"in {publishers[0]}"
    head = f"{len(whys)} mentions, {where}, all come to {name}"
    return head + ("; " + "; ".join(steps[:4]) if steps else "")
