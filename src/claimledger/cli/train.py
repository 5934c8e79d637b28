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


@app.command("claims")
@friendly
def claims(
    out: Annotated[Path, typer.Option(help="Folder for the checkpoint, log and the exported model.")],
    data: Annotated[Path, typer.Option(help="The claim-pair corpora folder.")] = Path("../shared/data/claim-pairs"),
    epochs: Annotated[int, typer.Option(min=1)] = 3,
    batch_size: Annotated[int, typer.Option(min=1)] = 32,
    learning_rate: Annotated[float, typer.Option(min=0.0)] = 8e-5,
    seed: Annotated[int, typer.Option()] = 13,
    threads: Annotated[
        int, typer.Option(min=0, help="CPU threads for torch (0: all cores; on a shared CPU one is fastest).")
    ] = 1,
    max_train_pairs: Annotated[
        int, typer.Option(min=0, help="Train on this many pairs only, MRPC's first (0: all).")
    ] = 0,
    freeze_layers: Annotated[int, typer.Option(min=0, help="Keep the lowest encoder layers as shipped.")] = 0,
    max_steps: Annotated[int, typer.Option(min=0, help="At most this many steps per epoch (0: all).")] = 0,
    max_dev_pairs: Annotated[int, typer.Option(min=0, help="Score this many dev pairs only (0: all).")] = 0,
    layers: Annotated[
        int, typer.Option(min=1, max=6, help="Encoder layers kept, from the bottom (fewer: faster).")
    ] = 6,
    init: Annotated[
        Path | None, typer.Option(help="Go on from this best.pt of an earlier run (same --layers).")
    ] = None,
    polnear: Annotated[
        Path, typer.Option(help="The PolNeAR folder: pairs built from its train split are added.")
    ] = Path("../shared/data/polnear"),
    polnear_pairs: Annotated[
        int, typer.Option(min=0, help="Pairs of each kind built from PolNeAR train (0: none).")
    ] = 600,
    pairs: Annotated[
        list[Path] | None,
        typer.Option(
            help="Labelled pairs (JSON Lines, as eval claims reads them: tests/data/train_pairs.jsonl) added to the "
            "training pairs; repeatable. Never a file the evaluation scores."
        ),
    ] = None,
    pairs_repeat: Annotated[int, typer.Option(min=1, help="Each --pairs pair is shown this many times an epoch.")] = 2,
) -> None:
    """Fine-tune MiniLM as a "same claim?" cross-encoder, keep the best epoch on dev, export int8 ONNX."""
    try:
        from claimledger.training.claims import ClaimTrainConfig, export_claims, train_claims
    except ImportError as exc:
        raise ClaimledgerError(f"training needs the train extra (pip install 'claimledger[train]'): {exc}") from None
    from claimledger.evaluation.claim_pairs import labelled_pairs
    from claimledger.match.corpora import DEV_SPLITS, TRAIN_SPLITS, load_splits
    from claimledger.training.polnear_pairs import KINDS
    from claimledger.training.polnear_pairs import polnear_pairs as build_polnear

    if init is not None and not init.is_file():
        raise ClaimledgerError(f"no checkpoint at {init} (--init takes the best.pt of an earlier run)")
    train_pairs = load_splits(TRAIN_SPLITS, data)
    if polnear_pairs:
        train_pairs += build_polnear(polnear, per_kind=polnear_pairs, seed=seed)
    labelled = labelled_pairs(pairs or [])
    train_pairs += labelled * pairs_repeat
    dev_pairs = load_splits(DEV_SPLITS, data)
    if max_dev_pairs:
        dev_pairs = dev_pairs[:: max(1, len(dev_pairs) // max_dev_pairs)][:max_dev_pairs]
    config = ClaimTrainConfig(
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
        threads=threads,
        max_train_pairs=max_train_pairs,
        freeze_layers=freeze_layers,
        max_steps=max_steps,
        layers=layers,
        init=str(init or ""),
    )
    best = train_claims(train_pairs, dev_pairs, out, config, progress=lambda line: err_console.print(line))
    trained_on = {s: "mapped to same/different by claimledger.match.corpora" for s in TRAIN_SPLITS}
    if polnear_pairs:
        trained_on["polnear-train"] = f"{polnear_pairs} pairs of each kind ({', '.join(KINDS)}): training.polnear_pairs"
    for path in pairs or []:
        trained_on[path.name] = f"labelled pairs, each shown {pairs_repeat} times an epoch"
    provenance = {
        "train": trained_on,
        "dev": list(DEV_SPLITS),
        "held_out": "mrpc-dev is a fixed 15% of MRPC train's sentence clusters; PolNeAR dev and "
        "tests/data/claim_pairs.jsonl unused",
        "folder": data.name,
    }
    target = export_claims(out, best, provenance)
    figures = best["dev"]["all"]
    console.print(
        f"best epoch {best['epoch']}: dev F1 {figures['f1']:.3f}, accuracy {figures['accuracy']:.3f} "
        f"({best['dev_pairs']} pairs)"
    )
    console.print(f"model written to {target} (copy pair.onnx, tokenizer.json, provenance.json to ship it)")
