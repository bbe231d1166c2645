"""Session-scoped real servers for the integration tests.

Where a Docker engine answers, Kafka and Elasticsearch run in testcontainers; elsewhere
the local stand-ins run as processes on loopback (Tansu broker, osmem-server). Either
way the tests talk the real protocols over the network; nothing is mocked, and these
tests never skip silently: a server that cannot start fails the session.
"""

import json
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition
from quotewire_common.es import make_es_client
from quotewire_common.kafka import ensure_topics, make_producer
from quotewire_common.settings import ElasticsearchSettings, KafkaSettings
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import free_port, start_broker, start_search
from quotewire_devstack.services import ServiceProcess, script, service_env

from tests.conftest import docker_available

pytestmark = pytest.mark.integration

PARTITIONS = 3
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    if docker_available():
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer("confluentinc/cp-kafka:7.6.1") as kafka:
            yield kafka.get_bootstrap_server()
    else:
        with start_broker() as broker:
            yield broker.address


@pytest.fixture(scope="session")
def es_endpoint() -> Iterator[tuple[str, bool]]:
    """(url, is_local_standin)."""
    if docker_available():
        from testcontainers.community.elasticsearch import ElasticSearchContainer

        with ElasticSearchContainer("docker.elastic.co/elasticsearch/elasticsearch:9.4.1") as es:
            yield f"http://{es.get_container_host_ip()}:{es.get_exposed_port(9200)}", False
    else:
        with start_search() as server:
            yield server.address, True


@pytest.fixture(scope="session")
def kafka_settings(kafka_bootstrap: str) -> KafkaSettings:
    """Settings with the fast group timing of local runs; every topic created up front."""
    settings = KafkaSettings(
        bootstrap_servers=kafka_bootstrap,
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
        max_poll_interval_ms=30000,
        partitions=PARTITIONS,
    )
    ensure_topics(settings)
    return settings


@pytest.fixture(scope="session")
def es_settings(es_endpoint: tuple[str, bool]) -> ElasticsearchSettings:
    url, local = es_endpoint
    return ElasticsearchSettings(es_url=url, es_node_class=NODE_CLASS_PATH if local else None)


@pytest.fixture(scope="session")
def es(es_settings: ElasticsearchSettings):
    client = make_es_client(es_settings)
    yield client
    client.close()


@pytest.fixture(scope="session")
def stack_env(kafka_settings: KafkaSettings, es_endpoint: tuple[str, bool]) -> dict[str, str]:
    """Environment for service processes started by tests (topics already exist)."""
    url, local = es_endpoint
    return service_env(
        kafka_settings.bootstrap_servers, url, local_search=local, partitions=PARTITIONS
    )


@pytest.fixture
def producer(kafka_settings: KafkaSettings):
    p = make_producer(kafka_settings, "tests")
    yield p
    p.close()


@pytest.fixture
def unique_id() -> str:
    return "test-" + uuid.uuid4().hex[:12]


@pytest.fixture
def read_topic(kafka_settings: KafkaSettings) -> Callable[..., list]:
    """read_topic(topic, predicate, count=1, timeout_s=30): records (from the start of the
    topic, no consumer group) that satisfy ``predicate``, once ``count`` were seen."""

    def read(topic: str, predicate=lambda r: True, count: int = 1, timeout_s: float = 30.0):
        consumer = KafkaConsumer(
            bootstrap_servers=kafka_settings.bootstrap_list,
            enable_auto_commit=False,
            consumer_timeout_ms=500,
        )
        try:
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
            consumer.assign(partitions)
            consumer.seek_to_beginning(*partitions)
            found: list = []
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and len(found) < count:
                for batch in consumer.poll(timeout_ms=500).values():
                    found.extend(r for r in batch if predicate(r))
            return found
        finally:
            consumer.close()

    return read


@pytest.fixture
def start_service(tmp_path_factory) -> Iterator[Callable[..., ServiceProcess]]:
    """start_service(name, script_name, env, args=(), health_path=None, port=None):
    runs one of quotewire's console scripts as a process; stopped at test end. Logs go
    to a temp file whose tail is printed if the process dies."""
    started: list[ServiceProcess] = []
    log_dir = tmp_path_factory.mktemp("service-logs")

    def start(name, script_name, env, args=(), health_path=None, port=None, timeout_s=90):
        health_url = f"http://127.0.0.1:{port}{health_path}" if health_path and port else None
        proc = ServiceProcess(
            name=name,
            argv=[script(script_name), *args],
            env=env,
            log_path=Path(log_dir) / f"{name}.log",
            health_url=health_url,
        ).start()
        started.append(proc)
        proc.wait_healthy(timeout_s)
        return proc

    yield start
    for proc in reversed(started):
        proc.stop()


@pytest.fixture(scope="session")
def pipeline(stack_env, tmp_path_factory):
    """Setup, then ingest, extract, index, the derived worker and the search API as
    processes, for the whole session (the pipeline tests and the browser tests share them)."""
    logs = tmp_path_factory.mktemp("pipeline-logs")
    ingest_port, search_port = free_port(), free_port()
    extract_metrics, index_metrics = free_port(), free_port()
    env = {
        **stack_env,
        "QW_INGEST_HOST": "127.0.0.1",
        "QW_INGEST_PORT": str(ingest_port),
        "QW_SEARCH_HOST": "127.0.0.1",
        "QW_SEARCH_PORT": str(search_port),
    }
    setup = ServiceProcess("setup", [script("quotewire-index-setup")], env, logs / "setup.log")
    setup.start().process.wait(timeout=120)
    assert setup.process.returncode == 0, setup.tail()
    procs = [
        ServiceProcess(
            "ingest",
            [script("quotewire-ingest")],
            env,
            logs / "ingest.log",
            f"http://127.0.0.1:{ingest_port}/readyz",
        ),
        ServiceProcess(
            "extract",
            [script("quotewire-extract")],
            {**env, "QW_METRICS_PORT": str(extract_metrics)},
            logs / "extract.log",
        ),
        ServiceProcess(
            "index",
            [script("quotewire-index")],
            {**env, "QW_METRICS_PORT": str(index_metrics)},
            logs / "index.log",
        ),
        ServiceProcess(
            "derived",
            [script("quotewire-derived")],
            # a known speaker's registry document within 2 s (the tests read it back)
            {**env, "QW_HEALTH_FILE": str(logs / "derived.alive"), "QW_REGISTRY_INTERVAL_S": "2"},
            logs / "derived.log",
        ),
        ServiceProcess(
            "search-api",
            [script("quotewire-search-api")],
            env,
            logs / "search.log",
            f"http://127.0.0.1:{search_port}/readyz",
        ),
    ]
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.wait_healthy(120)
        yield {
            "ingest": f"http://127.0.0.1:{ingest_port}",
            "search": f"http://127.0.0.1:{search_port}",
            "procs": procs,
            "metrics": {
                "ingest": f"http://127.0.0.1:{ingest_port}/metrics",
                "search-api": f"http://127.0.0.1:{search_port}/metrics",
                "extract": f"http://127.0.0.1:{extract_metrics}/metrics",
                "index": f"http://127.0.0.1:{index_metrics}/metrics",
            },
        }
    finally:
        for p in reversed(procs):
            p.stop()


def ingest_files(api: str, *args: str) -> None:
    """``quotewire ingest --api API ARGS...`` as a user runs it; fails the test on errors."""
    run = subprocess.run(
        [script("quotewire"), "ingest", "--api", api, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def wait_articles_processed(es, ids: set[str], timeout_s: float = 180.0) -> None:
    """Until every article of ``ids`` is recorded as processed (its statements indexed)."""
    deadline = time.monotonic() + timeout_s
    done: set[str] = set()
    while time.monotonic() < deadline:
        if es.indices.exists(index="articles"):
            es.indices.refresh(index="articles")
            hits = es.search(
                index="articles",
                size=len(ids),
                query={
                    "bool": {
                        "filter": [
                            {"terms": {"article_id": sorted(ids)}},
                            {"exists": {"field": "processed_at"}},
                        ]
                    }
                },
            )["hits"]["hits"]
            done = {h["_source"]["article_id"] for h in hits}
            if done >= ids:
                es.indices.refresh(index="statements")
                return
        time.sleep(0.5)
    raise AssertionError(f"not processed in time: {sorted(ids - done)}")


def wait_derived_caught_up(
    kafka_settings: KafkaSettings, group: str = "quotewire-derived", timeout_s: float = 60.0
) -> None:
    """Until the derived worker's group committed up to the end of ``statements``: the
    speakers registry and quote clusters hold everything published so far."""
    consumer = KafkaConsumer(
        bootstrap_servers=kafka_settings.bootstrap_list, group_id=group, enable_auto_commit=False
    )
    try:
        tps = [TopicPartition("statements", p) for p in consumer.partitions_for_topic("statements")]
        end = consumer.end_offsets(tps)
        deadline = time.monotonic() + timeout_s
        behind = tps
        while behind:
            behind = [tp for tp in tps if end[tp] and (consumer.committed(tp) or 0) < end[tp]]
            assert time.monotonic() < deadline, f"derived worker behind on {behind}"
            time.sleep(0.2)
    finally:
        consumer.close(autocommit=False)


@pytest.fixture(scope="session")
def seeded_pipeline(pipeline, es) -> dict:
    """The session's pipeline once every article in ``seeds/`` is searchable (ids = file
    names). The seed article is an AFP wire story (its byline), so it goes in with that
    source, as an outlet; the other seeds have none."""
    seed = next(SEEDS.glob("000_*.txt"))
    others = sorted(p for p in SEEDS.glob("*.txt") if p != seed)
    ingest_files(pipeline["ingest"], "--source", "AFP", str(seed))
    ingest_files(pipeline["ingest"], *map(str, others))
    wait_articles_processed(es, {seed.stem, *(p.stem for p in others)})
    return {**pipeline, "seed_id": seed.stem}


def as_json(record) -> dict:
    return json.loads(record.value)


__all__ = ["as_json", "free_port", "wait_derived_caught_up"]
