"""The whole quotewire pipeline on this machine, without Docker.

:class:`LocalStack` starts, in order: the Kafka-protocol broker and the
Elasticsearch-API server (stand-ins from PyPI wheels), the one-shot setup (topics with
their partition counts *before* any client, index templates), then ingest, extract,
index and the search API, each as its own process on loopback: on given ports (``quotewire
stack up``: 9092, 9200, 8000, 8001, so every CLI default reaches it) or on free ones (the
demo, the tests). Ports are checked before anything starts.

``make demo`` uses it in the foreground; ``quotewire stack up`` leaves it running in the
background and records it in a state file (:class:`StackState`) so ``quotewire stack
status`` can check it and ``quotewire stack down`` can stop it.
"""

import json
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Self

import httpx

from quotewire_devstack.servers import (
    LocalServer,
    PortBusy,
    free_port,
    port_free,
    start_broker,
    start_search,
)
from quotewire_devstack.services import NODE_CLASS_PATH, ServiceProcess, script, service_env

log = logging.getLogger("quotewire.stack")

DEFAULT_STATE_DIR = Path(".quotewire")
SERVERS = ("kafka", "elasticsearch")
#: A word of each recorded process's command line (a PID reused after a reboot is not ours).
_CMDLINE_MARKERS = {"kafka": "tansu", "elasticsearch": "osmem"}

Step = Callable[[str], None]


def _no_step(msg: str) -> None:
    return None


@dataclass
class StackState:
    """What ``stack up`` leaves behind for ``stack down`` and ``stack status``."""

    kafka: str
    elasticsearch: str
    ingest_url: str
    search_url: str
    log_dir: str
    pids: dict[str, int] = field(default_factory=dict)

    def save(self, state_dir: Path) -> Path:
        state_dir.mkdir(parents=True, exist_ok=True)
        path = state_dir / "stack.json"
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", "utf-8")
        return path

    @classmethod
    def load(cls, state_dir: Path) -> "StackState | None":
        path = state_dir / "stack.json"
        if not path.is_file():
            return None
        return cls(**json.loads(path.read_text("utf-8")))

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

    def alive(self) -> dict[str, bool]:
        """Per recorded process: is it still running (and still ours)?"""
        return {name: pid_alive(pid, _marker(name)) for name, pid in self.pids.items()}

    def health(self, timeout_s: float = 1.0) -> dict[str, str | None]:
        """Per endpoint: ``None`` when it answers, else what is wrong."""
        return {
            "kafka": _tcp_problem(self.kafka, timeout_s),
            "elasticsearch": _http_problem(self.elasticsearch, timeout_s),
            "ingest": _http_problem(self.ingest_url + "/readyz", timeout_s),
            "search-api": _http_problem(self.search_url + "/readyz", timeout_s),
        }


def _marker(name: str) -> str:
    return _CMDLINE_MARKERS.get(name, "quotewire")


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


def _http_problem(url: str, timeout_s: float) -> str | None:
    try:
        response = httpx.get(url, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return f"{url}: {type(exc).__name__}"
    return None if response.status_code == 200 else f"{url}: HTTP {response.status_code}"


#: The CLI option that sets each port of ``quotewire stack up`` (named in PortBusy errors).
PORT_OPTIONS = {
    "kafka": "--kafka-port",
    "elasticsearch": "--es-port",
    "ingest": "--ingest-port",
    "search-api": "--search-port",
}
_PORT_WHAT = {
    "kafka": "Kafka broker",
    "elasticsearch": "Elasticsearch-API server",
    "ingest": "ingest API",
    "search-api": "search API",
}


class LocalStack:
    """The whole pipeline as local processes.

    Ports left ``None`` are picked free (demo, tests); given ones must be free when
    :meth:`start` runs (:class:`PortBusy` otherwise, naming the port and its option).
    """

    def __init__(
        self,
        log_dir: Path,
        *,
        detach: bool = False,
        partitions: int = 3,
        extract_replicas: int = 1,
        ingest_port: int | None = None,
        search_port: int | None = None,
        kafka_port: int | None = None,
        es_port: int | None = None,
    ) -> None:
        self.log_dir = log_dir
        self.detach = detach
        self.partitions = partitions
        self.extract_replicas = extract_replicas
        self.fixed_ports = {
            name: port
            for name, port in (
                ("kafka", kafka_port),
                ("elasticsearch", es_port),
                ("ingest", ingest_port),
                ("search-api", search_port),
            )
            if port
        }
        self.kafka_port = kafka_port
        self.es_port = es_port
        self.ingest_port = ingest_port or free_port()
        self.search_port = search_port or free_port()
        self.broker: LocalServer | None = None
        self.search: LocalServer | None = None
        self.services: list[ServiceProcess] = []

    @property
    def ingest_url(self) -> str:
        return f"http://127.0.0.1:{self.ingest_port}"

    @property
    def search_url(self) -> str:
        return f"http://127.0.0.1:{self.search_port}"

    def busy_ports(self) -> list[PortBusy]:
        """The given ports something already listens on."""
        return [
            PortBusy(port, _PORT_WHAT[name], PORT_OPTIONS[name])
            for name, port in self.fixed_ports.items()
            if not port_free(port)
        ]

    def check_ports(self) -> None:
        """Raise :class:`PortBusy` (all busy ports in its message) before starting anything."""
        busy = self.busy_ports()
        if busy:
            first = busy[0]
            if len(busy) > 1:
                first.args = ("\n".join(str(b) for b in busy),)
            raise first

    def env(self) -> dict[str, str]:
        assert self.broker and self.search
        return service_env(
            self.broker.address,
            self.search.address,
            partitions=self.partitions,
            extra={
                "QW_INGEST_HOST": "127.0.0.1",
                "QW_INGEST_PORT": str(self.ingest_port),
                "QW_SEARCH_HOST": "127.0.0.1",
                "QW_SEARCH_PORT": str(self.search_port),
            },
        )

    def start(self, on_step: Step = _no_step) -> Self:
        self.check_ports()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        on_step("starting Kafka-protocol broker (Tansu)")
        self.broker = start_broker(
            self.kafka_port, log_path=self.log_dir / "kafka.log", detach=self.detach
        )
        on_step(f"broker on {self.broker.address}")
        self.search = start_search(
            self.es_port, log_path=self.log_dir / "elasticsearch.log", detach=self.detach
        )
        on_step(f"Elasticsearch-API server on {self.search.address}")
        env = self.env()
        on_step("creating topics and index templates (quotewire-index-setup)")
        setup = subprocess.run(
            [script("quotewire-index-setup")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        (self.log_dir / "setup.log").write_text(setup.stdout + setup.stderr, "utf-8")
        if setup.returncode != 0:
            raise RuntimeError(f"setup failed ({setup.returncode}):\n{setup.stderr[-3000:]}")
        specs = [
            ("ingest", [script("quotewire-ingest")], f"{self.ingest_url}/readyz"),
            ("index", [script("quotewire-index")], None),
            ("search-api", [script("quotewire-search-api")], f"{self.search_url}/readyz"),
        ] + [
            (f"extract-{i + 1}", [script("quotewire-extract")], None)
            for i in range(self.extract_replicas)
        ]
        for name, argv, health in specs:
            proc = ServiceProcess(name, argv, env, self.log_dir / f"{name}.log", health)
            self.services.append(proc.start())
        for proc in self.services:
            proc.wait_healthy(120)
            on_step(f"{proc.name} up (pid {proc.process.pid}, log {proc.log_path})")
        # a worker without a health URL can die once it tries its dependencies
        for proc in self.services:
            if not proc.running():
                raise proc._exited()
        for server in (self.broker, self.search):
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited (code {server.process.returncode})")
        return self

    def state(self) -> StackState:
        assert self.broker and self.search
        pids = {"kafka": self.broker.pid, "elasticsearch": self.search.pid}
        pids.update({p.name: p.process.pid for p in self.services if p.process})
        return StackState(
            kafka=self.broker.address,
            elasticsearch=self.search.address,
            ingest_url=self.ingest_url,
            search_url=self.search_url,
            log_dir=str(self.log_dir),
            pids=pids,
        )

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM every service at once, wait (SIGKILL after ``timeout_s``), then SIGKILL
        the servers (in memory: nothing to flush; the services needed them to shut down)."""
        for proc in self.services:
            proc.terminate()
        deadline = time.monotonic() + timeout_s
        for proc in self.services:
            proc.wait_stopped(deadline - time.monotonic())
        for server in (self.broker, self.search):
            if server is not None:
                server.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _signal(pid: int, sig: int) -> None:
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
    """Stop the processes a detached stack recorded; returns the names stopped.

    Services get SIGTERM all at once (they shut down in parallel; SIGKILL after
    ``timeout_s``), then the two in-memory servers get SIGKILL."""
    alive = state.alive()
    services = [n for n in state.pids if n not in SERVERS and alive.get(n)]
    servers = [n for n in SERVERS if alive.get(n)]
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

    if services:
        on_step(f"stopping {', '.join(services)} (SIGTERM)")
        for name in services:
            _signal(state.pids[name], signal.SIGTERM)
        late = wait(services, timeout_s)
        if late:
            on_step(f"{', '.join(late)} still running after {timeout_s:.0f}s: SIGKILL")
            for name in late:
                _signal(state.pids[name], signal.SIGKILL)
            wait(late, 5.0)
    if servers:
        on_step(f"stopping {', '.join(servers)} (SIGKILL)")
        for name in servers:
            _signal(state.pids[name], signal.SIGKILL)
        wait(servers, 5.0)
    return stopped
