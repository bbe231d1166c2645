"""Producer settings of ``quotewire_common.kafka``: size limit and timeouts that agree."""

import pytest
from quotewire_common.kafka import (
    DEFAULT_MAX_REQUEST_SIZE,
    MIN_REQUEST_TIMEOUT_MS,
    PRODUCER_LINGER_MS,
    producer_timeouts,
)

KAFKA_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588  # Apache Kafka broker/topic default


def test_default_max_request_size_fits_the_broker_default():
    assert DEFAULT_MAX_REQUEST_SIZE <= KAFKA_DEFAULT_MESSAGE_MAX_BYTES


@pytest.mark.parametrize(
    ("send_ms", "request_ms"), [(5_000, 30_000), (5_000, 2_000), (60_000, 30_000), (500, 30_000)]
)
def test_timeouts_satisfy_kafka_python_and_follow_the_send_timeout(send_ms, request_ms):
    t = producer_timeouts(send_ms, request_ms)
    # kafka-python refuses a producer otherwise
    assert t["delivery_timeout_ms"] >= PRODUCER_LINGER_MS + t["request_timeout_ms"]
    assert MIN_REQUEST_TIMEOUT_MS <= t["request_timeout_ms"] <= max(request_ms, 1_000)
    if send_ms >= MIN_REQUEST_TIMEOUT_MS + PRODUCER_LINGER_MS:
        # the producer gives up when the caller does, not two minutes later
        assert t["delivery_timeout_ms"] == send_ms
    else:
        assert t["delivery_timeout_ms"] == MIN_REQUEST_TIMEOUT_MS + PRODUCER_LINGER_MS


def test_default_ingest_timeouts():
    assert producer_timeouts(5_000, 30_000) == {
        "request_timeout_ms": 4_995,
        "delivery_timeout_ms": 5_000,
    }
