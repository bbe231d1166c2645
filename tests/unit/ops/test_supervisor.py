"""The worker-process supervisor (quotewire_common.supervisor) and how the extract
service uses it — trivial child commands, no Kafka."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from quotewire_common.supervisor import ChildSpec, Supervisor, exit_code_of
from quotewire_extract.app import HeartbeatRelay, child_health_file, worker_specs
from quotewire_extract.settings import ExtractSettings

PY = sys.executable


def child(name: str, code: str) -> ChildSpec:
    return ChildSpec(name, [PY, "-c", code], dict(os.environ))


SLEEPER = "import time; time.sleep(60)"
# Exits 0 on SIGTERM after writing a marker (like a worker that leaves its group).
GRACEFUL = textwrap.dedent(
    """
    import signal, sys, time
    def stop(*_):
        open(sys.argv[1], "w").write("stopped"); sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    time.sleep(60)
    """
)
STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def run_in_background(sup: Supervisor) -> tuple[threading.Thread, list]:
    result: list = []
    thread = threading.Thread(target=lambda: result.append(sup.run(install_signals=False)))
    thread.start()
    deadline = time.monotonic() + 10
    while len(sup.procs) < len(sup.specs) and time.monotonic() < deadline:
        time.sleep(0.01)
    return thread, result


def test_stop_request_is_forwarded_and_exits_zero(tmp_path):
    marks = [tmp_path / f"m{i}" for i in range(2)]
    specs = [
        ChildSpec(f"w{i}", [PY, "-c", GRACEFUL, str(m)], dict(os.environ))
        for i, m in enumerate(marks)
    ]
    sup = Supervisor(specs, grace_s=10, poll_s=0.05)
    thread, result = run_in_background(sup)
    time.sleep(0.5)  # the children installed their handlers
    sup.request_stop(signal.SIGTERM)
    thread.join(15)
    assert result == [0]
    assert all(m.read_text() == "stopped" for m in marks)
    assert all(p.returncode == 0 for p in sup.procs.values())


def test_a_child_dying_stops_the_others_and_fails(tmp_path):
    sup = Supervisor(
        [child("ok", SLEEPER), child("bad", "import sys, time; time.sleep(0.3); sys.exit(3)")],
        grace_s=5,
        poll_s=0.05,
    )
    thread, result = run_in_background(sup)
    thread.join(15)
    assert result == [3]
    assert not alive(sup.procs["ok"].pid)


def test_children_that_ignore_sigterm_are_killed_after_the_grace_period():
    sup = Supervisor([child("stubborn", STUBBORN)], grace_s=0.5, poll_s=0.05)
    thread, result = run_in_background(sup)
    time.sleep(0.3)
    started = time.monotonic()
    sup.request_stop(signal.SIGTERM)
    thread.join(10)
    assert result == [0] and time.monotonic() - started < 5
    assert sup.procs["stubborn"].returncode == -signal.SIGKILL


def test_exit_codes():
    assert exit_code_of(3) == 3
    assert exit_code_of(0) == 1  # stopping on its own is unexpected too
    assert exit_code_of(-signal.SIGKILL) == 128 + signal.SIGKILL
    with pytest.raises(ValueError):
        Supervisor([])


def test_real_sigterm_to_the_supervisor_process_reaches_the_children(tmp_path):
    """The supervisor as its own process (signal handlers in its main thread)."""
    pids = tmp_path / "pids"
    code = textwrap.dedent(
        f"""
        import os, sys
        from quotewire_common.supervisor import ChildSpec, Supervisor
        specs = [ChildSpec(f"w{{i}}", [sys.executable, "-c", {SLEEPER!r}], dict(os.environ))
                 for i in range(2)]
        sup = Supervisor(specs, grace_s=5, poll_s=0.05)
        sup.on_tick = lambda: open({str(pids)!r}, "w").write(
            " ".join(str(p.pid) for p in sup.procs.values()))
        sys.exit(sup.run())
        """
    )
    proc = subprocess.Popen([PY, "-c", code])
    try:
        deadline = time.monotonic() + 15
        while not pids.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        children = [int(p) for p in pids.read_text().split()]
        assert len(children) == 2 and all(alive(p) for p in children)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        deadline = time.monotonic() + 5
        while any(alive(p) for p in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in children)
    finally:
        if proc.poll() is None:
            proc.kill()


# -- the extract service's use of it --------------------------------------------------


def test_extract_worker_specs(tmp_path, monkeypatch):
    monkeypatch.setenv("QW_EXTRACT_WORKERS", "3")
    monkeypatch.setenv("QW_HEALTH_FILE", str(tmp_path / "alive"))
    settings = ExtractSettings(_env_file=None)
    args = ["worker", "--without-web", "-l", "info"]
    specs = worker_specs(settings, args, {"QW_BOOTSTRAP_SERVERS": "k:9092"})
    assert [s.name for s in specs] == ["extract-0", "extract-1", "extract-2"]
    for i, spec in enumerate(specs):
        assert spec.argv[0] == sys.executable and list(spec.argv[-4:]) == args
        assert spec.env["QW_EXTRACT_WORKERS"] == "1"  # a child never supervises
        assert spec.env["QW_BOOTSTRAP_SERVERS"] == "k:9092"
        assert spec.env["QW_HEALTH_FILE"] == str(tmp_path / f"alive.worker-{i}")


def test_heartbeat_relay_beats_only_while_every_child_beats(tmp_path, monkeypatch):
    monkeypatch.setenv("QW_EXTRACT_WORKERS", "2")
    monkeypatch.setenv("QW_HEALTH_FILE", str(tmp_path / "alive"))
    settings = ExtractSettings(_env_file=None)
    relay = HeartbeatRelay(settings, worker_specs(settings, ["worker"], {}))
    main = Path(settings.health_file)
    first, second = (child_health_file(main, i) for i in range(2))
    relay.tick()
    assert not main.exists()  # no child is up yet (loading its model)
    first.touch()
    relay.tick()
    assert not main.exists()
    second.touch()
    relay.tick()
    assert main.exists()
    relay.clear()
    assert not any(p.exists() for p in (main, first, second))
