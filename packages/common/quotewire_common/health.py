"""Liveness of workers that serve no HTTP: a heartbeat file.

A worker calls :meth:`Heartbeat.beat` from the place whose progress proves it is alive
(the indexer's poll loop, the extract worker's event loop); the file's mtime is
refreshed at most every ``interval_s``. A checker (``deploy/healthcheck.py heartbeat``
in the containers, :func:`check` here) calls it unhealthy when the file is missing or
older than a limit — so a hung worker turns unhealthy, not only a dead one.
"""

import os
import time
from pathlib import Path

#: Default limit of the checkers: a few missed beats, not one slow iteration.
DEFAULT_MAX_AGE_S = 60.0


def touch(path: Path) -> None:
    """Create or refresh the file (only its mtime matters)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(exist_ok=True)
    os.utime(path, None)


def remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def age_s(path: Path, now: float | None = None) -> float | None:
    """Seconds since the file was last touched; ``None`` when it does not exist."""
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    return (time.time() if now is None else now) - mtime


def check(path: Path | None, max_age_s: float = DEFAULT_MAX_AGE_S) -> str | None:
    """``None`` when healthy, else what is wrong."""
    if path is None:
        return "no health file configured (QW_HEALTH_FILE is empty)"
    age = age_s(path)
    if age is None:
        return f"{path} does not exist"
    if age > max_age_s:
        return f"{path} last touched {age:.0f}s ago (limit {max_age_s:.0f}s)"
    return None


class Heartbeat:
    """Touches ``path`` on :meth:`beat`, at most every ``interval_s`` seconds.

    ``path=None`` disables it (every method is then a no-op), so callers need no
    branches. Not thread-safe on purpose: one loop owns it.
    """

    def __init__(self, path: Path | None, interval_s: float = 5.0, clock=time.monotonic) -> None:
        self.path = path
        self.interval_s = interval_s
        self._clock = clock
        self._last: float | None = None

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def beat(self, force: bool = False) -> bool:
        """Refresh the file if the interval has passed (or ``force``); True if touched."""
        if self.path is None:
            return False
        now = self._clock()
        if not force and self._last is not None and now - self._last < self.interval_s:
            return False
        touch(self.path)
        self._last = now
        return True

    def clear(self) -> None:
        """Remove the file (at start: a previous process's beat; at a clean stop)."""
        remove(self.path)
        self._last = None
