"""Fault defects of the indexer, in process against real servers (nothing mocked).

* one bad document must not sink its whole bulk request;
* a broker connection error raised by ``commit()`` is retried like every other Kafka
  error, not fatal.
"""

import threading
import time
from collections import namedtuple

import pytest
from quotewire_common.api_errors import error_text
from quotewire_common.kafka import ensure_topics, make_consumer, make_producer
from quotewire_common.settings import KafkaSettings
from quotewire_devstack.servers import start_broker
from quotewire_index.decode import DeadLetter
from quotewire_index.indexer import Indexer
from quotewire_index.indices import ensure_indices
from quotewire_index.loop import IndexWorker
from quotewire_index.settings import IndexSettings
from qw_events import article_event, msg, statement_event

pytestmark = pytest.mark.integration

Record = namedtuple("Record", "topic partition offset key value headers")


def records_of(events) -> list[Record]:
    out = []
    for offset, event in enumerate(events):
        topic, key, value = msg(event)
        out.append(Record(topic, 0, offset, key.encode(), value, []))
    return out


@pytest.fixture
def private_indices(es, es_settings, unique_id):
    names = {"statements": f"qwfault-st-{unique_id}", "articles": f"qwfault-ar-{unique_id}"}
    ensure_indices(es, names, update_templates=False)
    settings = IndexSettings(
        es_url=es_settings.es_url,
        es_node_class=es_settings.es_node_class,
        statements_index=names["statements"],
        articles_index=names["articles"],
        bulk_initial_backoff_s=0.05,
        bulk_max_backoff_s=0.1,
    )
    yield settings
    es.indices.delete(index=",".join(f"{n}*" for n in names.values()), ignore_unavailable=True)


def private_kafka(broker, settings: IndexSettings, **kafka) -> tuple[KafkaSettings, IndexSettings]:
    """Settings for a private broker: its topics created, the index settings pointed
    at it (with ``kafka`` overrides such as ``partitions``)."""
    ks = KafkaSettings(
        bootstrap_servers=broker.address,
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
        **kafka,
    )
    ensure_topics(ks)
    return ks, settings.model_copy(update=ks.model_dump(include=set(KafkaSettings.model_fields)))


def test_an_id_over_512_bytes_dead_letters_only_its_own_document(es, private_indices, unique_id):
    """300 x "é" is 300 characters (ingest's old limit was 512 characters) but 600 bytes:
    Elasticsearch rejects the whole bulk request. Only that document is dead-lettered,
    with the real reason; the others of the same request are written."""
    aid = unique_id
    good = [statement_event(aid, "v1", n, "Speaker", f"fine words {n}") for n in range(3)]
    bad = statement_event(aid, "v1", 7, "Speaker", "bad id").model_copy(
        update={"statement_id": "é" * 300}
    )
    long_article = article_event("é" * 300, "v1", "An article with a long id")
    fine_article = article_event(aid, "v1", "A fine article")
    records = records_of([good[0], bad, good[1], good[2], long_article, fine_article])

    dead = Indexer(es, private_indices).index(records)

    assert sorted(d.record.offset for d in dead) == [1, 4]
    for d in dead:
        assert isinstance(d, DeadLetter)
        assert "512 bytes" in d.reason, d.reason
        assert d.error_class == "action_request_validation_exception"
    es.indices.refresh(index=private_indices.statements_index)
    stored = es.search(index=private_indices.statements_index, source=False)["hits"]["hits"]
    assert {h["_id"] for h in stored} == {s.statement_id for s in good}
    assert es.exists(index=private_indices.articles_index, id=aid)


def test_commit_failing_on_a_dead_broker_is_retried_not_fatal(es, private_indices, unique_id):
    """The broker dies after Elasticsearch acknowledged the batch: ``commit()`` raises a
    connection error. The worker must rewind and retry later, not crash."""
    with start_broker() as broker:
        kafka, settings = private_kafka(
            broker, private_indices, request_timeout_ms=3000, partitions=1
        )
        producer = make_producer(kafka, "fault-test")
        event = statement_event(unique_id, "v1", 0, "Speaker", "words before the crash")
        topic, key, value = msg(event)
        producer.send(topic, key=key.encode(), value=value).get(timeout=30)
        consumer = make_consumer(settings, "fault-test", ["statements"])
        try:
            records: list = []
            deadline = time.monotonic() + 30
            while not records and time.monotonic() < deadline:
                records = [r for b in consumer.poll(timeout_ms=500).values() for r in b]
            assert records, "no record delivered"
            worker = IndexWorker(consumer, producer, Indexer(es, settings), settings)

            broker.process.kill()  # kill -9: the commit meets a dead broker
            broker.process.wait(10)
            outcome: dict = {}

            def run() -> None:
                try:
                    outcome["committed"] = worker.process(records)
                except BaseException as exc:  # noqa: BLE001 -- what used to stop the indexer
                    outcome["error"] = exc

            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            thread.join(60)
            assert not thread.is_alive(), "process() hung on the dead broker"
            assert "error" not in outcome, repr(outcome.get("error"))
            assert outcome["committed"] is False
            assert worker.failed_attempts == 1
            # the writes themselves were done (they are idempotent when retried)
            assert es.exists(index=settings.statements_index, id=event.statement_id)
        finally:
            consumer.close(autocommit=False)
            producer.close(timeout=1)


def test_partitions_of_a_recreated_topic_are_picked_up_and_reported(es, private_indices, caplog):
    """The topic is deleted and comes back with more partitions (the local broker
    auto-creates it with 4 on the next metadata request). The consumer's metadata
    refresh makes the group take the new partitions over, and the change is logged as
    an error; before, the consumer kept its old partitions and read nothing new."""
    from kafka import KafkaAdminClient

    with start_broker() as broker:
        kafka, settings = private_kafka(
            broker, private_indices, metadata_max_age_ms=1000, partitions=2
        )
        settings = settings.model_copy(
            update={"view_check_interval_s": 0.5, "poll_timeout_ms": 200}
        )
        producer = make_producer(kafka, "fault-test")
        consumer = make_consumer(settings, "partition-test", ["statements"])
        admin = KafkaAdminClient(bootstrap_servers=[broker.address])
        worker = IndexWorker(consumer, producer, Indexer(es, settings), settings)
        try:
            deadline = time.monotonic() + 30
            while len(consumer.assignment()) < 2:
                assert time.monotonic() < deadline, "never assigned"
                worker.poll_once()
            worker.check_topics()
            admin.delete_topics(["statements"])

            deadline = time.monotonic() + 30
            while len(consumer.partitions_for_topic("statements") or ()) != 4:
                assert time.monotonic() < deadline, consumer.partitions_for_topic("statements")
                worker.poll_once()
            event = statement_event("partition-test", "v1", 0, "Speaker", "on a new partition")
            topic, key, value = msg(event)
            late = make_producer(kafka, "fault-test-late")
            late.send(topic, key=key.encode(), value=value, partition=3).get(timeout=30)
            late.close(timeout=1)
            while not es.exists(index=settings.statements_index, id=event.statement_id):
                assert time.monotonic() < deadline, f"not consumed: {consumer.assignment()}"
                worker.poll_once()
            assert any(p.partition == 3 for p in consumer.assignment())
            assert "grew from 2 to 4 partitions" in caplog.text
        finally:
            admin.close()
            consumer.close(autocommit=False)
            producer.close(timeout=1)


def test_search_without_its_index_says_it_is_being_rebuilt(es_settings, unique_id):
    """A search server that lost its data answered "search rejected" (400) before;
    now 503 (retry later) with the reason, and the search API logs it."""
    from fastapi.testclient import TestClient
    from quotewire_index.search_api import create_app

    settings = IndexSettings(
        es_url=es_settings.es_url,
        es_node_class=es_settings.es_node_class,
        statements_index=f"qwmissing-{unique_id}",
    )
    with TestClient(create_app(settings)) as client:
        resp = client.get("/v1/statements", params={"q": "anything"})
    assert resp.status_code == 503, resp.text
    assert "being rebuilt" in error_text(resp.json())
