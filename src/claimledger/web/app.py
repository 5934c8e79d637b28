"""The web ledger: server-rendered pages over the library, each with a JSON twin (``/claims/42.json``).

Read-only unless ``CLAIMLEDGER_WEB_TOKEN`` is set: then text, files and URLs can be submitted with it.
Article text and HTML are untrusted: templates autoescape, pictures are escaped SVG, a strict
Content-Security-Policy forbids inline scripts, and no page needs JavaScript.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from claimledger.errors import ClaimledgerError
from claimledger.ingest import ingest
from claimledger.ledger.provenance import claim_report, list_claims
from claimledger.ledger.store import ArticleSummary, Ledger
from claimledger.read import ReadFailure, document_from_bytes
from claimledger.records import to_dict
from claimledger.settings import Settings
from claimledger.web import pages, svg

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


LedgerDep = Annotated[Ledger, Depends(get_ledger)]


class ArticlesPublic(BaseModel):
    articles: list[ArticleSummary]
    count: int


class IngestPublic(BaseModel):
    read: int
    new: int
    duplicates: int
    failed: list[str]
    article_ids: list[int]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI application over one ledger (``settings.ledger``)."""
    settings = settings or Settings.from_env()
    # docs_url off: Swagger UI loads scripts from a CDN; the pages work offline, /openapi.json describes the API
    app = FastAPI(
        title="claimledger",
        version="0.1.0",
        description="A ledger of attributed claims.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ledger = Ledger.open(settings.ledger)
    templates = Jinja2Templates(directory=str(resources.files("claimledger.web").joinpath("templates")))
    app.mount("/static", StaticFiles(directory=str(resources.files("claimledger.web").joinpath("static"))), "static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def render(request: Request, name: str, **context: Any) -> HTMLResponse:
        context |= {"can_ingest": bool(settings.web_token)}
        return templates.TemplateResponse(request, name, context)

    def check_token(given: str | None) -> None:
        if not settings.web_token:
            raise HTTPException(403, "this ledger is read-only (set CLAIMLEDGER_WEB_TOKEN to allow ingest)")
        if not given or not hmac.compare_digest(given.encode(), settings.web_token.encode()):
            raise HTTPException(401, "a valid token is needed to add articles")

    # ---------------------------------------------------------------------------------------- articles
    def article_rows(ledger: Ledger, q: str | None, outlet: str | None, since: str | None, until: str | None):
        rows = ledger.articles()
        if q:
            rows = [r for r in rows if q.lower() in f"{r.title or ''} {r.origin} {r.url or ''}".lower()]
        if outlet:
            rows = [r for r in rows if outlet.lower() in (r.site or "").lower()]
        if since:
            rows = [r for r in rows if (r.published or "") >= since]
        if until:
            rows = [r for r in rows if r.published and r.published <= until]
        return rows

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # browsers ask; there is no icon

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/claims")

    @app.get("/articles.json", response_model=ArticlesPublic, tags=["articles"])
    def articles_json(
        ledger: LedgerDep,
        q: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> ArticlesPublic:
        rows = article_rows(ledger, q, outlet, since, until)
        return ArticlesPublic(articles=rows, count=len(rows))

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(
        request: Request,
        ledger: LedgerDep,
        q: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> HTMLResponse:
        rows = article_rows(ledger, q, outlet, since, until)
        outlets = sorted({r.site for r in ledger.articles() if r.site})
        filters = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or ""}
        return render(request, "articles.html", rows=rows, outlets=outlets, filters=filters)

    def stored_or_404(ledger: Ledger, article_id: int) -> Any:
        stored = ledger.get(article_id)
        if stored is None:
            raise HTTPException(404, f"no article with id {article_id}")
        return stored

    @app.get(
        "/articles/{article_id:int}.json",
        response_model=dict[str, Any],
        tags=["articles"],
        responses={404: {"description": "No such article"}},
    )
    def article_json(article_id: int, ledger: LedgerDep) -> dict[str, Any]:
        stored = stored_or_404(ledger, article_id)
        original, copies = ledger.copies(article_id)
        return {"id": stored.id, "document": stored.document, "copy_of": to_dict(original),
                "copies": to_dict(copies), **to_dict(stored.article)}  # fmt: skip

    @app.get("/articles/{article_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: int, ledger: LedgerDep) -> HTMLResponse:
        stored = stored_or_404(ledger, article_id)
        original, copies = ledger.copies(article_id)
        return render(request, "article.html", stored=stored, article=stored.article,
                      segments=pages.segments(stored.article), original=original, copies=copies)  # fmt: skip

    # ------------------------------------------------------------------------------------------ claims
    def claim_rows(
        ledger: Ledger, q: str | None, sort: str, min_origins: int, actor: str | None = None
    ) -> list[dict[str, Any]]:
        reports = list_claims(ledger, query=q, min_origins=min_origins)
        if actor:  # what one actor asserted, directly or as an upstream source
            reports = [r for r in reports if any(actor in (m.actor, *m.chain) for m in r.members)]
        keys = {"origins": lambda r: -r.independent_origins, "articles": lambda r: -len(r.articles),
                "recent": lambda r: r.last_seen or ""}  # fmt: skip
        reports.sort(key=keys.get(sort, keys["origins"]), reverse=sort == "recent")
        return [r.to_dict(members=False) for r in reports]

    @app.get("/claims.json", response_model=list[dict[str, Any]], tags=["claims"])
    def claims_json(
        ledger: LedgerDep,
        q: str | None = None,
        sort: Annotated[str, Query(pattern="^(origins|articles|recent)$")] = "origins",
        min_origins: Annotated[int, Query(ge=0, le=10_000)] = 0,
        actor: str | None = None,
    ) -> list[dict[str, Any]]:
        return claim_rows(ledger, q, sort, min_origins, actor)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(
        request: Request,
        ledger: LedgerDep,
        q: str | None = None,
        sort: Annotated[str, Query(pattern="^(origins|articles|recent)$")] = "origins",
        min_origins: Annotated[int, Query(ge=0, le=10_000)] = 0,
        actor: str | None = None,
    ) -> HTMLResponse:
        rows = claim_rows(ledger, q, sort, min_origins, actor)
        return render(request, "claims.html", rows=rows, q=q or "", sort=sort, min_origins=min_origins, actor=actor)

    def report_or_404(ledger: Ledger, claim_id: int) -> Any:
        report = claim_report(ledger, claim_id)
        if report is None:
            raise HTTPException(404, f"no claim with id {claim_id}")
        return report

    @app.get(
        "/claims/{claim_id:int}.json",
        response_model=dict[str, Any],
        tags=["claims"],
        responses={404: {"description": "No such claim"}},
    )
    def claim_json(claim_id: int, ledger: LedgerDep) -> dict[str, Any]:
        data: dict[str, Any] = report_or_404(ledger, claim_id).to_dict()
        return data

    @app.get("/claims/{claim_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, claim_id: int, ledger: LedgerDep) -> HTMLResponse:
        report = report_or_404(ledger, claim_id)
        places = pages.claim_places(ledger, report)
        return render(request, "claim.html", report=report, graph=svg.provenance_graph(report),
                      timeline=svg.timeline(report), map=svg.world_map(places), places=places)  # fmt: skip

    # ------------------------------------------------------------------------------------------ actors
    @app.get("/actors.json", response_model=list[dict[str, Any]], tags=["actors"])
    def actors_json(ledger: LedgerDep, q: str | None = None) -> list[dict[str, Any]]:
        return pages.actors(ledger, q)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, ledger: LedgerDep, q: str | None = None) -> HTMLResponse:
        return render(request, "actors.html", rows=pages.actors(ledger, q), q=q or "")

    # ------------------------------------------------------------------------------------------ ingest
    def run_ingest(ledger: Ledger, raw: bytes | None, origin: str, url: str | None, html: bool) -> IngestPublic:
        try:
            if url:
                summary = ingest([url], ledger, settings=settings)
            else:
                media = "text/html" if html else None
                document = document_from_bytes(raw or b"", origin, settings=settings, media_type=media)
                summary = ingest([document], ledger, settings=settings)
        except ClaimledgerError as exc:
            raise HTTPException(400, str(exc)) from None
        failed = [f"{f.origin}: {f.message}" for f in summary.failed if isinstance(f, ReadFailure)]
        return IngestPublic(read=summary.read, new=summary.new, duplicates=summary.duplicates, failed=failed,
                            article_ids=summary.article_ids)  # fmt: skip

    @app.post("/api/ingest", response_model=IngestPublic, tags=["ingest"])
    async def ingest_api(
        ledger: LedgerDep,
        authorization: Annotated[str | None, Header()] = None,
        text: Annotated[str | None, Form()] = None,
        url: Annotated[str | None, Form()] = None,
        html: Annotated[bool, Form()] = False,
        file: Annotated[UploadFile | None, File()] = None,
    ) -> IngestPublic:
        check_token(authorization.removeprefix("Bearer ").strip() if authorization else None)
        raw, origin = await _payload(text, file, settings.max_bytes)
        return run_ingest(ledger, raw, origin, url, html)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request) -> HTMLResponse:
        return render(request, "ingest.html", result=None, error=None)

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_submit(
        request: Request,
        ledger: LedgerDep,
        token: Annotated[str, Form()] = "",
        text: Annotated[str | None, Form()] = None,
        url: Annotated[str | None, Form()] = None,
        html: Annotated[bool, Form()] = False,
        file: Annotated[UploadFile | None, File()] = None,
    ) -> HTMLResponse:
        try:
            check_token(token)
            raw, origin = await _payload(text, file, settings.max_bytes)
            result = run_ingest(ledger, raw, origin, url or None, html)
        except HTTPException as exc:
            response = render(request, "ingest.html", result=None, error=exc.detail)
            response.status_code = exc.status_code
            return response
        return render(request, "ingest.html", result=result, error=None)

    return app


async def _payload(text: str | None, file: UploadFile | None, limit: int) -> tuple[bytes | None, str]:
    if file is not None and file.filename:
        data = await file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, f"the file is larger than the limit ({limit:,} bytes)")
        return data, f"upload:{file.filename}"
    if text is not None and text.strip():
        data = text.encode("utf-8")
        if len(data) > limit:
            raise HTTPException(413, f"the text is larger than the limit ({limit:,} bytes)")
        return data, "submitted text"
    return None, "submitted"
