"""``/claims`` (searched, filtered, sorted) and ``/claims/42``, each with its ``.json`` twin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from claimledger.web import data
from claimledger.web.deps import ClaimId, LedgerDep, TemplatesDep, show

router = APIRouter(tags=["claims"])


@router.get("/claims", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/claims.json", name="claims_json", response_model=list[dict[str, Any]])
def claims(
    request: Request,
    ledger: LedgerDep,
    templates: TemplatesDep,
    q: str | None = None,
    sort: Annotated[str, Query(pattern="^(origins|articles|recent)$")] = "origins",
    min_origins: Annotated[int, Query(ge=0, le=10_000)] = 0,
    actor: str | None = None,
) -> Any:
    return show(request, templates, data.claims(ledger, q=q, sort=sort, min_origins=min_origins, actor=actor))


@router.get("/claims/{claim_id:int}", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get(
    "/claims/{claim_id:int}.json",
    name="claim_json",
    response_model=dict[str, Any],
    responses={404: {"description": "No such claim"}},
)
def claim(request: Request, claim_id: ClaimId, ledger: LedgerDep, templates: TemplatesDep) -> Any:
    return show(request, templates, data.claim(ledger, claim_id))
