"""The publisher's behaviour without a reachable broker: start at once, fail fast, bounded."""

import socket
import time

import pytest
from quotewire_common.settings import KafkaSettings
from quotewire_ingest.loaders import Loaded
from quotewire_ingest.models import ArticleIn
from quotewire_ingest.publisher import KafkaUnavailable, Publisher, encode_event
from quotewire_ingest.sender import send_direct


def unreachable() -> KafkaSettings:
    with socket.socket() as s:  # a port nothing listens on once the socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return KafkaSettings(bootstrap_servers=f"127.0.0.1:{port}")


@pytest.fixture
def publisher():
    p = Publisher(unreachable(), connect_wait_s=0.3, connect_attempt_s=0.3, send_timeout_s=1)
    yield p
    p.close()


def test_start_does_not_block(publisher):
    started = time.monotonic()
    publisher.start()
    assert time.monotonic() - started < 0.2
    assert not publisher.connected


def test_publish_fails_fast_when_kafka_is_unreachable(publisher):
    event = ArticleIn(title="T", body="B").to_event()
    started = time.monotonic()
    with pytest.raises(KafkaUnavailable, match="not reachable"):
        publisher.publish(event)
    assert time.monotonic() - started < 2
    results = publisher.publish_many([event, event])
    assert all(isinstance(r, KafkaUnavailable) for r in results)


def test_ready_explains_why_not(publisher):
    ready, reason = publisher.ready()
    assert not ready and publisher.settings.bootstrap_servers in reason


def test_record_key_is_article_id_and_value_the_event_json():
    event = ArticleIn(id="a-1", title="T", body="B").to_event()
    key, value = encode_event(event)
    assert key == b"a-1"
    assert type(event).model_validate_json(value) == event


def test_send_direct_keeps_rejections_and_marks_the_rest_failed(publisher):
    loaded = [
        Loaded("a.txt", article=ArticleIn(id="a", title="T", body="B")),
        Loaded("b.txt", error="b.txt: no body"),
    ]
    summary = send_direct(loaded, publisher, connect_timeout_s=0.3)
    assert [(r.origin, r.status) for r in summary.results] == [
        ("a.txt", "failed"),
        ("b.txt", "rejected"),
    ]
    assert summary.results[0].article_id == "a" and "not reachable" in summary.results[0].reason
    assert (summary.count("accepted"), summary.count("rejected"), summary.count("failed")) == (
        0,
        1,
        1,
    )
