"""Shared plumbing: dead-letter headers, the dead-letter budget, settings, logs."""

import json
import logging

import pytest
from pydantic import ValidationError

from quotewire_common.dlq import DeadLetterBudget, dlq_headers, read_dlq_headers
from quotewire_common.logging import JsonFormatter, bind
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import DlqHeader


def test_dlq_headers_carry_reason_and_source_and_keep_original_headers():
    headers = dlq_headers(
        reason="body: field required",
        error_class="ValidationError",
        service="extract",
        source_topic="articles",
        source_partition=2,
        source_offset=41,
        original_headers=[("trace", b"abc"), ("qw-dlq-reason", b"old")],
    )
    read = read_dlq_headers(headers)
    assert read[DlqHeader.REASON] == "body: field required"
    assert read[DlqHeader.ERROR_CLASS] == "ValidationError"
    assert read[DlqHeader.SOURCE_PARTITION] == "2"
    assert read[DlqHeader.SOURCE_OFFSET] == "41"
    assert ("trace", b"abc") in headers
    assert [v for k, v in headers if k == "qw-dlq-reason"] == [b"body: field required"]


def test_budget_allows_scattered_failures_but_stops_a_flood():
    budget = DeadLetterBudget(window=10, max_ratio=0.5, max_streak=100)
    for i in range(50):
        budget.record(ok=i % 3 != 0)  # a third fail: fine
    with pytest.raises(RuntimeError, match="dead-lettered"):
        for _ in range(10):
            budget.record(ok=False)


def test_budget_stops_a_streak():
    budget = DeadLetterBudget(window=1000, max_ratio=1.0, max_streak=3)
    budget.record(False)
    budget.record(False)
    with pytest.raises(RuntimeError, match="3 consecutive"):
        budget.record(False)


def test_kafka_settings_from_env(monkeypatch):
    monkeypatch.setenv("QW_BOOTSTRAP_SERVERS", "k1:9092, k2:9092")
    monkeypatch.setenv("QW_SESSION_TIMEOUT_MS", "4000")
    monkeypatch.setenv("QW_HEARTBEAT_INTERVAL_MS", "1000")
    s = KafkaSettings()
    assert s.bootstrap_list == ["k1:9092", "k2:9092"]
    assert s.session_timeout_ms == 4000


def test_kafka_settings_reject_heartbeat_too_close_to_session():
    with pytest.raises(ValidationError, match="heartbeat_interval_ms"):
        KafkaSettings(session_timeout_ms=3000, heartbeat_interval_ms=2000)


def test_json_log_line_has_service_and_bound_context():
    record_holder = []

    class Keep(logging.Handler):
        def emit(self, record):
            record_holder.append(record)

    logger = logging.getLogger("test.bind")
    logger.handlers[:] = [Keep()]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    bind(bind(logger, article_id="a1"), partition=3).info("indexed", extra={"count": 2})
    line = json.loads(JsonFormatter("index").format(record_holder[0]))
    assert line["service.name"] == "index"
    assert line["message"] == "indexed"
    assert (line["article_id"], line["partition"], line["count"]) == ("a1", 3, 2)
