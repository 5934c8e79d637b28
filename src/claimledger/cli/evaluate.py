"""``claimledger eval …``: quality measured against gold sets (extraction benchmark, PolNeAR)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, TaskID
from rich.table import Table

from claimledger.cli import console, err_console, friendly

app = typer.Typer(help="Measure quality against gold sets.", no_args_is_help=True)

DEFAULT_SHARED = Path("../shared/data")


@app.command("extraction")
@friendly
def extraction(
    path: Annotated[
        Path, typer.Argument(help="The article-extraction-benchmark folder (html/ and ground-truth.json).")
    ] = DEFAULT_SHARED / "article-extraction-benchmark",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Token-level precision, recall and F1 of the extracted article body."""
    from claimledger.evaluation.extraction import evaluate_extraction

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("extracting", total=None)
        report = evaluate_extraction(path, progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    table = Table("documents", "failed", "precision", "recall", "F1", title="article body extraction")
    table.add_row(
        str(report.n_documents),
        str(report.n_failed),
        f"{report.precision:.3f}",
        f"{report.recall:.3f}",
        f"{report.f1:.3f}",
    )
    console.print(table)


@app.command("polnear")
@friendly
def polnear(
    split: Annotated[str, typer.Option(help="dev or train (the test split is held back).")] = "dev",
    data: Annotated[Path, typer.Option(help="The PolNeAR folder.")] = DEFAULT_SHARED / "polnear",
    extractor: Annotated[
        list[str] | None,
        typer.Option(help="hybrid, model or rules; repeat to compare (default: the setting, hybrid)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Precision, recall and F1 per role (source, cue, content), exact and overlap match."""
    from rich.progress import track

    from claimledger.evaluation.polnear import load_split, score
    from claimledger.pipeline import Source, analyze_many
    from claimledger.settings import Settings

    docs = load_split(data, split)
    reports = {}
    for name in extractor or [Settings.from_env().extractor]:
        settings = Settings.from_env(extractor=name)
        articles = analyze_many((Source(d.text) for d in docs), settings=settings)
        predictions = [a.attributions for a in track(articles, total=len(docs), description=name, console=err_console)]
        reports[name] = score(docs, predictions)
    if as_json:
        single = len(reports) == 1
        payload = next(iter(reports.values())).to_dict() if single else {n: r.to_dict() for n, r in reports.items()}
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(
        "extractor",
        "role",
        "exact P",
        "exact R",
        "exact F1",
        "overlap P",
        "overlap R",
        "overlap F1",
        title=f"PolNeAR {split}: {len(docs)} documents",
    )
    for name, report in reports.items():
        result = report.to_dict()["roles"]
        for role in ("source", "cue", "content"):
            ex, ov = result[role]["exact"], result[role]["overlap"]
            table.add_row(
                name,
                role,
                *(
                    f"{100 * v:.1f}"
                    for v in (ex["precision"], ex["recall"], ex["f1"], ov["precision"], ov["recall"], ov["f1"])
                ),
            )
    console.print(table)


@app.command("copies")
@friendly
def copies(
    examples: Annotated[Path, typer.Option(help="Originals: a folder of articles.")] = Path("examples"),
    distractors: Annotated[
        list[str] | None, typer.Option("--distractors", help="Unrelated articles (files or folders), repeatable.")
    ] = None,
    variants: Annotated[int, typer.Option(help="Copies generated per original and kind of edit.")] = 4,
    seed: Annotated[int, typer.Option(help="Random seed of the edits.")] = 13,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Precision and recall of copy detection on copies generated from the examples with controlled edits."""
    from claimledger.evaluation.copies import evaluate_copies, texts_of
    from claimledger.settings import Settings

    settings = Settings.from_env()
    originals = texts_of([str(examples)], settings)
    others = texts_of(distractors or [], settings)
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("copies", total=None)
        report = evaluate_copies(
            originals,
            others,
            variants=variants,
            seed=seed,
            settings=settings,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    table = Table("edit", "copies", "found", title="copy detection by kind of edit")
    for kind, (n, found) in report.per_edit.items():
        table.add_row(kind, str(n), str(found))
    console.print(table)
    console.print(
        f"originals {report.originals}, distractors {report.distractors}, copies {report.copies}: "
        f"precision {report.precision:.3f}, recall {report.recall:.3f} "
        f"(threshold {settings.copy_threshold}, LSH {settings.copy_lsh_threshold})"
    )


@app.command("claims")
@friendly
def claim_pairs(
    pairs: Annotated[
        list[str] | None,
        typer.Option(
            help="Labelled pairs: a JSON Lines file (a, b, same, kind) or a shared dev split "
            "(mrpc-dev, stsb-dev, sick-trial, or dev for the three); repeat to score several."
        ),
    ] = None,
    data: Annotated[Path, typer.Option(help="The claim-pair corpora folder.")] = DEFAULT_SHARED / "claim-pairs",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with the misjudged pairs).")] = False,
) -> None:
    """Precision, recall, F1 and accuracy of "same claim" (the ledger's own decision) on labelled pairs."""
    from claimledger.evaluation.claim_pairs import evaluate_pairs, load_named, load_pairs
    from claimledger.ledger.claims import matcher
    from claimledger.settings import Settings

    settings = Settings.from_env()
    reports = {}
    for name in pairs or ["tests/data/claim_pairs.jsonl"]:
        labelled = load_pairs(Path(name)) if Path(name).is_file() or name.endswith(".jsonl") else load_named(name, data)
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task(name, total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            reports[name] = evaluate_pairs(labelled, settings, progress=advance)
    if as_json:
        single = len(reports) == 1
        payload = next(iter(reports.values())).to_dict() if single else {n: r.to_dict() for n, r in reports.items()}
        typer.echo(json.dumps(payload, indent=2))
        return
    for name, report in reports.items():
        table = Table("kind of pair", "pairs", "judged right", title=f"same claim? ({name})")
        for kind, (n, right) in sorted(report.per_kind.items()):
            table.add_row(kind, str(n), f"{right} ({right / n:.0%})")
        console.print(table)
        console.print(
            f"{name} ({matcher()} matcher): {report.pairs} pairs: precision {report.precision:.3f}, "
            f"recall {report.recall:.3f}, F1 {report.f1:.3f}, accuracy {report.accuracy:.3f}"
        )


POLNEAR_HELP = (
    "The PolNeAR folder: the gold's articles from dev/, test/ or train/text, their publishers from metadata.tsv."
)
PolnearFolder = Annotated[Path, typer.Option(help=POLNEAR_HELP)]  # the corpus the ledger evaluations ingest


@app.command("actors")
@friendly
def actors(
    gold: Annotated[
        Path, typer.Option(help="Actor gold (JSON Lines: PolNeAR dev source mentions and their actors).")
    ] = Path("tests/data/actors_gold.jsonl"),
    data: PolnearFolder = DEFAULT_SHARED / "polnear",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (with per-article figures and the misjudged mentions).")
    ] = False,
    errors: Annotated[
        bool, typer.Option("--errors", help="Also list every misjudged mention: its text, gold actor, the ledger's.")
    ] = False,
) -> None:
    """Actors against the gold: right actor per mention, type, actors per real entity, wrong merges.

    The gold's articles are ingested into a temporary ledger through the same path as ``claimledger ingest``.
    """
    from claimledger.evaluation.actors import evaluate_actors, load_gold
    from claimledger.settings import Settings

    mentions = load_gold(gold)
    articles = len({m.article for m in mentions})
    with _ingesting(articles) as progress:
        report = evaluate_actors(mentions, data, Settings.from_env(), progress=progress)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    table = Table("figure", "value", "over", title=f"actors: {report.mentions} gold mentions in {articles} articles")
    table.add_row("coverage (mentions given an actor)", f"{report.coverage:.3f}", f"{report.scored} mentions")
    table.add_row("mentions no attribution overlaps", str(report.unattributed), f"{report.scored} mentions")
    table.add_row("mention accuracy (right actor)", f"{report.mention_accuracy:.3f}", f"{report.scored} mentions")
    table.add_row(
        "resolution accuracy (of mentions extracted)",
        f"{report.resolution_accuracy:.3f}",
        f"{report.scored - report.unattributed} mentions",
    )
    table.add_row("type accuracy", f"{report.type_accuracy:.3f}", f"{report.scored} mentions")
    table.add_row("actors per entity", f"{report.actors_per_entity:.3f}", f"{report.entities} entities")
    table.add_row(
        "entities resolved to one actor", f"{report.single_actor_share:.3f}", f"{report.multi_entities} met twice"
    )
    table.add_row(
        f"wrong merges in the top {report.top}", str(report.wrong_merges_top), f"{len(report.wrong_merges)} in all"
    )
    table.add_row("spokespersons' organisation", str(report.speaks_for_right), f"{report.speaks_for} mentions")
    table.add_row("non-actors given no actor", str(report.not_actor_rejected), f"{report.not_actor} mentions")
    console.print(table)
    if report.split:
        split = Table("entity", "actors (mentions)", title="entities split worst")
        for s in report.split[:10]:
            split.add_row(s["entity"], ", ".join(f"{a['name']} ({a['mentions']})" for a in s["actors"]))
        console.print(split)
    if report.wrong_merges:
        merges = Table("actor", "attributions", "gold entities (mentions)", title="wrong merges, most cited first")
        for w in report.wrong_merges[:10]:
            merges.add_row(
                w["actor"], str(w["attributions"]), ", ".join(f"{e['entity']} ({e['mentions']})" for e in w["entities"])
            )
        console.print(merges)
    if errors:
        listing = Table("article", "mention", "gold", "ledger", "why", title="misjudged mentions")
        for article, page in report.per_article.items():
            for m in page["misjudged"]:
                actor = m["actor"]
                listing.add_row(
                    article,
                    f"{m['text'][:60]} @{m['start']}",
                    f"{m['entity']} ({m['type']}{', generic' if m['generic'] else ''})",
                    "—" if actor is None else f"{actor['name']} ({actor['type']})",
                    "; ".join(m["problems"]),
                )
        console.print(listing)
    console.print(
        f"{report.ambiguous} ambiguous mentions left out; --errors lists the misjudged mentions, --json each article's"
    )
    console.print(_metadata_line(report.metadata))


@app.command("furniture")
@friendly
def furniture(
    gold: Annotated[
        Path, typer.Option(help="Labelled lines (JSON Lines: source, doc, line, occurrence, label).")
    ] = Path("tests/data/furniture_gold.jsonl"),
    data: Annotated[Path, typer.Option(help="The shared data folder (the benchmark and PolNeAR).")] = DEFAULT_SHARED,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with the misjudged lines).")] = False,
) -> None:
    """Precision and recall of the furniture and heading marks on labelled lines of real pages."""
    from claimledger.evaluation.furniture import evaluate_furniture, load_gold

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("pages", total=None)
        report = evaluate_furniture(
            load_gold(gold), data, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    table = Table("mark", "labelled", "marked", "right", "precision", "recall", title="furniture and headings")
    for mark, score in report.marks.items():
        table.add_row(
            mark,
            str(score.gold),
            str(score.predicted),
            str(score.correct),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
        )
    console.print(table)
    console.print(f"{report.lines} labelled lines from {report.documents} pages; {len(report.misjudged)} misjudged")


@app.command("claimhood")
@friendly
def claimhood(
    gold: Annotated[
        Path,
        typer.Option(help="Labelled contents (JSON Lines: doc, start, end, text, claim, why)."),
    ] = Path("tests/data/claimhood_gold.jsonl"),
    data: Annotated[Path, typer.Option(help="The shared data folder (PolNeAR and the benchmark).")] = DEFAULT_SHARED,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with the misjudged contents).")] = False,
) -> None:
    """What counts as a claim: precision and recall of "not a claim" on contents labelled by hand.

    The gold's documents are ingested into a temporary ledger through the same path as ``claimledger ingest``.
    """
    from claimledger.evaluation.claimhood import evaluate_claimhood, load_gold

    items = load_gold(gold)
    with err_console.status(f"ingesting {len({i.doc for i in items})} documents"):
        report = evaluate_claimhood(items, data)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    table = Table("labelled as", "contents", "judged right", title=f"what counts as a claim ({gold})")
    for why, row in sorted(report.per_why.items()):
        table.add_row(why, str(row["labelled"]), f"{row['right']} ({row['right'] / row['labelled']:.0%})")
    console.print(table)
    console.print(
        f"{report.contents} contents from {report.documents} documents: not a claim precision "
        f"{report.precision:.3f}, recall {report.recall:.3f}, F1 {report.f1:.3f}; claims kept {report.claims_kept:.3f}"
        + (f"; {report.unmatched} spans no stored content overlaps" if report.unmatched else "")
    )


@app.command("clusters")
@friendly
def clusters(
    gold: Annotated[
        Path, typer.Option(help="Cluster gold (JSON Lines: statements asserted in several PolNeAR dev articles).")
    ] = Path("tests/data/clusters_gold.jsonl"),
    data: PolnearFolder = DEFAULT_SHARED / "polnear",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (with each statement's claims and origins, and mixed claims).")
    ] = False,
) -> None:
    """Claims against the gold: pairwise and B-cubed F1 over its mentions, coverage, hard negatives, origins.

    The gold's articles are ingested into a temporary ledger through the same path as ``claimledger ingest``.
    """
    from claimledger.evaluation.clusters import evaluate_clusters, load_gold
    from claimledger.ledger.claims import matcher
    from claimledger.settings import Settings

    loaded = load_gold(gold)
    articles = len(loaded.articles())
    with _ingesting(articles) as progress:
        report = evaluate_clusters(loaded, data, Settings.from_env(), progress=progress)
    if as_json:
        typer.echo(json.dumps({"matcher": matcher(), **report.to_dict()}, indent=2, ensure_ascii=False))
        return
    table = Table(
        "figure",
        "value",
        "over",
        title=f"claims ({matcher()} matcher): {report.statements} statements, {report.mentions} mentions "
        f"in {articles} articles",
    )
    table.add_row("coverage (mentions held as attributions)", f"{report.coverage:.3f}", f"{report.mentions} mentions")
    table.add_row("mentions in a claim", f"{report.clustered_share:.3f}", f"{report.mentions} mentions")
    table.add_row(
        "pairwise P / R / F1",
        f"{report.pairwise_precision:.3f} / {report.pairwise_recall:.3f} / {report.pairwise_f1:.3f}",
        f"{report.pairs} pairs",
    )
    table.add_row(
        "B-cubed P / R / F1",
        f"{report.bcubed_precision:.3f} / {report.bcubed_recall:.3f} / {report.bcubed_f1:.3f}",
        f"{report.mentions} mentions",
    )
    table.add_row("hard negatives kept out", f"{report.negatives_clean:.3f}", f"{report.negatives} mentions")
    table.add_row("independent origins exact", f"{report.origins_exact:.3f}", f"{report.statements} statements")
    if report.disputes:
        d = report.disputes
        table.add_row("disputes linked", f"{d['linked']} of {d['gold']}", f"{d['links']} dispute links in the ledger")
    console.print(table)
    worst = Table("statement", "claims (mentions)", "origins: gold / ledger", title="statements")
    for s in report.per_statement:
        claims = ", ".join(f"#{c['claim']} ({c['mentions']})" for c in s["claims"]) or "none"
        worst.add_row(
            s["id"],
            claims,
            f"{s['origins']['gold']} / {s['origins']['ledger'] if s['origins']['ledger'] is not None else '-'}",
        )
    console.print(worst)
    console.print(f"{len(report.mixed)} claims mix statements; --json names each claim's origins and statements")
    console.print(_metadata_line(report.metadata))


@contextmanager
def _ingesting(articles: int) -> Iterator[Callable[[int], None]]:
    """A progress bar over the gold's articles as the evaluation ingests them; yields its ``progress(done)``."""
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("ingesting the gold's articles", total=articles)
        yield lambda done: bar.update(task, completed=done)


def _metadata_line(path: str | None) -> str:
    """Whether the gold's articles were ingested with the corpus' metadata file (publishers, dates, authors)."""
    if path is None:
        return "no metadata file beside the corpus: each plain-text article is its own publisher"
    return f"articles ingested with their publisher, date, author and title from {path}"
