"""PolNeAR articles to labelled tagger units, parsed exactly as :func:`claimledger.analyze` parses them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from claimledger.evaluation.polnear import PolnearDoc, gold_fragments
from claimledger.nlp import load_nlp
from claimledger.parse import parse_articles
from claimledger.pipeline import Source, prepare
from claimledger.settings import Settings
from claimledger.tagger.units import Unit, label_units, paragraph_units


def labelled_units(
    docs: Sequence[PolnearDoc],
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> list[list[Unit]]:
    """Per document, its units with gold BIO labels."""
    nlp = load_nlp(settings)
    articles = [prepare(Source(d.text)) for d in docs]
    out: list[list[Unit]] = []
    for i, (doc, paragraphs) in enumerate(
        zip(docs, parse_articles(nlp, articles, settings.batch_size), strict=True), 1
    ):
        fragments = gold_fragments(doc)
        crossing = [f for role in fragments.values() for f in role]
        units = paragraph_units(paragraphs, gold=crossing)
        label_units(units, fragments)
        out.append(units)
        if progress is not None:
            progress(i, len(docs))
    return out


def save_units(path: Path, docs: Sequence[PolnearDoc], units: Sequence[Sequence[Unit]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for doc, doc_units in zip(docs, units, strict=True):
            for u in doc_units:
                f.write(
                    json.dumps({"doc": doc.name, "words": u.words, "offsets": u.offsets, "labels": u.labels}) + "\n"
                )


def load_units(path: Path) -> list[Unit]:
    units = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            units.append(Unit(row["words"], [tuple(o) for o in row["offsets"]], row["labels"]))
    return units
