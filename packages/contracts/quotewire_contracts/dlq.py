"""Header names of dead-letter messages.

A dead letter carries the original message bytes unchanged as its value (and the
original key), plus these headers, so an operator can see why it failed and replay it
to its source topic.
"""

from enum import StrEnum


class DlqHeader(StrEnum):
    REASON = "qw-dlq-reason"  # human-readable: what was wrong with the message
    ERROR_CLASS = "qw-dlq-error-class"  # e.g. ValidationError, mapper_parsing_exception
    SERVICE = "qw-dlq-service"  # the service that gave up on it
    SOURCE_TOPIC = "qw-dlq-source-topic"
    SOURCE_PARTITION = "qw-dlq-source-partition"
    SOURCE_OFFSET = "qw-dlq-source-offset"
    FAILED_AT = "qw-dlq-failed-at"  # ISO 8601 UTC
    # "sender": the message itself is bad (schema, size, encoding; fix the producer);
    # "processing": a service could not process a valid-looking message.
    FAULT = "qw-dlq-fault"
    # Set only when the value was cut to fit the producer's request size: the original
    # value's size in bytes. Such a dead letter cannot be replayed as it is.
    TRUNCATED = "qw-dlq-truncated"
