"""Step 1 of the indexer: contract decode of one consumed record.

A record becomes a :class:`Decoded` event, or a :class:`DeadLetter` with the reason the
record breaks the contract (not JSON, not UTF-8, a tombstone, a schema error).
"""

from dataclasses import dataclass
from typing import Any

from quotewire_common.dlq import EMPTY_MESSAGE, EMPTY_REASON, Fault, contract_violation, fault_of
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    StatementEvent,
    Topic,
    decode_article,
    decode_statements_topic_event,
)

Event = ArticleEvent | StatementEvent | ArticleProcessedEvent


@dataclass(frozen=True)
class Decoded:
    record: Any  # kafka ConsumerRecord
    event: Event


@dataclass(frozen=True)
class DeadLetter:
    record: Any
    reason: str
    error_class: str

    @property
    def fault(self) -> Fault:
        return fault_of(self.error_class)


def decode_record(record) -> Decoded | DeadLetter:
    """Contract decode of one message; anything that breaks the contract is a dead letter."""
    if not record.value:
        return DeadLetter(record, EMPTY_REASON, EMPTY_MESSAGE)
    try:
        if record.topic == Topic.ARTICLES:
            return Decoded(record, decode_article(record.value))
        if record.topic == Topic.STATEMENTS:
            return Decoded(record, decode_statements_topic_event(record.value))
    except ValueError as exc:  # ValidationError, or bytes that are not UTF-8 / JSON
        what = "an ArticleEvent" if record.topic == Topic.ARTICLES else "a statements event"
        return DeadLetter(record, *contract_violation(exc, what))
    raise ValueError(f"unexpected topic {record.topic!r}")
