"""``quotewire eval`` and ``quotewire bench``.

quotewire eval GOLD.jsonl [PRED.jsonl]   score PRED against GOLD; without PRED, run the
                                         quotewire extractor on GOLD's texts first
                                         (always beside the textacy baseline)
quotewire eval POLNEAR_DIR --split train score on a PolNeAR checkout, converted in memory
quotewire bench GOLD.jsonl ...           throughput vs bare nlp.pipe, F1, workers
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .io import InputError, read_jsonl

console = Console()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _load_gold(paths: list[Path]) -> list[dict]:
    docs: list[dict] = []
    for p in paths:
        try:
            docs.extend(read_jsonl(p, require=("doc_id", "text", "statements")))
        except (OSError, InputError) as exc:
            raise typer.BadParameter(str(exc)) from exc
    return docs


def _load_polnear(root: Path, split: str) -> list[dict]:
    from .polnear import PolnearError, load_split

    try:
        conv = load_split(root, split)
    except (OSError, PolnearError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    console.print(
        f"PolNeAR {split}: {conv.stats['docs']} articles, {conv.stats['statements']} attributions "
        f"-> {sum(len(d['statements']) for d in conv.docs)} gold statements (broken quotes split, "
        f"leading 'that' trimmed)"
    )
    return conv.docs


def eval_command(
    gold: Annotated[
        Path,
        typer.Argument(
            help="gold JSONL (doc_id, text, statements), or a PolNeAR checkout directory",
            exists=True,
        ),
    ],
    pred: Annotated[
        Path | None,
        typer.Argument(help="predictions JSONL (doc_id, statements); omit to run the extractor"),
    ] = None,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline/--no-baseline",
            help="also score the textacy baseline (its direct_quotations) for comparison",
        ),
    ] = True,
    full: Annotated[
        bool, typer.Option("--full", help="parse every sentence (no fast path)")
    ] = False,
    ner: Annotated[
        str, typer.Option(help="fast-path entity typing: hybrid, windows, rules or model")
    ] = "hybrid",
    errors: Annotated[int, typer.Option(help="print this many error cases")] = 0,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="write the scores as JSON here")
    ] = None,
    split: Annotated[
        str,
        typer.Option(help="PolNeAR split when GOLD is a PolNeAR checkout (develop on train only)"),
    ] = "train",
    errors_out: Annotated[
        Path | None,
        typer.Option(
            "--errors-out",
            help="write every error case (missed, spurious, speaker) as JSONL here; keep it out of git (e.g. .quotewire/)",
        ),
    ] = None,
) -> None:
    """Score statements against gold: content exact/lenient, e2e, e2e canonical, accuracies,
    recall on speech-act and headline statements."""
    from .report import comparison_table, confidence_table, print_errors
    from .runner import run_baseline, run_quotewire, score

    logging.getLogger("quotewire").setLevel(logging.ERROR)
    docs = _load_polnear(gold, split) if gold.is_dir() else _load_gold([gold])
    systems = {}
    with _progress() as progress:
        if pred is not None:
            try:
                rows = read_jsonl(pred, require=("doc_id", "statements"))
            except (OSError, InputError) as exc:
                raise typer.BadParameter(str(exc)) from exc
            preds = {r["doc_id"]: r["statements"] for r in rows}
            systems[pred.name] = score(docs, preds)
        else:
            from quotewire_attribution.extractor import EXTRACTOR_NAME, Extractor

            try:
                ex = Extractor(fast=not full, ner=ner).load()
            except ValueError as exc:
                raise typer.BadParameter(str(exc), param_hint="--ner") from exc
            extractor_failures: list[str] = []
            systems[EXTRACTOR_NAME] = score(
                docs, run_quotewire(docs, ex, progress=progress, failures=extractor_failures)
            )
        failures = 0
        if baseline:
            from .baseline import TextacyBaseline

            bl = TextacyBaseline()
            systems[bl.name] = score(docs, run_baseline(docs, bl, progress=progress))
            failures = bl.failures
    title = f"PolNeAR {split}" if gold.is_dir() else gold.name
    console.print(comparison_table(f"{title}: {len(docs)} docs", systems))
    if pred is None and extractor_failures:
        console.print(
            f"[red]the quotewire extractor failed on {len(extractor_failures)} of {len(docs)} "
            f"documents (scored as empty)[/red]"
        )
        for msg in extractor_failures:
            console.print(f"  {msg}")
    ours = next(iter(systems.values()))
    if ours.gold_canonical:  # precision at confidence is judged on canonical speakers
        console.print(confidence_table(ours))
    if baseline:
        console.print(
            f"textacy baseline raised on {failures} of {len(docs)} documents (scored as empty)"
        )
    if errors:
        print_errors(console, ours, errors)
    if errors_out:
        with open(errors_out, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(err, ensure_ascii=False) + "\n" for err in ours.errors)
    if json_out:
        json_out.write_text(json.dumps({k: v.as_dict() for k, v in systems.items()}, indent=2))


def bench_command(
    gold: Annotated[
        list[Path], typer.Argument(help="gold JSONL files whose texts are benchmarked", exists=True)
    ],
    articles: Annotated[
        int, typer.Option(help="number of articles (texts repeated as needed)")
    ] = 200,
    batch_size: Annotated[int, typer.Option(help="nlp.pipe batch size")] = 32,
    rounds: Annotated[
        int, typer.Option(help="interleaved timing rounds (the median ratio is printed)", min=1)
    ] = 3,
    workers: Annotated[
        bool, typer.Option("--workers/--no-workers", help="measure 1 vs 2 worker processes")
    ] = True,
) -> None:
    """Extraction throughput vs bare nlp.pipe (same process), F1 in the same run, worker scaling."""
    from .bench import run_bench

    logging.getLogger("quotewire").setLevel(logging.ERROR)
    gold_sets = {p.name: _load_gold([p]) for p in gold}
    run_bench(
        gold_sets,
        articles=articles,
        batch_size=batch_size,
        rounds=rounds,
        workers=workers,
        console=console,
    )


def register(app: typer.Typer) -> None:
    app.command(
        "eval",
        help="Score statements against gold (GOLD [PRED]); runs the extractor and the textacy baseline when PRED is omitted.",
    )(eval_command)
    app.command("bench", help="Throughput of the extractor vs bare nlp.pipe, F1, 1 vs 2 workers.")(
        bench_command
    )
