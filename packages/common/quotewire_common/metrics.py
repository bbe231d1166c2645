"""Prometheus metrics of every quotewire service: one module, one naming scheme.

Names are ``quotewire_<area>_<what>_<unit>`` (``_total`` for counters, ``_seconds`` for
durations); the README's metrics table lists them. The services only import the metric
objects from here and call ``.inc()`` / ``.observe()``; label values are bounded (route
templates, error classes, result words), never ids or free text.

* HTTP services (ingest, search API) call :func:`instrument_app`: request count and
  latency by route template, method and status, plus an open ``GET /metrics``.
* Workers call :func:`serve_metrics` with ``QW_METRICS_PORT``.
* Several worker processes behind one port (``QW_EXTRACT_WORKERS`` > 1): the supervisor
  gives every child the same ``PROMETHEUS_MULTIPROC_DIR`` (see :func:`multiprocess_env`)
  and serves their sum (prometheus-client's multiprocess mode); the children serve none.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client import multiprocess as _multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
#: fine below 2 s, where the latency targets are (p50 0.3 / 0.5 s, p99 1.5 s)
PIPELINE_BUCKETS = (
    0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 2.5, 5, 10, 30, 60, 120, 300,
    600, 1800, 3600,
)  # fmt: skip

# -- HTTP (ingest, search API) --------------------------------------------------------------
HTTP_REQUESTS = Counter(
    "quotewire_http_requests_total",
    "HTTP requests answered, by service, route template, method and status",
    ["service", "route", "method", "status"],
)
HTTP_DURATION = Histogram(
    "quotewire_http_request_duration_seconds",
    "HTTP request latency, by service, route template, method and status",
    ["service", "route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)

# -- ingest ---------------------------------------------------------------------------------
INGEST_ARTICLES = Counter(
    "quotewire_ingest_articles_total",
    "Articles received by ingest: result accepted|rejected|failed, reason = error type",
    ["result", "reason"],
)

# -- alerts ---------------------------------------------------------------------------------
ALERT_DELIVERIES = Counter(
    "quotewire_alert_deliveries_total",
    "Alert matches by outcome: delivered|dead_lettered|queued|duplicate (already recorded)",
    ["outcome"],
)
ALERT_DELIVERY_ATTEMPTS = Counter(
    "quotewire_alert_delivery_attempts_total", "Webhook requests made (retries included)"
)

# -- extract --------------------------------------------------------------------------------
EXTRACT_ARTICLES = Counter(
    "quotewire_extract_articles_total", "Articles extracted and published to statements"
)
EXTRACT_STATEMENTS = Histogram(
    "quotewire_extract_statements_per_article",
    "Statements found per extracted article",
    buckets=(0, 1, 2, 3, 5, 10, 20, 50, 100),
)
EXTRACT_DURATION = Histogram(
    "quotewire_extract_duration_seconds",
    "Seconds per article from decode to the broker's ack of its statements",
    buckets=LATENCY_BUCKETS,
)
EXTRACT_PARSES = Counter(
    "quotewire_extract_parses_total",
    "Articles by what the model parsed: every_word (the fast path could not shorten the "
    "text) or shortened (only candidate sentences and/or quote interiors elided)",
    ["parse"],
)
EXTRACT_TEXT_CHARS = Counter(
    "quotewire_extract_text_chars_total", "Characters of article text given to the extractor"
)
EXTRACT_PARSED_CHARS = Counter(
    "quotewire_extract_parsed_chars_total",
    "Characters of text the model parsed (the fast path's selection)",
)
EXTRACT_QUEUE = Histogram(
    "quotewire_extract_queue_seconds",
    "Seconds from an article's received_at (ingest) to an extract worker taking it up",
    buckets=PIPELINE_BUCKETS,
)
EXTRACT_BATCH = Histogram(
    "quotewire_extract_articles_per_batch",
    "Articles the extract worker parsed together in one nlp.pipe batch",
    buckets=(1, 2, 4, 8, 16, 32, 64),
)

# -- dead letters (every worker, counted by the common DeadLetterPolicy) --------------------
DEAD_LETTERS = Counter(
    "quotewire_dead_letters_total",
    "Messages dead-lettered, by service, source topic, reason (error class) and fault",
    ["service", "topic", "reason", "fault"],
)

# -- index ----------------------------------------------------------------------------------
INDEX_BULK_ITEMS = Counter(
    "quotewire_index_bulk_items_total",
    "Bulk items written to Elasticsearch, by index kind and result",
    ["kind", "result"],
)
INDEX_END_TO_END = Histogram(
    "quotewire_index_end_to_end_seconds",
    "Seconds from an article's received_at (ingest) to its statement being indexed",
    buckets=PIPELINE_BUCKETS,
)
CONSUMER_LAG = Gauge(
    "quotewire_consumer_lag_messages",
    "Messages behind the partition's end offset, per consumer group (clamped at 0)",
    ["group", "topic", "partition"],
    # Several extract processes: the partition's owner set it last.
    multiprocess_mode="livemostrecent",
)

#: Every metric family defined here (the dashboard test checks against these names).
ALL = (
    HTTP_REQUESTS,
    HTTP_DURATION,
    INGEST_ARTICLES,
    ALERT_DELIVERIES,
    ALERT_DELIVERY_ATTEMPTS,
    EXTRACT_ARTICLES,
    EXTRACT_STATEMENTS,
    EXTRACT_DURATION,
    EXTRACT_PARSES,
    EXTRACT_TEXT_CHARS,
    EXTRACT_PARSED_CHARS,
    EXTRACT_QUEUE,
    EXTRACT_BATCH,
    DEAD_LETTERS,
    INDEX_BULK_ITEMS,
    INDEX_END_TO_END,
    CONSUMER_LAG,
)


def set_lag(group: str, topic: str, partition: int, end: int | None, position: int | None) -> None:
    """``quotewire_consumer_lag_messages`` of one partition: ``end - position``, clamped
    at 0 (the local broker's end offset can trail what is readable)."""
    if end is None or position is None:
        return
    CONSUMER_LAG.labels(group, topic, str(partition)).set(max(0, end - position))


def exposed_names() -> set[str]:
    """Every sample name a scrape can show (``_total``, ``_bucket``, ``_sum``, ...)."""
    names: set[str] = set()
    for metric in ALL:
        for family in metric.describe():
            base = family.name
            if family.type == "counter":
                names |= {f"{base}_total", f"{base}_created"}
            elif family.type == "histogram":
                names |= {f"{base}_bucket", f"{base}_sum", f"{base}_count", f"{base}_created"}
            else:
                names.add(base)
    return names


# -- exposition -----------------------------------------------------------------------------


def registry() -> CollectorRegistry:
    """The registry to expose: the sum over the processes sharing
    ``PROMETHEUS_MULTIPROC_DIR`` when it is set, else this process's metrics."""
    path = os.environ.get(MULTIPROC_ENV)
    if not path:
        return REGISTRY
    reg = CollectorRegistry()
    _multiprocess.MultiProcessCollector(reg, path=path)
    return reg


def render() -> tuple[bytes, str]:
    """(body, content type) of a scrape."""
    return generate_latest(registry()), CONTENT_TYPE_LATEST


def serve_metrics(port: int | None, host: str = "0.0.0.0"):
    """Serve ``/metrics`` from a daemon thread; ``None``: nothing (returns ``None``)."""
    if port is None:
        return None
    server, _thread = start_http_server(port, addr=host, registry=registry())
    return server


def multiprocess_env(directory: Path | None = None) -> dict[str, str]:
    """Environment for worker children whose metrics a parent serves: a fresh, empty
    directory (files of an earlier run would be summed in)."""
    path = Path(directory or tempfile.mkdtemp(prefix="quotewire-metrics-"))
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return {MULTIPROC_ENV: str(path)}


def route_of(scope: dict) -> str:
    """The route template of a request (``/v1/statements``), never the raw path: ids in
    paths would make one series per id."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


def instrument_app(app, service: str) -> None:
    """Request count and latency middleware plus an open ``GET /metrics`` on a FastAPI
    app (not in the OpenAPI document)."""
    from fastapi import Response

    @app.middleware("http")
    async def _measure(request, call_next):
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            labels = (service, route_of(request.scope), request.method, str(status))
            HTTP_REQUESTS.labels(*labels).inc()
            HTTP_DURATION.labels(*labels).observe(time.perf_counter() - started)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        body, content_type = render()
        return Response(body, media_type=content_type)
