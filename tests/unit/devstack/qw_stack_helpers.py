"""Helpers of the local-stack unit tests: sleeper processes that pass for stack
processes, a pid that no longer runs, a recorded stack whose endpoints answer nothing."""

import subprocess
import sys
import time

from quotewire_devstack.state import StackState, pid_alive


def sleeper(tag: str = "quotewire") -> subprocess.Popen:
    """A process in its own session whose command line contains ``tag``; returned once
    /proc shows that command line (until the exec, the child still has the parent's)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", f"import time; time.sleep(60)  # {tag}"],
        start_new_session=True,
    )
    deadline = time.monotonic() + 30  # a Python start can take seconds on a loaded machine
    while not pid_alive(proc.pid, tag):
        assert time.monotonic() < deadline, f"the sleeper never showed {tag!r} in /proc"
        time.sleep(0.01)
    return proc


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def recorded_state(pids: dict[str, int], **fields) -> StackState:
    """A stack record; port 9 (discard) on loopback: nothing answers there."""
    return StackState(
        kafka="127.0.0.1:9",
        elasticsearch="http://127.0.0.1:9",
        ingest_url="http://127.0.0.1:9",
        search_url="http://127.0.0.1:9",
        log_dir="/tmp/qw-logs",
        pids=pids,
        **fields,
    )
