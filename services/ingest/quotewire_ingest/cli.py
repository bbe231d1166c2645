"""``quotewire ingest PATH...``: load seed text / JSONL files and send them.

A thin Typer wrapper: loading is :func:`quotewire_ingest.sources.load_paths`, sending is
:mod:`quotewire_ingest.sender` (via the API by default, or ``--direct`` to Kafka with
the API's own :class:`~quotewire_ingest.publisher.Publisher`).
"""

import logging
from pathlib import Path
from typing import Annotated

import typer
from quotewire_common.auth import ApiClientSettings
from quotewire_common.outbound import OutboundPolicy
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from quotewire_ingest.formats import FORMATS, normalise
from quotewire_ingest.loaders import Loaded
from quotewire_ingest.publisher import make_publisher
from quotewire_ingest.sender import (
    DEFAULT_ATTEMPTS,
    MAX_RETRY_WAIT_S,
    Summary,
    send_direct,
    send_via_api,
)
from quotewire_ingest.service import text_limit_error
from quotewire_ingest.settings import IngestSettings
from quotewire_ingest.sources import load_paths
from quotewire_ingest.urls import UrlError, article_from_url

MAX_PROBLEM_ROWS = 50
#: Default wait for a Kafka broker with --direct (kafka-python's own default is 30 s).
DEFAULT_CONNECT_TIMEOUT_S = 5.0


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=".txt seed-text files, .json / .jsonl / .ndjson files, feeds "
            "(.xml/.rss/.atom), web pages (.html), directories of them (searched "
            "recursively), or http(s) URLs of article pages",
            show_default=False,
        ),
    ],
    api: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Ingest API base URL (env: QW_INGEST_API; default http://localhost:8000)",
        ),
    ] = None,
    direct: Annotated[
        bool, typer.Option("--direct", help="Publish straight to Kafka instead of the API")
    ] = False,
    bootstrap_servers: Annotated[
        str | None,
        typer.Option(
            metavar="HOST:PORT",
            help="Kafka bootstrap servers for --direct "
            "(env: QW_BOOTSTRAP_SERVERS; default localhost:9092)",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(help="`source` of articles whose file names none (.txt files, feeds, ...)"),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="Format of the .json files: article (default), ninjs, wordpress, ans, feed "
            "(JSON Feed). .xml/.rss/.atom files are always feeds, .html/.htm web pages",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per request / send")] = 100,
    timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds to wait for each ingest API request"),
    ] = 30.0,
    connect_timeout: Annotated[
        float,
        typer.Option(min=0.5, help="With --direct: seconds to wait for a Kafka broker"),
    ] = DEFAULT_CONNECT_TIMEOUT_S,
    retries: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Attempts in all per API request while the API answers 503 (Kafka "
            f"unavailable; resending is safe), waiting its Retry-After (at most "
            f"{MAX_RETRY_WAIT_S:g}s) in between; 1 = no retry",
        ),
    ] = DEFAULT_ATTEMPTS,
) -> None:
    """Load articles from files and send them to quotewire (exit 1 if any is not accepted).

    \b
    Accepted files:
    - .txt: one article: title line, blank line, body paragraphs separated
      by blank lines; the article id is the file name without .txt; a
      leading `date YYYY-MM-DD` line (page chrome before the title) becomes
      `published`
    - .json: one article object, or a JSON array of them (objects as in
      .jsonl, below)
    - .jsonl / .ndjson: one JSON object per line, either an article as the
      ingest API takes it ({"title", "body", "id"?, "url"?, "source"?,
      "published"?, "updated"?, "byline"?, "section"?, "subjects"?,
      "language"?, "extra"?}), or a document line of the gold data or
      of `quotewire extract` input ({"doc_id", "text", ...}): id = doc_id,
      title = the first line of text, body = the rest; other keys
      ("statements", ...) are ignored
    - .json with --format ninjs | wordpress | ans | feed: a newsroom document
      (one item or an array); .xml / .rss / .atom: an RSS, Atom or JSON
      feed, each entry an article; .html / .htm: a web page (its article)
    - http(s) URLs: the page is fetched here (public addresses only unless
      QW_FETCH_ALLOW allows them) and its article sent
    """
    if fmt is not None and normalise(fmt) is None:
        raise typer.BadParameter(
            f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", param_hint="'--format'"
        )
    urls = [p for p in paths if is_url(p)]
    files = [Path(p) for p in paths if not is_url(p)]
    missing = [str(p) for p in files if not p.exists()]
    if missing:
        raise typer.BadParameter(
            f"no such file or directory: {', '.join(missing)}", param_hint="'PATHS...'"
        )
    overrides = {"bootstrap_servers": bootstrap_servers} if bootstrap_servers else {}
    settings = IngestSettings(**overrides)
    console = Console(stderr=True)
    loaded = list(load_paths(files, source=source, fmt=normalise(fmt) if fmt else None))
    if urls:
        with console.status(f"fetching {len(urls)} page(s)"):
            loaded += [load_url(url, settings.policy(), source=source) for url in urls]
    target = f"Kafka {settings.bootstrap_servers}" if direct else (api or settings.ingest_api)

    publisher = None
    if direct:
        loaded = [within_text_limit(item, settings.max_text_chars) for item in loaded]
        # its retry warnings would interleave with the progress; the outcome is reported below
        logging.getLogger("quotewire_ingest.publisher").setLevel(logging.ERROR)
        publisher = make_publisher(settings, client_id="ingest-cli")
        publisher.connect_attempt_s = min(publisher.connect_attempt_s, connect_timeout)
        with console.status(f"connecting to Kafka at {settings.bootstrap_servers}"):
            connected = publisher.wait_connected(connect_timeout)
        if not connected:
            publisher.close(timeout_s=0)
            console.print(
                f"[red]ingest failed:[/] no Kafka broker at {escape(settings.bootstrap_servers)} "
                "(is the stack running? `quotewire stack status`; or pass --bootstrap-servers)",
            )
            raise typer.Exit(1)

    with Progress(
        TextColumn("[bold]ingest[/] → {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task(escape(target), total=len(loaded))

        def advance(n: int) -> None:
            bar.update(task, description=escape(target))  # a retry notice ends here
            bar.advance(task, n)

        def retrying(attempt: int, attempts: int, wait_s: float, count: int) -> None:
            note = (
                f"Kafka unavailable (503): retrying {count} item(s) in {wait_s:g}s "
                f"(attempt {attempt}/{attempts})"
            )
            bar.console.print(f"[yellow]{note}[/]")
            bar.update(task, description=f"{escape(target)} [yellow]{note}[/]")

        if publisher is not None:
            try:
                summary = send_direct(
                    loaded,
                    publisher,
                    batch_size=batch_size,
                    connect_timeout_s=connect_timeout,
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
                attempts=retries,
                on_retry=retrying,
                headers=ApiClientSettings().headers(),
            )
    print_summary(summary, Console())
    if not summary.ok:
        raise typer.Exit(1)


def is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def load_url(url: str, policy: OutboundPolicy, *, source: str | None = None) -> Loaded:
    """A page fetched through the outbound guard (QW_FETCH_ALLOW etc.), as an article."""
    try:
        return Loaded(url, article=article_from_url(url, policy, source=source))
    except UrlError as exc:
        return Loaded(url, error=str(exc))


def within_text_limit(item: Loaded, max_text_chars: int) -> Loaded:
    """With --direct no API checks the limit the extractor applies: check it here."""
    exc = text_limit_error(item.article, max_text_chars)
    return item if exc is None else Loaded(item.origin, error=str(exc))


def group_problems(summary: Summary) -> list[tuple[str, str, list[str]]]:
    """(status, reason, origins) per distinct problem, in first-seen order: a reason that
    repeats (every line of a file rejected alike) is one row, not one per line."""
    groups: dict[tuple[str, str], list[str]] = {}
    for r in summary.results:
        if r.status != "accepted":
            groups.setdefault((r.status, r.reason or ""), []).append(r.origin)
    return [(status, reason, origins) for (status, reason), origins in groups.items()]


def _origins(origins: list[str], shown: int = 3) -> str:
    text = ", ".join(origins[:shown])
    if len(origins) > shown:
        text += f" and {len(origins) - shown} more"
    return text


def print_summary(summary: Summary, console: Console) -> None:
    totals = Table(title="quotewire ingest", show_header=True)
    for name in ("accepted", "rejected", "failed"):
        totals.add_column(name, justify="right")
    totals.add_row(*(str(summary.count(s)) for s in ("accepted", "rejected", "failed")))
    console.print(totals)
    problems = group_problems(summary)
    if not problems:
        return
    table = Table(title="not accepted", show_lines=False)
    table.add_column("status")
    table.add_column("count", justify="right")
    table.add_column("origin", overflow="fold")
    table.add_column("reason", overflow="fold")
    for status, reason, origins in problems[:MAX_PROBLEM_ROWS]:
        table.add_row(status, str(len(origins)), escape(_origins(origins)), escape(reason))
    if len(problems) > MAX_PROBLEM_ROWS:
        table.caption = f"... and {len(problems) - MAX_PROBLEM_ROWS} more distinct problems"
    console.print(table)


def register(app: typer.Typer) -> None:
    """Entry point ``quotewire.cli``: adds ``quotewire ingest``."""
    app.command("ingest")(ingest)
