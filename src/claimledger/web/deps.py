"""What the routes depend on, from ``request.app.state``: the ledger, the settings, the templates, the
token check, the rate limits; the path ids and list pages; and the one way a resource is sent, as its page
or as its JSON twin. The dependencies are ``async``: FastAPI runs them on the event loop, where a plain
``def`` would cost each request a trip to a worker thread for what is only a lookup."""

from __future__ import annotations

import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from claimledger.ledger.keyset import MAX_TOKEN
from claimledger.ledger.store import MAX_ID  # a path id outside 1..MAX_ID names nothing (404)
from claimledger.settings import Settings
from claimledger.web.data import MAX_PAGE_SIZE, PAGE_SIZE, Ledger, Paging, View
from claimledger.web.limits import IngestQueue, RateLimit, retry_after

READ_ONLY = "this ledger is read-only (set CLAIMLEDGER_WEB_TOKEN to allow ingest)"
NEED_TOKEN = "a valid token is needed to add articles"


async def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]

ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.")]
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="The claim's id.")]
ActorId = Annotated[int, Path(ge=1, le=MAX_ID, description="The actor's id.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Rows a page (at most {MAX_PAGE_SIZE}).")]
PageCursor = Annotated[
    str | None, Query(max_length=MAX_TOKEN, description="Where the page starts: a list's `next` or `previous`.")
]


async def get_paging(request: Request, limit: PageSize = PAGE_SIZE, cursor: PageCursor = None) -> Paging:
    """The page asked for; its links are this address with another ``cursor`` (the filters kept)."""

    def link(token: str | None) -> str:
        url = request.url.remove_query_params("cursor")
        if token is not None:
            url = url.include_query_params(cursor=token)
        return f"{url.path}?{url.query}" if url.query else url.path

    return Paging(limit, cursor, link)


PagingDep = Annotated[Paging, Depends(get_paging)]


# ------------------------------------------------------------------------------------------ rate limits
def client_address(request: Request) -> str:
    """Whom a rate limit counts: the client's address (as uvicorn reports it, behind a trusted proxy too)."""
    return request.client.host if request.client else "unknown"


def take(request: Request, limit: RateLimit, what: str) -> None:
    """429 with ``Retry-After`` when the client has used up ``limit``."""
    wait = limit.wait(client_address(request))
    if wait > 0:
        after = retry_after(wait)
        raise HTTPException(429, f"too many {what} from this address: try again in {after} s", {"Retry-After": after})


async def search_limit(request: Request) -> None:
    """A list filtered by words or by actor is a search, limited per client (``CLAIMLEDGER_SEARCH_*``); a
    plain list page is not. Async, so that it runs on the event loop, in order."""
    if request.query_params.get("q") or request.query_params.get("actor"):
        take(request, request.app.state.search_limit, "searches")


async def ingest_limit(request: Request) -> None:
    """Ingest requests are limited per client (``CLAIMLEDGER_INGEST_*``), before the token is checked: a wrong
    token counts too, so guessing it is slow."""
    take(request, request.app.state.ingest_limit, "ingest requests")


BUSY = "the ledger is busy adding other articles: try again shortly"
BUSY_RETRY = 10  # seconds a refused ingest is told to wait: about one article's analysis


@contextmanager
def ingest_place(request: Request) -> Iterator[None]:
    """A place in the ingest queue, held until the ingest ends; 503 with ``Retry-After`` when all are taken
    (asked before the body is read, so a refused upload is never read)."""
    queue: IngestQueue = request.app.state.ingest_queue
    if queue.full:
        raise HTTPException(503, BUSY, {"Retry-After": str(BUSY_RETRY)})
    with queue.admit():
        yield


def ingest_allowed(settings: Settings) -> None:
    """403 unless the ledger takes submissions (a token is set)."""
    if not settings.web_token:
        raise HTTPException(403, READ_ONLY)


def check_token(settings: Settings, given: str | None) -> None:
    """403 on a read-only ledger, 401 unless ``given`` is the token (compared in constant time)."""
    ingest_allowed(settings)
    if not given or not hmac.compare_digest(given.encode(), settings.web_token.encode()):
        raise HTTPException(401, NEED_TOKEN)


async def bearer_token(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """The API's token check, on the ``Authorization: Bearer …`` header: it runs before the body is read."""
    check_token(settings, authorization.removeprefix("Bearer ").strip() if authorization else None)


def render(
    request: Request,
    templates: Jinja2Templates,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status, headers=headers)


class DrawnPages:
    """The answers drawn lately, ``size`` at most, by what they were drawn from (a view's ``same_while``): an
    article's page and twin are drawn once and sent again while its copies stay the same. Shared by the worker
    threads, hence the lock."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[bytes, str | None]] = OrderedDict()  # → (body, media type)
        self._lock = threading.Lock()

    def answer(self, key: Hashable, draw: Callable[[], Response]) -> Response:
        """The answer kept for ``key``, else ``draw()``'s (then kept)."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if kept is None:
            drawn = draw()
            kept = bytes(drawn.body), drawn.media_type
            with self._lock:
                self._kept[key] = kept
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return Response(kept[0], media_type=kept[1])


def show(request: Request, templates: Jinja2Templates, view: View) -> Response:
    """The resource as its JSON twin (paths ending in ``.json``: FastAPI serialises the body with the
    route's response model) or as its page; drawn once while its ``same_while`` holds (such a view must not
    depend on the request)."""
    twin = request.url.path.endswith(".json")

    def draw() -> Response:
        if twin:  # serialised once here (the route's model documents it)
            body = view.twin()
            if isinstance(body, BaseModel):
                return Response(body.model_dump_json(), media_type="application/json")
            return JSONResponse(body)
        return render(request, templates, view.template, view.page())

    if view.same_while is None:
        return draw()
    drawn: DrawnPages = request.app.state.drawn_pages
    return drawn.answer((twin, view.template, view.same_while), draw)
