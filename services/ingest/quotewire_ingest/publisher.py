"""Publishing ``ArticleEvent``s to the ``articles`` topic: shared by the API and the CLI.

kafka-python's ``KafkaProducer`` blocks in its constructor until a broker answers (and
raises when none does), and its ``send`` / ``future.get`` block. So:

* :class:`Publisher` connects in a background thread and keeps trying (capped backoff)
  until a broker answers; the process starts, and ``/healthz`` works, with Kafka down.
* :meth:`Publisher.publish` is blocking and bounded: it waits at most ``connect_wait_s``
  for a connection that is not up, then ``send_timeout_s`` for the acks (``acks="all"``,
  idempotent producer). Whatever it cannot confirm comes back as
  :class:`KafkaUnavailable`; async callers run it in a worker thread.

Failures come in three kinds (:func:`classify`):

* permanent for that record (too large, invalid): :class:`RecordRejected` with an HTTP
  status (413 / 422); resending it as is cannot help, the producer stays;
* the producer itself is broken (a non-retriable error such as ``UnknownProducerIdError``
  after a broker restart; kafka-python's idempotent producer never recovers from it):
  the producer is dropped at once, closed in the background, and rebuilt; ``ready()``
  is False until the new one is connected;
* transient (timeouts, connection loss): :class:`KafkaUnavailable`; after
  ``max_failures`` consecutive publish calls without any ack, the producer is rebuilt too.

The producer's ``delivery_timeout_ms`` follows ``send_timeout_s``
(:func:`quotewire_common.kafka.producer_timeouts`), so a 503 usually means "not
written"; a record may still land late. Resending after a failure is safe anyway: ids
and versions are deterministic, so a record that Kafka did store after all is a
duplicate that every consumer treats idempotently.
"""

import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Self

from kafka import KafkaProducer
from kafka.errors import (
    InvalidRecordError,
    InvalidTimestampError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
)
from quotewire_common.kafka import DEFAULT_MAX_REQUEST_SIZE, make_producer, producer_timeouts
from quotewire_common.logging import bind
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import ArticleEvent, Topic

from quotewire_ingest.settings import IngestSettings

log = logging.getLogger(__name__)

#: The ingest producer's linger: none (see :meth:`Publisher._producer_config`).
INGEST_LINGER_MS = 0


class KafkaUnavailable(RuntimeError):
    """Kafka did not acknowledge the write in time (or cannot be reached at all)."""


class RecordRejected(ValueError):
    """Kafka (or the producer) refuses this record for good: resending it cannot help.

    ``status_code`` is the HTTP answer (413 too large, 422 invalid), ``type`` the
    machine-readable error type of a batch item.
    """

    def __init__(self, reason: str, *, status_code: int, type: str) -> None:
        super().__init__(reason)
        self.status_code = status_code
        self.type = type


#: per-record errors that no retry fixes: 413 (too large) and 422 (invalid)
_TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)
_INVALID = (InvalidRecordError, InvalidTimestampError)

Failure = Literal["record", "producer", "transient"]


def classify(exc: BaseException) -> Failure:
    """What a failed send means: ``record`` (this record can never be written),
    ``producer`` (the producer is broken: rebuild it) or ``transient`` (retry later)."""
    if isinstance(exc, _TOO_LARGE + _INVALID):
        return "record"
    if isinstance(exc, KafkaError) and not exc.retriable:
        return "producer"
    return "transient"


def rejection(exc: KafkaError, max_request_size: int) -> RecordRejected:
    """The :class:`RecordRejected` of a ``record`` failure (see :func:`classify`)."""
    if isinstance(exc, _TOO_LARGE):
        return RecordRejected(
            f"article too large for Kafka (records up to {max_request_size} bytes, "
            f"QW_PRODUCER_MAX_REQUEST_SIZE / broker message.max.bytes): {_describe(exc)}",
            status_code=413,
            type="message_too_large",
        )
    return RecordRejected(
        f"Kafka refused the record as invalid: {_describe(exc)}",
        status_code=422,
        type="invalid_record",
    )


@dataclass(frozen=True)
class Delivery:
    """Where Kafka stored one event."""

    article_id: str
    article_version: str
    topic: str
    partition: int
    offset: int


def encode_event(event: ArticleEvent) -> tuple[bytes, bytes]:
    """(key, value) of an ``articles`` record: key = article_id, value = event JSON."""
    return event.article_id.encode("utf-8"), event.model_dump_json().encode("utf-8")


def _describe(exc: BaseException) -> str:
    """``Class: message`` once (kafka-python's errors already start with their class name)."""
    text = str(exc)
    name = type(exc).__name__
    return text if text.startswith(name) else f"{name}: {text}"


Outcome = Delivery | KafkaUnavailable | RecordRejected
ProducerFactory = Callable[..., KafkaProducer]


class Publisher:
    """Writes article events to Kafka; connects lazily, in the background.

    ``start()`` returns at once; ``publish()`` and ``ready()`` are blocking (call them
    from a worker thread in async code); ``close()`` stops the connector and the producer.
    A producer known to be broken is replaced (see the module docstring).
    """

    def __init__(
        self,
        settings: KafkaSettings,
        *,
        client_id: str = "ingest",
        topic: str = Topic.ARTICLES.value,
        send_timeout_s: float = 5.0,
        connect_wait_s: float = 2.0,
        connect_attempt_s: float = 5.0,
        max_backoff_s: float = 10.0,
        max_failures: int = 3,
        max_request_size: int = DEFAULT_MAX_REQUEST_SIZE,
        producer_factory: ProducerFactory = make_producer,
    ) -> None:
        self.settings = settings
        self.client_id = client_id
        self.topic = topic
        self.send_timeout_s = send_timeout_s
        self.connect_wait_s = connect_wait_s
        self.connect_attempt_s = connect_attempt_s
        self.max_backoff_s = max_backoff_s
        self.max_failures = max_failures
        self.max_request_size = max_request_size
        self._factory = producer_factory
        self._producer: KafkaProducer | None = None
        self._connected = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._failures = 0  # consecutive publish calls without any ack
        self.rebuilds = 0  # producers dropped as broken (observability, tests)
        self.last_error: str | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> "Publisher":
        """Begin connecting in a daemon thread; returns immediately."""
        with self._lock:
            self._start_connecting()
        return self

    def _start_connecting(self) -> None:
        """(Under the lock.) Start a connector unless one runs or a producer exists."""
        if self._stopping.is_set() or self._connected.is_set():
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(
            target=self._connect_loop, name=f"{self.client_id}-kafka-connect", daemon=True
        )
        self._thread.start()

    def _producer_config(self) -> dict:
        send_timeout_ms = int(self.send_timeout_s * 1000)
        return {
            "bootstrap_timeout_ms": int(self.connect_attempt_s * 1000),
            # bounds send()'s own waits (metadata, buffer) by the request budget
            "max_block_ms": send_timeout_ms,
            "max_request_size": self.max_request_size,
            # No linger: a request waits for its own ack, so a record is sent at once.
            # Under load records still travel together: those handed over while a
            # request is in flight fill the next one (a batch POST: all but the first).
            "linger_ms": INGEST_LINGER_MS,
            # the producer gives up on a record about when the request does
            **producer_timeouts(
                send_timeout_ms, self.settings.request_timeout_ms, INGEST_LINGER_MS
            ),
        }

    def _connect_loop(self) -> None:
        backoff = 0.5
        attempt = 0
        while not self._stopping.is_set():
            attempt += 1
            try:
                producer = self._factory(self.settings, self.client_id, **self._producer_config())
            except Exception as exc:  # noqa: BLE001 - retried: a dead connector = never ready
                self.last_error = _describe(exc)
                level = logging.WARNING if attempt == 1 or attempt % 10 == 0 else logging.DEBUG
                log.log(
                    level,
                    "kafka not reachable, retrying",
                    extra={
                        "bootstrap_servers": self.settings.bootstrap_servers,
                        "attempt": attempt,
                        "error": self.last_error,
                    },
                )
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            with self._lock:
                if self._stopping.is_set():
                    _close_in_background(producer)
                    return
                self._producer = producer
                self._failures = 0
                self.last_error = None
                self._connected.set()
            log.info(
                "kafka connected",
                extra={"bootstrap_servers": self.settings.bootstrap_servers, "attempt": attempt},
            )
            return

    def _discard(self, producer: KafkaProducer, reason: str) -> None:
        """Drop a broken producer (closed in the background) and start building a new one."""
        with self._lock:
            if self._producer is not producer:  # already replaced (or closed)
                return
            self._producer = None
            self._connected.clear()
            self._failures = 0
            self.rebuilds += 1
            self.last_error = f"producer rebuilt after: {reason}"
            self._start_connecting()
        log.warning(
            "kafka producer broken, rebuilding",
            extra={"bootstrap_servers": self.settings.bootstrap_servers, "error": reason},
        )
        _close_in_background(producer)

    def wait_connected(self, timeout_s: float) -> bool:
        """Start connecting if needed; True once a producer exists (within ``timeout_s``)."""
        self.start()
        return self._connected.wait(timeout_s)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def close(self, timeout_s: float = 5.0) -> None:
        """Flush what is pending (bounded) and close the producer."""
        self._stopping.set()
        with self._lock:
            producer, self._producer = self._producer, None
            self._connected.clear()
        if producer is not None:
            try:
                producer.close(timeout=timeout_s)
            except KafkaError as exc:  # flush timed out: Kafka is gone; unconfirmed = not 202
                log.warning("kafka producer closed with unsent records", extra={"error": str(exc)})
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=0.1)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # --- health -------------------------------------------------------------------------

    def ready(self, timeout_s: float = 1.0) -> tuple[bool, str]:
        """(ready, reason): a producer not known to be broken exists, and a bootstrap
        broker accepts connections. A dropped producer (being rebuilt) is not ready."""
        if not self.connected:
            return False, f"not connected to {self.settings.bootstrap_servers}" + (
                f" ({self.last_error})" if self.last_error else ""
            )
        for server in self.settings.bootstrap_list:
            host, _, port = server.rpartition(":")
            try:
                with socket.create_connection(
                    (host.strip("[]") or "localhost", int(port)), timeout_s
                ):
                    break
            except (OSError, ValueError):
                continue
        else:
            return False, f"no broker of {self.settings.bootstrap_servers} accepts connections"
        if self._failures:
            return True, f"connected ({self._failures} publish call(s) failed in a row)"
        return True, "connected"

    # --- publishing ---------------------------------------------------------------------

    def _producer_or_raise(self) -> KafkaProducer:
        if not self.wait_connected(self.connect_wait_s):
            raise KafkaUnavailable(
                f"Kafka at {self.settings.bootstrap_servers} is not reachable"
                + (f": {self.last_error}" if self.last_error else "")
            )
        producer = self._producer
        if producer is None:  # closed or discarded meanwhile
            raise KafkaUnavailable(
                "publisher is closed" if self._stopping.is_set() else "producer is being rebuilt"
            )
        return producer

    def _failed(self, exc: KafkaError, event: ArticleEvent, fatal: list[str]) -> Outcome:
        kind = classify(exc)
        logger = bind(log, article_id=event.article_id, article_version=event.article_version)
        if kind == "record":
            rejected = rejection(exc, self.max_request_size)
            logger.warning("article refused by Kafka", extra={"error": str(rejected)})
            return rejected
        if kind == "producer":
            fatal.append(_describe(exc))
        logger.warning("article not acknowledged", extra={"error": _describe(exc)})
        return KafkaUnavailable(
            f"no ack from Kafka within {self.send_timeout_s:g}s: {_describe(exc)}"
        )

    def publish(self, event: ArticleEvent) -> Delivery:
        """Write one event and wait for Kafka's ack.

        Raises :class:`KafkaUnavailable` (retry later) or :class:`RecordRejected` (never
        retry as is)."""
        result = self.publish_many([event])[0]
        if isinstance(result, KafkaUnavailable | RecordRejected):
            raise result
        return result

    def publish_many(self, events: Sequence[ArticleEvent]) -> list[Outcome]:
        """Write events (in order, keyed by article_id) and wait for all acks.

        Returns one result per event: its :class:`Delivery`; :class:`RecordRejected` for
        a record Kafka refuses for good (too large, invalid); :class:`KafkaUnavailable`
        for those Kafka did not confirm within ``send_timeout_s`` of the call. Never
        raises for Kafka trouble.
        """
        if not events:
            return []
        try:
            producer = self._producer_or_raise()
        except KafkaUnavailable as exc:
            return [exc] * len(events)
        deadline = time.monotonic() + self.send_timeout_s
        fatal: list[str] = []
        futures: list = []
        for event in events:
            key, value = encode_event(event)
            try:
                futures.append(producer.send(self.topic, key=key, value=value))
            except KafkaError as exc:  # too large, metadata/buffer wait expired, broken
                futures.append(self._failed(exc, event, fatal))
            except Exception as exc:  # noqa: BLE001 - e.g. a closed producer's IllegalState
                fatal.append(_describe(exc))
                futures.append(KafkaUnavailable(f"send failed: {_describe(exc)}"))
        results: list[Outcome] = []
        for event, future in zip(events, futures, strict=True):
            if isinstance(future, KafkaUnavailable | RecordRejected):
                results.append(future)
                continue
            remaining = max(deadline - time.monotonic(), 0.001)
            try:
                meta = future.get(timeout=remaining)
            except KafkaError as exc:
                results.append(self._failed(exc, event, fatal))
                continue
            delivery = Delivery(
                event.article_id, event.article_version, meta.topic, meta.partition, meta.offset
            )
            bind(
                log,
                article_id=event.article_id,
                article_version=event.article_version,
                topic=delivery.topic,
                partition=delivery.partition,
                offset=delivery.offset,
            ).info("article published")
            results.append(delivery)
        self._account(producer, results, fatal)
        return results

    def _account(self, producer: KafkaProducer, results: list[Outcome], fatal: list[str]) -> None:
        """Decide whether ``producer`` is still usable after one publish call."""
        if fatal:
            self._discard(producer, fatal[0])
            return
        if any(isinstance(r, Delivery) for r in results):
            self._failures = 0
            return
        unavailable = [r for r in results if isinstance(r, KafkaUnavailable)]
        if not unavailable:  # only rejected records: says nothing about the producer
            return
        with self._lock:
            if self._producer is not producer:
                return
            self._failures += 1
            exhausted = self._failures >= self.max_failures
        if exhausted:
            self._discard(
                producer, f"{self.max_failures} publish calls failed in a row: {unavailable[0]}"
            )


def _close_in_background(producer: KafkaProducer) -> None:
    """Close a producer we no longer use without making any request wait for it."""

    def close() -> None:
        try:
            producer.close(timeout=0)
        except Exception as exc:  # noqa: BLE001 - it is being thrown away anyway
            log.debug("closing a discarded producer failed", extra={"error": _describe(exc)})

    threading.Thread(target=close, name="kafka-producer-close", daemon=True).start()


def make_publisher(settings: IngestSettings, client_id: str = "ingest") -> Publisher:
    """The publisher of the API and of ``quotewire ingest --direct``, from the settings."""
    return Publisher(
        settings,
        client_id=client_id,
        send_timeout_s=settings.send_timeout_s,
        connect_wait_s=settings.connect_wait_s,
        connect_attempt_s=settings.connect_attempt_s,
        max_failures=settings.producer_max_failures,
        max_request_size=settings.producer_max_request_size,
    )
