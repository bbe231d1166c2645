"""One ``articles`` message through the steps, then to ``statements`` or ``articles.dlq``.

:class:`ExtractWorker` is what the faust agent (app.py) calls per message. It knows the
sinks (faust topics), the thread pool that runs spaCy, the dead-letter budget and the
log context; the decisions live in :mod:`quotewire_extract.steps`.

Delivery: :meth:`ExtractWorker.handle_batch` (and ``handle``, a batch of one) returns
only once every record it produced — per message the statements and the marker, or the
dead letter — is acknowledged by the broker (acks=all). The agent acks the faust events
only after it returned, and faust
commits an offset only when it and every earlier offset of the partition are acked, so
a committed offset always means "its output is durable" (at-least-once). Anything
``handle`` raises (the budget is spent, the broker rejects a send) leaves the event
unacked and crashes the worker; after a restart the message is consumed again.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from quotewire_common.dlq import DeadLetterPolicy, fault_of
from quotewire_common.logging import bind, in_context, log_context, message_fields
from quotewire_common.metrics import (
    EXTRACT_ARTICLES,
    EXTRACT_BATCH,
    EXTRACT_DURATION,
    EXTRACT_QUEUE,
    EXTRACT_STATEMENTS,
)
from quotewire_contracts import Topic

from quotewire_extract.steps import (
    SUPPORTED_LANGUAGES,
    Extracted,
    ExtractFn,
    ExtractManyFn,
    Rejected,
    process_batch,
)

SERVICE = "extract"
#: faust's default ``producer_max_request_size`` (app.py keeps it).
FAUST_MAX_REQUEST_SIZE = 1_000_000

log = logging.getLogger("quotewire_extract.worker")


class Sink(Protocol):
    """What the worker needs of a faust topic (``faust.Topic`` satisfies it)."""

    async def send(
        self, *, key: Any = None, value: Any = None, headers: Any = None, force: bool = False
    ) -> Awaitable[Any]: ...


@dataclass(frozen=True)
class SourceMessage:
    """The parts of a consumed ``articles`` record the worker uses."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]] = field(default_factory=list)

    @classmethod
    def from_faust(cls, message: Any) -> "SourceMessage":
        """From a ``faust.types.Message`` (``event.message``): raw bytes, untouched."""
        headers = message.headers or []
        if isinstance(headers, dict):
            headers = list(headers.items())
        return cls(
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key,
            value=message.value,
            headers=[(k, v if isinstance(v, bytes) else bytes(v or b"")) for k, v in headers],
        )


@dataclass
class Counters:
    messages: int = 0
    articles: int = 0
    statements: int = 0
    dead_letters: int = 0
    #: articles indexed without statements: their language has no extractor
    unsupported_language: int = 0


class ExtractWorker:
    def __init__(
        self,
        *,
        extract: ExtractFn,
        extractor_name: str,
        statements: Sink,
        dlq: Sink,
        executor: Executor | None,
        max_chars: int,
        policy: DeadLetterPolicy,
        languages: frozenset[str] = SUPPORTED_LANGUAGES,
        extract_many: ExtractManyFn | None = None,
    ) -> None:
        """``policy``: the common dead-letter policy (reasons, headers, fitting under the
        producer's ``max_request_size`` — faust's default 1,000,000 B —, the budget).
        ``extract_many``: several texts in one call (one ``nlp.pipe``); without it a
        batch is extracted one text at a time."""
        self.extract = extract
        self.extract_many = extract_many
        self.extractor_name = extractor_name
        self.statements = statements
        self.dlq = dlq
        self.executor = executor
        self.max_chars = max_chars
        self.policy = policy
        self.languages = languages
        self.counters = Counters()

    async def _run_blocking(self, fn: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, in_context(fn, *args))

    async def handle(self, msg: SourceMessage) -> Extracted | Rejected:
        """Process one message; return once its output is acknowledged by the broker."""
        return (await self.handle_batch([msg]))[0]

    async def handle_batch(self, msgs: Sequence[SourceMessage]) -> list[Extracted | Rejected]:
        """Process messages of one partition queue together (their texts in one
        ``nlp.pipe``); return, one outcome per message in order, once the output of every
        one of them — statements and marker, or dead letter — is acknowledged.

        Every line logged about one message carries its ``article_id`` (its key), place
        and trace (:func:`log_context`); a batch of one logs all its lines so."""
        first = msgs[0]
        single = (
            message_fields(first.topic, first.partition, first.offset, first.key, first.headers)
            if len(msgs) == 1
            else {"topic": first.topic, "partition": first.partition, "offset": first.offset}
        )
        with log_context(**single):
            return await self._handle_batch(msgs)

    async def _handle_batch(self, msgs: Sequence[SourceMessage]) -> list[Extracted | Rejected]:
        started = time.perf_counter()
        taken_at = datetime.now(UTC)
        self.counters.messages += len(msgs)
        EXTRACT_BATCH.observe(len(msgs))
        outcomes = await process_batch(
            [m.value for m in msgs],
            extract=self.extract,
            extract_many=self.extract_many,
            extractor_name=self.extractor_name,
            max_chars=self.max_chars,
            run_blocking=self._run_blocking,
            languages=self.languages,
        )
        # Everything is handed to the producer in order (per article: statements, then
        # the marker), then the acks are awaited together.
        pending: list[Awaitable[Any]] = []
        for msg, outcome in zip(msgs, outcomes, strict=True):
            if isinstance(outcome, Extracted):
                pending += await self.enqueue(outcome)
            else:
                pending.append(await self.enqueue_dead_letter(msg, outcome))
        await asyncio.gather(*pending)
        for msg, outcome in zip(msgs, outcomes, strict=True):
            fields = message_fields(msg.topic, msg.partition, msg.offset, msg.key, msg.headers)
            with log_context(**fields):
                self._account(msg, outcome, started, taken_at, len(msgs))
        return outcomes

    def _account(
        self,
        msg: SourceMessage,
        outcome: Extracted | Rejected,
        started: float,
        taken_at: datetime,
        batch: int,
    ) -> None:
        """Counters, metrics, the log line and the dead-letter budget of one outcome."""
        ctx = bind(log, topic=msg.topic, partition=msg.partition, offset=msg.offset)
        if isinstance(outcome, Extracted):
            queued = (taken_at - outcome.article.received_at).total_seconds()
            EXTRACT_QUEUE.observe(max(0.0, queued))
            self.counters.articles += 1
            self.counters.statements += len(outcome.statements)
            self.counters.unsupported_language += outcome.unsupported_language
            EXTRACT_ARTICLES.inc()
            EXTRACT_STATEMENTS.observe(len(outcome.statements))
            EXTRACT_DURATION.observe(time.perf_counter() - started)
            ctx.info(
                "article in an unsupported language: no statements"
                if outcome.unsupported_language
                else "article extracted",
                extra={
                    "article_id": outcome.article.article_id,
                    "article_version": outcome.article.article_version,
                    "language": outcome.marker.language,
                    "statements_status": outcome.marker.statements_status,
                    "unsupported_language_total": self.counters.unsupported_language,
                    "statement_count": len(outcome.statements),
                    "duplicates_dropped": outcome.duplicates_dropped,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "batch": batch,
                },
            )
            self.policy.record(True)
            return
        fault = fault_of(outcome.error_class)
        self.counters.dead_letters += 1
        article = outcome.article
        ctx.warning(
            "message dead-lettered",
            extra={
                "article_id": article.article_id if article else None,
                "article_version": article.article_version if article else None,
                "error_class": outcome.error_class,
                "fault": str(fault),
                "reason": outcome.reason,
                "dead_letters": self.counters.dead_letters,
                "messages": self.counters.messages,
            },
        )
        # Sender faults never count; a flood of processing failures raises
        # RuntimeError and stops the worker.
        self.policy.record(False, fault)

    async def publish(self, extracted: Extracted) -> None:
        """Send the statements and then the marker, and wait for all their acks."""
        await asyncio.gather(*await self.enqueue(extracted))

    async def enqueue(self, extracted: Extracted) -> list[Awaitable[Any]]:
        """Hand the statements and then the marker (same key, so same partition and in
        this order) to the producer; the delivery futures of their acks."""
        pending = []
        for key, value in extracted.records():
            # topic.send() enqueues to the producer and returns the delivery future.
            pending.append(await self.statements.send(key=key, value=value, force=True))
        return pending

    async def dead_letter(self, msg: SourceMessage, rejected: Rejected) -> None:
        """The dead letter of ``msg``, acknowledged (see :meth:`enqueue_dead_letter`)."""
        await (await self.enqueue_dead_letter(msg, rejected))

    async def enqueue_dead_letter(self, msg: SourceMessage, rejected: Rejected) -> Awaitable[Any]:
        """Original key and value bytes to ``articles.dlq`` with the reason headers (cut to
        fit the producer's request size when they would not: an unsendable dead letter
        would crash-loop the worker on this message); the delivery future of its ack."""
        if not msg.topic:
            msg = replace(msg, topic=Topic.ARTICLES.value)
        letter = self.policy.letter_for(
            msg, reason=rejected.reason, error_class=rejected.error_class
        )
        if letter.truncated:
            bind(log, topic=msg.topic, partition=msg.partition, offset=msg.offset).warning(
                "dead letter truncated to fit the producer's request size",
                extra={"value_bytes": len(msg.value or b""), "max_bytes": self.policy.max_bytes},
            )
        return await self.dlq.send(
            key=letter.key, value=letter.value, headers=letter.headers, force=True
        )
