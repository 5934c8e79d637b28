"""``claimledger train attribution``: fine-tune the attribution tagger on PolNeAR (needs the ``train`` extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, TaskID

from claimledger.cli import console, err_console, friendly
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings

app = typer.Typer(help="Train models.", no_args_is_help=True)


@app.command("attribution")
@friendly
def attribution(
    out: Annotated[Path, typer.Option(help="Folder for units, checkpoints, log and the exported model.")],
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (train/ and dev/).")] = Path("../shared/data/polnear"),
    epochs: Annotated[int, typer.Option(min=1)] = 3,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option(min=0.0)] = 1e-4,
    seed: Annotated[int, typer.Option()] = 13,
    device: Annotated[str, typer.Option(help="cpu or cuda (default: cuda when available).")] = "",
    max_train_units: Annotated[int, typer.Option(min=0, help="Train on this many units only (0: all).")] = 0,
) -> None:
    """Fine-tune MiniLM as a source/cue/content tagger, keep the best epoch on dev, export int8 ONNX."""
    try:
        from claimledger.training.train import TrainConfig, export, train
    except ImportError as exc:
        raise ClaimledgerError(f"training needs the train extra (pip install 'claimledger[train]'): {exc}") from None
    from claimledger.evaluation.polnear import load_split
    from claimledger.training.data import labelled_units, load_units, save_units

    out.mkdir(parents=True, exist_ok=True)
    units = {}
    for split in ("train", "dev"):
        cached = out / f"units-{split}.jsonl"
        if not cached.is_file():
            docs = load_split(data, split)
            with Progress(console=err_console, transient=True) as bar:
                task = bar.add_task(f"parsing {split}", total=len(docs))

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    bar.update(task, completed=done, total=total)

                found = labelled_units(docs, Settings.from_env(), progress=advance)
            save_units(cached, docs, found)
        units[split] = load_units(cached)
    config = TrainConfig(
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
        device=device,
        max_train_units=max_train_units,
    )
    best = train(units["train"], units["dev"], out, config, progress=lambda line: err_console.print(line))
    target = export(out, best, f"PolNeAR {data.name}: train (first annotator per article), best epoch on dev")
    console.print(f"best epoch {best['epoch']}: dev exact F1 {json.dumps(best['dev_exact_f1'])}")
    console.print(f"model written to {target} (copy tagger.onnx, tokenizer.json, provenance.json to ship it)")
