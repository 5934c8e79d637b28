"""Article metadata from a sidecar file: who published each file, where, when, its title and author.

A plain-text article says nothing of its publisher, so without help each one is its own publisher ("article #4")
and two articles of one outlet count as two independent origins. ``claimledger ingest PATHS --metadata FILE``
reads a table beside the articles — CSV (``.csv``), TSV (``.tsv``, ``.tab``) or JSON Lines (``.jsonl``,
``.ndjson``; any other name is sniffed) — with one row per file:

- a column naming the file: ``filename``, ``file``, ``path`` or ``stem`` — a path (relative to the working folder
  or to the metadata file's folder), a file name (``a.txt``) or a file name without its extension (``a``);
- any of ``publisher`` (or ``outlet``, ``site``), ``url``, ``date`` (or ``publication_date``, ``published``:
  ISO 8601), ``title``, ``author``; other columns are ignored, and so are empty cells and ``None``/``NA``/``null``.

Each row is bound to one input file before anything is read (:meth:`ArticleMetadata.bind`): a row that names no
input or several, two rows naming one file, a missing column, a malformed line or value is a :class:`MetadataError`
naming the line, raised before a single article is stored. The values then fill what each document read from that
file does not carry itself (a JSON Lines record's own ``url`` or ``title`` stays); in the article, the sidecar's
publisher, author, date and URL come before what the page's HTML says of itself.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("The mayor said the bridge would reopen.", encoding="utf-8")
>>> _ = (folder / "meta.csv").write_text("filename,publisher,date\\na,The Daily Ledger,2024-05-02\\n", encoding="utf-8")
>>> table = load_metadata(folder / "meta.csv")
>>> bound = table.bind([str(folder)], Settings())
>>> row = bound[str(folder / "a.txt")]
>>> row.publisher, row.published
('The Daily Ledger', '2024-05-02')
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from claimledger.errors import InputError
from claimledger.read.document import JsonLimit, load_json
from claimledger.read.feeds import is_url
from claimledger.read.paths import walk
from claimledger.records import Document
from claimledger.settings import Settings

FILE_COLUMNS = ("filename", "file", "path", "stem")
FIELDS = {  # column (case-folded, spaces and dashes as "_") → field of :class:`FileMetadata`
    "publisher": "publisher",
    "outlet": "publisher",
    "site": "publisher",
    "url": "url",
    "date": "published",
    "publication_date": "published",
    "published": "published",
    "title": "title",
    "author": "author",
}
EMPTY = frozenset({"", "none", "na", "n/a", "null", "nan", "-"})


class MetadataError(InputError):
    """The metadata file cannot be read, or does not fit the inputs it describes."""


@dataclass(frozen=True, slots=True)
class FileMetadata:
    """What one row of the metadata file says of one file."""

    line: int  # the row's line in the metadata file (1: the first line)
    name: str  # the file as the row names it
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None

    def apply(self, document: Document) -> Document:
        """The document with what it lacks filled from this row (its own ``url``, ``published``, ``title`` stay)."""
        return dataclasses.replace(
            document,
            url=document.url or self.url,
            published=document.published or self.published,
            title=document.title or self.title,
            site=document.site or self.publisher,
            author=document.author or self.author,
        )


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """The rows of a metadata file (:func:`load_metadata`)."""

    path: Path
    rows: tuple[FileMetadata, ...]

    def only(self, names: Iterable[str]) -> ArticleMetadata:
        """The rows naming one of ``names`` (as the rows write them: a caller that ingests part of a corpus)."""
        wanted = set(names)
        return ArticleMetadata(self.path, tuple(r for r in self.rows if r.name in wanted or _stem(r.name) in wanted))

    def bind(self, inputs: Iterable[str], settings: Settings) -> dict[str, FileMetadata]:
        """Each input file (as :func:`~claimledger.read.files.read_inputs` names it: a file given, or one found in a
        directory given) → its row; a :class:`MetadataError` when a row names no input file or several, or two rows
        name one file. Standard input and URLs have no file: no row can name them."""
        files: list[Path] = []
        for raw in inputs:
            if raw == "-" or is_url(raw):
                continue
            path = Path(raw)
            if path.is_dir():
                try:
                    files.extend(walk(path, settings))
                except PermissionError:
                    continue  # read_inputs reports it
            else:
                files.append(path)
        by_path: dict[Path, list[Path]] = defaultdict(list)
        by_name: dict[str, list[Path]] = defaultdict(list)
        by_stem: dict[str, list[Path]] = defaultdict(list)
        for file in dict.fromkeys(files):
            by_path[_resolved(file)].append(file)
            by_name[file.name].append(file)
            by_stem[_stem(file.name)].append(file)
        bound: dict[str, FileMetadata] = {}
        where = self.path.name
        for row in self.rows:
            found = (
                by_path.get(_resolved(Path(row.name)))
                or by_path.get(_resolved(self.path.parent / row.name))
                or by_name.get(row.name)
                or by_stem.get(row.name)
                or []
            )
            found = list(dict.fromkeys(found))
            if not found:
                raise MetadataError(f"{where}:{row.line}: {row.name!r} names no input file (nothing was ingested)")
            if len(found) > 1:
                raise MetadataError(
                    f"{where}:{row.line}: {row.name!r} names {len(found)} input files ({found[0]}, {found[1]}): "
                    "give its path (nothing was ingested)"
                )
            key = str(found[0])
            if key in bound:
                raise MetadataError(
                    f"{where}:{row.line}: {found[0]} is described twice (lines {bound[key].line} and {row.line}; "
                    "nothing was ingested)"
                )
            bound[key] = row
        return bound


def _stem(name: str) -> str:
    path = Path(name)
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def load_metadata(path: Path, settings: Settings | None = None) -> ArticleMetadata:
    """The rows of a metadata file (CSV, TSV or JSON Lines; see the module text); a :class:`MetadataError` naming
    the file and line for anything it cannot use."""
    settings = settings or Settings()
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise MetadataError(
                f"{path}: too large for a metadata file: {size:,} bytes (limit {settings.max_bytes:,}; "
                "setting CLAIMLEDGER_MAX_BYTES)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise MetadataError(f"{path}: no such metadata file") from None
    except IsADirectoryError:
        raise MetadataError(f"{path}: is a directory, not a metadata file") from None
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read the metadata file: {exc.strerror or exc}") from None
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MetadataError(f"{path}: a metadata file must be UTF-8 (invalid byte at offset {exc.start:,})") from None
    if "\x00" in text:
        raise MetadataError(f"{path}: a binary file, not a metadata table")
    kind = _kind(path, text)
    records = (
        _json_lines(text, path, settings) if kind == "jsonl" else _table(text, path, "\t" if kind == "tsv" else ",")
    )
    rows = tuple(_row(line, record, path) for line, record in records)
    if not rows:
        raise MetadataError(f"{path}: no rows")
    return ArticleMetadata(path, rows)


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    if suffix == ".csv":
        return "csv"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        return "jsonl"
    return "tsv" if "\t" in first else "csv"


def _table(text: str, path: Path, delimiter: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise MetadataError(f"{path}: no header line (the first line names the columns)")
        columns = [_column(h) for h in header]
        _check_columns(columns, path)
        out: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise MetadataError(f"{path}:{line}: {len(cells)} fields where the header has {len(columns)}")
            out.append((line, dict(zip(columns, cells, strict=True))))
    except csv.Error as exc:
        raise MetadataError(
            f"{path}:{reader.line_num}: malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}"
        ) from None
    return out


def _json_lines(text: str, path: Path, settings: Settings) -> list[tuple[int, dict[str, str]]]:
    out: list[tuple[int, dict[str, str]]] = []
    seen: set[str] = set()
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            record = load_json(raw, settings)
        except json.JSONDecodeError as exc:
            raise MetadataError(f"{path}:{line}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        except JsonLimit as exc:
            raise MetadataError(f"{path}:{line}: {exc}") from None
        if not isinstance(record, dict):
            raise MetadataError(f"{path}:{line}: each line must be a JSON object")
        values: dict[str, str] = {}
        for key, value in record.items():
            column = _column(key)
            if value is None:
                continue
            if column in FIELDS or column in FILE_COLUMNS:
                if not isinstance(value, str):
                    raise MetadataError(f"{path}:{line}: {key!r} must be a string")
                values[column] = value
        seen |= set(values)
        out.append((line, values))
    _check_columns(list(seen), path, rows=bool(out))
    return out


def _column(name: str) -> str:
    return name.strip().casefold().replace(" ", "_").replace("-", "_")


def _check_columns(columns: list[str], path: Path, *, rows: bool = True) -> None:
    if not rows:
        return
    if not any(c in FILE_COLUMNS for c in columns):
        raise MetadataError(
            f"{path}: no column naming the file (one of {', '.join(FILE_COLUMNS)}); it has: "
            + (", ".join(c for c in columns if c) or "none")
        )
    if not any(c in FIELDS for c in columns):
        raise MetadataError(f"{path}: no metadata column (any of {', '.join(dict.fromkeys(FIELDS))})")


def _row(line: int, record: Mapping[str, str], path: Path) -> FileMetadata:
    name = next((v.strip() for c in FILE_COLUMNS if (v := record.get(c)) is not None and v.strip()), "")
    if not name:
        raise MetadataError(f"{path}:{line}: the row names no file (column {' / '.join(FILE_COLUMNS)} is empty)")
    values: dict[str, str] = {}
    for column, field in FIELDS.items():
        value = record.get(column)
        if value is None or value.strip().casefold() in EMPTY or field in values:
            continue
        if any(ch in value for ch in "\r\n\x00"):
            raise MetadataError(f"{path}:{line}: {column} holds a line break")
        values[field] = " ".join(value.split())
    if "published" in values:
        values["published"] = _iso_date(values["published"], f"{path}:{line}")
    if "url" in values and not values["url"].lower().startswith(("http://", "https://")):
        raise MetadataError(f"{path}:{line}: url {values['url'][:60]!r} is not an http(s) address")
    return FileMetadata(line, name, **values)


def _iso_date(value: str, where: str) -> str:
    """An ISO 8601 date or date-time, as written (``2016-09-12``, ``2016-09-12T08:30:00Z``)."""
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise MetadataError(f"{where}: date {value[:40]!r} is not an ISO 8601 date (2016-09-12)") from None
    return value
