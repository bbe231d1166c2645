"""Consumer lag of the pipeline's groups: backlog per partition and time to drain.

The backlog of a partition is its end offset minus the group's committed offset (the
earliest offset when the group never committed). The drain estimate needs a rate:
:func:`measure` reads the committed offsets twice, ``interval_s`` apart, and divides the
backlog by the messages committed per second in between (``None``: nothing was
committed, so no estimate; 0 when there is no backlog).

The local broker (Tansu) can report an end offset below what is readable on topics with
multi-record batches, so a committed offset can be *ahead* of the end: such a partition
is shown with lag 0 and ``under_reported`` (the real backlog is unknown, not negative).
Reading lag joins no group: committed offsets come from the admin API.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from quotewire_common.kafka import make_admin
from quotewire_common.settings import KafkaSettings


@dataclass(frozen=True)
class PartitionLag:
    topic: str
    partition: int
    committed: int | None
    end: int
    lag: int
    #: The broker's end offset was below the committed offset (lag clamped to 0).
    under_reported: bool = False


@dataclass
class GroupLag:
    group: str
    partitions: list[PartitionLag] = field(default_factory=list)
    #: Messages committed per second while measured; ``None``: not measured.
    rate_per_s: float | None = None

    @property
    def total(self) -> int:
        return sum(p.lag for p in self.partitions)

    @property
    def under_reported(self) -> bool:
        return any(p.under_reported for p in self.partitions)

    @property
    def drain_s(self) -> float | None:
        """Seconds until the backlog is gone at the measured rate (``None``: unknown)."""
        if self.total == 0:
            return 0.0
        if not self.rate_per_s:
            return None
        return self.total / self.rate_per_s

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "backlog": self.total,
            "rate_per_s": None if self.rate_per_s is None else round(self.rate_per_s, 2),
            "drain_s": None if self.drain_s is None else round(self.drain_s, 1),
            "under_reported": self.under_reported,
            "partitions": [
                {
                    "topic": p.topic,
                    "partition": p.partition,
                    "committed": p.committed,
                    "end": p.end,
                    "lag": p.lag,
                    "under_reported": p.under_reported,
                }
                for p in self.partitions
            ],
        }


def partition_lag(tp: TopicPartition, committed: int | None, begin: int, end: int) -> PartitionLag:
    start = begin if committed is None else committed
    raw = end - start
    return PartitionLag(tp.topic, tp.partition, committed, end, max(0, raw), raw < 0)


def committed_offsets(
    admin: KafkaAdminClient, group: str, tps: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """The group's committed offset of each partition (absent: it never committed)."""
    offsets = admin.list_group_offsets({group: tps}).get(group, {})
    return {tp: om.offset for tp, om in offsets.items() if om is not None and om.offset >= 0}


class LagReader:
    """Reads end offsets (a consumer without a group) and committed offsets (admin)."""

    def __init__(self, settings: KafkaSettings) -> None:
        self.admin: KafkaAdminClient = make_admin(settings, "lag")
        self.consumer = KafkaConsumer(
            **settings.connection(),
            client_id=f"{settings.client_id_prefix}-lag",
            group_id=None,
            enable_auto_commit=False,
            request_timeout_ms=settings.request_timeout_ms,
        )

    def close(self) -> None:
        self.consumer.close()
        self.admin.close()

    def partitions(self, topics: Sequence[str]) -> list[TopicPartition]:
        tps = []
        for topic in topics:
            for p in sorted(self.consumer.partitions_for_topic(topic) or ()):
                tps.append(TopicPartition(topic, p))
        return tps

    def committed(self, group: str, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return committed_offsets(self.admin, group, tps)

    def snapshot(self, groups: Mapping[str, Sequence[str]]) -> dict[str, GroupLag]:
        out = {}
        for group, topics in groups.items():
            tps = self.partitions(topics)
            if not tps:
                out[group] = GroupLag(group)
                continue
            begin, end = self.consumer.beginning_offsets(tps), self.consumer.end_offsets(tps)
            committed = self.committed(group, tps)
            out[group] = GroupLag(
                group, [partition_lag(tp, committed.get(tp), begin[tp], end[tp]) for tp in tps]
            )
        return out


def committed_sum(g: GroupLag) -> int:
    return sum(p.committed or 0 for p in g.partitions)


def with_rates(
    before: Mapping[str, GroupLag], after: Mapping[str, GroupLag], seconds: float
) -> dict[str, GroupLag]:
    """``after`` with the commit rate since ``before`` (``seconds`` apart)."""
    out = {}
    for group, g in after.items():
        rate = None
        if group in before and seconds > 0:
            rate = max(0, committed_sum(g) - committed_sum(before[group])) / seconds
        out[group] = GroupLag(g.group, g.partitions, rate)
    return out


def measure(
    reader: LagReader,
    groups: Mapping[str, Sequence[str]],
    interval_s: float,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, GroupLag]:
    """Two snapshots ``interval_s`` apart: the backlog now and the rate it drains at."""
    t0 = time.monotonic()
    first = reader.snapshot(groups)
    if interval_s <= 0:
        return first
    sleep(interval_s)
    second = reader.snapshot(groups)
    return with_rates(first, second, time.monotonic() - t0)


def format_duration(seconds: float | None) -> str:
    """A time to drain as people read it: ``drained``, ``44s``, ``2m05s``, ``2h01m``."""
    if seconds is None:
        return "unknown (nothing committed while measured)"
    if seconds == 0:
        return "drained"
    if seconds < 1:
        return "under 1s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
    )


def summary_line(g: GroupLag) -> str:
    """One group in one line: backlog, drain rate, time to drain."""
    rate = "-" if g.rate_per_s is None else f"{g.rate_per_s:.1f} msg/s"
    mark = " (some partitions under-reported: *)" if g.under_reported else ""
    return (
        f"{g.group}: backlog {g.total}{mark}, draining at {rate}, "
        f"time to drain {format_duration(g.drain_s)}"
    )
