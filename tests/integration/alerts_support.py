"""Helpers of the alerts integration tests and benchmark: a webhook receiver on loopback
(a real HTTP server, scripted per path), statement events with outlet and URL, and the
alerts worker's environment."""

import http.server
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from quotewire_common.auth import WebhookVerifier
from quotewire_contracts import ArticleContext, StatementEvent, statement_id_for
from quotewire_contracts.events import StatementMention

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int = 200

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def key(self) -> str:
        return self.headers["idempotency-key"]


#: path → function(count of earlier requests to that path) → (status, headers, delay_s)
Script = Callable[[int], tuple[int, dict[str, str], float]]


@dataclass
class Receiver:
    """A webhook receiver: records every POST, answers per path's script (200 default)."""

    scripts: dict[str, Script] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0
    server: http.server.ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                with receiver.lock:
                    n = sum(1 for r in receiver.requests if r.path == path)
                    rec = Received(
                        path, {k.lower(): v for k, v in self.headers.items()}, body, time.time()
                    )
                    receiver.requests.append(rec)
                script = receiver.scripts.get(path)
                status, headers, delay = script(n) if script else (200, {}, 0.0)
                rec.status = status
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def wait(self, path: str, count: int, timeout_s: float = 60.0) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            got = self.at(path)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError(f"{path}: {len(self.at(path))} of {count} requests in {timeout_s}s")


def verify(secret: str, rec: Received) -> str | None:
    """``None`` when the request is signed with ``secret`` (ingest's own verifier)."""
    return WebhookVerifier(secret, 3600).check(
        rec.headers.get("x-quotewire-timestamp"), rec.headers.get("x-quotewire-signature"), rec.body
    )


def statement(
    aid: str,
    version: str,
    speaker: str,
    content: str,
    *,
    span: tuple[int, int] = (100, 140),
    source: str | None = None,
    kind: str = "direct",
    confidence: float = 0.9,
    title: str | None = None,
    published: datetime = T0,
    mentions: tuple[tuple[str, str], ...] = (),
) -> StatementEvent:
    """A statement event; ``mentions`` are (canonical name, type) the content names."""
    return StatementEvent(
        mentions=[
            StatementMention(name=name, type=mtype, text=name, span=(span[0], span[0] + 1))
            for name, mtype in mentions
        ],
        statement_id=statement_id_for(aid, version, span),
        article_id=aid,
        article_version=version,
        article=ArticleContext(
            title=title or f"Story {aid}",
            source=source,
            url=f"https://news.example/{aid}",
            published=published,
        ),
        article_received_at=T0,
        extractor="test/1",
        extracted_at=T0,
        speaker="he",
        speaker_canonical=speaker,
        speaker_type="person",
        cue="said",
        content=content,
        content_span=span,
        type=kind,
        confidence=confidence,
    )


def worker_env(stack_env: dict[str, str], uid: str, **extra: str) -> dict[str, str]:
    """The alerts worker's environment: its own indices and group per test, the test
    receiver on loopback allowed, short retries."""
    return {
        **stack_env,
        "QW_ALERTS_INDEX": f"alerts-{uid}",
        "QW_ALERT_DELIVERIES_INDEX": f"deliveries-{uid}",
        "QW_ALERTS_GROUP": f"alerts-{uid}",
        "QW_STATEMENTS_INDEX": f"statements-{uid}",
        "QW_FETCH_ALLOW": "127.0.0.1",
        "QW_ALERTS_RELOAD_S": "0.5",
        "QW_DELIVERY_MAX_ATTEMPTS": "4",
        "QW_DELIVERY_INITIAL_BACKOFF_S": "0.1",
        "QW_DELIVERY_MAX_BACKOFF_S": "0.5",
        "QW_DELIVERY_TIMEOUT_S": "10",
        "QW_HEALTH_FILE": "",
        **extra,
    }
