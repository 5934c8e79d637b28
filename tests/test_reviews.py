"""The review workspace: an analyst's status and notes on a claim, in an append-only log — the library on both
backends, the CLI, the web form with and without the token, and the ClaimReview export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from claimledger.ingest import ingest
from claimledger.ledger.provenance import list_claims
from claimledger.ledger.reviews import STATUSES, ReviewError, add_review, review_of, reviewed_claims
from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.web import create_app
from tests.conftest import EXAMPLES, REPO

TOKEN = "rev-s3cret"
CROSS_SITE = "a review can only be sent from this site&#39;s own claim page"
HOSTILE = '<script>window.__pwned = 1</script> <img src=x onerror="alert(1)"> & "quotes"'


def first_claim(ledger: Ledger) -> int:
    return list_claims(ledger)[0].id


# ------------------------------------------------------------------------------------- library, both backends
def test_review_library_log_and_status(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    claim = first_claim(ledger)
    before = review_of(ledger, claim)
    assert (before.status, before.by, before.at, before.log, before.rating) == ("unreviewed", None, None, [], None)

    first = add_review(ledger, claim, status="Checking", reviewer="  Ana  Lima ")
    assert (first.status, first.note, first.reviewer) == ("checking", None, "Ana Lima")
    add_review(ledger, claim, note="Called the ministry.\r\nNo answer yet.", reviewer="Bo")  # a note alone
    still = review_of(ledger, claim)
    assert still.status == "checking" and still.by == "Ana Lima" and still.rating is None
    add_review(ledger, claim, status="refuted", note=HOSTILE, reviewer="Cy")
    review = review_of(ledger, claim)
    assert review.status == "refuted" and review.by == "Cy" and review.rating == 1
    assert [(e.status, e.reviewer) for e in review.log] == [("checking", "Ana Lima"), (None, "Bo"), ("refuted", "Cy")]
    assert review.log[1].note == "Called the ministry.\nNo answer yet." and review.log[2].note == HOSTILE
    assert [e.id for e in review.log] == sorted(e.id for e in review.log)
    assert all(e.at for e in review.log) and review.at == review.log[2].at
    assert review.to_dict()["log"][2]["note"] == HOSTILE
    assert reviewed_claims(ledger) == {claim: review}

    with ledger.engine.connect() as conn:  # the current status is a column of the claim, indexed
        assert conn.scalar(sa.text("SELECT review_status FROM claims WHERE id = :i"), {"i": claim}) == "refuted"
        others = conn.scalar(sa.text("SELECT COUNT(*) FROM claims WHERE review_status IS NULL"))
    assert others == len(list_claims(ledger)) - 1
    assert "ix_claims_review_status" in {i["name"] for i in sa.inspect(ledger.engine).get_indexes("claims")}


def test_review_log_is_append_only_in_the_database(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    claim = first_claim(ledger)
    add_review(ledger, claim, status="supported", note="seen the filing", reviewer="Ana")
    for sql in ("UPDATE review_log SET note = 'rewritten'", "DELETE FROM review_log"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), ledger.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    with pytest.raises(sa.exc.IntegrityError), ledger.engine.begin() as conn:  # a reviewed claim is kept
        conn.execute(sa.text("DELETE FROM claims WHERE id = :i"), {"i": claim})
    assert [e.note for e in review_of(ledger, claim).log] == ["seen the filing"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "true"}, "unknown review status 'true': choose unreviewed, checking, supported, refuted or"),
        ({"note": "   \n "}, "the note is empty"),
        ({"note": "x" * 101}, "the note is 101 characters long: at most 100 (CLAIMLEDGER_REVIEW_NOTE_CHARS)"),
        ({"note": "ok \x1b[31mred"}, "the note holds a control character (U+001B)"),
        ({"note": "evil \u202egnp.exe"}, "the note holds a control character (U+202E)"),
        ({"note": "nul\x00"}, "the note holds a control character (U+0000)"),
        ({"status": "supported", "reviewer": "Ana\nBo"}, "the reviewer's name holds a control character (U+000A)"),
        ({"status": "supported", "reviewer": " "}, "a reviewer's name is needed"),
        ({"status": "supported", "reviewer": "A" * 101}, "the reviewer's name is 101 characters long"),
        ({}, "nothing to record: give a status, a note, or both"),
    ],
)
def test_review_bad_input_is_a_clear_error_and_writes_nothing(
    ledger_url: str, kwargs: dict[str, Any], message: str
) -> None:
    ledger = Ledger.open(ledger_url)
    ingest([str(EXAMPLES / "07_unrelated.txt")], ledger)
    claim = first_claim(ledger)
    with pytest.raises(ReviewError) as raised:
        add_review(ledger, claim, **{"reviewer": "Ana", **kwargs}, note_limit=100)
    assert message in str(raised.value)
    assert review_of(ledger, claim).log == []


def test_review_unknown_claim(ledger_url: str) -> None:
    ledger = Ledger.open(ledger_url)
    for claim in (1, 0, -3, 2**63, 10**30):
        with pytest.raises(ReviewError, match=f"no claim with id {claim} in the ledger"):
            add_review(ledger, claim, status="supported", reviewer="Ana")
        with pytest.raises(ReviewError, match=f"no claim with id {claim} in the ledger"):
            review_of(ledger, claim)


def test_review_check_repair_keeps_a_reviewed_claim(tmp_path: Path) -> None:
    """``check --repair`` removes claims left without members, but never one an analyst reviewed (its log stays)."""
    from claimledger.ledger.check import check

    ledger = Ledger.open(tmp_path / "ledger.db")
    ingest([str(EXAMPLES / "01_meridian_post.txt")], ledger)
    reviewed, other = (r.id for r in list_claims(ledger)[:2])
    add_review(ledger, reviewed, status="checking", reviewer="Ana")
    with ledger.engine.begin() as conn:  # as a crash between the rows could leave them
        conn.execute(sa.text("DELETE FROM claim_members WHERE claim_id IN (:a, :b)"), {"a": reviewed, "b": other})
    findings = {f.name: f for f in check(ledger, repair=True)}
    assert findings["claims with members"].repaired == 1
    assert review_of(ledger, reviewed).status == "checking"
    with pytest.raises(ReviewError):
        review_of(ledger, other)


# ---------------------------------------------------------------------------------------------------- ledger
@pytest.fixture(scope="module")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reviews") / "ledger.db"
    ledger = Ledger.open(path)
    ingest([str(EXAMPLES)], ledger)
    ledger.close()  # the last connection closed: the whole ledger is in its file, to be copied
    return path


@pytest.fixture()
def fresh(ledger_file: Path, tmp_path: Path) -> Path:
    """A copy of the examples' ledger, for a test that writes reviews."""
    path = tmp_path / "ledger.db"
    shutil.copy(ledger_file, path)
    return path


def claims_of(path: Path) -> list[int]:
    return [r.id for r in list_claims(Ledger.open(path))]


# ----------------------------------------------------------------------------------------------------- CLI
def test_review_cli_sets_and_shows(cli, fresh: Path) -> None:
    claim = claims_of(fresh)[0]
    shown = cli("review", str(claim), "--db", str(fresh))
    assert shown.exit_code == 0, shown.output
    assert f"claim #{claim}: unreviewed" in shown.stdout and "no review yet" in shown.stdout
    note = "Ministry says no.\x1b]0;pwned\x07"  # control characters never reach the ledger, nor the terminal
    bad = cli("review", str(claim), "--note", note, "--by", "Ana", "--db", str(fresh))
    assert bad.exit_code == 1 and "control character (U+001B)" in bad.stderr and "\x1b" not in bad.stderr
    result = cli("review", str(claim), "--status", "unverifiable", "--note", "[bold]no record[/bold]", "--by", "Ana",
                 "--db", str(fresh))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"claim #{claim}: unverifiable — set by Ana" in result.stdout and "[bold]no record[/bold]" in result.stdout
    as_json = json.loads(cli("review", str(claim), "--json", "--db", str(fresh)).stdout)
    assert as_json["status"] == "unverifiable" and as_json["rating"] == 2
    assert [(e["status"], e["note"], e["reviewer"]) for e in as_json["log"]] == [
        ("unverifiable", "[bold]no record[/bold]", "Ana")
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("999999", "--status", "supported"), 1, "no claim with id 999999 in the ledger"),
        (("{claim}", "--status", "maybe"), 1, "unknown review status 'maybe'"),
        (("{claim}", "--note", ""), 1, "the note is empty"),
        (("{claim}", "--by", "Ana"), 2, "--by names who sets a --status or adds a --note"),
    ],
)
def test_review_cli_errors_are_one_line(cli, fresh: Path, args: tuple[str, ...], code: int, message: str) -> None:
    claim = str(claims_of(fresh)[0])
    result = cli("review", *(a.format(claim=claim) for a in args), "--db", str(fresh))
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


# ----------------------------------------------------------------------------------------------------- web
def client_for(path: Path, token: str = TOKEN) -> TestClient:
    return TestClient(create_app(Settings(db=str(path), web_token=token)))


def post(client: TestClient, claim: int, fields: dict[str, str], **kwargs: Any) -> Any:
    return client.post(f"/claims/{claim}/review", data=fields, follow_redirects=False, **kwargs)


def test_web_review_with_token_sets_status_and_shows_who_changed_what_when(fresh: Path) -> None:
    client, claim = client_for(fresh), claims_of(fresh)[0]
    page = client.get(f"/claims/{claim}").text
    assert 'id="review-form"' in page and 'id="review-none"' in page and "unreviewed" in page
    answer = post(client, claim, {"token": TOKEN, "by": "Ana <b>", "status": "checking", "note": ""})
    assert answer.status_code == 303 and answer.headers["location"] == f"/claims/{claim}#review"
    answer = post(client, claim, {"token": TOKEN, "by": "Bo", "status": "supported", "note": HOSTILE + "\nline two"})
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert page.status_code == 200 and "<script" not in page.text and "<img" not in page.text
    assert '<strong class="badge review supported" id="review-status">supported</strong>' in page.text
    assert 'set by <span id="review-by">Bo</span>' in page.text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page.text and "Ana &lt;b&gt;" in page.text
    log = page.text[page.text.index('id="review-log"') :]
    assert log.index(">Bo<") < log.index(">Ana &lt;b&gt;<")  # newest first
    twin = client.get(f"/claims/{claim}.json").json()["review"]
    assert twin["status"] == "supported" and twin["by"] == "Bo" and twin["rating"] == 3
    assert [(e["status"], e["reviewer"], e["note"]) for e in twin["log"]] == [
        ("checking", "Ana <b>", None),
        ("supported", "Bo", HOSTILE + "\nline two"),
    ]
    bearer = post(client, claim, {"by": "Cy", "note": "via the API"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 303
    assert review_of(Ledger.open(fresh), claim).log[-1].note == "via the API"


@pytest.mark.parametrize(
    ("fields", "headers", "status", "message"),
    [
        ({"by": "Ana", "status": "refuted"}, {}, 401, "a valid token is needed to review claims"),
        ({"token": "wrong", "by": "Ana", "status": "refuted"}, {}, 401, "a valid token is needed to review claims"),
        ({"by": "Ana", "token": TOKEN, "status": "refuted"}, {}, 401, "a valid token is needed"),  # token not first
        ({"by": "Ana", "status": "refuted"}, {"Authorization": "Bearer nope"}, 401, "a valid token is needed"),
        ({"token": TOKEN, "by": "Ana", "status": "refuted"}, {"Origin": "https://evil.example"}, 403, CROSS_SITE),
        ({"token": TOKEN, "by": "Ana", "status": "refuted"}, {"Sec-Fetch-Site": "cross-site"}, 403, CROSS_SITE),
        ({"token": TOKEN, "by": "Ana", "status": "maybe"}, {}, 400, "unknown review status &#39;maybe&#39;"),
        ({"token": TOKEN, "by": "", "status": "refuted"}, {}, 400, "say who reviews: a reviewer&#39;s name is needed"),
        ({"token": TOKEN, "by": "Ana", "note": "  "}, {}, 400, "the note is empty"),
        ({"token": TOKEN, "by": "Ana", "note": "x" * 4_001}, {}, 400, "at most 4,000"),
        ({"token": TOKEN, "by": "Ana", "note": "bell\x07"}, {}, 400, "control character (U+0007)"),
        ({"token": TOKEN, "by": "Ana"}, {}, 400, "nothing to record"),
    ],
)
def test_web_review_refused_is_a_page_and_records_nothing(
    fresh: Path, fields: dict[str, str], headers: dict[str, str], status: int, message: str
) -> None:
    client, claim = client_for(fresh), claims_of(fresh)[0]
    answer = post(client, claim, fields, headers=headers)
    assert answer.status_code == status and answer.headers["content-type"].startswith("text/html")
    error = answer.text.split('<p class="flash error" id="review-error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert 'id="review-form"' in answer.text  # the claim's page, the form again
    if status == 400:
        assert f'value="{fields["by"]}"' in answer.text  # what was typed is kept, never the token
    assert TOKEN not in answer.text
    assert review_of(Ledger.open(fresh), claim).log == []


def test_web_review_note_escaped_when_refused(fresh: Path) -> None:
    client, claim = client_for(fresh), claims_of(fresh)[0]
    answer = post(client, claim, {"token": TOKEN, "by": HOSTILE, "status": "maybe", "note": HOSTILE})
    assert answer.status_code == 400 and "<script" not in answer.text and "<img" not in answer.text
    assert "&lt;script&gt;" in answer.text


def test_web_review_read_only_ledger_shows_no_form_and_refuses(fresh: Path) -> None:
    client, claim = TestClient(create_app(Settings(db=str(fresh)))), claims_of(fresh)[0]
    page = client.get(f"/claims/{claim}")
    assert page.status_code == 200 and 'id="review-form"' not in page.text and 'id="review-read-only"' in page.text
    form = client.get(f"/claims/{claim}/review", follow_redirects=False)  # the form's address leads to the page
    assert form.status_code == 303 and form.headers["location"] == f"/claims/{claim}#review"
    answer = post(client, claim, {"token": TOKEN, "by": "Ana", "status": "refuted"})
    assert answer.status_code == 403 and answer.headers["content-type"].startswith("text/html")
    assert "this ledger is read-only: set CLAIMLEDGER_WEB_TOKEN to allow reviews" in answer.text
    assert client.get(f"/claims/{claim}.json").json()["review"] == {
        "status": "unreviewed", "by": None, "at": None, "rating": None, "log": []
    }  # fmt: skip


def test_web_review_unknown_claim_is_a_404_page(fresh: Path) -> None:
    answer = post(client_for(fresh), 999_999, {"token": TOKEN, "by": "Ana", "status": "refuted"})
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert "no claim with id 999999" in answer.text


# -------------------------------------------------------------------------------------------------- export
def test_claimreview_export_carries_the_analysts_rating_and_none_elsewhere(cli, fresh: Path, tmp_path: Path) -> None:
    import jsonschema

    ledger = Ledger.open(fresh)
    rated, checking, *_ = claims_of(fresh)
    add_review(ledger, rated, status="checking", reviewer="Ana")
    add_review(ledger, rated, status="refuted", note="The ministry denies it, in writing.", reviewer="Bo Lind")
    add_review(ledger, rated, note="A later note does not change the rating.", reviewer="Cy")
    add_review(ledger, checking, status="checking", reviewer="Ana")
    out = tmp_path / "claims.json"
    result = cli("export", "--format", "claimreview", "--out", str(out), "--db", str(fresh))
    assert result.exit_code == 0, result.output
    reviews = {r["claimledger:claimId"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    schema = json.loads((REPO / "tests" / "data" / "claimreview.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(list(reviews.values()), schema)
    rating = reviews[rated]["reviewRating"]
    assert {k: rating[k] for k in ("alternateName", "ratingValue", "worstRating", "bestRating")} == {
        "alternateName": "refuted", "ratingValue": 1, "worstRating": 1, "bestRating": 3
    }  # fmt: skip
    assert rating["author"] == {"@type": "Person", "name": "Bo Lind"}
    assert rating["ratingExplanation"] == "The ministry denies it, in writing."
    assert rating["description"].startswith("An analyst rated this claim refuted on ")
    assert reviews[rated]["claimledger:reviewStatus"] == "refuted"
    for claim, status in ((checking, "checking"), *((c, "unreviewed") for c in reviews if c not in (rated, checking))):
        unrated = reviews[claim]["reviewRating"]
        assert "ratingValue" not in unrated and unrated["alternateName"].startswith("Unverified — ")
        assert reviews[claim]["claimledger:reviewStatus"] == status


def test_review_statuses_are_the_documented_five() -> None:
    assert STATUSES == ("unreviewed", "checking", "supported", "refuted", "unverifiable")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Reviewing claims" in readme and "refuted 1, unverifiable 2, supported 3" in readme


def test_web_review_rate_limited_per_client(fresh: Path) -> None:
    """Review posts are limited per client, a wrong token counting too: guessing the token is slow."""
    from claimledger.web.limits import RateLimit
    from claimledger.web.routes.reviews import REVIEW_BURST, REVIEW_PER_MINUTE

    client, claim = client_for(fresh), claims_of(fresh)[0]
    now = [0.0]  # the limit's clock, stopped: no token comes back while the test runs, however slow the machine
    client.app.state.review_limit = RateLimit(REVIEW_PER_MINUTE, REVIEW_BURST, clock=lambda: now[0])  # type: ignore[attr-defined]
    answers = [post(client, claim, {"token": "guess", "by": "x", "status": "refuted"}) for _ in range(REVIEW_BURST + 1)]
    assert {a.status_code for a in answers[:REVIEW_BURST]} == {401}
    refused = answers[-1]
    assert refused.status_code == 429 and refused.headers["content-type"].startswith("text/html")
    assert int(refused.headers["retry-after"]) >= 1 and "too many review requests" in refused.text
