"""``/articles`` (filtered list) and ``/articles/42``, each with its ``.json`` twin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web import data
from claimledger.web.deps import ArticleId, LedgerDep, TemplatesDep, show

router = APIRouter(tags=["articles"])


@router.get("/articles", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get("/articles.json", name="articles_json", response_model=data.ArticlesPublic)
def articles(
    request: Request,
    ledger: LedgerDep,
    templates: TemplatesDep,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Any:
    return show(request, templates, data.articles(ledger, q=q, outlet=outlet, since=since, until=until))


@router.get("/articles/{article_id:int}", response_class=HTMLResponse, response_model=None, include_in_schema=False)
@router.get(
    "/articles/{article_id:int}.json",
    name="article_json",
    response_model=dict[str, Any],
    responses={404: {"description": "No such article"}},
)
def article(request: Request, article_id: ArticleId, ledger: LedgerDep, templates: TemplatesDep) -> Any:
    return show(request, templates, data.article(ledger, article_id))
