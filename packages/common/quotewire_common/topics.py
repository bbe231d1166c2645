"""Partition-count watch of consumed topics, for any Kafka client (no client import)."""


class TopicLayoutError(RuntimeError):
    """A topic disappeared or lost partitions: its data is gone (deleted and recreated,
    or a broker that lost its storage). Reading on would silently read nothing."""


class TopicWatch:
    """Notices when the partition count of a consumed topic changes.

    ``observe({topic: count or None})`` with the counts of the client's metadata: the
    first count of each topic is the baseline. More partitions: a warning returned (the
    group rebalances onto them within ``metadata_max_age_ms``; keys now map elsewhere,
    see the README). Fewer partitions, or the topic gone: :class:`TopicLayoutError`.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def observe(self, counts: dict[str, int | None]) -> list[str]:
        changes = []
        for topic, count in sorted(counts.items()):
            known = self.counts.get(topic)
            if not count:
                if known:
                    raise TopicLayoutError(
                        f"topic {topic!r} disappeared (it had {known} partitions): its "
                        "messages are gone; recreate it (quotewire-index-setup) and replay "
                        "from the source"
                    )
                continue
            if known is not None and count < known:
                raise TopicLayoutError(
                    f"topic {topic!r} now has {count} partitions, it had {known}: it was "
                    "deleted and recreated, and its messages are gone"
                )
            if known is not None and count > known:
                changes.append(
                    f"topic {topic!r} grew from {known} to {count} partitions; "
                    "the consumer group takes the new ones over"
                )
            self.counts[topic] = count
        return changes
