"""The frame the ledger evaluations share: find a gold's PolNeAR articles, ingest them into a new ledger through
the real ingest path (with the corpus' metadata, when it has it), and read back what the ledger stored.

``eval actors`` (:mod:`claimledger.evaluation.actors`) and ``eval clusters``
(:mod:`claimledger.evaluation.clusters`) both score a ledger built this way, so they measure what ``claimledger
ingest`` does and nothing else: each article is known by its file's stem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger
    from claimledger.read.metadata import ArticleMetadata

SPLITS = ("dev", "test", "train")  # where a gold's PolNeAR articles may lie, looked up in this order
METADATA = "metadata.tsv"  # PolNeAR's table of every article's publisher, date, author and title


class GoldError(ClaimledgerError):
    """A gold cannot be read, or does not fit the articles it names."""


def find_articles(names: Sequence[str], polnear: Path, what: str = "gold") -> list[Path]:
    """The text file of each named PolNeAR article (a file stem), in order, from whichever split folder holds it
    (dev, test, train: a held-out gold may name test articles); a missing one is a :class:`GoldError`."""
    paths: list[Path] = []
    for name in names:
        found = next((p for split in SPLITS if (p := polnear / split / "text" / f"{name}.txt").is_file()), None)
        if found is None:
            raise GoldError(
                f"{name}.txt not found in {polnear}/{{{','.join(SPLITS)}}}/text: the {what} reads PolNeAR articles "
                "(not shipped; see shared/data/README.md)"
            )
        paths.append(found)
    return paths


def corpus_metadata(polnear: Path, names: Sequence[str]) -> ArticleMetadata | None:
    """The rows of the corpus' metadata file (``metadata.tsv`` beside the splits) for the named articles, when
    the corpus has one: each article's publisher, date, author and title, as ``ingest --metadata`` reads them."""
    from claimledger.read.metadata import load_metadata

    path = polnear / METADATA
    if not path.is_file():
        return None
    return load_metadata(path).only(names)


@dataclass(frozen=True, slots=True)
class GoldLedger:
    """A ledger holding a gold's articles: the open ledger, each article's id by file stem and its text as
    stored (the text the gold's offsets index), and the metadata file it was ingested with (``None``: none)."""

    ledger: Ledger
    by_stem: Mapping[str, int]
    texts: Mapping[str, str]
    metadata: str | None


@contextmanager
def ingested(
    names: Sequence[str],
    polnear: Path,
    settings: Settings | None = None,
    *,
    what: str = "gold",
    ledger_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[GoldLedger]:
    """Ingest the named articles into a new ledger (a temporary one unless ``ledger_path`` names a new file)
    through the real ingest path, with the corpus' metadata when it has it, and yield it open; it is closed (and
    a temporary one removed) after. ``progress(documents done)`` as they are stored.

    Every named article must be found and stored as itself: a missing file, a failed ingest or an article
    stored as a copy of another is a :class:`GoldError`, since the gold's offsets would then index nothing.
    """
    paths = find_articles(list(dict.fromkeys(names)), polnear, what)
    metadata = corpus_metadata(polnear, [p.stem for p in paths])
    with ingested_files(
        paths, settings, metadata=metadata, what=what, ledger_path=ledger_path, progress=progress
    ) as held:
        yield held


@contextmanager
def ingested_files(
    paths: Sequence[Path],
    settings: Settings | None = None,
    *,
    metadata: ArticleMetadata | None = None,
    what: str = "gold",
    ledger_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[GoldLedger]:
    """Ingest the given files (texts, pages, gzipped or not) into a new ledger through the real ingest path and
    yield it open, each article known by its file's stem (:func:`file_stem`); as :func:`ingested`, every file
    must be stored as itself."""
    from claimledger.ingest import ingest
    from claimledger.ledger.store import Ledger

    settings = settings or Settings()
    if ledger_path is not None and ledger_path.exists():
        raise GoldError(f"{ledger_path} exists: the evaluation ingests into a new ledger")
    with tempfile.TemporaryDirectory(prefix="claimledger-eval-") as tmp:
        ledger = Ledger.open(ledger_path or Path(tmp) / "ledger.db")
        try:
            summary = ingest(
                [str(p) for p in paths],
                ledger,
                settings=settings,
                on_progress=None if progress is None else (lambda s: progress(s.stored + s.duplicates + s.failed)),
                metadata=metadata,
            )
            if summary.failed:
                raise GoldError(f"ingest failed for {len(summary.failed)} {what} articles: {summary.failed[0]}")
            by_stem, texts = stored_articles(ledger)
            missing = [file_stem(p) for p in paths if file_stem(p) not in by_stem]
            if missing:
                raise GoldError(
                    f"{len(missing)} {what} articles were not stored (copies of one another?): {missing[0]}"
                )
            yield GoldLedger(
                ledger,
                by_stem,
                {stem: texts[i] for stem, i in by_stem.items()},
                None if metadata is None else str(metadata.path),
            )
        finally:
            ledger.close()


def stored_articles(ledger: Any) -> tuple[dict[str, int], dict[int, str]]:
    """From a ledger: article ids by the stem of the file each was read from, and each article's text."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import articles, documents

    with ledger.connect() as conn:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.text, documents.c.origin).join(
                documents, documents.c.id == articles.c.document_id
            )
        ).all()
    return {file_stem(r.origin): r.id for r in rows}, {r.id: r.text for r in rows}


def file_stem(path: Path | str) -> str:
    """The name an evaluation knows a document's file by: its stem, of a gzipped file the stem of what it holds.

    >>> file_stem("benchmark/html/0a1b.html.gz"), file_stem(Path("polnear/dev/text/x.txt"))
    ('0a1b', 'x')
    """
    return Path(str(path).removesuffix(".gz")).stem
