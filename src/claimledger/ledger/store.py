"""Stage 7 — store: the ledger, a SQLite file by default (SQLAlchemy 2, WAL, migrations).

One writer; every document is stored in one transaction with its article and attributions, so a
failure leaves nothing half-written. Migrations are registered functions recorded in
``schema_migrations``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from claimledger.clean import headline
from claimledger.errors import StoreError
from claimledger.ledger.copies import Signature, bands, similarity
from claimledger.ledger.rows import (
    actor_id,
    attribution_dict,
    attribution_row,
    count_form,
    is_generic,
    lone_given_name,
    own_outlet,
    settle_types,
    unnamed_person,
)
from claimledger.ledger.schema import (
    MIGRATIONS,
    actors,
    articles,
    attributions,
    documents,
    lsh_buckets,
    schema_migrations,
    signatures,
)
from claimledger.records import Article, Document, now_iso, stored_article, to_dict
from claimledger.settings import redact


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: int
    title: str | None
    author: str | None
    site: str | None
    published: str | None
    url: str | None
    origin: str
    sha256: str
    attributions: int
    boilerplate: int
    copy_of: int | None = None
    copy_similarity: float | None = None


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """An article this one copies (or is copied by), and the estimated containment of one in the other."""

    article_id: int
    similarity: float


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    document: dict[str, Any]
    article: Article

    @property
    def title(self) -> str | None:
        """Its headline: the title read with it, else its first line when that reads like one."""
        return headline(self.article.metadata.title, self.article.text)


HEAD = sa.func.substr(articles.c.text, 1, 1000).label("head")  # enough of the text for its headline (clean.headline)
MAX_ID = 2**63 - 1  # the largest id a SQLite or PostgreSQL BIGINT key holds
WRITER_LOCK = 0x636C_6169_6D6C  # PostgreSQL advisory lock key of the ledger's one writer ("claiml")


def valid_id(value: int) -> bool:
    """Whether ``value`` can be a row id (1 … 2⁶³−1): an id out of range is simply not found."""
    return 0 < value <= MAX_ID


def search_words(query: str) -> list[str]:
    """The words of a search query: letters and digits only, so no input is ever search syntax or a NUL.

    >>> search_words('troops "near' + chr(0) + ' Kursk" OR -x')
    ['troops', 'near', 'Kursk', 'OR', 'x']
    """
    return re.findall(r"\w+", query)


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses at most the last commits
    cursor.close()


class Ledger:
    """The ledger behind every face of claimledger.

    >>> ledger = Ledger.open(":memory:")
    >>> ledger.count()
    0
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()  # this thread's open transaction, if any

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection to read with: this thread's open transaction when there is one (so that a writer
        reads what it has written), else a new connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction, all or nothing; a ``begin`` inside another (in the same thread) joins it.

        >>> ledger = Ledger.open(":memory:")
        >>> with ledger.begin() as outer, ledger.begin() as inner:
        ...     outer is inner
        True
        """
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction holding the ledger's single-writer lock from its first statement to its end.

        Writers that read before they write (claim linking reads the claims it extends, copy detection the
        stored signatures) must see every earlier commit and block every other writer until they commit:
        on PostgreSQL a transaction-level advisory lock, on SQLite the database's write lock (taken at
        once by a no-op ``UPDATE``; other writers wait up to the busy timeout). Readers are never blocked.
        """
        if self.in_transaction:
            raise RuntimeError("writing() opens the transaction: it cannot join one already open")
        with self.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITER_LOCK)))
            else:
                conn.execute(schema_migrations.update().where(sa.false()).values(version=schema_migrations.c.version))
            yield conn

    @property
    def in_transaction(self) -> bool:
        return getattr(self._local, "conn", None) is not None

    @classmethod
    def open(cls, target: str | Path) -> Ledger:
        """Open (creating and migrating as needed) the ledger at a file path or database URL."""
        url = str(target)
        if "://" not in url:
            if url != ":memory:":
                path = Path(url).expanduser()
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the ledger's folder {path.parent}: {exc.strerror}") from exc
                if path.is_dir():
                    raise StoreError(f"the ledger path {path} is a directory")
                url = str(path)
            url = f"sqlite:///{url}"
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                url = "postgresql+psycopg://" + url[len(plain) :]  # psycopg 3, the maintained driver
        try:
            engine = sa.create_engine(url)
        except ImportError as exc:
            raise StoreError(
                f"cannot open the ledger: {exc.name} is missing (pip install 'claimledger[postgres]')"
            ) from exc
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise StoreError(f"cannot open the ledger {target}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _set_sqlite_pragmas)
        ledger = cls(engine)
        try:
            ledger.migrate()
        except (sa.exc.DatabaseError, sa.exc.InterfaceError) as exc:
            raise StoreError(f"cannot open the ledger {redact(str(target))}: {exc.orig}") from exc
        return ledger

    def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied."""
        applied: list[int] = []
        with self.engine.begin() as conn:
            schema_migrations.create(conn, checkfirst=True)
            done = set(conn.scalars(sa.select(schema_migrations.c.version)))
            for version, name, fn in sorted(MIGRATIONS, key=lambda m: m[0]):
                if version not in done:
                    fn(conn)
                    conn.execute(schema_migrations.insert().values(version=version, name=name, applied_at=now_iso()))
                    applied.append(version)
        return applied

    def close(self) -> None:
        self.engine.dispose()

    def has_document(self, sha256: str) -> bool:
        with self.connect() as conn:
            return conn.scalar(sa.select(documents.c.id).where(documents.c.sha256 == sha256)) is not None

    def add(
        self,
        document: Document,
        article: Article,
        *,
        signature: Signature | None = None,
        copy_of: CopyMatch | None = None,
        lsh_threshold: float = 0.3,
    ) -> int | None:
        """Store a document with its article, attributions and copy signature, all or nothing.

        Returns the new article's id, or ``None`` when the same bytes are already stored (a no-op).
        Raises :class:`StoreError` (and stores nothing) when the database refuses any part. Inside an open
        transaction (:meth:`begin`) the caller's transaction decides, and database errors are the caller's.
        """
        if self.in_transaction:
            return self._add(document, article, signature, copy_of, lsh_threshold)
        for attempt in range(3):
            try:
                return self._add(document, article, signature, copy_of, lsh_threshold)
            except sa.exc.IntegrityError as exc:
                # another process stored the same bytes (or the same new actor) first: look again
                if self.has_document(document.sha256):
                    return None
                if attempt == 2:
                    raise StoreError(f"not stored: {getattr(exc, 'orig', None) or exc}") from exc
            except sa.exc.SQLAlchemyError as exc:
                reason = getattr(exc, "orig", None) or exc
                raise StoreError(f"not stored: {reason}") from exc
        return None  # unreachable: the loop returns or raises

    def _add(
        self,
        document: Document,
        article: Article,
        signature: Signature | None,
        copy_of: CopyMatch | None,
        lsh_threshold: float,
    ) -> int | None:
        with self.begin() as conn:
            if conn.scalar(sa.select(documents.c.id).where(documents.c.sha256 == document.sha256)) is not None:
                return None
            document_id = conn.execute(
                documents.insert().values(
                    sha256=document.sha256,
                    origin=document.origin,
                    read_at=document.read_at,
                    media_type=document.media_type,
                    encoding=document.encoding,
                    size=len(document.content),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            actor_ids = self._register_actors(conn, article, document.sha256)
            meta = article.metadata
            article_id = conn.execute(
                articles.insert().values(
                    document_id=document_id,
                    text=article.text,
                    title=meta.title,
                    author=meta.author,
                    site=meta.site,
                    published=meta.published,
                    url=meta.url,
                    language=meta.language,
                    additional_sources=json.dumps(meta.additional_sources),
                    boilerplate=json.dumps(to_dict(article.boilerplate)),
                    analyzed_at=now_iso(),
                    record=json.dumps({k: v for k, v in to_dict(article).items() if k != "text"}, ensure_ascii=False),
                    copy_of=copy_of.article_id if copy_of else None,
                    copy_similarity=copy_of.similarity if copy_of else None,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            if signature is not None:
                conn.execute(
                    signatures.insert().values(
                        article_id=article_id,
                        hashvalues=signature.to_bytes(),
                        size=signature.size,
                        content_hash=signature.content_hash,
                    )
                )
                conn.execute(
                    lsh_buckets.insert(),
                    [{"band": b, "bucket": k, "article_id": article_id} for b, k in bands(signature, lsh_threshold)],
                )
            rows = [attribution_row(article_id, i, a, actor_ids) for i, a in enumerate(article.attributions)]
            if rows:
                conn.execute(attributions.insert(), rows)
                # an actor's type: most of its mentions', not the first's (only where this article says another)
                settle_types(conn, actor_ids.values(), {(r["actor_id"], r["actor_type"]) for r in rows})
            return int(article_id)

    @staticmethod
    def _register_actors(conn: Connection, article: Article, sha256: str) -> dict[str, int]:
        """The ledger's id of each actor of ``article`` (chain links' too), by the canonical name each takes;
        each attribution's form of its actor is counted as an alias.

        A generic body ("officials", "experts", "the company") is this outlet's own unnamed group, not one
        actor across the ledger: it is named with the outlet ("officials (nytimes.com)"; without one, the
        article), so two outlets' "officials" never merge into one origin. The short name an outlet gives
        itself ("The Post" in The Washington Post) is the publisher (:func:`own_outlet`)."""
        ids: dict[int, int] = {}
        seen: set[tuple[int, str]] = set()
        where = article.metadata.site or f"article {sha256[:8]}"
        for a in article.attributions:
            for actor, form in [(a.actor, a.source.text if a.source else None)] + [(c.actor, c.text) for c in a.chain]:
                if actor is None:
                    continue
                if id(actor) not in ids and is_generic(actor):
                    actor.aliases.append(actor.name)
                    actor.name = f"{actor.name} ({where})"
                elif id(actor) not in ids and (unnamed_person(actor) or lone_given_name(conn, actor)):
                    actor.aliases.append(actor.name)  # "Bob" (or "a friend") here and there are two people
                    actor.name = f"{actor.name} (article {sha256[:8]})"
                if id(actor) not in ids and (publisher := own_outlet(actor, article.metadata.site)):
                    actor.aliases.append(actor.name)  # "The Post" in The Washington Post: the publisher itself
                    actor.name = publisher
                if id(actor) not in ids:
                    ids[id(actor)] = actor_id(conn, actor)
                count_form(conn, ids[id(actor)], " ".join((form or actor.name).split()), seen)
        return {a.actor.name: ids[id(a.actor)] for a in article.attributions if a.actor is not None}

    def find_original(self, signature: Signature, *, threshold: float, lsh_threshold: float) -> CopyMatch | None:
        """The stored article this text copies (the root original), if any is similar enough.

        Exact duplicates of the normalised body match first; otherwise LSH candidates are scored by
        estimated containment. The match is followed up its ``copy_of`` chain to the original.
        """
        with self.connect() as conn:
            exact = conn.scalar(
                sa.select(signatures.c.article_id)
                .where(signatures.c.content_hash == signature.content_hash)
                .order_by(signatures.c.article_id)
                .limit(1)
            )
            if exact is not None:
                return CopyMatch(self.original_of(conn, exact), 1.0)
            keys = dict((bucket, band) for band, bucket in bands(signature, lsh_threshold))
            rows_found = conn.execute(
                sa.select(lsh_buckets.c.article_id, lsh_buckets.c.band, lsh_buckets.c.bucket).where(
                    lsh_buckets.c.bucket.in_(list(keys))
                )
            )
            candidates = {r.article_id for r in rows_found if keys.get(r.bucket) == r.band}
            if not candidates:
                return None
            rows = conn.execute(sa.select(signatures).where(signatures.c.article_id.in_(candidates))).all()
            scored = [
                (similarity(signature, Signature.from_bytes(r.hashvalues, r.size, r.content_hash)), -r.article_id)
                for r in rows
            ]
            best, negative_id = max(scored)
            if best < threshold:
                return None
            return CopyMatch(self.original_of(conn, -negative_id), round(best, 4))

    def original_of(self, conn: Connection, article_id: int) -> int:
        """The article an article copies, up the ``copy_of`` chain (itself when it is an original)."""
        return self.originals_of(conn, [article_id])[article_id]

    def originals_of(
        self, conn: Connection, article_ids: Iterable[int], known: dict[int, int] | None = None
    ) -> dict[int, int]:
        """:meth:`original_of` of each article, read a level of ``copy_of`` at a time for all of them (one query
        a level, not one an article); ``known`` (article → original) is consulted and filled, so callers that ask
        for several claims' members in one transaction read each article once."""
        known = {} if known is None else known
        parent: dict[int, int | None] = {}
        wanted = {i for i in article_ids if i not in known}
        asking = set(wanted)
        while asking:
            ids = sorted(asking)
            for chunk in range(0, len(ids), 500):  # within every database's limit of bound parameters
                part = ids[chunk : chunk + 500]
                rows = conn.execute(sa.select(articles.c.id, articles.c.copy_of).where(articles.c.id.in_(part)))
                parent.update({i: None for i in part} | {r.id: r.copy_of for r in rows})
            asking = {p for p in (parent[i] for i in ids) if p is not None and p not in parent and p not in known}
        for article_id in wanted:
            seen, current = {article_id}, article_id
            while (up := parent.get(current)) is not None and up not in seen:
                if up in known:
                    current = known[up]
                    break
                seen.add(up)
                current = up
            known[article_id] = current
        return known

    def copies(self, article_id: int) -> tuple[CopyMatch | None, list[CopyMatch]]:
        """(what this article copies, the articles that copy it) with similarities."""
        with self.connect() as conn:
            row = conn.execute(
                sa.select(articles.c.copy_of, articles.c.copy_similarity).where(articles.c.id == article_id)
            ).first()
            original = CopyMatch(row.copy_of, row.copy_similarity) if row is not None and row.copy_of else None
            root = original.article_id if original else article_id
            children = conn.execute(
                sa.select(articles.c.id, articles.c.copy_similarity)
                .where(articles.c.copy_of == root, articles.c.id != article_id)
                .order_by(articles.c.id)
            ).all()
        return original, [CopyMatch(r.id, r.copy_similarity) for r in children]

    def affiliations(self) -> dict[str, str]:
        """Person → the organisation the ledger has seen them speak for (from any article)."""
        with self.connect() as conn:
            rows = conn.execute(sa.select(actors.c.name, actors.c.affiliation).where(actors.c.affiliation.is_not(None)))
            return {r.name: r.affiliation for r in rows}

    def search_attributions(self, query: str) -> list[int]:
        """Ids of attributions whose content matches every word of ``query`` (full-text, stemmed on PostgreSQL).

        Only the query's words count (punctuation, quotes and control characters are not search syntax here).
        """
        words = search_words(query)
        if not words:
            return []
        query = " ".join(words)
        with self.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
                sql = "SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :q ORDER BY rowid"
                return [int(r[0]) for r in conn.execute(sa.text(sql), {"q": match})]
            if self.engine.dialect.name == "postgresql":
                sql = (
                    "SELECT id FROM attributions WHERE to_tsvector('english', content_text) "
                    "@@ plainto_tsquery('english', :q) ORDER BY id"
                )
                return [int(r[0]) for r in conn.execute(sa.text(sql), {"q": query})]
            like = f"%{query.lower()}%"
            return list(
                conn.scalars(sa.select(attributions.c.id).where(sa.func.lower(attributions.c.content_text).like(like)))
            )

    def count(self) -> int:
        with self.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(articles)) or 0)

    def articles(self) -> list[ArticleSummary]:
        n_attr = (
            sa.select(sa.func.count())
            .select_from(attributions)
            .where(attributions.c.article_id == articles.c.id)
            .scalar_subquery()
        )
        query = (
            sa.select(articles, documents.c.origin, documents.c.sha256, n_attr.label("n_attributions"), HEAD)
            .join(documents, documents.c.id == articles.c.document_id)
            .order_by(articles.c.id)
        )
        with self.connect() as conn:
            return [
                ArticleSummary(
                    id=r.id,
                    title=headline(r.title, r.head),
                    author=r.author,
                    site=r.site,
                    published=r.published,
                    url=r.url,
                    origin=r.origin,
                    sha256=r.sha256,
                    attributions=r.n_attributions,
                    boilerplate=len(json.loads(r.boilerplate)),
                    copy_of=r.copy_of,
                    copy_similarity=r.copy_similarity,
                )
                for r in conn.execute(query)
            ]

    def get(self, article_id: int) -> StoredArticle | None:
        """The stored article with this id, or ``None`` (also for ids no database can hold).

        >>> Ledger.open(":memory:").get(2**63) is None
        True
        """
        if not valid_id(article_id):
            return None
        with self.connect() as conn:
            row = conn.execute(
                sa.select(articles, documents.c.origin, documents.c.sha256, documents.c.read_at, documents.c.media_type)
                .join(documents, documents.c.id == articles.c.document_id)
                .where(articles.c.id == article_id)
            ).first()
            if row is None:
                return None
            attr_rows = conn.execute(
                sa.select(attributions).where(attributions.c.article_id == article_id).order_by(attributions.c.position)
            ).all()
        if row.record:
            data = {**json.loads(row.record), "text": row.text}
        else:  # stored before migration 2
            data = {
                "text": row.text,
                "boilerplate": json.loads(row.boilerplate),
                "metadata": {
                    "title": row.title,
                    "author": row.author,
                    "site": row.site,
                    "published": row.published,
                    "url": row.url,
                    "language": row.language,
                    "additional_sources": json.loads(row.additional_sources),
                },
                "attributions": [attribution_dict(r) for r in attr_rows],
            }
        document = {"origin": row.origin, "sha256": row.sha256, "read_at": row.read_at, "media_type": row.media_type}
        return StoredArticle(id=row.id, document=document, article=stored_article(data))

    def stored_articles(self) -> Iterator[tuple[StoredArticle, CopyMatch | None]]:
        """Every stored article in id order, with the original it copies."""
        for article_id in list(self.iter_ids()):
            stored = self.get(article_id)
            if stored is not None:
                yield stored, self.copies(article_id)[0]

    def attribution_ids(self, article_id: int) -> dict[int, int]:
        """Position in ``Article.attributions`` → the ledger's attribution id."""
        with self.connect() as conn:
            return dict(
                conn.execute(
                    sa.select(attributions.c.position, attributions.c.id).where(attributions.c.article_id == article_id)
                ).all()
            )

    def iter_ids(self) -> Iterator[int]:
        with self.connect() as conn:
            yield from conn.scalars(sa.select(articles.c.id).order_by(articles.c.id))
