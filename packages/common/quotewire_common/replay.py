"""Dead letters back into the pipeline: read ``<topic>.dlq``, re-publish to the source.

A dead letter holds the original key and value bytes and ``qw-dlq-*`` headers (reason,
error class, service, source topic/partition/offset, failed at; see :mod:`.dlq`).
Replaying one sends the original key and value to its source topic (the
``qw-dlq-source-topic`` header, or an explicit target) with the ``qw-dlq-*`` headers
stripped and the message's own headers kept; the key decides the partition, as for
the original.

Progress is a consumer group (default ``qw-dlq-replay``) on the dead-letter topic.
:func:`replay` reads from the group's committed offset up to the end the topic had when
the run started (letters dead-lettered meanwhile wait for the next run), sends a batch,
waits until the broker acknowledged every send of it (acks=all, idempotent producer)
and only then commits the group's offsets past that batch. So within a run nothing is
sent twice, and a letter whose send failed is never committed: the next run sends it.
Only a crash between the acknowledgement and the commit re-sends that one batch on the
next run (at-least-once, like every quotewire hop; the consumers are idempotent).

A letter whose value was cut to fit the broker's record limit (``qw-dlq-truncated``
header, see :func:`quotewire_common.dlq.fit_dead_letter`) can only fail again: it is
skipped (counted in :attr:`ReplaySummary.skipped_truncated`, and the group commits past
it like past a sent one) unless ``include_truncated``.

Pure functions (header handling, routing, ranges) plus two Kafka-using runners:
:func:`read_letters` (``quotewire dlq show``) and :func:`replay` (``quotewire dlq
replay``). Needs the ``kafka`` extra.
"""

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError, KafkaTimeoutError
from kafka.structs import OffsetAndMetadata
from quotewire_contracts import DlqHeader

from quotewire_common.dlq import read_dlq_headers
from quotewire_common.kafka import BrokerUnreachable, make_producer
from quotewire_common.settings import KafkaSettings

DEFAULT_GROUP = "qw-dlq-replay"
DLQ_HEADER_PREFIX = "qw-dlq-"
DLQ_SUFFIX = ".dlq"

Headers = list[tuple[str, bytes]]
#: Called with (letters done, letters in this run) at the start and after each batch.
Progress = Callable[[int, int], None]


class ReplayError(Exception):
    """The replay cannot go on (what was acknowledged before is committed)."""

    #: How far the run got, when it fails in :func:`replay`.
    summary: "ReplaySummary | None" = None


#: How long the CLI waits for a broker before giving up (kafka-python's own default: 30 s).
DEFAULT_CONNECT_TIMEOUT_S = 5.0


# -- pure functions -----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadLetter:
    """One record of a dead-letter topic."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Headers = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Any) -> "DeadLetter":
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key,
            value=record.value,
            headers=[(k, v if v is not None else b"") for k, v in (record.headers or [])],
        )

    @property
    def info(self) -> dict[str, str]:
        return read_dlq_headers(self.headers)

    def _get(self, header: DlqHeader) -> str | None:
        return self.info.get(header.value) or None

    @property
    def reason(self) -> str | None:
        return self._get(DlqHeader.REASON)

    @property
    def error_class(self) -> str | None:
        return self._get(DlqHeader.ERROR_CLASS)

    @property
    def service(self) -> str | None:
        return self._get(DlqHeader.SERVICE)

    @property
    def source_topic(self) -> str | None:
        return self._get(DlqHeader.SOURCE_TOPIC)

    @property
    def source(self) -> str:
        """``topic/partition/offset`` of the original message, as far as known."""
        parts = [
            self._get(DlqHeader.SOURCE_TOPIC) or "?",
            self._get(DlqHeader.SOURCE_PARTITION) or "?",
            self._get(DlqHeader.SOURCE_OFFSET) or "?",
        ]
        return "/".join(parts)

    @property
    def failed_at(self) -> str | None:
        return self._get(DlqHeader.FAILED_AT)

    @property
    def truncated(self) -> bool:
        """The value was cut to fit (``qw-dlq-truncated`` header): replaying cannot help."""
        return any(k == DlqHeader.TRUNCATED.value for k, _ in self.headers)

    @property
    def original_size(self) -> int | None:
        """The value's size before it was cut (the ``qw-dlq-truncated`` header), if known."""
        raw = self.info.get(DlqHeader.TRUNCATED.value, "")
        return int(raw) if raw.strip().isdigit() else None

    def replay_headers(self) -> Headers:
        return strip_dlq_headers(self.headers)


def strip_dlq_headers(headers: Iterable[tuple[str, bytes]] | None) -> Headers:
    """The message's own headers: everything but ``qw-dlq-*``."""
    return [(k, v) for k, v in (headers or []) if not k.startswith(DLQ_HEADER_PREFIX)]


def source_of(dlq_topic: str) -> str | None:
    """``articles`` for ``articles.dlq``; ``None`` for a topic that is no DLQ."""
    if dlq_topic.endswith(DLQ_SUFFIX) and len(dlq_topic) > len(DLQ_SUFFIX):
        return dlq_topic[: -len(DLQ_SUFFIX)]
    return None


def replay_target(letter: DeadLetter, override: str | None = None) -> str:
    """Where a letter goes: ``override`` (``--to``), else its source-topic header."""
    target = override or letter.source_topic
    if not target:
        raise ReplayError(
            f"{letter.topic}[{letter.partition}]@{letter.offset} has no "
            f"{DlqHeader.SOURCE_TOPIC.value} header; give the target topic (--to)"
        )
    return target


def check_target(target: str, dlq_topic: str, existing: Iterable[str]) -> None:
    """Refuse targets that would loop or create a topic with the wrong layout."""
    if target == dlq_topic or target.endswith(DLQ_SUFFIX):
        raise ReplayError(f"refusing to replay into a dead-letter topic ({target})")
    if target not in set(existing):
        raise ReplayError(f"target topic {target!r} does not exist")


def pending_ranges(
    committed: Mapping[TopicPartition, int | None],
    beginning: Mapping[TopicPartition, int],
    end: Mapping[TopicPartition, int],
) -> dict[TopicPartition, tuple[int, int]]:
    """[start, end) per partition still to replay: from the group's committed offset
    (or the first retained one) to the end snapshot; empty ranges left out."""
    ranges = {}
    for tp, stop in end.items():
        start = max(committed.get(tp) or 0, beginning.get(tp, 0))
        if start < stop:
            ranges[tp] = (start, stop)
    return ranges


@dataclass
class ReplaySummary:
    dlq_topic: str
    group: str
    dry_run: bool
    pending: int = 0  # letters not yet replayed by the group when the run started
    selected: int = 0  # of them, taken by this run (--limit)
    sent: int = 0  # acknowledged by the broker (0 in a dry run)
    skipped_truncated: int = 0  # qw-dlq-truncated letters passed over (committed past)
    by_target: Counter = field(default_factory=Counter)
    committed: dict[int, int] = field(default_factory=dict)  # partition → next offset

    @property
    def left(self) -> int:
        return (
            self.pending - self.skipped_truncated - (self.selected if self.dry_run else self.sent)
        )


# -- Kafka -------------------------------------------------------------------------------


def _consumer(
    settings: KafkaSettings,
    group: str,
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
    **overrides: Any,
) -> KafkaConsumer:
    """Assigned (not subscribed) consumer of the replay group: no group join, no
    rebalance; offsets are read and committed explicitly. Raises
    :class:`BrokerUnreachable` after ``connect_timeout_s`` without a broker."""
    config: dict[str, Any] = {
        "bootstrap_timeout_ms": int(connect_timeout_s * 1000),
        **settings.connection(),
        "client_id": f"{settings.client_id_prefix}-{group}",
        "group_id": group,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "request_timeout_ms": max(settings.request_timeout_ms, settings.session_timeout_ms + 5000),
        "max_poll_records": 500,
    }
    config.update(overrides)
    try:
        return KafkaConsumer(**config)
    except KafkaTimeoutError:
        raise BrokerUnreachable(settings.bootstrap_servers, connect_timeout_s) from None


def _assign(consumer: KafkaConsumer, dlq_topic: str, group_offsets: bool) -> dict:
    partitions = consumer.partitions_for_topic(dlq_topic)
    if not partitions:
        raise ReplayError(f"topic {dlq_topic!r} does not exist")
    tps = [TopicPartition(dlq_topic, p) for p in sorted(partitions)]
    consumer.assign(tps)
    committed = {tp: consumer.committed(tp) for tp in tps} if group_offsets else {}
    return pending_ranges(committed, consumer.beginning_offsets(tps), consumer.end_offsets(tps))


def _letters(
    consumer: KafkaConsumer,
    ranges: Mapping[TopicPartition, tuple[int, int]],
    idle_timeout_s: float,
    poll_ms: int = 500,
) -> Iterator[list[DeadLetter]]:
    """Batches of letters in ``ranges`` (offset order within a partition)."""
    for tp, (start, _end) in ranges.items():
        consumer.seek(tp, start)
    open_ = dict(ranges)
    idle_since = time.monotonic()
    while open_:
        polled = consumer.poll(timeout_ms=poll_ms)
        batch: list[DeadLetter] = []
        for tp, records in polled.items():
            if tp not in open_:
                continue
            stop = open_[tp][1]
            batch += [DeadLetter.from_record(r) for r in records if r.offset < stop]
            if records and records[-1].offset >= stop - 1:
                open_.pop(tp)
        for tp in list(open_):  # compacted/aborted gaps: the position passed the end
            if consumer.position(tp) >= open_[tp][1]:
                open_.pop(tp)
        if batch:
            idle_since = time.monotonic()
            yield batch
        elif time.monotonic() - idle_since > idle_timeout_s:
            missing = ", ".join(f"{tp.partition}@{consumer.position(tp)}" for tp in open_)
            raise ReplayError(f"no records arrived for {idle_timeout_s:.0f}s (at {missing})")


def read_letters(
    settings: KafkaSettings,
    dlq_topic: str,
    *,
    limit: int | None = None,
    group: str = DEFAULT_GROUP,
    include_replayed: bool = False,
    idle_timeout_s: float = 30.0,
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
) -> tuple[list[DeadLetter], int]:
    """Up to ``limit`` letters not yet replayed by ``group`` (or all retained ones with
    ``include_replayed``), and how many there are in all. Commits nothing."""
    consumer = _consumer(settings, group, connect_timeout_s)
    try:
        ranges = _assign(consumer, dlq_topic, group_offsets=not include_replayed)
        total = sum(stop - start for start, stop in ranges.values())
        letters: list[DeadLetter] = []
        for batch in _letters(consumer, ranges, idle_timeout_s):
            letters += batch
            if limit is not None and len(letters) >= limit:
                break
        letters.sort(key=lambda d: (d.partition, d.offset))
        return (letters[:limit] if limit is not None else letters), total
    finally:
        consumer.close(autocommit=False)


#: A planned letter: its target topic, or ``None`` when it is skipped (truncated).
Planned = list[tuple[DeadLetter, str | None]]


def _send_and_commit(
    producer: KafkaProducer,
    consumer: KafkaConsumer,
    planned: Planned,
    summary: ReplaySummary,
    timeout_s: float,
) -> None:
    """Send a batch, wait for every acknowledgement, then commit past it (and past the
    skipped letters in it)."""
    if not planned:
        return
    futures = [
        producer.send(target, key=d.key, value=d.value, headers=d.replay_headers())
        for d, target in planned
        if target is not None
    ]
    try:
        producer.flush(timeout=timeout_s)
        for f in futures:
            f.get(timeout=timeout_s)
    except KafkaError as exc:  # nothing of this batch is committed: the next run resends
        raise ReplayError(f"the broker did not acknowledge a replayed letter: {exc!r}") from exc
    offsets: dict[TopicPartition, int] = {}
    for d, target in planned:
        tp = TopicPartition(d.topic, d.partition)
        offsets[tp] = max(offsets.get(tp, 0), d.offset + 1)
        if target is not None:
            summary.by_target[target] += 1
    consumer.commit({tp: OffsetAndMetadata(o, "", -1) for tp, o in offsets.items()})
    summary.sent += len(futures)
    summary.skipped_truncated += len(planned) - len(futures)
    summary.committed.update({tp.partition: o for tp, o in offsets.items()})


def plan_batch(
    batch: Iterable[DeadLetter],
    to: str | None,
    dlq_topic: str,
    existing: Iterable[str],
    *,
    include_truncated: bool = False,
    room: int | None = None,
) -> tuple[Planned, ReplayError | None]:
    """(letter, target) for the letters of a batch, up to the first one that cannot be
    routed; that one's error is returned beside them (the planned ones still go).

    A truncated letter gets target ``None`` (skip) unless ``include_truncated``; skips
    need no route. At most ``room`` letters get a target (the batch stops there)."""
    existing = set(existing)
    planned: Planned = []
    sending = 0
    for letter in batch:
        if room is not None and sending >= room:
            break
        if letter.truncated and not include_truncated:
            planned.append((letter, None))
            continue
        try:
            target = replay_target(letter, to)
            check_target(target, dlq_topic, existing)
        except ReplayError as exc:
            return planned, exc
        planned.append((letter, target))
        sending += 1
    return planned, None


def replay(
    settings: KafkaSettings,
    dlq_topic: str,
    *,
    to: str | None = None,
    group: str = DEFAULT_GROUP,
    dry_run: bool = False,
    limit: int | None = None,
    progress: Progress | None = None,
    idle_timeout_s: float = 30.0,
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
    include_truncated: bool = False,
) -> ReplaySummary:
    """Re-publish the letters of ``dlq_topic`` not yet replayed by ``group`` (at most
    ``limit``, skipped ones not counted) to their source topics; see the module
    docstring for the guarantees. Truncated letters are skipped unless
    ``include_truncated``. A dry run reads and routes them, but sends and commits nothing.

    Raises :class:`ReplayError` (with ``.summary``) when a letter cannot be routed or a
    send is not acknowledged; everything acknowledged before is committed.
    """
    summary = ReplaySummary(dlq_topic=dlq_topic, group=group, dry_run=dry_run)
    try:
        consumer = _consumer(settings, group, connect_timeout_s)
    except ReplayError as exc:
        exc.summary = summary
        raise
    producer: KafkaProducer | None = None
    try:
        ranges = _assign(consumer, dlq_topic, group_offsets=True)
        existing = consumer.topics()
        if to is not None:
            check_target(to, dlq_topic, existing)
        summary.pending = sum(stop - start for start, stop in ranges.values())
        total = summary.pending if limit is None else min(limit, summary.pending)
        if progress:
            progress(0, total)
        if total == 0:
            return summary
        if not dry_run:
            producer = make_producer(settings, "dlq-replay")
        timeout_s = settings.request_timeout_ms / 1000
        for batch in _letters(consumer, ranges, idle_timeout_s):
            planned, problem = plan_batch(
                batch,
                to,
                dlq_topic,
                existing,
                include_truncated=include_truncated,
                room=None if limit is None else limit - summary.selected,
            )
            summary.selected += sum(target is not None for _letter, target in planned)
            if producer is None:
                summary.by_target.update(t for _letter, t in planned if t is not None)
                summary.skipped_truncated += sum(t is None for _letter, t in planned)
            else:
                _send_and_commit(producer, consumer, planned, summary, timeout_s)
            if progress:
                progress(min(summary.selected + summary.skipped_truncated, total), total)
            if problem is not None:
                raise problem
            if summary.selected >= total:
                break
        return summary
    except ReplayError as exc:
        exc.summary = summary
        raise
    finally:
        consumer.close(autocommit=False)
        if producer is not None:
            producer.close(timeout=5)
