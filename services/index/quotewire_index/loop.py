"""The indexer's loop: poll → decode/plan/write (:class:`Indexer`) → dead letters → commit.

* Offsets are committed only after every write of the batch was acknowledged by
  Elasticsearch and every dead letter by Kafka.
* Transient trouble (Elasticsearch unreachable, 429/503 still failing after the bulk
  retries, a Kafka send failing) commits nothing: the consumer is rewound to the start
  of the batch and retries it after a capped exponential backoff. Every write is
  idempotent (deterministic ids, merges), so a retried batch never duplicates.
"""

import logging
import threading
from collections.abc import Sequence
from typing import Any

from elastic_transport import TransportError
from elasticsearch import ApiError
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata
from quotewire_common.dlq import DEFAULT_MAX_REQUEST_SIZE, DeadLetterBudget, dead_letter_max_bytes
from quotewire_common.health import Heartbeat

from quotewire_index.bulk import backoff_delay
from quotewire_index.dead_letters import send_dead_letters
from quotewire_index.errors import RetryBatch
from quotewire_index.indexer import Indexer
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.loop")


def batch_offsets(records: Sequence[Any]) -> dict[TopicPartition, tuple[int, int]]:
    """(first, last) offset per partition of a batch."""
    spans: dict[TopicPartition, tuple[int, int]] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        lo, hi = spans.get(tp, (r.offset, r.offset))
        spans[tp] = (min(lo, r.offset), max(hi, r.offset))
    return spans


TRANSIENT = (RetryBatch, TransportError, ApiError, KafkaError, TimeoutError)


class IndexWorker:
    def __init__(
        self,
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        indexer: Indexer,
        settings: IndexSettings,
        stop: threading.Event | None = None,
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.consumer = consumer
        self.producer = producer
        self.indexer = indexer
        self.settings = settings
        self.stop = stop or threading.Event()
        self.budget = DeadLetterBudget(
            window=settings.dlq_budget_window,
            max_ratio=settings.dlq_budget_max_ratio,
            max_streak=settings.dlq_budget_max_streak,
        )
        self.failed_attempts = 0
        self.heartbeat = heartbeat or Heartbeat(None)
        # The dead-letter budget follows the producer's own request limit.
        config = getattr(producer, "config", None) or {}
        self.dlq_max_bytes = dead_letter_max_bytes(
            int(config.get("max_request_size", DEFAULT_MAX_REQUEST_SIZE))
        )

    def run(self) -> None:
        log.info("indexer running", extra={"group": self.settings.index_group})
        while not self.stop.is_set():
            # Beats only while the loop turns: a hung poll or bulk call goes stale.
            self.heartbeat.beat()
            self.poll_once()
        log.info("indexer stopping")

    def poll_once(self) -> int:
        polled = self.consumer.poll(timeout_ms=self.settings.poll_timeout_ms)
        records = [r for batch in polled.values() for r in batch]
        if records:
            self.process(records)
        return len(records)

    def process(self, records: Sequence[Any]) -> bool:
        """Steps for one batch; True when it was committed."""
        try:
            dead = self.indexer.index(records)
            send_dead_letters(
                self.producer, dead, self.settings.request_timeout_ms / 1000, self.dlq_max_bytes
            )
        except TRANSIENT as exc:
            self.failed_attempts += 1
            delay = backoff_delay(
                self.failed_attempts,
                self.settings.bulk_initial_backoff_s,
                min(self.settings.bulk_max_backoff_s, self.settings.max_poll_interval_ms / 2000),
                jitter=0.2,
            )
            log.warning(
                "batch not written, retrying it in %.1fs (attempt %d): %r",
                delay,
                self.failed_attempts,
                exc,
                extra={"records": len(records)},
            )
            self.rewind(records)
            self.stop.wait(delay)
            return False
        self.failed_attempts = 0
        self.commit(records)
        dead_offsets = {(d.record.topic, d.record.partition, d.record.offset) for d in dead}
        for r in records:  # raises RuntimeError (stops the worker) when most messages fail
            self.budget.record((r.topic, r.partition, r.offset) not in dead_offsets)
        log.info(
            "batch indexed",
            extra={
                "records": len(records),
                "dead_lettered": len(dead),
                "stale_dropped": self.indexer.stale_dropped,
                "stale_markers": self.indexer.stale_markers,
            },
        )
        return True

    def rewind(self, records: Sequence[Any]) -> None:
        for tp, (first, _last) in batch_offsets(records).items():
            try:
                self.consumer.seek(tp, first)
            except (AssertionError, KafkaError, ValueError) as exc:  # revoked meanwhile
                log.info("cannot rewind %s: %r", tp, exc)

    def commit(self, records: Sequence[Any]) -> None:
        offsets = {
            tp: OffsetAndMetadata(last + 1, "", -1)
            for tp, (_first, last) in batch_offsets(records).items()
        }
        try:
            self.consumer.commit(offsets)
        except CommitFailedError as exc:
            # The group rebalanced: the new owner re-reads these records (at-least-once;
            # the writes are idempotent).
            log.warning("commit failed after rebalance: %r", exc)
