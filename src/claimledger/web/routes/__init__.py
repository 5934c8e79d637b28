"""The web ledger's routes, one module per resource; each page and its JSON twin share one handler."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from claimledger.web.routes import actors, articles, claims, ingest, reviews

site = APIRouter(include_in_schema=False)


@site.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)  # browsers ask; there is no icon


@site.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/claims")


ROUTERS = (site, articles.router, claims.router, actors.router, ingest.router, reviews.router)

__all__ = ["ROUTERS"]
