"""``quotewire feeds add|list|remove``: the feed list in the compacted ``feeds`` topic.

The poller (``quotewire-ingest feeds``) reads the topic again every
``QW_FEEDS_REFRESH_S`` seconds, so a change takes effect without a restart.
"""

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from kafka.errors import KafkaError
from pydantic import ValidationError
from quotewire_common.kafka import BrokerUnreachable, ensure_reachable
from quotewire_common.table import CompactedTable
from quotewire_contracts import Topic
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quotewire_ingest.feeds.model import FeedConfig, FeedsSettings, FeedState, feeds_from_settings

feeds_app = typer.Typer(
    help="The feeds the poller (quotewire-ingest feeds) reads: RSS, Atom, JSON Feed URLs.",
    no_args_is_help=True,
)
BootstrapOpt = Annotated[
    str | None,
    typer.Option(
        "--bootstrap-servers",
        metavar="HOST:PORT",
        help="Kafka (env: QW_BOOTSTRAP_SERVERS; default localhost:9092)",
    ),
]


def _settings(bootstrap: str | None) -> FeedsSettings:
    """The settings, once the broker is known to answer (a clear error in seconds if not)."""
    settings = FeedsSettings(**({"bootstrap_servers": bootstrap} if bootstrap else {}))
    try:
        ensure_reachable(settings)
    except BrokerUnreachable as exc:
        raise _fail(str(exc)) from None
    return settings


def _table(settings: FeedsSettings, topic: Topic) -> CompactedTable:
    return CompactedTable(settings, topic.value, "feeds-cli")


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[red]{escape(message)}[/red]")
    return typer.Exit(1)


@feeds_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="Feed URL (http or https)")],
    interval: Annotated[
        float | None,
        typer.Option(min=1, help="Seconds between polls (default QW_FEEDS_INTERVAL_S)"),
    ] = None,
    fetch_pages: Annotated[
        bool | None,
        typer.Option(
            "--fetch-pages/--no-fetch-pages",
            help="Fetch each item's page when the feed carries only a summary",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="`source` of items whose feed names none")
    ] = None,
    bootstrap: BootstrapOpt = None,
) -> None:
    """Add a feed, or change its options (the poller picks it up within QW_FEEDS_REFRESH_S)."""
    try:
        feed = FeedConfig(url=url, interval_s=interval, fetch_pages=fetch_pages, source=source)
    except ValidationError as exc:
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise typer.BadParameter(message, param_hint="'URL'") from None
    table = _table(_settings(bootstrap), Topic.FEEDS)
    try:
        table.put(feed.url, feed.model_dump(mode="json", exclude_none=True))
    except (KafkaError, TimeoutError, RuntimeError) as exc:
        raise _fail(f"feed not added: {exc}") from None
    finally:
        table.close()
    Console().print(f"added {escape(feed.url)}")


@feeds_app.command("remove")
def remove(
    url: Annotated[str, typer.Argument(help="Feed URL as added")], bootstrap: BootstrapOpt = None
) -> None:
    """Stop polling a feed (its items stay indexed)."""
    settings = _settings(bootstrap)
    table = _table(settings, Topic.FEEDS)
    try:
        if url not in table.read_all():
            raise _fail(
                f"{url} is not in the feeds topic (feeds from QW_FEEDS / QW_FEEDS_FILE are removed there)"
            )
        table.delete(url)
        state = _table(settings, Topic.FEEDS_STATE)
        try:
            state.delete(url)
        finally:
            state.close()
    except (KafkaError, TimeoutError, RuntimeError) as exc:
        raise _fail(f"feed not removed: {exc}") from None
    finally:
        table.close()
    Console().print(f"removed {escape(url)}")


def _when(epoch: float | None) -> str:
    if not epoch:
        return "-"
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")


@feeds_app.command("list")
def list_feeds(
    bootstrap: BootstrapOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per feed (its options and state)")
    ] = False,
) -> None:
    """Every feed with its last poll, status, items published and next poll."""
    settings = _settings(bootstrap)
    try:
        feeds = {**feeds_from_settings(settings)}
        table = _table(settings, Topic.FEEDS)
        feeds.update({u: FeedConfig.model_validate(r) for u, r in table.read_all().items()})
        states = {
            u: FeedState.model_validate(r)
            for u, r in _table(settings, Topic.FEEDS_STATE).read_all().items()
        }
    except (KafkaError, TimeoutError, RuntimeError) as exc:
        raise _fail(f"cannot read the feeds: {exc}") from None
    if as_json:
        for url, feed in sorted(feeds.items()):
            state = states.get(url, FeedState(url=url)).model_dump(mode="json", exclude={"seen"})
            row = {
                **feed.model_dump(mode="json"),
                **state,
                "items_remembered": len(states.get(url, FeedState(url=url)).seen),
            }
            typer.echo(json.dumps(row, sort_keys=True))
        return
    out = Table(title=f"{len(feeds)} feed(s)")
    for name in (
        "url",
        "interval",
        "last poll (UTC)",
        "status",
        "published",
        "failures",
        "next poll (UTC)",
    ):
        out.add_column(name, overflow="fold")
    for url, feed in sorted(feeds.items()):
        state = states.get(url, FeedState(url=url))
        status = state.last_status or "never polled"
        if state.last_error:
            status += f": {state.last_error}"
        out.add_row(
            escape(url),
            f"{feed.interval_s or settings.feeds_interval_s:g}s",
            _when(state.last_polled_at),
            escape(status),
            str(state.published_total),
            str(state.failures),
            _when(state.next_poll_at),
        )
    Console().print(out)


def register(app: typer.Typer) -> None:
    """Entry point ``quotewire.cli``: adds ``quotewire feeds``."""
    app.add_typer(feeds_app, name="feeds")
