"""Which Kafka errors are the record's fault (413/422, never retried) and which are not,
and the size/timeout settings that keep a valid article from hitting those errors."""

import socket

import pytest
from fastapi.testclient import TestClient
from kafka.errors import (
    CorruptRecordError,
    InvalidRecordError,
    KafkaConnectionError,
    KafkaError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    OutOfOrderSequenceNumberError,
    RecordListTooLargeError,
    UnknownProducerIdError,
)
from pydantic import ValidationError
from quotewire_common.api_errors import error_text
from quotewire_common.kafka import DEFAULT_MAX_REQUEST_SIZE
from quotewire_ingest.main import create_app
from quotewire_ingest.models import ArticleIn
from quotewire_ingest.publisher import (
    Delivery,
    KafkaUnavailable,
    Publisher,
    RecordRejected,
    classify,
    make_publisher,
    rejection,
)
from quotewire_ingest.service import ingest_batch
from quotewire_ingest.settings import ENVELOPE_BYTES, MIB, IngestSettings


def nowhere() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (MessageSizeTooLargeError("1400000 bytes"), "record"),
        (RecordListTooLargeError(), "record"),
        (InvalidRecordError(), "record"),
        # the broker restart case: the idempotent producer never recovers from these
        (UnknownProducerIdError(), "producer"),
        (OutOfOrderSequenceNumberError(), "producer"),
        (
            KafkaError("Unexpected error in InitProducerIdResponse: [Error -1] UnknownError"),
            "producer",
        ),
        (CorruptRecordError(), "producer"),
        (KafkaTimeoutError(), "transient"),
        (KafkaConnectionError(), "transient"),
    ],
)
def test_classify(exc, kind):
    assert classify(exc) == kind


def test_rejections_carry_status_and_type():
    too_large = rejection(MessageSizeTooLargeError("big"), 1024)
    assert (too_large.status_code, too_large.type) == (413, "message_too_large")
    assert "1024" in str(too_large) and "QW_PRODUCER_MAX_REQUEST_SIZE" in str(too_large)
    invalid = rejection(InvalidRecordError(), 1024)
    assert (invalid.status_code, invalid.type) == (422, "invalid_record")


def test_default_body_limit_fits_one_kafka_record():
    s = IngestSettings()
    assert s.producer_max_request_size == DEFAULT_MAX_REQUEST_SIZE == MIB
    assert s.max_body_bytes + ENVELOPE_BYTES <= s.producer_max_request_size
    assert s.max_body_bytes == 900 * 1024


def test_a_body_limit_kafka_cannot_take_is_refused_at_startup(monkeypatch):
    monkeypatch.setenv("QW_MAX_BODY_BYTES", str(2 * MIB))
    with pytest.raises(ValidationError, match="QW_PRODUCER_MAX_REQUEST_SIZE"):
        IngestSettings()
    monkeypatch.setenv("QW_PRODUCER_MAX_REQUEST_SIZE", str(3 * MIB))
    assert IngestSettings().max_body_bytes == 2 * MIB


def test_publisher_gets_size_limit_and_delivery_timeout_from_settings():
    settings = IngestSettings(
        bootstrap_servers=nowhere(),
        send_timeout_s=3,
        producer_max_failures=4,
        producer_max_request_size=2 * MIB,
    )
    publisher = make_publisher(settings)
    config = publisher._producer_config()
    assert config["max_request_size"] == 2 * MIB
    assert config["delivery_timeout_ms"] == 3_000 == config["max_block_ms"]
    # kafka-python's rule: delivery >= linger + request
    assert config["delivery_timeout_ms"] >= config["request_timeout_ms"] + config["linger_ms"]
    # a POST waits for its own record's ack: no linger on top of that
    assert config["linger_ms"] == 0
    assert publisher.max_failures == 4


class FixedOutcomes(Publisher):
    """A publisher whose Kafka answers are given (tests the mapping, not Kafka)."""

    def __init__(self, outcomes) -> None:
        super().__init__(IngestSettings(bootstrap_servers=nowhere()))
        self.outcomes = outcomes
        self._connected.set()

    def publish_many(self, events):
        return [self.outcomes[e.article_id] for e in events]

    def ready(self, timeout_s: float = 1.0):
        return True, "connected"


def _delivered(article_id: str) -> Delivery:
    return Delivery(article_id, "v", "articles", 0, 1)


TOO_LARGE = RecordRejected("article too large", status_code=413, type="message_too_large")


def test_batch_item_too_large_is_rejected_not_failed():
    publisher = FixedOutcomes({"a": _delivered("a"), "big": TOO_LARGE})
    raw = b'[{"id": "a", "title": "T", "body": "B"}, {"id": "big", "title": "T", "body": "B"}]'
    outcome = ingest_batch(raw, "json", 10, publisher, max_text_chars=200_000)
    assert outcome.status_code == 202  # nothing to resend: no 503, no republished items
    items = outcome.result.items
    assert [i.status for i in items] == ["accepted", "rejected"]
    assert items[1].errors[0].type == "message_too_large"


def test_batch_of_only_refused_items_is_422_and_unavailable_stays_503():
    refused = FixedOutcomes({"big": TOO_LARGE})
    raw = b'[{"id": "big", "title": "T", "body": "B"}]'
    assert ingest_batch(raw, "json", 10, refused, max_text_chars=200_000).status_code == 422
    down = FixedOutcomes({"big": KafkaUnavailable("no ack")})
    assert ingest_batch(raw, "json", 10, down, max_text_chars=200_000).status_code == 503


@pytest.mark.parametrize(
    ("rejected", "status"),
    [(TOO_LARGE, 413), (RecordRejected("bad", status_code=422, type="invalid_record"), 422)],
)
def test_api_maps_a_refused_record_to_4xx_without_retry_after(rejected, status):
    app = create_app(IngestSettings(bootstrap_servers=nowhere(), connect_attempt_s=0.2))
    with TestClient(app) as client:
        app.state.publisher.close(0)
        app.state.publisher = FixedOutcomes({"x": rejected})
        response = client.post(
            "/v1/articles", json=ArticleIn(id="x", title="T", body="B").model_dump()
        )
        assert response.status_code == status
        assert "Retry-After" not in response.headers
        assert str(rejected) in error_text(response.json())


class Discarded:
    """Stands in for the producer object being thrown away (only ``close`` is called)."""

    closed = False

    def close(self, timeout=None):
        self.closed = True


def _publisher_with(producer) -> Publisher:
    publisher = Publisher(
        IngestSettings(bootstrap_servers=nowhere()),
        connect_attempt_s=0.2,
        max_failures=3,
    )
    publisher._producer = producer
    publisher._connected.set()
    return publisher


def test_a_broken_producer_is_not_ready_and_is_replaced():
    producer = Discarded()
    publisher = _publisher_with(producer)
    try:
        publisher._account(producer, [KafkaUnavailable("x")], ["UnknownProducerIdError: 59"])
        ready, reason = publisher.ready()
        assert not ready and "UnknownProducerIdError" in reason
        assert publisher.rebuilds == 1 and publisher._producer is None
        assert publisher._thread is not None and publisher._thread.is_alive()  # reconnecting
        with pytest.raises(KafkaUnavailable):
            publisher._producer_or_raise()
    finally:
        publisher.close(0)
    assert producer.closed


def test_consecutive_failures_rebuild_but_a_success_or_a_rejection_does_not():
    producer = Discarded()
    publisher = _publisher_with(producer)
    try:
        down = [KafkaUnavailable("no ack")]
        publisher._account(producer, down, [])
        publisher._account(producer, down, [])
        publisher._account(producer, [_delivered("a")], [])  # resets the streak
        publisher._account(producer, down, [])
        publisher._account(producer, [TOO_LARGE], [])  # the record's fault: not counted
        publisher._account(producer, down, [])
        assert publisher.rebuilds == 0 and publisher._producer is producer
        publisher._account(producer, down, [])
        assert publisher.rebuilds == 1 and not publisher.connected
        assert "3 publish calls failed in a row" in publisher.ready()[1]
    finally:
        publisher.close(0)
