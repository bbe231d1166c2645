"""Kafka (kafka-python) client factories and topic setup: one place for acks and timeouts.

Needs the ``kafka`` extra: ``quotewire-common[kafka]``.
"""

import logging
import socket
from collections.abc import Iterable

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError
from quotewire_contracts import ALL_TOPICS, TopicSpec

from quotewire_common.settings import KafkaSettings
from quotewire_common.waiting import wait_until

log = logging.getLogger(__name__)

#: Largest record (and produce request) a producer sends: 1 MiB, the same as Apache
#: Kafka's default broker ``message.max.bytes`` / topic ``max.message.bytes`` (1048588).
#: Raise it only together with those broker and topic settings.
DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024
#: How long a producer waits to fill a batch.
PRODUCER_LINGER_MS = 5
#: kafka-python's lower bound that still leaves a produce request time to be answered.
MIN_REQUEST_TIMEOUT_MS = 1_000


def producer_timeouts(
    send_timeout_ms: int, request_timeout_ms: int, linger_ms: int = PRODUCER_LINGER_MS
) -> dict[str, int]:
    """``request_timeout_ms`` / ``delivery_timeout_ms`` for a caller that waits at most
    ``send_timeout_ms`` for an ack.

    The producer then gives up on a record about when its caller does, so "not acked
    within the send timeout" mostly means "not written". kafka-python requires
    ``delivery_timeout_ms >= linger_ms + request_timeout_ms``, so the request timeout is
    shortened to fit (never below :data:`MIN_REQUEST_TIMEOUT_MS`; with a send timeout
    shorter than that the delivery timeout exceeds it, and a record may be written
    after its caller gave up: harmless where ids are deterministic).
    """
    request = max(MIN_REQUEST_TIMEOUT_MS, min(request_timeout_ms, send_timeout_ms - linger_ms))
    delivery = max(send_timeout_ms, request + linger_ms)
    return {"request_timeout_ms": request, "delivery_timeout_ms": delivery}


def make_producer(settings: KafkaSettings, client_id: str, **overrides) -> KafkaProducer:
    """An idempotent producer that reports a send only once all in-sync replicas have it.

    ``max_request_size`` defaults to :data:`DEFAULT_MAX_REQUEST_SIZE`; a larger record
    fails at ``send()`` with ``MessageSizeTooLargeError`` (a permanent error of that
    record). The broker's ``message.max.bytes`` and the topic's ``max.message.bytes``
    must allow whatever value is used.
    """
    config = {
        **settings.connection(),
        "client_id": f"{settings.client_id_prefix}-{client_id}",
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": PRODUCER_LINGER_MS,
        "retries": 5,
        "request_timeout_ms": settings.request_timeout_ms,
        "max_block_ms": settings.request_timeout_ms,
        "max_request_size": DEFAULT_MAX_REQUEST_SIZE,
        "compression_type": None,
        "metadata_max_age_ms": settings.metadata_max_age_ms,
        "allow_auto_create_topics": False,
    }
    config.update(overrides)
    return KafkaProducer(**config)


def make_consumer(
    settings: KafkaSettings, group_id: str, topics: Iterable[str], **overrides
) -> KafkaConsumer:
    """A group consumer that never commits on its own: callers commit after their output."""
    config = {
        **settings.connection(),
        "client_id": f"{settings.client_id_prefix}-{group_id}",
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": settings.session_timeout_ms,
        "heartbeat_interval_ms": settings.heartbeat_interval_ms,
        "max_poll_interval_ms": settings.max_poll_interval_ms,
        "request_timeout_ms": max(settings.request_timeout_ms, settings.session_timeout_ms + 5000),
        # New partitions are seen (and the group rebalances onto them) within this time.
        "metadata_max_age_ms": settings.metadata_max_age_ms,
        "fetch_max_wait_ms": settings.fetch_max_wait_ms,
        "allow_auto_create_topics": False,  # honoured by Kafka; the local broker ignores it
    }
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    consumer.subscribe(list(topics))
    return consumer


def make_admin(settings: KafkaSettings, client_id: str = "admin") -> KafkaAdminClient:
    return KafkaAdminClient(
        **settings.connection(),
        client_id=f"{settings.client_id_prefix}-{client_id}",
        request_timeout_ms=settings.request_timeout_ms,
    )


class BrokerUnreachable(RuntimeError):
    """No broker of the bootstrap list answered within the connect timeout.

    Its message says where it looked and what to do, for a command line to print as is.
    """

    def __init__(self, bootstrap_servers: str, timeout_s: float, detail: str = "") -> None:
        super().__init__(
            f"no Kafka broker at {bootstrap_servers} (waited {timeout_s:g}s"
            + (f": {detail}" if detail else "")
            + "). Is the stack running? `quotewire stack status`; "
            "or point QW_BOOTSTRAP_SERVERS / --bootstrap-servers at the broker."
        )
        self.bootstrap_servers = bootstrap_servers
        self.timeout_s = timeout_s


def _host_port(server: str) -> tuple[str, int]:
    host, _, port = server.rpartition(":")
    if not host:
        return server, 9092
    return host.strip("[]"), int(port)


def ensure_reachable(settings: KafkaSettings, timeout_s: float = 3.0) -> None:
    """Raise :class:`BrokerUnreachable` unless some bootstrap server accepts a TCP connection.

    kafka-python waits a whole request timeout (30 s) before it reports an unreachable
    broker; a command-line tool checks first and fails within ``timeout_s``.
    """
    errors = []
    for server in settings.bootstrap_list:
        try:
            with socket.create_connection(_host_port(server), timeout=timeout_s):
                return
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            errors.append(f"{server}: {reason}")
    raise BrokerUnreachable(settings.bootstrap_servers, timeout_s, "; ".join(errors))


def wait_for_kafka(settings: KafkaSettings, timeout_s: float = 60.0) -> None:
    """Block until a broker answers, or raise ``TimeoutError`` naming the servers."""

    def answers() -> bool:
        make_admin(settings, "probe").close()
        return True

    wait_until(
        answers,
        timeout_s,
        0.5,
        f"no Kafka broker at {settings.bootstrap_servers}",
        retry_on=(KafkaError, OSError),
    )


def topic_specs(settings: KafkaSettings, specs: Iterable[TopicSpec] = ALL_TOPICS) -> list[NewTopic]:
    """The topics to create, with the partition override of local runs applied."""
    new = []
    for spec in specs:
        configs = {"retention.ms": str(spec.retention_ms)} if spec.retention_ms else {}
        if spec.compacted:
            configs["cleanup.policy"] = "compact"
        partitions = spec.partitions
        local = settings.partitions is not None and not spec.name.endswith(".dlq")
        if local and not spec.compacted:
            partitions = settings.partitions
        new.append(
            NewTopic(
                name=spec.name,
                num_partitions=partitions,
                replication_factor=settings.replication_factor,
                topic_configs=configs,
            )
        )
    return new


def ensure_topics(settings: KafkaSettings, specs: Iterable[TopicSpec] = ALL_TOPICS) -> list[str]:
    """Create the quotewire topics that do not exist yet; return the names created.

    Idempotent. Topics must exist before any client subscribes: a broker that
    auto-creates topics would pick its own partition count.
    """
    admin = make_admin(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [t for t in topic_specs(settings, specs) if t.name not in existing]
        created = []
        for topic in wanted:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
                log.info(
                    "created topic",
                    extra={"topic": topic.name, "partitions": topic.num_partitions},
                )
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        admin.close()
