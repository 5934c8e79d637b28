"""Hostile input is bounded: each hostile file of a batch gets one clear line naming the limit (and its setting),
nothing hangs or fills memory, and the good files of the same batch are stored.

The hostile files are built here, small where a small file shows the same bug (a gzip bomb of a few MB against
a lowered header limit), and read in ONE ``claimledger ingest`` run (spaCy loads once); each test then checks
its own line of that run. Their full-size twins, with time and peak memory, are in benchmarks/hostile_memory.py.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ledger.store import Ledger

GOOD = "Flood waters rose overnight\n\nThe river rose by two metres, the mayor said.\n"
SENTENCE = "The mayor said the river rose by two metres overnight and the bridge stayed shut. "
HEADER_LIMIT = 100_000  # CLAIMLEDGER_MAX_HEADER_BYTES for the run: a 2 MB bomb shows what a 2 GB one does


def page(text: str, title: str = "Bridge reopens") -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><p>{text}</p></article></body></html>").encode()


def jsonl_record(text: str, url: str) -> str:
    return json.dumps({"text": text, "url": url})


def warc(records: list[tuple[str, bytes]], *, gzipped: bool = False) -> bytes:
    """A WARC of HTML responses (url, body)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for url, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return out.getvalue()


def short_content_length(data: bytes, record: int, by: int) -> bytes:
    """``data`` with the WARC Content-Length of record number ``record`` (from 0) lowered by ``by`` bytes."""
    start = 0
    for _ in range(record + 1):
        at = data.index(b"WARC/1.", start)
        start = at + 1
    field = data.index(b"Content-Length: ", at) + len(b"Content-Length: ")
    end = data.index(b"\r\n", field)
    return data[:field] + str(int(data[field:end]) - by).encode() + data[end:]


def feed_with_internal_subset() -> bytes:
    """An RSS feed whose DOCTYPE has an internal subset (its '>' used to end the sniffed prolog early), with a
    billion-laughs entity nest that must not be expanded."""
    laughs = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "ha") * 10}">\n' for i in range(10))
    item = SENTENCE * 12
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY site "Daily">\n' + laughs + "]>\n"
        '<rss version="2.0"><channel><title>Daily</title>'
        f"<item><title>Bridge stays shut</title><link>https://feed.example/1</link><description>{item}"
        "</description></item>"
        "<item><title>Laughs</title><link>https://feed.example/2</link>"
        f"<description>&l9; {item}</description></item>"
        "</channel></rss>"
    ).encode()


def hostile_batch(folder: Path) -> None:
    """The good and hostile files of the one run."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    # JSON Lines: good records around a line nested 100,000 deep, a 5,000-digit number and a lone surrogate
    lines = [
        jsonl_record("River rises\n\nThe river rose, officials said.", "https://j.example/1"),
        "[" * 100_000 + "]" * 100_000,
        '{"text": "Numbers, the clerk said.", "n": ' + "7" * 5_000 + "}",
        '{"text": "A lone \\ud800 surrogate, the clerk said.", "url": "https://j.example/s"}',
        '{"text": "A paired \\ud83d\\ude00 surrogate, the clerk said.", "url": "https://j.example/3"}',
    ]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # one gzip member of 2 MB of zeros: warcio read it as one 2 MB header line (2 GB: 10.9 GB RSS)
    (folder / "bomb.warc.gz").write_bytes(gzip.compress(b"\0" * 2_000_000))
    # markup over the limits: quadratic in lxml, and nesting that recurses
    attributes = " ".join(f"a{i}='x'" for i in range(1_001))
    (folder / "attributes.html").write_bytes(page("x").replace(b"<p>", f"<p {attributes}>".encode()))
    (folder / "deep.html").write_bytes(page("<div>" * 501 + "Deep, he said." + "</div>" * 501))
    # a long one-line page (no newline at all) is an article like any other
    paragraphs = "".join(f"<p>Paragraph {n}: {SENTENCE}</p>" for n in range(300))
    (folder / "oneline.html").write_bytes(page("").replace(b"<p></p>", paragraphs.encode()))
    (folder / "doctype.rss").write_bytes(feed_with_internal_subset())
    (folder / "catalog.xml").write_bytes(b'<?xml version="1.0"?><catalog><book id="1">Dune</book></catalog>')
    (folder / "mixed.txt").write_bytes(
        SENTENCE.encode() * 20 + "Café ".encode("latin-1") + "naïve, the owner said.".encode()
    )
    (folder / "utf16.txt").write_bytes((SENTENCE * 5).encode("utf-16-le"))
    first, short, third = (page(SENTENCE + f"Page {n}.") for n in range(3))
    archive = warc([("https://w.example/1", first), ("https://w.example/2", short), ("https://w.example/3", third)])
    (folder / "short.warc").write_bytes(short_content_length(archive, 1, 20))


@dataclass(frozen=True)
class Run:
    folder: Path
    db: Path
    result: Result

    def line(self, name: str) -> str:
        """The one failure line that names the input ``name`` (a file of the batch, or FILE:LINE, FILE#OFFSET)."""
        lines = [line for line in self.result.stderr.splitlines() if f"{self.folder / name}" in line]
        assert len(lines) == 1, self.result.stderr
        return lines[0]

    def stored(self) -> dict[str, tuple[str, str]]:
        """origin → the stored article's text, and the document's encoding."""
        query = "SELECT origin, text, encoding FROM articles JOIN documents ON documents.id = articles.document_id"
        with sqlite3.connect(self.db) as conn:
            return {origin: (text, encoding) for origin, text, encoding in conn.execute(query)}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    from claimledger.cli import app, register

    register()
    root = tmp_path_factory.mktemp("hostile")
    hostile_batch(root / "in")
    db = root / "ledger.db"
    env = {"CLAIMLEDGER_DB": str(db), "CLAIMLEDGER_MAX_HEADER_BYTES": str(HEADER_LIMIT)}
    result = CliRunner().invoke(app, ["ingest", str(root / "in"), "--db", str(db)], env=env)
    return Run(root / "in", db, result)


def test_the_batch_fails_with_one_line_each_and_stores_the_good_files(run: Run) -> None:
    assert run.result.exit_code == 1
    assert "Traceback" not in run.result.output and "WARNING" not in run.result.output
    stored = run.stored()
    assert {
        str(run.folder / "good.txt"),
        "https://j.example/1",
        "https://j.example/3",
        str(run.folder / "oneline.html"),
        str(run.folder / "doctype.rss#entry-1"),
        str(run.folder / "utf16.txt"),
        str(run.folder / "short.warc#0"),
    } <= set(stored)
    assert stored[str(run.folder / "good.txt")] == (GOOD, "utf-8")
    failed = [line for line in run.result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failed) == 9, run.result.stderr  # one per hostile input, nothing else


def test_json_nested_100000_deep(run: Run) -> None:
    assert run.line("records.jsonl:2").endswith(
        "JSON nested deeper than 100 levels (setting CLAIMLEDGER_MAX_JSON_DEPTH)"
    )


def test_json_number_of_5000_digits(run: Run) -> None:
    assert run.line("records.jsonl:3").endswith(
        "a JSON number of 5,000 characters (limit 100; setting CLAIMLEDGER_MAX_JSON_DIGITS)"
    )


def test_json_lone_surrogate(run: Run) -> None:
    assert run.line("records.jsonl:4").endswith(r"a JSON string holds a lone surrogate (\ud800): not Unicode text")
    assert "😀" in run.stored()["https://j.example/3"][0]  # a paired surrogate escape is a character


def test_gzip_bomb_in_a_warc_header(run: Run) -> None:
    assert run.line("bomb.warc.gz").endswith(
        "truncated or invalid WARC after 0 records: record headers larger than the limit "
        f"({HEADER_LIMIT:,} bytes; setting CLAIMLEDGER_MAX_HEADER_BYTES)"
    )


def test_element_with_too_many_attributes(run: Run) -> None:
    assert "an HTML element with more than 1,000 attributes (<p> at character " in run.line("attributes.html")
    assert run.line("attributes.html").endswith("limit 1,000; setting CLAIMLEDGER_MAX_HTML_ATTRIBUTES)")


def test_html_nested_too_deeply(run: Run) -> None:
    line = run.line("deep.html")
    assert "HTML nested deeper than 500 elements (<div> at character " in line
    assert line.endswith("limit 500; setting CLAIMLEDGER_MAX_HTML_DEPTH)")


def test_one_line_html_page_is_read(run: Run) -> None:
    text, _ = run.stored()[str(run.folder / "oneline.html")]
    assert "Paragraph 0: " in text and "Paragraph 299: " in text


def test_feed_with_a_doctype_internal_subset(run: Run) -> None:
    stored = run.stored()
    entry, _ = stored[str(run.folder / "doctype.rss#entry-1")]
    assert entry.startswith("Bridge stays shut\n\n" + SENTENCE.strip())  # the entry, not the raw feed
    laughs, _ = stored.get(str(run.folder / "doctype.rss#entry-2"), ("", ""))
    assert "haha" not in laughs and len(laughs) < 2_000  # the entity nest is not expanded


def test_xml_that_is_not_a_feed_is_refused(run: Run) -> None:
    assert run.line("catalog.xml").endswith(
        "XML, but neither HTML nor an RSS or Atom feed (root element <catalog>): not read"
    )


def test_mostly_utf8_text_with_a_stray_byte_is_refused(run: Run) -> None:
    offset = len(SENTENCE) * 20 + 3
    assert run.line("mixed.txt").endswith(
        f"mixed encodings: UTF-8 text with 1 invalid byte (the first at byte {offset:,}); convert the file to UTF-8"
    )


def test_utf16_without_bom_is_decoded(run: Run) -> None:
    assert run.stored()[str(run.folder / "utf16.txt")] == (SENTENCE * 5, "utf-16-le")


def test_warc_record_with_a_short_content_length(run: Run) -> None:
    line = run.line("short.warc#")
    offset = line.removeprefix(f"failed {run.folder / 'short.warc'}#").split(" [read]:", 1)[0]
    assert int(offset) > 0  # the second record, not the archive
    assert line.endswith(
        "the record's Content-Length does not match its content (it is not followed by the blank lines that end "
        "a record); the rest of the archive is not read"
    )
    from_archive = [origin for origin in run.stored() if "short.warc" in origin]
    assert from_archive == [str(run.folder / "short.warc#0")]  # the short record is never stored truncated
    assert "Remainder:" not in run.result.output  # warcio's own warning


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "line 2: JSON nested deeper than 100 levels"),
        ('{"id": ' + "9" * 5_000 + "}", "line 2: a JSON number of 5,000 characters (limit 100"),
        ('{"text": "\\udc00"}', r"line 2: a JSON string holds a lone surrogate (\udc00)"),
    ],
)
def test_import_of_hostile_json_is_one_clear_error(run: Run, tmp_path: Path, hostile: str, message: str) -> None:
    from claimledger.cli import app
    from claimledger.cli import export as export_cli

    if "export" not in {c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands}:
        export_cli.register(app)
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "--articles", "--db", str(run.db)])
    assert exported.exit_code == 0, exported.output
    path = tmp_path / "hostile.jsonl"
    path.write_text(exported.stdout.splitlines()[0] + "\n" + hostile + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--db", str(tmp_path / "target.db")])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert Ledger.open(tmp_path / "target.db").count() == 1  # the good line before it is stored
