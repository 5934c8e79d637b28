"""Rows of the ledger's tables from records and back: attributions, their spans' columns, actors.

The full article record is stored as JSON (``articles.record``); these rows are the queryable copy of its
attributions and actors that SQL readers (views, Datasette, full-text search) use.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.ledger.keys import PERSON_TYPES, actor_key, name_variants
from claimledger.ledger.schema import actor_aliases, actors
from claimledger.records import to_dict


def span_cols(prefix: str, span: Any) -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


AMBIGUOUS = " (ambiguous)"
# A surname alone joins the person the ledger's articles most often resolved it to, when that person has
# at least this share of the candidates' mentions ("Trump" → Donald Trump, not Ivanka Trump)
SURNAME_SHARE = 0.75


GENERIC_TYPES = ("group", "unspecified", "organization", "anonymous", "government", "military_unit", "ngo")


def is_generic(actor: Any) -> bool:
    """Whether an actor is a generic body named by common nouns only ("officials", "the company", "experts"):
    who it is depends on the article that names it."""
    name = actor.name
    if actor.type == "anonymous" and not name.endswith(")"):
        return True  # "a GOP source", "sources familiar with the talks": each outlet's own unnamed source
    if actor.type not in GENERIC_TYPES or name.endswith(")") or not name[:1].isalpha():
        return False
    from claimledger.attribute import lexicon as lx

    # "super PAC": a kind of body written as an acronym is a common noun
    name = " ".join(w.lower() if w.isupper() and w.lower() in lx.BODY_NOUNS else w for w in name.split())
    if name.islower():
        return True
    # "Officials", "Reports", "Experts said" at a sentence's start: a common noun, capitalised by its place

    words = name.split()
    nouns = lx.BODY_NOUNS | lx.SOURCE_NOUNS | lx.THING_NOUNS | lx.DESCRIPTOR_NOUNS | {"report", "reports"}
    return name[1:].islower() and words[-1].lower() in nouns and all(w.lower() in nouns or w.islower() for w in words)


POSSESSIVES = frozenset({"his", "her", "their", "its"})  # "His lawyer", a role the article left unnamed


def unnamed_person(actor: Any) -> bool:
    """Whether a person actor is one a description gives, not a name ("a friend", "A reporter for USA Today",
    "His lawyer"): who it is depends on the article, so it never merges across articles.

    >>> from claimledger.records import Actor
    >>> unnamed_person(Actor("a doctor", "person")), unnamed_person(Actor("Anna Virtanen", "person"))
    (True, False)
    """
    from claimledger.attribute.registry import INDEFINITE_ARTICLES  # the article's own reading of "a", "one"

    words = actor.name.split()
    opening = words[0].lower() if words else ""
    return actor.type in PERSON_TYPES and len(words) >= 2 and (opening in INDEFINITE_ARTICLES or opening in POSSESSIVES)


def lone_given_name(conn: Connection, actor: Any) -> bool:
    """Whether a person actor is named by a given name alone ("Bob", "Melanie") that is nobody's surname in the
    ledger nor a known actor: who it is depends on the article, so it never merges across articles.

    "Graham" or "Clinton", given names too, are surnames once the ledger holds a Lindsey Graham or a Hillary
    Clinton, and join them as surnames do."""
    from claimledger.attribute.actors import given_name_gender
    from claimledger.attribute.registry import known_actors

    name = actor.name
    if actor.type not in PERSON_TYPES or " " in name or given_name_gender(name) is None:
        return False
    if known_actors().get(name) is not None:
        return False
    return conn.scalar(sa.select(actors.c.id).where(actors.c.surname == name.casefold()).limit(1)) is None


def own_outlet(actor: Any, site: str | None) -> str | None:
    """The article's publisher, when an outlet actor is the short name an outlet gives itself ("The Post" in The
    Washington Post's article: the last word of a name of two words or more); else ``None``.

    >>> from claimledger.records import Actor
    >>> own_outlet(Actor("The Post", "outlet"), "wash-post"), own_outlet(Actor("The Post", "outlet"), "nyt")
    ('The Washington Post', None)
    >>> own_outlet(Actor("Post", "outlet"), "huff-post"), own_outlet(Actor("Reuters", "outlet"), "Reuters")
    (None, None)
    """
    from claimledger.attribute.registry import canonical_outlet

    if actor.type != "outlet" or not site:
        return None
    short = actor.name.split()
    if short[:1] and short[0].casefold() == "the":
        short = short[1:]
    publisher = canonical_outlet(site)
    words = publisher.split()
    if len(short) != 1 or len(words) < 2 or publisher == actor.name:
        return None
    return publisher if words[-1].casefold() == short[0].casefold() else None


def actor_id(conn: Connection, actor: Any) -> int:
    """The ledger's id of an actor, merging by :func:`actor_key` (and a lone surname by the full name the
    ledger's articles resolved it to); the actor takes the ledger's canonical name (``actor.name`` is set)."""
    from claimledger.attribute.registry import known_actors

    known = known_actors().get(actor.name)
    if known is not None and known.name != actor.name and known.type == actor.type:
        actor.aliases.append(actor.name)  # "AP" however it came (a dateline, a chain): the Associated Press
        actor.name = known.name
    key, surname = actor_key(actor.name, actor.type)
    if getattr(actor, "ambiguous", False) and surname is not None and key == f"person:{surname}":
        # "Clinton" in an article naming two Clintons: kept apart, visibly, never merged by guess
        key, surname = f"ambiguous:{surname}", None
        if not actor.name.endswith(AMBIGUOUS):
            actor.name += AMBIGUOUS
    row = conn.execute(
        sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.aliases).where(actors.c.key == key)
    ).first()
    if row is None and (variants := name_variants(key)):
        row = conn.execute(
            sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.aliases)
            .where(actors.c.key.in_(variants))
            .order_by(actors.c.id)
        ).first()
    if row is None and surname is not None and key == f"person:{surname}" and not getattr(actor, "ambiguous", False):
        row = _surname_owner(conn, surname, forms_gender([actor.name, *actor.aliases]))
    elif row is None and _lone_word(actor.name, actor.type):
        # "Trump" that the recogniser took for an organisation: the person who owns the surname, if one does
        row = _surname_owner(conn, actor.name.casefold(), forms_gender([actor.name, *actor.aliases]))
    if row is None:
        row = conn.execute(
            sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.aliases).where(actors.c.name == actor.name)
        ).first()
    forms = [f for f in dict.fromkeys([actor.name, *actor.aliases]) if f]
    if row is None:
        new_id = int(
            conn.execute(
                actors.insert().values(
                    name=actor.name,
                    type=actor.type,
                    aliases=json.dumps([f for f in forms if f != actor.name]),
                    country=actor.country,
                    affiliation=actor.affiliation,
                    key=key,
                    surname=surname,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )
        return new_id
    known = json.loads(row.aliases)
    merged = known + [a for a in forms if a not in known and a != row.name]
    values: dict[str, Any] = {}
    if merged != known:
        values["aliases"] = json.dumps(merged)
    if actor.type in PERSON_TYPES and row.type not in PERSON_TYPES and key.startswith("person:"):
        values["type"] = "person"  # once an article names it a person, "Trump" typed as an organisation is not
    if values:
        conn.execute(actors.update().where(actors.c.id == row.id).values(**values))
    if actor.affiliation:
        conn.execute(
            actors.update()
            .where(actors.c.id == row.id, actors.c.affiliation.is_(None))
            .values(affiliation=actor.affiliation)
        )
    if actor.name != row.name and actor.name not in actor.aliases:
        actor.aliases.append(actor.name)  # the article's own form stays with the record
    actor.name = row.name  # the ledger's canonical name, so origins and provenance agree across articles
    return int(row.id)


def settle_types(
    conn: Connection, actor_ids: Iterable[int], article: set[tuple[int | None, str | None]] | None = None
) -> None:
    """Each actor's type is the one most of its attributions give it, not its first article's ("Democrats" typed
    an NGO once and a group five times is a group); the known-actor table's type, where it knows the actor,
    and a person's, once any article named it one (a person key), win. A tie keeps the stored type.

    >>> majority_type("ngo", ["ngo", "group", "group"]), majority_type("group", ["ngo", "group"])
    ('group', 'group')
    """
    from claimledger.attribute.registry import known_actors
    from claimledger.ledger.schema import attributions

    ids = sorted(set(actor_ids))
    if ids and article is not None:  # (actor, type) of one article's attributions: another vote for the
        # stored type never moves the majority, so only the actors this article types otherwise are counted again
        stored = dict(conn.execute(sa.select(actors.c.id, actors.c.type).where(actors.c.id.in_(ids))).all())
        ids = sorted({i for i, t in article if i is not None and i in stored and t is not None and t != stored[i]})
    if not ids:
        return
    counts: dict[int, list[str]] = {}
    for r in conn.execute(
        sa.select(attributions.c.actor_id, attributions.c.actor_type, sa.func.count().label("n"))
        .where(attributions.c.actor_id.in_(ids), attributions.c.actor_type.is_not(None))
        .group_by(attributions.c.actor_id, attributions.c.actor_type)
    ):
        counts.setdefault(r.actor_id, []).extend([r.actor_type] * int(r.n))
    for row in conn.execute(
        sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.key).where(actors.c.id.in_(ids))
    ):
        told = counts.get(row.id, [])
        known = known_actors().get(row.name)
        if known is not None:
            wanted = known.type
        elif (row.key or "").startswith("person:") and any(t in PERSON_TYPES for t in told):
            wanted = majority_type(row.type, [t for t in told if t in PERSON_TYPES])
        else:
            wanted = majority_type(row.type, told)
        if wanted != row.type:
            conn.execute(actors.update().where(actors.c.id == row.id).values(type=wanted))


def majority_type(stored: str, told: list[str]) -> str:
    """The type most of ``told`` give, ``stored`` on a tie or when nothing tells."""
    tally = Counter(told)
    if not tally:
        return stored
    best = max(tally.values())
    return stored if tally.get(stored) == best else min(t for t, n in tally.items() if n == best)


def lone_surnames() -> sa.ColumnElement[bool]:
    """Actors that a full-name person may own: a person by surname alone, or a one-word body whose name is
    some full-name person's surname (what :func:`merge_lone_surnames` looks at)."""
    return sa.or_(
        sa.and_(actors.c.surname.is_not(None), actors.c.key == sa.literal("person:") + actors.c.surname),
        sa.and_(actors.c.type.in_(("organization", "group", "unspecified")), _names_a_surname()),
    )


def _names_a_surname() -> sa.ColumnElement[bool]:
    people = actors.alias("people")
    surnames = sa.select(people.c.surname).where(
        people.c.surname.is_not(None), people.c.key != sa.literal("person:") + people.c.surname
    )
    return sa.and_(actors.c.name.not_like("% %"), sa.func.lower(actors.c.name).in_(surnames))


def _lone_word(name: str, actor_type: str | None) -> bool:
    """A single capitalised word typed as a body that may be a person's surname ("Trump", not "NATO")."""
    return (
        actor_type in ("organization", "group", "unspecified")
        and " " not in name
        and name[:1].isupper()
        and name[1:].islower()
        and name.isalpha()
    )


def forms_gender(forms: Iterable[str]) -> str | None:
    """The gender the forms an article used for a person tell, when they agree: an honorific ("Mrs. Fiorina")
    or a pronoun the article resolved to that person ("she"); ``None`` when none tells or they disagree.

    >>> forms_gender(["Fiorina", "Mrs. Fiorina", "she"]), forms_gender(["Trump", "he", "Mr. Trump"])
    ('female', 'male')
    >>> forms_gender(["Clinton", "she", "he"]), forms_gender(["Fiorina"])
    (None, None)
    """
    from claimledger.attribute import lexicon as lx
    from claimledger.attribute.actors import FEMALE_WORDS, MALE_WORDS

    told: set[str] = set()
    for form in forms:
        words = form.casefold().split()
        if not words:
            continue
        if words[0] in lx.MALE_HONORIFICS or (len(words) == 1 and words[0] in MALE_WORDS):
            told.add("male")
        elif words[0] in lx.FEMALE_HONORIFICS or (len(words) == 1 and words[0] in FEMALE_WORDS):
            told.add("female")
    return told.pop() if len(told) == 1 else None


def _surname_owner(conn: Connection, surname: str, gender: str | None = None) -> Any:
    """The person a lone surname names in this ledger: the full-name person with that surname who holds at
    least :data:`SURNAME_SHARE` of the mentions of all such persons; else none (it stays on its own).

    A lone surname whose forms tell a gender (``gender``: "Mrs. Fiorina", "she") never goes to a person whose
    given name is nearly always the other's ("Frank Fiorina"): those candidates are left out of the count."""
    from claimledger.attribute.actors import given_name_gender, name_parts

    mentions = sa.select(sa.func.coalesce(sa.func.sum(actor_aliases.c.mentions), 0)).where(
        actor_aliases.c.actor_id == actors.c.id
    )
    rows = conn.execute(
        sa.select(
            actors.c.id, actors.c.name, actors.c.type, actors.c.aliases, mentions.scalar_subquery().label("n")
        ).where(actors.c.surname == surname, actors.c.key != f"person:{surname}", actors.c.type.in_(PERSON_TYPES))
    ).all()
    if gender is not None:
        rows = [r for r in rows if given_name_gender((name_parts(r.name) or [""])[0]) in (None, gender)]
    total = sum(r.n for r in rows)
    best = max(rows, key=lambda r: (r.n, -r.id), default=None)
    if best is None or total == 0 or best.n < SURNAME_SHARE * total:
        return None
    return best


def count_form(conn: Connection, ident: int, form: str, seen: set[tuple[int, str]]) -> None:
    """One more mention of actor ``ident`` as ``form``; ``seen`` holds the (actor, form)s of this article so far."""
    first = (ident, form) not in seen
    seen.add((ident, form))
    updated = conn.execute(
        actor_aliases.update()
        .where(actor_aliases.c.actor_id == ident, actor_aliases.c.alias == form)
        .values(mentions=actor_aliases.c.mentions + 1, articles=actor_aliases.c.articles + int(first))
    ).rowcount
    if not updated:
        conn.execute(actor_aliases.insert().values(actor_id=ident, alias=form, mentions=1, articles=1))


def attribution_row(article_id: int, position: int, a: Any, actor_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "kind": a.kind,
        **span_cols("source", a.source),
        **span_cols("cue", a.cue),
        "content": json.dumps(to_dict(a.content)),
        "content_text": " … ".join(s.text for s in a.content),
        "parent_position": a.parent,
        "chain": json.dumps(to_dict(a.chain)),
        "actor": a.actor.name if a.actor else None,
        "actor_id": actor_ids.get(a.actor.name) if a.actor else None,
        "actor_type": a.actor.type if a.actor else None,
        "verification_status": a.verification.status if a.verification else None,
        "confidence": a.confidence,
    }


def attribution_dict(r: Any) -> dict[str, Any]:
    def span(prefix: str) -> dict[str, Any] | None:
        start = getattr(r, f"{prefix}_start")
        if start is None:
            return None
        return {"start": start, "end": getattr(r, f"{prefix}_end"), "text": getattr(r, f"{prefix}_text")}

    return {
        "kind": r.kind,
        "content": json.loads(r.content),
        "source": span("source"),
        "cue": span("cue"),
        "parent": r.parent_position,
        "chain": json.loads(r.chain),
        "actor": {"name": r.actor, "type": r.actor_type or "unspecified"} if r.actor else None,
        "confidence": r.confidence,
    }


def merge_lone_surnames(conn: Connection) -> list[int]:
    """Merge each person actor known only by a surname ("Trump", stored before any article named Donald
    Trump) into the full-name person who now owns that surname (:func:`_surname_owner`): its attributions,
    the stored records' names and the alias counts move. Returns the ids of the claims whose members moved."""
    from claimledger.ledger.schema import articles, attributions, claim_members

    lone = conn.execute(
        sa.select(actors.c.id, actors.c.name, actors.c.type, actors.c.surname, actors.c.aliases).where(lone_surnames())
    ).all()
    touched: set[int] = set()
    for source in lone:
        if source.surname is None and not _lone_word(source.name, source.type):
            continue
        forms = [source.name, *json.loads(source.aliases or "[]")]
        target = _surname_owner(conn, source.surname or source.name.casefold(), forms_gender(forms))
        if target is None or target.id == source.id:
            continue
        moved = conn.execute(
            sa.select(attributions.c.id, attributions.c.article_id).where(attributions.c.actor_id == source.id)
        ).all()
        conn.execute(
            attributions.update()
            .where(attributions.c.actor_id == source.id)
            .values(
                actor_id=target.id,
                actor=target.name,
                actor_type=sa.case(
                    (attributions.c.actor_type.in_(PERSON_TYPES), attributions.c.actor_type), else_="person"
                ),
            )
        )
        for article_id in sorted({m.article_id for m in moved}):
            record = conn.scalar(sa.select(articles.c.record).where(articles.c.id == article_id))
            if record is None:
                continue
            data = json.loads(record)
            for a in data.get("attributions", []):
                for actor in [a.get("actor"), *(link.get("actor") for link in a.get("chain", []))]:
                    if actor and actor.get("name") == source.name:
                        actor["name"] = target.name
                        if source.name not in actor.setdefault("aliases", []):
                            actor["aliases"].append(source.name)
            conn.execute(
                articles.update().where(articles.c.id == article_id).values(record=json.dumps(data, ensure_ascii=False))
            )
        for form in conn.execute(sa.select(actor_aliases).where(actor_aliases.c.actor_id == source.id)).all():
            updated = conn.execute(
                actor_aliases.update()
                .where(actor_aliases.c.actor_id == target.id, actor_aliases.c.alias == form.alias)
                .values(
                    mentions=actor_aliases.c.mentions + form.mentions, articles=actor_aliases.c.articles + form.articles
                )
            ).rowcount
            if not updated:
                conn.execute(
                    actor_aliases.insert().values(
                        actor_id=target.id, alias=form.alias, mentions=form.mentions, articles=form.articles
                    )
                )
        known = json.loads(target.aliases)
        extra = [
            a
            for a in [
                source.name,
                *json.loads(conn.scalar(sa.select(actors.c.aliases).where(actors.c.id == source.id)) or "[]"),
            ]
            if a not in known and a != target.name
        ]
        if extra:
            conn.execute(actors.update().where(actors.c.id == target.id).values(aliases=json.dumps(known + extra)))
        conn.execute(actor_aliases.delete().where(actor_aliases.c.actor_id == source.id))
        conn.execute(actors.delete().where(actors.c.id == source.id))
        ids = [m.id for m in moved]
        if ids:
            touched |= set(
                conn.scalars(sa.select(claim_members.c.claim_id).where(claim_members.c.attribution_id.in_(ids)))
            )
    return sorted(touched)
