"""The ledger's one writer (stages 7–8): every way into the ledger stores through :class:`LedgerWriter`.

``ingest``, ``batch`` (straight into a ledger), ``import-parquet`` and ``import`` (a JSON Lines export) all
hand it analysed documents, so a ledger built any of these ways is the same and every summary is the same
:class:`IngestSummary`. One document is one transaction: the document, its article and attributions, its
copy link, its claim links and the stored figures of the claims it touched (independent origins) are
committed together or not at all — a crash or a full disk never leaves an article without its claims.

Several writers may share a ledger (three ``ingest`` runs at once, a web ingest beside a batch): each
document's transaction holds the ledger's writer lock (:meth:`Ledger.writing`) and first brings the claim
index up to date with the database, so the result is the ledger a sequential run builds. A writer also
finishes what an interrupted or older run left incomplete: articles whose claims were never linked and
claims without their stored figures (:meth:`LedgerWriter.repair`, run before the first document and at
the end of every run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from claimledger.errors import ClaimledgerError
from claimledger.ledger.claims import ClaimIndex
from claimledger.ledger.copies import Signature, article_signature
from claimledger.ledger.rows import lone_surnames, merge_lone_surnames
from claimledger.ledger.schema import articles, claims
from claimledger.ledger.store import CopyMatch, Ledger
from claimledger.ledger.summaries import (
    actors_of_article,
    count_all_actors,
    count_article_actors,
    refresh_actors,
    refresh_claims,
)
from claimledger.read import ReadFailure
from claimledger.records import Article, Document, now_iso
from claimledger.settings import Settings, redact

RETRIES = 3  # a concurrent writer stored the same new actor or claim first: the whole document is retried


@dataclass(slots=True)
class IngestSummary:
    """What a run stored: documents read, new articles (of which copies, and of which not analysed, by language),
    duplicates, failures."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    copies: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    repaired: int = 0  # articles linked and claims refreshed that an earlier run left incomplete
    not_analysed: dict[str, int] = field(default_factory=dict)  # new articles stored unread, by language ("Russian")


class Detect:
    """Marker: find the original by copy detection (the default for :meth:`LedgerWriter.write`)."""


DETECT = Detect()


class LedgerWriter:
    """Store analysed documents one transaction each, link their copies and claims, keep the summary.

    >>> from claimledger.pipeline import Source, analyze_many
    >>> from claimledger.read import document_from_bytes
    >>> writer = LedgerWriter(Ledger.open(":memory:"), Settings())
    >>> doc = document_from_bytes(b"Rain is coming, the forecaster said.", "note.txt", settings=Settings())
    >>> writer.seen(doc)
    False
    >>> writer.write(doc, next(analyze_many([Source.from_document(doc)])))
    1
    >>> summary = writer.finish()
    >>> summary.read, summary.new, summary.duplicates
    (1, 1, 0)
    """

    def __init__(
        self,
        ledger: Ledger,
        settings: Settings,
        on_progress: Callable[[IngestSummary], None] | None = None,
        *,
        link_claims: bool = True,
    ) -> None:
        self.ledger = ledger
        self.settings = settings
        self.summary = IngestSummary()
        self.on_progress = on_progress
        self._full: str | None = None  # why storing stopped: the disk is full
        self.link_claims = link_claims  # False only to measure copy detection alone (evaluation, benchmarks)
        self.last_original: CopyMatch | None = None  # the original the last stored article copies
        self._claims: ClaimIndex | None = None
        self._repaired = False  # whether this run has finished what earlier runs left incomplete

    def report(self) -> None:
        if self.on_progress:
            self.on_progress(self.summary)

    def fail(self, failure: ReadFailure) -> None:
        self.summary.failed.append(failure)
        self.report()

    def seen(self, document: Document) -> bool:
        """Count a document read; ``True`` (and counted a duplicate) when the ledger already holds its bytes."""
        self.summary.read += 1
        if self.ledger.has_document(document.sha256):
            self.summary.duplicates += 1
            self.report()
            return True
        return False

    def write(
        self,
        document: Document,
        article: Article | str,
        signature: Signature | None = None,
        original: CopyMatch | Detect | None = DETECT,
    ) -> int | None:
        """Store one analysed document (or record why its analysis failed); returns the new article's id.

        ``original``: the article it copies when the caller knows it (an import keeps the export's
        ``copy_of``), ``None`` for none, or (the default) found by copy detection.
        """
        if isinstance(article, str):
            self.fail(ReadFailure(document.origin, article, "analyse"))
            return None
        if self._full is not None:  # the disk is full: later documents are not stored either, so a re-run
            self.fail(ReadFailure(document.origin, self._full, "store"))  # stores them in their order
            return None
        signature = signature or article_signature(article)
        if not self._repaired:
            self._repair_reported()
        for attempt in range(RETRIES):
            try:
                return self._store(document, article, signature, original)
            except sa.exc.IntegrityError as exc:
                self._claims = None  # the index may hold claims of the rolled-back transaction: reload it
                if self.ledger.has_document(document.sha256):  # stored meanwhile by another process
                    self.summary.duplicates += 1
                    self.report()
                    return None
                if attempt == RETRIES - 1:
                    self.fail(ReadFailure(document.origin, f"not stored: {getattr(exc, 'orig', None) or exc}", "store"))
            except sa.exc.OperationalError as exc:
                self._claims = None
                if not _busy(exc) or attempt == RETRIES - 1:  # another writer held the lock past the timeout
                    message = f"not stored: {redact(str(exc.orig or exc))}"
                    if "full" in str(exc.orig or exc).lower():
                        self._full = message
                    self.fail(ReadFailure(document.origin, message, "store"))
                    return None
            except (sa.exc.SQLAlchemyError, ClaimledgerError, OSError) as exc:
                self._claims = None
                reason = getattr(exc, "orig", None) or exc
                self.fail(ReadFailure(document.origin, f"not stored: {redact(str(reason))}", "store"))
                return None
        return None

    def _store(
        self, document: Document, article: Article, signature: Signature, original: CopyMatch | Detect | None
    ) -> int | None:
        settings = self.settings
        with self.ledger.writing():
            match = (
                self.ledger.find_original(
                    signature, threshold=settings.copy_threshold, lsh_threshold=settings.copy_lsh_threshold
                )
                if isinstance(original, Detect)
                else original
            )
            article_id = (
                None  # the same bytes are stored already (by another writer meanwhile): a duplicate
                if self.ledger.has_document(document.sha256)
                else self.ledger.add(
                    document, article, signature=signature, copy_of=match, lsh_threshold=settings.copy_lsh_threshold
                )
            )
            if article_id is not None and self.link_claims:
                self._link(article_id)  # 8. its claims join the ledger's claims
        self.last_original = match
        if article_id is None:
            self.summary.duplicates += 1
        else:
            self.summary.new += 1
            self.summary.copies += match is not None
            if article.not_analysed is not None:
                counts = self.summary.not_analysed
                counts[article.not_analysed] = counts.get(article.not_analysed, 0) + 1
            self.summary.article_ids.append(article_id)
        self.report()
        return article_id

    def _link(self, article_id: int, *, stored_now: bool = True) -> None:
        """Link a stored article's claims and store the figures of the claims it touched (in the open
        transaction, under the writer lock). ``stored_now``: the article was stored in this transaction, so no
        actor count holds it yet and its actors' counts grow by what it adds; else they are recounted."""
        index = self._index()
        index.sync()  # another writer may have linked claims since this index was loaded (one counter row read)
        stored = self.ledger.get(article_id)  # read once, for linking and for its claims' figures
        touched = [] if stored is None else index.link_article(article_id, stored.article)
        index.settle()  # the claims' generation now counts these links: the next sync reads one row again
        cache = {} if stored is None else {article_id: stored.article}
        refresh_claims(self.ledger, touched, cache)  # the claims' stored figures, in the same transaction
        with self.ledger.begin() as conn:
            if stored_now:
                count_article_actors(conn, article_id)  # and its actors' counts, by what this article adds
            else:  # stored earlier: a recount may hold it already
                refresh_actors(conn, actors_of_article(conn, article_id))
            conn.execute(articles.update().where(articles.c.id == article_id).values(claims_linked_at=now_iso()))

    def repair(self) -> int:
        """Finish what earlier runs left incomplete: link the claims of articles stored without them
        (an older version, or ``link_claims=False``) and store missing claim figures; returns how many
        articles and claims it repaired. Cheap when there is nothing to do: two indexed queries."""
        self._repaired = True
        if not self.link_claims:
            return 0
        with self.ledger.connect() as conn:
            unlinked = list(
                conn.scalars(
                    sa.select(articles.c.id).where(articles.c.claims_linked_at.is_(None)).order_by(articles.c.id)
                )
            )
        repaired = 0
        for article_id in unlinked:
            with self.ledger.writing() as conn:
                still = conn.scalar(sa.select(articles.c.claims_linked_at).where(articles.c.id == article_id))
                if still is None and self.ledger.get(article_id) is not None:  # not linked by another writer
                    self._link(article_id, stored_now=False)
                    repaired += 1
        with self.ledger.connect() as conn:
            lone = conn.scalar(sa.select(sa.func.count()).where(lone_surnames()))
        if lone:  # persons stored by surname alone before their full name reached the ledger
            with self.ledger.writing() as conn:
                moved = merge_lone_surnames(conn)
                refresh_claims(self.ledger, moved)
                count_all_actors(conn)  # attributions moved between actors
        missing_origins = sa.select(claims.c.id).where(
            sa.or_(claims.c.independent_origins.is_(None), claims.c.articles.is_(None))  # or not summarised yet
        )
        with self.ledger.connect() as conn:
            missing = list(conn.scalars(missing_origins))
        if missing:  # the lock only when there is something to repair: other writers go on meanwhile
            with self.ledger.writing() as conn:
                missing = list(conn.scalars(missing_origins))
                refresh_claims(self.ledger, missing)
        repaired += len(missing)
        self.summary.repaired += repaired
        return repaired

    def _index(self) -> ClaimIndex:
        if self._claims is None:
            from claimledger.embed import default_encoder

            self._claims = ClaimIndex(self.ledger, default_encoder())
        return self._claims

    def _repair_reported(self) -> None:
        for attempt in range(RETRIES):
            try:
                self.repair()
                return
            except sa.exc.OperationalError as exc:
                if _busy(exc) and attempt < RETRIES - 1:
                    continue  # another writer held the lock past the busy timeout: wait again
                self._repaired = True
                self.fail(ReadFailure("the ledger", f"not repaired: {redact(str(exc.orig or exc))}", "store"))
                return
            except (sa.exc.SQLAlchemyError, OSError) as exc:
                self._repaired = True
                reason = getattr(exc, "orig", None) or exc
                self.fail(ReadFailure("the ledger", f"not repaired: {redact(str(reason))}", "store"))
                return

    def finish(self) -> IngestSummary:
        """The run's summary, after repairing what earlier runs left incomplete (a re-run that only finds
        duplicates still repairs); everything else is already committed."""
        self._repair_reported()
        if self._claims is not None:
            self._claims.save()  # the candidates' graph, for the next writer
        return self.summary


def _busy(exc: sa.exc.OperationalError) -> bool:
    """Whether a database error says another writer held the lock (SQLite busy, PostgreSQL lock timeout)."""
    text = str(exc.orig or exc).lower()
    return "locked" in text or "busy" in text or "lock timeout" in text or "deadlock" in text
