"""Publishing ``ArticleEvent``s to the ``articles`` topic: shared by the API and the CLI.

kafka-python's ``KafkaProducer`` blocks in its constructor until a broker answers (and
raises when none does), and its ``send`` / ``future.get`` block. So:

* :class:`Publisher` connects in a background thread and keeps trying (capped backoff)
  until a broker answers; the process starts, and ``/healthz`` works, with Kafka down.
* :meth:`Publisher.publish` is blocking and bounded: it waits at most ``connect_wait_s``
  for a connection that is not up, then ``send_timeout_s`` for the acks (``acks="all"``,
  idempotent producer). Whatever it cannot confirm comes back as
  :class:`KafkaUnavailable`; async callers run it in a worker thread.

Resending after a failure is safe: ids and versions are deterministic, so a record that
Kafka did store after all is a duplicate that every consumer treats idempotently.
"""

import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Self

from kafka import KafkaProducer
from kafka.errors import KafkaError
from quotewire_common.kafka import make_producer
from quotewire_common.logging import bind
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import ArticleEvent, Topic

from quotewire_ingest.settings import IngestSettings

log = logging.getLogger(__name__)


class KafkaUnavailable(RuntimeError):
    """Kafka did not acknowledge the write in time (or cannot be reached at all)."""


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


ProducerFactory = Callable[..., KafkaProducer]


class Publisher:
    """Writes article events to Kafka; connects lazily, in the background.

    ``start()`` returns at once; ``publish()`` and ``ready()`` are blocking (call them
    from a worker thread in async code); ``close()`` stops the connector and the producer.
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
        producer_factory: ProducerFactory = make_producer,
    ) -> None:
        self.settings = settings
        self.client_id = client_id
        self.topic = topic
        self.send_timeout_s = send_timeout_s
        self.connect_wait_s = connect_wait_s
        self.connect_attempt_s = connect_attempt_s
        self.max_backoff_s = max_backoff_s
        self._factory = producer_factory
        self._producer: KafkaProducer | None = None
        self._connected = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.last_error: str | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> "Publisher":
        """Begin connecting in a daemon thread; returns immediately."""
        with self._lock:
            if self._thread is None and not self._connected.is_set():
                self._thread = threading.Thread(
                    target=self._connect_loop, name=f"{self.client_id}-kafka-connect", daemon=True
                )
                self._thread.start()
        return self

    def _connect_loop(self) -> None:
        backoff = 0.5
        attempt = 0
        while not self._stopping.is_set():
            attempt += 1
            try:
                producer = self._factory(
                    self.settings,
                    self.client_id,
                    bootstrap_timeout_ms=int(self.connect_attempt_s * 1000),
                    # bounds send()'s own waits (metadata, buffer) by the request budget
                    max_block_ms=int(self.send_timeout_s * 1000),
                )
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
                    producer.close(timeout=0)
                    return
                self._producer = producer
                self.last_error = None
                self._connected.set()
            log.info(
                "kafka connected",
                extra={"bootstrap_servers": self.settings.bootstrap_servers, "attempt": attempt},
            )
            return

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
        """(ready, reason): a producer exists and a bootstrap broker accepts connections."""
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
                    return True, "connected"
            except (OSError, ValueError):
                continue
        return False, f"no broker of {self.settings.bootstrap_servers} accepts connections"

    # --- publishing ---------------------------------------------------------------------

    def _producer_or_raise(self) -> KafkaProducer:
        if not self.wait_connected(self.connect_wait_s):
            raise KafkaUnavailable(
                f"Kafka at {self.settings.bootstrap_servers} is not reachable"
                + (f": {self.last_error}" if self.last_error else "")
            )
        producer = self._producer
        if producer is None:  # closed meanwhile
            raise KafkaUnavailable("publisher is closed")
        return producer

    def publish(self, event: ArticleEvent) -> Delivery:
        """Write one event and wait for Kafka's ack; raises :class:`KafkaUnavailable`."""
        result = self.publish_many([event])[0]
        if isinstance(result, KafkaUnavailable):
            raise result
        return result

    def publish_many(self, events: Sequence[ArticleEvent]) -> list[Delivery | KafkaUnavailable]:
        """Write events (in order, keyed by article_id) and wait for all acks.

        Returns one result per event: its :class:`Delivery`, or :class:`KafkaUnavailable`
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
        futures: list = []
        for event in events:
            key, value = encode_event(event)
            try:
                futures.append(producer.send(self.topic, key=key, value=value))
            except KafkaError as exc:  # metadata or buffer wait expired, producer closed
                futures.append(KafkaUnavailable(f"send failed: {_describe(exc)}"))
        results: list[Delivery | KafkaUnavailable] = []
        for event, future in zip(events, futures, strict=True):
            if isinstance(future, KafkaUnavailable):
                results.append(future)
                continue
            remaining = max(deadline - time.monotonic(), 0.001)
            try:
                meta = future.get(timeout=remaining)
            except KafkaError as exc:
                results.append(
                    KafkaUnavailable(
                        f"no ack from Kafka within {self.send_timeout_s:g}s: {_describe(exc)}"
                    )
                )
                bind(
                    log, article_id=event.article_id, article_version=event.article_version
                ).warning("article not acknowledged", extra={"error": str(exc)})
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
        return results


def make_publisher(settings: IngestSettings, client_id: str = "ingest") -> Publisher:
    """The publisher of the API and of ``quotewire ingest --direct``, from the settings."""
    return Publisher(
        settings,
        client_id=client_id,
        send_timeout_s=settings.send_timeout_s,
        connect_wait_s=settings.connect_wait_s,
        connect_attempt_s=settings.connect_attempt_s,
    )
