"""``/actors``: who stands behind how many attributions and claims, with its ``.json`` twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web import data
from claimledger.web.deps import LedgerDep, TemplatesDep, show

router = APIRouter(tags=["actors"])


@router.get("/actors", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/actors.json", name="actors_json", response_model=list[dict[str, Any]])
def actors(request: Request, ledger: LedgerDep, templates: TemplatesDep, q: str | None = None) -> Any:
    return show(request, templates, data.actors(ledger, q=q))
