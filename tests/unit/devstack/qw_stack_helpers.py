"""Helpers of the local-stack unit tests: sleeper processes that pass for stack
processes, a pid that no longer runs, a recorded stack whose endpoints answer nothing."""

import select
import subprocess
import sys

from quotewire_devstack.state import StackState

IGNORE_TERM = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); "


def sleeper(tag: str = "quotewire", ignore_term: bool = False) -> subprocess.Popen:
    """A process in its own session whose command line contains ``tag`` (and which ignores
    SIGTERM if asked); returned once it says it is ready, so its command line and signal
    handling are in place (until the exec, a child still has the parent's)."""
    setup = IGNORE_TERM if ignore_term else ""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"{setup}print('ready', flush=True); import time; time.sleep(60)  # {tag}",
        ],
        start_new_session=True,
        stdout=subprocess.PIPE,
    )
    # a Python start can take seconds on a loaded machine
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    assert ready and proc.stdout.readline() == b"ready\n", f"the sleeper {tag!r} never started"
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
