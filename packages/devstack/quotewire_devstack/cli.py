"""``quotewire stack up|down|status|restart|env|bench-broker`` and ``quotewire demo``."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from kafka.errors import KafkaError
from quotewire_common.lag import LagReader, measure, summary_line
from quotewire_common.settings import ConsumerGroupSettings, KafkaSettings
from quotewire_common.waiting import wait_until
from rich.console import Console
from rich.markup import escape

from quotewire_devstack.servers import PortBusy
from quotewire_devstack.stack import DEFAULT_STATE_DIR, StackState, stop_recorded
from quotewire_devstack.supervisor import StackConfig, describe_exit, request_restart

console = Console(log_path=False)
stack_app = typer.Typer(
    help="Run the whole pipeline locally (no Docker): broker, search server, services.",
    no_args_is_help=True,
)

StateDir = Annotated[
    Path, typer.Option("--state-dir", help="Where the running stack's record and logs live")
]

DEFAULT_KAFKA_PORT = 9092
DEFAULT_ES_PORT = 9200


def _log(msg: str) -> None:
    console.log(escape(msg))


def _clear_stale(state_dir: Path) -> bool:
    """True when no stack is recorded (any more); False when one is still running.

    A record whose supervisor is gone (kill -9, reboot) is cleared; processes it left
    running are stopped first (a durable stack's data stays in its data directory)."""
    existing = StackState.load(state_dir)
    if existing is None:
        return True
    if existing.supervisor_alive():
        console.print(
            f"[red]A stack is already running from {state_dir} "
            f"(supervisor pid {existing.supervisor_pid}).[/]\n"
            "See it with `quotewire stack status`."
        )
        return False
    running = [name for name, up in existing.alive().items() if up]
    if running and not existing.supervisor_pid:
        console.print(
            f"[red]A stack is already running from {state_dir} ({', '.join(running)} up).[/]\n"
            "See it with `quotewire stack status`; stop it with `quotewire stack down`."
        )
        return False
    if running:
        kept = (
            f"its data in {existing.data_dir} is kept"
            if existing.durable
            else "it was in memory: its topics are lost"
        )
        console.print(
            f"[yellow]The supervisor of the stack in {state_dir} is gone; stopping what it "
            f"left running ({', '.join(running)}); {kept}.[/]"
        )
        stop_recorded(existing, on_step=_log)
    else:
        console.print(
            f"[yellow]A stack was recorded in {state_dir} but none of its processes is running "
            "(reboot or crash?): cleared that stale record.[/]"
        )
    StackState.clear(state_dir)
    return True


@stack_app.command("up")
def up(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where the broker keeps its topics (durable: kept across stack down/up, "
            "reboots, kill -9). Default: STATE_DIR/data",
        ),
    ] = None,
    ephemeral: Annotated[
        bool,
        typer.Option(
            "--ephemeral",
            help="Keep everything in memory (faster, for tests): lost when the broker stops",
        ),
    ] = False,
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
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the stack to start")] = 300.0,
    retention: Annotated[
        float | None,
        typer.Option(
            "--retention",
            min=0.01,
            envvar="QW_LOCAL_RETENTION_DAYS",
            help="Delete statements and articles received more than this many days ago "
            "from the local (in-memory) search index, every 10 minutes; Kafka keeps them",
        ),
    ] = None,
) -> None:
    """Start the local stack in the background, under a supervisor that restarts any
    process that exits, and leave it running.

    Durable by default: the broker's topics live in an object store over --data-dir, so
    `stack down` / `stack up`, a reboot or a kill -9 lose nothing; the search index is
    rebuilt from the topics. The default ports are the defaults of every quotewire
    command (Kafka localhost:9092, Elasticsearch localhost:9200, ingest API :8000,
    search API :8001). A port already in use stops the start at once."""
    if ephemeral and data_dir is not None:
        console.print("[red]--ephemeral keeps nothing on disk; drop --data-dir or --ephemeral.[/]")
        raise typer.Exit(2)
    if not _clear_stale(state_dir):
        raise typer.Exit(1)
    data = None if ephemeral else (data_dir or state_dir / "data").absolute()
    config = StackConfig(
        log_dir=str((state_dir / "logs").absolute()),
        data_dir=str(data) if data else None,
        extract=extract,
        kafka_port=kafka_port,
        es_port=es_port,
        ingest_port=ingest_port,
        search_port=search_port,
        retention_days=retention,
    )
    try:
        config.stack().check_ports()
    except PortBusy as exc:
        console.print(f"[red]stack not started:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    state = start_supervised(state_dir, config, on_step=_log, timeout_s=timeout)
    _print_state(state)
    console.print()
    defaults = (kafka_port, es_port, ingest_port, search_port) == (
        DEFAULT_KAFKA_PORT,
        DEFAULT_ES_PORT,
        8000,
        8001,
    )
    console.print(
        "The CLIs' defaults reach this stack. For `quotewire search --es` or services run "
        "by hand, set in your shell:"
        if defaults
        else "Non-default ports: the CLIs reach this stack only with these set in your shell:"
    )
    console.print(escape(exports_text(state)), highlight=False)
    sd = "" if state_dir == DEFAULT_STATE_DIR else f" --state-dir {state_dir}"
    console.print(
        f'  (or run: eval "$(quotewire stack env{sd})")\n'
        f"Push articles: quotewire ingest seeds/ --api {state.ingest_url}\n"
        f'Search:        quotewire search "QUERY" --api {state.search_url}\n'
        f"Status:        quotewire stack status{sd}\n"
        f"Stop:          quotewire stack down{sd}",
        highlight=False,
    )


def start_supervised(
    state_dir: Path, config: StackConfig, on_step=_log, timeout_s: float = 300.0
) -> StackState:
    """Start the supervisor process and follow its start-up; the running stack's record.
    Raises ``typer.Exit(1)`` (after printing why) when the stack does not start."""
    config.save(state_dir)
    StackState.clear(state_dir)
    log_dir = Path(config.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "supervisor.log", "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "quotewire_devstack.supervisor", str(state_dir)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    shown = 0
    deadline = time.monotonic() + timeout_s
    while True:
        state = StackState.load(state_dir)
        if state is not None:
            for msg in state.steps[shown:]:
                on_step(msg)
            shown = len(state.steps)
            if state.phase == "running":
                return state
            if state.phase == "failed":
                console.print(f"[red]stack did not start:[/] {escape(state.error or '?')}")
                console.print(f"(see {log_dir}/supervisor.log)")
                raise typer.Exit(1)
        if proc.poll() is not None:
            console.print(
                f"[red]the stack's supervisor exited ({proc.returncode}) at start;[/] "
                f"see {log_dir}/supervisor.log"
            )
            raise typer.Exit(1)
        if time.monotonic() > deadline:
            proc.send_signal(signal.SIGTERM)
            console.print(f"[red]stack not up after {timeout_s:.0f}s; stopping it[/]")
            raise typer.Exit(1)
        time.sleep(0.2)


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
def down(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a clean stop")] = 60.0,
) -> None:
    """Stop the stack that `stack up` started. A durable stack keeps its data for the
    next `stack up`; an --ephemeral one loses it."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; nothing to stop.")
        return
    started = time.monotonic()
    if state.supervisor_alive():
        _log(f"stopping the supervisor (pid {state.supervisor_pid}) and everything it runs")
        os.kill(state.supervisor_pid, signal.SIGTERM)
        with contextlib.suppress(TimeoutError):
            wait_until(lambda: not state.supervisor_alive(), timeout, 0.2, "supervisor running")
        if state.supervisor_alive():
            _log(f"supervisor still running after {timeout:.0f}s: SIGKILL")
            os.kill(state.supervisor_pid, signal.SIGKILL)
    stopped = stop_recorded(state, on_step=_log)  # whatever the supervisor left
    StackState.clear(state_dir)
    kept = f"; data kept in {state.data_dir}" if state.durable else ""
    console.print(
        f"stopped ({time.monotonic() - started:.1f}s){kept}"
        + (f"; also stopped: {', '.join(stopped)}" if stopped else "")
    )


def _uptime(started_at: float | None) -> str:
    if not started_at:
        return "—"
    s = int(time.time() - started_at)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def status_lines(state: StackState, state_dir: Path = DEFAULT_STATE_DIR) -> tuple[list[str], bool]:
    """The lines of `stack status` (rich markup) and whether everything is up."""
    sd = "" if state_dir == DEFAULT_STATE_DIR else f" --state-dir {escape(str(state_dir))}"
    alive = state.alive()
    health = state.health()
    supervised = state.supervisor_alive()
    lines = []
    if state.durable:
        lines.append(
            f"{'Storage':<16}: durable, data in {state.data_dir} "
            "(kept across stack down/up, reboots, kill -9)"
        )
    else:
        lines.append(
            f"{'Storage':<16}: [yellow]in memory (--ephemeral): topics are lost when the "
            "broker stops[/]"
        )
    rows = [
        ("Kafka bootstrap", state.kafka),
        ("Elasticsearch", state.elasticsearch),
        ("Ingest API", f"{state.ingest_url}/docs"),
        ("Search API", f"{state.search_url}/docs"),
    ]
    if state.object_store:
        rows.append(("Object store", f"{state.object_store} (S3, bucket tansu)"))
    lines += [f"{label:<16}: {escape(where)}" for label, where in rows]
    lines.append(
        f"{'Supervisor':<16}: "
        + (
            f"pid {state.supervisor_pid}, restarts crashed processes with backoff"
            if supervised
            else "[red]not running[/]"
        )
    )
    lines.append("")
    lines.append(
        f"{'process':<14} {'pid':>7}  {'state':<22} {'uptime':>7} {'restarts':>8}  last exit"
    )
    problems: list[str] = []
    names = list(state.units) or list(state.pids)
    for name in names:
        rec = state.units.get(name)
        pid = state.pids.get(name)
        up = alive.get(name, False) if pid else False
        why = health.get(name)
        if up and why:
            mark = "[yellow]not answering[/]"
            problems.append(f"[yellow]{name} does not answer:[/] {escape(why)}")
        elif up:
            mark = "[green]up[/]"
        elif rec and rec.state == "restarting" and supervised:
            wait = int((rec.next_start_at or time.time()) - time.time())
            mark = f"[yellow]restarting in {wait}s[/]" if wait > 0 else "[yellow]starting[/]"
            problems.append(
                f"[yellow]{name} exited ({describe_exit(rec.last_exit)}); the supervisor "
                f"restarts it (see {state.log_dir}/{name}.log)[/]"
            )
        elif rec and rec.state == "held" and supervised:
            mark = "[yellow]held (broker rebuild)[/]"
            problems.append(f"[yellow]{name} waits for the broker to be rebuilt[/]")
        else:
            mark = "[red]down[/]"
            problems.append(f"[red]{name} is down[/] (see {state.log_dir}/{name}.log)")
        restarts = rec.restarts if rec else 0
        last = describe_exit(rec.last_exit) if rec else "—"
        uptime = _uptime(rec.started_at) if rec and up else "—"
        pid_text = str(pid) if pid and up else "—"
        pad = 22 + len(mark) - len(_plain(mark))
        lines.append(f"{name:<14} {pid_text:>7}  {mark:<{pad}} {uptime:>7} {restarts:>8}  {last}")
    lines.append(f"{'Logs':<16}: {escape(state.log_dir)}")
    lines += capacity_lines(state.pids.get("elasticsearch") if alive.get("elasticsearch") else None)
    for notice in state.notices:
        lines.append(f"[red bold]{escape(notice)}[/]")
    ok = not problems and supervised
    if ok:
        lines.append("[green]all up[/]")
        return lines, True
    lines += problems
    if not any(alive.values()):
        if state.durable:
            lines.append(
                "[red]the recorded stack is not running[/] (reboot or crash?). "
                f"`quotewire stack up --data-dir {escape(str(state.data_dir))}{sd}` starts it "
                "again with all its data."
            )
        else:
            lines.append(
                "[red]the recorded stack is not running[/] (reboot or crash?); it was in "
                f"memory, its topics are gone. `quotewire stack up{sd}` starts a new one."
            )
    elif not supervised:
        if state.durable:
            lines.append(
                "[red]The supervisor is not running: crashed processes are not restarted.[/] "
                f"`quotewire stack up --data-dir {escape(str(state.data_dir))}{sd}` stops what "
                "is left and starts the stack again; its data is kept."
            )
        else:
            lines.append(
                "[red]The supervisor is not running: crashed processes are not restarted.[/] "
                "This stack is in memory: its topics live only as long as its broker runs."
            )
    else:
        lines.append(
            "The supervisor restarts crashed processes by itself. To restart one by hand: "
            + (
                f"quotewire stack restart NAME{sd} (nothing is lost)"
                if state.durable
                else f"quotewire stack restart NAME{sd} (not kafka: this stack's topics are in memory)"
            )
        )
    return lines, False


def capacity_lines(search_pid: int | None) -> list[str]:
    """The in-memory search server's memory, and a warning when it nears the machine's."""
    from quotewire_devstack.capacity import capacity_line, capacity_warning, meminfo, rss_bytes

    rss = rss_bytes(search_pid) if search_pid else None
    mem = meminfo()
    if rss is None or mem is None:
        return []
    total, available = mem
    lines = [f"{'Search memory':<16}: {capacity_line(rss, total)}"]
    warning = capacity_warning(rss, total, available)
    if warning:
        lines.append(f"[yellow bold]warning: {escape(warning)}[/]")
    return lines


def _plain(markup: str) -> str:
    from rich.text import Text

    return Text.from_markup(markup).plain


@stack_app.command("status")
def status(
    state_dir: StateDir = DEFAULT_STATE_DIR,
    lag_interval: Annotated[
        float | None,
        typer.Option(
            "--lag-interval",
            min=0,
            help="Seconds the drain rate of the backlog is measured over (0: backlog only)",
        ),
    ] = 2.0,
    no_lag: Annotated[
        bool, typer.Option("--no-lag", help="Leave out the consumer groups' backlog")
    ] = False,
) -> None:
    """Check the recorded stack: every process alive and answering, its restarts, last
    exit code and uptime, and how far the extract, index, derived and alerts groups are
    behind (backlog, time to drain). Exit 0 when all are up, 1 otherwise."""
    if no_lag:
        lag_interval = None
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; start one with `quotewire stack up`.")
        raise typer.Exit(1)
    lines, ok = status_lines(state, state_dir)
    for line in lines:
        console.print(line, highlight=False)
    if lag_interval is not None and state.alive().get("kafka"):
        for line in backlog_lines(state.kafka, lag_interval):
            console.print(line, highlight=False)
    if not ok:
        raise typer.Exit(1)


def backlog_lines(bootstrap: str, interval_s: float) -> list[str]:
    """The pipeline's consumer groups: backlog, drain rate over ``interval_s``, time to
    drain (what `quotewire lag` shows per partition)."""
    settings = KafkaSettings(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    groups = ConsumerGroupSettings().pipeline_groups()
    try:
        reader = LagReader(settings)
        try:
            measured = measure(reader, groups, interval_s)
        finally:
            reader.close()
    except KafkaError as exc:
        return ["", f"{'Backlog':<16}: [yellow]unknown (Kafka: {escape(repr(exc))})[/]"]
    out = ["", f"{'Backlog':<16}: per consumer group (`quotewire lag` for partitions)"]
    out += [f"  {escape(summary_line(g))}" for g in measured.values()]
    return out


@stack_app.command("restart")
def restart(
    name: Annotated[str, typer.Argument(help="Process to restart, as `stack status` names it")],
    state_dir: StateDir = DEFAULT_STATE_DIR,
    lose_data: Annotated[
        bool,
        typer.Option(
            "--lose-data",
            help="Allow restarting the broker of an --ephemeral stack (its topics are lost)",
        ),
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the restart")] = 120.0,
) -> None:
    """Restart one process of the running stack (stopped gracefully, started at once).

    Restarting the broker or the object store of a durable stack loses nothing; the
    search server comes back empty and the index is rebuilt from the topics."""
    state = StackState.load(state_dir)
    if state is None:
        console.print(f"No stack recorded in {state_dir}; start one with `quotewire stack up`.")
        raise typer.Exit(1)
    known = list(state.units)
    if name not in known:
        console.print(f"[red]no process {name!r} in this stack;[/] one of: {', '.join(known)}")
        raise typer.Exit(2)
    if not state.supervisor_alive():
        console.print(
            "[red]the stack's supervisor is not running[/], so nothing can be restarted "
            "(see `quotewire stack status`)."
        )
        raise typer.Exit(1)
    if name == "kafka" and not state.durable and not lose_data:
        console.print(
            "[red]not restarted:[/] this stack keeps its topics in memory (--ephemeral); "
            "restarting its broker empties every topic. Add --lose-data if that is what "
            "you want."
        )
        raise typer.Exit(1)
    before = state.units[name]
    request_restart(state_dir, name)
    _log(f"restart of {name} requested")

    def restarted():
        now = StackState.load(state_dir)
        rec = now.units.get(name) if now else None
        return rec if rec and rec.restarts > before.restarts and rec.state == "up" else None

    with contextlib.suppress(TimeoutError):
        rec = wait_until(restarted, timeout, 0.3, f"{name} not restarted")
        console.print(f"{name} restarted (pid {rec.pid}, restart #{rec.restarts})")
        return
    console.print(
        f"[red]{name} not restarted after {timeout:.0f}s;[/] see `quotewire stack status`"
    )
    raise typer.Exit(1)


@stack_app.command("bench-broker")
def bench_broker(
    records: Annotated[int, typer.Option(min=10, help="Single sends timed per broker")] = 300,
    rounds: Annotated[int, typer.Option(min=1, help="Interleaved rounds")] = 6,
    size: Annotated[int, typer.Option(min=1, help="Record size in bytes (an article)")] = 4000,
    burst: Annotated[int, typer.Option(min=10, help="Records per broker sent as bursts")] = 1200,
) -> None:
    """Produce latency of the durable broker (log in the object store) against the
    in-memory one, both started here on free ports, timed in interleaved rounds."""
    from quotewire_devstack.bench_broker import report, run

    with console.status("starting an object store and two brokers; timing sends"):
        out = run(records=records, rounds=rounds, size=size, burst=burst)
    console.print(
        f"acks=all, idempotent, linger 0, {size}-byte records; one send at a time "
        f"(send().get()), then bursts of {burst // rounds} (send all, flush)",
        highlight=False,
    )
    for line in report(out, burst, rounds):
        console.print(line, highlight=False)


@stack_app.command("bench-e2e")
def bench_e2e(
    rates: Annotated[
        str, typer.Option(help="Comma-separated paced rates, articles/s (single POSTs)")
    ] = "1,5,10,20,35",
    seconds: Annotated[float, typer.Option(min=1, help="Seconds of load per rate")] = 60.0,
    burst: Annotated[
        int, typer.Option(min=0, help="Articles posted at once after the rates (0: none)")
    ] = 300,
    workers: Annotated[int, typer.Option(min=1, help="Extract worker processes")] = 2,
    compare_workers: Annotated[
        bool, typer.Option(help="Repeat the burst with one worker: the N-vs-1 ratio")
    ] = True,
    ingest_ratio: Annotated[
        bool, typer.Option(help="Time the ingest publisher against a bare producer")
    ] = True,
    drain_timeout: Annotated[
        float,
        typer.Option(help="Seconds to wait after a rate for its articles to be searchable"),
    ] = 300.0,
    out: Annotated[Path, typer.Option(help="JSON summary, plot and the stack's logs")] = (
        DEFAULT_STATE_DIR / "bench"
    ),
    gold: Annotated[
        Path, typer.Option(exists=True, file_okay=False, help="Gold files: the article texts")
    ] = Path("data/attribution"),
    indexer_ratio: Annotated[
        Path | None,
        typer.Option(
            help="JSON of the indexer's own benchmark (make bench-index) to report its "
            "indexer-vs-bare-streaming_bulk ratio beside these (make bench-e2e runs it first)"
        ),
    ] = None,
) -> None:
    """POST → searchable latency per paced rate (p50/p95/p99, where the time goes, backlog
    trend, CPU cores per process), a burst with N workers and with 1, and ingest vs a bare producer, on a stack
    of its own (in memory, free ports). A benchmark: it prints numbers, asserts nothing."""
    from quotewire_devstack.bench_e2e import (
        BenchConfig,
        attach_indexer_ratio,
        cpu_lines,
        ratio_lines,
        run,
        table,
        write,
    )

    try:
        parsed = tuple(float(r) for r in rates.split(",") if r.strip())
    except ValueError:
        console.print(f"[red]--rates must be numbers separated by commas, not {rates!r}")
        raise typer.Exit(2) from None
    if not parsed or min(parsed) <= 0:
        console.print("[red]--rates needs at least one rate above 0")
        raise typer.Exit(2)
    config = BenchConfig(
        rates=parsed,
        seconds=seconds,
        burst=burst,
        workers=workers,
        compare_workers=compare_workers,
        ingest_ratio=ingest_ratio,
        drain_timeout_s=drain_timeout,
        gold_dir=gold,
        out_dir=out,
    )
    summary = run(config, _log)
    if indexer_ratio is not None:
        attach_indexer_ratio(summary, indexer_ratio)
    path, png = write(summary, out)
    console.print(
        f"\nquotewire stack bench-e2e --rates {rates} --seconds {seconds:g} --burst {burst} "
        f"--workers {workers}: {summary['seconds']:.0f}s in all\n",
        highlight=False,
    )
    for line in table(summary) + [""] + cpu_lines(summary) + [""] + ratio_lines(summary):
        console.print(line, highlight=False, soft_wrap=True)
    console.print(
        f"\nsummary: {path}" + (f"; plot: {png}" if png else " (no plot: matplotlib missing)"),
        highlight=False,
    )


@stack_app.command("chaos")
def chaos(
    articles: Annotated[
        int, typer.Option(min=1, help="Articles in all, split over the scenarios")
    ] = 2000,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Run only these (repeatable); default: all"),
    ] = None,
    window: Annotated[
        float, typer.Option(min=5, help="Seconds of load and fault per scenario")
    ] = 45.0,
    converge_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the index to converge after a fault")
    ] = 420.0,
    extract: Annotated[int, typer.Option(min=1, help="Extract worker processes")] = 2,
    gold: Annotated[
        Path, typer.Option(exists=True, file_okay=False, help="Gold files: the article texts")
    ] = Path("data/attribution"),
    state_dir: Annotated[
        Path, typer.Option("--state-dir", help="The chaos stack's record, data and logs (wiped)")
    ] = DEFAULT_STATE_DIR / "chaos",
) -> None:
    """Articles through a durable stack while processes are killed (-9) and paused
    (SIGSTOP 30 s), one scenario after the other; per scenario: expected vs indexed
    statements, lost, duplicated, time to converge, dead letters, and whether the
    speakers registry and quote clusters caught up with the statements. Exit 1 unless
    every scenario converged (the derived indices too) with nothing lost or doubled."""
    import shutil
    import tempfile

    from quotewire_devstack.chaos import (
        SCENARIO_NAMES,
        SCENARIOS,
        expected_spans,
        format_table,
        load_templates,
        run_chaos,
    )

    wanted = scenario or SCENARIO_NAMES
    unknown = [w for w in wanted if w not in SCENARIO_NAMES]
    if unknown:
        console.print(
            f"[red]unknown scenario {', '.join(unknown)};[/] one of {', '.join(SCENARIO_NAMES)}"
        )
        raise typer.Exit(2)
    chosen = [s for s in SCENARIOS if s.name in wanted]
    if StackState.load(state_dir) is not None:
        down(state_dir)
    shutil.rmtree(state_dir, ignore_errors=True)
    with (
        console.status("extracting the template texts once (the expected statements)"),
        tempfile.TemporaryDirectory(prefix="qw-chaos-") as work,
    ):
        templates = expected_spans(load_templates(gold), Path(work))
    _log(f"{len(templates)} template texts, {sum(len(t.spans) for t in templates)} statements")
    config = StackConfig(
        log_dir=str((state_dir / "logs").absolute()),
        data_dir=str((state_dir / "data").absolute()),
        extract=extract,
    )
    state = start_supervised(state_dir, config, on_step=_log)
    started = time.monotonic()
    try:
        results = run_chaos(
            state, state_dir, templates, chosen, articles, window, converge_timeout, _log
        )
    finally:
        final, _ = status_lines(StackState.load(state_dir) or state, state_dir)
        for line in final:
            console.print(line, highlight=False)
        down(state_dir)
    console.print(
        f"\nquotewire stack chaos --articles {articles} (window {window:.0f}s, {extract} extract "
        f"workers, durable stack): {time.monotonic() - started:.0f}s in all\n",
        highlight=False,
    )
    for line in format_table(results):
        console.print(line, highlight=False, soft_wrap=True)
    bad = [
        r for r in results if r.lost or r.duplicated or r.converge_s is None or r.derived_s is None
    ]
    if bad:
        raise typer.Exit(1)


def _print_state(state: StackState) -> None:
    console.print(f"Kafka bootstrap : {state.kafka}", highlight=False)
    console.print(f"Elasticsearch   : {state.elasticsearch}", highlight=False)
    console.print(f"Ingest API      : {state.ingest_url}/docs", highlight=False)
    console.print(f"Search API      : {state.search_url}/docs", highlight=False)
    if state.durable:
        console.print(f"Data            : {state.data_dir} (durable)", highlight=False)
    else:
        console.print("Data            : in memory (--ephemeral)", highlight=False)
    console.print(f"Logs            : {state.log_dir}", highlight=False)


def demo(
    seeds: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Article folder")
    ] = Path("seeds"),
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
