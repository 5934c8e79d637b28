"""Property-based tests of the JSON API from its own OpenAPI description (schemathesis): no server errors.

The draws are the same on every run (the hypothesis profile "deterministic" of tests/conftest.py: derandomized,
no example database, 20 examples per operation); `make explore` draws freely and many more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claimledger.ingest import ingest
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.conftest import EXAMPLES


def _app():  # type: ignore[no-untyped-def]
    import tempfile

    db = Path(tempfile.mkdtemp(prefix="claimledger-api-")) / "ledger.db"
    ingest([str(EXAMPLES / "01_meridian_post.txt"), str(EXAMPLES / "02_aggregator_copy.txt")], Ledger.open(db))
    return create_app(Settings(db=str(db)))


pytestmark = pytest.mark.property
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"unexpected-methods": []}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(), config=CONFIG).include(method="GET")


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck))  # examples, seed, database, deadline: the profile's
def test_api_get_endpoints_never_fail(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    if case.query and case.query.get("cursor") and response.status_code == 400:
        # a cursor is opaque: one the list never gave out is refused with a 400 (declared in the OpenAPI), the
        # one schema-valid request the API rightly rejects; every other check still runs on it
        assert "not a cursor of this list" in response.json()["detail"]
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
    else:
        case.validate_response(response)
