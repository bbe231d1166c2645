"""Step 6 of the indexer: dead letters to ``<source topic>.dlq``, acknowledged by Kafka."""

import logging
from collections.abc import Sequence

from kafka import KafkaProducer
from kafka.errors import KafkaError
from quotewire_common.dlq import (
    DEFAULT_MAX_REQUEST_SIZE,
    dead_letter_max_bytes,
    dlq_headers,
    fit_dead_letter,
)
from quotewire_common.logging import bind
from quotewire_contracts import Topic

from quotewire_index.decode import DeadLetter
from quotewire_index.errors import RetryBatch
from quotewire_index.settings import SERVICE

log = logging.getLogger("quotewire_index.dead_letters")


def dlq_topic_for(topic: str) -> str:
    return Topic(topic).dlq.value


def send_dead_letters(
    producer: KafkaProducer,
    dead: Sequence[DeadLetter],
    timeout_s: float,
    max_bytes: int = dead_letter_max_bytes(DEFAULT_MAX_REQUEST_SIZE),
) -> None:
    """Original key/value bytes to ``<topic>.dlq`` with reason headers; returns once Kafka
    acknowledged every one (raises ``RetryBatch`` otherwise). A dead letter larger than
    ``max_bytes`` (key + value + headers) is cut to fit (``qw-dlq-truncated`` header):
    unsendable, it would be retried forever."""
    if not dead:
        return
    futures = []
    for d in dead:
        r = d.record
        headers = dlq_headers(
            reason=d.reason,
            error_class=d.error_class,
            service=SERVICE,
            source_topic=r.topic,
            source_partition=r.partition,
            source_offset=r.offset,
            original_headers=list(r.headers or []),
        )
        fitted = fit_dead_letter(r.key, r.value, headers, max_bytes)
        futures.append(
            producer.send(
                dlq_topic_for(r.topic), key=fitted.key, value=fitted.value, headers=fitted.headers
            )
        )
        bind(log, topic=r.topic, partition=r.partition, offset=r.offset).warning(
            "dead-lettered%s: %s",
            " (truncated to fit the request size)" if fitted.truncated else "",
            d.reason[:300],
        )
    try:
        producer.flush(timeout=timeout_s)
        for f in futures:
            f.get(timeout=timeout_s)
    except KafkaError as exc:
        raise RetryBatch(f"dead-letter send failed: {exc!r}") from exc
