"""``claimledger train attribution`` end to end on a tiny PolNeAR-shaped corpus, on the CPU."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the train extra is not installed")

TEXTS = [
    "The mayor said that the bridge is safe.\n\nEngineers warned of cracks, officials said.\n",
    '"We will rebuild," the governor told reporters.\n\nThe council believes taxes must rise.\n',
]


def _write_split(root: Path, split: str) -> None:
    (root / split / "text").mkdir(parents=True)
    (root / split / "attributions").mkdir(parents=True)
    for i, text in enumerate(TEXTS):
        name = f"{split}-{i}"
        (root / split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, events = [], []
        for role, phrase in _gold(i):
            start = text.index(phrase)
            n = len(lines) + 1
            lines.append(f"T{n}\t{role} {start} {start + len(phrase)}\t{phrase}")
            events.append(f"{role}:T{n}")
        lines.append("E1\tAttribution:T1 " + " ".join(events[:3]))
        (root / split / "attributions" / f"{name}_annotator1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _gold(i: int) -> list[tuple[str, str]]:
    if i == 0:
        return [("Source", "The mayor"), ("Cue", "said"), ("Content", "that the bridge is safe.")]
    return [("Source", "the governor"), ("Cue", "told"), ("Content", '"We will rebuild,"')]


@pytest.mark.slow
def test_train_attribution_writes_a_model_that_analyze_can_use(cli, tmp_path: Path, monkeypatch) -> None:
    data, out = tmp_path / "polnear", tmp_path / "model"
    _write_split(data, "train")
    _write_split(data, "dev")
    result = cli("train", "attribution", "--data", str(data), "--out", str(out), "--epochs", "2", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "best epoch" in result.output
    log = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [line["epoch"] for line in log] == [1, 2]
    assert set(log[0]["dev_exact_f1"]) == {"source", "cue", "content"}
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["config"]["seed"] == 13 and provenance["device"] in ("cpu", "cuda")
    assert (out / "tagger.onnx").stat().st_size < 60 * 1024 * 1024
    monkeypatch.setenv("CLAIMLEDGER_TAGGER_MODEL", str(out))
    result = cli("analyze", "-", "--json", "--extractor", "model", input=TEXTS[0])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    for a in article["attributions"]:
        for span in [a["source"], a["cue"], *a["content"]]:
            if span:
                assert TEXTS[0][span["start"] : span["end"]] == span["text"]


def test_train_without_data_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("train", "attribution", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "PolNeAR 'train' split not found" in result.output
