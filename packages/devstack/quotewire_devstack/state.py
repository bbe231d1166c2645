"""The record a running local stack leaves in its state directory (``stack.json``).

The supervisor (``quotewire stack up``) rewrites it whenever something changes: every
process with its pid, restarts, last exit code and start time, the notices an operator
must see (data lost by an in-memory broker), the start-up steps. ``stack status``,
``stack env``, ``stack restart`` and ``stack down`` read it. Also here: the liveness and
endpoint probes, and the stop of recorded processes when no supervisor is left to do it.
"""

import json
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from quotewire_devstack.services import NODE_CLASS_PATH

DEFAULT_STATE_DIR = Path(".quotewire")
#: The servers the services need; stopped after them.
SERVERS = ("kafka", "elasticsearch", "objectstore")
SUPERVISOR = "supervisor"
#: A word of each recorded process's command line (a PID reused after a reboot is not ours).
_CMDLINE_MARKERS = {
    "kafka": "tansu",
    "elasticsearch": "osmem",
    "objectstore": "weed",
    SUPERVISOR: "quotewire_devstack.supervisor",
}

Step = Callable[[str], None]


def _no_step(msg: str) -> None:
    return None


@dataclass
class UnitRecord:
    """One supervised process as ``stack status`` shows it."""

    pid: int | None = None
    #: up · restarting (crashed; ``next_start_at`` says when) · held (stopped while the
    #: broker it depends on is rebuilt) · stopped
    state: str = "up"
    restarts: int = 0
    last_exit: int | None = None
    started_at: float | None = None
    next_start_at: float | None = None


@dataclass
class StackState:
    """What ``stack up`` leaves behind for ``stack down``, ``status``, ``restart``, ``env``."""

    kafka: str
    elasticsearch: str
    ingest_url: str
    search_url: str
    log_dir: str
    pids: dict[str, int] = field(default_factory=dict)
    #: where the durable stack keeps its data; ``None``: in memory (``--ephemeral``)
    data_dir: str | None = None
    object_store: str | None = None
    supervisor_pid: int | None = None
    #: starting · running · failed · stopping
    phase: str = "running"
    units: dict[str, UnitRecord] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def durable(self) -> bool:
        return self.data_dir is not None

    def save(self, state_dir: Path) -> Path:
        """Write atomically (a reader never sees half a file)."""
        state_dir.mkdir(parents=True, exist_ok=True)
        path = state_dir / "stack.json"
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", "utf-8")
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, state_dir: Path) -> "StackState | None":
        path = state_dir / "stack.json"
        if not path.is_file():
            return None
        raw = json.loads(path.read_text("utf-8"))
        raw["units"] = {k: UnitRecord(**v) for k, v in raw.get("units", {}).items()}
        return cls(**raw)

    @staticmethod
    def clear(state_dir: Path) -> None:
        (state_dir / "stack.json").unlink(missing_ok=True)

    def exports(self) -> dict[str, str]:
        """Environment for other tools (the CLIs, a service run by hand) to use this stack."""
        return {
            "QW_BOOTSTRAP_SERVERS": self.kafka,
            "QW_ES_URL": self.elasticsearch,
            "QW_ES_NODE_CLASS": NODE_CLASS_PATH,
            "QW_INGEST_API": self.ingest_url,
            "QW_SEARCH_API": self.search_url,
        }

    def all_pids(self) -> dict[str, int]:
        """Every recorded process, the supervisor included."""
        pids = dict(self.pids)
        if self.supervisor_pid:
            pids[SUPERVISOR] = self.supervisor_pid
        return pids

    def alive(self) -> dict[str, bool]:
        """Per recorded process: is it still running (and still ours)?"""
        return {name: pid_alive(pid, _marker(name)) for name, pid in self.pids.items()}

    def supervisor_alive(self) -> bool:
        return bool(self.supervisor_pid) and pid_alive(self.supervisor_pid, _marker(SUPERVISOR))

    def health(self, timeout_s: float = 1.0) -> dict[str, str | None]:
        """Per endpoint: ``None`` when it answers, else what is wrong."""
        problems = {
            "kafka": _tcp_problem(self.kafka, timeout_s),
            "elasticsearch": _http_problem(self.elasticsearch, timeout_s),
            "ingest": _http_problem(self.ingest_url + "/readyz", timeout_s),
            "search-api": _http_problem(self.search_url + "/readyz", timeout_s),
        }
        if self.object_store:
            problems["objectstore"] = _http_problem(self.object_store, timeout_s, ok=(200, 403))
        return problems


def _marker(name: str) -> str:
    return _CMDLINE_MARKERS.get(name, "quotewire")


def process_started_at(pid: int) -> float | None:
    """When ``pid`` started (epoch seconds), from /proc; None where /proc does not tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        ticks = int(fields[19])  # field 22 of stat: start time in clock ticks after boot
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def pid_alive(pid: int, marker: str | None = None) -> bool:
    """Is ``pid`` running (not a zombie), and, where /proc tells, is ``marker`` in its
    command line? After a reboot a recorded PID may belong to some other program."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return marker is None
    proc = Path(f"/proc/{pid}")
    try:
        stat = (proc / "stat").read_text()
        if stat.rpartition(")")[2].split()[0] in ("Z", "X"):
            return False
        if marker is not None:
            return marker in (proc / "cmdline").read_bytes().decode("utf-8", "replace")
    except (OSError, IndexError):
        pass
    return True


def _tcp_problem(address: str, timeout_s: float) -> str | None:
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout_s):
            return None
    except (OSError, ValueError) as exc:
        return f"{address}: {exc.strerror if isinstance(exc, OSError) else exc}"


def _http_problem(url: str, timeout_s: float, ok: tuple[int, ...] = (200,)) -> str | None:
    try:
        response = httpx.get(url, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return f"{url}: {type(exc).__name__}"
    return None if response.status_code in ok else f"{url}: HTTP {response.status_code}"


def signal_process(pid: int, sig: int) -> None:
    """To the process group the process leads (services, detached servers), else to it."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop_recorded(
    state: StackState, timeout_s: float = 10.0, on_step: Step = _no_step
) -> list[str]:
    """Stop the processes a stack recorded, when its supervisor is gone; returns the names
    stopped.

    Services get SIGTERM all at once (they shut down in parallel; SIGKILL after
    ``timeout_s``), then the broker and search server SIGKILL (the durable broker has
    every acknowledged write in the object store), then the object store SIGTERM (it
    flushes; SIGKILL after ``timeout_s``)."""
    alive = state.alive()
    services = [n for n in state.pids if n not in SERVERS and alive.get(n)]
    servers = [n for n in ("kafka", "elasticsearch") if alive.get(n)]
    store = [n for n in ("objectstore",) if alive.get(n)]
    stopped: list[str] = []

    def wait(names: list[str], limit_s: float) -> list[str]:
        deadline = time.monotonic() + limit_s
        pending = list(names)
        while pending and time.monotonic() < deadline:
            for name in [n for n in pending if not pid_alive(state.pids[n], _marker(n))]:
                pending.remove(name)
                stopped.append(name)
                on_step(f"{name} stopped")
            if pending:
                time.sleep(0.1)
        return pending

    def send(names: list[str], sig: signal.Signals, limit_s: float) -> list[str]:
        for name in names:
            signal_process(state.pids[name], sig)
        return wait(names, limit_s)

    def term_then_kill(names: list[str]) -> None:
        if not names:
            return
        on_step(f"stopping {', '.join(names)} (SIGTERM)")
        late = send(names, signal.SIGTERM, timeout_s)
        if late:
            on_step(f"{', '.join(late)} still running after {timeout_s:.0f}s: SIGKILL")
            send(late, signal.SIGKILL, 5.0)

    term_then_kill(services)
    if servers:
        on_step(f"stopping {', '.join(servers)} (SIGKILL)")
        send(servers, signal.SIGKILL, 5.0)
    term_then_kill(store)
    return stopped
