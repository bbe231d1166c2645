"""A small HTTP server on loopback for tests that fetch (no internet): routes are
functions of the request handler, registered per test."""

import hashlib
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: ClassVar[dict[str, Route]] = {}  # replaced per server (LocalServer)
    hits: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.hits.append((path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.routes.get(path)
        if route is None:
            reply(self, 404, b"not found")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


def reply(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    content_type: str = "text/plain; charset=utf-8",
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def trickle(handler, chunks: int, delay_s: float, chunk: bytes = b"x" * 10) -> None:
    """A response sent slowly, chunk by chunk (no Content-Length)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(chunks):
        handler.wfile.write(chunk)
        handler.wfile.flush()
        time.sleep(delay_s)


def stream_bytes(handler, total: int, block: int = 64 * 1024) -> None:
    """``total`` bytes without a Content-Length (the size cap must count them)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    sent = 0
    while sent < total:
        n = min(block, total - sent)
        handler.wfile.write(b"a" * n)
        sent += n


class LocalServer:
    def __init__(self) -> None:
        handler = type("Handler", (_Handler,), {"routes": {}, "hits": []})
        self.handler = handler
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def routes(self) -> dict[str, Route]:
        return self.handler.routes

    @property
    def hits(self) -> list[tuple[str, dict[str, str]]]:
        return self.handler.hits

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


LAST_MODIFIED = "Fri, 06 Nov 2026 08:00:00 GMT"


def conditional(body: Callable[[], bytes], content_type: str = "application/rss+xml") -> Route:
    """A route serving ``body()`` with an ETag (of its content) and Last-Modified, and
    answering 304 when the request's If-None-Match is that ETag."""

    def route(handler) -> None:
        content = body()
        etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            reply(handler, 304, headers={"ETag": etag})
        else:
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            reply(handler, 200, content, headers, content_type)

    return route
