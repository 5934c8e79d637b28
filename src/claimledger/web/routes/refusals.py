"""The refusals the API can answer, as the OpenAPI description declares them: each is ``{"detail": "…"}``,
one line saying why; 429 and 503 say when to come back (``Retry-After``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Problem(BaseModel):
    detail: str


RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before asking again.", "schema": {"type": "integer"}}}


def _refusal(description: str, *, retry: bool = False) -> dict[str, Any]:
    return {"model": Problem, "description": description} | ({"headers": RETRY_AFTER} if retry else {})


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _refusal("No such id in the ledger")}
TOO_MANY = _refusal("Too many searches from this address (CLAIMLEDGER_SEARCH_PER_MINUTE)", retry=True)
LIST_REFUSALS: dict[int | str, dict[str, Any]] = {400: _refusal("A cursor this list never gave out"), 429: TOO_MANY}
INGEST_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: _refusal("Nothing to add, an unreadable input, or a URL that is not http(s)"),
    401: _refusal("No token, or the wrong one"),
    403: _refusal("The ledger is read-only (no token is set)"),
    413: _refusal("A file or text over the size limit (CLAIMLEDGER_MAX_BYTES)"),
    415: _refusal("A body that is not a form (multipart/form-data or application/x-www-form-urlencoded)"),
    429: _refusal("Too many ingest requests from this address (CLAIMLEDGER_INGEST_PER_MINUTE)", retry=True),
    503: _refusal("Other ingests are running and waiting (CLAIMLEDGER_INGEST_WAITING)", retry=True),
}
