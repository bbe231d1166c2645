"""deploy/healthcheck.py, the healthcheck every quotewire image runs (stdlib only)."""

import importlib.util
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.deploy.conftest import DEPLOY

SCRIPT = DEPLOY / "healthcheck.py"


def load():
    spec = importlib.util.spec_from_file_location("qw_healthcheck", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hc = load()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 503)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_http_healthy_and_unhealthy(http_port):
    assert hc.check_http("/healthz", http_port) is None
    assert "503" in hc.check_http("/broken", http_port)


def test_http_port_from_environment(http_port, monkeypatch):
    monkeypatch.setenv("QW_TEST_PORT", str(http_port))
    assert hc.main(["http", "/healthz", "--port-env", "QW_TEST_PORT", "--port", "1"]) == 0
    monkeypatch.delenv("QW_TEST_PORT")
    assert hc.main(["http", "/healthz", "--port-env", "QW_TEST_PORT", "--port", "1"]) == 1


def test_heartbeat(tmp_path):
    beat = tmp_path / "alive"
    assert "not set" in hc.check_heartbeat(None, 60)
    assert "no heartbeat" in hc.check_heartbeat(str(beat), 60)
    beat.touch()
    assert hc.check_heartbeat(str(beat), 60) is None
    old = time.time() - 120
    os.utime(beat, (old, old))
    assert "old" in hc.check_heartbeat(str(beat), 60)


def test_process():
    proc = subprocess.Popen(["sleep", "30"])
    try:
        deadline = time.monotonic() + 5  # until the child has exec'd sleep
        while hc.check_process("sleep") is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert hc.check_process("sleep") is None
    finally:
        proc.kill()
        proc.wait()
    assert hc.check_process("quotewire-no-such-script") is not None


def test_runs_as_a_script_with_exit_codes(tmp_path):
    beat = tmp_path / "alive"
    beat.touch()
    env = {**os.environ, "QW_HEALTH_FILE": str(beat)}
    ok = subprocess.run(
        [sys.executable, str(SCRIPT), "heartbeat"], env=env, check=False, capture_output=True
    )
    assert ok.returncode == 0
    env["QW_HEALTH_FILE"] = str(tmp_path / "missing")
    bad = subprocess.run(
        [sys.executable, str(SCRIPT), "heartbeat"], env=env, check=False, capture_output=True
    )
    assert bad.returncode == 1 and b"unhealthy" in bad.stderr
