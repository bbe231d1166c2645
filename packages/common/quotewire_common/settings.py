"""Typed settings shared by the services: Kafka and Elasticsearch connection blocks.

Each service composes these into its own ``settings.py`` (``QW_`` prefix). Defaults are
production-sane; the local stack and the tests shorten the consumer-group timeouts
through the environment only.
"""

import ssl
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class QwSettings(BaseSettings):
    """Base of every quotewire settings class: ``QW_`` environment variables, ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix="QW_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )


class KafkaSettings(QwSettings):
    bootstrap_servers: str = Field(
        default="localhost:9092", description="Comma-separated host:port list of Kafka brokers"
    )
    client_id_prefix: str = "quotewire"
    # Consumer-group timing. Production keeps Kafka's usual values; local and test runs
    # shorten the session (the Tansu broker holds the first join for session/2).
    session_timeout_ms: int = Field(default=45_000, ge=1_000)
    heartbeat_interval_ms: int = Field(default=3_000, ge=100)
    max_poll_interval_ms: int = Field(default=300_000, ge=1_000)
    request_timeout_ms: int = Field(default=30_000, ge=1_000)
    # How stale a client's view of the topics may get: partitions added (or a topic
    # recreated) are seen, and a consumer group rebalances onto them, within this time.
    metadata_max_age_ms: int = Field(default=30_000, ge=500)
    # How long a consumer's fetch waits at the broker when there is nothing to read. A
    # fetch with data returns at once, so this only delays an article that arrives at
    # an idle consumer (on brokers that answer an empty fetch only when the wait is
    # over): short where idle, irrelevant under load.
    fetch_max_wait_ms: int = Field(default=100, ge=0, le=10_000)
    # Topic creation defaults (``quotewire-init`` and the local stack).
    replication_factor: int = Field(default=1, ge=1)
    partitions: int | None = Field(
        default=None, ge=1, description="Override every topic's partition count (local runs)"
    )

    # How clients connect: plaintext (the default and the local stack), TLS, SASL/SCRAM
    # over TLS (docker-compose.kafka-sasl.yml). kafka-python and faust get them through
    # connection() and faust_credentials().
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle the broker's certificate is checked against"
    )

    @property
    def bootstrap_list(self) -> list[str]:
        return [s.strip() for s in self.bootstrap_servers.split(",") if s.strip()]

    @property
    def uses_sasl(self) -> bool:
        return self.kafka_security_protocol.startswith("SASL_")

    @property
    def uses_tls(self) -> bool:
        return self.kafka_security_protocol in ("SSL", "SASL_SSL")

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> "KafkaSettings":
        if self.uses_sasl and not (self.kafka_sasl_username and self.kafka_sasl_password):
            raise ValueError(
                f"QW_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} needs "
                "QW_KAFKA_SASL_USERNAME and QW_KAFKA_SASL_PASSWORD"
            )
        return self

    def connection(self) -> dict[str, Any]:
        """The kafka-python keyword arguments of every client: brokers and security."""
        config: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_list,
            "security_protocol": self.kafka_security_protocol,
        }
        if self.uses_sasl:
            config["sasl_mechanism"] = self.kafka_sasl_mechanism
            config["sasl_plain_username"] = self.kafka_sasl_username
            config["sasl_plain_password"] = self.kafka_sasl_password.get_secret_value()
        if self.uses_tls and self.kafka_ssl_cafile:
            config["ssl_cafile"] = str(self.kafka_ssl_cafile)
        return config

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context of faust's clients (``None`` without TLS)."""
        if not self.uses_tls:
            return None
        cafile = str(self.kafka_ssl_cafile) if self.kafka_ssl_cafile else None
        return ssl.create_default_context(cafile=cafile)

    def faust_credentials(self) -> Any:
        """faust's ``broker_credentials`` (``None``: plaintext)."""
        if self.kafka_security_protocol == "PLAINTEXT":
            return None
        import faust  # only the extract service has it

        if self.uses_sasl:
            return faust.SASLCredentials(
                username=self.kafka_sasl_username,
                password=self.kafka_sasl_password.get_secret_value(),
                mechanism=self.kafka_sasl_mechanism,
                ssl_context=self.ssl_context(),
            )
        return faust.SSLCredentials(self.ssl_context())

    @field_validator("heartbeat_interval_ms")
    @classmethod
    def _heartbeat_below_session(cls, v: int, info) -> int:
        session = info.data.get("session_timeout_ms")
        if session is not None and v * 3 > session:
            raise ValueError(
                f"heartbeat_interval_ms ({v}) must be at most a third of session_timeout_ms ({session})"
            )
        return v


#: Longest article text (title + body) the extractor takes; see :class:`TextLimitSettings`.
DEFAULT_MAX_TEXT_CHARS = 200_000


class TextLimitSettings(QwSettings):
    """The text limit ingest and extract share (one variable, so they cannot disagree):
    ingest refuses what extract would dead-letter."""

    max_text_chars: int = Field(
        default=DEFAULT_MAX_TEXT_CHARS,
        ge=1,
        description="Longest article text (title + body, after HTML is converted) in "
        "characters: ingest answers 413 above it, extract dead-letters it",
    )


def not_below_field(value: float, info, other: str) -> float:
    """For a field validator: ``value`` may not be below the field ``other`` (declared,
    so validated, before it), e.g. a backoff cap below its first wait."""
    floor = info.data.get(other)
    if floor is not None and value < floor:
        raise ValueError(f"{info.field_name} must be >= {other}")
    return value


class ElasticsearchSettings(QwSettings):
    es_url: str = Field(default="http://localhost:9200", description="Elasticsearch URL")
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_ca_certs: str | None = Field(default=None, description="CA bundle for https")
    es_request_timeout_s: float = Field(default=30.0, gt=0)
    es_node_class: str | None = Field(
        default=None,
        description="module:Class of an elastic_transport node class; empty for real Elasticsearch",
    )

    @property
    def es_basic_auth(self) -> tuple[str, str] | None:
        """(user, password) when a user is set: the client's and Kibana's basic auth."""
        if not self.es_username:
            return None
        password = self.es_password.get_secret_value() if self.es_password else ""
        return (self.es_username, password)


class HeartbeatSettings(QwSettings):
    """Heartbeat file of a worker without HTTP (see :mod:`quotewire_common.health`).

    Each worker service overrides the default path of ``health_file``.
    """

    health_file: Path | None = Field(
        default=None,
        description="File the worker touches while alive (compose healthcheck); empty: none",
    )
    health_interval_s: float = Field(
        default=5.0, gt=0, description="How often the health file is touched"
    )

    @field_validator("health_file", mode="before")
    @classmethod
    def _no_health_file_when_empty(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v


class DeadLetterSettings(QwSettings):
    """The dead-letter budget of a worker, one set of names for every service
    (see :class:`quotewire_common.dlq.DeadLetterPolicy`). Only processing failures count:
    messages that are the sender's fault go to the dead-letter topic and never stop a
    worker."""

    dlq_window: int = Field(
        default=200, ge=1, description="Dead-letter budget: processing outcomes in the window"
    )
    dlq_max_ratio: float = Field(
        default=0.9, gt=0, le=1, description="Dead-letter budget: max failed share of the window"
    )
    dlq_max_streak: int = Field(
        default=1000, ge=1, description="Dead-letter budget: max consecutive processing failures"
    )


class MetricsSettings(QwSettings):
    """Where a worker without an HTTP API serves ``/metrics`` (the APIs serve it on their
    own port). Unset: no metrics server."""

    metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="Serve Prometheus /metrics on this port"
    )
    metrics_host: str = Field(default="0.0.0.0", description="Address of the /metrics server")

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _no_port_when_empty(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v


class ConsumerGroupSettings(QwSettings):
    """The pipeline's consumer groups, one definition for the workers that join them and
    the tools that report their lag (``quotewire lag``, ``/v1/pipeline``)."""

    extract_group: str = Field(
        default="quotewire-extract",
        min_length=1,
        description="faust app id = Kafka consumer group of the extraction workers",
    )
    index_group: str = Field(
        default="quotewire-index", min_length=1, description="Kafka consumer group of the indexer"
    )
    alerts_group: str = Field(
        default="quotewire-alerts", min_length=1, description="Consumer group of the alerts worker"
    )
    derived_group: str = Field(
        default="quotewire-derived",
        min_length=1,
        description="Consumer group of the derived worker (speakers registry, quote clusters)",
    )

    def pipeline_groups(self) -> dict[str, tuple[str, ...]]:
        """Consumer group → the topics it reads."""
        return {
            self.extract_group: ("articles",),
            self.index_group: ("articles", "statements"),
            self.derived_group: ("statements",),
            self.alerts_group: ("statements",),
        }
