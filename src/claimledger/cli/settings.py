"""``claimledger settings``: every setting, its environment variable, default and help."""

from __future__ import annotations

import typer
from rich.table import Column, Table

from claimledger.cli import console
from claimledger.settings import Settings, default_db_path, describe


def settings() -> None:
    """List the settings (environment variables) and their current values (secrets masked)."""
    current = Settings.from_env()
    # the variable's name whole, to copy, however narrow the terminal
    table = Table(Column("variable", no_wrap=True), "default", "current", "help")
    for (variable, default, help_text), name in zip(describe(), vars(current), strict=True):
        shown = current.shown(name) or (str(default_db_path()) if name == "db" else "")
        table.add_row(variable, default or "—", shown, help_text)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(settings)
