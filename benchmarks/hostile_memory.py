"""Hostile inputs at full size through ``claimledger ingest``: wall time and peak memory of each, and the worst.

    .venv/bin/python benchmarks/hostile_memory.py [--keep]

Each input gets a fresh ``claimledger ingest FILE --db TMP`` subprocess (the default settings); its peak RSS is
the child's own (``os.wait4``), so the figures include loading spaCy and the taggers (the "baseline" row: one
good text file). The 2 GB gzip bombs are generated streaming to a temporary file, never held in memory. The
issue's bound: peak RSS for the worst hostile input under 1 GB. Then a doubling series for the HTML attribute
case (N, 2N, 4N attributes on one element): the read stage's time for each (best of five), in this process,
whose ratios show the markup scan is linear (lxml's attribute check, which the scan keeps it from, is quadratic).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SENTENCE = "The mayor said the river rose by two metres overnight and the bridge stayed shut. "
ZEROS = b"\0" * (1 << 20)
GB2 = 2_000 * (1 << 20)
TIMEOUT_S = 300


def page(body: str) -> str:
    return f"<html><head><title>Bridge</title></head><body><article>{body}</article></body></html>"


def gzip_stream(path: Path, head: bytes, zeros: int, tail: bytes = b"") -> None:
    """A gzip member of ``head``, ``zeros`` zero bytes and ``tail``, compressed a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with path.open("wb") as out:
        out.write(packer.compress(head))
        for _ in range(zeros // len(ZEROS)):
            out.write(packer.compress(ZEROS))
        out.write(packer.compress(tail))
        out.write(packer.flush())


def header_bomb(path: Path) -> None:
    gzip_stream(path, b"", GB2)  # one "header line" of 2 GB


def payload_bomb(path: Path) -> None:
    """A well-formed WARC record: a 2 GB HTML response of zeros (refused by size, drained, never held)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
        "WARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + GB2}\r\n\r\n"
    ).encode()
    gzip_stream(path, head + http, GB2, b"\r\n\r\n")


def attributes_html(n: int) -> str:
    return page("<p " + " ".join(f"a{i}='x'" for i in range(n)) + ">The minister said hello.</p>")


def one_line_page() -> str:
    """An article of 40 paragraphs in 5 MB of navigation, all on one line (no newline at all)."""
    links = "".join(f"<li><a href='/section/{n}' class='nav-link'>Section {n}</a></li>" for n in range(60_000))
    article = "".join(f"<p>{n}: {SENTENCE * 3}</p>" for n in range(40))
    return page(f"<nav><ul>{links}</ul></nav><div class='story'>{article}</div>")


def short_warc(path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in range(3):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = io.BytesIO(page(f"<p>{SENTENCE} Page {n}.</p>").encode())
        writer.write_record(
            writer.create_warc_record(f"https://w.example/{n}", "response", payload=body, http_headers=http)
        )
    data = out.getvalue()
    second = data.index(b"WARC/1.", 1)
    field = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = data.index(b"\r\n", field)
    path.write_bytes(data[:field] + str(int(data[field:end]) - 20).encode() + data[end:])


def billion_laughs(path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "ha") * 10}">\n' for i in range(10))
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{laughs}]>\n<rss version="2.0"><channel><title>T</title>'
        f"<item><title>Laughs</title><link>https://feed.example/1</link><description>&l9; {SENTENCE * 12}"
        "</description></item></channel></rss>",
        encoding="utf-8",
    )


def text(path: Path, data: str | bytes) -> None:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


CASES: list[tuple[str, str, Callable[[Path], None]]] = [
    ("baseline: one good text file", "good.txt", lambda p: text(p, f"Flood\n\n{SENTENCE}\n")),
    ("gzip bomb in a WARC header (2 GB of zeros)", "header.warc.gz", header_bomb),
    ("gzip bomb as a WARC record (2 GB response)", "payload.warc.gz", payload_bomb),
    ("HTML element with 200,000 attributes", "attributes.html", lambda p: text(p, attributes_html(200_000))),
    ("HTML nested 100,000 deep", "deep.html", lambda p: text(p, page("<div>" * 100_000 + "Hi." + "</div>" * 100_000))),
    ("5 MB one-line HTML page (40 paragraphs, 60,000 links)", "oneline.html", lambda p: text(p, one_line_page())),
    (
        "JSON Lines: 100,000 deep, 5,000 digits, lone surrogate",
        "records.jsonl",
        lambda p: text(
            p,
            "[" * 100_000 + "]" * 100_000 + '\n{"text": "x", "n": ' + "7" * 5_000 + '}\n{"text": "\\ud800"}\n',
        ),
    ),
    ("feed with a billion-laughs DOCTYPE", "laughs.rss", billion_laughs),
    (
        "9 MB mostly-UTF-8 text with one stray byte",
        "mixed.txt",
        lambda p: text(p, ("naïve " + SENTENCE).encode() * 100_000 + "Café".encode("latin-1")),
    ),
    (
        "UTF-16 without a BOM (400 paragraphs)",
        "utf16.txt",
        lambda p: text(p, ((SENTENCE * 3).strip() + "\n\n").encode("utf-16-le") * 400),
    ),
    ("WARC record with a short Content-Length", "short.warc", short_warc),
]


def ingest(path: Path, db: Path) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS in bytes, exit code, the last line of stderr) of one ingest subprocess."""
    command = [sys.executable, "-m", "claimledger.cli", "ingest", str(path), "--db", str(db)]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        timer = threading.Timer(TIMEOUT_S, child.kill)  # a hang is a figure too, not a stuck benchmark
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if wall >= TIMEOUT_S:
        err += f"\nKILLED after {TIMEOUT_S} s"
    lines = [line for line in err.splitlines() if line.strip()]
    failed = next((line for line in lines if line.startswith(("failed ", "KILLED"))), lines[-1] if lines else "")
    return wall, usage.ru_maxrss * 1024, child.returncode, failed


def doubling() -> None:
    from dataclasses import replace

    from claimledger.errors import InputError
    from claimledger.read import document_from_bytes
    from claimledger.settings import Settings

    print("\nHTML attributes on one element, the read stage alone (decode + markup scan), in this process:")
    for title, settings in (
        ("the default limit (1,000): refused at the 1,001st", Settings()),
        ("the limit raised past N: every attribute scanned", replace(Settings(), max_html_attributes=10**9)),
    ):
        print(f"  {title}")
        times: list[float] = []
        for n in (200_000, 400_000, 800_000):
            data = attributes_html(n).encode()
            best = float("inf")
            for _ in range(5):  # the best of five: the figure without the noise of other work
                start = time.perf_counter()
                try:
                    document_from_bytes(data, "attributes.html", settings=settings, media_type="text/html")
                    outcome = "accepted"
                except InputError as exc:
                    outcome = str(exc).split(" (")[0]
                best = min(best, time.perf_counter() - start)
            times.append(best)
            ratio = f"  ×{times[-1] / times[-2]:.2f}" if len(times) > 1 else "      "
            print(f"    {n:>9,} attributes  {len(data) / 1e6:5.1f} MB  {times[-1] * 1000:7.1f} ms{ratio}  ({outcome})")
    big = page("".join(f"<p class='c{n}' id='p{n}'>{n}: {SENTENCE}</p>" for n in range(40_000)))
    double = page("".join(f"<p class='c{n}' id='p{n}'>{n}: {SENTENCE}</p>" for n in range(80_000)))
    print("  real-looking pages (many elements, few attributes each), the default limits:")
    for label, html in (("40,000 paragraphs", big), ("80,000 paragraphs", double)):
        start = time.perf_counter()
        document_from_bytes(html.encode(), "page.html", settings=Settings(), media_type="text/html")
        elapsed = (time.perf_counter() - start) * 1000
        print(f"    {label}  {len(html) / 1e6:5.1f} MB  {elapsed:7.1f} ms  (accepted)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the generated files (printed folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimledger-hostile-"))
    print(f"{'input':55} {'size':>10} {'wall s':>7} {'peak RSS':>9}  exit  line")
    worst: tuple[int, str] = (0, "")
    try:
        for label, name, build in CASES:
            path = work / name
            build(path)
            size = path.stat().st_size
            wall, rss, code, line = ingest(path, work / f"{name}.db")
            shown = line.replace(str(work) + "/", "")
            print(f"{label:55} {size / 1e6:8.2f}MB {wall:7.1f} {rss / 2**20:7.0f}MB  {code:4}  {shown[:150]}")
            if not label.startswith("baseline") and rss > worst[0]:
                worst = (rss, label)
            if not args.keep:
                path.unlink()
        bound = "under" if worst[0] < 2**30 else "OVER"
        print(f"\nworst: {worst[1]}: peak RSS {worst[0] / 2**20:.0f} MB ({bound} the 1 GB bound)")
        doubling()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"\nfiles kept in {work}")
    return 0 if worst[0] < 2**30 else 1


if __name__ == "__main__":
    sys.exit(main())
