"""`quotewire stack up` as an operator runs it: a supervised stack in the background.

The real commands in their own processes, on free ports, in memory (--ephemeral: the
durable broker has its own tests): a killed service comes back by itself and `stack
status` says how often and why; `stack restart` restarts on request; `stack down`
stops everything it started."""

import os
import signal
import subprocess
import time

import pytest
from quotewire_devstack.servers import free_port
from quotewire_devstack.services import script
from quotewire_devstack.state import StackState

pytestmark = pytest.mark.integration


def qw(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script("quotewire"), "stack", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def wait_for(predicate, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("condition not reached in time")


def test_supervised_stack_restarts_a_killed_service_and_reports_it(tmp_path):
    state_dir = tmp_path / "qw"
    sd = ["--state-dir", str(state_dir)]
    ports = [
        "--kafka-port", str(free_port()), "--es-port", str(free_port()),
        "--ingest-port", str(free_port()), "--search-port", str(free_port()),
    ]
    up = qw("up", "--ephemeral", *sd, *ports)
    assert up.returncode == 0, up.stdout + up.stderr
    try:
        state = StackState.load(state_dir)
        assert state is not None and state.supervisor_alive() and not state.durable
        killed = state.pids["index"]
        os.kill(killed, signal.SIGKILL)

        def restarted() -> bool:
            rec = StackState.load(state_dir).units["index"]
            return rec.restarts == 1 and rec.state == "up"

        wait_for(restarted)
        status = qw("status", *sd)
        row = next(line for line in status.stdout.splitlines() if line.startswith("index "))
        assert row.split()[-3:] == ["1", "-9", "(SIGKILL)"], status.stdout
        assert str(killed) not in row
        assert "quotewire stack down" not in status.stdout

        again = qw("restart", "search-api", *sd)
        assert again.returncode == 0 and "search-api restarted" in again.stdout, again.stdout
        refused = qw("restart", "kafka", *sd)
        assert refused.returncode == 1 and "--lose-data" in refused.stdout
    finally:
        last = StackState.load(state_dir)
        down = qw("down", *sd)
    assert down.returncode == 0, down.stdout + down.stderr
    assert StackState.load(state_dir) is None
    assert not last.supervisor_alive()
    assert not [name for name, up in last.alive().items() if up]
