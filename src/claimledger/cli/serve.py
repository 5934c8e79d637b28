"""``claimledger serve``: the web ledger and its JSON API."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli import console, friendly
from claimledger.cli.common import DbOption
from claimledger.settings import Settings


@friendly
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the ledger in a browser (HTML pages with JSON twins; the API listed at /api, from /openapi.json)."""
    import uvicorn

    from claimledger.web import create_app

    settings = Settings.from_env(db=db)
    app = create_app(settings)
    mode = "ingest allowed with the token" if settings.web_token else "read-only"
    console.print(f"claimledger: open http://{host}:{port}/ ({mode}; Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
