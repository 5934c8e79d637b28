"""Independent origins on ledgers built by ``claimledger ingest``: an article-metadata sidecar (``--metadata``) that
says who published plain-text articles, and the rules that count origins (one outlet's voice in two articles is one
origin; a speaker passing on an outlet's report is that report), each origin named with the reason its mentions
count as one, in the claims list, the trace and their JSON."""

from __future__ import annotations

import html
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimledger.evaluation.corpus import GoldError, corpus_metadata, find_articles
from claimledger.read.metadata import MetadataError, load_metadata
from claimledger.settings import Settings

SPAN = "The Arden bridge will close for repairs on Monday after engineers found cracks in its main span"
ARTICLES = {
    # two reports of one outlet, in its own voice
    "a.txt": f"Arden bridge to close for repairs\n\n{SPAN}.\n\n"
    "Drivers will be sent over the ring road while the work lasts.\n",
    "b.txt": f"Traffic plan for the Arden valley\n\n{SPAN}, the second closure this year.\n\n"
    "Buses will run every ten minutes on the ring road.\n",
    # another outlet's speaker who passes on the first outlet's report
    "c.txt": "Mayor backs bridge closure\n\nMayor Jane Holt is seizing upon a Daily Ledger report that the Arden "
    "bridge will close for repairs on Monday after engineers found cracks in its main span.\n\n"
    "Holt said the city had warned about the bridge for years.\n",
}
METADATA = (
    "filename,publisher,date,author\na.txt,The Daily Ledger,2025-03-01,Ana Lima\nb,The Daily Ledger,2025-03-02,NA\n"
)
METADATA += "c.txt,Harbour Times,2025-03-02,\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "articles"
    where.mkdir()
    for name, text in ARTICLES.items():
        (where / name).write_text(text, encoding="utf-8")
    return where


def bridge_claim(cli) -> dict:
    listed = json.loads(cli("claims", "--json").stdout)
    return next(c for c in listed if "Arden bridge will close" in c["text"])


def test_metadata_makes_one_outlet_one_origin(cli, folder: Path, tmp_path: Path) -> None:
    """Two plain-text articles of The Daily Ledger and a mayor passing on its report: one origin, the Ledger, named
    in the list and the trace with the reason; each article carries the publisher, date and author given."""
    (tmp_path / "meta.csv").write_text(METADATA, encoding="utf-8")
    result = cli("ingest", str(folder), "--metadata", str(tmp_path / "meta.csv"))
    assert result.exit_code == 0, result.output
    claim = bridge_claim(cli)
    assert claim["articles"] == 3 and claim["independent_origins"] == 1
    (origin,) = claim["origins"]
    assert origin["name"] == "The Daily Ledger" and not origin["unverifiable"]
    assert "Jane Holt passes on Daily Ledger's report" in origin["why"] and "3 mentions" in origin["why"]
    traced = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    assert traced["independent_origins"] == 1 and traced["origins"][0]["why"] == origin["why"]
    assert {m["origin"] for m in traced["members"]} == {"The Daily Ledger"} and all(m["why"] for m in traced["members"])
    assert "why one origin: 3 mentions" in cli("trace", str(claim["id"])).stdout
    shown = {a["title"]: a for a in json.loads(cli("articles", "--json").stdout)}
    first = json.loads(cli("show", str(shown["Arden bridge to close for repairs"]["id"]), "--json").stdout)
    meta = first["article"]["metadata"] if "article" in first else first["metadata"]
    assert (meta["site"], meta["published"], meta["author"]) == ("The Daily Ledger", "2025-03-01", "Ana Lima")
    # the claim's page and its JSON twin name the origin and say why its mentions count as one
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    client = TestClient(create_app(Settings(db=str(tmp_path / "ledger.db"))))
    page = client.get(f"/claims/{claim['id']}")
    assert page.status_code == 200 and "The Daily Ledger" in page.text
    assert "Jane Holt passes on Daily Ledger's report" in html.unescape(page.text)
    twin = client.get(f"/claims/{claim['id']}.json").json()
    assert [(o["name"], o["why"]) for o in twin["origins"]] == [("The Daily Ledger", origin["why"])]


def test_without_metadata_each_plain_text_article_is_its_own_publisher(cli, folder: Path) -> None:
    """Without a publisher the Ledger's two articles are two origins, and no outlet of the ledger is called the
    Daily Ledger, so the mayor is an origin of her own."""
    assert cli("ingest", str(folder)).exit_code == 0
    claim = bridge_claim(cli)
    names = {o["name"] for o in claim["origins"]}
    assert claim["independent_origins"] == 3 and {"article #1", "article #2", "Jane Holt"} == names


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "filename,publisher\na.txt,The Daily Ledger\nz.txt,Harbour Times\n",
            "meta.csv:3: 'z.txt' names no input file",
        ),
        ("name,publisher\na.txt,The Daily Ledger\n", "no column naming the file (one of filename, file, path, stem)"),
        ("filename,colour\na.txt,blue\n", "no metadata column"),
        ("filename,publisher\na.txt,The Daily Ledger,extra\n", "meta.csv:2: 3 fields where the header has 2"),
        ("filename,date\na.txt,1 March\n", "meta.csv:2: date '1 March' is not an ISO 8601 date"),
        ("filename,publisher\na.txt,One\na,Two\n", "is described twice (lines 2 and 3"),
        ("filename,publisher\n,One\n", "meta.csv:2: the row names no file"),
        ("filename,publisher\n", "meta.csv: no rows"),
    ],
)
def test_bad_metadata_is_one_line_and_nothing_is_stored(cli, folder: Path, tmp_path: Path, table, message) -> None:
    (tmp_path / "meta.csv").write_text(table, encoding="utf-8")
    result = cli("ingest", str(folder), "--metadata", str(tmp_path / "meta.csv"))
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert json.loads(cli("articles", "--json").stdout) == []


def test_metadata_formats_and_paths(folder: Path, tmp_path: Path) -> None:
    """TSV and JSON Lines as well as CSV; a row names its file by path, name or stem; a JSON Lines line that is not
    an object, a non-string value or a file that is no metadata is an error naming the line."""
    tsv = tmp_path / "meta.tsv"
    tsv.write_text(f"path\toutlet\tpublication_date\n{folder / 'a.txt'}\tThe Daily Ledger\t2025-03-01\n", "utf-8")
    bound = load_metadata(tsv).bind([str(folder)], Settings())
    assert list(bound) == [str(folder / "a.txt")] and bound[str(folder / "a.txt")].published == "2025-03-01"
    jsonl = tmp_path / "meta.jsonl"
    jsonl.write_text('{"stem": "c", "publisher": "Harbour Times", "url": "https://harbour.example/c"}\n', "utf-8")
    row = load_metadata(jsonl).bind([str(folder / "c.txt")], Settings())[str(folder / "c.txt")]
    assert (row.publisher, row.url) == ("Harbour Times", "https://harbour.example/c")
    for text, message in [
        ('{"stem": "c", "publisher": 3}\n', "meta.jsonl:1: 'publisher' must be a string"),
        ('{"stem": "c", "publisher": "X"}\n[1]\n', "meta.jsonl:2: each line must be a JSON object"),
        ('{"stem": "c", "publisher": "X"}\n{oops\n', "meta.jsonl:2: invalid JSON"),
        ('{"stem": "c", "url": "ftp://x"}\n', "is not an http(s) address"),
    ]:
        jsonl.write_text(text, "utf-8")
        with pytest.raises(MetadataError, match=message.replace("(", r"\(").replace(")", r"\)")):
            load_metadata(jsonl)
    with pytest.raises(MetadataError, match="no such metadata file"):
        load_metadata(tmp_path / "absent.csv")
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "a.txt").write_text("Another a.", encoding="utf-8")
    csv = tmp_path / "meta.csv"
    csv.write_text("stem,publisher\na,The Daily Ledger\n", "utf-8")
    with pytest.raises(MetadataError, match="names 2 input files"):
        load_metadata(csv).bind([str(folder), str(tmp_path / "two")], Settings())


def test_eval_finds_gold_articles_in_any_split_with_the_corpus_metadata(tmp_path: Path) -> None:
    """A held-out gold may name test articles: the lookup tries dev, test and train; ``metadata.tsv`` beside the
    splits gives the publishers, only of the articles asked for."""
    polnear = tmp_path / "polnear"
    for split, name in (("dev", "nyt_1"), ("test", "politico_2"), ("train", "nyt_3")):
        (polnear / split / "text").mkdir(parents=True)
        (polnear / split / "text" / f"{name}.txt").write_text("Text.", encoding="utf-8")
    found = find_articles(["politico_2", "nyt_1", "nyt_3"], polnear)
    assert [p.parent.parent.name for p in found] == ["test", "dev", "train"]
    with pytest.raises(GoldError, match=r"missing\.txt not found"):
        find_articles(["missing"], polnear)
    assert corpus_metadata(polnear, ["nyt_1"]) is None
    (polnear / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\nd\tnyt_1\tnyt\t2016-09-01\nt\tpolitico_2\tpolitico\tNone\n",
        encoding="utf-8",
    )
    table = corpus_metadata(polnear, ["politico_2"])
    assert table is not None and [(r.name, r.publisher, r.published) for r in table.rows] == [
        ("politico_2", "politico", None)
    ]


def test_a_member_far_from_the_claims_founder_is_listed_but_adds_no_origin(cli, folder: Path) -> None:
    """Origins are counted over the members that assert the claim: one that stands further than ASSERTS_COSINE
    from the claim's founding content (here the mayor's, its stored similarity lowered as a member that joined on
    the topic alone would have it) stays in the claim, shown in the trace, but its speaker is no origin."""
    import sqlalchemy as sa

    from claimledger.ledger.provenance import ASSERTS_COSINE
    from claimledger.ledger.schema import attributions, claim_members
    from claimledger.ledger.store import Ledger

    assert cli("ingest", str(folder)).exit_code == 0
    claim = bridge_claim(cli)
    traced = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    assert traced["independent_origins"] == 3 and all(m["counted"] for m in traced["members"])
    assert traced["members"][0]["similarity"] == 1.0  # the founder
    holt = next(m for m in traced["members"] if m["origin"] == "Jane Holt")
    ledger = Ledger.open(Path(os.environ["CLAIMLEDGER_DB"]))
    with ledger.begin() as conn:
        conn.execute(
            claim_members.update()
            .where(claim_members.c.attribution_id == holt["attribution_id"])
            .values(similarity=ASSERTS_COSINE - 0.1)
        )
        assert conn.scalar(sa.select(sa.func.count()).select_from(attributions)) >= 3
    ledger.close()
    traced = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    assert traced["independent_origins"] == 2
    assert {o["name"] for o in traced["origins"]} == {"article #1", "article #2"}
    (loose,) = [m for m in traced["members"] if not m["counted"]]
    assert loose["attribution_id"] == holt["attribution_id"] and "not counted" in loose["why"]
    shown = cli("trace", str(claim["id"])).stdout
    assert "on the topic, not counted: 1 mention\n" in shown and "Jane Holt" in shown
    # the claim's page says so too: a note under the origins, a badge on the report (its reason as the title)
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    client = TestClient(create_app(Settings(db=os.environ["CLAIMLEDGER_DB"])))
    page = client.get(f"/claims/{claim['id']}")
    assert page.status_code == 200
    assert "1 report on the topic not counted as origins, articles or outlets: its content is too far" in page.text
    assert page.text.count('class="badge warn not-counted"') == 1
    assert client.get(f"/claims/{claim['id']}.json").json()["independent_origins"] == 2


def lower_similarity(attribution_id: int) -> None:
    """A member's stored similarity put below ASSERTS_COSINE, as a member that joined on its topic alone has it."""
    from claimledger.ledger.provenance import ASSERTS_COSINE
    from claimledger.ledger.schema import claim_members
    from claimledger.ledger.store import Ledger

    ledger = Ledger.open(Path(os.environ["CLAIMLEDGER_DB"]))
    with ledger.begin() as conn:
        conn.execute(
            claim_members.update()
            .where(claim_members.c.attribution_id == attribution_id)
            .values(similarity=ASSERTS_COSINE - 0.1)
        )
    ledger.close()


def claim_seen(cli, claim_id: int) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A claim as the list shows it (``claims --json``), its page and its page's JSON twin."""
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    listed = next(c for c in json.loads(cli("claims", "--json").stdout) if c["id"] == claim_id)
    client = TestClient(create_app(Settings(db=os.environ["CLAIMLEDGER_DB"])))
    page = client.get(f"/claims/{claim_id}")
    assert page.status_code == 200
    web_listed = next(c for c in client.get("/claims.json").json()["claims"] if c["id"] == claim_id)
    assert web_listed["articles"] == listed["articles"] and web_listed["outlets"] == listed["outlets"]
    return listed, page.text, client.get(f"/claims/{claim_id}.json").json()


def test_the_claims_list_counts_the_articles_and_outlets_that_assert_a_claim_as_its_page_does(
    cli, folder: Path, tmp_path: Path
) -> None:
    """A member on the claim's topic alone adds no origin, no article and no outlet: the list (``claims``,
    ``/claims.json``) and the claim's page say the same articles and outlets, once ``check`` has found the stored
    figures a hand edit left behind and ``--repair`` rewritten them, and again after the next article joins (the
    writer's summary of the claims it touches)."""
    header, a, b, c = METADATA.splitlines()
    (tmp_path / "first.csv").write_text(f"{header}\n{a}\n{c}\n", encoding="utf-8")
    (tmp_path / "then.csv").write_text(f"{header}\n{b}\n", encoding="utf-8")
    result = cli("ingest", str(folder / "a.txt"), str(folder / "c.txt"), "--metadata", str(tmp_path / "first.csv"))
    assert result.exit_code == 0, result.output
    claim = bridge_claim(cli)
    assert (claim["articles"], claim["outlets"], claim["members"]) == (2, 2, 2)
    traced = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    holt = next(m for m in traced["members"] if m["publisher"] == "Harbour Times")
    lower_similarity(holt["attribution_id"])  # the mayor's report now only on the topic

    found = cli("check", "--json")
    assert found.exit_code == 1
    (summaries,) = [f for f in json.loads(found.stdout)["findings"] if f["name"] == "claim summaries"]
    assert summaries["drift"] == 1 and f"claim {claim['id']} articles: stored 2, recomputed 1" in summaries["examples"]
    repaired = cli("check", "--repair", "--json")
    assert repaired.exit_code == 0 and json.loads(repaired.stdout)["drift"] == 0, repaired.stdout

    listed, page, report = claim_seen(cli, claim["id"])
    assert (listed["articles"], listed["outlets"], listed["members"], listed["independent_origins"]) == (1, 1, 2, 1)
    assert len(report["articles"]) == listed["articles"] and report["outlets"] == ["The Daily Ledger"]
    assert "1 article · 1 outlet · 2 reports" in html.unescape(page)
    assert "1 report on the topic not counted as origins, articles or outlets" in page
    assert "1 independent origins · 1 articles · 1 outlets" in cli("trace", str(claim["id"])).stdout

    result = cli("ingest", str(folder / "b.txt"), "--metadata", str(tmp_path / "then.csv"))
    assert result.exit_code == 0, result.output  # another report of The Daily Ledger
    listed, page, report = claim_seen(cli, claim["id"])
    assert (listed["articles"], listed["outlets"], listed["members"]) == (2, 1, 3)
    assert len(report["articles"]) == 2 and len(report["outlets"]) == 1
    assert "2 articles · 1 outlet · 3 reports" in html.unescape(page)
    assert cli("check").exit_code == 0  # the writer stored the figures the check recomputes


def test_migration_18_summarises_again_the_claims_a_topic_member_counted_for(cli, folder: Path) -> None:
    """A ledger summarised before migration 18 counted a topic member's article: the migration clears that claim's
    articles and outlets (and only that claim's), and the next writer summarises it again."""
    import sqlalchemy as sa

    from claimledger.ledger.schema import claims
    from claimledger.ledger.store import Ledger

    assert cli("ingest", str(folder / "a.txt"), str(folder / "c.txt")).exit_code == 0
    claim = bridge_claim(cli)
    traced = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    lower_similarity(next(m for m in traced["members"] if m["origin"] == "Jane Holt")["attribution_id"])
    path = Path(os.environ["CLAIMLEDGER_DB"])
    ledger = Ledger.open(path)
    with ledger.begin() as conn:  # as version 17 left it
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 18")
        others = dict(conn.execute(sa.select(claims.c.id, claims.c.articles).where(claims.c.id != claim["id"])).all())
    ledger.close()
    ledger = Ledger.open(path)  # migrated
    with ledger.connect() as conn:
        row = conn.execute(sa.select(claims.c.articles, claims.c.outlets).where(claims.c.id == claim["id"])).one()
        assert tuple(row) == (None, None)
        assert others == dict(
            conn.execute(sa.select(claims.c.id, claims.c.articles).where(claims.c.id != claim["id"])).all()
        )
    ledger.close()
    assert cli("ingest", str(folder / "a.txt")).exit_code == 0  # a duplicate: the writer's repair still runs
    listed = bridge_claim(cli)
    assert (listed["articles"], listed["outlets"]) == (1, 1)
    assert cli("check").exit_code == 0


def test_a_members_stored_similarity_is_its_cosine_to_the_claims_founder(tmp_path: Path) -> None:
    """The similarity the ledger stores for a member is to the claim's founding content (not to a centroid that
    moves with each member): the founder's is 1, a later member's its cosine to the founder."""
    from claimledger.embed import default_encoder
    from claimledger.ingest import ingest
    from claimledger.ledger.claims import content_text
    from claimledger.ledger.provenance import list_claims
    from claimledger.ledger.store import Ledger

    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ledger = Ledger.open(tmp_path / "l.db")
    ingest([str(tmp_path / n) for n in ARTICLES], ledger)
    claim = next(r for r in list_claims(ledger) if "Arden bridge will close" in r.text and len(r.members) == 3)
    founder, *later = claim.members
    assert founder.similarity == 1.0
    records = {}
    for m in claim.members:
        stored = ledger.get(m.article_id)
        assert stored is not None
        ids = ledger.attribution_ids(m.article_id)
        position = next(p for p, i in ids.items() if i == m.attribution_id)
        records[m.attribution_id] = content_text(stored.article.attributions[position])
    vectors = default_encoder().encode([records[m.attribution_id] for m in claim.members])
    for k, m in enumerate(later, 1):
        assert abs(m.similarity - float(vectors[0] @ vectors[k])) < 1e-3
    ledger.close()


def test_an_articles_own_voice_restates_only_members_that_assert_the_claim() -> None:
    """An article's own sentence restating what it attributes counts as that attribution's origin, but only when
    the attribution asserts the claim: a member on the topic alone (not counted) lends it no origin."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.ledger.provenance import Member, mark_counted
    from claimledger.records import Actor, Article, Attribution, Span

    text = "Mayor Jane Holt said the city warned about the bridge. The Arden bridge will close on Monday."
    said = Attribution(kind="indirect", content=[Span.of(text, 21, 53)], source=Span.of(text, 0, 15))
    said.actor = Actor("Jane Holt", "person")
    own = Attribution(kind="unattributed", content=[Span.of(text, 55, len(text))])
    article = Article(text=text, attributions=[said, own])

    def member(attribution_id: int, a: Attribution, similarity: float) -> Member:
        return Member(attribution_id, 1, 1, "The Daily Ledger", None, a.kind, None, None, None, [], "", [], None, [],
                      similarity)  # fmt: skip

    for similarity, origin in ((0.9, "Jane Holt"), (0.4, "The Daily Ledger")):
        members = [member(2, own, 1.0), member(1, said, similarity)]
        mark_counted(members)
        resolve_origins(members, {1: said, 2: own}, {}, lambda _id: article)
        assert members[0].origin == origin, members[0].why


def test_the_short_name_an_outlet_gives_itself_is_the_publisher(cli, tmp_path: Path) -> None:
    """ "The Post" in The Washington Post's article is The Washington Post (one actor with the publisher's own
    voice); in another outlet's article it stays what the article calls it."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (
        "Donors gave the campaign $144 million in the first quarter of the year, The Post found.\n\n"
        "The campaign did not dispute the figures, which were first reported on Monday."
    )
    (folder / "a.txt").write_text(text, encoding="utf-8")
    other = (
        "The senator raised $3 million from small donors over the summer, The Post reported.\n\n"
        "Her office said the money would pay for advertising in the state before the primary in March."
    )
    (folder / "b.txt").write_text(other, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,publisher\na.txt,wash-post\nb.txt,nyt\n", encoding="utf-8")
    result = cli("ingest", str(folder), "--metadata", str(tmp_path / "meta.csv"))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(os.environ["CLAIMLEDGER_DB"])
    rows = db.execute(
        "SELECT d.origin, ac.name FROM attributions a JOIN actors ac ON ac.id = a.actor_id "
        "JOIN articles ar ON ar.id = a.article_id JOIN documents d ON d.id = ar.document_id "
        "WHERE a.source_text = 'The Post'"
    ).fetchall()
    assert {Path(origin).name: name for origin, name in rows} == {"a.txt": "The Washington Post", "b.txt": "The Post"}


def _quote_members() -> tuple[list[Any], dict[int, Any], Any]:
    from claimledger.ledger.provenance import Member
    from claimledger.records import Actor, Article, Attribution, Span

    text = (
        '"The bridge is safe for now," Mayor Jane Holt said. '
        '"The bridge is safe for now." '
        '"We will reopen the road in May."'
    )
    said = Attribution(kind="direct", content=[Span.of(text, 1, 27)], source=Span.of(text, 30, 45))
    said.actor = Actor("Jane Holt", "person")
    unnamed = Attribution(kind="direct", content=[Span.of(text, 53, 79)])  # the tagger found no speaker
    other = Attribution(kind="direct", content=[Span.of(text, 83, 113)])
    records = {1: said, 2: unnamed, 3: other}

    def member(i: int, article_id: int, publisher: str) -> Member:
        a = records[i]
        return Member(i, article_id, article_id, publisher, None, a.kind, None, a.actor.name if a.actor else None,
                      None, [], " … ".join(c.text for c in a.content), [], None, [], 1.0)  # fmt: skip

    members = [member(1, 1, "The Daily Ledger"), member(2, 2, "The Evening Post"), member(3, 3, "Harbour FM")]
    return members, records, Article(text=text)


def test_a_quote_without_a_named_speaker_is_the_speaker_another_report_gives_those_words() -> None:
    """Rule 7: the same quoted words that another report of the claim gives Jane Holt are hers, not the printing
    outlet's own voice; a quote of other words, with no speaker named anywhere, stays the outlet's."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.ledger.provenance import mark_counted

    members, records, article = _quote_members()
    mark_counted(members)
    resolve_origins(members, records, {}, lambda _id: article)
    assert [m.origin for m in members] == ["Jane Holt", "Jane Holt", "Harbour FM"]
    assert "Jane Holt's words in another report" in members[1].why


def test_no_one_speaks_for_an_organisation_named_after_themselves() -> None:
    """An affiliation that holds the person's own name ("Rival Jane Holt" from a misread role) is no one's
    organisation: Jane Holt stays her own origin, while a real affiliation still applies."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.ledger.provenance import mark_counted

    for affiliation, origin in (("Rival Jane Holt", "Jane Holt"), ("Arden City Council", "Arden City Council")):
        members, records, article = _quote_members()
        mark_counted(members)
        resolve_origins(members, records, {"Jane Holt": affiliation}, lambda _id, a=article: a)
        assert members[0].origin == origin, members[0].why


RELAYED = {
    # an outlet relays a speaker: the reporting outlet is no origin of the mayor's statement
    "a.txt": "Council sets bridge works\n\nThe Harbour Times reported that Mayor Jane Holt had claimed the Arden "
    "bridge would close for repairs on Monday after engineers found cracks in its main span.\n\n"
    "Drivers will use the ring road.\n",
    "b.txt": "Bridge repairs\n\nThe Arden bridge will close for repairs on Monday after engineers found cracks in "
    "its main span, Mayor Jane Holt said on Friday.\n\nBuses will run on the ring road.\n",
}


def test_an_outlet_relaying_a_speaker_is_that_speakers_report(cli, tmp_path: Path) -> None:
    """Rule 8: "The Harbour Times reported that Mayor Jane Holt had claimed …" (the mayor's attribution parsed inside
    the Times') and another outlet quoting the mayor herself are one origin, Jane Holt: the relaying outlet is not
    a second origin of her statement."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in RELAYED.items():
        (folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,publisher\na.txt,The Daily Ledger\nb.txt,Valley News\n", encoding="utf-8")
    result = cli("ingest", str(folder), "--metadata", str(tmp_path / "meta.csv"))
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("claims", "--json").stdout)
    claim = next(c for c in listed if "bridge" in c["text"] and c["articles"] == 2)
    assert claim["independent_origins"] == 1
    trace = json.loads(cli("trace", str(claim["id"]), "--json").stdout)
    relay = next(m for m in trace["members"] if m["actor"] == "Harbour Times")
    assert relay["origin"] == "Jane Holt" and "relays Jane Holt's words" in relay["why"]


def _nested(outer_actor: Any, inner_actor: Any) -> tuple[list[Any], dict[int, Any], Any]:
    """One article: "<outer> said residents want the Arden bridge closed for good", the inner attribution (residents
    want …) parsed inside the outer one's content; both members of one claim."""
    from claimledger.ledger.provenance import Member
    from claimledger.records import Article, Attribution, Span

    text = "Councillor Ann Roe said residents want the Arden bridge closed for good."
    outer = Attribution(kind="indirect", content=[Span.of(text, 24, 71)], source=Span.of(text, 0, 18))
    inner = Attribution(kind="indirect", content=[Span.of(text, 39, 71)], source=Span.of(text, 24, 33), parent=0)
    outer.actor, inner.actor = outer_actor, inner_actor
    article = Article(text=text, attributions=[outer, inner])
    records = {1: outer, 2: inner}

    def member(i: int) -> Member:
        a = records[i]
        return Member(i, 1, 1, "The Daily Ledger", None, a.kind, None, a.actor.name, a.actor.type, [],
                      " … ".join(c.text for c in a.content), [], None, [], 1.0)  # fmt: skip

    return [member(1), member(2)], records, article


def test_a_speaker_characterising_others_is_the_origin_of_both() -> None:
    """Rule 8: a councillor saying what residents want is the councillor's account (one origin, hers); were the
    outer source an outlet relaying the residents, the residents would be the origin of both."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.records import Actor

    for outer, origin in ((Actor("Ann Roe", "official"), "Ann Roe"), (Actor("Harbour Times", "outlet"), "residents")):
        members, records, article = _nested(outer, Actor("residents", "group"))
        resolve_origins(members, records, {}, lambda _id, a=article: a)
        assert {m.origin.split(" (")[0] for m in members} == {origin}, [m.why for m in members]


def test_a_party_speaks_through_its_national_committee() -> None:
    """Rule 9: the Republican National Committee and "the GOP" (the Republican Party) in reports of one claim are one
    origin, the committee; a party's caucus in a legislature stays its own, and a party no committee stands beside
    stays itself."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.ledger.provenance import Member
    from claimledger.records import Actor, Article, Attribution, Span

    text = "The RNC said Mills had a conflict. The GOP said Mills had a conflict. Oversight Republicans agreed."
    spans = ((13, 33, 0, 7, "Republican National Committee"), (48, 68, 35, 42, "Republican Party"),
             (91, 98, 70, 90, "Oversight Committee Republicans"))  # fmt: skip
    records: dict[int, Attribution] = {}
    for i, (start, end, s, e, name) in enumerate(spans, 1):
        records[i] = Attribution(kind="indirect", content=[Span.of(text, start, end)], source=Span.of(text, s, e))
        records[i].actor = Actor(name, "organization")
    article = Article(text=text, attributions=list(records.values()))

    def members(ids: tuple[int, ...]) -> list[Member]:
        return [Member(i, 1, 1, "Breitbart News", None, "indirect", None, records[i].actor.name, "organization", [],  # type: ignore[union-attr]
                       records[i].content[0].text, [], None, [], 1.0) for i in ids]  # fmt: skip

    claim = members((1, 2, 3))
    resolve_origins(claim, records, {}, lambda _id: article)
    assert [m.origin for m in claim] == ["Republican National Committee"] * 2 + ["Oversight Committee Republicans"]
    alone = members((2, 3))
    resolve_origins(alone, records, {}, lambda _id: article)
    assert [m.origin for m in alone] == ["Republican Party", "Oversight Committee Republicans"]


def test_an_unnamed_role_is_the_one_another_report_names() -> None:
    """Rule 10: "His lawyer said he would not answer" and "Pagliano's lawyer, Mark MacDougall, said he would not
    answer" in reports of one claim are one origin (the lawyer, who speaks for his client); with no member naming a
    lawyer, "His lawyer" stays the outlet's own unnamed source."""
    from claimledger.ledger.origins import resolve_origins
    from claimledger.ledger.provenance import Member
    from claimledger.records import Actor, Article, Attribution, Span

    text = "Pagliano's lawyer said he would not answer. His lawyer said he would not answer."
    spans = ((23, 42, 0, 17, Actor("Mark MacDougall", "official")),
             (61, 80, 44, 54, Actor("His lawyer (article 1a2b3c4d)", "official", aliases=["His lawyer"])))  # fmt: skip
    records: dict[int, Attribution] = {}
    for i, (start, end, s, e, actor) in enumerate(spans, 1):
        records[i] = Attribution(kind="indirect", content=[Span.of(text, start, end)], source=Span.of(text, s, e))
        records[i].actor = actor
    article = Article(text=text, attributions=list(records.values()))

    def members(ids: tuple[int, ...]) -> list[Member]:
        return [Member(i, i, i, ("Politico", "The Hill")[i - 1], None, "indirect", records[i].source.text,  # type: ignore[union-attr]
                       records[i].actor.name, "official", [], records[i].content[0].text, [], None, [], 1.0)  # type: ignore[union-attr]
                for i in ids]  # fmt: skip

    claim = members((1, 2))
    resolve_origins(claim, records, {"Mark MacDougall": "Bryan Pagliano"}, lambda _id: article)
    assert [m.origin for m in claim] == ["Bryan Pagliano", "Bryan Pagliano"], [m.why for m in claim]
    assert "'His lawyer' is the lawyer another report names" in claim[1].why
    alone = members((2,))
    resolve_origins(alone, records, {}, lambda _id: article)
    assert alone[0].origin == "His lawyer (The Hill)"


def test_the_outlet_a_speaker_cites_is_found_with_only_the_names_written_before_the_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A speaker passing on an outlet's report ("seizing upon a daily ledger report that …") names that outlet
    however its words are cased; the pattern tried holds only the outlets whose names are written before the
    content, not every outlet known (a pattern of hundreds of names compiled anew for each claim's outlets)."""
    import re

    from claimledger.ledger import origins
    from claimledger.pipeline import analyze

    text = (
        "Mayor Jane Holt is seizing upon a daily ledger report that the Arden bridge will close for repairs on "
        "Monday after engineers found cracks in its main span."
    )
    cited = [a for a in analyze(text).attributions if a.content and "Arden" in a.content[0].text]
    assert cited
    tried: list[str] = []
    real = re.search

    def search(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        tried.append(pattern)
        return real(pattern, string, flags)

    monkeypatch.setattr(origins.re, "search", search)
    outlets = ["The Daily Ledger", "Harbour Times", "The Washington Post"]
    assert origins.cited_in_text(cited[0], text, outlets) == "daily ledger"
    assert tried and not any("Harbour" in p or "Washington" in p or "New\\ York" in p for p in tried)
    tried.clear()
    assert origins.cited_in_text(cited[0], text, ["Harbour Times"]) is None  # its outlet not among those known
    assert not tried  # no name written before the content: no pattern at all
    assert origins._folded("THE DAILY LEDGEſ") == "the daily ledges"  # 'ſ' is an 's' to case-blind matching
