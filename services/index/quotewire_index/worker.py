"""The indexer: ``articles`` + ``statements`` → Elasticsearch, a chain of small steps.

decode → plan (segments) → per segment: drop stale statements, bulk statements, merge
markers into article documents, retire unlisted statements → merge article events →
send dead letters → commit.

* Undecodable messages and documents Elasticsearch rejects as bad (per-item 4xx such as
  ``mapper_parsing_exception``) go to ``<source topic>.dlq`` with the original key/value
  bytes and reason headers.
* Offsets are committed only after every write of the batch was acknowledged by
  Elasticsearch and every dead letter by Kafka.
* Transient trouble (Elasticsearch unreachable, 429/503 still failing after the bulk
  retries, a Kafka send failing) commits nothing: the consumer is rewound to the start
  of the batch and retries it after a capped exponential backoff. Every write is
  idempotent (deterministic ids, merges), so a retried batch never duplicates.

Ordering: one article's statements and its ``article_processed`` marker share a
partition, in order. A batch is cut into segments so that a marker only runs after all
statements that precede it were written, and statements that follow a marker of the same
article go into the next segment (a replay of V1 … marker V1, V2 … marker V2 in one
batch ends with V2 only).

Retirement: a marker for (article, V) lists the ids of V's statements; after it, every
other statement of the article not newer than V is deleted — older versions, and also
statements of V itself that a replay with an upgraded extractor no longer finds (other
spans, other ids), so an upgrade replaces statements instead of doubling them.

Version order: every statement and marker carries ``article_received_at`` (the ingest
time of its article version). The article document stores ``processed_received_at`` of
the marker applied last. A marker older than that is ignored (no document change, no
retirement): the marker is merged into the article document (``if_seq_no``) *before* it
retires anything. Statements older than it are not written (dropped, counted, logged and
committed — they are not bad data, just superseded), and after a statement write the
documents are read again so that statements which raced with a newer marker (a zombie
replica, a replay) are deleted again: either the newer marker's retirement (which
refreshes first) sees them, or this re-read sees the newer marker. And a retirement only
deletes statements whose ``article_received_at`` is not later than its marker's, so a
late old marker never deletes a newer version's statements.
"""

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata
from pydantic import ValidationError
from quotewire_common.dlq import (
    DEFAULT_MAX_REQUEST_SIZE,
    DeadLetterBudget,
    dead_letter_max_bytes,
    dlq_headers,
    fit_dead_letter,
)
from quotewire_common.es import make_es_client, wait_for_es
from quotewire_common.health import Heartbeat, remove
from quotewire_common.kafka import ensure_topics, make_consumer, make_producer, wait_for_kafka
from quotewire_common.logging import bind, configure_logging
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    StatementEvent,
    Topic,
    decode_article,
    decode_statements_topic_event,
)

from quotewire_index.bulk import ItemResult, Outcome, backoff_delay, run_bulk
from quotewire_index.docs import (
    Retirement,
    article_write_action,
    fold_article,
    is_stale,
    marker_is_current,
    processed_floor,
    retire_chunks,
    retire_query,
    retirement_for,
    split_stale,
    statement_action,
)
from quotewire_index.indices import ensure_indices
from quotewire_index.settings import SERVICE, IndexSettings

log = logging.getLogger("quotewire_index.worker")

Event = ArticleEvent | StatementEvent | ArticleProcessedEvent
ARTICLE_WRITE_ATTEMPTS = 5
RETIRE_CHUNK = 200  # articles per delete_by_query: ~4 clauses each (bool clause limit 1024)
RETIRE_MAX_IDS = 10_000  # kept statement ids per delete_by_query (request size)


class RetryBatch(Exception):
    """Transient failure: commit nothing, rewind, retry the whole batch later."""


@dataclass(frozen=True)
class Decoded:
    record: Any  # kafka ConsumerRecord
    event: Event


@dataclass(frozen=True)
class DeadLetter:
    record: Any
    reason: str
    error_class: str


# -- step 1: decode ---------------------------------------------------------------------


def decode_record(record) -> Decoded | DeadLetter:
    """Contract decode of one message; anything that breaks the contract is a dead letter."""
    if record.value is None:
        return DeadLetter(record, "empty message value (tombstone)", "EmptyMessage")
    try:
        if record.topic == Topic.ARTICLES:
            return Decoded(record, decode_article(record.value))
        if record.topic == Topic.STATEMENTS:
            return Decoded(record, decode_statements_topic_event(record.value))
    except ValidationError as exc:
        summary = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(message)'}: {e['msg']}"
            for e in exc.errors(include_url=False)[:5]
        )
        return DeadLetter(record, f"does not match the contract: {summary}", "ValidationError")
    except ValueError as exc:  # bytes that are not UTF-8 / JSON
        return DeadLetter(record, f"undecodable: {exc}", type(exc).__name__)
    raise ValueError(f"unexpected topic {record.topic!r}")


def dlq_topic_for(topic: str) -> str:
    return Topic(topic).dlq.value


# -- step 2: plan -----------------------------------------------------------------------


@dataclass
class Segment:
    """Statement writes, then the markers that follow them."""

    statements: list[Decoded] = field(default_factory=list)
    markers: list[Decoded] = field(default_factory=list)
    _marked: set[str] = field(default_factory=set, repr=False)


def plan_segments(items: Sequence[Decoded]) -> list[Segment]:
    """Cut the ``statements``-topic events of a batch into segments (order kept).

    A statement of an article that already has a marker in the current segment starts a
    new segment; article events (other topic) are not part of segments.
    """
    segments = [Segment()]
    for item in items:
        ev = item.event
        if isinstance(ev, StatementEvent):
            if ev.article_id in segments[-1]._marked:
                segments.append(Segment())
            segments[-1].statements.append(item)
        elif isinstance(ev, ArticleProcessedEvent):
            segments[-1].markers.append(item)
            segments[-1]._marked.add(ev.article_id)
    return [s for s in segments if s.statements or s.markers]


# -- steps 3-5: Elasticsearch -----------------------------------------------------------


class Indexer:
    """Writes one batch to Elasticsearch; returns the dead letters; raises ``RetryBatch``
    (or the client's transport error) when the batch must be retried."""

    def __init__(
        self,
        es: Elasticsearch,
        settings: IndexSettings,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.es = es
        self.settings = settings
        self.clock = clock
        #: Statements not written because their article has a newer processed version.
        self.stale_dropped = 0
        #: Markers ignored because a newer one was applied already.
        self.stale_markers = 0

    def index(self, records: Sequence[Any]) -> list[DeadLetter]:
        dead: list[DeadLetter] = []
        items: list[Decoded] = []
        for record in records:
            result = decode_record(record)
            (dead if isinstance(result, DeadLetter) else items).append(result)
        for segment in plan_segments(items):
            # The article documents are up to date after each segment, so a later
            # segment's statements are checked against this segment's markers.
            dead += self.write_statements(segment.statements)
            dead += self.apply_markers(segment.markers)
        articles, _docs = self.write_articles(
            [i for i in items if isinstance(i.event, ArticleEvent)]
        )
        return dead + articles

    def processed_floors(self, article_ids: set[str]) -> dict[str, datetime | None]:
        """``processed_received_at`` of each article document (realtime get)."""
        if not article_ids:
            return {}
        docs = self.es.mget(index=self.settings.articles_index, ids=sorted(article_ids))["docs"]
        return {
            d["_id"]: processed_floor(d.get("_source") if d.get("found") else None) for d in docs
        }

    def _bulk(self, actions: list[dict]) -> dict[str, ItemResult]:
        s = self.settings
        return run_bulk(
            self.es,
            actions,
            chunk_size=s.bulk_batch_size,
            max_retries=s.bulk_max_retries,
            initial_backoff_s=s.bulk_initial_backoff_s,
            max_backoff_s=s.bulk_max_backoff_s,
        )

    def write_statements(self, items: Sequence[Decoded]) -> list[DeadLetter]:
        """Bulk-write the statements that are not older than their article's processed
        version; the stale ones are dropped (counted, logged), never dead-lettered."""
        if not items:
            return []
        items = self.drop_stale(items)
        if not items:
            return []
        now = self.clock()
        by_id: dict[str, list[Decoded]] = {}
        actions: dict[str, dict] = {}
        for item in items:  # the same statement twice in a batch: one write, last wins
            sid = item.event.statement_id
            by_id.setdefault(sid, []).append(item)
            actions[sid] = statement_action(item.event, self.settings.statements_index, now)
        results = self._bulk(list(actions.values()))
        dead = self._dead_or_retry(results, by_id, what="statement")
        self.delete_raced(items)
        return dead

    def drop_stale(self, items: Sequence[Decoded]) -> list[Decoded]:
        floors = self.processed_floors({i.event.article_id for i in items})
        keep, stale = split_stale(items, floors, lambda i: i.event)
        for item in stale:
            self.stale_dropped += 1
            ev, r = item.event, item.record
            bind(
                log,
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                article_id=ev.article_id,
                article_version=ev.article_version,
                statement_id=ev.statement_id,
            ).info(
                "statement of a superseded version dropped",
                extra={
                    "article_received_at": ev.article_received_at.isoformat(),
                    "processed_received_at": str(floors.get(ev.article_id)),
                    "stale_dropped": self.stale_dropped,
                },
            )
        return keep

    def delete_raced(self, written: Sequence[Decoded]) -> None:
        """Delete statements just written whose article meanwhile got a newer processed
        version (a concurrent marker whose retirement ran before our write)."""
        floors = self.processed_floors({i.event.article_id for i in written})
        late = sorted(
            {
                i.event.statement_id
                for i in written
                if is_stale(i.event, floors.get(i.event.article_id))
            }
        )
        if not late:
            return
        resp = self.es.delete_by_query(
            index=self.settings.statements_index,
            query={"ids": {"values": late}},
            conflicts="proceed",
            refresh=True,
            wait_for_completion=True,
        )
        if resp.get("failures"):
            raise RetryBatch(f"delete_by_query failures: {resp['failures'][:3]}")
        self.stale_dropped += len(late)
        log.info(
            "statements of a superseded version deleted after a race", extra={"deleted": len(late)}
        )

    def apply_markers(self, markers: Sequence[Decoded]) -> list[DeadLetter]:
        """Merge the markers into their article documents, then retire for those that
        are current. A marker older than the article's processed one changes nothing."""
        if not markers:
            return []
        dead, docs = self.write_articles(markers)
        current: list[Decoded] = []
        for m in markers:
            doc = docs.get(m.event.article_id)
            if doc is None:  # the article write was dead-lettered with its markers
                continue
            if marker_is_current(doc, m.event):
                current.append(m)
            else:  # older than the processed version (or superseded in this segment)
                self.stale_markers += 1
                bind(
                    log,
                    topic=m.record.topic,
                    partition=m.record.partition,
                    offset=m.record.offset,
                    article_id=m.event.article_id,
                    article_version=m.event.article_version,
                ).info(
                    "marker of a superseded version: no retirement",
                    extra={
                        "article_received_at": m.event.article_received_at.isoformat(),
                        "processed_version": docs[m.event.article_id].get("processed_version"),
                    },
                )
        self.retire_old_versions(current)
        return dead

    def _dead_or_retry(
        self, results: dict[str, ItemResult], by_id: dict[str, list[Decoded]], what: str
    ) -> list[DeadLetter]:
        dead: list[DeadLetter] = []
        for doc_id, sources in by_id.items():
            result = results.get(doc_id)
            if result is None:
                raise RetryBatch(f"no bulk result for {what} {doc_id}")
            if result.outcome is Outcome.DEAD:
                reason = f"Elasticsearch rejected the {what} ({result.status}): {result.reason}"
                for item in sources:
                    dead.append(DeadLetter(item.record, reason, result.error_type or "BulkError"))
            elif result.outcome is not Outcome.OK:
                raise RetryBatch(
                    f"{what} {doc_id}: {result.status} {result.error_type}: {result.reason}"
                )
        return dead

    def retire_old_versions(self, markers: Sequence[Decoded]) -> None:
        """Delete each marked article's statements that its marker does not list (other
        versions, and stale spans of the same version after an extractor upgrade)."""
        if not markers:
            return
        latest: dict[str, Retirement] = {}
        for item in markers:  # within a segment, the newest (then last) marker wins
            r = retirement_for(item.event)
            prev = latest.get(r.article_id)
            if prev is None or r.received_at >= prev.received_at:
                latest[r.article_id] = r
        index = self.settings.statements_index
        # Statements written just before (this segment or the last batches) must be
        # visible to the query that retires them.
        self.es.indices.refresh(index=index)
        for chunk in retire_chunks(list(latest.values()), RETIRE_CHUNK, RETIRE_MAX_IDS):
            resp = self.es.delete_by_query(
                index=index,
                query=retire_query(chunk),
                conflicts="proceed",
                refresh=True,
                wait_for_completion=True,
            )
            if resp.get("failures"):
                raise RetryBatch(f"delete_by_query failures: {resp['failures'][:3]}")
            if resp.get("deleted"):
                log.info(
                    "retired statements not listed by their marker",
                    extra={"deleted": resp["deleted"], "articles": len(chunk)},
                )

    def write_articles(
        self, items: Sequence[Decoded]
    ) -> tuple[list[DeadLetter], dict[str, dict[str, Any]]]:
        """Merge article events and markers into the article documents (read-modify-write
        with optimistic concurrency; a 409 means re-read and merge again).

        Returns the dead letters and each article's document as it is now stored (not
        for articles whose write was dead-lettered)."""
        groups: dict[str, list[Decoded]] = {}
        for item in items:
            groups.setdefault(item.event.article_id, []).append(item)
        index = self.settings.articles_index
        pending = set(groups)
        dead: list[DeadLetter] = []
        stored: dict[str, dict[str, Any]] = {}
        for _attempt in range(ARTICLE_WRITE_ATTEMPTS):
            if not pending:
                return dead, stored
            ids = sorted(pending)
            docs = self.es.mget(index=index, ids=ids)["docs"]
            actions = []
            for doc in docs:
                aid = doc["_id"]
                found = doc.get("found", False)
                current = doc.get("_source") if found else None
                merged = fold_article(current, [i.event for i in groups[aid]])
                if merged is None:
                    pending.discard(aid)
                    if current is not None:
                        stored[aid] = current
                    continue
                stored[aid] = merged
                actions.append(
                    article_write_action(
                        index,
                        aid,
                        merged,
                        doc.get("_seq_no") if found else None,
                        doc.get("_primary_term") if found else None,
                    )
                )
            if not actions:
                continue
            results = self._bulk(actions)
            for action in actions:
                aid = action["_id"]
                result = results.get(aid)
                if result is None or result.outcome is Outcome.RETRY:
                    detail = f"{result.status} {result.reason}" if result else "no result"
                    raise RetryBatch(f"article {aid}: {detail}")
                if result.outcome is Outcome.OK:
                    pending.discard(aid)
                elif result.outcome is Outcome.DEAD:
                    pending.discard(aid)
                    stored.pop(aid, None)
                    reason = (
                        f"Elasticsearch rejected the article ({result.status}): {result.reason}"
                    )
                    dead += [
                        DeadLetter(i.record, reason, result.error_type or "BulkError")
                        for i in groups[aid]
                    ]
                # CONFLICT: somebody wrote in between; stays pending, read again
        if pending:
            raise RetryBatch(f"article documents still conflicting: {sorted(pending)[:5]}")
        return dead, stored


# -- step 6: dead letters -----------------------------------------------------------------


def send_dead_letters(
    producer: KafkaProducer,
    dead: Sequence[DeadLetter],
    timeout_s: float,
    max_bytes: int = dead_letter_max_bytes(DEFAULT_MAX_REQUEST_SIZE),
) -> None:
    """Original key/value bytes to ``<topic>.dlq`` with reason headers; returns once Kafka
    acknowledged every one (raises ``RetryBatch`` otherwise). A dead letter larger than
    ``max_bytes`` (key + value + headers) is cut to fit (``qw-dlq-truncated`` header):
    unsendable, it would be retried forever."""
    if not dead:
        return
    futures = []
    for d in dead:
        r = d.record
        headers = dlq_headers(
            reason=d.reason,
            error_class=d.error_class,
            service=SERVICE,
            source_topic=r.topic,
            source_partition=r.partition,
            source_offset=r.offset,
            original_headers=list(r.headers or []),
        )
        fitted = fit_dead_letter(r.key, r.value, headers, max_bytes)
        futures.append(
            producer.send(
                dlq_topic_for(r.topic), key=fitted.key, value=fitted.value, headers=fitted.headers
            )
        )
        bind(log, topic=r.topic, partition=r.partition, offset=r.offset).warning(
            "dead-lettered%s: %s",
            " (truncated to fit the request size)" if fitted.truncated else "",
            d.reason[:300],
        )
    try:
        producer.flush(timeout=timeout_s)
        for f in futures:
            f.get(timeout=timeout_s)
    except KafkaError as exc:
        raise RetryBatch(f"dead-letter send failed: {exc!r}") from exc


# -- the loop: poll → steps → commit ----------------------------------------------------


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


def main() -> None:
    configure_logging(SERVICE)
    settings = IndexSettings()
    remove(settings.health_file)  # a previous process's heartbeat
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    es = make_es_client(settings)
    wait_for_es(es, settings.setup_timeout_s)
    ensure_indices(
        es,
        {"statements": settings.statements_index, "articles": settings.articles_index},
        update_templates=False,
    )
    wait_for_kafka(settings, settings.setup_timeout_s)
    ensure_topics(settings)  # a missing topic would be auto-created with the wrong layout
    producer = make_producer(settings, f"{SERVICE}-dlq")
    consumer = make_consumer(
        settings,
        settings.index_group,
        [Topic.ARTICLES.value, Topic.STATEMENTS.value],
        max_poll_records=settings.bulk_batch_size,
    )
    heartbeat = Heartbeat(settings.health_file, settings.health_interval_s)
    worker = IndexWorker(consumer, producer, Indexer(es, settings), settings, stop, heartbeat)
    try:
        worker.run()
    except RuntimeError:  # the dead-letter budget: most messages fail, a bug or an outage
        log.critical("stopping the indexer", exc_info=True)
        raise SystemExit(2) from None
    finally:
        heartbeat.clear()
        consumer.close(autocommit=False)
        producer.close(timeout=5)
        es.close()


if __name__ == "__main__":
    main()
