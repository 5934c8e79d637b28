"""The command starts without the NLP stack: ``--help``, every command's help and the commands that only read
the ledger import neither spaCy, nor onnxruntime, nor trafilatura (nor Ray, FastAPI, datasketch …); only the
commands that analyse text load them. Behaviour, not timing: what a real ``claimledger`` process imported
(its ``sys.modules`` when it exits), run in a subprocess against a small ledger ingested from the examples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

# what analysing text needs (spaCy and its thinc/torch, the tagger, HTML extraction, dates), batch (Ray), the web
# ledger (FastAPI, uvicorn) and copy detection (datasketch, which imports scipy)
HEAVY = ("spacy", "thinc", "torch", "onnxruntime", "trafilatura", "htmldate", "dateparser", "ray", "fastapi",
         "uvicorn", "starlette", "datasketch", "scipy")  # fmt: skip

# runs the command as the installed `claimledger` script does, then prints the heavy modules it imported
PROBE = """
import json, sys
heavy = sys.argv[1].split(",")
sys.argv = ["claimledger", *sys.argv[2:]]
code = 0
try:
    from claimledger.cli import main

    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "imported": [m for m in heavy if m in sys.modules]}), file=sys.stderr)
"""


def imported(*args: str, db: Path | None = None, also: tuple[str, ...] = ()) -> tuple[int, list[str], str]:
    """(exit code, heavy modules imported, stdout) of ``claimledger ARGS`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if db is not None:
        env["CLAIMLEDGER_DB"] = str(db)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY + also), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    last = done.stderr.strip().splitlines()[-1:]
    assert last and last[0].startswith("{"), done.stderr
    report = json.loads(last[0])
    return report["code"] or 0, report["imported"], done.stdout


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An original, its verbatim copy and an independent report: articles, a copy link and shared claims."""
    from claimledger.ingest import ingest
    from claimledger.ledger.store import Ledger
    from claimledger.settings import Settings

    db = tmp_path_factory.mktemp("startup") / "ledger.db"
    files = ["01_meridian_post.txt", "02_aggregator_copy.txt", "05_wire_brief.txt"]
    summary = ingest([str(EXAMPLES / f) for f in files], Ledger.open(str(db)), settings=Settings())
    assert (summary.new, summary.copies, summary.failed) == (3, 1, [])
    return db


HELP = [["--help"], ["ingest", "--help"], ["analyze", "--help"], ["serve", "--help"], ["batch", "--help"],
        ["eval", "polnear", "--help"], ["train", "attribution", "--help"], ["settings"]]  # fmt: skip
READERS = [["articles"], ["articles", "--json"], ["show", "1"], ["show", "2", "--json"], ["claims"],
           ["claims", "--min-origins", "2"], ["claims", "--query", "evacuated"], ["trace", "1"], ["timeline", "1"],
           ["copies", "2"], ["export", "--attributions"]]  # fmt: skip


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_imports_neither_the_nlp_stack_nor_the_database(args: list[str]) -> None:
    code, heavy, out = imported(*args, also=("sqlalchemy", "numpy", "claimledger.patterns"))
    assert code == 0
    assert heavy == []  # the text-cleaning patterns too: compiling them is a third of the help's start-up
    assert "Usage" in out or "CLAIMLEDGER_DB" in out


@pytest.mark.slow
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_commands_that_read_the_ledger_do_not_import_the_nlp_stack(ledger: Path, args: list[str]) -> None:
    code, heavy, out = imported(*args, db=ledger)
    assert code == 0, out
    assert heavy == []
    assert out.strip()  # and they did their job


LIGHT = [["articles"], ["show", "1"], ["claims"], ["claims", "--min-origins", "2"], ["trace", "1"]]


@pytest.mark.slow
@pytest.mark.parametrize("args", LIGHT, ids=" ".join)
def test_light_commands_do_not_import_numpy(ledger: Path, args: list[str]) -> None:
    """The light commands read stored rows and figures: no claim index, so no numpy (a quantity's unit is
    compared through ``ledger/units.py``, not the claim matcher)."""
    code, heavy, out = imported(*args, db=ledger, also=("numpy",))
    assert code == 0, out
    assert heavy == []
    assert out.strip()


OTHER_COMMANDS = tuple(f"claimledger.cli.{m}" for m in ("analyze", "ingest", "batch", "serve", "evaluate", "train",
                                                         "export", "review", "check", "copies"))  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("args", [["articles"], ["show", "1"], ["trace", "1"]], ids=" ".join)
def test_a_command_imports_its_own_module_only(ledger: Path, args: list[str]) -> None:
    """A command line that names a command registers that command's module alone, so a light command does not
    pay for the imports of the others; ``--help`` still lists them all."""
    code, other, out = imported(*args, db=ledger, also=OTHER_COMMANDS)
    assert code == 0, out
    assert other == []
    code, _, listing = imported("--help")
    assert code == 0
    assert all(f" {name} " in listing for name in ("analyze", "ingest", "eval", "train", "import-parquet", "serve"))


@pytest.mark.slow
def test_check_loads_the_encoder_but_not_spacy(ledger: Path) -> None:
    """``check`` recomputes the claim centroids, so it runs the sentence encoder (numpy), but it parses nothing."""
    code, heavy, out = imported("check", "--json", db=ledger, also=("claimledger.embed",))
    assert code == 0, out
    assert heavy == ["claimledger.embed"]
    assert json.loads(out)["drift"] == 0


@pytest.mark.slow
def test_analyze_does_load_the_nlp_stack() -> None:
    """The probe sees imports: a command that parses text shows spaCy and the tagger among them."""
    code, heavy, out = imported("analyze", "--json", str(EXAMPLES / "05_wire_brief.txt"))
    assert code == 0, out
    assert {"spacy", "onnxruntime"} <= set(heavy)
    assert json.loads(out.splitlines()[0])["attributions"]


def test_stored_articles_rebuild_as_the_validating_model_does(seed_article) -> None:
    """What the ledger reads back without pydantic is what the validating model builds, defaults and all."""
    from claimledger.records import article_from_dict, stored_article, to_dict

    data = to_dict(seed_article)
    assert stored_article(data) == article_from_dict(data) == seed_article
    span = {"start": 0, "end": 4, "text": "Rain"}
    old = {
        "text": "Rain.",
        "attributions": [{"kind": "indirect", "content": [span], "quantities": [{**span, "value": 3}]}],
    }
    rebuilt = stored_article(old)  # a row stored before some fields existed, a whole number for a float
    assert rebuilt == article_from_dict(old)
    assert rebuilt.attributions[0].quantities[0].value == 3.0 and rebuilt.attributions[0].actor is None
