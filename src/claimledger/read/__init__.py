"""Stage 1 — read: bytes from files, directories, stdin, JSON Lines, web archives, feeds and URLs, with provenance.

Each input becomes a :class:`~claimledger.records.Document` (origin, SHA-256, read time, media type, decoded
content) or a :class:`ReadFailure` with one readable line: a bad input, record, entry or URL never stops the
batch. This is the package's face; its modules, from the bottom up:

- :mod:`~claimledger.read.document` — :class:`ReadFailure`, :func:`document_from_bytes`, encoding detection
  and the byte limit, shared by every reader;
- :mod:`~claimledger.read.payload` — HTTP content types, charsets and bounded decompression;
- :mod:`~claimledger.read.web` — :class:`Fetcher`: one page over HTTP(S), with robots.txt, a per-host delay,
  size and time limits and no private addresses;
- :mod:`~claimledger.read.warc` — :func:`read_warc`: the HTML pages of a ``.warc``/``.warc.gz``/``.arc``/
  ``.arc.gz`` file;
- :mod:`~claimledger.read.feeds` — :func:`read_feed`: the entries of an RSS or Atom feed file or URL;
  :func:`read_url`: a URL as a page, or as every entry of the feed it answers with;
- :mod:`~claimledger.read.files` — :func:`read_inputs`: files, directories, stdin and JSON Lines, and the
  dispatch of every input to its reader.

The modules import one another only downwards, never this face.
"""

from claimledger.read.document import ReadFailure, decode, document_from_bytes, looks_like_html, now_iso, sha256
from claimledger.read.feeds import FEED_SUFFIXES, is_url, looks_like_feed, parse_feed, read_feed, read_url
from claimledger.read.files import read_file, read_inputs, read_jsonl, read_stream, walk
from claimledger.read.warc import WARC_SUFFIXES, WarcSummary, is_warc_path, read_warc
from claimledger.read.web import USER_AGENT, Fetched, Fetcher

__all__ = [
    "FEED_SUFFIXES",
    "USER_AGENT",
    "WARC_SUFFIXES",
    "Fetched",
    "Fetcher",
    "ReadFailure",
    "WarcSummary",
    "decode",
    "document_from_bytes",
    "is_url",
    "is_warc_path",
    "looks_like_feed",
    "looks_like_html",
    "now_iso",
    "parse_feed",
    "read_feed",
    "read_file",
    "read_inputs",
    "read_jsonl",
    "read_stream",
    "read_url",
    "read_warc",
    "sha256",
    "walk",
]
