"""Keyset pagination: a page of a sorted list starts after (or ends before) the row a cursor names, never
at an offset, so page 1,000 costs what page 1 costs and rows added meanwhile never shift a page.

A list's order is :class:`Key` columns (most significant first; ``NULL`` always last) ending in a unique one.
A cursor is the sort values of the row it stands after or before, with the page's number for display; it
travels as an opaque URL-safe token (:meth:`Cursor.token`). Each page is read as a few index range scans
("tiers"): the rows equal to the cursor on the leading keys and after it on the next one, most significant key
last, then the ``NULL``s. Every tier is a plain range over the list's composite index on both SQLite and
PostgreSQL, where an ``OR`` of comparisons would not be.

>>> c = Cursor((3, 17), after=True, page=2)
>>> Cursor.parse(c.token()) == c
True
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from claimledger.errors import ClaimledgerError

MAX_TOKEN = 2000  # characters: a longer cursor is not one of ours


class CursorError(ClaimledgerError):
    """A cursor that is not one this list gave out."""


@dataclass(frozen=True, slots=True)
class Key:
    """One sort key: a column, descending or ascending, ``NULL`` last either way (when it may be NULL)."""

    column: sa.ColumnElement[Any]
    descending: bool = False
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Cursor:
    """The sort values of a row, and whether the page runs ``after`` it (next) or before it (previous)."""

    values: tuple[Any, ...]
    after: bool = True
    page: int = 2

    def token(self) -> str:
        raw = json.dumps([list(self.values), int(self.after), self.page], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")

    @classmethod
    def parse(cls, token: str, keys: Sequence[Key] | None = None) -> Cursor:
        """The cursor a token stands for (of a list sorted by ``keys``: as many values, of their types);
        :class:`CursorError` for anything else (never a traceback, never a value the database would refuse)."""
        try:
            if len(token) > MAX_TOKEN:
                raise ValueError("too long")
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            values, after, page = json.loads(raw.decode("utf-8"))
            if not isinstance(values, list) or after not in (0, 1) or not isinstance(page, int) or page < 1:
                raise ValueError("not a cursor")
            if not all(v is None or isinstance(v, (int, float, str)) for v in values):
                raise ValueError("not a cursor")
            if keys is not None and (len(values) != len(keys) or not all(map(_fits, keys, values))):
                raise ValueError("another list's cursor")
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
            raise CursorError(f"not a cursor of this list: {token[:40]!r}") from exc
        return cls(tuple(values), bool(after), page)


def _fits(key: Key, value: Any) -> bool:
    """Whether ``value`` can stand in ``key``'s column (``NULL`` only where it may be NULL)."""
    if value is None:
        return key.nullable
    kind = key.column.type.python_type
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
    return isinstance(value, kind) and (not isinstance(value, str) or "\x00" not in value)


@dataclass(frozen=True, slots=True)
class KeysetPage:
    """The rows of one page, in list order, and the cursors of the pages beside it (``None`` at an end)."""

    rows: list[Any]
    page: int
    next: Cursor | None
    previous: Cursor | None


def _order(keys: Sequence[Key], forward: bool, dialect: str) -> list[sa.ColumnElement[Any]]:
    out: list[sa.ColumnElement[Any]] = []
    for k in keys:
        down = k.descending == forward
        term = k.column.desc() if down else k.column.asc()
        if k.nullable and dialect == "postgresql":  # SQLite's NULLs are already where the index has them
            term = term.nulls_last() if forward else term.nulls_first()
        out.append(term)
    return out


def _tiers(keys: Sequence[Key], values: tuple[Any, ...] | None, forward: bool) -> list[list[sa.ColumnElement[bool]]]:
    """The conditions of each range scan, in the order their rows come."""
    if values is None:  # from an end of the list: the non-NULL values of the first key, then its NULLs
        first = keys[0]
        if not first.nullable:
            return [[]]
        tiers: list[list[sa.ColumnElement[bool]]] = [[first.column.is_not(None)], [first.column.is_(None)]]
        return tiers if forward else tiers[::-1]
    tiers = []
    for j in range(len(keys) - 1, -1, -1):  # the deepest key first: rows that share the leading keys
        same: list[sa.ColumnElement[bool]] = [
            keys[i].column.is_(None) if values[i] is None else keys[i].column == values[i] for i in range(j)
        ]
        key, value = keys[j], values[j]
        beyond = key.descending == forward  # going on means smaller values on this key
        if value is None:
            if not forward:  # before a NULL: every value, in reverse
                tiers.append([*same, key.column.is_not(None)])
            continue  # after a NULL: only the deeper keys go on
        tiers.append([*same, key.column < value if beyond else key.column > value])
        if key.nullable and forward:
            tiers.append([*same, key.column.is_(None)])
    return tiers


def keyset_page(
    conn: Connection,
    select: sa.Select[Any],
    keys: Sequence[Key],
    cursor: Cursor | None,
    limit: int,
    values_of: Any,
) -> KeysetPage:
    """One page of ``select`` (its columns and filters) in ``keys`` order from ``cursor``; ``values_of(row)``
    is a row's sort values (one per key)."""
    forward = cursor is None or cursor.after
    page = 1 if cursor is None else cursor.page
    dialect = conn.dialect.name
    rows: list[Any] = []
    for tier in _tiers(keys, None if cursor is None else cursor.values, forward):
        want = limit + 1 - len(rows)  # one more than a page: whether there is a page beyond
        if want <= 0:
            break
        rows += conn.execute(select.where(*tier).order_by(*_order(keys, forward, dialect)).limit(want)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    if not rows:
        back = Cursor(cursor.values, not cursor.after, page - 1) if cursor is not None and page > 1 else None
        return KeysetPage([], page, None, back if forward else None)
    first, last = tuple(values_of(rows[0])), tuple(values_of(rows[-1]))
    if forward:
        has_next, has_previous = more, cursor is not None
    else:  # a page read backwards: the one after it was where we came from
        has_next, has_previous = True, more
    following = Cursor(last, True, page + 1) if has_next else None
    preceding = Cursor(first, False, max(page - 1, 1)) if has_previous and page > 1 else None
    if not forward and not more:
        page = 1  # read back to the start: this is the first page, whatever the cursor said
        following = Cursor(last, True, 2)
        preceding = None
    return KeysetPage(rows, page, following, preceding)
