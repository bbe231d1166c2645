"""``quotewire dlq show|replay``: look at dead letters and send them back to their source.

    quotewire dlq show articles.dlq [--limit 20] [--all]
    quotewire dlq replay articles.dlq [--to articles] [--group qw-dlq-replay] [--dry-run] [--limit N]
        [--include-truncated]

Thin Typer wrappers over :mod:`quotewire_common.replay` (where the delivery guarantees
are). Kafka is found through ``QW_BOOTSTRAP_SERVERS`` (or ``--bootstrap-servers``, alias
``--bootstrap``); without a broker they give up after ``--connect-timeout`` seconds. Lives
in the index image, so in compose: ``docker compose run --rm index quotewire dlq ...``.
"""

from typing import Annotated

import typer
from kafka.errors import KafkaError
from quotewire_common.kafka import BrokerUnreachable
from quotewire_common.replay import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_GROUP,
    DeadLetter,
    ReplayError,
    ReplaySummary,
    read_letters,
    replay,
    source_of,
)
from quotewire_common.settings import KafkaSettings
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.rule import Rule
from rich.table import Table

dlq_app = typer.Typer(
    name="dlq",
    help="Dead letters: show what is in <topic>.dlq and replay it to its source topic.",
    no_args_is_help=True,
)

Topic = Annotated[str, typer.Argument(help="Dead-letter topic, e.g. articles.dlq")]
Bootstrap = Annotated[
    str | None,
    typer.Option(
        "--bootstrap-servers",
        metavar="HOST:PORT",
        help="Kafka bootstrap servers, comma-separated "
        "(env: QW_BOOTSTRAP_SERVERS; default localhost:9092)",
    ),
]
#: ``--bootstrap``: the old name, still accepted (hidden from the help).
BootstrapAlias = Annotated[str | None, typer.Option("--bootstrap", hidden=True)]
ConsumerGroup = Annotated[
    str, typer.Option("--group", help="Consumer group that records how far replays got")
]
ConnectTimeout = Annotated[
    float,
    typer.Option(min=0.5, help="Seconds to wait for a Kafka broker before giving up"),
]
#: Below this width ``dlq show`` prints one block per letter instead of a table.
WIDE_COLUMNS = 120


def _settings(bootstrap: str | None) -> KafkaSettings:
    return KafkaSettings(bootstrap_servers=bootstrap) if bootstrap else KafkaSettings()


def _text(raw: bytes | None, width: int = 40) -> str:
    if raw is None:
        return "∅"
    text = raw.decode("utf-8", "replace")
    return text if len(text) <= width else text[: width - 1] + "…"


def truncated_note(d: DeadLetter) -> str:
    """``""``, or the mark of a letter whose value was cut (replay skips it by default)."""
    if not d.truncated:
        return ""
    size = f" from {d.original_size} bytes" if d.original_size is not None else ""
    return f"TRUNCATED (value cut{size}; replay skips it): "


def letters_table(letters: list[DeadLetter], total: int, topic: str) -> Table:
    shown = f", showing {len(letters)}" if len(letters) < total else ""
    table = Table(title=f"{topic}: {total} dead letter(s){shown}", show_lines=True)
    table.add_column("partition:offset", no_wrap=True)
    table.add_column("key")
    table.add_column("reason", ratio=3)
    table.add_column("error class")
    table.add_column("service")
    table.add_column("source", no_wrap=True)
    table.add_column("failed at", no_wrap=True)
    for d in letters:
        table.add_row(
            f"{d.partition}:{d.offset}",
            _text(d.key),
            escape(truncated_note(d) + (d.reason or "")[:300]),
            d.error_class or "",
            d.service or "",
            d.source,
            (d.failed_at or "")[:19],
        )
    return table


def letters_blocks(letters: list[DeadLetter], total: int, topic: str) -> RenderableType:
    """One block per letter (for narrow terminals): the reason gets the whole width."""
    shown = f", showing {len(letters)}" if len(letters) < total else ""
    parts: list[RenderableType] = [f"[bold]{escape(topic)}: {total} dead letter(s){shown}[/]"]
    for d in letters:
        title = f"partition:offset {d.partition}:{d.offset}"
        parts.append(Rule(title, align="left", style="dim"))
        parts.append(
            f"[bold]{escape(d.error_class or '?')}[/] from {escape(d.service or '?')} · "
            f"source {escape(d.source)} · {escape((d.failed_at or '')[:19])}"
        )
        parts.append(f"[dim]key[/] {escape(_text(d.key, 60))}")
        reason = truncated_note(d) + (d.reason or "(no reason header)")[:600]
        parts.append(Padding(escape(reason), (0, 0, 0, 2)))
    return Group(*parts)


def skipped_note(s: ReplaySummary) -> str:
    if not s.skipped_truncated:
        return ""
    verb = "would skip" if s.dry_run else "skipped"
    return (
        f"; {verb} {s.skipped_truncated} truncated (value cut to fit the DLQ, "
        "replaying fails again; --include-truncated sends them)"
    )


def summary_line(s: ReplaySummary) -> str:
    targets = ", ".join(f"{n} → {t}" for t, n in sorted(s.by_target.items())) or "nothing"
    if s.dry_run:
        return (
            f"dry run: would replay {s.selected} of {s.pending} letter(s) ({targets})"
            f"{skipped_note(s)}; nothing sent"
        )
    return (
        f"replayed {s.sent} of {s.pending} letter(s) ({targets}){skipped_note(s)}; "
        f"{s.left} left; group {s.group} committed"
    )


@dlq_app.command("show")
def show_command(
    topic: Topic,
    limit: Annotated[int, typer.Option(min=1, help="Letters to show")] = 20,
    all_: Annotated[
        bool, typer.Option("--all", help="Also letters the replay group already replayed")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Read a topic whose name does not end in .dlq")
    ] = False,
    group: ConsumerGroup = DEFAULT_GROUP,
    bootstrap: Bootstrap = None,
    bootstrap_alias: BootstrapAlias = None,
    connect_timeout: ConnectTimeout = DEFAULT_CONNECT_TIMEOUT_S,
) -> None:
    """List dead letters not yet replayed (oldest first per partition)."""
    if source_of(topic) is None and not force:
        raise typer.BadParameter(
            f"{topic!r} is not a dead-letter topic (those end in .dlq, e.g. articles.dlq); "
            "add --force to read it anyway",
            param_hint="'TOPIC'",
        )
    console = Console()
    try:
        letters, total = read_letters(
            _settings(bootstrap or bootstrap_alias),
            topic,
            limit=limit,
            group=group,
            include_replayed=all_,
            connect_timeout_s=connect_timeout,
        )
    except BrokerUnreachable as exc:
        console.print(f"[red]cannot read {escape(topic)}:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    except (ReplayError, KafkaError, TimeoutError) as exc:
        console.print(f"[red]cannot read {escape(topic)}:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    if console.width >= WIDE_COLUMNS:
        console.print(letters_table(letters, total, topic))
    else:
        console.print(letters_blocks(letters, total, topic))


@dlq_app.command("replay", short_help="Send dead letters back to their source topic (only once).")
def replay_command(
    topic: Topic,
    to: Annotated[
        str | None,
        typer.Option(help="Target topic (default: each letter's qw-dlq-source-topic header)"),
    ] = None,
    group: ConsumerGroup = DEFAULT_GROUP,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and route, send nothing")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Replay at most N letters (skipped ones not counted)"),
    ] = None,
    include_truncated: Annotated[
        bool,
        typer.Option(
            "--include-truncated",
            help="Also send letters whose value was cut to fit the DLQ (qw-dlq-truncated "
            "header; skipped by default, as they can only fail again)",
        ),
    ] = False,
    bootstrap: Bootstrap = None,
    bootstrap_alias: BootstrapAlias = None,
    connect_timeout: ConnectTimeout = DEFAULT_CONNECT_TIMEOUT_S,
) -> None:
    """Send dead letters back to their source topic, with the original key and value and
    without the qw-dlq-* headers.

    The group's offsets are committed only after the broker acknowledged the sends, so
    running it again sends only what is new.

    Letters with a qw-dlq-truncated header (value cut to fit the DLQ) are skipped and
    counted unless --include-truncated; the group commits past them too (a new --group
    reads them again)."""
    if source_of(topic) is None and to is None:
        raise typer.BadParameter(f"{topic} is no <topic>.dlq; give the target with --to")
    console = Console()
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(("routing " if dry_run else "replaying ") + topic, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            summary = replay(
                _settings(bootstrap or bootstrap_alias),
                topic,
                to=to,
                group=group,
                dry_run=dry_run,
                limit=limit,
                progress=progress,
                connect_timeout_s=connect_timeout,
                include_truncated=include_truncated,
            )
        except BrokerUnreachable as exc:
            bar.stop()
            console.print(f"[red]replay not started:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
        except (ReplayError, KafkaError, TimeoutError) as exc:
            done = getattr(exc, "summary", None)
            bar.stop()
            if done is not None:
                console.print(summary_line(done))
            console.print(f"[red]replay stopped:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
    console.print(summary_line(summary))


def register(app: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")
