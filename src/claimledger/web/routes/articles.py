"""``/articles`` (filtered, one page at a time) and ``/articles/42``, each with its ``.json`` twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from claimledger.web import data
from claimledger.web.deps import ArticleId, LedgerDep, PagingDep, TemplatesDep, search_limit, show
from claimledger.web.routes.refusals import LIST_REFUSALS, NOT_FOUND

router = APIRouter(tags=["articles"], dependencies=[Depends(search_limit)])  # lists filtered by words


@router.get("/articles", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/articles.json", name="articles_json", response_model=data.ArticlesPublic, responses=LIST_REFUSALS)
def articles(
    request: Request,
    ledger: LedgerDep,
    templates: TemplatesDep,
    paging: PagingDep,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Any:
    view = data.articles(ledger, q=q, outlet=outlet, since=since, until=until, paging=paging)
    return show(request, templates, view)


@router.get("/articles/{article_id:int}", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/articles/{article_id:int}.json", name="article_json", response_model=dict[str, Any], responses=NOT_FOUND)
def article(request: Request, article_id: ArticleId, ledger: LedgerDep, templates: TemplatesDep) -> Any:
    return show(request, templates, data.article(ledger, article_id))
