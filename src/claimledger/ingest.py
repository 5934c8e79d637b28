"""Ingest: read inputs, analyse them and store them in the ledger, one transaction per document.

A bad input is reported and skipped; the rest of the batch goes on. Re-ingesting the same bytes is a
no-op (documents are keyed by their SHA-256).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from claimledger.copies import article_signature
from claimledger.errors import ClaimledgerError
from claimledger.pipeline import Source, complete, prepare
from claimledger.read import ReadFailure, read_inputs
from claimledger.records import Article, Document
from claimledger.settings import Settings
from claimledger.store import Ledger

BATCH = 16  # documents parsed together in one spaCy stream


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    copies: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def ingest(
    paths: Iterable[str],
    ledger: Ledger,
    *,
    settings: Settings | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Read, analyse and store every document under ``paths``.

    >>> summary = ingest(["examples/"], Ledger.open(":memory:"))  # doctest: +SKIP
    """
    settings = settings or Settings.from_env()
    summary = IngestSummary()
    pending: list[tuple[Document, Article]] = []

    def flush() -> None:
        if not pending:
            return
        analysed = complete([a for _, a in pending], settings=settings)
        for (document, _), article in zip(pending, analysed, strict=True):
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
                continue
            if article_id is None:
                summary.duplicates += 1
            else:
                summary.new += 1
                summary.copies += match is not None
                summary.article_ids.append(article_id)
        pending.clear()

    for item in read_inputs(paths, settings):
        if on_progress:
            on_progress(item.origin)
        if isinstance(item, ReadFailure):
            summary.failed.append(item)
            continue
        summary.read += 1
        if ledger.has_document(item.sha256):
            summary.duplicates += 1
            continue
        try:
            article = prepare(Source.from_document(item))
        except ClaimledgerError as exc:
            summary.failed.append(ReadFailure(item.origin, str(exc)))
            continue
        pending.append((item, article))
        if len(pending) >= BATCH:
            flush()
    flush()
    return summary
