"""``quotewire-index``: the indexer process (``articles`` + ``statements`` → Elasticsearch).

Wiring only: settings, clients, indices and topics, then the poll loop of
:mod:`quotewire_index.loop`. The steps live in their own modules: :mod:`.decode`
(contract decode), :mod:`.plan` (segments), :mod:`.indexer` (every Elasticsearch
operation), :mod:`.dead_letters` (``<topic>.dlq``), :mod:`.loop` (poll → commit).
"""

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from quotewire_common.es import make_es_client, wait_for_es
from quotewire_common.health import Heartbeat, remove
from quotewire_common.kafka import ensure_topics, make_consumer, make_producer, wait_for_kafka
from quotewire_common.logging import configure_logging
from quotewire_common.metrics import serve_metrics
from quotewire_common.topics import TopicLayoutError
from quotewire_contracts import Topic

from quotewire_index.indexer import Indexer
from quotewire_index.loop import IndexWorker
from quotewire_index.settings import SERVICE, IndexSettings
from quotewire_index.view import ViewGuard

log = logging.getLogger("quotewire_index.worker")


def start_process(
    name: str, health_of: Callable[[IndexSettings], Path | None] = lambda s: s.health_file
) -> tuple[IndexSettings, threading.Event, Path | None]:
    """What the indexer and the derived worker do first: logs, settings (refusing
    timings that would make the group throw the process out), the previous process's
    heartbeat removed, ``/metrics``, SIGTERM/SIGINT setting the returned stop event."""
    configure_logging(name)
    settings = IndexSettings()
    for problem in settings.timing_problems():
        log.critical("refusing to start: %s", problem)
        raise SystemExit(2)
    health = health_of(settings)
    remove(health)  # a previous process's heartbeat
    serve_metrics(settings.metrics_port, settings.metrics_host)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return settings, stop, health


def main() -> None:
    settings, stop, _health = start_process(SERVICE)
    es = make_es_client(settings)
    wait_for_es(es, settings.setup_timeout_s)
    guard = ViewGuard(
        es,
        settings.index_names(),
        view_index=settings.view_index,
        group=settings.index_group,
    )
    wait_for_kafka(settings, settings.setup_timeout_s)
    ensure_topics(settings)  # a missing topic would be auto-created with the wrong layout
    producer = make_producer(settings, f"{SERVICE}-dlq")
    topics = [Topic.ARTICLES.value, Topic.STATEMENTS.value]
    consumer = make_consumer(
        settings, settings.index_group, topics, max_poll_records=settings.bulk_batch_size
    )
    heartbeat = Heartbeat(settings.health_file, settings.health_interval_s)
    worker = IndexWorker(
        consumer, producer, Indexer(es, settings), settings, stop, heartbeat, guard
    )
    worker.subscribe(topics)
    try:
        worker.run()
    except TopicLayoutError:
        log.critical("stopping the indexer: a topic lost its data", exc_info=True)
        raise SystemExit(3) from None
    except RuntimeError:  # the dead-letter budget: most messages fail, a bug or an outage
        log.critical("stopping the indexer", exc_info=True)
        raise SystemExit(2) from None
    finally:
        heartbeat.clear()
        consumer.close(autocommit=False)
        producer.close(timeout=5)
        es.close()


if __name__ == "__main__":
    main()
