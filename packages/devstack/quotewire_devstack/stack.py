"""The whole quotewire pipeline on this machine, without Docker.

:class:`LocalStack` starts, in order: the Kafka-protocol broker and the
Elasticsearch-API server (stand-ins from PyPI wheels), the one-shot setup (topics with
their partition counts *before* any client, index templates), then ingest, extract,
index and the search API, each as its own process on a free loopback port.

``make demo`` uses it in the foreground; ``quotewire stack up`` leaves it running in the
background and records it in a state file so ``quotewire stack down`` can stop it.
"""

import json
import logging
import os
import signal
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from quotewire_devstack.servers import LocalServer, free_port, start_broker, start_search
from quotewire_devstack.services import ServiceProcess, script, service_env

log = logging.getLogger("quotewire.stack")

DEFAULT_STATE_DIR = Path(".quotewire")


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


class LocalStack:
    def __init__(
        self,
        log_dir: Path,
        *,
        detach: bool = False,
        partitions: int = 3,
        extract_replicas: int = 1,
        ingest_port: int | None = None,
        search_port: int | None = None,
    ) -> None:
        self.log_dir = log_dir
        self.detach = detach
        self.partitions = partitions
        self.extract_replicas = extract_replicas
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

    def start(self, on_step=lambda msg: None) -> "LocalStack":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        on_step("starting Kafka-protocol broker (Tansu)")
        self.broker = start_broker(log_path=self.log_dir / "kafka.log", detach=self.detach)
        on_step(f"broker on {self.broker.address}")
        self.search = start_search(log_path=self.log_dir / "elasticsearch.log", detach=self.detach)
        on_step(f"Elasticsearch-API server on {self.search.address}")
        env = self.env()
        on_step("creating topics and index templates (quotewire-index-setup)")
        setup = subprocess.run(
            [script("quotewire-index-setup")],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
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

    def stop(self) -> None:
        for proc in reversed(self.services):
            proc.stop()
        for server in (self.broker, self.search):
            if server is not None:
                server.stop()

    def __enter__(self) -> "LocalStack":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def stop_recorded(state: StackState, timeout_s: float = 10.0) -> list[str]:
    """Stop the processes a detached stack recorded; returns the names stopped."""
    stopped = []
    services = [n for n in state.pids if n not in ("kafka", "elasticsearch")]
    for name in [*services, "kafka", "elasticsearch"]:
        pid = state.pids.get(name)
        if pid is None or not _alive(pid):
            continue
        sig = signal.SIGTERM if name in services else signal.SIGKILL
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            os.kill(pid, sig)
        deadline = time.monotonic() + timeout_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        stopped.append(name)
    return stopped
