"""Ingest over the network against the session's real broker.

The API runs as its console script ``quotewire-ingest`` (one process for the module);
the Kafka-down case runs a second one against a port where nothing listens. Whether
something was published is checked by reading the ``articles`` topic up to its end
offsets, so "nothing published" needs no waiting for a timeout.
"""

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import typer
from kafka import KafkaConsumer, TopicPartition
from quotewire_common.api_errors import error_text
from quotewire_common.kafka import ensure_topics
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import Topic, article_version_for, decode_article
from quotewire_devstack.servers import free_port, start_broker
from quotewire_devstack.services import ServiceProcess, script, service_env
from quotewire_ingest.cli import register
from quotewire_ingest.loaders import load_text_file
from quotewire_ingest.models import ArticleIn
from quotewire_ingest.publisher import Delivery, Publisher, RecordRejected
from quotewire_ingest.service import ingest_batch
from typer.testing import CliRunner

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SEED = next((REPO / "seeds").glob("000_*.txt"))
MAX_BATCH_ITEMS = 5


def ingest_env(bootstrap: str, port: int, **extra: str) -> dict[str, str]:
    return service_env(
        bootstrap,
        "http://127.0.0.1:9",  # ingest does not use Elasticsearch
        local_search=False,
        extra={"QW_INGEST_HOST": "127.0.0.1", "QW_INGEST_PORT": str(port), **extra},
    )


@pytest.fixture(scope="module")
def ingest_api(kafka_settings: KafkaSettings, tmp_path_factory) -> Iterator[str]:
    """Base URL of a ``quotewire-ingest`` process that is ready (connected to Kafka)."""
    port = free_port()
    proc = ServiceProcess(
        name="ingest",
        argv=[script("quotewire-ingest")],
        env=ingest_env(
            kafka_settings.bootstrap_servers, port, QW_MAX_BATCH_ITEMS=str(MAX_BATCH_ITEMS)
        ),
        log_path=tmp_path_factory.mktemp("ingest-logs") / "ingest.log",
        health_url=f"http://127.0.0.1:{port}/readyz",
    ).start()
    try:
        proc.wait_healthy(60)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


@pytest.fixture
def http(ingest_api: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=ingest_api, timeout=30) as client:
        yield client


@pytest.fixture
def topic_records(kafka_settings: KafkaSettings) -> Callable[..., list]:
    """topic_records(predicate): every ``articles`` record written so far that matches."""

    def read(predicate: Callable, timeout_s: float = 15.0) -> list:
        consumer = KafkaConsumer(
            bootstrap_servers=kafka_settings.bootstrap_list, enable_auto_commit=False
        )
        try:
            parts = [
                TopicPartition(Topic.ARTICLES.value, p)
                for p in consumer.partitions_for_topic(Topic.ARTICLES.value)
            ]
            consumer.assign(parts)
            consumer.seek_to_beginning(*parts)
            end = consumer.end_offsets(parts)
            found: list = []
            deadline = time.monotonic() + timeout_s
            while any(consumer.position(p) < end[p] for p in parts):
                assert time.monotonic() < deadline, "could not read the topic to its end"
                for batch in consumer.poll(timeout_ms=200).values():
                    found.extend(r for r in batch if predicate(r))
            return found
        finally:
            consumer.close()

    return read


def containing(marker: str) -> Callable:
    needle = marker.encode()
    return lambda r: needle in (r.key or b"") or needle in (r.value or b"")


def test_seed_article_is_published_with_its_id_as_key(http, topic_records, unique_id):
    article = load_text_file(SEED).model_copy(update={"id": unique_id})
    response = http.post("/v1/articles", json=article.model_dump(mode="json", exclude_none=True))
    assert response.status_code == 202, response.text
    expected_version = article_version_for(article.title, article.body)
    assert response.json() == {
        "article_id": unique_id,
        "article_version": expected_version,
        "extra_fields": [],
        "ignored_fields": [],
    }

    [record] = topic_records(containing(unique_id))
    assert record.key == unique_id.encode()
    event = decode_article(record.value)
    assert (event.article_id, event.article_version) == (unique_id, expected_version)
    assert event.title == "Kremlin denies Putin and Trump spoke on phone"
    assert event.text.startswith(event.title + "\n\nUpdated - November 11, 2024")
    assert event.published.isoformat() == "2024-11-11T00:00:00+00:00"


def test_id_is_derived_from_url(http, topic_records, unique_id):
    url = f"https://example.com/{unique_id}"
    response = http.post("/v1/articles", json={"title": "T", "body": "B", "url": url})
    assert response.status_code == 202, response.text
    article_id = response.json()["article_id"]
    assert article_id.startswith("url-")
    [record] = topic_records(containing(url))
    assert record.key == article_id.encode()


def test_bad_requests_are_refused_and_nothing_is_published(http, topic_records, unique_id):
    good = {"id": unique_id, "title": f"T {unique_id}", "body": f"B {unique_id}"}
    json_type = {"Content-Type": "application/json"}
    started = time.monotonic()
    cases = {
        "invalid json": (b'{"id": "%s", "title": ' % unique_id.encode(), json_type),
        "empty body": (b"", json_type),
        "missing field": (json.dumps({"id": unique_id, "title": "T"}).encode(), json_type),
        "bad field": (json.dumps({**good, "published": "someday"}).encode(), json_type),
        "wrong content type": (json.dumps(good).encode(), {"Content-Type": "text/plain"}),
        "20 MB": (
            json.dumps({**good, "body": unique_id + "x" * (20 * 1024 * 1024)}).encode(),
            json_type,
        ),
    }
    statuses = {
        name: http.post("/v1/articles", content=body, headers=headers).status_code
        for name, (body, headers) in cases.items()
    }
    assert statuses == {
        "invalid json": 422,
        "empty body": 422,
        "missing field": 422,
        "bad field": 422,
        "wrong content type": 415,
        "20 MB": 413,
    }

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit applies while streaming
        yield json.dumps(good)[:-1].encode() + b', "source": "'
        for _ in range(3 * 1024):
            yield b"x" * 1024
        yield b'"}'

    response = http.post("/v1/articles", content=chunked(), headers=json_type)
    assert response.status_code == 413
    assert time.monotonic() - started < 10
    assert topic_records(containing(unique_id)) == []


def test_batch_publishes_only_the_valid_items(http, topic_records, unique_id):
    lines = [
        {"id": f"{unique_id}-a", "title": "A", "body": "Body A"},
        f'{{"id": "{unique_id}-broken", ',
        {"id": f"{unique_id}-notitle", "body": "Body"},
        {"id": f"{unique_id}-b", "title": "B", "body": "Body B", "language": "fr"},
    ]
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    response = http.post(
        "/v1/articles/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 202, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"], result["failed"]) == (2, 2, 0)
    assert [(i["index"], i["status"]) for i in result["items"]] == [
        (0, "accepted"),
        (1, "rejected"),
        (2, "rejected"),
        (3, "accepted"),
    ]
    assert result["items"][1]["errors"][0]["type"] == "json_invalid"
    assert result["items"][2]["errors"][0]["loc"] == ["body", 2, "title"]

    published = topic_records(containing(unique_id))
    assert sorted(r.key.decode() for r in published) == [f"{unique_id}-a", f"{unique_id}-b"]
    assert {decode_article(r.value).language for r in published} == {None, "fr"}  # None: undeclared


def test_batch_refusals_publish_nothing(http, topic_records, unique_id):
    invalid_only = http.post("/v1/articles/batch", json=[{"id": unique_id, "title": "no body"}])
    assert invalid_only.status_code == 422
    assert invalid_only.json()["rejected"] == 1
    too_many = [{"id": f"{unique_id}-{i}", "title": "T", "body": "B"} for i in range(6)]
    assert http.post("/v1/articles/batch", json=too_many).status_code == 413
    assert topic_records(containing(unique_id)) == []


def test_kafka_down_starts_and_answers_503_quickly(start_service):
    port = free_port()
    nothing_listens = f"127.0.0.1:{free_port()}"
    env = ingest_env(nothing_listens, port, QW_CONNECT_WAIT_S="1", QW_CONNECT_ATTEMPT_S="1")
    start_service("ingest-no-kafka", "quotewire-ingest", env, health_path="/healthz", port=port)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "Kafka not reachable" in error_text(ready.json())
        assert int(ready.headers["Retry-After"]) > 0
        started = time.monotonic()
        response = client.post("/v1/articles", json={"title": "T", "body": "B"})
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert time.monotonic() - started < 4
        batch = client.post("/v1/articles/batch", json=[{"title": "T", "body": "B"}])
        assert batch.status_code == 503 and batch.json()["items"][0]["status"] == "failed"
        # invalid input is still a 4xx: validation does not depend on Kafka
        assert client.post("/v1/articles", json={"title": "T"}).status_code == 422


def test_cli_retries_a_503_after_retry_after_then_reports_safe_to_retry(start_service, tmp_path):
    """The real API with Kafka down answers 503 + Retry-After: the CLI resends (bounded),
    says so, and reports the items as failed and safe to retry."""
    port = free_port()
    nothing_listens = f"127.0.0.1:{free_port()}"
    env = ingest_env(
        nothing_listens, port, QW_CONNECT_WAIT_S="1", QW_CONNECT_ATTEMPT_S="1", QW_RETRY_AFTER_S="1"
    )
    start_service("ingest-503", "quotewire-ingest", env, health_path="/healthz", port=port)
    (tmp_path / "a.txt").write_text("Title\n\nBody.", "utf-8")
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    started = time.monotonic()
    result = CliRunner().invoke(
        app,
        ["ingest", str(tmp_path / "a.txt"), "--api", f"http://127.0.0.1:{port}", "--retries", "2"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1, result.output
    assert "Kafka unavailable (503): retrying 1 item(s) in 1s (attempt 2/2)" in result.output
    assert "Kafka unavailable (503), safe to retry (2 attempts)" in result.output
    assert _totals(result.stdout) == (0, 0, 1)
    assert time.monotonic() - started < 20


def test_oversize_article_is_413_and_nothing_is_published(http, topic_records, unique_id):
    """A 1.35 MB valid article: refused for good (413, no Retry-After), never a 503."""
    big = {"id": unique_id, "title": "Big", "body": unique_id + " " + "word " * 270_000}
    response = http.post("/v1/articles", json=big)
    assert response.status_code == 413, response.text
    assert "Retry-After" not in response.headers
    assert topic_records(containing(unique_id)) == []


def test_record_kafka_refuses_is_rejected_and_the_rest_published(kafka_settings, unique_id):
    """The producer's own size limit over the real broker: MessageSizeTooLargeError is
    the record's fault (413 / ``rejected``), not Kafka being unavailable, and the
    producer stays in use."""
    publisher = Publisher(kafka_settings, client_id="ingest-size", max_request_size=64 * 1024)
    try:
        assert publisher.wait_connected(30)
        big = ArticleIn(id=f"{unique_id}-big", title="Big", body="x" * 100_000).to_event()
        with pytest.raises(RecordRejected) as refused:
            publisher.publish(big)
        assert refused.value.status_code == 413 and "too large" in str(refused.value)

        raw = json.dumps(
            [
                {"id": f"{unique_id}-small", "title": "Small", "body": "B"},
                {"id": f"{unique_id}-big", "title": "Big", "body": "x" * 100_000},
            ]
        ).encode()
        outcome = ingest_batch(raw, "json", 10, publisher, max_text_chars=200_000)
        assert outcome.status_code == 202
        assert [
            (i.status, i.errors[0].type if i.errors else None) for i in outcome.result.items
        ] == [
            ("accepted", None),
            ("rejected", "message_too_large"),
        ]
        assert isinstance(
            publisher.publish(ArticleIn(title="T", body=unique_id).to_event()), Delivery
        )
        assert publisher.rebuilds == 0 and publisher.ready()[0]
    finally:
        publisher.close()


def _post_until(client: httpx.Client, status: int, timeout_s: float) -> list[int]:
    """POST fresh articles until one answers ``status``; the statuses seen, in order."""
    seen: list[int] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        seen.append(
            client.post("/v1/articles", json={"title": "T", "body": f"B {len(seen)}"}).status_code
        )
        if seen[-1] == status:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"no {status} within {timeout_s:g}s; got {seen}")


def _readyz_until(client: httpx.Client, status: int, timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get("/readyz")
        if response.status_code == status:
            return response.json()
        assert time.monotonic() < deadline, f"/readyz never {status}: {response.json()}"
        time.sleep(0.2)


def test_producer_recovers_after_the_broker_restarts(start_service, tmp_path):
    """kill -9 the broker, start a fresh one (memory storage: new cluster, no producer
    ids) on the same port: the API's old idempotent producer fails for good, is rebuilt,
    and POST answers 202 again; /readyz follows."""
    broker_port, port = free_port(), free_port()
    broker = start_broker(port=broker_port, log_path=tmp_path / "broker-1.log")
    settings = KafkaSettings(bootstrap_servers=broker.address, partitions=3)
    try:
        ensure_topics(settings)
        env = ingest_env(
            broker.address,
            port,
            QW_SEND_TIMEOUT_S="2",
            QW_CONNECT_WAIT_S="1",
            QW_CONNECT_ATTEMPT_S="1",
        )
        start_service("ingest-restart", "quotewire-ingest", env, health_path="/readyz", port=port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=15) as client:
            assert _post_until(client, 202, 10) == [202]

            broker.stop()  # SIGKILL
            down = _readyz_until(client, 503, 10)
            assert "Kafka not reachable" in error_text(down), down

            broker = start_broker(port=broker_port, log_path=tmp_path / "broker-2.log")
            ensure_topics(settings)
            started = time.monotonic()
            seen = _post_until(client, 202, 30)  # 503s first while the producer is rebuilt
            assert all(s in (202, 503) for s in seen), seen
            assert time.monotonic() - started < 30
            assert _readyz_until(client, 200, 5)["status"] == "ok"
            assert _post_until(client, 202, 5) == [202]
    finally:
        broker.stop()


def _seed_dir(tmp_path: Path, marker: str) -> Path:
    """Three seed files under names unique to this test, one bad file, one JSONL file."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (SEED.name, "d01.txt", "d02.txt"):
        shutil.copy(REPO / "seeds" / name, folder / f"{marker}-{name}")
    (folder / f"{marker}-bad.txt").write_text("A title and no body\n", "utf-8")
    (folder / f"{marker}-feed.jsonl").write_text(
        json.dumps({"id": f"{marker}-jsonl", "title": "J", "body": "Body J"})
        + "\n"
        + json.dumps({"id": f"{marker}-jsonl-bad", "body": "no title"})
        + "\n",
        "utf-8",
    )
    return folder


def _quotewire(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``quotewire ingest ARGS`` as a user runs it (wide console: no folded paths)."""
    return subprocess.run(
        [script("quotewire"), "ingest", *args],
        check=False,
        env={**(env or os.environ), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _totals(stdout: str) -> tuple[int, int, int]:
    match = re.search(r"│\s*(\d+)\s*│\s*(\d+)\s*│\s*(\d+)\s*│", stdout)
    assert match, stdout
    return tuple(int(n) for n in match.groups())


def test_cli_direct_and_via_api(kafka_settings, ingest_api, topic_records, unique_id, tmp_path):
    folder = _seed_dir(tmp_path, unique_id)
    direct = _quotewire(
        str(folder), "--direct", "--bootstrap-servers", kafka_settings.bootstrap_servers
    )
    assert direct.returncode == 1, direct.stdout + direct.stderr  # two items were rejected
    assert _totals(direct.stdout) == (4, 2, 0), direct.stdout
    assert f"{unique_id}-bad.txt" in direct.stdout and "no body" in direct.stdout
    assert f"{unique_id}-feed.jsonl:2" in direct.stdout

    (folder / f"{unique_id}-bad.txt").unlink()
    (folder / f"{unique_id}-feed.jsonl").unlink()
    # in-process this time: the same command, registered on a bare Typer app
    app = typer.Typer()
    app.callback()(lambda: None)  # a group, as in `quotewire`, not a single command
    register(app)
    via_api = CliRunner().invoke(
        app, ["ingest", str(folder)], env={"QW_INGEST_API": ingest_api, "COLUMNS": "300"}
    )
    assert via_api.exit_code == 0, via_api.output
    assert _totals(via_api.stdout) == (3, 0, 0)

    keys = sorted(r.key.decode() for r in topic_records(containing(unique_id)))
    files = [f"{unique_id}-{SEED.stem}", f"{unique_id}-d01", f"{unique_id}-d02"]
    assert keys == sorted([*files, *files, f"{unique_id}-jsonl"])  # files sent twice, same ids
