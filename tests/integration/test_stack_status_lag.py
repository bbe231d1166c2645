"""`quotewire stack status` shows the consumer groups' backlog (quotewire_common.lag)."""

import pytest
from quotewire_common.kafka import ensure_topics, make_producer
from quotewire_common.settings import KafkaSettings
from quotewire_devstack.cli import backlog_lines
from quotewire_devstack.servers import start_broker

pytestmark = pytest.mark.integration


def test_backlog_per_group_with_the_time_to_drain():
    """Five articles nobody consumed yet: both groups are five behind on `articles` (the
    indexer reads it too), nothing drains, so the time to drain is unknown."""
    with start_broker() as broker:
        settings = KafkaSettings(bootstrap_servers=broker.address, partitions=1)
        ensure_topics(settings)
        producer = make_producer(settings, "lag-test")
        for n in range(5):
            # one record a batch: Tansu reports the end offset of multi-record batches short
            producer.send("articles", key=f"a-{n}".encode(), value=b"{}").get(10)
        producer.close()
        lines = backlog_lines(broker.address, 0.5)
    text = "\n".join(lines)
    assert "Backlog" in lines[1]
    assert "quotewire-extract: backlog 5" in text, text
    assert "quotewire-index: backlog 5" in text, text
    assert "time to drain unknown" in text
