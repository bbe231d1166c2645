"""The one dead-letter policy every service uses."""

import pytest
from quotewire_common.dlq import (
    CONTRACT_OWNERS,
    DeadLetterPolicy,
    Fault,
    fault_of,
    read_dlq_headers,
)
from quotewire_common.settings import DeadLetterSettings
from quotewire_contracts import DlqHeader


@pytest.mark.parametrize(
    "error_class",
    [
        "EmptyMessage",
        "InvalidJson",
        "ValidationError",
        "TextTooLong",
        "action_request_validation_exception",
    ],
)
def test_contract_size_and_encoding_failures_are_the_senders_fault(error_class):
    assert fault_of(error_class) is Fault.SENDER


@pytest.mark.parametrize(
    "error_class", ["InvalidExtractorOutput", "ModelBroke", "mapper_parsing_exception"]
)
def test_everything_else_is_a_processing_failure(error_class):
    assert fault_of(error_class) is Fault.PROCESSING


def test_a_flood_of_oversized_articles_never_stops_a_worker():
    """Anyone who can post could otherwise stop extraction with 200 huge articles."""
    policy = DeadLetterPolicy("extract", window=200, max_ratio=0.9, max_streak=1000)
    for _ in range(5000):
        policy.record(False, Fault.SENDER)
    policy.record(True)


def test_systematic_processing_failures_still_stop_it():
    policy = DeadLetterPolicy("extract", window=20, max_ratio=0.9, max_streak=1000)
    with pytest.raises(RuntimeError, match="dead-lettered"):
        for _ in range(20):
            policy.record(False, Fault.SENDER)  # interleaved sender faults do not dilute
            policy.record(False, Fault.PROCESSING)


def test_one_dead_letter_per_bad_message_whoever_consumes_the_topic():
    """Both extract and index consume ``articles``: a message breaking its contract is
    extract's to dead-letter; a processing failure is written by whoever failed."""
    extract, index = DeadLetterPolicy("extract"), DeadLetterPolicy("index")
    assert CONTRACT_OWNERS == {"articles": "extract", "statements": "index"}
    writers = [p.service for p in (extract, index) if p.writes("articles", Fault.SENDER)]
    assert writers == ["extract"]
    assert index.writes("statements", Fault.SENDER)
    assert index.writes("articles", Fault.PROCESSING)  # e.g. the article doc was refused


def test_letter_has_headers_with_the_fault_and_fits_the_request():
    policy = DeadLetterPolicy("index", max_request_size=64 * 1024)
    letter = policy.letter(
        source_topic="statements",
        partition=2,
        offset=41,
        key=b"a1",
        value=b"x" * 200_000,
        headers=[("trace", b"t1")],
        reason="not JSON",
        error_class="InvalidJson",
    )
    assert letter.topic == "statements.dlq" and letter.truncated
    assert letter.fault is Fault.SENDER
    headers = read_dlq_headers(letter.headers)
    assert headers[DlqHeader.FAULT] == "sender"
    assert headers[DlqHeader.SERVICE] == "index"
    assert headers[DlqHeader.SOURCE_OFFSET] == "41"
    assert headers[DlqHeader.TRUNCATED] == "200000"
    assert len(letter.value) < policy.max_bytes


def test_one_set_of_settings_names(monkeypatch):
    monkeypatch.setenv("QW_DLQ_WINDOW", "50")
    monkeypatch.setenv("QW_DLQ_MAX_RATIO", "0.5")
    monkeypatch.setenv("QW_DLQ_MAX_STREAK", "7")
    from quotewire_extract.settings import ExtractSettings
    from quotewire_index.settings import IndexSettings

    for settings in (ExtractSettings(_env_file=None), IndexSettings(_env_file=None)):
        assert isinstance(settings, DeadLetterSettings)
        policy = DeadLetterPolicy.from_settings("x", settings)
        assert (policy.budget.window, policy.budget.max_ratio, policy.budget.max_streak) == (
            50,
            0.5,
            7,
        )


@pytest.mark.parametrize(
    ("value", "error_class"),
    [
        (b"not an article {", "InvalidJson"),
        (b"\xff\xfe\x00garbage", "InvalidJson"),
        (b'{"article_id": "x"}', "ValidationError"),
        (b"", "EmptyMessage"),
    ],
)
def test_both_consumers_of_articles_describe_a_bad_message_alike(value, error_class):
    from collections import namedtuple

    from quotewire_extract import steps
    from quotewire_index.decode import DeadLetter, decode_record

    record = namedtuple("Record", "topic partition offset key value headers")
    by_index = decode_record(record("articles", 0, 1, b"k", value, []))
    with pytest.raises(steps.Rejected) as by_extract:
        steps.decode(value)
    assert isinstance(by_index, DeadLetter)
    assert by_index.error_class == by_extract.value.error_class == error_class
    assert by_index.fault is Fault.SENDER
    assert by_index.reason == by_extract.value.reason
