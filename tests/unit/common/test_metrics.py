"""The shared Prometheus plumbing: one naming scheme, route templates as labels, an
open /metrics, multiprocess aggregation for several worker processes."""

import os
import re
import subprocess
import sys

from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from quotewire_common import metrics
from quotewire_common.dlq import DeadLetterPolicy


def sample(text: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return None


def test_every_metric_follows_the_scheme():
    for name in metrics.exposed_names():
        assert re.fullmatch(r"quotewire_[a-z_]+", name), name
    for metric in metrics.ALL:
        (family,) = metric.describe()
        if family.type == "histogram":
            assert family.name.endswith(("_seconds", "_per_article", "_per_batch")), family.name


def test_requests_are_counted_by_route_template_and_status():
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: int) -> dict:
        return {"id": item_id}

    metrics.instrument_app(app, "unit-test")
    with TestClient(app) as client:
        before = sample(
            client.get("/metrics").text,
            "quotewire_http_requests_total",
            service="unit-test",
            route="/items/{item_id}",
            status="200",
        )
        assert client.get("/items/7").status_code == 200
        assert client.get("/items/8").status_code == 200
        assert client.get("/items/x").status_code == 422
        assert client.get("/nowhere").status_code == 404
        text = client.get("/metrics").text
    # one series per template, not per id
    assert (
        sample(
            text,
            "quotewire_http_requests_total",
            service="unit-test",
            route="/items/{item_id}",
            status="200",
        )
        == (before or 0) + 2
    )
    assert sample(text, "quotewire_http_requests_total", route="/items/7") is None
    assert sample(text, "quotewire_http_requests_total", service="unit-test", status="422")
    assert sample(text, "quotewire_http_requests_total", service="unit-test", route="unmatched")
    assert sample(
        text,
        "quotewire_http_request_duration_seconds_count",
        service="unit-test",
        route="/items/{item_id}",
        status="200",
    )
    assert "/metrics" not in app.openapi()["paths"]


def test_dead_letters_are_counted_by_service_reason_and_fault():
    policy = DeadLetterPolicy("unit-svc")
    labels = ("unit-svc", "articles", "InvalidJson", "sender")
    before = metrics.DEAD_LETTERS.labels(*labels)._value.get()
    policy.letter(
        source_topic="articles",
        partition=0,
        offset=1,
        key=b"k",
        value=b"v",
        headers=None,
        reason="not JSON",
        error_class="InvalidJson",
    )
    after = metrics.DEAD_LETTERS.labels(*labels)._value.get()
    assert after == before + 1


CHILD = """
from quotewire_common.metrics import EXTRACT_ARTICLES, EXTRACT_DURATION
EXTRACT_ARTICLES.inc({n})
EXTRACT_DURATION.observe(0.2)
"""


def test_worker_processes_are_summed_in_multiprocess_mode(tmp_path):
    env = {**os.environ, **metrics.multiprocess_env(tmp_path / "mp")}
    for n in (2, 3):
        subprocess.run([sys.executable, "-c", CHILD.format(n=n)], env=env, check=True)
    old = os.environ.get(metrics.MULTIPROC_ENV)
    os.environ[metrics.MULTIPROC_ENV] = env[metrics.MULTIPROC_ENV]
    try:
        body, content_type = metrics.render()
    finally:
        if old is None:
            del os.environ[metrics.MULTIPROC_ENV]
        else:
            os.environ[metrics.MULTIPROC_ENV] = old
    text = body.decode()
    assert content_type.startswith("text/plain")
    assert sample(text, "quotewire_extract_articles_total") == 5
    assert sample(text, "quotewire_extract_duration_seconds_count") == 2


def test_metrics_settings_accept_an_empty_port():
    from quotewire_common.settings import MetricsSettings

    assert MetricsSettings(metrics_port="").metrics_port is None
    assert MetricsSettings(metrics_port="9464").metrics_port == 9464
