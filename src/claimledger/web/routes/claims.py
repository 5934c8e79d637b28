"""``/claims`` (searched, filtered, sorted, one page at a time) and ``/claims/42``, each with its ``.json`` twin."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from claimledger.ledger.store import MAX_ID
from claimledger.web import data
from claimledger.web.deps import ClaimId, LedgerDep, PagingDep, TemplatesDep, search_limit, show
from claimledger.web.routes.refusals import LIST_REFUSALS, NOT_FOUND

router = APIRouter(tags=["claims"], dependencies=[Depends(search_limit)])  # lists filtered by words


@router.get("/claims", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/claims.json", name="claims_json", response_model=data.ClaimsPublic, responses=LIST_REFUSALS)
def claims(
    request: Request,
    ledger: LedgerDep,
    templates: TemplatesDep,
    paging: PagingDep,
    q: Annotated[str | None, Query(description="Words in the claim or in what its members say.")] = None,
    sort: Annotated[str, Query(pattern="^(origins|articles|recent)$")] = "origins",
    min_origins: Annotated[int, Query(ge=0, le=10_000)] = 0,
    actor: Annotated[str | None, Query(description="Only what this actor asserted, or was cited for.")] = None,
    speaker: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only what the actor with this id said.")] = None,
) -> Any:
    view = data.claims(ledger, q=q, sort=sort, min_origins=min_origins, actor=actor, speaker=speaker, paging=paging)
    return show(request, templates, view)


@router.get("/claims/{claim_id:int}", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/claims/{claim_id:int}.json", name="claim_json", response_model=dict[str, Any], responses=NOT_FOUND)
def claim(request: Request, claim_id: ClaimId, ledger: LedgerDep, templates: TemplatesDep) -> Any:
    return show(request, templates, data.claim(ledger, claim_id))
