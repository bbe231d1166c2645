"""``quotewire ingest`` over HTTP when the API answers 503 (Kafka unavailable): bounded
resends after ``Retry-After``, against a tiny scripted HTTP server of this test (no
Kafka involved); and the hint when nothing listens."""

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

import pytest
from quotewire_cli.main import build_app
from quotewire_ingest.loaders import Loaded
from quotewire_ingest.models import ArticleIn
from quotewire_ingest.sender import (
    DEFAULT_RETRY_WAIT_S,
    UNAVAILABLE_REASON,
    retry_wait,
    send_via_api,
)
from typer.testing import CliRunner


class ScriptedApi:
    """Answers ``POST /v1/articles/batch``: the first ``unavailable`` requests get a 503
    (every item ``failed``, or the first item accepted with ``partial``), later ones a 202.
    Records each request body."""

    def __init__(self, unavailable: int, retry_after: str | None = "0", partial=False):
        self.unavailable = unavailable
        self.retry_after = retry_after
        self.partial = partial
        self.bodies: list[list[dict]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                items = [json.loads(line) for line in raw.splitlines() if line.strip()]
                api.bodies.append(items)
                down = len(api.bodies) <= api.unavailable
                results = []
                for i, item in enumerate(items):
                    failed = down and not (api.partial and i == 0)
                    results.append(
                        {
                            "index": i,
                            "status": "failed" if failed else "accepted",
                            "article_id": item.get("id"),
                            "article_version": "v1",
                            "errors": [
                                {"loc": [], "msg": "no ack from Kafka", "type": "kafka_unavailable"}
                            ]
                            if failed
                            else [],
                        }
                    )
                counts = {s: sum(r["status"] == s for r in results) for s in ("accepted", "failed")}
                body = json.dumps({**counts, "rejected": 0, "items": results}).encode()
                self.send_response(503 if down else 202)
                if down and api.retry_after is not None:
                    self.send_header("Retry-After", api.retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Self:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def articles(*ids: str) -> list[Loaded]:
    return [Loaded(f"f:{i}", ArticleIn(id=i, title="T " + i, body="B " + i)) for i in ids]


@pytest.fixture
def waits() -> list[float]:
    """The waits ``send_via_api`` asked for (instead of sleeping them)."""
    return []


def test_503_is_resent_after_retry_after_then_accepted(waits):
    notices = []
    with ScriptedApi(unavailable=2, retry_after="3") as api:
        summary = send_via_api(
            articles("a", "b"),
            api.url,
            attempts=3,
            on_retry=lambda *n: notices.append(n),
            sleep=waits.append,
        )
    assert summary.ok and summary.count("accepted") == 2
    assert len(api.bodies) == 3
    assert waits == [3.0, 3.0]
    assert notices == [(2, 3, 3.0, 2), (3, 3, 3.0, 2)]  # (attempt, of, wait, items)


def test_a_resend_carries_only_the_items_not_acknowledged(waits):
    with ScriptedApi(unavailable=1, partial=True) as api:
        summary = send_via_api(articles("a", "b", "c"), api.url, sleep=waits.append)
    assert summary.ok
    assert [[item["id"] for item in body] for body in api.bodies] == [["a", "b", "c"], ["b", "c"]]


def test_after_the_last_attempt_the_items_are_failed_and_safe_to_retry(waits):
    with ScriptedApi(unavailable=99, retry_after="3600") as api:
        summary = send_via_api(
            articles("a", "b"), api.url, attempts=2, max_wait_s=10, sleep=waits.append
        )
    assert len(api.bodies) == 2 and waits == [10.0]  # Retry-After capped
    assert summary.count("failed") == 2
    reason = summary.results[0].reason
    assert reason.startswith(UNAVAILABLE_REASON + " (2 attempts)") and "no ack from Kafka" in reason
    assert UNAVAILABLE_REASON == "Kafka unavailable (503), safe to retry"


def test_one_attempt_means_no_retry(waits):
    with ScriptedApi(unavailable=1) as api:
        summary = send_via_api(articles("a"), api.url, attempts=1, sleep=waits.append)
    assert len(api.bodies) == 1 and waits == []
    assert summary.results[0].status == "failed"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("120", 10.0),
        ("-4", 0.0),
        (None, DEFAULT_RETRY_WAIT_S),
        ("", DEFAULT_RETRY_WAIT_S),
        ("soon", DEFAULT_RETRY_WAIT_S),
        ("nan", DEFAULT_RETRY_WAIT_S),
        (format_datetime(datetime.now(UTC) - timedelta(minutes=1), usegmt=True), 0.0),
        (format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True), 10.0),
    ],
)
def test_retry_wait(header, expected):
    assert retry_wait(header, cap_s=10) == expected


def test_unreachable_api_hints_at_the_stack_and_api_option():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    summary = send_via_api(articles("a"), f"http://127.0.0.1:{port}", timeout_s=5)
    (result,) = summary.results
    assert result.status == "failed"
    assert "unreachable" in result.reason
    assert "is the stack running? `quotewire stack status`, or pass --api URL" in result.reason


def test_cli_shows_the_wait_and_reports_the_failure(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nBody.", "utf-8")
    with ScriptedApi(unavailable=99, retry_after="0") as api:
        result = CliRunner().invoke(
            build_app(),
            ["ingest", str(tmp_path / "a.txt"), "--api", api.url, "--retries", "2"],
            env={"COLUMNS": "300"},
        )
    assert result.exit_code == 1, result.output
    assert len(api.bodies) == 2
    assert "Kafka unavailable (503): retrying 1 item(s) in 0s (attempt 2/2)" in result.output
    assert "Kafka unavailable (503), safe to retry (2 attempts)" in result.output
