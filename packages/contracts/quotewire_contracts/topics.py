"""Topic names and their default layout."""

from dataclasses import dataclass
from enum import StrEnum


class Topic(StrEnum):
    """Every Kafka topic quotewire reads or writes."""

    ARTICLES = "articles"
    STATEMENTS = "statements"
    ARTICLES_DLQ = "articles.dlq"
    STATEMENTS_DLQ = "statements.dlq"
    #: the feed poller's list of feeds (key: feed URL; compacted; a tombstone removes)
    FEEDS = "feeds"
    #: the feed poller's state per feed: validators, items seen, schedule (compacted)
    FEEDS_STATE = "feeds.state"
    #: one event per (alert, statement) match (key: alert_id); see quotewire_contracts.alerts
    ALERTS = "alerts"
    #: matches whose webhook could not be delivered within the retry budget
    ALERTS_DLQ = "alerts.dlq"

    @property
    def dlq(self) -> "Topic":
        """The dead-letter topic for messages of this topic that cannot be processed."""
        if self.value.endswith(".dlq"):
            raise ValueError(f"{self.value} is itself a dead-letter topic")
        return Topic(f"{self.value}.dlq")


@dataclass(frozen=True)
class TopicSpec:
    """A topic with the partition count production creates it with.

    Extraction workers scale up to the partition count of ``articles``; all topics that
    carry an article's events are keyed by ``article_id`` so one article's events stay in
    order on one partition.
    """

    topic: Topic
    partitions: int
    retention_ms: int | None = None  # None: the broker default
    compacted: bool = False  # a table: the latest value per key is kept forever

    @property
    def name(self) -> str:
        return self.topic.value


THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000

ALL_TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(Topic.ARTICLES, partitions=12),
    TopicSpec(Topic.STATEMENTS, partitions=12),
    TopicSpec(Topic.ARTICLES_DLQ, partitions=1, retention_ms=THIRTY_DAYS_MS),
    TopicSpec(Topic.STATEMENTS_DLQ, partitions=1, retention_ms=THIRTY_DAYS_MS),
    TopicSpec(Topic.FEEDS, partitions=1, compacted=True),
    TopicSpec(Topic.FEEDS_STATE, partitions=1, compacted=True),
    TopicSpec(Topic.ALERTS, partitions=12),
    TopicSpec(Topic.ALERTS_DLQ, partitions=1, retention_ms=THIRTY_DAYS_MS),
)
