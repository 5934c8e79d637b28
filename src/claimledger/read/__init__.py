"""Sources beyond plain files: web archives (WARC/ARC), RSS/Atom feeds and web pages fetched over HTTP.

Each reader yields :class:`~claimledger.records.Document` or :class:`~claimledger.read.ReadFailure` items,
like :mod:`claimledger.read`: a bad record, entry or URL is one failure line and the others go on.

- :func:`read_warc` — the HTML pages of a ``.warc``/``.warc.gz``/``.arc``/``.arc.gz`` file;
- :func:`read_feed` — the entries of an RSS or Atom feed file or URL; :func:`looks_like_feed` sniffs bytes;
- :class:`Fetcher` — one page over HTTP(S): robots.txt, per-host delay, size and time limits, no private
  addresses (settings in :mod:`claimledger.sources.web`);
- :func:`read_url` — a URL as a page, or as every entry of the feed it answers with.
"""

from claimledger.sources.feeds import FEED_SUFFIXES, is_url, looks_like_feed, parse_feed, read_feed, read_url
from claimledger.sources.warc import WARC_SUFFIXES, WarcSummary, is_warc_path, read_warc
from claimledger.sources.web import USER_AGENT, Fetched, Fetcher

__all__ = [
    "FEED_SUFFIXES",
    "USER_AGENT",
    "WARC_SUFFIXES",
    "Fetched",
    "Fetcher",
    "WarcSummary",
    "is_url",
    "is_warc_path",
    "looks_like_feed",
    "parse_feed",
    "read_feed",
    "read_url",
    "read_warc",
]
