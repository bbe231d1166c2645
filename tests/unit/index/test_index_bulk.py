import pytest
from quotewire_index.bulk import Outcome, backoff_delay, classify_item, classify_status


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.OK),
        (201, Outcome.OK),
        (400, Outcome.DEAD),
        (413, Outcome.DEAD),
        (409, Outcome.CONFLICT),
        (429, Outcome.RETRY),
        (503, Outcome.RETRY),
        (500, Outcome.RETRY),
        (404, Outcome.RETRY),
        (401, Outcome.RETRY),
        (None, Outcome.RETRY),
    ],
)
def test_classify_status(status, outcome):
    assert classify_status(status) is outcome


def test_ok_item():
    r = classify_item(True, {"index": {"_id": "s1", "status": 201, "result": "created"}})
    assert (r.id, r.outcome, r.reason) == ("s1", Outcome.OK, None)


def test_mapping_failure_is_dead_with_reason_chain():
    item = {
        "index": {
            "_id": "s2",
            "status": 400,
            "error": {
                "type": "mapper_parsing_exception",
                "reason": "failed to parse field [content_end] of type [integer]",
                "caused_by": {"type": "input_coercion_exception", "reason": "out of range"},
            },
        }
    }
    r = classify_item(False, item)
    assert r.outcome is Outcome.DEAD and r.error_type == "mapper_parsing_exception"
    assert "content_end" in r.reason and "input_coercion_exception: out of range" in r.reason


def test_rejected_execution_is_retry():
    item = {"index": {"_id": "s3", "status": 429, "error": {"type": "es_rejected_execution"}}}
    assert classify_item(False, item).outcome is Outcome.RETRY


def test_whole_chunk_error_string_is_classified_by_status():
    r = classify_item(False, {"index": {"_id": "s4", "status": 503, "error": "ApiError(503)"}})
    assert r.outcome is Outcome.RETRY and r.error_type == "bulk_request_error"


def test_failure_with_success_status_is_not_trusted():
    assert classify_item(False, {"index": {"_id": "x", "status": 200}}).outcome is Outcome.RETRY


def test_backoff_doubles_and_caps():
    assert [backoff_delay(n, 0.5, 3.0) for n in range(6)] == [0.0, 0.5, 1.0, 2.0, 3.0, 3.0]


def test_backoff_jitter_stays_within_bounds():
    assert backoff_delay(2, 1.0, 10.0, jitter=0.2, rng=lambda: 0.0) == pytest.approx(1.6)
    assert backoff_delay(2, 1.0, 10.0, jitter=0.2, rng=lambda: 1.0) == pytest.approx(2.4)
    assert backoff_delay(9, 1.0, 10.0, jitter=0.2, rng=lambda: 1.0) == 10.0
