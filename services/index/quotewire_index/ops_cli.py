"""``quotewire reindex`` and ``quotewire reprocess``: thin wrappers over
:mod:`quotewire_index.rebuild`.

Kafka and Elasticsearch come from the ``QW_*`` settings (``eval "$(quotewire stack env)"``
for the local stack), or ``--bootstrap-servers`` / ``--es``.
"""

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from quotewire_index.settings import IndexSettings

Bootstrap = Annotated[
    str | None,
    typer.Option(
        "--bootstrap-servers",
        metavar="HOST:PORT",
        help="Kafka bootstrap servers (env: QW_BOOTSTRAP_SERVERS; default localhost:9092)",
    ),
]
EsUrl = Annotated[
    str | None,
    typer.Option(
        "--es",
        metavar="URL",
        help="Elasticsearch URL (env: QW_ES_URL; other QW_ES_* settings from the env)",
    ),
]


def _settings(bootstrap: str | None, es_url: str | None) -> IndexSettings:
    update = {}
    if bootstrap:
        update["bootstrap_servers"] = bootstrap
    if es_url:
        update["es_url"] = es_url
    return IndexSettings(**update)


def _progress(console: Console, what: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _fail(console: Console, message: str) -> typer.Exit:
    console.print(f"[red]{escape(message)}[/red]")
    return typer.Exit(1)


def reindex_command(
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place",
            help="Do not build new indices: make every running indexer read all topics "
            "again into the current ones (what it does by itself after the search server "
            "lost its data)",
        ),
    ] = False,
    keep_old: Annotated[
        bool, typer.Option("--keep-old", help="Keep the previous indices after the switch")
    ] = False,
    allow_fewer: Annotated[
        bool,
        typer.Option(
            "--allow-fewer",
            help="Switch even when the rebuilt index holds fewer articles than the current "
            "one (the topics' retention dropped some; see `quotewire reprocess`)",
        ),
    ] = False,
    bootstrap: Bootstrap = None,
    es_url: EsUrl = None,
) -> None:
    """Rebuild the search index from the topics, without downtime.

    Builds new indices with the current mappings from the earliest offset of the
    `articles` and `statements` topics, switches the `statements` and `articles` aliases
    to them in one step, catches up with what arrived meanwhile and deletes the old
    indices. Use it after a mapping change. The index converges to exactly what the
    topics say (statement ids are deterministic).
    """
    from quotewire_common.es import make_es_client

    from quotewire_index.rebuild import RebuildError, reindex, reset_view

    console = Console(stderr=True)
    settings = _settings(bootstrap, es_url)
    es = make_es_client(settings)
    try:
        if in_place:
            if reset_view(es, settings):
                console.print(
                    "view reset: running indexers now read every partition again from its "
                    "earliest offset (watch their logs); a stopped one does at its next start"
                )
            else:
                console.print("no view yet: the indexer builds one when it starts")
            return
        with _progress(console, "reindexing") as bar:
            task = bar.add_task("records", total=None)
            report = reindex(
                es,
                settings,
                keep_old=keep_old,
                allow_fewer=allow_fewer,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except RebuildError as exc:
        raise _fail(console, f"reindex stopped: {exc}") from None
    except Exception as exc:  # noqa: BLE001 -- connection trouble: say where
        raise _fail(
            console,
            f"reindex failed ({type(exc).__name__}: {exc}); is the stack running? "
            "`quotewire stack status`",
        ) from None
    finally:
        es.close()
    for kind, new in report.new.items():
        console.print(
            f"{kind}: {report.old.get(kind) or '(none)'} → {new}  "
            f"({report.counts_old.get(kind, 0)} → {report.counts_new.get(kind, 0)} documents)"
        )
    console.print(
        f"{report.records} records read in {report.seconds:.1f}s, {report.caught_up} more "
        f"after the switch; {report.rejected} refused by Elasticsearch (see the *.dlq "
        "topics); " + ("old indices deleted" if report.deleted_old else "old indices kept")
    )


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a date: {value!r} (use YYYY-MM-DD)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def reprocess_command(
    since: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Only articles received since DATE (YYYY-MM-DD)"),
    ] = None,
    source: Annotated[
        str | None, typer.Option(metavar="S", help="Only articles of this source")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be sent; send nothing")
    ] = False,
    bootstrap: Bootstrap = None,
    es_url: EsUrl = None,
) -> None:
    """Re-publish stored articles from the `articles` index to the `articles` topic.

    After an extractor upgrade, or once Kafka's retention has dropped them: extract runs
    again on every article sent, with its original id, version and receive time, so
    statements are replaced, never doubled.
    """
    from quotewire_common.es import make_es_client
    from quotewire_common.kafka import make_producer

    from quotewire_index.rebuild import reprocess

    console = Console(stderr=True)
    settings = _settings(bootstrap, es_url)
    since_dt = _parse_since(since)
    es = make_es_client(settings)
    producer = None
    try:
        producer = None if dry_run else make_producer(settings, "reprocess")
        with _progress(console, "reprocessing") as bar:
            task = bar.add_task("articles", total=None)
            report = reprocess(
                es,
                producer,
                settings,
                since=since_dt,
                source=source,
                dry_run=dry_run,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except Exception as exc:  # noqa: BLE001 -- connection trouble: say where
        raise _fail(
            console,
            f"reprocess failed ({type(exc).__name__}: {exc}); is the stack running? "
            "`quotewire stack status`",
        ) from None
    finally:
        if producer is not None:
            producer.close(timeout=5)
        es.close()
    verb = "would be sent" if dry_run else "sent to the articles topic"
    console.print(
        f"{report.published} of {report.matched} matching articles {verb} in "
        f"{report.seconds:.1f}s"
        + (
            f"; {report.skipped_no_text} without stored text skipped"
            if report.skipped_no_text
            else ""
        )
    )


def register(app: typer.Typer) -> None:
    app.command("reindex")(reindex_command)
    app.command("reprocess")(reprocess_command)
