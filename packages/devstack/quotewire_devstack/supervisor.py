"""The supervisor behind ``quotewire stack up``: starts the stack, restarts what crashes.

Runs as its own background process (``python -m quotewire_devstack.supervisor
STATE_DIR``), reading the stack's settings from ``STATE_DIR/stack-config.json``, and
keeps ``STATE_DIR/stack.json`` current: every unit's pid, restarts, last exit code,
start time, and the notices an operator must see.

* A unit that exits is started again after a backoff (1 s, doubling to 30 s while it
  keeps dying within 30 s of its start; back to 1 s once it stayed up).
* An **in-memory** broker comes back empty. Its clients (ingest, index, extract) are
  stopped first, the broker restarted, the topics created again with their partition
  counts (a client asking first would get 4), the clients started again, and the loss
  is logged and kept as a notice that ``stack status`` shows. A durable broker comes
  back with its log from the object store; the clients reconnect by themselves.
* ``quotewire stack restart NAME`` drops a request file into ``STATE_DIR/requests``;
  the unit is stopped gracefully and started at once.
* SIGTERM (``stack down``) stops everything: services, then broker and search server,
  the object store last.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from quotewire_devstack.stack import LocalStack, is_kafka_client
from quotewire_devstack.state import UnitRecord, process_started_at

log = logging.getLogger("quotewire.supervisor")

CONFIG_FILE = "stack-config.json"
REQUESTS_DIR = "requests"
#: A unit that stayed up this long is healthy again: its next crash restarts after 1 s.
STABLE_S = 30.0
MAX_BACKOFF_S = 30.0
POLL_S = 0.25
#: What a unit that fails to start raises (port taken, not ready in time, exited at once).
START_ERRORS = (OSError, RuntimeError, TimeoutError, subprocess.SubprocessError)


@dataclass
class StackConfig:
    """The options of ``stack up``, handed to the supervisor process."""

    log_dir: str
    data_dir: str | None
    extract: int = 1
    kafka_port: int | None = None
    es_port: int | None = None
    ingest_port: int | None = None
    search_port: int | None = None
    #: delete what the local index received more than this many days ago (None: keep all)
    retention_days: float | None = None

    def save(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / CONFIG_FILE).write_text(json.dumps(asdict(self), indent=2), "utf-8")

    @classmethod
    def load(cls, state_dir: Path) -> "StackConfig":
        return cls(**json.loads((state_dir / CONFIG_FILE).read_text("utf-8")))

    def stack(self) -> LocalStack:
        return LocalStack(
            Path(self.log_dir),
            data_dir=Path(self.data_dir) if self.data_dir else None,
            detach=True,
            extract_replicas=self.extract,
            kafka_port=self.kafka_port,
            es_port=self.es_port,
            ingest_port=self.ingest_port,
            search_port=self.search_port,
        )


def backoff_s(crashes_in_a_row: int) -> float:
    """1, 2, 4, ... 30 seconds before restarting a unit that crashed that many times in
    a row (each within :data:`STABLE_S` of its start)."""
    return min(MAX_BACKOFF_S, 2.0 ** max(crashes_in_a_row - 1, 0))


def describe_exit(code: int | None) -> str:
    if code is None:
        return "—"
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


def request_restart(state_dir: Path, name: str) -> Path:
    """What ``stack restart NAME`` does: leave a request the supervisor picks up."""
    folder = state_dir / REQUESTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"restart-{name}"
    path.write_text(str(time.time()), "utf-8")
    return path


class Supervisor:
    def __init__(
        self, state_dir: Path, stack: LocalStack, retention_days: float | None = None
    ) -> None:
        self.state_dir = state_dir
        self.stack = stack
        self.retention_days = retention_days
        self._retention = None  # LocalRetention, made once the search server is up
        self._retention_thread: threading.Thread | None = None
        self.records: dict[str, UnitRecord] = {}
        self.crashes: dict[str, int] = {}
        self.notices: list[str] = []
        self.steps: list[str] = []
        self.phase = "starting"
        self.error: str | None = None
        self.stopping = False

    # -- the record ---------------------------------------------------------------

    def save(self) -> None:
        state = self.stack.state()
        state.supervisor_pid = os.getpid()
        state.phase = self.phase
        state.units = self.records
        state.notices = self.notices
        state.steps = self.steps
        state.error = self.error
        state.pids = {n: r.pid for n, r in self.records.items() if r.pid}
        state.save(self.state_dir)

    def step(self, msg: str) -> None:
        log.info(msg)
        self.steps.append(msg)
        self.save()

    def notice(self, msg: str) -> None:
        log.error(msg)
        self.notices.append(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {msg}")

    # -- start, watch, restart ----------------------------------------------------

    def start(self) -> None:
        self.stack.start(on_step=self.step)
        now = time.time()
        for name in self.stack.unit_names():
            proc = self.stack.process(name)
            pid = proc.pid if proc else None
            # each process's own start (the stack became ready later than the first)
            started = (process_started_at(pid) if pid else None) or now
            self.records[name] = UnitRecord(pid=pid, started_at=min(started, now))
        self.phase = "running"
        self.step("stack running; the supervisor restarts any process that exits")

    def _started(self, name: str, restarts: int | None = None) -> None:
        rec = self.records[name]
        proc = self.stack.process(name)
        rec.pid = proc.pid if proc else None
        rec.state = "up"
        rec.started_at = time.time()
        rec.next_start_at = None
        if restarts is not None:
            rec.restarts = restarts

    def check(self) -> bool:
        """One round: notice exits, run due restarts and requests. True when changed."""
        changed = self._handle_requests()
        now = time.time()
        for name, rec in self.records.items():
            proc = self.stack.process(name)
            if rec.state == "up" and proc is not None and proc.poll() is not None:
                self._exited(name, proc.returncode, now)
                changed = True
        for name, rec in self.records.items():
            if rec.state == "restarting" and rec.next_start_at and now >= rec.next_start_at:
                self._restart(name)
                changed = True
        return changed

    def _exited(self, name: str, code: int, now: float) -> None:
        rec = self.records[name]
        ran_s = now - (rec.started_at or now)
        self.crashes[name] = 1 if ran_s >= STABLE_S else self.crashes.get(name, 0) + 1
        delay = backoff_s(self.crashes[name])
        rec.state, rec.last_exit, rec.pid = "restarting", code, None
        rec.next_start_at = now + delay
        log.warning(
            "%s exited with %s after %.0fs; restarting in %.0fs (restart #%d)",
            name,
            describe_exit(code),
            ran_s,
            delay,
            rec.restarts + 1,
        )

    def _restart(self, name: str) -> None:
        rec = self.records[name]
        if name == "kafka" and not self.stack.durable:
            self._rebuild_memory_broker()
            return
        try:
            self.stack.start_unit(name)
        except START_ERRORS as exc:  # a failed start is one more crash: back off, retry
            self.crashes[name] = self.crashes.get(name, 0) + 1
            delay = backoff_s(self.crashes[name])
            rec.next_start_at = time.time() + delay
            log.warning("%s did not start (%s); next try in %.0fs", name, exc, delay)
            return
        self._started(name, rec.restarts + 1)
        log.warning("%s restarted (pid %s, restart #%d)", name, rec.pid, rec.restarts)
        if name == "elasticsearch":
            log.warning(
                "the search server starts empty: the index service rebuilds the index "
                "from the topics (Kafka is the record)"
            )

    def _rebuild_memory_broker(self) -> None:
        """An in-memory broker lost everything: hold its clients, restart it, recreate the
        topics before any client can auto-create them (4 partitions), start the clients."""
        clients = [n for n in self.records if is_kafka_client(n)]
        for name in clients:
            if self.records[name].state == "up":
                self.stack.stop_unit(name)
            self.records[name].state = "held"
        self.save()
        try:
            self.stack.start_unit("kafka")
            self.stack.run_setup()
        except START_ERRORS as exc:
            rec = self.records["kafka"]
            self.crashes["kafka"] = self.crashes.get("kafka", 0) + 1
            rec.next_start_at = time.time() + backoff_s(self.crashes["kafka"])
            log.warning("in-memory broker did not come back (%s); trying again", exc)
            return
        self._started("kafka", self.records["kafka"].restarts + 1)
        self.notice(
            "DATA LOST: the in-memory broker (--ephemeral) was restarted EMPTY: every "
            "message in its topics is gone, and articles not yet indexed never will be "
            "(post them again). Topics recreated before the services reconnected. "
            "A durable stack (--data-dir) keeps them."
        )
        for name in clients:
            try:
                self.stack.start_unit(name)
                self._started(name)
            except START_ERRORS as exc:
                self.records[name].state = "restarting"
                self.records[name].next_start_at = time.time() + 1
                log.warning("%s did not start after the broker (%s)", name, exc)

    def _handle_requests(self) -> bool:
        folder = self.state_dir / REQUESTS_DIR
        if not folder.is_dir():
            return False
        changed = False
        for path in sorted(folder.glob("restart-*")):
            name = path.name.removeprefix("restart-")
            path.unlink(missing_ok=True)
            if name not in self.records:
                log.warning("restart requested for unknown unit %s", name)
                continue
            log.warning("%s: restart requested", name)
            rec = self.records[name]
            proc = self.stack.process(name)
            if rec.state == "up" and proc is not None and proc.poll() is None:
                self.stack.stop_unit(name)
                rec.last_exit = proc.returncode
            self.crashes[name] = 0
            rec.state, rec.next_start_at = "restarting", time.time()
            self._restart(name)
            changed = True
        return changed

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_term)
        signal.signal(signal.SIGINT, self._on_term)
        try:
            self.start()
        except BaseException as exc:
            self.phase, self.error = "failed", str(exc)
            log.exception("stack did not start")
            self.stack.stop(timeout_s=5)
            self.save()
            return 1
        last_save = 0.0
        while not self.stopping:
            self._retain()
            changed = self.check()
            if changed or time.monotonic() - last_save > 5:
                self.save()
                last_save = time.monotonic()
            time.sleep(POLL_S)
        self.phase = "stopping"
        self.save()
        log.info("stopping the stack")
        self.stack.stop()
        return 0

    def _retain(self) -> None:
        """Start a retention pass in a thread when one is due (never two at once)."""
        if self.retention_days is None:
            return
        if self._retention is None:
            from quotewire_common.es import make_es_client
            from quotewire_common.settings import ElasticsearchSettings

            from quotewire_devstack.capacity import LocalRetention
            from quotewire_devstack.services import NODE_CLASS_PATH

            es = make_es_client(
                ElasticsearchSettings(
                    es_url=self.stack.es_url, es_node_class=NODE_CLASS_PATH, es_request_timeout_s=60
                )
            )
            self._retention = LocalRetention(es, self.retention_days)
            log.info("local retention: %g days", self.retention_days)
        busy = self._retention_thread is not None and self._retention_thread.is_alive()
        if not busy and self._retention.due():
            self._retention_thread = threading.Thread(
                target=self._retention.run_once, name="retention", daemon=True
            )
            self._retention_thread.start()

    def _on_term(self, signum, frame) -> None:
        self.stopping = True


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    state_dir = Path(args[0])
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s supervisor: %(message)s",
        stream=sys.stdout,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # readiness polls: not news
    config = StackConfig.load(state_dir)
    sys.exit(Supervisor(state_dir, config.stack(), config.retention_days).run())


if __name__ == "__main__":
    main()
