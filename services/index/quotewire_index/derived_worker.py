"""``quotewire-derived``: the speakers registry and quote clusters, behind the indexer.

The indexer's critical path is "statement searchable, offset committed". The derived
indices (:mod:`quotewire_index.derived`) cost more per statement than the statement
write itself, so they have their own consumer group on ``statements``
(``QW_DERIVED_GROUP``, default ``quotewire-derived``) and their own process:

* **Behind the indexer.** A registry document is an aggregation over the ``statements``
  index, so a statement is taken only once the indexer's group committed past it, in
  the current view (:class:`IndexerProgress`); what is ahead is rewound and read again.
  Behind a busy indexer the batches grow (up to ``QW_DERIVED_BATCH_SIZE``): one refresh,
  one registry aggregation and one candidate search per batch, however many statements.
* **Committed after its writes.** Every new quote variant of a batch is clustered and
  written before the batch's offsets are committed; failures rewind and retry the batch
  like the indexer's loop (:class:`~quotewire_index.loop.IndexWorker`, the same code).
  A registry document is recomputed at once for a speaker new to the process and at
  most every ``QW_REGISTRY_INTERVAL_S`` for a known one (a heavily quoted speaker is not
  re-aggregated on every batch), all pending ones whenever the worker has caught up
  with the topic; the committed offset of a partition stays at the first statement
  whose speaker's document is still pending (:meth:`DerivedWriter.floors`), so a crash
  loses no registry update: the replay makes it pending again.
* **Idempotent.** A registry document is recomputed from the statements, a variant's id
  is its speaker and text, and a variant already stored is left alone: a replay after a
  crash (kill -9 mid-batch) or a rebuild converges on the same documents.
* **A view of the topics.** The derived worker checks the view like the indexer
  (:mod:`quotewire_index.view`, with its own partition documents): when the search
  server comes back empty, both read their partitions again from the earliest offset.
* It dead-letters nothing: a statement that breaks the contract is the indexer's to
  dead-letter; here it is skipped (counted).
"""

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from elasticsearch import Elasticsearch
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import CommitFailedError
from kafka.structs import OffsetAndMetadata
from quotewire_common.es import make_es_client, wait_for_es
from quotewire_common.health import Heartbeat
from quotewire_common.kafka import ensure_topics, make_admin, make_consumer, wait_for_kafka
from quotewire_common.lag import committed_offsets
from quotewire_common.topics import TopicLayoutError
from quotewire_contracts import StatementEvent, Topic

from quotewire_index.bulk import ItemResult, configured_bulk
from quotewire_index.clusters import LSH_SCHEME, stored_lsh_scheme
from quotewire_index.decode import DeadLetter, decode_record
from quotewire_index.derived import Derived
from quotewire_index.loop import TRANSIENT, IndexWorker, batch_offsets
from quotewire_index.names import speaker_id
from quotewire_index.settings import SERVICE, IndexSettings
from quotewire_index.view import ViewGuard
from quotewire_index.worker import start_process

log = logging.getLogger("quotewire_index.derived_worker")

DEFAULT_HEALTH_FILE = Path("/tmp/quotewire-derived.alive")
#: The statement record size a derived batch's fetch is sized for. kafka-python fetches
#: at most ``max_partition_fetch_bytes`` per partition (1 MiB by default): about 500
#: statements of ~2 KB, so batches stopped at 500 whatever ``QW_DERIVED_BATCH_SIZE`` said.
RECORD_BYTES = 4096


class DerivedWriter:
    """One batch of ``statements`` records → registry documents and quote variants."""

    def __init__(
        self,
        es: Elasticsearch,
        settings: IndexSettings,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.es = es
        self.settings = settings
        #: Write only through aliases (set by the loop's view check).
        self.require_alias = False
        self.derived = Derived(es, settings, self._bulk, clock)
        #: Statements taken, and records skipped (breaking the contract: the indexer's
        #: to dead-letter).
        self.statements = 0
        self.skipped = 0
        #: Speaker id → the first offset, per partition, of a statement taken since its
        #: registry document was last recomputed (what a commit must not pass).
        self.since: dict[str, dict[TopicPartition, int]] = {}

    def _bulk(self, actions: list[dict], kind: str) -> dict[str, ItemResult]:
        return configured_bulk(self.es, self.settings, actions, kind, self.require_alias)

    def index(self, records: Sequence[Any]) -> list[DeadLetter]:
        """The batch's new variants clustered and written, the registry documents that
        are due recomputed; no dead letters (raises like the indexer when the batch must
        be retried)."""
        events: list[StatementEvent] = []
        for record in records:
            result = decode_record(record)
            if isinstance(result, DeadLetter):  # the indexer dead-letters it
                self.skipped += 1
                continue
            if not isinstance(result.event, StatementEvent):  # an article_processed marker
                continue
            events.append(result.event)
            firsts = self.since.setdefault(speaker_id(result.event.speaker_canonical), {})
            firsts.setdefault(TopicPartition(record.topic, record.partition), record.offset)
        self.derived.update(events)
        self._prune()
        self.statements += len(events)
        return []

    def idle(self, force: bool = False) -> None:
        """Registry documents that are due (all pending with ``force``)."""
        self.derived.flush_registry(force=force)
        self._prune()

    def _prune(self) -> None:
        for sid in [s for s in self.since if s not in self.derived.pending]:
            del self.since[sid]

    def forget(self, tps: Sequence[TopicPartition]) -> None:
        """Partitions that moved to another worker (it reads them from their commit)."""
        gone = set(tps)
        for firsts in self.since.values():
            for tp in gone & firsts.keys():
                del firsts[tp]

    def floors(self) -> dict[TopicPartition, int]:
        """Per partition, the first offset of a statement whose registry document is
        still pending: the offset a commit may reach at most."""
        out: dict[TopicPartition, int] = {}
        for firsts in self.since.values():
            for tp, offset in firsts.items():
                out[tp] = min(offset, out.get(tp, offset))
        return out

    def counters(self) -> dict[str, int]:
        return {"statements": self.statements, "skipped": self.skipped}


class IndexerProgress:
    """How far the indexer's group has written each partition, in the current view.

    The limit of a partition is the indexer's committed offset, once the indexer's
    partition document names the current view (before that, its committed offset
    belongs to a view whose data is gone, and the limit is 0: nothing yet)."""

    def __init__(self, admin: KafkaAdminClient, guard: ViewGuard, group: str) -> None:
        self.admin = admin
        self.guard = guard  # the indexer's: its partition documents
        self.group = group
        self._current: set[tuple[str | None, TopicPartition]] = set()

    def limits(
        self, tps: Sequence[TopicPartition], view_id: str | None
    ) -> dict[TopicPartition, int]:
        committed = committed_offsets(self.admin, self.group, list(tps))
        if view_id is not None:
            unknown = [tp for tp in tps if (view_id, tp) not in self._current]
            if unknown:
                views = self.guard.partition_views([(tp.topic, tp.partition) for tp in unknown])
                for tp in unknown:
                    if views.get((tp.topic, tp.partition)) == view_id:
                        self._current.add((view_id, tp))
            return {tp: committed.get(tp, 0) if (view_id, tp) in self._current else 0 for tp in tps}
        return {tp: committed.get(tp, 0) for tp in tps}


class DerivedWorker(IndexWorker):
    """The indexer's loop over the derived writer, holding back what the indexer has
    not committed yet (see :class:`IndexerProgress`), and writing nothing into a quotes
    index of another LSH band scheme (see :meth:`refresh_view`)."""

    def __init__(self, *args: Any, progress: IndexerProgress | None = None, **kwargs: Any):
        #: Per partition: the offset after the last record written, and the last commit.
        self.written: dict[TopicPartition, int] = {}
        self.committed: dict[TopicPartition, int] = {}
        super().__init__(*args, **kwargs)
        self.writer = cast(DerivedWriter, self.indexer)
        self.progress = progress
        #: Records polled but rewound because the indexer had not committed them yet.
        self.held = 0
        self._held_last_poll = False
        #: The quotes index holds bands of this version's scheme (checked with the view).
        self.bands_ok = False

    def refresh_view(self, force: bool = False) -> bool:
        """The indexer's view check, then the quotes index's band scheme: variants of
        two schemes never share a band, so clusters would silently stop forming. On a
        mismatch nothing is written (logged loudly, checked again) until ``quotewire
        reindex`` built the indices anew from the topics."""
        due = force or self.view_check_due()
        if not super().refresh_view(force):
            return False
        if due:
            es, index = self.writer.es, self.settings.quotes_index
            try:
                found = {
                    stored_lsh_scheme(m["mappings"])
                    for m in es.indices.get_mapping(index=index).values()
                }
            except TRANSIENT as exc:
                log.warning("cannot read the quotes index's band scheme: %r", exc)
                found = set()
            self.bands_ok = found == {LSH_SCHEME}
            if found and not self.bands_ok:
                log.error(
                    "NOT WRITING: the quotes index %r holds LSH bands of %s, this version "
                    "writes %s; run `quotewire reindex` (it rebuilds every index from the "
                    "topics, the quote clusters with the new bands)",
                    index,
                    ", ".join(sorted(found)),
                    LSH_SCHEME,
                )
        if not self.bands_ok:
            self._view_checked_at = float("-inf")  # look again next time
            self.stop.wait(min(self.settings.view_check_interval_s, 5.0))
        return self.bands_ok

    def forget(self, tps) -> None:
        super().forget(tps)
        for tp in tps:
            self.written.pop(tp, None)
            self.committed.pop(tp, None)
        self.writer.forget(list(tps))

    def flush_derived(self, force: bool = False) -> None:
        """Idle: the registry documents that are due, all of them when the worker has
        caught up with the topic (nothing held back); then commit what they allow."""
        caught_up = not self._held_last_poll
        self._held_last_poll = False
        super().flush_derived(force=force or caught_up)
        try:
            self.commit_written()
        except TRANSIENT as exc:
            log.warning("offsets not committed yet, retried when idle: %r", exc)

    def commit(self, records: Sequence[Any]) -> bool:
        """Record the batch as written, then commit up to each partition's floor."""
        for tp, (_first, last) in batch_offsets(records).items():
            self.written[tp] = last + 1  # lower than before after a replay from the start
        return self.commit_written()

    def commit_written(self) -> bool:
        """Commit each partition up to what was written, but not past a statement whose
        speaker's registry document is still pending; False on a rebalance."""
        floors = self.writer.floors()
        offsets = {}
        for tp, written in self.written.items():
            upto = min(written, floors.get(tp, written))
            if upto != self.committed.get(tp):
                offsets[tp] = OffsetAndMetadata(upto, "", -1)
        if not offsets:
            return True
        try:
            self.consumer.commit(offsets, timeout_ms=self.settings.request_timeout_ms)
        except CommitFailedError as exc:  # the new owner reads them again
            log.warning("commit failed after rebalance: %r", exc)
            return False
        self.committed.update({tp: om.offset for tp, om in offsets.items()})
        return True

    def hold(self, records: list[Any]) -> list[Any]:
        if not records or self.progress is None:
            return records
        tps = sorted({TopicPartition(r.topic, r.partition) for r in records})
        try:
            limits = self.progress.limits(tps, self.view_id)
        except TRANSIENT as exc:
            log.warning("cannot read how far the indexer is: %r", exc)
            self.rewind(records)
            self.stop.wait(self.settings.derived_hold_ms / 1000)
            return []
        ready: list[Any] = []
        held: list[Any] = []
        for r in records:
            below = r.offset < limits.get(TopicPartition(r.topic, r.partition), 0)
            (ready if below else held).append(r)
        self.rewind(held)  # read again from each partition's first held record
        self.held += len(held)
        self._held_last_poll = bool(held)
        if not ready:
            self.stop.wait(self.settings.derived_hold_ms / 1000)
        return ready


def health_file(settings: IndexSettings) -> Path | None:
    """``QW_HEALTH_FILE`` when set, else the derived worker's own (not the indexer's)."""
    if "health_file" in settings.model_fields_set:
        return settings.health_file
    return DEFAULT_HEALTH_FILE


def build(
    es: Elasticsearch,
    consumer: KafkaConsumer,
    admin: KafkaAdminClient,
    settings: IndexSettings,
    stop: threading.Event | None = None,
    heartbeat: Heartbeat | None = None,
) -> DerivedWorker:
    """The derived worker over these clients (subscribed to ``statements``)."""
    names = settings.index_names()
    guard = ViewGuard(es, names, view_index=settings.view_index, group=settings.derived_group)
    indexer_views = ViewGuard(es, names, view_index=settings.view_index, group=settings.index_group)
    worker = DerivedWorker(
        consumer,
        None,
        DerivedWriter(es, settings),
        settings,
        stop,
        heartbeat,
        guard,
        group=settings.derived_group,
        progress=IndexerProgress(admin, indexer_views, settings.index_group),
    )
    worker.subscribe([Topic.STATEMENTS.value])
    return worker


def derived_consumer(
    settings: IndexSettings, topics: Sequence[str] = (Topic.STATEMENTS.value,)
) -> KafkaConsumer:
    """The derived worker's consumer: polls of up to ``QW_DERIVED_BATCH_SIZE`` records,
    and fetches large enough to fill them (see :data:`RECORD_BYTES`)."""
    return make_consumer(
        settings,
        settings.derived_group,
        list(topics),
        max_poll_records=settings.derived_batch_size,
        max_partition_fetch_bytes=max(1 << 20, settings.derived_batch_size * RECORD_BYTES),
    )


def main() -> None:
    settings, stop, health = start_process(f"{SERVICE}-derived", health_file)
    es = make_es_client(settings)
    wait_for_es(es, settings.setup_timeout_s)
    wait_for_kafka(settings, settings.setup_timeout_s)
    ensure_topics(settings)
    consumer = derived_consumer(settings)
    admin = make_admin(settings, "derived-progress")
    heartbeat = Heartbeat(health, settings.health_interval_s)
    worker = build(es, consumer, admin, settings, stop, heartbeat)
    try:
        worker.run()
    except TopicLayoutError:
        log.critical("stopping the derived worker: a topic lost its data", exc_info=True)
        raise SystemExit(3) from None
    finally:
        heartbeat.clear()
        consumer.close(autocommit=False)
        admin.close()
        es.close()


if __name__ == "__main__":
    main()
