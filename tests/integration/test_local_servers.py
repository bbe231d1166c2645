"""The session servers speak the real protocols: a Kafka round trip and an ES search."""

import pytest

pytestmark = pytest.mark.integration


def test_kafka_round_trip(producer, read_topic, unique_id):
    producer.send("articles.dlq", key=unique_id.encode(), value=b"probe").get(timeout=30)
    records = read_topic("articles.dlq", lambda r: r.key == unique_id.encode())
    assert [r.value for r in records] == [b"probe"]


def test_es_english_analyzer_search(es, unique_id):
    index = f"probe-{unique_id}"
    es.indices.create(
        index=index, mappings={"properties": {"content": {"type": "text", "analyzer": "english"}}}
    )
    es.index(index=index, id="1", document={"content": "The minister was running late"})
    es.indices.refresh(index=index)
    hits = es.search(index=index, query={"match": {"content": "run"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]
    es.indices.delete(index=index)
