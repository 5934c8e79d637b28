"""Rich rendering of articles and attributions, shared by ``analyze`` and ``show``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from claimledger.cli import console
from claimledger.cli.terminal import printable
from claimledger.records import Article, Attribution, Span


def _depth(attributions: list[Attribution], index: int) -> int:
    depth, parent = 0, attributions[index].parent
    while parent is not None and depth < 10:
        depth, parent = depth + 1, attributions[parent].parent
    return depth


def _span(span: Span | None) -> str:
    return span.text if span is not None else "—"


def meaning(a: Attribution) -> str:
    """Hedges, verification, quantities, places and dates of one attribution, compactly."""
    parts = [f"{h.text} ({h.strength})" for h in a.hedges]
    if a.verification:
        by = f" by {a.verification.by.name}" if a.verification.by else ""
        parts.append(f"{a.verification.status}{by}")
    parts += [q.text for q in a.quantities]
    parts += [f"@{p.name}" for p in a.places]
    parts += [f"{d.text}={d.value}" for d in a.dates]
    return "; ".join(parts)


def _text(article: Article) -> Text:
    """The article's text, boilerplate dimmed and struck through, control characters escaped (not raw)."""
    text, done = Text(), 0
    for region in sorted(article.boilerplate, key=lambda b: b.start):
        if region.start > done:
            text.append(printable(article.text[done : region.start], newlines=True))
        if region.end > done:
            text.append(printable(article.text[max(done, region.start) : region.end], newlines=True), "dim strike")
            done = region.end
    text.append(printable(article.text[done:], newlines=True))
    return text


def language(article: Article) -> str | None:
    """The article's language as the faces show it: "en (0.99)", with the detector's confidence."""
    meta = article.metadata
    if meta.language is None:
        return None
    return (
        f"{meta.language} ({meta.language_confidence:.2f})" if meta.language_confidence is not None else meta.language
    )


def print_article(article: Article, *, show_text: bool = False) -> None:
    from claimledger.clean import headline  # its ~90 patterns only where an article is printed, not for --help

    meta = article.metadata
    title = headline(meta.title, article.text)
    console.print(Text(printable(title or "(untitled)"), style="bold"), soft_wrap=True)
    details = [
        f"{name}: {value}"
        for name, value in (
            ("author", meta.author),
            ("site", meta.site),
            ("published", meta.published),
            ("url", meta.url),
            ("language", language(article)),
            ("additional sources", ", ".join(meta.additional_sources)),
        )
        if value
    ]
    if details:
        console.print(printable("  ".join(details)), style="dim", soft_wrap=True)
    if article.not_analysed:
        console.print(printable(f"not analysed: {article.not_analysed}"), style="bold yellow", soft_wrap=True)
    if article.original_publisher:
        console.print(printable(f"likely original publisher: {article.original_publisher.name}"), style="dim")
    for note in article.verification_notes:
        author = note.author.name if note.author else "the publisher"
        console.print(
            printable(f"verification note by {author}: “{note.note.text}”")
            + f" ({note.status}; {len(note.scope)} attributions)",
            style="dim",
            soft_wrap=True,
        )
    if show_text:
        console.print(_text(article))
    if article.boilerplate:
        console.print(
            printable("boilerplate: " + "; ".join(f"{b.reason} “{b.text[:40]}”" for b in article.boilerplate)),
            style="dim",
            soft_wrap=True,
        )
    structure = [h for h in article.headings if h.kind != "title"]
    if structure:
        console.print(
            printable("headings: " + "; ".join(f"{h.kind} “{h.text[:40]}”" for h in structure)),
            style="dim",
            soft_wrap=True,
        )
    table = Table(title=f"{len(article.attributions)} attributions", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("source", ratio=2, min_width=10)
    table.add_column("cue", ratio=1, min_width=6)
    table.add_column("content", ratio=5, min_width=20)
    table.add_column("kind", no_wrap=True)
    table.add_column("chain", ratio=1)
    table.add_column("meaning", ratio=2)
    for i, a in enumerate(article.attributions):
        indent = "  " * _depth(article.attributions, i) + ("↳ " if a.parent is not None else "")
        source = _span(a.source)
        if a.actor and a.actor.name not in source:
            source = f"{source} ({a.actor.name})"
        if a.actor:
            source += f" [{a.actor.type}]"
        cells = [
            str(i + 1),
            indent + source,
            _span(a.cue),
            " … ".join(s.text for s in a.content),
            a.kind,
            ", ".join(f"{s.text} [{s.actor.type}]" if s.actor else s.text for s in a.chain),
            meaning(a),
        ]
        table.add_row(*(Text(printable(c)) for c in cells))  # Text, not markup: article text is untrusted
    console.print(table)
