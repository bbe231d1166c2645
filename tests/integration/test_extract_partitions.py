"""The extract worker takes over partitions added after it started (its own broker).

The local broker cannot add partitions to a topic; deleting ``articles`` makes the next
metadata request create it again with 4. The worker refreshes its metadata every
``QW_METADATA_MAX_AGE_MS``, rebalances onto the new partitions and logs the change as an
error. Before, it kept its old partitions and never read the new ones.
"""

import time
import uuid
from datetime import UTC, datetime

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from quotewire_common.kafka import ensure_topics, make_producer
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import ArticleEvent
from quotewire_devstack.servers import start_broker
from quotewire_devstack.services import ServiceProcess, script, service_env

pytestmark = pytest.mark.integration


def article(aid: str) -> ArticleEvent:
    return ArticleEvent(
        article_id=aid,
        article_version="v1",
        title="Port",
        body='The minister said: "We will build it."',
        received_at=datetime.now(UTC),
    )


def output_for(bootstrap: str, aid: str, timeout_s: float) -> bool:
    consumer = KafkaConsumer(bootstrap_servers=[bootstrap], enable_auto_commit=False)
    try:
        tps = [TopicPartition("statements", p) for p in consumer.partitions_for_topic("statements")]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                if any(r.key == aid.encode() for r in batch):
                    return True
        return False
    finally:
        consumer.close()


def test_extract_takes_over_new_partitions_and_says_so(tmp_path):
    with start_broker() as broker:
        kafka = KafkaSettings(bootstrap_servers=broker.address, partitions=2)
        ensure_topics(kafka)
        env = service_env(
            broker.address,
            "http://127.0.0.1:9",  # extract needs no search server
            partitions=2,
            extra={"QW_METADATA_MAX_AGE_MS": "1000", "QW_HEALTH_FILE": ""},
        )
        worker = ServiceProcess(
            "extract", [script("quotewire-extract")], env, tmp_path / "extract.log"
        ).start()
        producer = make_producer(kafka, "partition-test")
        admin = KafkaAdminClient(bootstrap_servers=[broker.address])
        try:
            first = "p-" + uuid.uuid4().hex[:8]
            producer.send(
                "articles", key=first.encode(), value=article(first).model_dump_json().encode()
            ).get(timeout=30)
            assert output_for(broker.address, first, 60), worker.tail()

            admin.delete_topics(["articles"])
            deadline = time.monotonic() + 30
            while "grew from 2 to 4" not in worker.tail(100):
                assert worker.running() and time.monotonic() < deadline, worker.tail()
                time.sleep(0.5)
            late_producer = make_producer(kafka, "partition-test-late")
            second = "q-" + uuid.uuid4().hex[:8]
            late_producer.send(
                "articles",
                key=second.encode(),
                value=article(second).model_dump_json().encode(),
                partition=3,
            ).get(timeout=30)
            late_producer.close(timeout=1)
            assert output_for(broker.address, second, 40), worker.tail()
        finally:
            admin.close()
            producer.close(timeout=1)
            worker.stop()
