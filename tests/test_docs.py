"""Documentation is tested: every command and setting is in the README, its examples run, the schema file is
current. (The docstrings' examples run as doctests: ``--doctest-modules`` in pyproject.toml.)"""

from __future__ import annotations

import doctest
import json
import re

import pytest
import typer.main

from claimledger.cli import app, register
from claimledger.records import article_json_schema
from claimledger.settings import describe
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    register()
    group = typer.main.get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    return names


@pytest.mark.parametrize("command", commands())
def test_docs_every_command_in_readme(command: str) -> None:
    assert f"claimledger {command}" in README


@pytest.mark.parametrize("variable", [v for v, _, _ in describe()])
def test_docs_every_setting_in_readme(variable: str) -> None:
    assert f"`{variable}`" in README


def test_docs_quick_start_is_two_commands() -> None:
    assert "make demo" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_docs_schema_file_is_current() -> None:
    on_disk = json.loads((REPO / "docs" / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert on_disk == article_json_schema(), (
        "regenerate: python -m claimledger.records > docs/schema/article.schema.json"
    )


# the README's fenced Python blocks with ``>>>`` examples, each with its first line's line number (0-based): a
# doctest file would read each closing fence as expected output
README_EXAMPLES = [
    (README.count("\n", 0, m.start(1)), m[1])
    for m in re.finditer(r"^```python\n(.*?)^```$", README, re.M | re.S)
    if ">>>" in m[1]
]


def test_docs_readme_has_examples() -> None:
    assert README_EXAMPLES


@pytest.mark.slow
@pytest.mark.parametrize(("line", "example"), README_EXAMPLES, ids=[f"line{n + 1}" for n, _ in README_EXAMPLES])
def test_docs_readme_example_runs(line: int, example: str) -> None:
    test = doctest.DocTestParser().get_doctest(example, {}, f"README.md:{line + 1}", str(REPO / "README.md"), line)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0, f"the README's example at line {line + 1} fails (above)"
