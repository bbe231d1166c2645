"""The whole quotewire pipeline on this machine, without Docker.

:class:`LocalStack` starts, in order: in a durable stack the object store (SeaweedFS, the
broker's log lives in its bucket), the Kafka-protocol broker and the Elasticsearch-API
server (stand-ins from PyPI wheels), the one-shot setup (topics with their partition
counts *before* any client, index templates), then ingest, extract, index and the search
API, each as its own process on loopback: on given ports (``quotewire stack up``: 9092,
9200, 8000, 8001, so every CLI default reaches it) or on free ones (the demo, the
tests). Ports are checked before anything starts and kept for restarts.

``make demo`` uses it in the foreground, in memory; ``quotewire stack up`` runs it under
:mod:`quotewire_devstack.supervisor`, which restarts what crashes and keeps the record
(:class:`~quotewire_devstack.state.StackState`) that ``stack status`` reads. Every unit
can be started on its own (:meth:`LocalStack.start_unit`), which is what restarts use.
"""

import logging
import subprocess
import time
from pathlib import Path
from typing import Self

from quotewire_devstack.objectstore import (
    BUCKET,
    ObjectStorePorts,
    S3Credentials,
    broker_env,
    start_object_store,
)
from quotewire_devstack.servers import (
    MEMORY_STORAGE,
    LocalServer,
    PortBusy,
    free_port,
    port_free,
    start_broker,
    start_search,
)
from quotewire_devstack.services import ServiceProcess, script, service_env
from quotewire_devstack.state import (  # noqa: F401 - re-exported for the CLI and tests
    DEFAULT_STATE_DIR,
    SERVERS,
    StackState,
    Step,
    _no_step,
    pid_alive,
    stop_recorded,
)

log = logging.getLogger("quotewire.stack")

#: Services that talk to Kafka: held while an in-memory broker is rebuilt.
KAFKA_CLIENTS = ("ingest", "feeds", "index", "derived", "extract", "alerts")
#: Partitions of articles/statements/alerts in a new local stack: 4 splits evenly over 1,
#: 2 or 4 extract workers (with 3, of two workers one owned two partitions and fell
#: behind while the other idled).
LOCAL_PARTITIONS = 4


def is_kafka_client(name: str) -> bool:
    return name.split("-")[0] in KAFKA_CLIENTS and name != "search-api"


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

    Ports left ``None`` are picked free (demo, tests) and then kept, so a restarted
    server is found where it was; given ones must be free when :meth:`start` runs
    (:class:`PortBusy` otherwise, naming the port and its option). ``data_dir``: the
    broker keeps its log in an object store over that directory (durable); ``None``:
    in memory, everything lost when the broker stops.
    """

    def __init__(
        self,
        log_dir: Path,
        *,
        data_dir: Path | None = None,
        detach: bool = False,
        partitions: int = LOCAL_PARTITIONS,
        extract_replicas: int = 1,
        ingest_port: int | None = None,
        search_port: int | None = None,
        kafka_port: int | None = None,
        es_port: int | None = None,
        unit_env: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.log_dir = log_dir
        #: extra environment per service unit ("index", "extract-1", ...), e.g. metrics ports
        self.unit_env = unit_env or {}
        self.data_dir = data_dir
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
        self.kafka_port = kafka_port or free_port()
        self.es_port = es_port or free_port()
        self.ingest_port = ingest_port or free_port()
        self.search_port = search_port or free_port()
        self.store_ports = ObjectStorePorts.pick() if data_dir else None
        self.objectstore: LocalServer | None = None
        self.broker: LocalServer | None = None
        self.search: LocalServer | None = None
        self.services: list[ServiceProcess] = []

    @property
    def durable(self) -> bool:
        return self.data_dir is not None

    @property
    def kafka_address(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def es_url(self) -> str:
        return f"http://127.0.0.1:{self.es_port}"

    @property
    def object_store_url(self) -> str | None:
        return f"http://127.0.0.1:{self.store_ports.s3}" if self.store_ports else None

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
        return service_env(
            self.kafka_address,
            self.es_url,
            partitions=self.partitions,
            extra={
                "QW_INGEST_HOST": "127.0.0.1",
                "QW_INGEST_PORT": str(self.ingest_port),
                "QW_SEARCH_HOST": "127.0.0.1",
                "QW_SEARCH_PORT": str(self.search_port),
            },
        )

    # -- units: each can be started on its own (a restart starts it again) -----------

    def unit_names(self) -> list[str]:
        servers = (["objectstore"] if self.durable else []) + ["kafka", "elasticsearch"]
        return servers + [p.name for p in self.services]

    def process(self, name: str) -> subprocess.Popen | None:
        if name == "objectstore":
            return self.objectstore.process if self.objectstore else None
        if name == "kafka":
            return self.broker.process if self.broker else None
        if name == "elasticsearch":
            return self.search.process if self.search else None
        return self._service(name).process

    def _service(self, name: str) -> ServiceProcess:
        for proc in self.services:
            if proc.name == name:
                return proc
        raise KeyError(name)

    def start_unit(self, name: str, wait_s: float | None = None) -> subprocess.Popen:
        """Start one unit (again) on its ports and return its process. Servers are ready
        when this returns; a service only when ``wait_s`` is given (its health URL
        answered, or it stayed up): a restart does not wait, so the supervisor keeps
        watching the others (a service that dies at start is one more crash)."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if name == "objectstore":
            assert self.data_dir is not None and self.store_ports is not None
            self.objectstore = start_object_store(
                self.data_dir,
                self.store_ports,
                log_path=self.log_dir / "objectstore.log",
                detach=self.detach,
            )
            return self.objectstore.process
        if name == "kafka":
            storage, storage_env = MEMORY_STORAGE, None
            if self.durable:
                assert self.data_dir is not None and self.object_store_url
                storage = f"s3://{BUCKET}/"
                storage_env = broker_env(
                    self.object_store_url, S3Credentials.load_or_create(self.data_dir)
                )
            self.broker = start_broker(
                self.kafka_port,
                log_path=self.log_dir / "kafka.log",
                detach=self.detach,
                storage=storage,
                storage_env=storage_env,
            )
            return self.broker.process
        if name == "elasticsearch":
            self.search = start_search(
                self.es_port, log_path=self.log_dir / "elasticsearch.log", detach=self.detach
            )
            return self.search.process
        proc = self._service(name).start()
        if wait_s is not None:
            proc.wait_healthy(wait_s)
        assert proc.process is not None
        return proc.process

    def run_setup(self) -> str:
        """Create the missing topics (before any client asks for them: the broker would
        make them with 4 partitions) and the index templates; returns the setup's output."""
        setup = subprocess.run(
            [script("quotewire-index-setup")],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        with open(self.log_dir / "setup.log", "a", encoding="utf-8") as out:
            out.write(setup.stdout + setup.stderr)
        if setup.returncode != 0:
            raise RuntimeError(f"setup failed ({setup.returncode}):\n{setup.stderr[-3000:]}")
        return setup.stdout

    def _define_services(self) -> None:
        env = self.env()
        specs = [
            ("ingest", [script("quotewire-ingest")], f"{self.ingest_url}/readyz"),
            ("index", [script("quotewire-index")], None),
            # the speakers registry and quote clusters, behind the indexer (own group)
            ("derived", [script("quotewire-derived")], None),
            ("search-api", [script("quotewire-search-api")], f"{self.search_url}/readyz"),
            # the feed poller: polls what `quotewire feeds add` registered (none: it idles)
            ("feeds", [script("quotewire-ingest"), "feeds"], None),
            # standing alerts: matches new statements, delivers webhooks (none: it idles)
            ("alerts", [script("quotewire-alerts")], None),
        ] + [
            (f"extract-{i + 1}", [script("quotewire-extract")], None)
            for i in range(self.extract_replicas)
        ]
        # Each worker's heartbeat file beside its log: the services' defaults
        # (/tmp/quotewire-index.alive, ...) would be shared by every stack on the machine.
        self.services = [
            ServiceProcess(
                name,
                argv,
                {
                    **env,
                    "QW_HEALTH_FILE": str(self.health_file(name)),
                    **self.unit_env.get(name, {}),
                },
                self.log_dir / f"{name}.log",
                health,
            )
            for name, argv, health in specs
        ]

    def health_file(self, name: str) -> Path:
        """The heartbeat file of service unit ``name`` in this stack's own directory."""
        return self.log_dir.resolve() / f"{name}.alive"

    def start(self, on_step: Step = _no_step) -> Self:
        self.check_ports()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if self.durable:
            on_step(f"starting the object store (SeaweedFS S3) over {self.data_dir}")
            self.start_unit("objectstore")
            on_step(f"object store on {self.object_store_url} (bucket {BUCKET})")
        on_step(
            "starting Kafka-protocol broker (Tansu, "
            + (f"log in s3://{BUCKET}/)" if self.durable else "in memory)")
        )
        self.start_unit("kafka")
        on_step(f"broker on {self.kafka_address}")
        self.start_unit("elasticsearch")
        on_step(f"Elasticsearch-API server on {self.es_url}")
        on_step("creating topics and index templates (quotewire-index-setup)")
        self.run_setup()
        self._define_services()
        for proc in self.services:
            proc.start()
        for proc in self.services:
            proc.wait_healthy(120)
            on_step(f"{proc.name} up (pid {proc.process.pid}, log {proc.log_path})")
        # a worker without a health URL can die once it tries its dependencies
        for proc in self.services:
            if not proc.running():
                raise proc._exited()
        for server in self.servers():
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited (code {server.process.returncode})")
        return self

    def servers(self) -> list[LocalServer]:
        return [s for s in (self.objectstore, self.broker, self.search) if s is not None]

    def state(self) -> StackState:
        pids = {}
        for name in self.unit_names():
            proc = self.process(name)
            if proc is not None:
                pids[name] = proc.pid
        return StackState(
            kafka=self.kafka_address,
            elasticsearch=self.es_url,
            ingest_url=self.ingest_url,
            search_url=self.search_url,
            log_dir=str(self.log_dir),
            pids=pids,
            data_dir=str(self.data_dir) if self.data_dir else None,
            object_store=self.object_store_url,
        )

    def stop_unit(self, name: str, timeout_s: float = 10.0) -> None:
        """Stop one unit: services SIGTERM (SIGKILL after ``timeout_s``), the broker and
        search server SIGKILL (acknowledged writes are already in the object store, or
        there is nothing to keep), the object store SIGTERM so it flushes."""
        if name == "objectstore" and self.objectstore:
            # SIGTERM lets it close its files; it survives a kill -9 too (every write
            # the broker got an answer for is on disk), so the wait is short
            self.objectstore.stop(graceful_s=min(timeout_s, 3.0))
        elif name == "kafka" and self.broker:
            self.broker.stop()
        elif name == "elasticsearch" and self.search:
            self.search.stop()
        elif name not in SERVERS:
            self._service(name).stop(timeout_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM every service at once, wait (SIGKILL after ``timeout_s``), then the
        servers (the services needed them to shut down), the object store last."""
        for proc in self.services:
            proc.terminate()
        deadline = time.monotonic() + timeout_s
        for proc in self.services:
            proc.wait_stopped(deadline - time.monotonic())
        for name in ("kafka", "elasticsearch", "objectstore"):
            self.stop_unit(name, timeout_s)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
