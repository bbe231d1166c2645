"""The supervisor of `quotewire stack up`: restarts with backoff, requests, the in-memory
broker rebuild, and what `stack status` says (never a command that destroys data).

No broker or search server: the units are small Python sleepers in a stand-in stack
that records the order of starts and setups; the supervisor itself is the real one."""

import signal
import subprocess
import time
from pathlib import Path

import pytest
from quotewire_devstack import cli as stack_cli
from quotewire_devstack.state import StackState, UnitRecord
from quotewire_devstack.supervisor import (
    Supervisor,
    backoff_s,
    describe_exit,
    request_restart,
)
from qw_stack_helpers import dead_pid, recorded_state, sleeper
from typer.testing import CliRunner


class SleeperStack:
    """What the supervisor needs of a LocalStack, with sleepers as every unit."""

    def __init__(
        self,
        durable: bool,
        names=("kafka", "elasticsearch", "ingest", "index", "search-api", "extract-1"),
    ) -> None:
        self.durable = durable
        self.names = list(names)
        self.procs: dict[str, subprocess.Popen] = {}
        self.log: list[str] = []
        self.fail_starts: dict[str, int] = {}

    def start(self, on_step=None):
        for name in self.names:
            self.start_unit(name)
        return self

    def unit_names(self):
        return list(self.names)

    def process(self, name):
        return self.procs.get(name)

    def start_unit(self, name, wait_s=None):
        if self.fail_starts.get(name):
            self.fail_starts[name] -= 1
            self.log.append(f"start-failed {name}")
            raise RuntimeError(f"{name} did not start")
        self.procs[name] = sleeper()
        self.log.append(f"start {name}")
        return self.procs[name]

    def stop_unit(self, name, timeout_s=10.0):
        proc = self.procs.get(name)
        if proc and proc.poll() is None:
            proc.terminate()
            proc.wait(5)
        self.log.append(f"stop {name}")

    def run_setup(self):
        self.log.append("setup")
        return ""

    def stop(self, timeout_s=10.0):
        for name in self.names:
            self.stop_unit(name)

    def state(self) -> StackState:
        return recorded_state({}, data_dir="/tmp/qw-data" if self.durable else None)


@pytest.fixture
def supervised(tmp_path):
    made: list[Supervisor] = []

    def make(durable: bool = True) -> Supervisor:
        sup = Supervisor(tmp_path, SleeperStack(durable))
        sup.start()
        made.append(sup)
        return sup

    yield make
    for sup in made:
        sup.stack.stop()


def kill(sup: Supervisor, name: str) -> int:
    proc = sup.stack.process(name)
    proc.send_signal(signal.SIGKILL)
    proc.wait(5)
    return proc.pid


def run_until(sup: Supervisor, done, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sup.check()
        if done():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_backoff_doubles_up_to_thirty_seconds():
    assert [backoff_s(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_exit_codes_are_described():
    assert describe_exit(-9) == "-9 (SIGKILL)"
    assert describe_exit(1) == "1"
    assert describe_exit(None) == "—"


def test_a_killed_service_is_restarted_after_a_backoff_and_recorded(supervised, tmp_path):
    sup = supervised()
    old = kill(sup, "index")
    sup.check()
    rec = sup.records["index"]
    assert rec.state == "restarting" and rec.last_exit == -9 and rec.restarts == 0
    assert 0 < rec.next_start_at - time.time() <= 1.0  # first crash: 1 s
    run_until(sup, lambda: rec.state == "up")
    assert rec.restarts == 1 and rec.pid != old and sup.stack.process("index").poll() is None
    sup.save()
    saved = StackState.load(tmp_path)
    assert saved.units["index"].restarts == 1 and saved.units["index"].last_exit == -9
    assert saved.pids["index"] == rec.pid


def test_a_crash_loop_backs_off_longer_each_time(supervised):
    sup = supervised()
    delays = []
    for _ in range(3):
        kill(sup, "extract-1")
        before = time.time()
        sup.check()
        rec = sup.records["extract-1"]
        delays.append(int(rec.next_start_at - before))  # the backoff, plus under 1 s
        rec.next_start_at = time.time()  # do not wait the backoff out in a unit test
        run_until(sup, lambda rec=rec: rec.state == "up")
    assert delays == [1, 2, 4]


def test_a_failed_start_is_retried_with_backoff(supervised):
    sup = supervised()
    sup.stack.fail_starts["ingest"] = 1
    kill(sup, "ingest")
    sup.check()
    sup.records["ingest"].next_start_at = time.time()
    sup.check()  # start fails: scheduled again
    assert sup.records["ingest"].state == "restarting"
    assert "start-failed ingest" in sup.stack.log
    sup.records["ingest"].next_start_at = time.time()
    run_until(sup, lambda: sup.records["ingest"].state == "up")


def test_a_restart_request_restarts_at_once(supervised, tmp_path):
    sup = supervised()
    old = sup.records["search-api"].pid
    request_restart(tmp_path, "search-api")
    assert sup.check()
    rec = sup.records["search-api"]
    assert rec.state == "up" and rec.restarts == 1 and rec.pid != old
    assert not list((tmp_path / "requests").iterdir())  # the request is consumed


def crash_broker(sup: Supervisor) -> list[str]:
    """Kill the broker and let the supervisor restart it without the backoff wait; what
    the stack was asked to do meanwhile."""
    sup.stack.log.clear()
    kill(sup, "kafka")
    sup.check()
    sup.records["kafka"].next_start_at = time.time()
    sup.check()
    return sup.stack.log


def test_a_crashed_memory_broker_is_rebuilt_before_its_clients_reconnect(supervised):
    sup = supervised(durable=False)
    log = crash_broker(sup)
    clients = ["ingest", "index", "extract-1"]
    # every client stopped before the broker starts, topics made before any client starts
    assert log.index("start kafka") > max(log.index(f"stop {c}") for c in clients)
    assert log.index("setup") > log.index("start kafka")
    assert log.index("setup") < min(log.index(f"start {c}") for c in clients)
    assert "stop search-api" not in log  # not a Kafka client
    assert any("DATA LOST" in n for n in sup.notices)
    assert all(sup.records[c].state == "up" for c in clients)


def test_a_crashed_durable_broker_is_just_restarted(supervised):
    sup = supervised(durable=True)
    assert crash_broker(sup) == ["start kafka"]
    assert not sup.notices


# -- what `stack status` says ---------------------------------------------------------


def recorded(durable: bool, supervisor: int | None, pids: dict[str, int], units=None) -> StackState:
    return recorded_state(
        pids,
        data_dir="/data/qw" if durable else None,
        supervisor_pid=supervisor,
        units=units or {n: UnitRecord(pid=p) for n, p in pids.items()},
    )


def plain(lines: list[str]) -> str:
    return "\n".join(stack_cli._plain(line) for line in lines)


DESTRUCTIVE = ("quotewire stack down", "--lose-data", "rm -rf")


@pytest.mark.parametrize("durable", [True, False])
@pytest.mark.parametrize("situation", ["one down", "supervisor gone", "all gone"])
def test_status_never_suggests_a_command_that_destroys_data(durable, situation):
    sup = sleeper("quotewire_devstack.supervisor")
    svc = sleeper()
    try:
        if situation == "one down":
            state = recorded(durable, sup.pid, {"index": svc.pid, "kafka": dead_pid()})
        elif situation == "supervisor gone":
            state = recorded(durable, dead_pid(), {"index": svc.pid, "kafka": dead_pid()})
        else:
            state = recorded(durable, dead_pid(), {"index": dead_pid(), "kafka": dead_pid()})
        lines, ok = stack_cli.status_lines(state)
        text = plain(lines)
        assert not ok
        assert not any(d in text for d in DESTRUCTIVE), text
        if situation != "one down" and durable:
            assert (
                "stack up --data-dir /data/qw" in text
                and "data is kept" in text
                or ("with all its data" in text)
            )
    finally:
        for p in (sup, svc):
            p.kill()
            p.wait()


def test_status_suggestions_name_a_non_default_state_dir():
    state = recorded(True, dead_pid(), {"index": dead_pid()})
    text = plain(stack_cli.status_lines(state, Path("/srv/qw-state"))[0])
    assert "quotewire stack up --data-dir /data/qw --state-dir /srv/qw-state" in text


def test_status_shows_restarts_last_exit_and_uptime():
    sup = sleeper("quotewire_devstack.supervisor")
    svc = sleeper()
    try:
        units = {
            "index": UnitRecord(pid=svc.pid, restarts=2, last_exit=-9, started_at=time.time() - 75),
            "extract-1": UnitRecord(
                state="restarting", restarts=0, last_exit=1, next_start_at=time.time() + 8
            ),
        }
        state = recorded(True, sup.pid, {"index": svc.pid}, units)
        lines, ok = stack_cli.status_lines(state)
        text = plain(lines)
        row = next(line for line in text.splitlines() if line.startswith("index "))
        pid, mark, uptime, *rest = row.split()[1:]
        assert [pid, mark, rest] == [str(svc.pid), "up", ["2", "-9", "(SIGKILL)"]]
        assert uptime in ("1m15s", "1m16s", "1m17s")
        assert "restarting in 7s" in text or "restarting in 8s" in text
        assert "extract-1 exited (1); the supervisor restarts it" in text
        assert not ok
    finally:
        for p in (sup, svc):
            p.kill()
            p.wait()


def test_status_shows_the_data_loss_notice_of_a_memory_broker():
    state = recorded(False, dead_pid(), {})
    state.notices = ["2026-01-01 00:00:00 DATA LOST: the in-memory broker ..."]
    text = plain(stack_cli.status_lines(state)[0])
    assert "DATA LOST" in text and "in memory (--ephemeral)" in text


def run(*args: str):
    return CliRunner().invoke(stack_cli.stack_app, list(args), env={"COLUMNS": "200"})


def test_restart_refuses_the_memory_broker_without_lose_data(tmp_path):
    sup = sleeper("quotewire_devstack.supervisor")
    try:
        recorded(False, sup.pid, {"kafka": dead_pid()}).save(tmp_path)
        result = run("restart", "kafka", "--state-dir", str(tmp_path))
        assert result.exit_code == 1 and "--lose-data" in result.output
        assert not (tmp_path / "requests").exists()
    finally:
        sup.kill()
        sup.wait()


def test_restart_names_the_known_processes(tmp_path):
    recorded(True, dead_pid(), {"kafka": dead_pid(), "index": dead_pid()}).save(tmp_path)
    result = run("restart", "kafak", "--state-dir", str(tmp_path))
    assert result.exit_code == 2 and "kafka" in result.output and "index" in result.output


def test_restart_without_a_supervisor_says_so(tmp_path):
    recorded(True, dead_pid(), {"index": dead_pid()}).save(tmp_path)
    result = run("restart", "index", "--state-dir", str(tmp_path))
    assert result.exit_code == 1 and "supervisor is not running" in result.output


def test_up_stops_what_a_dead_supervisor_left_and_keeps_durable_data(tmp_path):
    svc = sleeper()
    try:
        recorded(True, dead_pid(), {"index": svc.pid}).save(tmp_path)
        assert stack_cli._clear_stale(tmp_path) is True
        svc.wait(15)  # stopped (SIGTERM) by _clear_stale
        assert StackState.load(tmp_path) is None
    finally:
        if svc.poll() is None:
            svc.kill()
            svc.wait()


def test_ephemeral_and_data_dir_exclude_each_other(tmp_path):
    result = run(
        "up", "--ephemeral", "--data-dir", str(tmp_path / "d"), "--state-dir", str(tmp_path)
    )
    assert result.exit_code == 2 and "--ephemeral" in result.output


def test_state_round_trips_with_units(tmp_path):
    state = recorded(True, 123, {"kafka": 5}, {"kafka": UnitRecord(pid=5, restarts=3)})
    state.notices = ["x"]
    state.save(tmp_path)
    back = StackState.load(tmp_path)
    assert back == state and back.durable
    assert not list(Path(tmp_path).glob("*.tmp*"))
