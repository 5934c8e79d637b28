"""The web's ingests run in a worker process, so that pages stay fast while an article is analysed.

Analysis and claim linking are CPU-bound Python: in a thread of the server they hold the interpreter
lock, and every page waits behind them. One long-lived worker process (spaCy and the models loaded once,
on the first ingest) reads, analyses and stores each submission itself, through the ledger's one writer
(:class:`claimledger.ledger.writer.LedgerWriter`, which takes the ledger's writer lock, so the server and a
command-line ingest may write at once). A ledger in memory cannot be shared with another process: its
ingests run in a thread instead.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from fastapi import HTTPException

from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import data

_pool: ProcessPoolExecutor | None = None
_lock = threading.Lock()
_ledgers: dict[str, Ledger] = {}  # in the worker: each ledger opened once


def _pool_for_ingest() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the server has threads (fork would copy their locks mid-use)
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_server,
                initargs=(os.getpid(),),
            )
            atexit.register(_pool.shutdown, cancel_futures=True)
        return _pool


def _watch_server(server: int) -> None:
    """In the worker process: run below the server's priority (a page a person waits for goes before an
    ingest in the background), and exit when the server is gone (killed, not shut down)."""
    with contextlib.suppress(OSError):  # where it is not allowed: the server's priority
        os.nice(10)

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="claimledger-watch-server", daemon=True).start()


def _ingest_in_worker(settings: Settings, submission: data.Submission) -> data.IngestPublic | tuple[int, str]:
    """In the worker process: ``data.ingest`` on the ledger the settings name; a refusal as (status, detail)."""
    ledger = _ledgers.get(settings.ledger)
    if ledger is None:
        ledger = _ledgers[settings.ledger] = Ledger.open(settings.ledger)
    try:
        return data.ingest(ledger, settings, submission)
    except HTTPException as exc:  # a refusal crosses the process boundary as plain values
        return exc.status_code, str(exc.detail)


async def ingest(settings: Settings, ledger: Ledger, submission: data.Submission) -> data.IngestPublic:
    """Ingest one submission off the server's process (in a thread for a ledger in memory)."""
    if settings.ledger == ":memory:":
        return await asyncio.to_thread(data.ingest, ledger, settings, submission)
    global _pool
    try:
        result: Any = await asyncio.wrap_future(_pool_for_ingest().submit(_ingest_in_worker, settings, submission))
    except BrokenProcessPool:  # the worker died (killed, out of memory): the next ingest starts a new one
        with _lock:
            _pool = None
        raise HTTPException(503, "the ingest worker stopped; try again") from None
    if isinstance(result, tuple):
        raise HTTPException(result[0], result[1])
    return result
