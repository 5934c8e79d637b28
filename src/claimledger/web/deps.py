"""What the routes depend on, from ``request.app.state``: the ledger, the settings, the templates, the
token check; the path ids; and the one way a resource is sent, as its page or as its JSON twin."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from claimledger.ledger.store import MAX_ID  # a path id outside 1..MAX_ID names nothing (404)
from claimledger.settings import Settings
from claimledger.web.data import Ledger, View

READ_ONLY = "this ledger is read-only (set CLAIMLEDGER_WEB_TOKEN to allow ingest)"
NEED_TOKEN = "a valid token is needed to add articles"


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]

ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.")]
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="The claim's id.")]


def ingest_allowed(settings: Settings) -> None:
    """403 unless the ledger takes submissions (a token is set)."""
    if not settings.web_token:
        raise HTTPException(403, READ_ONLY)


def check_token(settings: Settings, given: str | None) -> None:
    """403 on a read-only ledger, 401 unless ``given`` is the token (compared in constant time)."""
    ingest_allowed(settings)
    if not given or not hmac.compare_digest(given.encode(), settings.web_token.encode()):
        raise HTTPException(401, NEED_TOKEN)


def bearer_token(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """The API's token check, on the ``Authorization: Bearer …`` header: it runs before the body is read."""
    check_token(settings, authorization.removeprefix("Bearer ").strip() if authorization else None)


def render(
    request: Request, templates: Jinja2Templates, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def show(request: Request, templates: Jinja2Templates, view: View) -> Any:
    """The resource as its JSON twin (paths ending in ``.json``: FastAPI serialises the body with the
    route's response model) or as its page."""
    if request.url.path.endswith(".json"):
        return view.body
    return render(request, templates, view.template, view.page())
