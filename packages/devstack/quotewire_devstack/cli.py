"""``quotewire stack up|down|status|env`` and ``quotewire demo``."""

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from quotewire_devstack.servers import PortBusy
from quotewire_devstack.stack import (
    DEFAULT_STATE_DIR,
    SERVERS,
    LocalStack,
    StackState,
    stop_recorded,
)

console = Console(log_path=False)
stack_app = typer.Typer(
    help="Run the whole pipeline locally (no Docker): broker, search server, services.",
    no_args_is_help=True,
)

StateDir = Annotated[
    Path, typer.Option("--state-dir", help="Where the running stack's state and logs live")
]

DEFAULT_KAFKA_PORT = 9092
DEFAULT_ES_PORT = 9200


def _log(msg: str) -> None:
    console.log(escape(msg))


def _clear_stale(state_dir: Path) -> bool:
    """True when no stack is recorded (any more); False when one is still running."""
    existing = StackState.load(state_dir)
    if existing is None:
        return True
    alive = existing.alive()
    running = [name for name, up in alive.items() if up]
    if not running:
        StackState.clear(state_dir)
        console.print(
            f"[yellow]A stack was recorded in {state_dir} but none of its processes is running "
            "(reboot or crash?): cleared that stale record.[/]"
        )
        return True
    console.print(
        f"[red]A stack is already running from {state_dir} ({', '.join(running)} up).[/]\n"
        "See it with `quotewire stack status`; stop it with `quotewire stack down`."
    )
    return False


@stack_app.command("up")
def up(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    extract: Annotated[int, typer.Option(min=1, help="Extract worker processes")] = 1,
    kafka_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Kafka broker port on 127.0.0.1")
    ] = DEFAULT_KAFKA_PORT,
    es_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Elasticsearch-API server port on 127.0.0.1")
    ] = DEFAULT_ES_PORT,
    ingest_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Ingest API port on 127.0.0.1")
    ] = 8000,
    search_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Search API port on 127.0.0.1")
    ] = 8001,
) -> None:
    """Start the local stack in the background and leave it running.

    The default ports are the defaults of every quotewire command (Kafka localhost:9092,
    Elasticsearch localhost:9200, ingest API :8000, search API :8001), so those work
    without options. A port already in use stops the start at once."""
    if not _clear_stale(state_dir):
        raise typer.Exit(1)
    stack = LocalStack(
        state_dir / "logs",
        detach=True,
        extract_replicas=extract,
        ingest_port=ingest_port,
        search_port=search_port,
        kafka_port=kafka_port,
        es_port=es_port,
    )
    try:
        stack.check_ports()
    except PortBusy as exc:
        console.print(f"[red]stack not started:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    try:
        stack.start(on_step=_log)
    except BaseException as exc:  # Ctrl-C included: leave no orphan server behind
        stack.stop(timeout_s=5)
        if not isinstance(exc, Exception):
            raise
        console.print(f"[red]stack did not start:[/] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    state = stack.state()
    state.save(state_dir)
    _print_state(state)
    console.print()
    defaults = (kafka_port, es_port, ingest_port, search_port) == (
        DEFAULT_KAFKA_PORT, DEFAULT_ES_PORT, 8000, 8001
    )
    console.print(
        "The CLIs' defaults reach this stack. For `quotewire search --es` or services run "
        "by hand, set in your shell:"
        if defaults
        else "Non-default ports: the CLIs reach this stack only with these set in your shell:"
    )
    console.print(escape(exports_text(state)), highlight=False)
    console.print(
        "  (or run: eval \"$(quotewire stack env)\")\n"
        f"Push articles: quotewire ingest seeds/ --api {state.ingest_url}\n"
        f'Search:        quotewire search "QUERY" --api {state.search_url}\n'
        "Status:        quotewire stack status\n"
        "Stop:          quotewire stack down",
        highlight=False,
    )


def exports_text(state: StackState) -> str:
    return "\n".join(f"export {k}={v}" for k, v in state.exports().items())


@stack_app.command("env")
def env(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Print the `export QW_...` lines for the running stack: eval "$(quotewire stack env)"."""
    state = StackState.load(state_dir)
    if state is None:
        Console(stderr=True).print(f"No stack recorded in {state_dir}; run `quotewire stack up`.")
        raise typer.Exit(1)
    print(exports_text(state))


@stack_app.command("down")
def down(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Stop the stack that `stack up` started."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; nothing to stop.")
        return
    started = time.monotonic()
    stopped = stop_recorded(state, on_step=_log)
    StackState.clear(state_dir)
    console.print(
        f"stopped: {', '.join(stopped) or 'nothing was running'} "
        f"({time.monotonic() - started:.1f}s)"
    )


@stack_app.command("status")
def status(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Check the recorded stack: is every process alive and every endpoint answering?
    Exit 0 when all are, 1 otherwise."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; start one with `quotewire stack up`.")
        raise typer.Exit(1)
    alive = state.alive()
    health = state.health()
    down_names = [name for name, up in alive.items() if not up]
    unhealthy = {name: why for name, why in health.items() if why and alive.get(name, True)}
    rows = [
        ("Kafka bootstrap", "kafka", state.kafka),
        ("Elasticsearch", "elasticsearch", state.elasticsearch),
        ("Ingest API", "ingest", f"{state.ingest_url}/docs"),
        ("Search API", "search-api", f"{state.search_url}/docs"),
    ]
    for label, name, where in rows:
        console.print(f"{label:<16}: {where}  {_mark(name, alive, health)}", highlight=False)
    for name in [n for n in state.pids if n not in SERVERS and n not in ("ingest", "search-api")]:
        console.print(f"{name:<16}: pid {state.pids[name]}  {_mark(name, alive, health)}")
    console.print(f"{'Logs':<16}: {state.log_dir}", highlight=False)
    if not down_names and not unhealthy:
        console.print("[green]all up[/]")
        return
    if len(down_names) == len(alive):
        console.print(
            "[red]the recorded stack is not running[/] (reboot or crash?). "
            "`quotewire stack up` clears the record and starts a new one."
        )
    else:
        for name in down_names:
            console.print(f"[red]{name} is down[/] (see {state.log_dir}/{name}.log)")
        for name, why in unhealthy.items():
            console.print(f"[red]{name} does not answer:[/] {escape(why)}")
        console.print("Restart: quotewire stack down && quotewire stack up")
    raise typer.Exit(1)


def _mark(name: str, alive: dict[str, bool], health: dict[str, str | None]) -> str:
    if not alive.get(name, True):
        return "[red]down[/]"
    if health.get(name):
        return "[yellow]not answering[/]"
    return "[green]up[/]"


def _print_state(state: StackState) -> None:
    console.print(f"Kafka bootstrap : {state.kafka}", highlight=False)
    console.print(f"Elasticsearch   : {state.elasticsearch}", highlight=False)
    console.print(f"Ingest API      : {state.ingest_url}/docs", highlight=False)
    console.print(f"Search API      : {state.search_url}/docs", highlight=False)
    console.print(f"Logs            : {state.log_dir}", highlight=False)


def demo(
    seeds: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Article folder")] = Path(
        "seeds"
    ),
    log_dir: Annotated[Path, typer.Option(help="Service logs")] = DEFAULT_STATE_DIR / "demo-logs",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for indexing")] = 300.0,
) -> None:
    """Run every article in SEEDS through the whole pipeline and print who said what
    (on its own stack, on free ports: a running `stack up` is not disturbed)."""
    from quotewire_devstack.demo import run_demo  # imports the Elasticsearch client: lazily

    try:
        run_demo(seeds, log_dir, console, timeout)
    except (RuntimeError, TimeoutError, FileNotFoundError) as exc:
        console.print(f"[red]demo failed: {escape(str(exc))}")
        raise typer.Exit(1) from exc


def register(app: typer.Typer) -> None:
    app.add_typer(stack_app, name="stack")
    app.command("demo")(demo)
