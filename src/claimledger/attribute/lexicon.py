"""Attribution lexicon, as data: reporting verbs, chain verbs, descriptors, pronouns.

Edit these lists to widen or narrow what the rules accept; the logic lives in ``rules.py``.
Lemmas are spaCy's (``en_core_web_sm``) lower-case lemmas.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text (easier to read and extend than a list literal)."""
    return frozenset(text.split())


# Verbs whose subject is a source and whose complement is what the source asserts.
REPORTING_VERBS: frozenset[str] = _words(
    """
    accuse acknowledge add admit advise affirm agree allege announce answer argue ask assert assess assure
    attack back believe blame blast boast brag brief calculate call caution challenge chant charge cite
    claim clarify comment compare complain concede conclude condemn confirm contend continue convince
    counter criticise criticize declare decline defend demand denounce deny describe disclose discuss
    dismiss dispute doubt embrace emphasise emphasize endorse estimate expect explain express fear find
    forecast grumble highlight hint hop hope imply indicate inform insinuate insist joke lament learn list
    maintain mention mock note notify observe oppose persuade plan pledge point portray post praise predict
    prefer proclaim project promise propose question quip reaffirm reassure recall reckon recognise
    recognize recommend refuse reiterate reject remark remind repeat reply report request respond reveal say
    seek shout show signal speculate state stress suggest support tell testify think threaten tout tweet
    urge view vow want warn welcome whisper worry write yell
    """
)

# Verbs that report only with a clausal complement ("found that …", "showed that …"), never with a
# plain object ("found a dog").
CLAUSE_ONLY_VERBS: frozenset[str] = _words(
    """
    ask believe continue doubt expect fear find hop hope indicate learn mean question signal think worry
    """
)

# Adverbs before a reporting verb that are not part of its cue ("when he said", "so said").
NON_CUE_ADVERBS: frozenset[str] = frozenset({"when", "how", "so", "then", "never", "where", "why", "as", "just"})

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
# "Danish outlet The Copenhagen Post" → source "The Copenhagen Post".
DESCRIPTOR_NOUNS: frozenset[str] = _words(
    """
    agencies agency broadcaster broadcasters channel channels dailies daily group groups magazine magazines
    network networks newspaper newspapers organisation organisations organization organizations outlet
    outlets paper papers portal portals publication publications service site sites station stations tabloid
    tabloids website websites wire
    """
)

# Pronouns resolved to an earlier named source, and what kind of source each may stand for.
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
NONPERSON_PRONOUNS: frozenset[str] = frozenset({"it"})
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they", "them"})
FIRST_PERSON_PRONOUNS: frozenset[str] = frozenset({"i", "we", "me", "us"})
SPEAKER_PRONOUNS: frozenset[str] = frozenset({"i", "we", "you"})  # refer to whoever is being quoted
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that", "whom"})

# Verbs that make a clause a verification note, not a claim: "X could not independently verify …".
VERIFICATION_VERBS: frozenset[str] = frozenset({"verify", "confirm", "corroborate", "substantiate"})

# A clause that states something could not be verified: a verification note, never a claim's content.
VERIFICATION_NOTE = re.compile(
    r"\b(?:not|unable|cannot|can't|couldn't|n't|never|no way)\b(?:\s+\w+){0,3}?\s+"
    r"(?:independently\s+)?(?:verify|verified|confirm|confirmed|corroborate|corroborated|substantiate)\b",
    re.IGNORECASE,
)


def is_verification_note(text: str) -> bool:
    """Whether a text states that something could not be verified (a note, never a claim).

    >>> is_verification_note("Euronews could not independently verify these claims.")
    True
    """
    return VERIFICATION_NOTE.search(text) is not None


# Opening and closing quotation marks; a straight quote closes what it opened.
QUOTE_PAIRS: dict[str, str] = {"“": "”", '"': '"', "«": "»", "„": "“", "‘‘": "’’", "''": "''", "``": "''"}

# spaCy dependency labels.
SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass"})
CLAUSE_DEPS: frozenset[str] = frozenset({"ccomp"})
OBJECT_DEPS: frozenset[str] = frozenset({"dobj", "xcomp", "oprd", "attr"})
SOURCE_CUT_DEPS: frozenset[str] = frozenset({"relcl"})

# Titles and roles before a name ("President Anna Virtanen"): not part of the actor's name, but a
# sign that the source is a person; alone ("the president said") they refer back to a named source.
TITLES: frozenset[str] = _words(
    """
    admiral ambassador analyst attorney candidate captain ceo chair chairman chairwoman chancellor chief
    col. colonel commander councillor councilor deputy director dr. economist expert founder gen. general
    gov. governor head judge justice king lawyer leader lieutenant mayor minister mr. mrs. ms. nominee
    officer official pope president prime prince princess prof. professor queen rep. representative
    secretary sen. senator sergeant sheriff spokesman spokesperson spokeswoman vice del. lt. sgt. amb. atty.
    congressman congresswoman assemblyman assemblywoman councilman councilwoman chairperson strategist
    surrogate adviser advisor aide pollster
    """
)

# Titles that name one role: "Pagliano's lawyer" is the "attorney for Pagliano" the article names.
TITLE_SYNONYMS: dict[str, str] = {
    "lawyer": "attorney",
    "attorney": "lawyer",
    "adviser": "advisor",
    "advisor": "adviser",
}

# Quoted words inside an indirect content below which the quotes are scare quotes (kind stays
# "indirect"); at or above it the attribution is "mixed".
MIXED_MIN_QUOTED_WORDS = 4

# "Source: assertion" lines: how many tokens a source before the colon may have, and labels that are
# not sources ("Update: …", "Photo: …").
COLON_SOURCE_MAX_TOKENS = 6
COLON_LABELS: frozenset[str] = _words(
    """
    question answer q a update updated note photo photos video watch listen read related source sources
    breaking exclusive opinion analysis live explainer factbox timeline correction clarification warning
    disclaimer caption credit image graphic chart map transcript summary byline previously look email busted
    boom
    """
) | frozenset({"editor's note", "read more", "see also", "full story", "live updates", "short reads"})

# Before a colon, these join topics rather than name a speaker ("Russia and Syria: …", "Trump vs. Biden: …"),
# and names of these entity types are what a line is about ("Syria: …").
COLON_TOPIC_JOINERS: frozenset[str] = frozenset({"&", "vs", "vs.", "versus", "v.", "v"})
COLON_TOPIC_ENTITIES: frozenset[str] = frozenset(
    {"GPE", "LOC", "FAC", "EVENT", "DATE", "LAW", "PRODUCT", "WORK_OF_ART"}
)

# Cues that name, not report: "the group, also known as ISIS" asserts nothing.
NON_CUE = re.compile(
    r"(?:(?:also|better|otherwise|widely|commonly|locally|now|formerly) )?(?:known|dubbed|nicknamed)(?: as)?|"
    r"so-called|aka|a\.k\.a\.",
    re.IGNORECASE,
)

# Contents that are a newsroom's formula, not an assertion: "… did not respond to a request for comment",
# "… declined to comment on the pricing".
NOT_CLAIM_CONTENT = re.compile(
    r"\b(?:requests?|inquir(?:y|ies)|calls?|messages?|emails?) (?:for|seeking) comments?\b|"
    r"^(?:to )?(?:immediately )?(?:comment|respond|reply)(?: (?:on|to|about) [^,;.“”\"]{0,80})?[.]?$",
    re.IGNORECASE,
)

# Words in a source phrase that tell what kind of actor it is, checked in this order (first match wins).
# A proper name found in the known-actor table (data/actors.json) overrides them.
ACTOR_TYPE_WORDS: dict[str, frozenset[str]] = {
    "anonymous": _words("anonymous unnamed anonymity undisclosed"),  # explicit markers outrank the rest
    "intelligence": _words("intelligence spy spies spymaster"),
    "unspecified": _words("report reports rumour rumours rumor rumors claims speculation"),
    "military_unit": _words(
        "brigade brigades battalion battalions regiment regiments division divisions corps army armies navy "
        "fleet unit units command forces military troops airforce"
    ),
    "government": _words(
        "government ministry ministries cabinet administration presidency kremlin parliament embassy "
        "department office council authorities authority regime junta"
    ),
    "think_tank": _words("think tank institute institution centre center"),
    "ngo": _words("ngo ngos charity charities foundation watchdog rights humanitarian"),
    "outlet": _words(
        "outlet outlets newspaper newspapers daily dailies tabloid tabloids broadcaster broadcasters agency "
        "agencies website websites channel channels magazine magazines publication publications station "
        "stations portal portals paper papers news tv television radio journal times post herald tribune "
        "gazette courier telegraph guardian independent wire press media"
    ),
    "anonymous ": _words("source sources insider insiders familiar"),  # plain "sources": after the above
    "organization": _words(
        "company companies firm firms corporation operator operators bank banks university universities hospital "
        "hospitals manufacturer utility airline airlines insurer producer union association"
    ),
    "group": _words(
        "movement movements group groups party parties coalition alliance militia militias rebels protesters "
        "activists residents witnesses campaigners partisans volunteers unions opposition police"
    ),
}

# Participles of these verbs ("…, supporting their war efforts") are not reports of speech; they count
# only as finite verbs ("The union supports the plan").
ATTITUDE_VERBS: frozenset[str] = _words(
    """
    attack back blast challenge compare condemn continue decline defend denounce discuss embrace endorse expect
    express highlight hop hope list mock oppose plan portray prefer recognise recognize refuse request seek
    support tout view want welcome praise criticize criticise blame
    """
)

# Name endings that mark a news outlet ("The Copenhagen Post", "The Meridian Post").
OUTLET_NAME_ENDINGS: frozenset[str] = _words(
    "times post news independent journal herald tribune gazette courier telegraph guardian daily express "
    "chronicle observer mirror star sun standard examiner inquirer dispatch radio tv fm today"
)

# Hedges: how firmly a source asserts something. Strengths: certain, probable, possible, reported
# (relayed without endorsement, a distancing verb such as "claimed"), disputed (denied, contested).
# Keys are lower-case lemmas; a cue verb is looked up in HEDGE_CUES, content words in HEDGE_WORDS.
HEDGE_CUES: dict[str, str] = {
    "suggest": "possible", "speculate": "possible", "hint": "possible", "imply": "possible", "doubt": "possible",
    "assess": "probable", "estimate": "probable", "believe": "probable", "think": "probable", "expect": "probable",
    "predict": "probable", "reckon": "probable", "forecast": "probable", "fear": "possible",
    "claim": "reported", "allege": "reported", "purport": "reported",
    "deny": "disputed", "dispute": "disputed", "reject": "disputed", "contest": "disputed", "refute": "disputed",
    "dismiss": "disputed", "question": "disputed",
    "confirm": "certain", "prove": "certain", "establish": "certain", "demonstrate": "certain",
}  # fmt: skip
HEDGE_WORDS: dict[str, str] = {
    "likely": "probable", "probably": "probable", "presumably": "probable", "probable": "probable",
    "appear": "possible", "appears": "possible", "appeared": "possible", "seem": "possible", "seems": "possible",
    "seemed": "possible", "might": "possible", "may": "possible", "could": "possible", "possibly": "possible",
    "perhaps": "possible", "potentially": "possible", "apparently": "possible", "unlikely": "possible",
    "possible": "possible", "maybe": "possible",
    "reportedly": "reported", "allegedly": "reported", "purportedly": "reported", "supposedly": "reported",
    "unconfirmed": "reported", "unverified": "reported",
    "definitely": "certain", "certainly": "certain", "clearly": "certain", "undoubtedly": "certain",
    "confirmed": "certain",
}  # fmt: skip
MODAL_HEDGES: frozenset[str] = frozenset({"might", "may", "could"})  # hedges only as modal verbs (tag MD)

# Verbs whose outlet subject shows the article's own publisher at work ("X has contacted Y for comment").
PUBLISHER_SELF_VERBS: frozenset[str] = _words("contact reach approach verify confirm obtain review analyse analyze")

# Nouns that can name a source (of a chain "citing …", or before a colon "Poll: …"); other objects of
# "citing" give a reason ("citing the investigation"), not a source.
SOURCE_NOUNS: frozenset[str] = _words(
    """
    source official spokesperson spokesman spokeswoman diplomat witness report document statement survey poll
    study analyst expert media outlet newspaper agency ministry government military intelligence person people
    resident insider aide adviser advisor camp campaign police authority investigator researcher scientist
    data figure record filing letter memo email lawyer prosecutor court judge officer commander
    """
)

# Verbs that report only with these complements ("called X a liar", "called for …"), not with a plain
# object ("called us").
RESTRICTED_COMPLEMENTS: dict[str, frozenset[str]] = {"call": frozenset({"oprd", "ccomp", "prep"})}

# Objects of "claim" that are an entitlement taken, not a thing asserted: a taxpayer "claimed a loss", a group
# "claimed responsibility", a party "claimed the seat" — acts, not speech ("The Times reported Trump had claimed a
# loss" is the Times' report, not Trump's words), while "claimed vast wealth", "claimed that …" report speech.
ENTITLEMENT_VERBS: frozenset[str] = frozenset({"claim"})
ENTITLEMENT_NOUNS: frozenset[str] = _words(
    """
    loss losses deduction deductions exemption exemptions write-off write-offs refund refunds rebate credit
    credits benefit benefits allowance expenses expense asylum responsibility ownership title titles seat seats
    prize prizes crown throne inheritance compensation damages lives life victims land territory
    """
)

# Objects of "citing" that give a reason, not a source ("declined to comment, citing the investigation").
REASON_NOUNS: frozenset[str] = _words(
    """
    investigation inquiry concern reason need lack risk law rule policy circumstance health security privacy
    confidentiality litigation case process matter situation sensitivity safety procedure protocol regulation
    """
)

# Heads of a source phrase that speak for an organisation named after them ("a spokesperson for X"):
# the actor is the organisation.
SPOKES_NOUNS: frozenset[str] = _words("spokesperson spokesman spokeswoman spokespeople representative press office")
# Nouns that report what their owner asserts: "Trump's claim that …", "the police's assertion that …".
NOMINAL_CUES: frozenset[str] = _words(
    "claim assertion contention allegation insistence argument suggestion warning promise pledge belief"
)

# Roles whose holder speaks for whom the role is of ("X, a lawyer for Y", "Y's attorney", "X, chief strategist for
# the RNC"): the person stays the actor, the organisation or client is who they speak for.
AGENT_NOUNS: frozenset[str] = SPOKES_NOUNS | _words("attorney attorneys lawyer lawyers counsel strategist")

# --- Actors (attribute/actors.py) ---------------------------------------------------------------------
# Party labels before a name ("Democrat Hillary Clinton", "GOP Sen. X"): not part of it.
PARTY_LABELS: frozenset[str] = _words("democrat democratic republican gop independent libertarian")
# Honorifics before a name: not part of it, and the gender a pronoun must agree with.
MALE_HONORIFICS: frozenset[str] = _words("mr mr. sir")
FEMALE_HONORIFICS: frozenset[str] = _words("mrs mrs. ms ms. miss dame")
HONORIFICS: frozenset[str] = MALE_HONORIFICS | FEMALE_HONORIFICS | _words("dr dr.")
# Name parts that are not a given name or a surname: "Martin Luther King Jr." → key (martin, king).
NAME_SUFFIXES: frozenset[str] = _words("jr jr. sr sr. ii iii iv")
# Lower-case particles that belong to the surname: "Bill de Blasio" → surname "de Blasio".
SURNAME_PARTICLES: frozenset[str] = _words("de del della der di da du la le van von bin al el dos das ter")
# Entity labels of a source phrase's head that make it no actor: "Sept. said", "27 percent say".
NON_ACTOR_ENTITIES: frozenset[str] = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
# Indefinite pronouns: "someone in the audience said" names nobody (unless "familiar with …": anonymous).
INDEFINITE_PRONOUNS: frozenset[str] = _words(
    "someone somebody anyone anybody everyone everybody nobody one none some many few others all both each"
)
# Pronouns that address or generalise ("you know"): never an actor.
GENERIC_PRONOUNS: frozenset[str] = _words("you ye y'all yourself yourselves")
# Heads of a source phrase that are things, not speakers: a document, a count, a result. Their owner
# speaks ("Trump's tweet said" → Trump; "a report by the IMF" → the IMF); without one, nobody does.
THING_NOUNS: frozenset[str] = _words(
    """
    result results figure figures number numbers data poll polls polling survey surveys study studies analysis
    analyses estimate estimates projection projections forecast forecasts model models statistic statistics
    tweet tweets post posts message messages email emails letter letters memo memos note notes statement
    statements document documents filing filings complaint complaints lawsuit lawsuits suit ruling rulings
    order orders transcript transcripts record records book books article articles story stories page pages
    video videos ad ads advertisement advertisements website websites release releases speech speeches
    remark remarks comment comments testimony interview interviews audit audits review reviews chart charts
    map maps table tables difference differences change changes trend trends evidence sign signs fact facts
    history experience bill bills law laws plan plans proposal proposals policy policies platform agreement
    deal deals investigation inquiry probe bombshell headline headlines photo photos image images footage
    average averages tally count index rating ratings score scores sample margin account accounts
    """
)
# Common nouns for one person, with no name ("a friend commented", "the woman said"): an indefinite one is an
# unnamed person known only within its article; a definite one with a gender ("the woman", "the mother of
# three") refers back as "she"/"he" would. Gender: the noun's own, else none.
PERSON_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(_words("woman mother wife daughter sister girl lady grandmother widow girlfriend"), "female"),
    **dict.fromkeys(_words("man father husband son brother boy gentleman grandfather widower boyfriend"), "male"),
    **dict.fromkeys(
        _words(
            """
            friend doctor physician nurse reporter journalist neighbor neighbour voter resident witness teacher
            student worker employee veteran supporter critic relative colleague owner passenger customer patient
            victim survivor acquaintance classmate participant attendee shopper caller viewer reader
            """
        ),
        None,
    ),
}
# Documents that, without an owner of their own ("the poll", "A new poll"), are the one the article names
# with its owner nearby ("a new Washington Post-ABC News poll"): the owner speaks for both.
# Many measurements taken together that news text cites as a vague source ("exit polls", "federal statistics"):
# with a word saying which, an unspecified actor of the article; alone ("polls show") no actor.
MEASURE_NOUNS: frozenset[str] = _words("polls surveys statistics estimates projections forecasts averages")
# Nouns that gather many people into one voice: "a chorus of prominent Republicans", "a handful of senators".
COLLECTIVE_NOUNS: frozenset[str] = _words("chorus handful number host array slew string bevy series litany wave")
REFERRED_THINGS: frozenset[str] = _words(
    "poll survey study report analysis audit review statement article story piece feature column book memoir"
)
# Nouns that refer back to one document under another word: "ran a feature …" then "The article"; "wrote a
# memoir" then "the book".
REFERRED_SYNONYMS: dict[str, str] = {"story": "article", "piece": "article", "feature": "article", "column": "article",
                                     "memoir": "book"}  # fmt: skip
# Verbs whose subject authors the document they take as object: "The Post ran a feature", "Mariano wrote a
# memoir", "the DNC issued a statement".
AUTHORING_VERBS: frozenset[str] = _words("publish run write issue release post print air pen author")
# Bodies a person owns and that are named after them: "Donald Trump's campaign", "his campaign" → "Trump campaign".
OWNED_BODIES: frozenset[str] = _words("campaign administration team camp")
# A person's "team" or "camp" in a source phrase is their campaign: "Clinton's team says" = the Clinton campaign.
CAMPAIGN_SYNONYMS: dict[str, str] = {"team": "campaign", "camp": "campaign"}
# Heads of a source phrase that are people or organisations in general ("experts", "the Trump campaign"):
# with a proper-noun modifier the whole phrase is the actor's name ("Obama administration").
BODY_NOUNS: frozenset[str] = _words(
    """
    administration campaign campaigns committee commission government team staff office agency department
    ministry council court party camp supporters supporter critics critic allies ally aides aide advisers
    adviser advisors advisor officials official lawyers lawyer attorneys attorney voters voter people
    residents resident experts expert analysts analyst economists economist scientists scientist researchers
    researcher leaders leader members member democrats republicans family relatives friends colleagues
    organizers organisers activists protesters lawmakers legislators senators delegates donors backers
    strategists pollsters observers spokesman spokeswoman spokesperson representatives representative
    investigators prosecutors police authorities governments ministries officers workers employees
    executives managers students teachers doctors nurses soldiers troops forces sources insiders witnesses
    journalists reporters editors editorial board critics skeptics opponents opponent rivals rival
    foundation institute center centre group groups coalition union unions association network company firm
    pac pacs panel
    """
)
# A committee of a legislature speaks as government ("A House panel voted", "the Senate committee said"); a
# party's committee does not.
LEGISLATIVE_BODIES: frozenset[str] = _words("committee committees panel panels subcommittee subcommittees")
LEGISLATURES: frozenset[str] = _words("house senate congress congressional parliament parliamentary legislative")
