"""What the embedded stack holds: memory lines, the warning, the retention's schedule."""

from datetime import UTC, datetime

import pytest
from quotewire_devstack.capacity import (
    BYTES_PER_STATEMENT,
    GIB,
    LocalRetention,
    capacity_line,
    capacity_warning,
    meminfo,
    rss_bytes,
    statements_per_gb,
)


def test_statements_per_gb_follow_the_measured_size():
    assert statements_per_gb() == int(1e9 // BYTES_PER_STATEMENT)
    assert 20_000 < statements_per_gb() < 40_000  # 25-48 KB a statement (measured)


def test_warning_only_near_the_machines_memory():
    total = 8 * GIB
    assert capacity_warning(1 * GIB, total, 6 * GIB) is None
    near = capacity_warning(5 * GIB, total, 2 * GIB)  # over half of the machine
    assert near and "--retention" in near and "QW_LOCAL_RETENTION_DAYS" in near
    assert capacity_warning(1 * GIB, total, int(0.05 * total))  # little memory left
    line = capacity_line(1 * GIB, total)
    assert "1.0 GiB" in line and "statements" in line


def test_memory_is_read_from_proc(tmp_path):
    (tmp_path / "42").mkdir()
    (tmp_path / "42" / "status").write_text("Name:\tosmem\nVmRSS:\t  2048 kB\n")
    assert rss_bytes(42, tmp_path) == 2048 * 1024
    assert rss_bytes(43, tmp_path) is None
    info = tmp_path / "meminfo"
    info.write_text("MemTotal:  8000 kB\nMemFree: 10 kB\nMemAvailable:  6000 kB\n")
    assert meminfo(info) == (8000 * 1024, 6000 * 1024)
    assert meminfo(tmp_path / "none") is None


def test_retention_runs_at_once_then_every_interval():
    t = [0.0]
    fixed = datetime(2026, 3, 10, tzinfo=UTC)
    calls = []

    class Es:
        def delete_by_query(self, **kw):
            calls.append(kw)
            return {"deleted": 2}

    r = LocalRetention(Es(), 7, interval_s=600, clock=lambda: t[0], now=lambda: fixed)
    assert r.due()
    assert r.run_once() == {"statements": 2, "articles": 2}
    assert calls[0]["query"] == {
        "range": {"article_received_at": {"lt": "2026-03-03T00:00:00+00:00"}}
    }
    assert calls[1]["query"]["range"].keys() == {"received_at"}
    assert not r.due()
    t[0] = 601
    assert r.due()
    with pytest.raises(ValueError):
        LocalRetention(Es(), 0)


def test_status_shows_the_search_servers_memory_and_the_retention_is_kept_in_the_config(
    tmp_path,
):
    import os

    from quotewire_devstack.cli import capacity_lines
    from quotewire_devstack.supervisor import StackConfig

    lines = capacity_lines(os.getpid())  # any live process stands in for the server
    assert lines and lines[0].startswith("Search memory") and "statements" in lines[0]
    assert capacity_lines(None) == []
    StackConfig(log_dir=str(tmp_path), data_dir=None, retention_days=3.5).save(tmp_path)
    assert StackConfig.load(tmp_path).retention_days == 3.5
