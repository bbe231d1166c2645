"""Run N copies of a worker as child processes and supervise them (one container = N
consumers, each with its own model and event loop).

* SIGTERM / SIGINT to the supervisor are forwarded to every child; the children get
  ``grace_s`` to finish (commit, leave the group), then SIGKILL. A second signal kills
  at once. A clean stop exits 0.
* A child that exits while nobody asked it to is a failure: the supervisor stops the
  others the same way and exits non-zero (the child's code, else 1), so the container's
  restart policy brings the whole replica back rather than running it short-handed.
* Children run in their own session (a terminal's Ctrl-C reaches them once, through the
  supervisor) and on Linux get SIGTERM if the supervisor dies without cleaning up.
* ``on_tick`` is called every ``poll_s`` while all children run (heartbeat aggregation).
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

log = logging.getLogger("quotewire_common.supervisor")

FORWARDED = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True)
class ChildSpec:
    name: str
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def _load_libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


# Loaded in the parent: the child only makes one system call between fork and exec.
_LIBC = _load_libc()
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: SIGTERM this process when its parent dies (a SIGKILLed supervisor)."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_code_of(returncode: int | None) -> int:
    """The supervisor's exit code for a child that died unexpectedly."""
    if returncode is None or returncode == 0:
        return 1
    if returncode < 0:  # killed by a signal
        return 128 + (-returncode)
    return returncode


class Supervisor:
    def __init__(
        self,
        children: Sequence[ChildSpec],
        *,
        grace_s: float = 25.0,
        poll_s: float = 0.5,
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        if not children:
            raise ValueError("nothing to supervise")
        self.specs = list(children)
        self.grace_s = grace_s
        self.poll_s = poll_s
        self.on_tick = on_tick
        self.procs: dict[str, subprocess.Popen] = {}
        self._wake = threading.Event()
        self._stop_signal: int | None = None
        self._stop_requests = 0

    # -- control ---------------------------------------------------------------------

    def request_stop(self, signum: int = signal.SIGTERM) -> None:
        """Ask for a clean stop (what the signal handlers call; safe from any thread)."""
        self._stop_requests += 1
        if self._stop_signal is None:
            self._stop_signal = signum
        self._wake.set()

    def install_signal_handlers(self) -> None:
        for sig in FORWARDED:
            signal.signal(sig, lambda signum, _frame: self.request_stop(signum))

    def start(self) -> None:
        for spec in self.specs:
            proc = subprocess.Popen(
                list(spec.argv),
                env=dict(spec.env),
                start_new_session=True,
                # one prctl() call, no locks, no allocation: safe even with threads
                preexec_fn=_die_with_parent if _LIBC is not None else None,  # noqa: PLW1509
            )
            self.procs[spec.name] = proc
            log.info("started worker process", extra={"worker": spec.name, "pid": proc.pid})

    # -- the loop --------------------------------------------------------------------

    def run(self, install_signals: bool = True) -> int:
        """Start the children, supervise them, return the exit code for this process."""
        if install_signals:
            self.install_signal_handlers()
        self.start()
        log.info(
            "supervising %d worker processes",
            len(self.procs),
            extra={"pids": [p.pid for p in self.procs.values()]},
        )
        while True:
            if self._stop_signal is not None:
                self.shutdown(self._stop_signal)
                return 0
            dead = [(n, p) for n, p in self.procs.items() if p.poll() is not None]
            if dead:
                name, proc = dead[0]
                log.error(
                    "worker process exited unexpectedly; stopping the others",
                    extra={"worker": name, "pid": proc.pid, "returncode": proc.returncode},
                )
                self.shutdown(signal.SIGTERM)
                return exit_code_of(proc.returncode)
            if self.on_tick is not None:
                try:
                    self.on_tick()
                except OSError as exc:  # e.g. the heartbeat directory vanished
                    log.warning("supervisor tick failed: %r", exc)
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def shutdown(self, signum: int) -> None:
        """Forward ``signum`` to the running children, wait ``grace_s``, then kill."""
        running = {n: p for n, p in self.procs.items() if p.poll() is None}
        log.info(
            "stopping worker processes",
            extra={
                "signal": signal.Signals(signum).name,
                "pids": [p.pid for p in running.values()],
            },
        )
        for proc in running.values():
            self._signal(proc, signum)
        requests = self._stop_requests
        deadline = time.monotonic() + self.grace_s
        while any(p.poll() is None for p in running.values()):
            if time.monotonic() >= deadline or self._stop_requests > max(requests, 1):
                break  # out of time, or asked twice: kill
            self._wake.wait(0.1)
            self._wake.clear()
        for name, proc in running.items():
            if proc.poll() is None:
                log.warning(
                    "worker process did not stop in time; killing it",
                    extra={"worker": name, "pid": proc.pid},
                )
                self._signal(proc, signal.SIGKILL)
            proc.wait()
            log.info(
                "worker process stopped",
                extra={"worker": name, "pid": proc.pid, "returncode": proc.returncode},
            )

    @staticmethod
    def _signal(proc: subprocess.Popen, signum: int) -> None:
        try:
            proc.send_signal(signum)
        except ProcessLookupError:
            pass
