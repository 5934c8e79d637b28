"""A denial and the claim it denies: two claims, linked by a dispute that both claim pages show (issue 14).

The same statement with the other polarity ("will not stay open" against "will stay open", read from the parse:
a negated or denying cue) is never joined to the claim it denies, and is not lost either: linking records the
pair in ``claim_disputes``, and ``trace``, the claim page and its JSON twin name the other claim on both sides.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from claimledger.settings import Settings

ASSERTS = (
    "Arden council approves repairs\n\n"
    "The Arden bridge will stay open through the winter, Mayor Jane Holt said on Monday.\n\n"
    "Holt said the repairs would cost $2 million and would be paid for by the state.\n"
)
DENIES = (
    "Engineers question the mayor\n\n"
    "The Arden bridge will not stay open through the winter, the city's chief engineer, Tom Reyes, said on Tuesday.\n\n"
    "Reyes said inspectors found cracks in two of the bridge's supports last month.\n"
)
DENIED = (
    "Council rejects report\n\n"
    "The council denied that the Arden bridge will stay open through the winter, a spokeswoman said.\n\n"
    "The spokeswoman said a decision on the repairs would come in March.\n"
)


@pytest.fixture
def ledger(cli, tmp_path: Path) -> dict[str, int]:
    """Three articles ingested: the claim, its negation and a denial; the claim ids by their speaker."""
    for name, text in (("a.txt", ASSERTS), ("b.txt", DENIES), ("c.txt", DENIED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("ingest", *(str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")))
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("claims", "--json").stdout)
    rows = listed["claims"] if isinstance(listed, dict) else listed
    ids = {}
    for c in rows:
        if "Arden bridge will" in c["text"] and "stay open through the winter" in c["text"]:
            ids["not" if " not " in c["text"] else "asserts"] = c["id"]
    assert set(ids) == {"asserts", "not"}, rows
    return ids


def test_a_negation_is_its_own_claim_linked_to_the_claim_it_negates(cli, ledger: dict[str, int]) -> None:
    db = sqlite3.connect(os.environ["CLAIMLEDGER_DB"])
    pairs = {tuple(r) for r in db.execute("SELECT claim_id, other_id FROM claim_disputes")}
    assert tuple(sorted((ledger["asserts"], ledger["not"]))) in pairs
    members = dict(db.execute("SELECT attribution_id, claim_id FROM claim_members").fetchall())
    assert ledger["asserts"] != ledger["not"] and len(set(members.values())) >= 2
    negated = json.loads(cli("trace", str(ledger["not"]), "--json").stdout)
    assert len(negated["articles"]) == 2  # "will not stay open" and "denied that … will stay open": one claim
    for claim, other in ((ledger["asserts"], ledger["not"]), (ledger["not"], ledger["asserts"])):
        traced = json.loads(cli("trace", str(claim), "--json").stdout)
        assert other in [d["claim_id"] for d in traced["disputes"]]
        shown = cli("trace", str(claim)).stdout
        assert "disputes:" in shown and f"claim #{other}:" in shown


def test_both_claim_pages_and_their_json_twins_show_the_dispute(ledger: dict[str, int]) -> None:
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    client = TestClient(create_app(Settings(db=os.environ["CLAIMLEDGER_DB"])))
    for claim, other in ((ledger["asserts"], ledger["not"]), (ledger["not"], ledger["asserts"])):
        page = client.get(f"/claims/{claim}")
        assert page.status_code == 200
        assert 'id="disputes"' in page.text and f'href="/claims/{other}"' in page.text
        twin = client.get(f"/claims/{claim}.json").json()
        assert [d["claim_id"] for d in twin["disputes"]][:1] == [other]


def test_claims_that_agree_are_not_disputes(cli, tmp_path: Path) -> None:
    """Two outlets reporting the same statement the same way make one claim and no dispute."""
    (tmp_path / "a.txt").write_text(ASSERTS, encoding="utf-8")
    (tmp_path / "d.txt").write_text(ASSERTS.replace("Mayor Jane Holt said on Monday", "the mayor said"), "utf-8")
    assert cli("ingest", str(tmp_path / "a.txt"), str(tmp_path / "d.txt")).exit_code == 0
    db = sqlite3.connect(os.environ["CLAIMLEDGER_DB"])
    assert db.execute("SELECT count(*) FROM claim_disputes").fetchone() == (0,)
