"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.settings import Settings
from claimledger.store import Ledger

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger: a SQLite file or a postgresql:// URL. Default: CLAIMLEDGER_DB or the per-user data folder.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def open_ledger(db: str | None) -> tuple[Ledger, Settings]:
    settings = Settings.from_env(db=db)
    return Ledger.open(settings.ledger), settings
