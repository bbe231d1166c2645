"""The derived worker's polls fill its batch: kafka-python's default fetch of 1 MiB per
partition held about 500 statements, so ``QW_DERIVED_BATCH_SIZE`` (2,000) was never
reached. Real broker (the test fixtures' Tansu or Kafka)."""

import time

from kafka.admin import NewTopic
from quotewire_common.kafka import make_admin
from quotewire_index.derived_worker import derived_consumer
from quotewire_index.settings import IndexSettings

RECORDS = 1500
SIZE = 2200  # bytes: a statement event with its article context and mentions


def test_one_poll_takes_more_than_a_default_fetch(kafka_settings, producer, unique_id):
    topic = f"derived-fetch-{unique_id}"
    admin = make_admin(kafka_settings, "derived-fetch-test")
    try:
        admin.create_topics([NewTopic(topic, 1, 1)])
    finally:
        admin.close()
    for i in range(RECORDS):
        producer.send(topic, key=b"k", value=(f"{i:06d}".encode() + b"x" * (SIZE - 6)))
    producer.flush()
    settings = IndexSettings(
        bootstrap_servers=kafka_settings.bootstrap_servers,
        derived_group=f"{unique_id}-derived",
        derived_batch_size=2000,
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
    )
    assert RECORDS * SIZE > 1 << 20  # more than one default fetch
    consumer = derived_consumer(settings, [topic])
    # Kafka stops a partition's fetch at this many bytes (the local broker may not).
    assert consumer.config["max_partition_fetch_bytes"] >= settings.derived_batch_size * SIZE
    try:
        first: list = []
        deadline = time.monotonic() + 30
        while not first and time.monotonic() < deadline:
            first = [r for rs in consumer.poll(timeout_ms=1000).values() for r in rs]
        # Polls hand over what one fetch brought: all of it now, not ~1 MiB of it.
        assert len(first) == RECORDS, len(first)
        assert [r.offset for r in first] == list(range(RECORDS))
    finally:
        consumer.close(autocommit=False)
