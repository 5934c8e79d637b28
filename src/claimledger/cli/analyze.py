"""``claimledger analyze PATH``: analyse articles without a database."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from claimledger.cli import console, friendly, print_failure
from claimledger.cli.terminal import printable
from claimledger.records import to_dict
from claimledger.settings import Settings


@friendly
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full records as JSON Lines.")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date (ISO) for inputs that carry none.")] = None,
    show_text: Annotated[bool, typer.Option("--text", help="Also print the text, boilerplate dimmed.")] = False,
    extractor: Annotated[
        str | None, typer.Option(help="hybrid (rules + trained model), model or rules; default: the setting.")
    ] = None,
) -> None:
    """Analyse articles and print their attributions (nothing is stored)."""
    from claimledger.cli.render import print_article
    from claimledger.ingest import failure_message
    from claimledger.pipeline import Source, complete, prepare
    from claimledger.read import ReadFailure, read_inputs

    settings = Settings.from_env(extractor=extractor)
    failures = 0
    for item in read_inputs(paths, settings):
        if isinstance(item, ReadFailure):
            print_failure(item.origin, item.message)
            failures += 1
            continue
        try:
            source = Source.from_document(item)
            source.published = source.published or published
            article = next(complete([prepare(source)], settings=settings))
        except Exception as exc:  # one input's failure, whatever it is, fails it alone
            print_failure(item.origin, failure_message(exc), "analyse")
            failures += 1
            continue
        if as_json:
            typer.echo(json.dumps({"origin": item.origin, **to_dict(article)}, ensure_ascii=False))
        else:
            console.rule(printable(item.origin))
            print_article(article, show_text=show_text)
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(analyze)
