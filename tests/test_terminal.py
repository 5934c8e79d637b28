"""Untrusted text never reaches the terminal raw: control characters in file names, titles and article text are
printed escaped (``\\x1b``), Rich markup in them prints literally, and ``--json`` keeps the original text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

NAME = "evil\x1b]0;pwned\x07.txt"
TITLE = "Harbour \x1b[31mred\x1b[0m [red]x[/red] news"
TEXT = f"{TITLE}\n\nThe port \x9bauthority said\x07 the harbour would reopen on \x1b[2JMonday.\n"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # any control character but the newline


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every command's output for a ledger holding one hostile article (one ingest, then the read commands)."""
    from typer.testing import CliRunner

    from claimledger.cli import app, register

    root = tmp_path_factory.mktemp("terminal")
    (root / "in").mkdir()
    path = root / "in" / NAME
    path.write_text(TEXT, encoding="utf-8")
    (root / "in" / f"empty\x1b[2J{NAME}").write_bytes(b"")  # a failure line naming a hostile file
    db = str(root / "ledger.db")
    register()
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args))

    found = {"ingest": run("ingest", str(root / "in"), "--db", db), "analyze": run("analyze", str(path))}
    found |= {"articles": run("articles", "--db", db), "show": run("show", "1", "--db", db)}
    found |= {"claims": run("claims", "--db", db), "trace": run("trace", "1", "--db", db)}
    found |= {f"{c} --json": run(c, *a, "--db", db, "--json") for c, a in
              (("articles", ()), ("show", ("1",)), ("claims", ()), ("trace", ("1",)))}  # fmt: skip
    found["analyze --json"] = run("analyze", str(path), "--json")
    return found


@pytest.mark.parametrize("command", ["ingest", "analyze", "articles", "show", "claims", "trace"])
def test_no_raw_control_character_reaches_the_terminal(outputs: dict[str, Any], command: str) -> None:
    result = outputs[command]
    assert "Traceback" not in result.output
    for stream in (result.stdout_bytes, result.stderr_bytes):
        assert not RAW.search(stream.decode("utf-8")), stream


@pytest.mark.parametrize("command", ["ingest", "analyze", "show"])
def test_the_escaped_form_is_visible(outputs: dict[str, Any], command: str) -> None:
    output = outputs[command].stdout + outputs[command].stderr
    assert "\\x1b]0;pwned\\x07" in output  # the file name, as its Python escape
    if command == "ingest":
        assert "\\x1b[2J" in output and "empty input" in output  # the failure line
        assert outputs[command].exit_code == 1
    else:
        assert "Harbour \\x1b[31mred\\x1b[0m [red]x[/red] news" in output  # markup printed literally
    if command == "show":  # the text itself
        assert "\\x9bauthority said\\x07" in output


def test_json_stays_valid_with_the_original_text(outputs: dict[str, Any]) -> None:
    articles = json.loads(outputs["articles --json"].stdout)
    assert articles[0]["title"] == TITLE and Path(articles[0]["origin"]).name == NAME
    shown = json.loads(outputs["show --json"].stdout)
    assert shown["text"] == TEXT.rstrip("\n") or shown["text"].startswith(TITLE)
    analysed = json.loads(outputs["analyze --json"].stdout.splitlines()[0])
    assert analysed["metadata"]["title"] == TITLE
    claims = json.loads(outputs["claims --json"].stdout)
    assert claims and json.loads(outputs["trace --json"].stdout)["id"] == claims[0]["id"]
