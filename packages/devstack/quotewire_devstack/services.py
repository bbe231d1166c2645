"""Run quotewire's own services as local processes against a broker and a search server.

One :class:`ServiceProcess` per service, each started from its console script with the
environment that :func:`service_env` builds: fast consumer-group timing for the local
broker, the media-type adapter for the local search server, distinct ports. Used by
``make demo``, ``quotewire stack up`` and the integration tests alike.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from quotewire_common.waiting import wait_until

# Media-type adapter for the local search server (see compat.py), named, not imported:
# importing it loads the Elasticsearch transport, which the CLI does not need at start.
NODE_CLASS_PATH = "quotewire_devstack.compat:PlainJsonNode"

# Consumer-group timing for the local broker (Tansu holds the first join for session/2).
LOCAL_GROUP_TIMING = {
    "QW_SESSION_TIMEOUT_MS": "4000",
    "QW_HEARTBEAT_INTERVAL_MS": "1000",
    # Well above the longest wait between two polls (a hung search server: 4 x 10 s
    # search timeouts + a 30 s Kafka timeout), so a hang never forces a group rejoin.
    "QW_MAX_POLL_INTERVAL_MS": "120000",
    "QW_ES_REQUEST_TIMEOUT_S": "10",
}


def service_env(
    bootstrap: str,
    es_url: str,
    *,
    local_search: bool = True,
    partitions: int = 3,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """Environment for every service process of a local or test stack."""
    env = {
        **os.environ,
        "QW_BOOTSTRAP_SERVERS": bootstrap,
        "QW_ES_URL": es_url,
        "QW_PARTITIONS": str(partitions),
        "QW_LOG_FORMAT": "text",
        "PYTHONUNBUFFERED": "1",
        # The local stack binds 127.0.0.1: no API keys unless asked for (extra=...).
        "QW_AUTH_REQUIRED": "false",
        **LOCAL_GROUP_TIMING,
    }
    if local_search:
        env["QW_ES_NODE_CLASS"] = NODE_CLASS_PATH
    env.update(extra or {})
    return env


def script(name: str) -> str:
    """Path of a console script installed beside this interpreter."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


@dataclass
class ServiceProcess:
    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    health_url: str | None = None
    detach: bool = False
    process: subprocess.Popen | None = field(default=None, init=False)

    def start(self) -> "ServiceProcess":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _exited(self) -> RuntimeError:
        code = self.process.returncode if self.process else None
        return RuntimeError(
            f"{self.name} exited at start (code {code}); see {self.log_path}:\n{self.tail()}"
        )

    def wait_healthy(self, timeout_s: float = 60.0, grace_s: float = 0.5) -> None:
        """Wait for the health URL to answer 200 (or, without one, for the process to stay up).

        After the answer the process must still be alive ``grace_s`` later: a 200 can come
        from another server on the same port while this one fails to bind and exits."""

        def healthy() -> bool:
            if not self.running():
                raise self._exited()
            return self.health_url is None or (
                httpx.get(self.health_url, timeout=1.0).status_code == 200
            )

        wait_until(
            healthy,
            timeout_s,
            0.2,
            f"{self.name} not healthy (see {self.log_path})",
            retry_on=(httpx.HTTPError,),
        )
        time.sleep(grace_s)
        if not self.running():
            raise self._exited()

    def terminate(self) -> None:
        """SIGTERM to the process group; returns at once (see :meth:`stop`)."""
        if self.running():
            assert self.process is not None
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def wait_stopped(self, timeout_s: float = 10.0) -> None:
        """Wait for the exit after :meth:`terminate`; SIGKILL when it takes longer."""
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(timeout_s, 0.01))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=5)

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it has not exited in time."""
        if not self.running():
            return
        self.terminate()
        self.wait_stopped(timeout_s)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return ""
