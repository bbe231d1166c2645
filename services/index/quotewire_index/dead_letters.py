"""Step 6 of the indexer: dead letters to ``<source topic>.dlq``, acknowledged by Kafka.

What goes where, the headers and the size limit are the common
:class:`~quotewire_common.dlq.DeadLetterPolicy`: a message that breaks the ``articles``
contract is extract's to dead-letter (the indexer skips it, so it gets one letter).
"""

import logging
from collections.abc import Sequence

from kafka import KafkaProducer
from kafka.errors import KafkaError
from quotewire_common.dlq import DeadLetterPolicy
from quotewire_common.logging import bind, message_fields

from quotewire_index.decode import DeadLetter
from quotewire_index.errors import RetryBatch

log = logging.getLogger("quotewire_index.dead_letters")


def dlq_topic_for(topic: str) -> str:
    return DeadLetterPolicy.topic_for(topic)


def send_dead_letters(
    producer: KafkaProducer,
    dead: Sequence[DeadLetter],
    timeout_s: float,
    policy: DeadLetterPolicy,
) -> None:
    """Original key/value bytes to ``<topic>.dlq`` with reason headers; returns once Kafka
    acknowledged every one (raises ``RetryBatch`` otherwise). A dead letter larger than
    the producer's request limit is cut to fit (``qw-dlq-truncated`` header): unsendable,
    it would be retried forever. Letters another service owns are skipped (logged)."""
    futures = []
    for d in dead:
        r = d.record
        ctx = bind(log, **message_fields(r.topic, r.partition, r.offset, r.key, r.headers))
        if not policy.writes(r.topic, d.fault):
            policy.left_to_owner += 1
            ctx.info("skipped, its dead letter is written by the topic's owner: %s", d.reason[:300])
            continue
        letter = policy.letter_for(r, reason=d.reason, error_class=d.error_class, fault=d.fault)
        futures.append(
            producer.send(letter.topic, key=letter.key, value=letter.value, headers=letter.headers)
        )
        ctx.warning(
            "dead-lettered (%s fault)%s: %s",
            letter.fault,
            " (truncated to fit the request size)" if letter.truncated else "",
            d.reason[:300],
        )
    if not futures:
        return
    try:
        producer.flush(timeout=timeout_s)
        for f in futures:
            f.get(timeout=timeout_s)
    except KafkaError as exc:
        raise RetryBatch(f"dead-letter send failed: {exc!r}") from exc
