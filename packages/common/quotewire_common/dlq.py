"""Dead letters: one policy for every service (:class:`DeadLetterPolicy`).

The value and key of a dead letter are the original bytes, unchanged; ``qw-dlq-*``
headers carry the reason. Used by every worker, whatever Kafka client it uses.

The policy decides, for every service alike:

* **whose fault** a failure is (:func:`fault_of`): the *sender's* (the message breaks
  the contract: not JSON, wrong schema, empty, too large, an id Elasticsearch cannot
  store) or *processing* (a valid message a service could not handle: the extractor
  crashed, Elasticsearch refused a mapped document). Sender faults go to the dead-letter
  topic and never count toward stopping a worker — anyone who can post could otherwise
  stop it; the budget (:class:`DeadLetterBudget`) guards only against systematic
  processing failures (a bug, an outage).
* **which service writes which dead-letter topic** (:data:`CONTRACT_OWNERS`): a
  message that breaks a topic's contract is dead-lettered by the topic's owner only;
  the other consumers of that topic skip it (logged). So each bad message gets one dead
  letter, not one per consumer. Processing failures are written by the service that
  failed, to ``<source topic>.dlq``.
* **headers and size**: :meth:`DeadLetterPolicy.letter` adds the headers (reason,
  error class, fault, service, source) and fits the letter into one producer request.

The one exception: a dead letter that would not fit in one producer request (the
original value was already near the limit, our headers push it over) is cut to fit by
:func:`fit_dead_letter`, with a ``qw-dlq-truncated`` header holding the original size.
Unsendable, it would stop the worker for good (crash loop or endless retry).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from quotewire_contracts import DlqHeader, Topic

from quotewire_common.metrics import DEAD_LETTERS


class Fault(StrEnum):
    SENDER = "sender"  # the message itself is bad: fix whatever produced it
    PROCESSING = "processing"  # a service failed on a valid-looking message


#: Error classes that are the sender's fault, whichever service finds them.
SENDER_ERROR_CLASSES = frozenset(
    {
        "EmptyMessage",  # no value (a tombstone)
        "InvalidJson",  # not JSON (or not UTF-8)
        "ValidationError",  # JSON, but not the contract's schema
        "UnicodeDecodeError",  # not UTF-8
        "JSONDecodeError",
        "TextTooLong",  # longer than the extractor takes
        "action_request_validation_exception",  # e.g. an _id over 512 bytes
    }
)

#: The service that dead-letters messages breaking the contract of each topic (its
#: first consumer). Other consumers of the topic skip them without a letter of their own.
CONTRACT_OWNERS: dict[str, str] = {Topic.ARTICLES.value: "extract", Topic.STATEMENTS.value: "index"}


def fault_of(error_class: str) -> Fault:
    return Fault.SENDER if error_class in SENDER_ERROR_CLASSES else Fault.PROCESSING


#: Error classes of messages that break a topic's contract (the same in every service).
EMPTY_MESSAGE = "EmptyMessage"
INVALID_JSON = "InvalidJson"
SCHEMA_ERROR = "ValidationError"
EMPTY_REASON = "empty message value (a tombstone, or no bytes)"
_MAX_REASON_ERRORS = 5


def describe_validation_error(exc) -> str:
    """``loc: msg; ...`` of a pydantic ``ValidationError`` (at most five, then a count)."""
    errors = exc.errors(include_url=False, include_input=False)
    parts = [
        f"{'.'.join(str(p) for p in err.get('loc', ())) or '<root>'}: "
        f"{err.get('msg', err.get('type'))}"
        for err in errors[:_MAX_REASON_ERRORS]
    ]
    more = len(errors) - _MAX_REASON_ERRORS
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def contract_violation(exc: Exception, what: str) -> tuple[str, str]:
    """(reason, error class) of a message value the contract decoder refused: not JSON
    (or not UTF-8) → ``InvalidJson``; JSON that is not ``what`` → ``ValidationError``.
    Every service describes the same bad message the same way."""
    errors = getattr(exc, "errors", None)
    if callable(errors):  # a pydantic ValidationError
        if {err["type"] for err in exc.errors()} == {"json_invalid"}:
            return f"not JSON: {describe_validation_error(exc)}", INVALID_JSON
        return f"not {what}: {describe_validation_error(exc)}", SCHEMA_ERROR
    return f"not JSON: {exc}", INVALID_JSON


def dlq_headers(
    *,
    reason: str,
    error_class: str,
    service: str,
    source_topic: str,
    source_partition: int | None,
    source_offset: int | None,
    original_headers: list[tuple[str, bytes]] | None = None,
    fault: Fault | None = None,
) -> list[tuple[str, bytes]]:
    """Kafka headers for a dead letter; the original headers are kept after ours."""
    ours = {
        DlqHeader.REASON: reason[:4000],
        DlqHeader.ERROR_CLASS: error_class,
        DlqHeader.FAULT: str(fault or fault_of(error_class)),
        DlqHeader.SERVICE: service,
        DlqHeader.SOURCE_TOPIC: source_topic,
        DlqHeader.SOURCE_PARTITION: "" if source_partition is None else str(source_partition),
        DlqHeader.SOURCE_OFFSET: "" if source_offset is None else str(source_offset),
        DlqHeader.FAILED_AT: datetime.now(UTC).isoformat(),
    }
    headers = [(str(k), v.encode("utf-8")) for k, v in ours.items()]
    kept = [(k, v) for k, v in (original_headers or []) if not k.startswith("qw-dlq-")]
    return headers + kept


#: kafka-python's default ``max_request_size`` (faust's default is 1,000,000).
DEFAULT_MAX_REQUEST_SIZE = 1_048_576
#: Bytes kept free below the producer's limit: record batch and record framing (about
#: 100 B), varints, and slack for brokers that count slightly differently.
DLQ_HEADROOM = 16 * 1024

Headers = list[tuple[str, bytes]]


def dead_letter_max_bytes(max_request_size: int, headroom: int = DLQ_HEADROOM) -> int:
    """The byte budget of one dead letter (key + value + headers) for a producer whose
    ``max_request_size`` is given."""
    return max(1024, max_request_size - headroom)


def dead_letter_size(key: bytes | None, value: bytes | None, headers: Headers) -> int:
    """Key, value and header bytes of a record (without Kafka's framing)."""
    return (
        len(key or b"")
        + len(value or b"")
        + sum(len(k.encode("utf-8")) + len(v or b"") for k, v in headers)
    )


@dataclass(frozen=True)
class FittedDeadLetter:
    key: bytes | None
    value: bytes | None
    headers: Headers
    truncated: bool


def fit_dead_letter(
    key: bytes | None, value: bytes | None, headers: Headers, max_bytes: int
) -> FittedDeadLetter:
    """The dead letter unchanged when it fits in ``max_bytes``, else cut to fit.

    In this order, until it fits: the value is truncated (a ``qw-dlq-truncated: <original
    value size>`` header is added), the original message's headers are dropped (ours,
    ``qw-dlq-*``, stay), the reason is shortened, the key is truncated.
    """
    if dead_letter_size(key, value, headers) <= max_bytes:
        return FittedDeadLetter(key, value, list(headers), False)
    original = len(value or b"")
    marker = (str(DlqHeader.TRUNCATED), str(original).encode("ascii"))
    ours = [h for h in headers if h[0].startswith("qw-dlq-")] + [marker]
    theirs = [h for h in headers if not h[0].startswith("qw-dlq-")]

    def room(k: bytes | None, hs: Headers) -> int:
        return max_bytes - dead_letter_size(k, b"", hs)

    if room(key, ours + theirs) >= 0:
        value = (value or b"")[: room(key, ours + theirs)]
        return FittedDeadLetter(key, value, ours + theirs, True)
    headers = ours  # the original headers are what overflows: drop them, keep the value
    if room(key, headers) < 0:
        headers = [(k, v[:1000] if k == DlqHeader.REASON else v[:200]) for k, v in headers]
    if room(key, headers) < 0:
        key = (key or b"")[: max(0, len(key or b"") + room(key, headers))]
    value = (value or b"")[: max(0, room(key, headers))]
    return FittedDeadLetter(key, value, headers, True)


def read_dlq_headers(headers: list[tuple[str, bytes]] | None) -> dict[str, str]:
    """The ``qw-dlq-*`` headers of a dead letter as text, for tools and tests."""
    return {
        k: (v or b"").decode("utf-8", "replace")
        for k, v in (headers or [])
        if k.startswith("qw-dlq-")
    }


class DeadLetterBudget:
    """Stops a worker when most messages fail: that is a bug or an outage, not bad data.

    ``record(ok)`` after each message; raises ``RuntimeError`` when, over the last
    ``window`` messages, more than ``max_ratio`` failed (once at least ``window``
    messages were seen), or when ``max_streak`` consecutive messages failed.
    """

    def __init__(self, window: int = 200, max_ratio: float = 0.9, max_streak: int = 1000) -> None:
        self.window = window
        self.max_ratio = max_ratio
        self.max_streak = max_streak
        self._recent: list[bool] = []
        self._streak = 0

    def record(self, ok: bool) -> None:
        self._recent.append(ok)
        if len(self._recent) > self.window:
            del self._recent[0]
        self._streak = 0 if ok else self._streak + 1
        if self._streak >= self.max_streak:
            raise RuntimeError(f"{self._streak} consecutive messages dead-lettered; stopping")
        if len(self._recent) >= self.window:
            failed = self._recent.count(False) / len(self._recent)
            if failed > self.max_ratio:
                raise RuntimeError(
                    f"{failed:.0%} of the last {len(self._recent)} messages dead-lettered; stopping"
                )


@dataclass(frozen=True)
class Letter:
    """A dead letter ready to send: to ``topic``, with the fitted key, value, headers."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: Headers
    truncated: bool
    fault: Fault


class DeadLetterPolicy:
    """Reasons, headers, size fitting, budget and topic ownership of one service's
    dead letters (see the module docstring). Built from the common settings
    (``QW_DLQ_WINDOW``, ``QW_DLQ_MAX_RATIO``, ``QW_DLQ_MAX_STREAK``)."""

    def __init__(
        self,
        service: str,
        *,
        window: int = 200,
        max_ratio: float = 0.9,
        max_streak: int = 1000,
        max_request_size: int = DEFAULT_MAX_REQUEST_SIZE,
    ) -> None:
        self.service = service
        self.budget = DeadLetterBudget(window, max_ratio, max_streak)
        self.max_bytes = dead_letter_max_bytes(max_request_size)
        #: Bad messages skipped because another service owns their dead letter.
        self.left_to_owner = 0

    @classmethod
    def from_settings(
        cls, service: str, settings, max_request_size: int = DEFAULT_MAX_REQUEST_SIZE
    ) -> "DeadLetterPolicy":
        """``settings``: a :class:`quotewire_common.settings.DeadLetterSettings`."""
        return cls(
            service,
            window=settings.dlq_window,
            max_ratio=settings.dlq_max_ratio,
            max_streak=settings.dlq_max_streak,
            max_request_size=max_request_size,
        )

    @staticmethod
    def topic_for(source_topic: str) -> str:
        return Topic(source_topic).dlq.value

    def writes(self, source_topic: str, fault: Fault) -> bool:
        """Whether this service writes the dead letter (else the topic's owner does)."""
        if fault is Fault.PROCESSING:
            return True
        return CONTRACT_OWNERS.get(source_topic, self.service) == self.service

    def letter(
        self,
        *,
        source_topic: str,
        partition: int | None,
        offset: int | None,
        key: bytes | None,
        value: bytes | None,
        headers: Headers | None,
        reason: str,
        error_class: str,
        fault: Fault | None = None,
    ) -> Letter:
        fault = fault or fault_of(error_class)
        ours = dlq_headers(
            reason=reason,
            error_class=error_class,
            service=self.service,
            source_topic=source_topic,
            source_partition=partition,
            source_offset=offset,
            original_headers=list(headers or []),
            fault=fault,
        )
        fitted = fit_dead_letter(key, value, ours, self.max_bytes)
        # Counted when built: every letter built is sent (a failed send stops the batch
        # or the worker, and the message comes again).
        DEAD_LETTERS.labels(self.service, source_topic, error_class, str(fault)).inc()
        return Letter(
            self.topic_for(source_topic),
            fitted.key,
            fitted.value,
            fitted.headers,
            fitted.truncated,
            fault,
        )

    def letter_for(
        self, message, *, reason: str, error_class: str, fault: Fault | None = None
    ) -> Letter:
        """:meth:`letter` for a consumed message: anything with ``topic``, ``partition``,
        ``offset``, ``key``, ``value`` and ``headers`` (kafka-python's ConsumerRecord,
        extract's SourceMessage)."""
        return self.letter(
            source_topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=message.key,
            value=message.value,
            headers=message.headers,
            reason=reason,
            error_class=error_class,
            fault=fault,
        )

    def record(self, ok: bool, fault: Fault | None = None) -> None:
        """Count one message's outcome. Sender faults do not count at all; raises
        ``RuntimeError`` when processing fails systematically (stop the worker)."""
        if not ok and fault is Fault.SENDER:
            return
        self.budget.record(ok)
