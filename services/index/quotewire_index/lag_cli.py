"""``quotewire lag``: per consumer group of the pipeline, the backlog per partition and
an estimate of the time to drain it (a thin wrapper over :mod:`quotewire_common.lag`)."""

import json
from typing import Annotated

import typer
from kafka.errors import KafkaError
from quotewire_common.kafka import BrokerUnreachable, ensure_reachable
from quotewire_common.lag import GroupLag, LagReader, measure, summary_line
from rich.console import Console
from rich.table import Table

from quotewire_index.ops_cli import Bootstrap, _fail, _settings


def lag_table(g: GroupLag, per_partition: bool) -> Table:
    table = Table(title=summary_line(g), title_justify="left")
    for col in ("topic", "partition", "committed", "end", "lag"):
        table.add_column(col, justify="left" if col == "topic" else "right")
    rows = g.partitions if per_partition else [p for p in g.partitions if p.lag]
    for p in rows:
        lag = f"{p.lag}*" if p.under_reported else str(p.lag)
        table.add_row(p.topic, str(p.partition), str(p.committed or "-"), str(p.end), lag)
    return table


def lag_command(
    bootstrap: Bootstrap = None,
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            min=0,
            help="Seconds between the two readings the drain rate comes from (0: no rate)",
        ),
    ] = 5.0,
    all_partitions: Annotated[
        bool, typer.Option("--all", help="List every partition, not only those behind")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")] = False,
) -> None:
    """How far each consumer group (extract, index, derived, alerts) is behind, per partition,
    and how long it takes to catch up at the rate it committed during --interval seconds."""
    settings = _settings(bootstrap, None)
    console = Console()
    try:
        ensure_reachable(settings)
        reader = LagReader(settings)
    except BrokerUnreachable as exc:
        raise _fail(console, str(exc)) from None
    except KafkaError as exc:
        raise _fail(
            console, f"cannot reach Kafka at {settings.bootstrap_servers}: {exc!r}"
        ) from None
    try:
        with console.status(f"measuring for {interval:g}s", spinner="dots"):
            groups = measure(reader, settings.pipeline_groups(), interval)
    except KafkaError as exc:
        raise _fail(console, f"cannot read offsets: {exc!r}") from None
    finally:
        reader.close()
    if as_json:
        typer.echo(json.dumps([g.as_dict() for g in groups.values()], indent=2))
        return
    for g in groups.values():
        console.print(lag_table(g, all_partitions))
    if any(g.under_reported for g in groups.values()):
        console.print(
            "* the broker reported an end offset below the committed one (the local "
            "broker can under-report on multi-record batches): shown as 0, real lag unknown"
        )


def register(app: typer.Typer) -> None:
    app.command("lag")(lag_command)
