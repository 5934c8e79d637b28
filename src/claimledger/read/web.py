"""Stage 1 — read: fetch web pages politely and safely (robots.txt, per-host delay, limits, no private addresses).

:class:`Fetcher` turns a URL into a :class:`~claimledger.records.Document` or a
:class:`~claimledger.read.document.ReadFailure` with one readable line. Every hop of a redirect chain (at most
5) is checked again: only ``http``/``https``, and the host must resolve to public addresses only — loopback,
private, link-local, multicast, reserved and unspecified addresses are refused unless private addresses are
allowed. (The check resolves the host itself, so a DNS server that answers differently a moment later could
still steer the connection; run it behind a firewall where that matters.) Bodies are read as a stream and
refused past the byte limit, compressed ones included; timeouts apply to connecting and to each read.

robots.txt is read once per host (scheme, host and port) and obeyed for the ``claimledger`` user agent: a
robots.txt that cannot be fetched (network error, timeout, too many redirects) or answers 4xx allows
everything; a 5xx answer disallows the whole host (RFC 9309, "unreachable").

Settings (the :class:`~claimledger.settings.Settings` the caller gives a :class:`Fetcher`; its keyword arguments
win over them), read from these environment variables by ``Settings.from_env``:

- ``CLAIMLEDGER_ALLOW_PRIVATE`` — ``1``/``true``/``yes``/``on`` to fetch from private and loopback addresses
  (default off);
- ``CLAIMLEDGER_FETCH_DELAY`` — seconds between two requests to the same host (default ``1.0``);
- ``CLAIMLEDGER_FETCH_TIMEOUT`` — seconds allowed to connect and for each read (default ``10``).

A bad value makes ``Settings.from_env`` raise :class:`~claimledger.errors.ClaimledgerError` naming the variable.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass
from importlib.metadata import version
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from claimledger.errors import InputError
from claimledger.read.document import ReadFailure, refuse_xml
from claimledger.read.payload import (
    HTML_TYPES,
    TooLarge,
    document_media_type,
    inflate_capped,
    make_document,
    parse_content_type,
)
from claimledger.records import Document
from claimledger.settings import Settings

USER_AGENT = f"claimledger/{version('claimledger')} (+https://github.com/claimledger)"
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,text/*;q=0.8,*/*;q=0.5"
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB
REDIRECTS = frozenset({301, 302, 303, 307, 308})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_refusal(ip: IPAddress) -> str | None:
    """Why an address may not be fetched from (``"a loopback address"``), or ``None`` for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for reason, flag in (
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a multicast address", ip.is_multicast),
        ("an unspecified address", ip.is_unspecified),
        ("a private address", ip.is_private),
        ("a reserved address", ip.is_reserved),
        ("not a public address", not ip.is_global),
    ):
        if flag:
            return reason
    return None


class Refused(Exception):
    """A request not made or a response not accepted; the message is the user's line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A 2xx response, read in full (content encoding undone): the final URL after redirects and its bytes."""

    url: str
    status: int
    media_type: str | None
    charset: str | None
    data: bytes


class Fetcher:
    """An HTTP client for articles and feeds; use it as a context manager or call :meth:`close`."""

    def __init__(
        self,
        settings: Settings,
        *,
        user_agent: str = USER_AGENT,
        timeout: float | None = None,
        max_bytes: int | None = None,
        per_host_delay: float | None = None,
        allow_private: bool | None = None,
        max_redirects: int = 5,
    ) -> None:
        self.settings = settings
        self.user_agent = user_agent
        self.timeout = timeout if timeout is not None else settings.fetch_timeout
        self.max_bytes = max_bytes if max_bytes is not None else settings.max_bytes
        self.per_host_delay = per_host_delay if per_host_delay is not None else settings.fetch_delay
        self.allow_private = allow_private if allow_private is not None else settings.allow_private
        self.max_redirects = max_redirects
        headers = {"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
        self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers, follow_redirects=False)
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser, str]] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Document | ReadFailure:
        """The page at ``url`` as a document (HTML or text), or why not."""
        got = self.get(url)
        return got if isinstance(got, ReadFailure) else self.document(got)

    def document(self, got: Fetched) -> Document | ReadFailure:
        """A fetched response as a document: HTML and text only."""
        if got.media_type is not None and got.media_type not in HTML_TYPES and not got.media_type.startswith("text/"):
            return ReadFailure(got.url, f"not HTML or text (content type {got.media_type})")
        try:
            if got.media_type == "text/xml":  # a feed is read as one before this: other XML is no article
                refuse_xml(got.data)
            return make_document(
                got.data,
                got.url,
                settings=self.settings,
                media_type=document_media_type(got.media_type),
                charset=got.charset,
                url=got.url,
            )
        except InputError as exc:
            return ReadFailure(got.url, str(exc))

    def get(self, url: str) -> Fetched | ReadFailure:
        """The bytes at ``url`` after redirects, robots.txt and the address checks; non-2xx is a failure."""
        try:
            status, reason, response = self._request(url, self.max_bytes, check_robots=True)
        except Refused as exc:
            return ReadFailure(url, str(exc))
        except httpx.TimeoutException:
            return ReadFailure(url, f"timed out after {self.timeout:g} s")
        except httpx.InvalidURL as exc:
            return ReadFailure(url, f"invalid URL: {exc}")
        except httpx.HTTPError as exc:
            return ReadFailure(url, f"cannot fetch: {exc or type(exc).__name__}")
        if response is None:
            return ReadFailure(url, f"HTTP {status} {reason}".rstrip())
        return response

    def _request(self, url: str, limit: int, *, check_robots: bool) -> tuple[int, str, Fetched | None]:
        """(status, reason, the response when 2xx); raises :class:`Refused` or ``httpx`` errors."""
        current = url
        for hop in range(self.max_redirects + 1):
            where = "" if hop == 0 else f"redirect to {current}: "
            try:
                self._check_target(current)
                if check_robots:
                    self._check_robots(current)
            except Refused as exc:
                raise Refused(f"{where}{exc}") from None
            self._wait(current)
            with self._client.stream("GET", current) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                status, reason = response.status_code, response.reason_phrase
                if not 200 <= status < 300:
                    return status, reason, None
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and not response.headers.get("content-encoding"):
                    raise Refused(f"response larger than {limit:,} bytes ({int(declared):,} bytes)")
                try:
                    data = inflate_capped(response.iter_raw(), response.headers.get("content-encoding"), limit)
                except TooLarge:
                    raise Refused(f"response larger than {limit:,} bytes") from None
                except InputError as exc:
                    raise Refused(str(exc)) from None
                media_type, charset = parse_content_type(response.headers.get("content-type"))
                return status, reason, Fetched(current, status, media_type, charset, data)
        raise Refused(f"too many redirects (more than {self.max_redirects})")

    def _check_target(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise Refused(f"refused: only http and https URLs are fetched, not {parts.scheme or 'a relative'} URL")
        host = parts.hostname
        if not host:
            raise Refused("refused: the URL has no host")
        if self.allow_private:
            return
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise Refused("invalid URL: bad port") from None
        try:
            addresses: list[IPAddress] = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise Refused(f"cannot resolve {host}: {getattr(exc, 'strerror', None) or exc}") from None
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
        for ip in addresses:
            reason = address_refusal(ip)
            if reason is not None:
                raise Refused(f"refused: {ip} is {reason} (set CLAIMLEDGER_ALLOW_PRIVATE=1 to allow)")

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._load_robots(f"{key}/robots.txt")
        rules, why = self._robots[key]
        if not rules.can_fetch(self.user_agent, url):
            raise Refused(f"disallowed by robots.txt ({why})")

    def _load_robots(self, robots_url: str) -> tuple[urllib.robotparser.RobotFileParser, str]:
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, _, response = self._request(robots_url, ROBOTS_MAX_BYTES, check_robots=False)
        except (Refused, httpx.HTTPError):
            rules.parse([])  # cannot be fetched: treated as absent, everything allowed
            return rules, robots_url
        if response is not None:
            rules.parse(response.data.decode("utf-8", errors="replace").splitlines())
        elif status >= 500:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules, f"{robots_url} answered HTTP {status}"
        else:
            rules.parse([])
        return rules, robots_url

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            pause = last + self.per_host_delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()
