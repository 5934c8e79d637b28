"""Ingest: read inputs, analyse them and store them in the ledger, one transaction per document.

A bad input is reported and skipped; the rest of the batch goes on. Re-ingesting the same bytes is a
no-op (documents are keyed by their SHA-256), so an interrupted run resumes where it stopped.

With ``workers > 1`` the analysis (extraction, cleaning, spaCy, attribution) runs in worker processes,
each loading the spaCy model once; the ledger keeps a single writer (this process), which also runs
copy detection, so results are identical to a one-process run. Memory stays bounded: inputs are read
as a stream and at most ``2 × workers`` batches are in flight.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from claimledger.claims import ClaimIndex
from claimledger.copies import Signature, article_signature
from claimledger.errors import ClaimledgerError
from claimledger.pipeline import Source, complete, prepare
from claimledger.provenance import refresh_origins
from claimledger.read import ReadFailure, read_inputs
from claimledger.records import Article, Document
from claimledger.settings import Settings
from claimledger.store import Ledger

BATCH = 16  # documents parsed together in one spaCy stream

Analysed = list[tuple[Document, Article | str]]  # each document with its article, or why it failed


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    copies: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def analyse_batch(documents: list[Document], settings: Settings) -> Analysed:
    """Stages 2–6 for a batch of documents (in any process); failures become messages."""
    prepared: list[tuple[Document, Article | str]] = []
    for document in documents:
        try:
            prepared.append((document, prepare(Source.from_document(document))))
        except ClaimledgerError as exc:
            prepared.append((document, str(exc)))
    good = [a for _, a in prepared if isinstance(a, Article)]
    for _ in complete(good, settings=settings):  # fills each article's attributions in place
        pass
    return prepared


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    from claimledger.parse import load_nlp

    load_nlp(settings.spacy_model)  # once per worker process


def _analyse_in_worker(documents: list[Document]) -> Analysed:
    assert _worker_settings is not None
    return analyse_batch(documents, _worker_settings)


def _items(inputs: Iterable[str | Document], settings: Settings) -> Iterator[Document | ReadFailure]:
    for item in inputs:
        if isinstance(item, Document):
            yield item
        else:
            yield from read_inputs([item], settings)


class LedgerWriter:
    """The single writer of stages 7–8: store each analysed document, find its original, link its claims.

    ``ingest`` and ``import_parquet`` (the batch engine's output) both write through it, so a ledger
    built either way is the same.
    """

    def __init__(
        self, ledger: Ledger, settings: Settings, on_progress: Callable[[IngestSummary], None] | None = None
    ) -> None:
        self.ledger = ledger
        self.settings = settings
        self.summary = IngestSummary()
        self.on_progress = on_progress
        self._claims: ClaimIndex | None = None
        self._touched: set[int] = set()  # claims that gained members: origin counts refreshed in finish()

    def report(self) -> None:
        if self.on_progress:
            self.on_progress(self.summary)

    def fail(self, failure: ReadFailure) -> None:
        self.summary.failed.append(failure)
        self.report()

    def write(self, document: Document, article: Article | str, signature: Signature | None = None) -> None:
        """Store one analysed document (or record why its analysis failed)."""
        if isinstance(article, str):
            self.fail(ReadFailure(document.origin, article))
            return
        settings = self.settings
        signature = signature or article_signature(article)
        try:
            match = self.ledger.find_original(
                signature, threshold=settings.copy_threshold, lsh_threshold=settings.copy_lsh_threshold
            )
            article_id = self.ledger.add(
                document, article, signature=signature, copy_of=match, lsh_threshold=settings.copy_lsh_threshold
            )
        except ClaimledgerError as exc:
            self.fail(ReadFailure(document.origin, str(exc)))
            return
        if article_id is None:
            self.summary.duplicates += 1
        else:
            self.summary.new += 1
            self.summary.copies += match is not None
            self.summary.article_ids.append(article_id)
            self._link(article_id)  # 8. its claims join the ledger's claims (incrementally)
        self.report()

    def _link(self, article_id: int) -> None:
        if self._claims is None:
            from claimledger.embed import default_encoder

            self._claims = ClaimIndex(self.ledger, default_encoder())
        self._touched.update(self._claims.link_article(article_id))

    def finish(self) -> IngestSummary:
        refresh_origins(self.ledger, self._touched)
        return self.summary


def ingest(
    paths: Iterable[str | Document],
    ledger: Ledger,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Read, analyse and store every document under ``paths``.

    >>> import pathlib, tempfile
    >>> report = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
    >>> _ = report.write_text("The port authority said the harbour would reopen on Monday.", encoding="utf-8")
    >>> ledger = Ledger.open(":memory:")
    >>> summary = ingest([str(report.parent)], ledger)
    >>> summary.read, summary.new, summary.failed
    (1, 1, [])
    >>> ingest([str(report)], ledger).duplicates  # the same bytes again: a no-op
    1
    """
    settings = settings or Settings.from_env()
    writer = LedgerWriter(ledger, settings, on_progress)
    summary = writer.summary

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for item in _items(paths, settings):
            if isinstance(item, ReadFailure):
                writer.fail(item)
                continue
            summary.read += 1
            if ledger.has_document(item.sha256):
                summary.duplicates += 1
                writer.report()
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def store(analysed: Analysed) -> None:
        for document, article in analysed:
            writer.write(document, article)

    if workers <= 1:
        for batch in batches():
            store(analyse_batch(batch, settings))
        return writer.finish()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        in_flight: deque[Future[Analysed]] = deque()
        for batch in batches():
            in_flight.append(pool.submit(_analyse_in_worker, batch))
            while len(in_flight) >= 2 * workers:
                store(in_flight.popleft().result())  # in submission order: deterministic ids
        while in_flight:
            store(in_flight.popleft().result())
    return writer.finish()
