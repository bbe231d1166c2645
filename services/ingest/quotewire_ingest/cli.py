"""``quotewire ingest PATH...``: load seed text / JSONL files and send them.

A thin Typer wrapper: loading is :func:`quotewire_ingest.loaders.load_paths`, sending is
:mod:`quotewire_ingest.sender` (via the API by default, or ``--direct`` to Kafka with
the API's own :class:`~quotewire_ingest.publisher.Publisher`).
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from quotewire_ingest.loaders import load_paths
from quotewire_ingest.publisher import make_publisher
from quotewire_ingest.sender import Summary, send_direct, send_via_api
from quotewire_ingest.settings import IngestSettings

MAX_PROBLEM_ROWS = 50


def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Seed-format .txt files, .jsonl files of articles, or directories of them",
            show_default=False,
        ),
    ],
    api: Annotated[
        str | None,
        typer.Option(
            help="Ingest API base URL (default: $QW_INGEST_API, else http://localhost:8000)"
        ),
    ] = None,
    direct: Annotated[
        bool, typer.Option("--direct", help="Publish straight to Kafka ($QW_BOOTSTRAP_SERVERS)")
    ] = False,
    bootstrap_servers: Annotated[
        str | None, typer.Option(help="Kafka bootstrap servers for --direct")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="`source` of articles loaded from .txt files")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per request / send")] = 100,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for the API, or to connect to Kafka")
    ] = 30.0,
) -> None:
    """Load articles from files and send them to quotewire (exit 1 if any is not accepted)."""
    overrides = {"bootstrap_servers": bootstrap_servers} if bootstrap_servers else {}
    settings = IngestSettings(**overrides)
    console = Console(stderr=True)
    loaded = list(load_paths(paths, source=source))
    target = f"Kafka {settings.bootstrap_servers}" if direct else (api or settings.ingest_api)

    with Progress(
        TextColumn("[bold]ingest[/] → {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task(target, total=len(loaded))

        def advance(n: int) -> None:
            bar.advance(task, n)

        if direct:
            publisher = make_publisher(settings, client_id="ingest-cli")
            publisher.connect_attempt_s = min(publisher.connect_attempt_s, timeout)
            try:
                summary = send_direct(
                    loaded,
                    publisher,
                    batch_size=batch_size,
                    connect_timeout_s=timeout,
                    progress=advance,
                )
            finally:
                publisher.close()
        else:
            summary = send_via_api(
                loaded,
                api or settings.ingest_api,
                batch_size=batch_size,
                timeout_s=timeout,
                progress=advance,
            )
    print_summary(summary, Console())
    if not summary.ok:
        raise typer.Exit(1)


def print_summary(summary: Summary, console: Console) -> None:
    totals = Table(title="quotewire ingest", show_header=True)
    for name in ("accepted", "rejected", "failed"):
        totals.add_column(name, justify="right")
    totals.add_row(*(str(summary.count(s)) for s in ("accepted", "rejected", "failed")))
    console.print(totals)
    problems = [r for r in summary.results if r.status != "accepted"]
    if not problems:
        return
    table = Table(title="not accepted", show_lines=False)
    table.add_column("status")
    table.add_column("origin", overflow="fold")
    table.add_column("reason", overflow="fold")
    for r in problems[:MAX_PROBLEM_ROWS]:
        table.add_row(r.status, r.origin, r.reason or "")
    if len(problems) > MAX_PROBLEM_ROWS:
        table.caption = f"... and {len(problems) - MAX_PROBLEM_ROWS} more"
    console.print(table)


def register(app: typer.Typer) -> None:
    """Entry point ``quotewire.cli``: adds ``quotewire ingest``."""
    app.command("ingest")(ingest)
