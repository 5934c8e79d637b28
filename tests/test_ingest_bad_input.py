"""Bad input gets one clear line, loses nothing else, stores nothing for itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimledger.ledger.store import Ledger

GOOD = "Flood waters rose overnight\n\nThe river rose by two metres, the mayor said.\n"


def stored(tmp_path: Path) -> list[str]:
    return [a.origin for a in Ledger.open(tmp_path / "ledger.db").articles()]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n \t\n", "empty input"),
        ("binary.txt", bytes(range(256)) * 8, "binary file, not text or HTML"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary file, not text or HTML"),
        ("garbage.txt", bytes((i * 37 + 129) % 128 + 128 for i in range(3000)), "cannot decode"),
        ("broken.html", b"<html><body><div><script>var x = 1;</script></div>", "no article text found in the HTML"),
    ],
)
def test_ingest_bad_input_one_line_and_nothing_stored(cli, tmp_path: Path, name: str, data: bytes, message: str):
    bad = write(tmp_path, name, data)
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(bad), str(good))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if str(bad) in line]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.output
    assert stored(tmp_path) == [str(good)]


def test_ingest_too_large(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_MAX_BYTES", "1000")
    big = write(tmp_path, "big.txt", b"Words and more words. " * 100)
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(big), str(good))
    assert result.exit_code == 1
    assert f"{big} [read]: too large: 2,200 bytes (limit 1,000" in result.stderr
    assert stored(tmp_path) == [str(good)]


def test_ingest_default_size_limit_is_ten_megabytes() -> None:
    from claimledger.settings import Settings

    assert Settings().max_bytes == 10_000_000


def test_ingest_missing_path(cli, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(tmp_path / "nope.txt"), str(good))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.txt'} [read]: no such file or directory" in result.stderr
    assert stored(tmp_path) == [str(good)]


def test_ingest_unreadable_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path, "locked.txt", GOOD.encode())
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any file: make the OS refusal happen the only way it can here
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self == locked:
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(locked), str(good))
    assert f"{locked} [read]: permission denied" in result.stderr and result.exit_code == 1
    assert stored(tmp_path) == [str(good)]


def test_ingest_path_below_a_file(cli, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(good / "child.txt"))
    assert result.exit_code == 1
    assert f"{good / 'child.txt'} [read]: cannot read" in result.stderr


def test_ingest_unreadable_directory_entry(cli, tmp_path: Path) -> None:
    """A path that cannot be read as a file (a FIFO: reading it would block forever)."""
    fifo = tmp_path / "in" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(good), str(fifo))
    assert result.exit_code == 1
    assert f"{fifo} [read]: not a regular file" in result.stderr
    assert stored(tmp_path) == [str(good)]


def test_ingest_mis_encoded_text_is_decoded(cli, tmp_path: Path) -> None:
    text = "Préfecture hausse\n\nLe préfet a déclaré que la rivière était montée, said the café owner.\n"
    path = write(tmp_path, "latin.txt", text.encode("cp1252"))
    result = cli("ingest", str(path))
    assert result.exit_code == 0, result.output
    article = Ledger.open(tmp_path / "ledger.db").get(1)
    assert article is not None and article.article.text == text


def test_ingest_jsonl_bad_lines_reported_good_lines_kept(cli, tmp_path: Path) -> None:
    lines = [
        '{"text": "River rises\\n\\nThe river rose, officials said.", "url": "https://a.example/1"}',
        "{not json",
        '{"url": "https://a.example/2"}',
        "[1, 2]",
        '{"html": "<html><body><p>A long enough paragraph of text, the spokesman said today.</p></body></html>",'
        ' "url": "https://a.example/3", "published": "2025-01-02", "title": "Spokesman speaks"}',
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines).encode())
    result = cli("ingest", str(path))
    assert result.exit_code == 1
    assert f"{path}:2 [read]: invalid JSON" in result.stderr
    assert f'{path}:3 [read]: a record needs a "text" or "html" string' in result.stderr
    assert f"{path}:4 [read]: each line must be a JSON object" in result.stderr
    assert stored(tmp_path) == ["https://a.example/1", "https://a.example/3"]
    third = Ledger.open(tmp_path / "ledger.db").get(2)
    assert third is not None
    assert third.article.metadata.published == "2025-01-02"
    assert third.article.metadata.title == "Spokesman speaks"


def test_ingest_usage_error_exit_code_two(cli) -> None:
    result = cli("ingest")
    assert result.exit_code == 2


def test_ingest_bad_setting_is_one_line(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMLEDGER_MAX_BYTES", "ten")
    result = cli("ingest", str(write(tmp_path, "good.txt", GOOD.encode())))
    assert result.exit_code == 1
    assert "CLAIMLEDGER_MAX_BYTES must be a whole number" in result.stderr
    assert "Traceback" not in result.output


def test_ingest_db_path_is_a_directory(cli, tmp_path: Path) -> None:
    result = cli("ingest", str(write(tmp_path, "good.txt", GOOD.encode())), "--db", str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


def test_a_gzipped_page_text_and_jsonl_are_read_unzipped(cli, tmp_path: Path) -> None:
    import gzip

    page = (
        b"<html><head><title>Dam holds</title></head><body><article><p>The dam will hold, the engineer said on "
        b"Tuesday.</p><p>Water levels fell by two metres overnight, officials said.</p></article></body></html>"
    )
    html = write(tmp_path, "page.html.gz", gzip.compress(page))
    text = write(tmp_path, "notes.txt.gz", gzip.compress(GOOD.encode()))
    lines = write(tmp_path, "feed.jsonl.gz", gzip.compress(b'{"text": "The mayor said the bridge would reopen."}\n'))
    result = cli("ingest", str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    ledger = Ledger.open(tmp_path / "ledger.db")
    articles = ledger.articles()
    assert sorted(a.origin for a in articles) == sorted([str(html), str(text), f"{lines}:1"])
    page_article = ledger.get(next(a.id for a in articles if a.origin == str(html)))
    assert page_article is not None
    body = page_article.article.text
    assert "The dam will hold" in body and "<p>" not in body  # read as HTML, not as its markup


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1f\x8b\x08\x00garbage that is not deflate data", "corrupt gzip data"),
        (__import__("gzip").compress(GOOD.encode() * 20)[:-30], "truncated gzip data"),
    ],
)
def test_a_corrupt_or_truncated_gzipped_file_is_one_line(cli, tmp_path: Path, data: bytes, message: str) -> None:
    bad = write(tmp_path, "bad.txt.gz", data)
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(bad), str(good))
    assert result.exit_code == 1
    assert f"{bad} [read]: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert stored(tmp_path) == [str(good)]


def test_a_gzip_bomb_stops_at_the_byte_limit(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    monkeypatch.setenv("CLAIMLEDGER_MAX_BYTES", "100000")
    bomb = write(tmp_path, "bomb.html.gz", gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    assert bomb.stat().st_size < 100_000
    good = write(tmp_path, "good.txt", GOOD.encode())
    result = cli("ingest", str(bomb), str(good))
    assert result.exit_code == 1
    assert f"{bomb} [read]: too large: a gzipped file that unzips to more than 100,000 bytes" in result.stderr
    assert stored(tmp_path) == [str(good)]
