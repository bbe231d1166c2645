"""Logs Kibana reads as they are (QW_LOG_FORMAT=ecs), and a message's article_id and trace
on every line of its processing (log_context), in the extract worker too."""

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from quotewire_common.dlq import DeadLetterPolicy
from quotewire_common.logging import (
    EcsFormatter,
    in_context,
    log_context,
    message_fields,
    trace_fields,
)
from quotewire_contracts import ArticleEvent, article_version_for
from quotewire_extract.worker import ExtractWorker, SourceMessage

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE}-00f067aa0ba902b7-01".encode()


def ecs(record: logging.LogRecord) -> dict:
    return json.loads(EcsFormatter("extract").format(record))


def test_ecs_names_labels_and_custom_fields():
    log = logging.getLogger("t.ecs")
    with log_context(**message_fields("articles", 2, 41, b"afp-1", [("traceparent", TRACEPARENT)])):
        record = log.makeRecord(
            "t.ecs", logging.WARNING, __file__, 1, "dead-lettered", (), None,
            extra={"statement_count": 3, "duration_ms": 1.5, "error_class": "ValueError"},
        )  # fmt: skip
    doc = ecs(record)
    assert doc["@timestamp"].endswith("Z") and doc["log.level"] == "warning"
    assert doc["message"] == "dead-lettered" and doc["service.name"] == "extract"
    assert doc["event.dataset"] == "quotewire.extract" and doc["ecs.version"]
    assert doc["labels"] == {"article_id": "afp-1", "topic": "articles"}
    assert doc["quotewire"] == {"partition": 2, "offset": 41, "statement_count": 3}
    assert doc["event.duration"] == 1_500_000 and doc["error.type"] == "ValueError"
    assert doc["trace.id"] == TRACE and doc["span.id"] == "00f067aa0ba902b7"


def test_a_call_s_own_fields_win_and_context_ends_with_the_block():
    log = logging.getLogger("t.ecs")
    with log_context(article_id="a-1"):
        inside = log.makeRecord("t", 20, __file__, 1, "m", (), None, extra={"article_id": "b"})
    outside = log.makeRecord("t", 20, __file__, 1, "m", (), None)
    assert ecs(inside)["labels"]["article_id"] == "b"
    assert "labels" not in ecs(outside)


def test_trace_fields_only_from_a_valid_traceparent():
    assert trace_fields([("traceparent", b"garbage")]) == {}
    assert trace_fields(None) == {}
    assert trace_fields([("TraceParent", TRACEPARENT)])["trace.id"] == TRACE


class Sink:
    def __init__(self) -> None:
        self.sent: list = []

    async def send(self, *, key=None, value=None, headers=None, force=False):
        self.sent.append((key, value, headers))
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def test_every_line_of_a_message_s_processing_carries_its_article_id(caplog):
    """In the worker, in the extractor's thread, and for a message that cannot even be
    decoded (its key is the article id)."""

    def extract(text: str):
        logging.getLogger("quotewire_attribution.test").info("parsing")
        return []

    body = "No quotes here."
    event = ArticleEvent(
        article_id="afp-7",
        article_version=article_version_for("T", body),
        title="T",
        body=body,
        received_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    messages = [
        SourceMessage("articles", 0, 5, b"afp-7", event.model_dump_json().encode(),
                      [("traceparent", TRACEPARENT)]),
        SourceMessage("articles", 0, 6, b"afp-8", b"not json"),
    ]  # fmt: skip
    with ThreadPoolExecutor(1) as pool:
        worker = ExtractWorker(
            extract=extract,
            extractor_name="test",
            statements=Sink(),
            dlq=Sink(),
            executor=pool,
            max_chars=10_000,
            policy=DeadLetterPolicy("extract"),
            languages=frozenset({"en"}),
        )
        with caplog.at_level(logging.INFO):
            for msg in messages:
                asyncio.run(worker.handle(msg))

    def ids(message: str) -> list:
        return [r.qw_context.get("article_id") for r in caplog.records if r.getMessage() == message]

    assert ids("parsing") == ["afp-7"]  # logged in the executor's thread
    assert ids("message dead-lettered") == ["afp-8"]
    parsing = next(r for r in caplog.records if r.getMessage() == "parsing")
    assert parsing.qw_context["trace.id"] == TRACE and parsing.qw_context["offset"] == 5


def test_in_context_carries_the_fields_into_a_thread():
    with ThreadPoolExecutor(1) as pool, log_context(article_id="x-1"):
        record = pool.submit(
            in_context(logging.getLogger("t").makeRecord, "t", 20, __file__, 1, "m", (), None)
        ).result()
    assert record.qw_context == {"article_id": "x-1"}
