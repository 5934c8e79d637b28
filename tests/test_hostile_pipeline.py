"""Hostile input to the analysis: huge paragraphs, a document whose analysis raises. One ingest run, through the
real CLI: each bad document is stored or fails alone with one line, its batch-mates are stored, spans index the
text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.ledger.store import Ledger
from claimledger.nlp import load_nlp
from claimledger.settings import Settings

GOOD = "Flood waters rose overnight\n\nThe river rose by two metres, the mayor said.\n"
CLAIM = "The mayor said the bridge would reopen on Monday. "
MARKER = "detonator-7f3a"  # a paragraph holding it makes the test's spaCy component raise


@Language.component("hostile_test_exploder")
def _exploder(doc: Doc) -> Doc:
    """A pipeline component that fails on one input, as a buggy model or a plugin would."""
    if MARKER in doc.text:
        raise RuntimeError(f"component choked on {MARKER}")
    return doc


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One `claimledger ingest` of a folder: a 1.1 MB single line of words with no sentence end (a paragraph
    over spaCy's limit), a document that makes the pipeline raise, and good files around them (one batch)."""
    from typer.testing import CliRunner

    from claimledger.cli import app, register

    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "in"
    inputs.mkdir()
    words = " ".join(f"lengthyword{i % 97:02d}" * 4 for i in range(1_100_000 // 50))  # over spaCy's limit
    files = {
        "a_good.txt": GOOD,
        "c_one_line.txt": CLAIM + words,
        "d_explodes.txt": f"Harbour news today\n\nThe harbour reopened, {MARKER} officials said.\n",
        "e_good.txt": "Storm warning issued\n\nA storm will reach the coast tonight, forecasters said.\n",
        "f_many_lines.txt": "He said yes.\n" * 200_000,  # 2.6 MB: under the byte limit, over the paragraph limit
    }
    for name, text in files.items():
        (inputs / name).write_text(text, encoding="utf-8")
    assert len(files["c_one_line.txt"]) > 1_000_000
    nlp = load_nlp(Settings())
    nlp.add_pipe("hostile_test_exploder", last=True)
    register()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CLAIMLEDGER_EXTRACTOR", "rules")  # the trained tagger would only add minutes here
            result = CliRunner().invoke(app, ["ingest", str(inputs), "--db", str(root / "ledger.db")])
    finally:
        nlp.remove_pipe("hostile_test_exploder")
    yield {"result": result, "inputs": inputs, "ledger": Ledger.open(root / "ledger.db")}


def test_the_failing_documents_fail_alone_with_their_stage(run: dict[str, Any]) -> None:
    result, inputs = run["result"], run["inputs"]
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert lines == [f"failed {inputs / 'd_explodes.txt'} [analyse]: analysis failed: RuntimeError: component "
                     f"choked on {MARKER}",
                     f"failed {inputs / 'f_many_lines.txt'} [analyse]: too many paragraphs: 200,000 (limit 10,000; "
                     "setting CLAIMLEDGER_MAX_PARAGRAPHS)"]  # fmt: skip
    assert "Traceback" not in result.output
    assert "read 5, new 3 (0 copies), duplicates 0, failed 2" in result.stdout


def test_huge_paragraphs_and_batch_mates_are_stored(run: dict[str, Any]) -> None:
    stored = sorted(Path(a.origin).name for a in run["ledger"].articles())
    assert stored == ["a_good.txt", "c_one_line.txt", "e_good.txt"]


def test_spans_of_huge_paragraphs_index_the_text(run: dict[str, Any]) -> None:
    ledger: Ledger = run["ledger"]
    for summary in ledger.articles():
        stored = ledger.get(summary.id)
        assert stored is not None
        article = stored.article
        spans = [s for a in article.attributions for s in a.spans()]
        assert spans, summary.origin
        for span in spans:
            assert article.text[span.start : span.end] == span.text
        if Path(summary.origin).name != "a_good.txt" and Path(summary.origin).name != "e_good.txt":
            cues = [a.cue.start for a in article.attributions if a.cue is not None and a.cue.text == "said"]
            assert len(cues) >= 1  # the claim at the top of the huge line is found
