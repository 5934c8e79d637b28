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
from claimledger.copies import article_signature
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


def ingest(
    paths: Iterable[str | Document],
    ledger: Ledger,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Read, analyse and store every document under ``paths``.

    >>> summary = ingest(["examples/"], Ledger.open(":memory:"))  # doctest: +SKIP
    """
    settings = settings or Settings.from_env()
    summary = IngestSummary()
    claim_index: ClaimIndex | None = None
    touched: set[int] = set()  # claims that gained members: their origin counts are refreshed at the end

    def link(article_id: int) -> None:
        nonlocal claim_index
        if claim_index is None:
            from claimledger.embed import default_encoder

            claim_index = ClaimIndex(ledger, default_encoder())
        touched.update(claim_index.link_article(article_id))

    def batches() -> Iterator[list[Document]]:
        batch: list[Document] = []
        for item in _items(paths, settings):
            if isinstance(item, ReadFailure):
                summary.failed.append(item)
                _report()
                continue
            summary.read += 1
            if ledger.has_document(item.sha256):
                summary.duplicates += 1
                _report()
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def _report() -> None:
        if on_progress:
            on_progress(summary)

    def store(analysed: Analysed) -> None:
        for document, article in analysed:
            if isinstance(article, str):
                summary.failed.append(ReadFailure(document.origin, article))
                _report()
                continue
            signature = article_signature(article)
            try:
                match = ledger.find_original(
                    signature, threshold=settings.copy_threshold, lsh_threshold=settings.copy_lsh_threshold
                )
                article_id = ledger.add(
                    document, article, signature=signature, copy_of=match, lsh_threshold=settings.copy_lsh_threshold
                )
            except ClaimledgerError as exc:
                summary.failed.append(ReadFailure(document.origin, str(exc)))
                _report()
                continue
            if article_id is None:
                summary.duplicates += 1
            else:
                summary.new += 1
                summary.copies += match is not None
                summary.article_ids.append(article_id)
                link(article_id)  # 8. its claims join the ledger's claims (incrementally)
            _report()

    if workers <= 1:
        for batch in batches():
            store(analyse_batch(batch, settings))
        refresh_origins(ledger, touched)
        return summary
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,)) as pool:
        in_flight: deque[Future[Analysed]] = deque()
        for batch in batches():
            in_flight.append(pool.submit(_analyse_in_worker, batch))
            while len(in_flight) >= 2 * workers:
                store(in_flight.popleft().result())  # in submission order: deterministic ids
        while in_flight:
            store(in_flight.popleft().result())
    refresh_origins(ledger, touched)
    return summary


ingest_documents = ingest  # the web app's name for it: inputs may be read Documents as well as paths
