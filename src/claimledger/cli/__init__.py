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


def register() -> None:
    from claimledger.cli import (
        actors,
        analyze,
        articles,
        batch,
        check,
        claims,
        copies,
        evaluate,
        export,
        ingest,
        review,
        serve,
        settings,
        show,
        train,
    )

    for module in (analyze, articles, ingest, batch, show, copies, claims, review, actors, check, export, serve,
                   settings):  # fmt: skip
        module.register(app)
    app.add_typer(evaluate.app, name="eval")
    app.add_typer(train.app, name="train")


def main() -> None:
    register()
    app()
