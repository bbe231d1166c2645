"""``quotewire extract --in docs.jsonl --out statements.jsonl``.

Reads lines ``{"doc_id", "text", ...}`` and writes ``{"doc_id", "statements": [...]}`` in
the gold format (with speaker_canonical, speaker_type, confidence), so any gold file
can score the output with ``quotewire eval``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)


def read_documents(path: Path, errors: list[str]) -> Iterator[tuple[str, str]]:
    """(doc_id, text) per valid line; each bad line adds a message to ``errors``."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {n}: not JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict):
                errors.append(f"line {n}: expected a JSON object, got {type(obj).__name__}")
                continue
            doc_id, text = obj.get("doc_id"), obj.get("text")
            if not isinstance(doc_id, (str, int)) or doc_id == "":
                errors.append(f"line {n}: missing or empty 'doc_id'")
                continue
            if not isinstance(text, str):
                errors.append(f"line {n} (doc_id {doc_id}): missing 'text' or not a string")
                continue
            yield str(doc_id), text


def extract_file(
    in_path: Path,
    out_path: Path,
    *,
    batch_size: int = 32,
    fast: bool = True,
    progress: Progress | None = None,
) -> tuple[int, int, list[str]]:
    """Extract every document of ``in_path`` into ``out_path``; returns (docs, statements, errors).

    ``errors`` holds a message per bad input line and per document the extractor failed on
    (that document gets no output line); neither stops the run."""
    from .extractor import Extractor

    errors: list[str] = []
    ex = Extractor(fast=fast).load()
    docs = list(read_documents(in_path, errors))
    task = progress.add_task("extracting", total=len(docs)) if progress else None
    n_stmts = 0
    with open(out_path, "w", encoding="utf-8") as out:
        texts = (t for _, t in docs)
        for (doc_id, _), stmts in zip(
            docs, ex.extract_many(texts, batch_size=batch_size, errors="return")
        ):
            if isinstance(stmts, Exception):  # one document's failure is reported, not fatal
                errors.append(
                    f"doc_id {doc_id}: extraction failed ({stmts}); no output line written"
                )
                if progress:
                    progress.advance(task)
                continue
            rows = [s.model_dump(mode="json") for s in stmts]
            n_stmts += len(rows)
            out.write(json.dumps({"doc_id": doc_id, "statements": rows}, ensure_ascii=False) + "\n")
            if progress:
                progress.advance(task)
    return len(docs), n_stmts, errors


def check_out_path(out_path: Path, in_path: Path | None = None) -> str | None:
    """Why ``out_path`` cannot be written (checked before the model loads), or None."""
    if out_path.is_dir():
        return f"{out_path} is a directory; give a file name"
    parent = out_path.parent if str(out_path.parent) else Path(".")
    if not parent.is_dir():
        return f"directory {parent} does not exist"
    if not os.access(parent, os.W_OK) or (out_path.exists() and not os.access(out_path, os.W_OK)):
        return f"{out_path} is not writable"
    if in_path is not None and out_path.exists() and out_path.resolve() == in_path.resolve():
        return "--out is the input file; it would be overwritten"
    return None


def extract_command(
    in_path: Annotated[
        Path,
        typer.Option(
            "--in", help="input JSONL: {doc_id, text, ...} per line", exists=True, dir_okay=False
        ),
    ],
    out_path: Annotated[
        Path, typer.Option("--out", help="output JSONL: {doc_id, statements} per line")
    ],
    batch_size: Annotated[int, typer.Option(help="nlp.pipe batch size", min=1)] = 32,
    full: Annotated[
        bool, typer.Option("--full", help="parse every sentence (no fast path)")
    ] = False,
) -> None:
    """Find statements (who said what) in a JSONL file of articles.

    Exit 1 when any input line or document was skipped."""
    problem = check_out_path(out_path, in_path)
    if problem:
        raise typer.BadParameter(problem, param_hint="'--out'")
    logging.getLogger("quotewire").setLevel(logging.ERROR)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        n_docs, n_stmts, errors = extract_file(
            in_path, out_path, batch_size=batch_size, fast=not full, progress=progress
        )
    for msg in errors:
        console.print(f"[red]skipped[/red] {escape(str(in_path))} {escape(msg)}")
    written = n_docs - sum(1 for e in errors if e.startswith("doc_id "))
    console.print(f"{written} documents, {n_stmts} statements written to {escape(str(out_path))}")
    if errors:
        console.print(
            f"[red]{len(errors)} bad input line(s) or failed document(s) skipped "
            "(see above); exit code 1[/red]"
        )
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        help="Extract statements from {doc_id, text} JSONL into {doc_id, statements} JSONL.",
    )(extract_command)
