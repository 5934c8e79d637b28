"""Analysts' reviews of claims: a status and notes, each change kept in an append-only log.

claimledger does not check facts; an analyst does. :func:`add_review` records one change — a new status, a
note, or both — with who made it and when; :func:`review_of` reads a claim's current status and its whole
log. Both the CLI (``claimledger review``) and the web (the form on a claim's page) go through here, so the
same rules hold everywhere: a known claim, one of :data:`STATUSES`, a note that is not empty, not over
``CLAIMLEDGER_REVIEW_NOTE_CHARS`` and free of control characters (line breaks and tabs are kept), and a
reviewer's name on one line. The log is never updated or deleted (the database refuses both); the claim's
``review_status`` column is the latest status, set in the same transaction.

>>> from claimledger.ledger.store import Ledger
>>> ledger = Ledger.open(":memory:")
>>> add_review(ledger, 1, status="supported", reviewer="ana")
Traceback (most recent call last):
...
claimledger.ledger.reviews.ReviewError: no claim with id 1 in the ledger
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from claimledger.errors import ClaimledgerError
from claimledger.ledger.schema import claims, review_log
from claimledger.ledger.store import Ledger, valid_id
from claimledger.records import now_iso, to_dict

UNREVIEWED = "unreviewed"
STATUSES = (UNREVIEWED, "checking", "supported", "refuted", "unverifiable")
# The statuses that rate a claim, on the scale the ClaimReview export gives (worst 1, best 3); "unreviewed"
# and "checking" are no rating yet.
RATINGS = {"refuted": 1, "unverifiable": 2, "supported": 3}
WORST_RATING, BEST_RATING = 1, 3
MAX_REVIEWER = 100  # characters in a reviewer's name
NOTE_CHARS = 4_000  # the default of CLAIMLEDGER_REVIEW_NOTE_CHARS

# C0 controls (a note keeps its line feeds and tabs), DEL and C1 controls, and the invisible marks that
# reorder what is shown (bidirectional overrides and isolates)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_NOTE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class ReviewError(ClaimledgerError):
    """A review that cannot be recorded: an unknown claim or status, or a note or name that is not allowed."""


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One change in a claim's review log: ``status`` is ``None`` when only a note was added."""

    id: int
    claim_id: int
    status: str | None
    note: str | None
    reviewer: str
    at: str


@dataclass(frozen=True, slots=True)
class Review:
    """A claim's review: its current status, who set it and when (``None`` while unreviewed), and its log,
    oldest first."""

    claim_id: int
    status: str = UNREVIEWED
    by: str | None = None
    at: str | None = None
    log: list[ReviewEntry] = field(default_factory=list)

    @property
    def rating(self) -> int | None:
        """The status on the export's scale (refuted 1, unverifiable 2, supported 3), ``None`` for no rating."""
        return RATINGS.get(self.status)

    @property
    def rated_by(self) -> ReviewEntry | None:
        """The log entry that set the current status (``None`` while unreviewed)."""
        return next((e for e in reversed(self.log) if e.status is not None), None)

    def to_dict(self) -> dict[str, Any]:
        """The review as JSON: ``status``, ``by``, ``at``, ``rating`` (``None``: no rating) and ``log``."""
        return {"status": self.status, "by": self.by, "at": self.at, "rating": self.rating, "log": to_dict(self.log)}


def _control(text: str, what: str, *, newlines: bool) -> None:
    found = (_CONTROL_IN_NOTE if newlines else _CONTROL).search(text)
    if found is not None or any(unicodedata.category(ch) == "Cs" for ch in text):
        code = ord(found.group()) if found is not None else next(ord(c) for c in text if 0xD800 <= ord(c) < 0xE000)
        raise ReviewError(f"the {what} holds a control character (U+{code:04X}): write it as plain text")


def clean_status(status: str | None) -> str | None:
    """The status as stored (``None``: unchanged); anything not in :data:`STATUSES` is a :class:`ReviewError`.

    >>> clean_status(" Supported ")
    'supported'
    >>> clean_status("true")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    claimledger.ledger.reviews.ReviewError: unknown review status 'true': choose unreviewed, checking, ...
    """
    if status is None:
        return None
    value = status.strip().lower()
    if value not in STATUSES:
        choices = ", ".join(STATUSES[:-1]) + f" or {STATUSES[-1]}"
        raise ReviewError(f"unknown review status {status[:40]!r}: choose {choices}")
    return value


def clean_note(note: str | None, limit: int = NOTE_CHARS) -> str | None:
    """The note as stored (line breaks as ``\\n``, outer blank space trimmed; ``None``: no note).

    >>> clean_note("  Checked with the ministry.\\r\\nNo record.  ")
    'Checked with the ministry.\\nNo record.'
    >>> clean_note("   ")
    Traceback (most recent call last):
    ...
    claimledger.ledger.reviews.ReviewError: the note is empty: write something, or leave the note out
    """
    if note is None:
        return None
    text = note.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ReviewError("the note is empty: write something, or leave the note out")
    if len(text) > limit:
        size = f"{len(text):,} characters long: at most {limit:,}"
        raise ReviewError(f"the note is {size} (CLAIMLEDGER_REVIEW_NOTE_CHARS)")
    _control(text, "note", newlines=True)
    return text


def clean_reviewer(reviewer: str | None) -> str:
    """Who reviews: a name on one line, at most :data:`MAX_REVIEWER` characters.

    >>> clean_reviewer("  Ana  Lima ")
    'Ana Lima'
    """
    name = re.sub(" +", " ", (reviewer or "").strip())
    if not name:
        raise ReviewError("say who reviews: a reviewer's name is needed")
    if len(name) > MAX_REVIEWER:
        raise ReviewError(f"the reviewer's name is {len(name):,} characters long: at most {MAX_REVIEWER}")
    _control(name, "reviewer's name", newlines=False)
    return name


def _claim_exists(conn: sa.Connection, claim_id: int) -> bool:
    return valid_id(claim_id) and conn.scalar(sa.select(claims.c.id).where(claims.c.id == claim_id)) is not None


def add_review(
    ledger: Ledger,
    claim_id: int,
    *,
    reviewer: str,
    status: str | None = None,
    note: str | None = None,
    note_limit: int = NOTE_CHARS,
) -> ReviewEntry:
    """Record a change of ``claim_id``'s review — a status, a note, or both — by ``reviewer``, now.

    Everything is checked before anything is written (:class:`ReviewError` says what is wrong); the log entry
    and the claim's current status are written in one transaction.
    """
    status, note, reviewer = clean_status(status), clean_note(note, note_limit), clean_reviewer(reviewer)
    if status is None and note is None:
        raise ReviewError("nothing to record: give a status, a note, or both")
    if not valid_id(claim_id):
        raise ReviewError(f"no claim with id {claim_id} in the ledger")
    at = now_iso()
    try:
        with ledger.writing() as conn:
            if not _claim_exists(conn, claim_id):
                raise ReviewError(f"no claim with id {claim_id} in the ledger")
            values = {"claim_id": claim_id, "status": status, "note": note, "reviewer": reviewer, "created_at": at}
            entry_id = conn.execute(review_log.insert().values(**values)).inserted_primary_key[0]  # type: ignore[index]
            if status is not None:
                conn.execute(claims.update().where(claims.c.id == claim_id).values(review_status=status))
    except sa.exc.SQLAlchemyError as exc:
        raise ReviewError(f"the review was not recorded: {getattr(exc, 'orig', None) or exc}") from exc
    return ReviewEntry(int(entry_id), claim_id, status, note, reviewer, at)


def _entry(row: sa.Row[tuple[object, ...]]) -> ReviewEntry:
    return ReviewEntry(row.id, row.claim_id, row.status, row.note, row.reviewer, row.created_at)


def _review(claim_id: int, status: str | None, log: list[ReviewEntry]) -> Review:
    review = Review(claim_id, status or UNREVIEWED, log=log)
    setter = review.rated_by
    if setter is None:
        return review
    return Review(claim_id, review.status, setter.reviewer, setter.at, log)


def review_of(ledger: Ledger, claim_id: int) -> Review:
    """The claim's current status and its review log, oldest first (:class:`ReviewError`: no such claim)."""
    if not valid_id(claim_id):
        raise ReviewError(f"no claim with id {claim_id} in the ledger")
    with ledger.connect() as conn:
        status = conn.execute(sa.select(claims.c.review_status).where(claims.c.id == claim_id)).first()
        if status is None:
            raise ReviewError(f"no claim with id {claim_id} in the ledger")
        rows = conn.execute(
            sa.select(review_log).where(review_log.c.claim_id == claim_id).order_by(review_log.c.id)
        ).all()
    return _review(claim_id, status.review_status, [_entry(r) for r in rows])


def reviewed_claims(ledger: Ledger) -> dict[int, Review]:
    """Every claim that has a review log, by id (claims absent here are unreviewed, with no log)."""
    with ledger.connect() as conn:
        statuses = dict(
            conn.execute(
                sa.select(claims.c.id, claims.c.review_status).where(claims.c.id.in_(sa.select(review_log.c.claim_id)))
            ).all()
        )
        logs: dict[int, list[ReviewEntry]] = {}
        for row in conn.execute(sa.select(review_log).order_by(review_log.c.claim_id, review_log.c.id)):
            logs.setdefault(row.claim_id, []).append(_entry(row))
    return {i: _review(i, statuses.get(i), log) for i, log in logs.items() if i in statuses}
