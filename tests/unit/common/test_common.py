"""Shared plumbing: dead-letter headers, the dead-letter budget, settings, logs."""

import json
import logging

import pytest
from pydantic import ValidationError
from quotewire_common.dlq import (
    DLQ_HEADROOM,
    DeadLetterBudget,
    dead_letter_max_bytes,
    dead_letter_size,
    dlq_headers,
    fit_dead_letter,
    read_dlq_headers,
)
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


# -- dead letters that must fit one producer request ------------------------------------


def _headers(original=None):
    return dlq_headers(
        reason="text too long " * 10,
        error_class="TextTooLong",
        service="extract",
        source_topic="articles",
        source_partition=2,
        source_offset=41,
        original_headers=original,
    )


def test_dead_letter_that_fits_is_unchanged():
    headers = _headers([("traceparent", b"00-abc")])
    fitted = fit_dead_letter(b"k", b"v" * 1000, headers, 10_000)
    assert (fitted.key, fitted.value, fitted.headers, fitted.truncated) == (
        b"k",
        b"v" * 1000,
        headers,
        False,
    )
    assert DlqHeader.TRUNCATED not in read_dlq_headers(fitted.headers)


def test_value_over_the_budget_is_truncated_with_its_original_size():
    value = b"x" * 1_048_000  # fits a 1 MiB request alone, not with our headers
    headers = _headers([("traceparent", b"00-abc")])
    budget = dead_letter_max_bytes(1_048_576)
    assert budget == 1_048_576 - DLQ_HEADROOM
    fitted = fit_dead_letter(b"article-1", value, headers, budget)
    assert fitted.truncated and fitted.key == b"article-1"
    assert dead_letter_size(fitted.key, fitted.value, fitted.headers) == budget  # no byte wasted
    assert value.startswith(fitted.value)
    read = read_dlq_headers(fitted.headers)
    assert read[DlqHeader.TRUNCATED] == str(len(value))
    assert read[DlqHeader.ERROR_CLASS] == "TextTooLong"  # the reason headers are kept
    assert ("traceparent", b"00-abc") in fitted.headers  # and the original ones too


def test_huge_original_headers_are_dropped_before_the_key():
    headers = _headers([("big", b"h" * 5000)])
    fitted = fit_dead_letter(b"key", b"v" * 100, headers, 2000)
    assert fitted.truncated and fitted.key == b"key"
    assert all(k != "big" for k, _ in fitted.headers)
    assert dead_letter_size(fitted.key, fitted.value, fitted.headers) <= 2000
    assert read_dlq_headers(fitted.headers)[DlqHeader.TRUNCATED] == "100"


def test_even_a_huge_key_fits_in_the_end():
    fitted = fit_dead_letter(b"k" * 5000, b"v", _headers(), 1500)
    assert fitted.truncated
    assert dead_letter_size(fitted.key, fitted.value, fitted.headers) <= 1500
    assert read_dlq_headers(fitted.headers)[DlqHeader.SERVICE] == "extract"
