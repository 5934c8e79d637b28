"""Attribution lexicon, as data: reporting verbs, chain verbs, descriptors, pronouns.

Edit these lists to widen or narrow what the rules accept; the logic lives in ``rules.py``.
Lemmas are spaCy's (``en_core_web_sm``) lower-case lemmas.
"""

from __future__ import annotations

import re

# Verbs whose subject is a source and whose complement is what the source asserts.
REPORTING_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "accuse",
        "claim",
        "report",
        "assess",
        "suggest",
        "urge",
        "warn",
        "deny",
        "insist",
        "announce",
        "note",
        "observe",
        "explain",
        "argue",
        "write",
        "believe",
        "think",
        "estimate",
        "confirm",
        "acknowledge",
        "admit",
        "allege",
        "assert",
        "contend",
        "declare",
        "describe",
        "reveal",
        "indicate",
        "predict",
        "promise",
        "recall",
        "reply",
        "respond",
        "repeat",
        "stress",
        "emphasize",
        "emphasise",
        "tweet",
        "post",
        "testify",
        "conclude",
        "find",
        "show",
        "learn",
        "ask",
        "agree",
        "complain",
        "concede",
        "mention",
        "disclose",
        "maintain",
        "speculate",
        "fear",
        "charge",
        "counter",
        "caution",
        "remark",
        "comment",
        "boast",
        "brag",
        "concede",
        "vow",
        "pledge",
        "threaten",
        "predict",
        "forecast",
        "project",
        "calculate",
        "reckon",
        "hint",
        "imply",
        "signal",
        "insinuate",
        "question",
        "doubt",
        "dispute",
        "reject",
        "dismiss",
        "blame",
        "criticize",
        "criticise",
        "praise",
        "demand",
        "recommend",
        "propose",
        "advise",
        "acknowledge",
        "lament",
        "worry",
        "grumble",
        "quip",
        "joke",
        "shout",
        "yell",
        "chant",
        "whisper",
        "inform",
        "notify",
        "brief",
        "assure",
        "reassure",
        "remind",
        "convince",
        "persuade",
        "announce",
        "proclaim",
        "affirm",
        "reaffirm",
    ]
)

# Verbs that report only with a clausal complement ("found that …", "showed that …"), never with a
# plain object ("found a dog").
CLAUSE_ONLY_VERBS: frozenset[str] = frozenset(
    [
        "find",
        "show",
        "learn",
        "believe",
        "think",
        "fear",
        "hope",
        "worry",
        "indicate",
        "mean",
        "signal",
        "ask",
        "question",
        "doubt",
    ]
)

# Prepositions that introduce what was asserted after these verbs ("accused X of …", "warned of …").
CONTENT_PREPOSITIONS: dict[str, frozenset[str]] = {
    "accuse": frozenset({"of"}),
    "warn": frozenset({"of", "about", "against"}),
    "speak": frozenset({"of", "about"}),
    "complain": frozenset({"of", "about"}),
    "blame": frozenset({"for"}),
    "charge": frozenset({"with"}),
    "criticize": frozenset({"for"}),
    "criticise": frozenset({"for"}),
    "praise": frozenset({"for"}),
    "call": frozenset({"for"}),
    "ask": frozenset({"for", "about"}),
    "urge": frozenset({"to"}),
    "comment": frozenset({"on"}),
}

# Verbs that, as a participle beside a source, name an upstream source: "X, citing Y, reported …".
CHAIN_VERBS: frozenset[str] = frozenset({"cite", "quote"})

# Category nouns that describe a named source without being part of its name:
# "Ukrainian outlet The Kyiv Independent" → source "The Kyiv Independent".
DESCRIPTOR_NOUNS: frozenset[str] = frozenset(
    [
        "outlet",
        "outlets",
        "newspaper",
        "newspapers",
        "daily",
        "dailies",
        "tabloid",
        "tabloids",
        "broadcaster",
        "broadcasters",
        "agency",
        "agencies",
        "website",
        "websites",
        "site",
        "sites",
        "channel",
        "channels",
        "magazine",
        "magazines",
        "publication",
        "publications",
        "station",
        "stations",
        "network",
        "networks",
        "portal",
        "portals",
        "paper",
        "papers",
        "wire",
        "service",
        "group",
        "groups",
        "organisation",
        "organization",
        "organisations",
        "organizations",
    ]
)

# Pronouns resolved to an earlier named source, and what kind of source each may stand for.
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
NONPERSON_PRONOUNS: frozenset[str] = frozenset({"it"})
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they", "them"})
FIRST_PERSON_PRONOUNS: frozenset[str] = frozenset({"i", "we", "me", "us"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom"})

# Verbs that make a clause a verification note, not a claim: "X could not independently verify …".
VERIFICATION_VERBS: frozenset[str] = frozenset({"verify", "confirm", "corroborate", "substantiate"})

# A clause that states something could not be verified: a verification note, never a claim's content.
VERIFICATION_NOTE = re.compile(
    r"\b(?:not|unable|cannot|can't|couldn't|n't|never|no way)\b(?:\s+\w+){0,3}?\s+"
    r"(?:independently\s+)?(?:verify|verified|confirm|confirmed|corroborate|corroborated|substantiate)\b",
    re.IGNORECASE,
)

# Opening and closing quotation marks; a straight quote closes what it opened.
QUOTE_PAIRS: dict[str, str] = {"“": "”", '"': '"', "«": "»", "„": "“", "‘‘": "’’"}

# spaCy dependency labels.
SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass"})
CLAUSE_DEPS: frozenset[str] = frozenset({"ccomp"})
OBJECT_DEPS: frozenset[str] = frozenset({"dobj", "xcomp", "oprd", "attr"})
SOURCE_CUT_DEPS: frozenset[str] = frozenset({"relcl", "punct"})

# Titles and roles before a name ("President Volodymyr Zelenskyy"): not part of the actor's name, but a
# sign that the source is a person; alone ("the president said") they refer back to a named source.
TITLES: frozenset[str] = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "chancellor",
        "senator",
        "sen.",
        "representative",
        "rep.",
        "governor",
        "gov.",
        "mayor",
        "councillor",
        "councilor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "director",
        "head",
        "chairman",
        "chairwoman",
        "chair",
        "ambassador",
        "general",
        "gen.",
        "colonel",
        "col.",
        "commander",
        "lieutenant",
        "admiral",
        "judge",
        "justice",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "professor",
        "candidate",
        "nominee",
        "leader",
        "deputy",
        "official",
        "minister",
        "ceo",
        "founder",
        "analyst",
        "expert",
        "economist",
        "officer",
        "sheriff",
        "attorney",
        "lawyer",
        "captain",
        "sergeant",
    ]
)

# Quoted words inside an indirect content below which the quotes are scare quotes (kind stays
# "indirect"); at or above it the attribution is "mixed".
MIXED_MIN_QUOTED_WORDS = 4
