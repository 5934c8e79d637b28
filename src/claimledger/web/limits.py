"""Per-client rate limits on the expensive requests (searches, ingest) and the bound on ingests waiting.

A :class:`RateLimit` is a token bucket per client address: ``burst`` requests at once, then ``per_minute``
spread over the minute; a request finding the bucket empty is told how many seconds until there is a token
(the 429's ``Retry-After``). Buckets that have refilled are forgotten, and at most ``max_clients`` are kept,
so memory is bounded whatever the number of addresses. :class:`IngestQueue` admits at most a bounded number
of ingests (running or waiting for their slot), so that one more can be answered 503 at once, before its
body is read, instead of waiting with its upload in memory.

The routes call them from the event loop; a lock keeps the buckets right if a worker thread ever does too.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import anyio


class RateLimit:
    """A token bucket per client: ``burst`` at once, refilled at ``per_minute`` (0: no limit).

    >>> now = [0.0]
    >>> limit = RateLimit(per_minute=60, burst=2, clock=lambda: now[0])
    >>> [limit.wait("a"), limit.wait("a"), limit.wait("a"), limit.wait("b")]
    [0.0, 0.0, 1.0, 0.0]
    >>> now[0] = 1.0
    >>> limit.wait("a")
    0.0
    """

    def __init__(
        self, per_minute: int, burst: int, *, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = per_minute / 60.0  # tokens a second
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client → (tokens, when)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def wait(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when it may go ahead, else the seconds until it may."""
        if not self.enabled:
            return 0.0
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._keep(client, tokens - 1.0, now)
                return 0.0
            self._keep(client, tokens, now)
            return (1.0 - tokens) / self.rate

    def _keep(self, client: str, tokens: float, now: float) -> None:
        self._buckets[client] = (tokens, now)  # the most recent last
        if len(self._buckets) > self.max_clients:
            full = self.burst / self.rate  # a bucket untouched this long is full again: forgetting it changes nothing
            while self._buckets:  # the least recently seen first
                key, (_, when) = next(iter(self._buckets.items()))
                if now - when < full and len(self._buckets) <= self.max_clients:
                    break
                del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


def retry_after(seconds: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1.

    >>> retry_after(0.2), retry_after(2.5)
    ('1', '3')
    """
    return str(max(1, math.ceil(seconds)))


class IngestQueue:
    """At most ``at_once`` ingests run (``slots``, for the worker threads) and ``waiting`` more wait their turn."""

    def __init__(self, at_once: int, waiting: int) -> None:
        self.slots = anyio.CapacityLimiter(at_once)
        self.places = at_once + max(0, waiting)
        self.admitted = 0

    @property
    def full(self) -> bool:
        return self.admitted >= self.places

    @contextmanager
    def admit(self) -> Iterator[None]:
        """A place for one ingest, from before its body is read to its end (ask :attr:`full` first)."""
        if self.full:
            raise RuntimeError("no ingest place is free")
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1
