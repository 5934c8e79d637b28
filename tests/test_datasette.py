"""The SQLite ledger opens cleanly in Datasette: its tables, views and foreign keys are usable as they are."""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette.app import Datasette

from claimledger.ingest import ingest
from claimledger.ledger.provenance import list_claims
from claimledger.ledger.store import Ledger
from tests.conftest import EXAMPLES


def test_datasette_serves_the_ledger_views(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    ingest([str(EXAMPLES)], Ledger.open(db))

    async def fetch() -> dict[str, list[dict]]:
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        out = {}
        for name in ("claim_overview", "actor_claims", "copies", "articles", "attributions"):
            response = await ds.client.get(f"/ledger/{name}.json?_shape=array&_size=max")
            assert response.status_code == 200, (name, response.text[:200])
            out[name] = response.json()
        tables = (await ds.client.get("/ledger.json")).json()["tables"]
        out["foreign_keys"] = [
            fk for t in tables if t["name"] == "attributions" for fk in t["foreign_keys"]["outgoing"]
        ]
        return out

    data = asyncio.run(fetch())
    about = {c.id for c in list_claims(Ledger.open(db), query="evacuated")}  # its text may be a headline's
    evacuated = max((r for r in data["claim_overview"] if r["claim_id"] in about), key=lambda r: r["articles"])
    assert evacuated["independent_origins"] == 2
    assert {r["article_id"] for r in data["copies"]} and len(data["copies"]) == 2
    assert any(r["actor"] == "Daniel Orsett" for r in data["actor_claims"])
    assert {fk["other_table"] for fk in data["foreign_keys"]} >= {"articles", "actors"}
