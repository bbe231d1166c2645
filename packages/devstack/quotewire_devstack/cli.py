"""``quotewire stack up|down|status`` and ``quotewire demo``."""

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from quotewire_devstack.stack import DEFAULT_STATE_DIR, LocalStack, StackState, stop_recorded

console = Console()
stack_app = typer.Typer(help="Run the whole pipeline locally (no Docker): broker, search, services.")

StateDir = Annotated[
    Path, typer.Option("--state-dir", help="Where the running stack's state and logs live")
]


@stack_app.command("up")
def up(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    extract: Annotated[int, typer.Option(min=1, help="Extract worker processes")] = 1,
    ingest_port: Annotated[int, typer.Option(help="Ingest API port")] = 8000,
    search_port: Annotated[int, typer.Option(help="Search API port")] = 8001,
) -> None:
    """Start the local stack in the background and leave it running."""
    existing = StackState.load(state_dir)
    if existing is not None:
        console.print(f"[red]A stack is already recorded in {state_dir}; run `quotewire stack down`.")
        raise typer.Exit(1)
    stack = LocalStack(
        state_dir / "logs",
        detach=True,
        extract_replicas=extract,
        ingest_port=ingest_port,
        search_port=search_port,
    )
    try:
        stack.start(on_step=console.log)
    except Exception as exc:
        stack.stop()
        console.print(f"[red]stack did not start: {exc}")
        raise typer.Exit(1) from exc
    state = stack.state()
    state.save(state_dir)
    _print_state(state)
    console.print("Push articles: quotewire ingest seeds/ --api " + state.ingest_url)
    console.print('Search:        quotewire search "QUERY" --api ' + state.search_url)
    console.print("Stop:          quotewire stack down")


@stack_app.command("down")
def down(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Stop the stack that `stack up` started."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; nothing to stop.")
        return
    stopped = stop_recorded(state)
    (state_dir / "stack.json").unlink()
    console.print(f"stopped: {', '.join(stopped) or 'nothing was running'}")


@stack_app.command("status")
def status(state_dir: StateDir = DEFAULT_STATE_DIR) -> None:
    """Show where the running stack's servers and APIs are."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}.")
        raise typer.Exit(1)
    _print_state(state)


def _print_state(state: StackState) -> None:
    console.print(f"Kafka bootstrap : {state.kafka}")
    console.print(f"Elasticsearch   : {state.elasticsearch}")
    console.print(f"Ingest API      : {state.ingest_url}/docs")
    console.print(f"Search API      : {state.search_url}/docs")
    console.print(f"Logs            : {state.log_dir}")


def demo(
    seeds: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Article folder")] = Path(
        "seeds"
    ),
    log_dir: Annotated[Path, typer.Option(help="Service logs")] = DEFAULT_STATE_DIR / "demo-logs",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for indexing")] = 300.0,
) -> None:
    """Run every article in SEEDS through the whole pipeline and print who said what."""
    from quotewire_devstack.demo import run_demo  # imports the Elasticsearch client: lazily

    try:
        run_demo(seeds, log_dir, console, timeout)
    except (RuntimeError, TimeoutError, FileNotFoundError) as exc:
        console.print(f"[red]demo failed: {exc}")
        raise typer.Exit(1) from exc


def register(app: typer.Typer) -> None:
    app.add_typer(stack_app, name="stack")
    app.command("demo")(demo)
