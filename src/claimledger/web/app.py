"""The web ledger: server-rendered pages over the library, each with a JSON twin (``/claims/42.json``).

Read-only unless ``CLAIMLEDGER_WEB_TOKEN`` is set: then text, files and web addresses can be submitted
with it. Article text and HTML are untrusted: templates autoescape, pictures are escaped SVG, a strict
Content-Security-Policy forbids inline scripts, and no page needs JavaScript.

:func:`create_app` only assembles: the state the routes depend on (ledger, settings, templates, the rate
limits and the ingest queue), the security headers, the routers (:mod:`claimledger.web.routes`) and the error
handlers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings
from claimledger.web.data import Ledger
from claimledger.web.deps import DrawnPages
from claimledger.web.figures import FILTERS
from claimledger.web.limits import IngestQueue, RateLimit
from claimledger.web.routes import ROUTERS
from claimledger.web.routes.ingest import INGEST_AT_ONCE
from claimledger.web.routes.reviews import REVIEW_BURST, REVIEW_PER_MINUTE

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
SERVER_ERROR = "the server failed to answer this request; the error is in its log"
PAGE_THREADS = 8  # pages computed at once in worker threads (fewer than the ledger's 15 pooled connections)
LIMITS = ("search_per_minute", "search_burst", "ingest_per_minute", "ingest_burst", "ingest_waiting")


TITLES = {
    400: "Bad request",
    401: "Token needed",
    403: "Read-only",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    415: "Unsupported body",
    422: "Invalid request",
    429: "Too many requests",
    503: "Busy",
}


def error_page(title: str, message: str) -> str:
    """The server error's page, drawn without the templates (whatever failed may be in them)."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} · claimledger</title>'
        f'<link rel="stylesheet" href="/static/style.css"></head><body><header><a class="brand" href="/claims">'
        f'claimledger</a><a href="/claims">Claims</a><a href="/articles">Articles</a><a href="/actors">Actors</a>'
        f'</header><main><h1>{title}</h1><p id="error">{escape(message)}.</p></main></body></html>'
    )


ERROR_PAGE = error_page("Server error", SERVER_ERROR)


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI application over one ledger (``settings.ledger``)."""
    for name in LIMITS:
        if getattr(settings, name) < 0:
            raise ClaimledgerError(f"CLAIMLEDGER_{name.upper()} must be 0 or more")
    # docs_url off: Swagger UI loads scripts from a CDN; the pages work offline: /api lists the API, from
    # /openapi.json, as a page
    app = FastAPI(
        lifespan=lifespan,
        title="claimledger",
        version="0.1.0",
        description="A ledger of attributed claims.",
        docs_url=None,
        redoc_url=None,
    )
    package = resources.files("claimledger.web")
    app.state.settings = settings
    app.state.ledger = Ledger.open(settings.ledger)
    app.state.templates = Jinja2Templates(directory=str(package.joinpath("templates")))
    app.state.templates.env.globals["can_ingest"] = bool(settings.web_token)
    app.state.templates.env.globals["review_note_chars"] = settings.review_note_chars
    app.state.templates.env.filters.update(FILTERS)
    app.state.search_limit = RateLimit(settings.search_per_minute, settings.search_burst)
    app.state.ingest_limit = RateLimit(settings.ingest_per_minute, settings.ingest_burst)
    app.state.ingest_queue = IngestQueue(INGEST_AT_ONCE, settings.ingest_waiting)
    app.state.review_limit = RateLimit(REVIEW_PER_MINUTE, REVIEW_BURST)
    app.state.drawn_pages = DrawnPages()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(package.joinpath("static"))), "static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, refused)
    app.add_exception_handler(Exception, server_error)
    return app


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """Pages (plain ``def`` routes) run in anyio's worker threads: at most :data:`PAGE_THREADS` at a time, so
    that a crowd of readers waits its turn in the event loop instead of crowding the GIL and the ledger's
    connection pool (a thread waiting for a connection past the pool's timeout would fail its request)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    yield


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (500s get them from :func:`server_error`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def invalid_request(request: Request, exc: Exception) -> Response:
    """An id outside 1..2**63-1 in the path names nothing: 404, like an id not in the ledger. Other invalid
    parameters: 422, as FastAPI answers them (JSON), or a page saying which parameter and why."""
    assert isinstance(exc, RequestValidationError)
    for error in exc.errors():
        where = error.get("loc", ())
        if len(where) == 2 and where[0] == "path" and str(where[1]).endswith("_id"):
            noun = str(where[1]).removesuffix("_id")
            detail = f"no {noun} with id {error.get('input')}"
            if wants_json(request):
                return JSONResponse({"detail": detail}, status_code=404)
            return error_response(request, 404, detail)
    if wants_json(request):
        return await request_validation_exception_handler(request, exc)
    reasons = [f"{' '.join(str(w) for w in e.get('loc', ())[1:]) or 'the request'}: {e.get('msg', 'invalid')}"
               for e in exc.errors()]  # fmt: skip
    return error_response(request, 422, "; ".join(reasons))


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """A refusal as a page in the site's layout (``templates/error.html``): the status, what it means, why."""
    templates: Jinja2Templates = request.app.state.templates
    context = {"status": status, "title": TITLES.get(status, "Refused"), "message": message.rstrip(".")}
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


async def refused(request: Request, exc: Exception) -> Response:
    """A refusal on a page (an unknown id or address, too many requests, busy…): a page in the site's layout
    saying so, with its ``Retry-After``; every refusal of the API and the JSON twins as ``{"detail": …}``."""
    assert isinstance(exc, StarletteHTTPException)
    if wants_json(request):
        return await http_exception_handler(request, exc)
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":  # no route: an address the site does not have
        message = f"there is no page at {request.url.path}"
    elif exc.status_code == 405 and message == "Method Not Allowed":
        message = f"{request.url.path} does not take {request.method} requests"
    return error_response(request, exc.status_code, message, exc.headers)


async def server_error(request: Request, exc: Exception) -> Response:
    """Any uncaught exception: a plain page (JSON for the API), with the security headers all pages have.

    It is answered outside the middleware, so the headers are set here; the server logs the traceback.
    """
    if wants_json(request):
        return JSONResponse({"detail": SERVER_ERROR}, status_code=500, headers=SECURITY_HEADERS)
    return HTMLResponse(ERROR_PAGE, status_code=500, headers=SECURITY_HEADERS)
