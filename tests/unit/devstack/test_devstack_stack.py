"""``quotewire stack``: busy ports, stale records, liveness in status, parallel stop.

No broker or search server: the "processes" are small Python sleepers whose command
line carries the word the state check looks for."""

import socket
import time
from pathlib import Path

import pytest
from quotewire_devstack import cli as stack_cli
from quotewire_devstack.servers import PortBusy, port_free, start_broker, start_search
from quotewire_devstack.stack import LocalStack, StackState, pid_alive, stop_recorded
from quotewire_devstack.state import process_started_at
from qw_stack_helpers import dead_pid, recorded_state, sleeper
from typer.testing import CliRunner


@pytest.fixture
def listening_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def state(pids: dict[str, int]) -> StackState:
    return recorded_state(pids)


def run(*args: str):
    return CliRunner().invoke(stack_cli.stack_app, list(args), env={"COLUMNS": "200"})


def test_busy_port_is_detected_before_anything_starts(listening_port):
    assert not port_free(listening_port)
    stack = LocalStack(Path("/nonexistent"), kafka_port=listening_port)
    with pytest.raises(PortBusy) as err:
        stack.check_ports()
    assert str(listening_port) in str(err.value) and "--kafka-port" in str(err.value)
    with pytest.raises(PortBusy):
        start_broker(listening_port)
    with pytest.raises(PortBusy):
        start_search(listening_port)


def test_all_busy_ports_are_named(listening_port, tmp_path):
    stack = LocalStack(tmp_path, es_port=listening_port, search_port=listening_port)
    with pytest.raises(PortBusy) as err:
        stack.check_ports()
    assert "--es-port" in str(err.value) and "--search-port" in str(err.value)
    assert not (tmp_path / "kafka.log").exists()  # nothing was started


def test_free_ports_pass(tmp_path):
    LocalStack(tmp_path).check_ports()  # demo / tests: random free ports, nothing fixed


def test_pid_alive_checks_the_command_line():
    proc = sleeper()
    try:
        assert pid_alive(proc.pid, "quotewire")
        assert not pid_alive(proc.pid, "tansu")  # a reused PID is not our broker
    finally:
        proc.kill()
        proc.wait()
    assert not pid_alive(proc.pid, "quotewire")
    assert not pid_alive(dead_pid())


def test_up_clears_a_stale_record(tmp_path):
    state({"kafka": dead_pid(), "ingest": dead_pid()}).save(tmp_path)
    assert stack_cli._clear_stale(tmp_path) is True
    assert StackState.load(tmp_path) is None


def test_up_refuses_while_a_recorded_process_runs(tmp_path):
    proc = sleeper()
    try:
        state({"kafka": dead_pid(), "index": proc.pid}).save(tmp_path)
        result = run("up", "--state-dir", str(tmp_path))
        assert result.exit_code == 1
        assert "already running" in result.output and "index" in result.output
        assert StackState.load(tmp_path) is not None
    finally:
        proc.kill()
        proc.wait()


def test_status_of_a_dead_stack_fails_and_says_so(tmp_path):
    state({"kafka": dead_pid(), "elasticsearch": dead_pid(), "ingest": dead_pid()}).save(tmp_path)
    result = run("status", "--state-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "not running" in result.output and "down" in result.output


def test_status_names_the_process_that_is_down(tmp_path):
    proc = sleeper()
    try:
        state({"index": proc.pid, "extract-1": dead_pid()}).save(tmp_path)
        result = run("status", "--state-dir", str(tmp_path))
        assert result.exit_code == 1
        assert "extract-1 is down" in result.output
        assert "index is down" not in result.output
    finally:
        proc.kill()
        proc.wait()


def test_status_without_a_record(tmp_path):
    result = run("status", "--state-dir", str(tmp_path))
    assert result.exit_code == 1 and "stack up" in result.output


def test_env_prints_exports(tmp_path):
    state({}).save(tmp_path)
    result = run("env", "--state-dir", str(tmp_path))
    assert result.exit_code == 0
    assert "export QW_BOOTSTRAP_SERVERS=127.0.0.1:9" in result.output
    assert "export QW_ES_NODE_CLASS=quotewire_devstack.compat:PlainJsonNode" in result.output


def test_stop_recorded_stops_services_in_parallel_and_reports(tmp_path):
    """Three services that ignore SIGTERM: all get SIGTERM at once and SIGKILL together
    after one timeout (one after another would take three timeouts or more)."""
    timeout_s = 2.0
    procs = [sleeper(ignore_term=True) for _ in range(3)]
    steps: list[str] = []
    try:
        pids = {"ingest": procs[0].pid, "index": procs[1].pid, "extract-1": procs[2].pid}
        started = time.monotonic()
        stopped = stop_recorded(state(pids), timeout_s=timeout_s, on_step=steps.append)
        took = time.monotonic() - started
        assert sorted(stopped) == ["extract-1", "index", "ingest"]
        assert timeout_s <= took < 3 * timeout_s, (took, steps)
        assert any("SIGTERM" in s for s in steps)
        (killed,) = [s for s in steps if "SIGKILL" in s]  # one step names all three
        assert all(name in killed for name in pids), steps
    finally:
        for p in procs:
            p.kill()
            p.wait()


def test_down_clears_the_record(tmp_path):
    proc = sleeper()
    try:
        state({"index": proc.pid, "kafka": dead_pid()}).save(tmp_path)
        result = run("down", "--state-dir", str(tmp_path))
        assert result.exit_code == 0 and "index" in result.output
        assert StackState.load(tmp_path) is None
    finally:
        proc.kill()
        proc.wait()


def test_process_started_at_is_the_process_own_start():
    before = time.time()
    proc = sleeper()
    after = time.time()
    try:
        started = process_started_at(proc.pid)
        # /proc's boot time is in whole seconds: allow one second either way
        assert started is not None and before - 1.0 <= started <= after + 1.0
    finally:
        proc.kill()
        proc.wait()
    assert process_started_at(proc.pid) is None  # reaped: /proc has nothing


def test_each_stack_and_worker_has_its_own_health_file(tmp_path):
    """Two local stacks on one machine never share a heartbeat file (the services'
    defaults, /tmp/quotewire-index.alive and the like, are one per machine)."""
    files: list[Path] = []
    for name in ("one", "two"):
        stack = LocalStack(tmp_path / name, extract_replicas=2)
        stack._define_services()
        for proc in stack.services:
            path = Path(proc.env["QW_HEALTH_FILE"])
            assert path.parent == (tmp_path / name).resolve(), (name, proc.name, path)
            files.append(path)
    assert len(files) == len(set(files))
    assert {p.name for p in files} >= {"index.alive", "derived.alive", "extract-2.alive"}
