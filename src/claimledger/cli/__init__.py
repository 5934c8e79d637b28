"""The ``claimledger`` command: one module per command, each a thin wrapper over the library."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from claimledger.cli.terminal import printable
from claimledger.errors import ClaimledgerError

app = typer.Typer(
    name="claimledger",
    help="Turn news articles into a ledger of attributed claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# markup off: article text, titles and paths are untrusted and may hold "[...]"; style with Text instead
console = Console(highlight=False, markup=False)
err_console = Console(stderr=True, highlight=False, markup=False)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(Text.assemble(("Error:", "bold red"), f" {printable(message)}"), soft_wrap=True)
    return typer.Exit(code)


def print_failure(origin: str, message: str, stage: str = "read") -> None:
    """One line per input that failed: ``failed ORIGIN [STAGE]: MESSAGE`` (stage: read, analyse or store)."""
    err_console.print(Text.assemble(("failed", "red"), printable(f" {origin} [{stage}]: {message}")), soft_wrap=True)


def friendly(fn: F) -> F:
    """Turn domain errors into one clear line and exit code 1 — never a traceback for a user mistake."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ClaimledgerError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


# Each command's module; a command line naming one imports only that module (start-up: a light command must not
# pay for the imports of every other). ``--help`` and anything not named here import them all.
COMMANDS = {
    "analyze": "analyze",
    "articles": "articles",
    "ingest": "ingest",
    "batch": "batch",
    "import-parquet": "batch",
    "show": "show",
    "copies": "copies",
    "claims": "claims",
    "trace": "claims",
    "timeline": "claims",
    "review": "review",
    "actors": "actors",
    "check": "check",
    "export": "export",
    "import": "export",
    "serve": "serve",
    "settings": "settings",
    "eval": "evaluate",
    "train": "train",
}
GROUPS = frozenset({"evaluate", "train"})


def register(only: str | None = None) -> None:
    """Add the commands to the app: all of them, or (``only``) those of one module of :data:`COMMANDS`."""
    import importlib

    names = dict.fromkeys(COMMANDS.values()) if only is None else {only: None}
    for name in names:
        module = importlib.import_module(f"claimledger.cli.{name}")
        if name in GROUPS:
            app.add_typer(module.app, name=next(k for k, v in COMMANDS.items() if v == name))
        else:
            module.register(app)


@app.callback()
def _group() -> None:
    # a callback keeps the app a group of commands when only one is registered (Typer runs a lone command as the
    # app itself)
    pass


def command_module(argv: list[str]) -> str | None:
    """The module of the command a command line names, or ``None`` when it names none (``--help``, a typo).

    >>> command_module(["articles", "--db", "x.db"]), command_module(["--help"]), command_module(["artcles"])
    ('articles', None, None)
    """
    return COMMANDS.get(argv[0]) if argv else None


def main() -> None:
    register(command_module(sys.argv[1:]))
    app()
