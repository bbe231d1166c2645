"""The indexer's loop: poll → decode/plan/write (:class:`Indexer`) → dead letters → commit.

* Offsets are committed only after every write of the batch was acknowledged by
  Elasticsearch and every dead letter by Kafka.
* Transient trouble (Elasticsearch unreachable, 429/503 still failing after the bulk
  retries, a Kafka send or the commit failing) commits nothing: the consumer is rewound
  to the start of the batch and retries it after a capped exponential backoff. Every
  write is idempotent (deterministic ids, merges), so a retried batch never duplicates.
* The view (:mod:`quotewire_index.view`): at start, every ``QW_VIEW_CHECK_INTERVAL_S``
  and after a failed batch the loop checks that the search server still holds this
  view; partitions whose committed offsets belong to no current view are read again
  from their earliest offset, so the index converges to what the topics say.
"""

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any, Protocol

from elastic_transport import TransportError
from elasticsearch import ApiError
from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata
from quotewire_common.dlq import DEFAULT_MAX_REQUEST_SIZE, DeadLetterPolicy
from quotewire_common.health import Heartbeat
from quotewire_common.metrics import CONSUMER_LAG, set_lag
from quotewire_common.topics import TopicWatch

from quotewire_index.bulk import backoff_delay
from quotewire_index.dead_letters import send_dead_letters
from quotewire_index.decode import DeadLetter
from quotewire_index.errors import RetryBatch
from quotewire_index.settings import SERVICE, IndexSettings
from quotewire_index.view import NotOurIndex, ViewGuard

log = logging.getLogger("quotewire_index.loop")


def batch_offsets(records: Sequence[Any]) -> dict[TopicPartition, tuple[int, int]]:
    """(first, last) offset per partition of a batch."""
    spans: dict[TopicPartition, tuple[int, int]] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        lo, hi = spans.get(tp, (r.offset, r.offset))
        spans[tp] = (min(lo, r.offset), max(hi, r.offset))
    return spans


class BatchWriter(Protocol):
    """What the loop drives: the indexer (:class:`~quotewire_index.indexer.Indexer`) or
    the derived worker's writer."""

    require_alias: bool

    def index(self, records: Sequence[Any]) -> list[DeadLetter]: ...

    def idle(self, force: bool = False) -> None: ...

    def counters(self) -> dict[str, int]: ...


TRANSIENT = (RetryBatch, TransportError, ApiError, KafkaError, TimeoutError)


class _Reassigned(ConsumerRebalanceListener):
    """Forgets what the worker knew about partitions that moved (their position too)."""

    def __init__(self, worker: "IndexWorker") -> None:
        self.worker = worker

    def on_partitions_revoked(self, revoked) -> None:
        self.worker.forget(revoked)

    def on_partitions_assigned(self, assigned) -> None:
        self.worker.forget(assigned)


class IndexWorker:
    def __init__(
        self,
        consumer: KafkaConsumer,
        producer: KafkaProducer | None,
        indexer: BatchWriter,
        settings: IndexSettings,
        stop: threading.Event | None = None,
        heartbeat: Heartbeat | None = None,
        guard: ViewGuard | None = None,
        group: str | None = None,
    ) -> None:
        """``guard``: keeps the index a view of the topics (see
        :mod:`quotewire_index.view`); without one the committed offsets are trusted.
        ``indexer``: the batch's writes (an :class:`Indexer`, or the derived worker's
        writer); ``group``: the consumer group (default ``QW_INDEX_GROUP``)."""
        self.consumer = consumer
        self.group = group or settings.index_group
        self.producer = producer
        self.indexer = indexer
        self.settings = settings
        self.stop = stop or threading.Event()
        self.failed_attempts = 0
        self.heartbeat = heartbeat or Heartbeat(None)
        # Dead letters are fitted under the producer's own request limit.
        config = getattr(producer, "config", None) or {}
        self.policy = DeadLetterPolicy.from_settings(
            SERVICE, settings, int(config.get("max_request_size", DEFAULT_MAX_REQUEST_SIZE))
        )
        self.topic_watch = TopicWatch()
        self._topics_checked_at = float("-inf")
        self.guard = guard
        self.view_id: str | None = None
        self._view_checked_at = float("-inf")
        #: Partitions whose committed offsets belong to the current view.
        self.trusted: set[TopicPartition] = set()
        #: Partitions read again from the start in this view, not yet committed in it.
        self.replaying: set[TopicPartition] = set()
        #: Views started by this worker, and partitions it sent back to their start.
        self.views_started = 0
        self.partitions_replayed = 0

    def subscribe(self, topics: Sequence[str]) -> None:
        """Subscribe with the listener that keeps the view bookkeeping right."""
        self.consumer.subscribe(list(topics), listener=_Reassigned(self))

    def forget(self, tps) -> None:
        for tp in tps:
            self.trusted.discard(tp)
            self.replaying.discard(tp)
            try:  # a partition this worker no longer reads reports no lag from here
                CONSUMER_LAG.remove(self.group, tp.topic, str(tp.partition))
            except KeyError:
                pass

    def report_lag(self, tps) -> None:
        """``quotewire_consumer_lag_messages`` of the partitions just polled: the end
        offset the last fetch saw minus the position (no extra request). Clamped at 0:
        the local broker's end offset can lag behind what is readable."""
        for tp in tps:
            end = self.consumer.highwater(tp)
            if end is None:
                continue
            try:
                position = self.consumer.position(tp, timeout_ms=0)
            except (AssertionError, KafkaError, ValueError):
                continue
            set_lag(self.group, tp.topic, tp.partition, end, position)

    def run(self) -> None:
        log.info("indexer running", extra={"group": self.group})
        while not self.stop.is_set():
            # Beats only while the loop turns: a hung poll or bulk call goes stale.
            self.heartbeat.beat()
            self.poll_once()
        self.flush_derived(force=True)
        log.info("indexer stopping")

    def poll_once(self) -> int:
        """One turn of the loop; raises ``TopicLayoutError`` when a topic vanished."""
        self.check_topics()
        if self.guard is not None and not self.refresh_view():
            return 0
        polled = self.consumer.poll(timeout_ms=self.settings.poll_timeout_ms)
        records = [r for batch in polled.values() for r in batch]
        self.report_lag(polled.keys())
        if self.guard is not None:
            records = self.admit(records)
        records = self.hold(records)
        if records:
            self.process(records)
        else:
            self.flush_derived()
        return len(records)

    def hold(self, records: list[Any]) -> list[Any]:
        """The records to write now (all); a subclass may hold some back (rewound)."""
        return records

    def flush_derived(self, force: bool = False) -> None:
        """Registry documents that are due, while idle (a failure is retried later)."""
        try:
            self.indexer.idle(force=force)
        except TRANSIENT as exc:
            log.warning("speakers registry not updated yet, retried when idle: %r", exc)

    def check_topics(self) -> None:
        """Partition counts of the subscribed topics, from the consumer's metadata
        (refreshed every ``metadata_max_age_ms``): growth is logged loudly (the group
        takes the new partitions over), a vanished or shrunk topic stops the worker."""
        now = time.monotonic()
        if now - self._topics_checked_at < self.settings.view_check_interval_s:
            return
        self._topics_checked_at = now
        try:
            counts = {
                t: len(self.consumer.partitions_for_topic(t) or ()) or None
                for t in sorted(self.consumer.subscription() or ())
            }
        except KafkaError as exc:  # no broker right now: the poll says so too
            log.warning("cannot read the topics' metadata: %r", exc)
            return
        changes = self.topic_watch.observe(counts)
        for change in changes:
            log.error("partition count changed: %s", change)
        if changes:
            # Leave and rejoin the group: a fresh assignment covers the new partitions
            # (the local broker keeps handing out the old one on a mere rejoin).
            topics = sorted(self.consumer.subscription() or ())
            self.consumer.unsubscribe()
            self.forget(list(self.trusted | self.replaying))
            self.subscribe(topics)

    # -- the view ------------------------------------------------------------------------

    def view_check_due(self) -> bool:
        return (
            self.view_id is None
            or time.monotonic() - self._view_checked_at >= self.settings.view_check_interval_s
        )

    def refresh_view(self, force: bool = False) -> bool:
        """Check the view when due; False when nothing may be written now."""
        if not (force or self.view_check_due()):
            return True
        assert self.guard is not None
        try:
            status = self.guard.ensure()
        except NotOurIndex as exc:
            log.error("NOT WRITING: %s", exc)
            self.stop.wait(min(self.settings.view_check_interval_s, 5.0))
            return False
        except TRANSIENT as exc:
            log.warning("cannot check the search index view: %r", exc)
            self.stop.wait(min(self.settings.view_check_interval_s, 1.0))
            return False
        self._view_checked_at = time.monotonic()
        self.indexer.require_alias = self.guard.aliased
        if status.view_id != self.view_id:
            if self.view_id is not None:
                log.warning(
                    "the search index view changed (%s → %s): its data was lost or rebuilt; "
                    "reading every partition again from its earliest offset",
                    self.view_id,
                    status.view_id,
                )
            self.views_started += int(status.created)
            self.view_id = status.view_id
            self.trusted.clear()
            self.replaying.clear()
        return True

    def admit(self, records: Sequence[Any]) -> list[Any]:
        """Check partitions new to this view: a partition whose committed offset belongs
        to another view (or none) goes back to its earliest offset; its records of
        this poll are dropped (they come again)."""
        assert self.guard is not None and self.view_id is not None
        assigned = set(self.consumer.assignment())
        unknown = sorted(assigned - self.trusted - self.replaying)
        if not unknown:
            return list(records)
        try:
            views = self.guard.partition_views([(tp.topic, tp.partition) for tp in unknown])
        except TRANSIENT as exc:
            log.warning("cannot read the partition views: %r", exc)
            self._view_checked_at = float("-inf")
            self.rewind(records)
            return []
        restart = []
        for tp in unknown:
            if views.get((tp.topic, tp.partition)) == self.view_id:
                self.trusted.add(tp)
            else:
                restart.append(tp)
        log.info(
            "partitions checked against view %s: %d go on from their committed offset, "
            "%d are read again",
            self.view_id,
            len(unknown) - len(restart),
            len(restart),
        )
        if restart:
            self.consumer.seek_to_beginning(*restart)
            self.replaying.update(restart)
            self.partitions_replayed += len(restart)
            log.warning(
                "reading %d partition(s) again from the earliest offset into view %s",
                len(restart),
                self.view_id,
                extra={"partitions": [f"{tp.topic}-{tp.partition}" for tp in restart]},
            )
        dropped = set(restart)
        return [r for r in records if TopicPartition(r.topic, r.partition) not in dropped]

    def mark_replayed(self, records: Sequence[Any]) -> None:
        """After a commit: partitions read again from the start are now of this view."""
        if self.guard is None or self.view_id is None:
            return
        tps = {TopicPartition(r.topic, r.partition) for r in records} & self.replaying
        if not tps:
            return
        try:
            self.guard.mark_partitions([(tp.topic, tp.partition) for tp in tps], self.view_id)
        except TRANSIENT as exc:  # marked after the next commit instead
            log.warning("cannot record the partition views: %r", exc)
            return
        self.replaying -= tps
        self.trusted |= tps

    # -- one batch -----------------------------------------------------------------------

    def process(self, records: Sequence[Any]) -> bool:
        """Steps for one batch; True when it was committed."""
        try:
            dead = self.indexer.index(records)
            if dead:
                assert self.producer is not None, "dead letters need a producer"
                send_dead_letters(
                    self.producer, dead, self.settings.request_timeout_ms / 1000, self.policy
                )
            committed = self.commit(records)
        except TRANSIENT as exc:
            self._view_checked_at = float("-inf")  # the search server may have lost it
            self.failed_attempts += 1
            delay = backoff_delay(
                self.failed_attempts,
                self.settings.bulk_initial_backoff_s,
                min(self.settings.bulk_max_backoff_s, self.settings.max_poll_interval_ms / 4000),
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
        if committed:
            self.mark_replayed(records)
        faults = {(d.record.topic, d.record.partition, d.record.offset): d.fault for d in dead}
        for r in records:  # raises RuntimeError (stops the worker) when processing fails
            fault = faults.get((r.topic, r.partition, r.offset))
            self.policy.record(fault is None, fault)
        log.info(
            "batch indexed",
            extra={
                "records": len(records),
                "dead_lettered": len(dead),
                **self.indexer.counters(),
            },
        )
        return True

    def rewind(self, records: Sequence[Any]) -> None:
        for tp, (first, _last) in batch_offsets(records).items():
            try:
                self.consumer.seek(tp, first)
            except (AssertionError, KafkaError, ValueError) as exc:  # revoked meanwhile
                log.info("cannot rewind %s: %r", tp, exc)

    def commit(self, records: Sequence[Any]) -> bool:
        """Commit the batch; False when a rebalance took its partitions away."""
        offsets = {
            tp: OffsetAndMetadata(last + 1, "", -1)
            for tp, (_first, last) in batch_offsets(records).items()
        }
        try:
            self.consumer.commit(offsets, timeout_ms=self.settings.request_timeout_ms)
        except CommitFailedError as exc:
            # The group rebalanced: the new owner re-reads these records (at-least-once;
            # the writes are idempotent).
            log.warning("commit failed after rebalance: %r", exc)
            return False
        # Any other Kafka error (the broker went away, a timeout) propagates to
        # process(), which rewinds and retries the batch like any transient failure.
        return True
