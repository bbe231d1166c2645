"""The shared heartbeat file (quotewire_common.health) and its users' settings."""

import os
import time
from pathlib import Path

from quotewire_common.health import Heartbeat, age_s, check
from quotewire_extract.settings import ExtractSettings
from quotewire_index.settings import IndexSettings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_beats_at_most_every_interval(tmp_path):
    path, clock = tmp_path / "sub" / "alive", Clock()
    beat = Heartbeat(path, interval_s=5, clock=clock)
    assert beat.beat() is True and path.exists()  # creates the directory too
    old = time.time() - 30
    os.utime(path, (old, old))
    clock.now += 4
    assert beat.beat() is False and age_s(path) > 25  # within the interval: untouched
    assert beat.beat(force=True) is True and age_s(path) < 5
    clock.now += 5
    assert beat.beat() is True
    beat.clear()
    assert not path.exists()
    assert beat.beat() is True  # after clear, the next beat writes at once


def test_disabled_heartbeat_is_a_noop():
    beat = Heartbeat(None)
    assert not beat.enabled and beat.beat() is False
    beat.clear()


def test_check(tmp_path):
    path = tmp_path / "alive"
    assert "not configured" in check(None) or "QW_HEALTH_FILE" in check(None)
    assert "does not exist" in check(path)
    Heartbeat(path).beat()
    assert check(path, 10) is None
    old = time.time() - 60
    os.utime(path, (old, old))
    assert "last touched" in check(path, 10)


def test_services_have_their_own_default_file(monkeypatch):
    for name in list(os.environ):
        if name.startswith("QW_"):
            monkeypatch.delenv(name)
    assert IndexSettings(_env_file=None).health_file == Path("/tmp/quotewire-index.alive")
    assert ExtractSettings(_env_file=None).health_file == Path("/tmp/quotewire-extract.alive")
    monkeypatch.setenv("QW_HEALTH_FILE", " ")
    assert IndexSettings(_env_file=None).health_file is None
    assert ExtractSettings(_env_file=None).health_file is None
    monkeypatch.setenv("QW_HEALTH_FILE", "/run/x")
    monkeypatch.setenv("QW_HEALTH_INTERVAL_S", "2.5")
    s = IndexSettings(_env_file=None)
    assert (s.health_file, s.health_interval_s) == (Path("/run/x"), 2.5)
