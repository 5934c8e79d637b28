"""``claimledger settings``: every setting, its environment variable, default and help."""

from __future__ import annotations

import typer
from rich.table import Table

from claimledger.cli import console
from claimledger.settings import Settings, default_db_path, describe


def settings() -> None:
    """List the settings (environment variables) and their current values."""
    current = Settings.from_env()
    table = Table("variable", "default", "current", "help")
    for (variable, default, help_text), value in zip(describe(), vars(current).values(), strict=True):
        table.add_row(variable, default or "—", str(value) or str(default_db_path()), help_text)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(settings)
