"""The extract worker as a process against the session broker: articles in, statements
(and dead letters) out, over the network. One worker per module (spaCy loads once).
"""

import json
import shutil
import signal
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from quotewire_common.dlq import read_dlq_headers
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    DlqHeader,
    StatementEvent,
    Topic,
    article_version_for,
    decode_statements_topic_event,
)
from quotewire_devstack.services import ServiceProcess, script

pytestmark = pytest.mark.integration

SEED = min((Path(__file__).parents[2] / "seeds").glob("000_*.txt"))
FIRST_OUTPUT_TIMEOUT_S = 45  # model load (~3-7 s) + group join (~3 s) + slack
OUTPUT_TIMEOUT_S = 20


class Worker:
    """A module-scoped extract worker process that a test can kill and restart."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.runs = 0
        self.proc: ServiceProcess | None = None

    def start(self) -> ServiceProcess:
        self.runs += 1
        self.proc = ServiceProcess(
            name="extract",
            argv=[script("quotewire-extract")],
            env=self.env,
            log_path=self.log_dir / f"extract-{self.runs}.log",
        ).start()
        self.proc.wait_healthy(5)  # without a health URL: it did not exit at once
        return self.proc

    def kill(self) -> None:
        """SIGKILL: no graceful commit, no leave-group."""
        if self.proc is not None and self.proc.running():
            self.proc.process.send_signal(signal.SIGKILL)
            self.proc.process.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()

    def logs(self) -> str:
        return "\n".join(
            p.read_text("utf-8", "replace")[-4000:] for p in sorted(self.log_dir.glob("*.log"))
        )


@pytest.fixture(scope="module")
def worker(stack_env: dict[str, str], tmp_path_factory) -> Iterator[Worker]:
    log_dir = tmp_path_factory.mktemp("extract-worker")
    env = {
        **stack_env,
        # Own consumer group: other modules' workers (default group) are not disturbed.
        "QW_EXTRACT_GROUP": "quotewire-extract-test-" + uuid.uuid4().hex[:8],
        "QW_HEALTH_FILE": str(log_dir / "alive"),
        "QW_HEALTH_INTERVAL_S": "0.5",
        "QW_MAX_TEXT_CHARS": "20000",
        # A small dead-letter budget: sender faults must never spend it.
        "QW_DLQ_WINDOW": "10",
    }
    w = Worker(env, log_dir)
    w.start()
    yield w
    w.stop()
    # faust makes an (empty, with the memory store) data dir per app id under the temp dir
    shutil.rmtree(Path(tempfile.gettempdir()) / f"{env['QW_EXTRACT_GROUP']}-data", True)


@pytest.fixture
def started(worker: Worker) -> Worker:
    """The module's worker, running (restarted if a previous test killed it)."""
    if worker.proc is None or not worker.proc.running():
        pytest.fail(f"extract worker is not running; its log:\n{worker.logs()}")
    return worker


def seed_article(article_id: str) -> ArticleEvent:
    title, _, body = SEED.read_text("utf-8").partition("\n")
    body = body.strip("\n")
    return ArticleEvent(
        article_id=article_id,
        article_version=article_version_for(title, body),
        title=title,
        body=body,
        url=f"https://example.test/{article_id}",
        source="seed",
        published=datetime(2025, 1, 1, tzinfo=UTC),
        received_at=datetime.now(UTC),
    )


def short_article(article_id: str, body: str) -> ArticleEvent:
    title = "Test article"
    return ArticleEvent(
        article_id=article_id,
        article_version=article_version_for(title, body),
        title=title,
        body=body,
        received_at=datetime.now(UTC),
    )


def produce(producer, topic: str, key: str, value: bytes | None) -> None:
    producer.send(topic, key=key.encode(), value=value).get(timeout=10)


def send_article(producer, article: ArticleEvent) -> None:
    produce(producer, Topic.ARTICLES, article.article_id, article.model_dump_json().encode())


def keyed(key: str) -> Callable:
    encoded = key.encode()
    return lambda r: r.key == encoded


def markers(records) -> list[ArticleProcessedEvent]:
    out = []
    for r in records:
        event = decode_statements_topic_event(r.value)
        if isinstance(event, ArticleProcessedEvent):
            out.append(event)
    return out


def is_marker(key: str) -> Callable:
    encoded = key.encode()
    return lambda r: r.key == encoded and json.loads(r.value)["kind"] == "article_processed"


def wait_for_marker(read_topic, worker: Worker, article_id: str, timeout_s: float) -> list:
    """Records keyed ``article_id`` on ``statements``, up to and including the first
    article_processed marker, once that marker arrived."""
    found = read_topic(Topic.STATEMENTS, is_marker(article_id), count=1, timeout_s=timeout_s)
    assert found, f"no article_processed marker for {article_id}; worker log:\n{worker.logs()}"
    expected = decode_statements_topic_event(found[0].value).statement_count + 1
    records = read_topic(Topic.STATEMENTS, keyed(article_id), count=expected, timeout_s=10)
    end = next(i for i, r in enumerate(records) if is_marker(article_id)(r))
    return records[: end + 1]


def test_seed_article_gives_statements_then_marker(started, producer, read_topic, unique_id):
    article = seed_article(unique_id)
    send_article(producer, article)

    records = wait_for_marker(read_topic, started, article.article_id, FIRST_OUTPUT_TIMEOUT_S)
    events = [decode_statements_topic_event(r.value) for r in records]
    statements = [e for e in events if isinstance(e, StatementEvent)]
    marker = events[-1]

    assert isinstance(marker, ArticleProcessedEvent), "the marker comes after the statements"
    assert len({r.partition for r in records}) == 1  # keyed by article_id: one partition
    assert marker.statement_count == len(statements) > 0
    assert marker.statement_ids == [s.statement_id for s in statements]
    assert marker.article_version == article.article_version
    assert marker.article_received_at == article.received_at  # the version order
    assert any("Peskov" in s.speaker_canonical for s in statements)
    text = article.text
    for s in statements:
        assert s.article_id == article.article_id
        assert s.article_version == article.article_version
        assert s.article_received_at == article.received_at
        assert s.article.title == article.title and s.article.source == "seed"
        assert s.extractor == marker.extractor and s.extractor
        assert text[s.content_span[0] : s.content_span[1]] == s.content
    health_file = Path(started.env["QW_HEALTH_FILE"])
    deadline = time.monotonic() + 5
    while not health_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert health_file.exists(), "the worker touches its heartbeat file"


@pytest.mark.parametrize(
    ("value", "error_class"),
    [
        (b"this is not JSON {", "InvalidJson"),
        (b'{"article_id": "x", "title": "no body, no version"}', "ValidationError"),
        (None, "EmptyMessage"),
    ],
    ids=["not-json", "schema-invalid", "tombstone"],
)
def test_poison_message_goes_to_dlq_and_worker_goes_on(
    started, producer, read_topic, unique_id, value, error_class
):
    produce(producer, Topic.ARTICLES, unique_id, value)
    good = short_article(unique_id + "-good", 'The minister said: "We will build it."')
    send_article(producer, good)

    dead = read_topic(
        Topic.ARTICLES_DLQ, keyed(unique_id), count=1, timeout_s=FIRST_OUTPUT_TIMEOUT_S
    )
    assert dead, f"no dead letter for {unique_id}; worker log:\n{started.logs()}"
    letter = dead[0]
    assert letter.value == value  # the original bytes
    headers = read_dlq_headers(letter.headers)
    assert headers[DlqHeader.ERROR_CLASS] == error_class
    assert headers[DlqHeader.REASON]
    assert headers[DlqHeader.SERVICE] == "extract"
    assert headers[DlqHeader.SOURCE_TOPIC] == Topic.ARTICLES
    assert headers[DlqHeader.SOURCE_PARTITION].isdigit()
    assert headers[DlqHeader.SOURCE_OFFSET].isdigit()

    records = wait_for_marker(read_topic, started, good.article_id, OUTPUT_TIMEOUT_S)
    assert markers(records)[-1].statement_count == len(records) - 1


def test_oversize_article_is_dead_lettered(started, producer, read_topic, unique_id):
    article = short_article(unique_id, "He said it. " * 2000)  # 24k chars > 20k limit
    send_article(producer, article)
    dead = read_topic(Topic.ARTICLES_DLQ, keyed(unique_id), count=1, timeout_s=OUTPUT_TIMEOUT_S)
    assert dead, f"no dead letter for {unique_id}; worker log:\n{started.logs()}"
    assert read_dlq_headers(dead[0].headers)[DlqHeader.ERROR_CLASS] == "TextTooLong"
    assert dead[0].value == article.model_dump_json().encode()


def test_a_flood_of_oversized_articles_does_not_stop_the_worker(
    started, producer, read_topic, unique_id
):
    """Anyone who can post can send too-long articles: they are the sender's fault, go
    to the DLQ and never count toward the budget (10 messages here, 0.9 ratio)."""
    for n in range(15):
        send_article(producer, short_article(f"{unique_id}-big{n}", "He said it. " * 2000))
    good = short_article(unique_id + "-good", 'The minister said: "We will build it."')
    send_article(producer, good)
    records = wait_for_marker(read_topic, started, good.article_id, OUTPUT_TIMEOUT_S)
    assert markers(records)[-1].article_id == good.article_id
    dead = read_topic(
        Topic.ARTICLES_DLQ, lambda r: (r.key or b"").startswith(unique_id.encode()), count=15
    )
    assert len(dead) == 15
    assert {read_dlq_headers(r.headers)[DlqHeader.FAULT] for r in dead} == {"sender"}
    assert started.proc.running(), started.logs()


def test_dead_letter_over_the_request_size_is_truncated_and_worker_goes_on(
    started, producer, read_topic, unique_id
):
    """An article of ~1 MB is accepted by the broker; with the reason headers its dead
    letter would exceed the producer's request size. It is cut to fit, not crash-looped."""
    article = short_article(unique_id, "He said it. " * 83_000)  # ~1,000,000 bytes of JSON
    value = article.model_dump_json().encode()
    assert 990_000 < len(value) < 1_040_000
    send_article(producer, article)
    good = short_article(unique_id + "-good", 'The minister said: "We will build it."')
    send_article(producer, good)

    dead = read_topic(Topic.ARTICLES_DLQ, keyed(unique_id), count=1, timeout_s=OUTPUT_TIMEOUT_S)
    assert dead, f"no dead letter for {unique_id}; worker log:\n{started.logs()}"
    headers = read_dlq_headers(dead[0].headers)
    assert headers[DlqHeader.ERROR_CLASS] == "TextTooLong"
    assert headers[DlqHeader.TRUNCATED] == str(len(value))
    assert value.startswith(dead[0].value) and len(dead[0].value) < len(value)
    records = wait_for_marker(read_topic, started, good.article_id, OUTPUT_TIMEOUT_S)
    assert markers(records)[-1].article_id == good.article_id


def test_no_loss_across_a_killed_worker(worker, producer, read_topic, unique_id):
    """At-least-once: what was produced while the worker was down (killed without any
    graceful commit) is processed by its successor in the same group."""
    before = short_article(unique_id + "-before", 'The mayor said: "The bridge opens in May."')
    send_article(producer, before)
    wait_for_marker(read_topic, worker, before.article_id, FIRST_OUTPUT_TIMEOUT_S)

    worker.kill()
    during = short_article(unique_id + "-during", 'The chief said: "Nobody was hurt."')
    send_article(producer, during)
    worker.start()

    records = wait_for_marker(read_topic, worker, during.article_id, FIRST_OUTPUT_TIMEOUT_S)
    assert markers(records)
    # The article before the kill may be redelivered (at-least-once) but is never lost.
    assert markers(read_topic(Topic.STATEMENTS, is_marker(before.article_id), timeout_s=5))


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_two_worker_processes_per_replica(stack_env, producer, tmp_path, unique_id):
    """QW_EXTRACT_WORKERS=2: one supervisor, two faust workers in the group (each beats
    its own file; the replica's file while both do); SIGTERM stops all, exit 0."""
    env = {
        **stack_env,
        "QW_EXTRACT_GROUP": "quotewire-extract-multi-" + uuid.uuid4().hex[:8],
        "QW_EXTRACT_WORKERS": "2",
        "QW_HEALTH_FILE": str(tmp_path / "alive"),
        "QW_HEALTH_INTERVAL_S": "0.5",
    }
    proc = ServiceProcess(
        "extract-multi", [script("quotewire-extract")], env, tmp_path / "extract.log"
    ).start()
    log = Worker(env, tmp_path)
    try:
        proc.wait_healthy(5)
        articles = [
            short_article(f"{unique_id}-{i}", f'Minister {i} said: "We will build it."')
            for i in range(4)
        ]
        for article in articles:
            send_article(producer, article)
        # (the module's worker, another group, extracts them too: look at our log)
        deadline = time.monotonic() + FIRST_OUTPUT_TIMEOUT_S
        pending = {a.article_id for a in articles}
        while pending and time.monotonic() < deadline:
            text = (tmp_path / "extract.log").read_text("utf-8", "replace")
            pending = {
                aid
                for aid in pending
                if not any(
                    aid in line and "article extracted" in line for line in text.splitlines()
                )
            }
            assert proc.running(), proc.tail()
            time.sleep(0.2)
        assert not pending, log.logs()
        deadline = time.monotonic() + 10
        while not (tmp_path / "alive").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (tmp_path / "alive").exists(), proc.tail()
        assert {p.name for p in tmp_path.glob("alive.worker-*")} == {
            "alive.worker-0",
            "alive.worker-1",
        }
        children = _children(proc.process.pid)
        assert len(children) in (0, 2)  # 0: /proc without the children file

        proc.process.send_signal(signal.SIGTERM)
        assert proc.process.wait(timeout=30) == 0, proc.tail()
        for pid in children:
            assert (
                not Path(f"/proc/{pid}").exists()
                or "zombie" in Path(f"/proc/{pid}/status").read_text()
            )
        assert not (tmp_path / "alive").exists()  # cleared on a clean stop
    finally:
        proc.stop()
        shutil.rmtree(Path(tempfile.gettempdir()) / f"{env['QW_EXTRACT_GROUP']}-data", True)


def test_waiting_articles_are_extracted_together_each_acked_in_order(
    started, producer, read_topic, unique_id
):
    """Articles that pile up while the worker is paused are parsed in batches (one
    nlp.pipe each); every one still gets its own statements and marker, a bad one its
    dead letter, and two versions of one article keep their order."""
    goods = [
        short_article(f"{unique_id}-{i}", f'Minister {i} said: "We will build it."')
        for i in range(8)
    ]
    v1 = short_article(f"{unique_id}-v", 'Anna said: "First."')
    v2 = short_article(f"{unique_id}-v", 'Anna said: "The second version."')
    proc = started.proc.process
    proc.send_signal(signal.SIGSTOP)  # shorter than the session timeout: no rebalance
    try:
        send_article(producer, v1)
        for article in goods[:4]:
            send_article(producer, article)
        produce(producer, Topic.ARTICLES, f"{unique_id}-bad", b"{not json")
        for article in goods[4:]:
            send_article(producer, article)
        send_article(producer, v2)
    finally:
        proc.send_signal(signal.SIGCONT)
    for article in goods:
        records = wait_for_marker(read_topic, started, article.article_id, OUTPUT_TIMEOUT_S)
        assert len(records) == 2  # its statement, then its marker
    dead = read_topic(
        Topic.ARTICLES_DLQ, keyed(f"{unique_id}-bad"), count=1, timeout_s=OUTPUT_TIMEOUT_S
    )
    assert read_dlq_headers(dead[0].headers)[DlqHeader.ERROR_CLASS] == "InvalidJson"
    versions = markers(
        read_topic(Topic.STATEMENTS, is_marker(f"{unique_id}-v"), count=2, timeout_s=10)
    )
    assert [m.article_version for m in versions] == [v1.article_version, v2.article_version]
    log = started.proc.log_path.read_text("utf-8", "replace")
    sizes = [
        int(line.rsplit("batch=", 1)[1].split()[0])
        for line in log.splitlines()
        if f"article_id={unique_id}-" in line and "batch=" in line
    ]
    assert len(sizes) == len(goods) + 2
    assert max(sizes) > 1, log[-3000:]  # what piled up was parsed together
