"""``claimledger export`` and ``claimledger import FILE``: the ledger out to other tools, and back in."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from claimledger.cli import err_console, fail, friendly
from claimledger.cli.common import DbOption, open_ledger, print_summary
from claimledger.cli.terminal import printable

FORMATS = ("jsonl", "csv", "claimreview", "graphml")
RECORDS = ("articles", "attributions", "actors", "claims")  # the record flags below, as claimledger.export has them


def _flag(what: str) -> object:
    return typer.Option(f"--{what}", help=f"Export the {what} (jsonl, csv).")


@contextlib.contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` when the block completes: never half a file."""
    part = out.with_name(f".{out.name}.part")
    try:
        yield part
        os.replace(part, out)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        part.unlink(missing_ok=True)


@contextlib.contextmanager
def _text_output(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    with _atomic(out) as part, part.open("w", encoding="utf-8", newline="") as handle:
        yield handle


@friendly
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv, claimreview or graphml.")] = "jsonl",
    articles: Annotated[bool, _flag("articles")] = False,
    attributions: Annotated[bool, _flag("attributions")] = False,
    actors: Annotated[bool, _flag("actors")] = False,
    claims: Annotated[bool, _flag("claims")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the ledger: JSON Lines or CSV of one kind of record (default --articles), schema.org ClaimReview
    JSON-LD of the claims, or the provenance graph as GraphML (needs --out)."""
    from claimledger.export import export_claimreview, export_csv, export_graphml, export_jsonl

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}: choose {', '.join(FORMATS)}", 2)
    chosen = [w for w, on in zip(RECORDS, (articles, attributions, actors, claims), strict=True) if on]
    if len(chosen) > 1:
        raise fail(f"choose one of --{', --'.join(RECORDS)} (got --{' and --'.join(chosen)})", 2)
    if fmt == "claimreview" and chosen not in ([], ["claims"]):
        raise fail("--format claimreview exports the claims only", 2)
    if fmt == "graphml" and chosen:
        raise fail("--format graphml exports the whole provenance graph: drop --" + chosen[0], 2)
    if fmt == "graphml" and out is None:
        raise fail("--format graphml needs --out FILE", 2)
    ledger, _ = open_ledger(db)
    what = chosen[0] if chosen else "articles"
    if fmt == "graphml":
        assert out is not None
        with _atomic(out) as part:
            nodes, edges = export_graphml(ledger, part)
        err_console.print(f"{nodes} nodes, {edges} edges → {printable(str(out))}", soft_wrap=True)
        return
    with _text_output(out) as handle:
        if fmt == "jsonl":
            count = export_jsonl(ledger, handle, what)
        elif fmt == "csv":
            count = export_csv(ledger, handle, what)
        else:
            what, count = "claims", export_claimreview(ledger, handle)
    if out is not None:
        err_console.print(f"{count} {what} → {printable(str(out))}", soft_wrap=True)


@friendly
def import_(
    path: Annotated[
        str, typer.Argument(help="A JSON Lines export of articles (`claimledger export --articles`), or - for stdin.")
    ],
    db: DbOption = None,
) -> None:
    """Store the articles of a JSON Lines export (from `claimledger export --articles`) in the ledger; articles
    already stored are skipped, copies keep their originals and claims are linked as on ingest."""
    from claimledger.importer import import_jsonl

    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115 — closed below
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        ledger, settings = open_ledger(db)
        try:
            summary = import_jsonl(ledger, handle, settings=settings)
        except OSError as exc:
            raise fail(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        if handle is not sys.stdin:
            handle.close()
    print_summary(summary, settings.where)


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_)
