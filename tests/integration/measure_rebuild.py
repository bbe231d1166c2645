"""How long the index takes to rebuild itself after the search server lost its data.

    .venv/bin/python -m tests.integration.measure_rebuild [ARTICLES] [STATEMENTS_PER_ARTICLE]

Starts its own broker and search server on free ports, publishes ARTICLES articles with
their statements and markers, runs the indexer (``quotewire-index``) until the index
holds every statement, then kills the search server (kill -9) and starts an empty one
on the same port, and prints the seconds until the index holds exactly the same
statements again (and, for comparison, the seconds the first build took). Not a test:
a measurement, printed.
"""

import sys
import tempfile
import time
from pathlib import Path

from quotewire_common.es import make_es_client
from quotewire_common.kafka import ensure_topics, make_producer
from quotewire_common.settings import ElasticsearchSettings, KafkaSettings
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import free_port, start_broker, start_search
from quotewire_devstack.services import ServiceProcess, script, service_env

from tests.integration.qw_events import article_event, msg, processed, statement_event


def events(n_articles: int, per_article: int):
    """Each article, its statements and its marker, as the index integration tests build them."""
    for a in range(n_articles):
        aid = f"measure-{a}"
        sts = [
            statement_event(aid, "v1", n, f"Speaker {n}", f"words {a} {n} " * 5)
            for n in range(per_article)
        ]
        yield from (article_event(aid, "v1", f"Story {a}"), *sts, processed(aid, "v1", sts))


def count(es_url: str) -> int | None:
    es = make_es_client(ElasticsearchSettings(es_url=es_url, es_node_class=NODE_CLASS_PATH))
    try:
        es.indices.refresh(index="statements")
        return int(es.count(index="statements")["count"])
    except Exception:  # noqa: BLE001 -- the server is restarting: no count yet
        return None
    finally:
        es.close()


def wait_for(es_url: str, expected: int, indexer: ServiceProcess, timeout_s: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if not indexer.running():
            raise SystemExit(f"indexer died:\n{indexer.tail()}")
        if count(es_url) == expected:
            return time.monotonic() - started
        time.sleep(0.25)
    raise SystemExit(f"not converged after {timeout_s}s: {count(es_url)} of {expected}")


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    per_article = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    expected = n_articles * per_article
    logs = Path(tempfile.mkdtemp(prefix="qw-measure-"))
    port = free_port()
    broker, search = start_broker(), start_search(port=port)
    es_url = f"http://127.0.0.1:{port}"
    indexer = None
    try:
        kafka = KafkaSettings(bootstrap_servers=broker.address, partitions=3)
        ensure_topics(kafka)
        producer = make_producer(kafka, "measure")
        for ev in events(n_articles, per_article):
            topic, key, value = msg(ev)
            producer.send(topic, key=key.encode(), value=value)
        producer.flush(60)
        producer.close()
        env = service_env(
            broker.address,
            es_url,
            partitions=3,
            extra={
                "QW_HEALTH_FILE": "",
                "QW_POLL_TIMEOUT_MS": "200",
                "QW_VIEW_CHECK_INTERVAL_S": "1",
                "QW_LOG_LEVEL": "WARNING",
            },
        )
        indexer = ServiceProcess("index", [script("quotewire-index")], env, logs / "index.log")
        indexer.start()
        first = wait_for(es_url, expected, indexer, 600)
        search.process.kill()
        search.process.wait(10)
        search = start_search(port=port)
        rebuilt = wait_for(es_url, expected, indexer, 600)
        print(
            f"{n_articles} articles, {expected} statements: first build {first:.1f}s "
            f"(from indexer start), rebuild after a kill -9 of the search server "
            f"{rebuilt:.1f}s (from the restart, incl. detection); {expected / rebuilt:.0f} "
            "statements/s"
        )
    finally:
        if indexer:
            indexer.stop()
        search.stop()
        broker.stop()


if __name__ == "__main__":
    main()
