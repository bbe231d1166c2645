"""A key → JSON table kept in a compacted Kafka topic.

Kafka keeps the latest record per key of a compacted topic for good, so a small table
(the feed poller's feeds and their state) survives restarts without a database: write
a record to change a row, a tombstone (null value) to delete it, and read the topic
from the beginning to load it. Reading takes the last value per key, so it is right
whether or not the broker has compacted yet.

Needs the ``kafka`` extra.
"""

import json
import time
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from quotewire_common.kafka import make_producer
from quotewire_common.settings import KafkaSettings


class CompactedTable:
    def __init__(self, settings: KafkaSettings, topic: str, client_id: str) -> None:
        self.settings = settings
        self.topic = topic
        self.client_id = client_id
        self._producer = None

    @property
    def producer(self):
        if self._producer is None:
            self._producer = make_producer(self.settings, self.client_id)
        return self._producer

    def read_all(self, timeout_s: float = 30.0) -> dict[str, dict[str, Any]]:
        """Every live row: the last value per key, tombstoned keys left out."""
        consumer = KafkaConsumer(
            **self.settings.connection(),
            client_id=f"{self.settings.client_id_prefix}-{self.client_id}-reader",
            enable_auto_commit=False,
            allow_auto_create_topics=False,
            request_timeout_ms=self.settings.request_timeout_ms,
        )
        try:
            partitions = consumer.partitions_for_topic(self.topic)
            if not partitions:
                raise RuntimeError(
                    f"topic {self.topic} does not exist (create the topics first: "
                    "quotewire-init, or quotewire stack up)"
                )
            assigned = [TopicPartition(self.topic, p) for p in sorted(partitions)]
            consumer.assign(assigned)
            consumer.seek_to_beginning(*assigned)
            end = consumer.end_offsets(assigned)
            rows: dict[str, dict[str, Any] | None] = {}
            deadline = time.monotonic() + timeout_s
            while any(consumer.position(tp) < end[tp] for tp in assigned):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"could not read {self.topic} to its end in {timeout_s:g}s")
                for batch in consumer.poll(timeout_ms=200).values():
                    for record in batch:
                        key = record.key.decode("utf-8") if record.key else None
                        if key is None:
                            continue
                        rows[key] = json.loads(record.value) if record.value is not None else None
            return {k: v for k, v in rows.items() if v is not None}
        finally:
            consumer.close()

    def put(self, key: str, value: dict[str, Any], timeout_s: float = 10.0) -> None:
        """Write a row and wait for Kafka's acknowledgement."""
        data = json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
        self.producer.send(self.topic, key=key.encode("utf-8"), value=data).get(timeout=timeout_s)

    def delete(self, key: str, timeout_s: float = 10.0) -> None:
        """A tombstone: the row is gone for every later reader."""
        self.producer.send(self.topic, key=key.encode("utf-8"), value=None).get(timeout=timeout_s)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None
