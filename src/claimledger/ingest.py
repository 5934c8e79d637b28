"""Ingest: read inputs, analyse them and store them in the ledger, one transaction per document.

A bad input is reported and skipped; the rest of the batch goes on. Re-ingesting the same bytes is a
no-op (documents are keyed by their SHA-256), so an interrupted run resumes where it stopped.

With ``workers > 1`` the analysis (extraction, cleaning, spaCy, attribution) runs in worker processes,
each loading the spaCy model once; the ledger keeps a single writer (this process), which also runs
copy detection, so results are identical to a one-process run. Memory stays bounded: inputs are read
as a stream and at most ``2 × workers`` batches are in flight.

``on_progress`` follows a run as it goes (:class:`IngestProgress`): the documents expected, when the inputs
tell (files, directories, JSON Lines), and how many went through each stage.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from claimledger.errors import ClaimledgerError, InputError
from claimledger.ledger.store import Ledger
from claimledger.ledger.writer import IngestSummary, LedgerWriter
from claimledger.pipeline import Source, complete, prepare
from claimledger.read import ReadFailure, read_inputs
from claimledger.read.files import count_inputs
from claimledger.read.metadata import ArticleMetadata, FileMetadata
from claimledger.records import Article, Document
from claimledger.settings import Settings

__all__ = ["BATCH", "IngestProgress", "IngestSummary", "analyse_batch", "ingest"]

BATCH = 16  # documents parsed together in one spaCy stream

log = logging.getLogger(__name__)

Analysed = list[tuple[Document, Article | str]]  # each document with its article, or why it failed


@dataclass(slots=True)
class IngestProgress:
    """Where an ingest run stands, for a progress display; every figure counts documents (or failed inputs).

    ``total`` is what the inputs will yield, counted before the run (files, directories, JSON Lines lines), or
    ``None`` when that is known only once they are read (standard input, URLs, feeds, web archives).
    """

    total: int | None = None
    read: int = 0  # documents read (duplicates included)
    analysed: int = 0  # through extraction, parsing and attribution, whether that failed or not
    stored: int = 0  # new articles in the ledger
    copies: int = 0  # of which copies of another article
    duplicates: int = 0  # already in the ledger: skipped
    failed: int = 0  # at any stage (read, analyse, store)
    skipped: int = 0  # finished without analysis: duplicates and inputs that could not be read

    @property
    def done(self) -> int:
        """Documents finished — stored, skipped as duplicates, or failed: ``total`` at the end."""
        return self.stored + self.duplicates + self.failed

    @property
    def position(self) -> float:
        """How far the run is, in documents, for a bar: half a document once analysed, a whole one once stored (or
        skipped, or failed), so that it moves through both slow stages — analysis, then linking copies and claims.

        >>> p = IngestProgress(total=4, read=3, analysed=2, stored=1, duplicates=1, skipped=1)
        >>> p.done, p.position
        (2, 2.5)
        """
        return (self.analysed + self.skipped + self.done) / 2


def analyse_batch(
    documents: list[Document], settings: Settings, on_analysed: Callable[[], None] | None = None
) -> Analysed:
    """Stages 2–6 for a batch of documents (in any process); failures become messages, one per document.
    ``on_analysed`` is called once per document as its analysis ends (in this process).

    Any exception while analysing a document fails that document alone: when the batched spaCy stream
    raises, the batch is redone one document at a time to find the culprit; the others are analysed as usual.
    """
    counted: set[int] = set()

    def analysed(index: int) -> None:
        if on_analysed is not None and index not in counted:
            counted.add(index)
            on_analysed()

    prepared: list[tuple[Document, Article | str]] = []
    for index, document in enumerate(documents):
        try:
            article = prepare(Source.from_document(document))
            check_paragraphs(article, settings)
            prepared.append((document, article))
        except Exception as exc:  # one document's failure, whatever it is, is its own
            prepared.append((document, failure_message(exc)))
            analysed(index)
    good = [(i, a) for i, (_, a) in enumerate(prepared) if isinstance(a, Article)]
    try:
        # fills each article's attributions in place, one after the other
        for (index, _), _ in zip(good, complete([a for _, a in good], settings=settings), strict=True):
            analysed(index)
    except Exception:  # isolate the culprit below
        log.debug("batch analysis failed; redoing it one document at a time", exc_info=True)
        prepared = [(d, a if isinstance(a, str) else _complete_one(a, settings)) for d, a in prepared]
        for index in range(len(prepared)):
            analysed(index)
    return prepared


def check_paragraphs(article: Article, settings: Settings) -> None:
    """Refuse an article with more paragraphs than ``max_paragraphs`` before spaCy sees it: its parsed
    paragraphs are held together while attributions are found, so memory grows with their number (200,000
    one-line paragraphs: ~2 GB), and no news article comes near the default."""
    count = sum(1 for line in article.text.split("\n") if line.strip())
    if count > settings.max_paragraphs:
        raise InputError(
            f"too many paragraphs: {count:,} (limit {settings.max_paragraphs:,}; setting CLAIMLEDGER_MAX_PARAGRAPHS)"
        )


def _complete_one(article: Article, settings: Settings) -> Article | str:
    try:
        return next(complete([article], settings=settings))
    except Exception as exc:
        return failure_message(exc)


def failure_message(exc: BaseException) -> str:
    """One line for a failed analysis: a domain error's own message, else the exception's type and first line
    (the traceback goes to the ``claimledger`` logger at debug level, never to the terminal)."""
    if isinstance(exc, ClaimledgerError):
        return str(exc)
    log.debug("analysis failed", exc_info=exc)
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"analysis failed: {type(exc).__name__}" + (f": {first}" if first else "")


_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    from claimledger.nlp import load_nlp

    load_nlp(settings)  # once per worker process


def _analyse_in_worker(documents: list[Document]) -> Analysed:
    assert _worker_settings is not None
    return analyse_batch(documents, _worker_settings)


def _analysed(report: Callable[..., None], count: int, _: Future[Analysed]) -> None:
    report(analysed=count)  # a worker's batch is done (the result is read in order, later)


def _items(
    inputs: Iterable[str | Document], settings: Settings, metadata: Mapping[str, FileMetadata] | None = None
) -> Iterator[Document | ReadFailure]:
    for item in inputs:
        if isinstance(item, Document):
            yield item
        else:
            yield from read_inputs([item], settings, metadata)


def ingest(
    paths: Iterable[str | Document],
    ledger: Ledger,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    on_progress: Callable[[IngestProgress], None] | None = None,
    metadata: ArticleMetadata | None = None,
) -> IngestSummary:
    """Read, analyse and store every document under ``paths``, through the ledger's one writer.

    ``metadata`` (a metadata file's rows: :mod:`claimledger.read.metadata`) says who published each input file,
    when, its title and author; each row is bound to its file before anything is read, so a row that names no
    input is a :class:`~claimledger.read.metadata.MetadataError` with nothing stored.

    ``on_progress`` is called with the run's :class:`IngestProgress` as each document passes a stage (from this
    process's threads, one call at a time); with it, a list of inputs is counted first, for the total.

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
    settings = settings or Settings()  # the defaults: the faces pass Settings.from_env()
    bound: dict[str, FileMetadata] | None = None
    if metadata is not None:
        paths = list(paths)
        bound = metadata.bind([p for p in paths if isinstance(p, str)], settings)
    progress = IngestProgress()
    if on_progress is not None and isinstance(paths, Sequence) and all(isinstance(p, str) for p in paths):
        progress.total = count_inputs([str(p) for p in paths], settings)
    lock = threading.Lock()  # worker results arrive on the pool's thread

    def report(_: IngestSummary | None = None, *, analysed: int = 0, skipped: int = 0) -> None:
        if on_progress is None:
            return
        with lock:
            summary = writer.summary
            progress.read, progress.stored, progress.copies = summary.read, summary.new, summary.copies
            progress.duplicates, progress.failed = summary.duplicates, len(summary.failed)
            progress.analysed += analysed
            progress.skipped += skipped
            on_progress(progress)

    writer = LedgerWriter(ledger, settings, report if on_progress is not None else None)
    report()  # the total

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for item in _items(paths, settings, bound):
            if isinstance(item, ReadFailure):
                writer.fail(item)
                report(skipped=1)
                continue
            if writer.seen(item):
                report(skipped=1)
                continue
            report()  # one more read
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
            store(analyse_batch(batch, settings, lambda: report(analysed=1)))
        return writer.finish()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        in_flight: deque[Future[Analysed]] = deque()
        for batch in batches():
            future = pool.submit(_analyse_in_worker, batch)
            future.add_done_callback(functools.partial(_analysed, report, len(batch)))
            in_flight.append(future)
            while len(in_flight) >= 2 * workers:
                store(in_flight.popleft().result())  # in submission order: deterministic ids
        while in_flight:
            store(in_flight.popleft().result())
    return writer.finish()
