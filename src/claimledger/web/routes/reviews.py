"""Reviewing a claim: ``POST /claims/42/review``, the form on the claim's page (a status, a note, who).

Only with the web token, like adding articles, and refused before the body is read otherwise: the client's
rate limit (429), a read-only ledger (403), a request from another site's page (403: its ``Origin`` or
``Sec-Fetch-Site`` says so), an unknown claim (404), and the token — in ``Authorization: Bearer …``, or as
the form's first field, checked as soon as it has arrived (401). The token is never kept in a cookie: a page
elsewhere cannot post a review for someone, as it cannot know the token. What is wrong with the review itself
(an unknown status, an empty or oversized note, control characters) is answered 400 by the library's rule
(:mod:`claimledger.ledger.reviews`). Every refusal is the claim's page with the reason above its form (or a
page of its own for an unknown claim); a recorded review redirects back to the claim's page (303).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimledger.ledger import reviews
from claimledger.settings import Settings
from claimledger.web import data
from claimledger.web.deps import ClaimId, LedgerDep, SettingsDep, TemplatesDep, check_token, render, take
from claimledger.web.forms import read_fields

REVIEW_PER_MINUTE = 60  # review requests one client address may make a minute (a wrong token counts too)
REVIEW_BURST = 20
READ_ONLY = "this ledger is read-only: set CLAIMLEDGER_WEB_TOKEN to allow reviews"
NEED_TOKEN = "a valid token is needed to review claims"
CROSS_SITE = "a review can only be sent from this site's own claim page"
SMALL = 1_024  # bytes for the token, the reviewer's name and the status

router = APIRouter(tags=["reviews"])


def _same_site(request: Request) -> None:
    """403 when the browser says the form was sent from another site's page (``Origin`` is ``null`` on this
    site's own pages, as they send no referrer: then ``Sec-Fetch-Site`` tells)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise HTTPException(403, CROSS_SITE)
    origin = request.headers.get("origin")
    if origin not in (None, "null") and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, CROSS_SITE)


def _check_token(settings: Settings, given: str) -> None:
    """The ingest's token check (constant time), saying what the token is needed for here."""
    try:
        check_token(settings, given)
    except HTTPException as exc:
        raise HTTPException(exc.status_code, NEED_TOKEN if exc.status_code == 401 else exc.detail) from None


def _claim_exists(ledger: data.Ledger, claim_id: int) -> bool:
    try:
        reviews.review_of(ledger, claim_id)
    except reviews.ReviewError:
        return False
    return True


def _record(ledger: data.Ledger, settings: Settings, claim_id: int, fields: dict[str, str]) -> None:
    """The form's review, by the library's rules; a blank status keeps the status, a blank note adds none."""
    reviews.add_review(
        ledger,
        claim_id,
        reviewer=fields.get("by", ""),
        status=fields.get("status") or None,
        note=fields.get("note") or None,
        note_limit=settings.review_note_chars,
    )


def _refusal(
    request: Request, templates: Any, ledger: data.Ledger, claim_id: int, exc: HTTPException, form: dict[str, str]
) -> HTMLResponse:
    """The claim's page with why the review was refused, what was typed kept (never the token); a page of its
    own when there is no such claim, or for too many requests (a plain page, cheap to send)."""
    if exc.status_code == 429:
        return _page(request, templates, "Too many requests", str(exc.detail), 429, exc.headers)
    try:
        context = data.claim(ledger, claim_id).page()
    except HTTPException as missing:
        return _page(request, templates, "No such claim", str(missing.detail), missing.status_code)
    context |= {"review_error": exc.detail, "review_form": {k: v for k, v in form.items() if k != "token"}}
    return render(request, templates, "claim.html", context, exc.status_code, exc.headers)


def _page(
    request: Request, templates: Any, title: str, message: str, status: int, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    return render(request, templates, "refused.html", {"title": title, "message": message}, status, headers)


@router.get("/claims/{claim_id:int}/review", include_in_schema=False)
def review_form(claim_id: ClaimId) -> RedirectResponse:
    """The form is on the claim's page."""
    return RedirectResponse(f"/claims/{claim_id}#review", status_code=303)


@router.post("/claims/{claim_id:int}/review", response_class=HTMLResponse, response_model=None, include_in_schema=False)
async def review_submit(
    request: Request, claim_id: ClaimId, ledger: LedgerDep, settings: SettingsDep, templates: TemplatesDep
) -> Response:
    form: dict[str, str] = {}
    try:  # all before any of the body is read, the form's token as soon as it has arrived
        take(request, request.app.state.review_limit, "review requests")
        if not settings.web_token:
            raise HTTPException(403, READ_ONLY)
        _same_site(request)
        if not await run_in_threadpool(_claim_exists, ledger, claim_id):
            return _page(request, templates, "No such claim", f"no claim with id {claim_id}", 404)
        check = functools.partial(_check_token, settings)
        header = request.headers.get("authorization")
        if header is not None:
            check(header.removeprefix("Bearer ").strip())
        caps = {"token": SMALL, "by": SMALL, "status": SMALL, "note": 8 * settings.review_note_chars}
        form = await read_fields(request, caps, None if header is not None else check)
        try:
            await run_in_threadpool(_record, ledger, settings, claim_id, form)
        except reviews.ReviewError as exc:
            raise HTTPException(400, str(exc)) from None
    except HTTPException as exc:
        return await run_in_threadpool(_refusal, request, templates, ledger, claim_id, exc, form)
    return RedirectResponse(f"/claims/{claim_id}#review", status_code=303)
