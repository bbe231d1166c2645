"""Step 1 of the indexer: contract decode of one consumed record.

A record becomes a :class:`Decoded` event, or a :class:`DeadLetter` with the reason the
record breaks the contract (not JSON, not UTF-8, a tombstone, a schema error).
"""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from quotewire_common.dlq import Fault, fault_of
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
    if record.value is None:
        return DeadLetter(record, "empty message value (tombstone)", "EmptyMessage")
    try:
        if record.topic == Topic.ARTICLES:
            return Decoded(record, decode_article(record.value))
        if record.topic == Topic.STATEMENTS:
            return Decoded(record, decode_statements_topic_event(record.value))
    except ValidationError as exc:
        summary = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(message)'}: {e['msg']}"
            for e in exc.errors(include_url=False)[:5]
        )
        return DeadLetter(record, f"does not match the contract: {summary}", "ValidationError")
    except ValueError as exc:  # bytes that are not UTF-8 / JSON
        return DeadLetter(record, f"undecodable: {exc}", type(exc).__name__)
    raise ValueError(f"unexpected topic {record.topic!r}")
