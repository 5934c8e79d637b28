"""The web ledger's routes, one module per resource; each page and its JSON twin share one handler."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimledger.web.deps import TemplatesDep, render
from claimledger.web.routes import actors, articles, claims, ingest, reviews

site = APIRouter(include_in_schema=False)


@site.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)  # browsers ask; there is no icon


@site.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/claims")


@site.get("/api", response_class=HTMLResponse)
def api(request: Request, templates: TemplatesDep) -> HTMLResponse:
    """The API as a page, from its OpenAPI description (``/openapi.json`` is this page's JSON twin): offline,
    with no script, where Swagger UI would load its scripts from a CDN."""
    spec = request.app.openapi()
    endpoints: list[dict[str, Any]] = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [p["name"] for p in op.get("parameters", []) if p.get("in") in ("query", "path")]
            statuses = sorted(str(s) for s in op.get("responses", {}))
            about = {"summary": op.get("summary", ""), "description": op.get("description", "")}
            endpoints.append({"method": method.upper(), "path": path, "params": params, "statuses": statuses, **about})
    return render(request, templates, "api.html", {"endpoints": endpoints, "info": spec["info"]})


ROUTERS = (site, articles.router, claims.router, actors.router, ingest.router, reviews.router)

__all__ = ["ROUTERS"]
