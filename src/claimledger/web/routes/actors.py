"""``/actors`` (searched over names and aliases, one page at a time) and ``/actors/7``, each with its ``.json`` twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from claimledger.web import data
from claimledger.web.deps import ActorId, LedgerDep, PagingDep, TemplatesDep, search_limit, show
from claimledger.web.routes.refusals import LIST_REFUSALS, NOT_FOUND

router = APIRouter(tags=["actors"], dependencies=[Depends(search_limit)])  # lists filtered by words


@router.get("/actors", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/actors.json", name="actors_json", response_model=data.ActorsPublic, responses=LIST_REFUSALS)
def actors(
    request: Request,
    ledger: LedgerDep,
    templates: TemplatesDep,
    paging: PagingDep,
    q: str | None = None,
) -> Any:
    return show(request, templates, data.actors(ledger, q=q, paging=paging))


@router.get("/actors/{actor_id:int}", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/actors/{actor_id:int}.json", name="actor_json", response_model=data.ActorPublic, responses=NOT_FOUND)
def actor(request: Request, actor_id: ActorId, ledger: LedgerDep, templates: TemplatesDep) -> Any:
    return show(request, templates, data.actor(ledger, actor_id))
