"""``quotewire dlq show|replay``: look at dead letters and send them back to their source.

    quotewire dlq show articles.dlq [--limit 20] [--all]
    quotewire dlq replay articles.dlq [--to articles] [--group qw-dlq-replay] [--dry-run] [--limit N]

Thin Typer wrappers over :mod:`quotewire_common.replay` (where the delivery guarantees
are). Kafka is found through ``QW_BOOTSTRAP_SERVERS`` (or ``--bootstrap``). Lives in the
index image, so in compose: ``docker compose run --rm index quotewire dlq ...``.
"""

from typing import Annotated

import typer
from kafka.errors import KafkaError
from quotewire_common.replay import (
    DEFAULT_GROUP,
    DeadLetter,
    ReplayError,
    ReplaySummary,
    read_letters,
    replay,
    source_of,
)
from quotewire_common.settings import KafkaSettings
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

dlq_app = typer.Typer(
    name="dlq",
    help="Dead letters: show what is in <topic>.dlq and replay it to its source topic.",
    no_args_is_help=True,
)

Topic = Annotated[str, typer.Argument(help="Dead-letter topic, e.g. articles.dlq")]
Bootstrap = Annotated[
    str | None, typer.Option(help="Kafka bootstrap servers [env QW_BOOTSTRAP_SERVERS]")
]
Group = Annotated[str, typer.Option(help="Consumer group that records how far replays got")]


def _settings(bootstrap: str | None) -> KafkaSettings:
    return KafkaSettings(bootstrap_servers=bootstrap) if bootstrap else KafkaSettings()


def _text(raw: bytes | None, width: int = 40) -> str:
    if raw is None:
        return "∅"
    text = raw.decode("utf-8", "replace")
    return text if len(text) <= width else text[: width - 1] + "…"


def letters_table(letters: list[DeadLetter], total: int, topic: str) -> Table:
    shown = f", showing {len(letters)}" if len(letters) < total else ""
    table = Table(title=f"{topic}: {total} dead letter(s){shown}", show_lines=True)
    table.add_column("offset", no_wrap=True)
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
            (d.reason or "")[:300],
            d.error_class or "",
            d.service or "",
            d.source,
            (d.failed_at or "")[:19],
        )
    return table


def summary_line(s: ReplaySummary) -> str:
    targets = ", ".join(f"{n} → {t}" for t, n in sorted(s.by_target.items())) or "nothing"
    if s.dry_run:
        return (
            f"dry run: would replay {s.selected} of {s.pending} letter(s) ({targets}); nothing sent"
        )
    return (
        f"replayed {s.sent} of {s.pending} letter(s) ({targets}); "
        f"{s.left} left; group {s.group} committed"
    )


@dlq_app.command("show")
def show_command(
    topic: Topic,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show")] = 20,
    all_: Annotated[
        bool, typer.Option("--all", help="Also letters the replay group already replayed")
    ] = False,
    group: Group = DEFAULT_GROUP,
    bootstrap: Bootstrap = None,
) -> None:
    """List dead letters not yet replayed (oldest first per partition)."""
    console = Console()
    try:
        letters, total = read_letters(
            _settings(bootstrap), topic, limit=limit, group=group, include_replayed=all_
        )
    except (ReplayError, KafkaError, TimeoutError) as exc:
        console.print(f"[red]cannot read {topic}:[/red] {exc}")
        raise typer.Exit(1) from None
    console.print(letters_table(letters, total, topic))


@dlq_app.command("replay")
def replay_command(
    topic: Topic,
    to: Annotated[
        str | None,
        typer.Option(help="Target topic (default: each letter's qw-dlq-source-topic header)"),
    ] = None,
    group: Group = DEFAULT_GROUP,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and route, send nothing")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Replay at most N letters")] = None,
    bootstrap: Bootstrap = None,
) -> None:
    """Send dead letters back to their source topic (original key and value, qw-dlq-*
    headers stripped); the group's offsets are committed only after the broker
    acknowledged, so running it again sends only what is new."""
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
                _settings(bootstrap),
                topic,
                to=to,
                group=group,
                dry_run=dry_run,
                limit=limit,
                progress=progress,
            )
        except (ReplayError, KafkaError, TimeoutError) as exc:
            done = getattr(exc, "summary", None)
            bar.stop()
            if done is not None:
                console.print(summary_line(done))
            console.print(f"[red]replay stopped:[/red] {exc}")
            raise typer.Exit(1) from None
    console.print(summary_line(summary))


def register(app: typer.Typer) -> None:
    app.add_typer(dlq_app, name="dlq")
