"""Adding articles: ``POST /api/ingest`` (token in the ``Authorization`` header) and the ``/ingest`` form.

A submission is a web address (``http(s)://`` only, fetched by the guarded fetcher), an uploaded file or
text. Before any of the body is read: the client's rate limit (429), a place in the ingest queue (503 when
``INGEST_AT_ONCE`` run and ``CLAIMLEDGER_INGEST_WAITING`` wait), and the token (the form's token, sent in the
body, before any other field). The slow ingest runs in a worker process (:mod:`claimledger.web.worker`), so
the server keeps serving pages meanwhile.
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from claimledger.settings import Settings
from claimledger.web import data, worker
from claimledger.web.deps import (
    LedgerDep,
    SettingsDep,
    TemplatesDep,
    bearer_token,
    check_token,
    ingest_allowed,
    ingest_limit,
    ingest_place,
    render,
)
from claimledger.web.forms import read_submission
from claimledger.web.routes.refusals import INGEST_REFUSALS

INGEST_AT_ONCE = 1  # one writer at a time: the ledger keeps one claim index per writer; others wait their turn

router = APIRouter(tags=["ingest"])

_FIELDS: dict[str, Any] = {
    "text": {"type": "string", "description": "Text or HTML of an article."},
    "url": {"type": "string", "format": "uri", "description": "An http:// or https:// address to fetch."},
    "html": {"type": "boolean", "default": False, "description": "The text or file is HTML."},
}
FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "description": "One of url, file or text (in that order of precedence).",
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": _FIELDS | {"file": {"type": "string", "format": "binary"}}}
            },
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": _FIELDS}},
        },
    }
}


async def run_ingest(request: Request, ledger: data.Ledger, settings: Settings, submission: data.Submission) -> Any:
    """``data.ingest`` in the ingest worker process, once one of the ``INGEST_AT_ONCE`` slots is free."""
    async with request.app.state.ingest_queue.slots:
        return await worker.ingest(settings, ledger, submission)


@router.post(
    "/api/ingest",
    response_model=data.IngestPublic,
    dependencies=[Depends(ingest_limit), Depends(bearer_token)],
    openapi_extra=FORM_BODY,
    responses=INGEST_REFUSALS,
)
async def ingest_api(request: Request, ledger: LedgerDep, settings: SettingsDep) -> data.IngestPublic:
    """Add one article (or every entry of a feed URL); the token goes in ``Authorization: Bearer …``."""
    with ingest_place(request):
        submission = await read_submission(request, settings.max_bytes)
        result: data.IngestPublic = await run_ingest(request, ledger, settings, submission)
    return result


@router.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_form(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return render(request, templates, "ingest.html", {"result": None, "error": None})


@router.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
async def ingest_submit(
    request: Request, ledger: LedgerDep, settings: SettingsDep, templates: TemplatesDep
) -> HTMLResponse:
    try:  # all before any of the body is read, the token as soon as it has arrived
        await ingest_limit(request)
        ingest_allowed(settings)
        with ingest_place(request):
            submission = await read_submission(request, settings.max_bytes, functools.partial(check_token, settings))
            result = await run_ingest(request, ledger, settings, submission)
    except HTTPException as exc:
        context = {"result": None, "error": exc.detail}
        return render(request, templates, "ingest.html", context, exc.status_code, exc.headers)
    return render(request, templates, "ingest.html", {"result": result, "error": None})
