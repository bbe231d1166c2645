"""Settings of the index service: indexer worker, search API and setup (``QW_`` env vars)."""

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from quotewire_common.alerts_store import AlertsStoreSettings
from quotewire_common.auth import AuthSettings
from quotewire_common.outbound import OutboundSettings
from quotewire_common.settings import (
    ConsumerGroupSettings,
    DeadLetterSettings,
    ElasticsearchSettings,
    HeartbeatSettings,
    KafkaSettings,
    MetricsSettings,
    QwSettings,
    not_below_field,
)

SERVICE = "index"
DEFAULT_KIBANA_OBJECTS = "deploy/kibana/saved_objects.ndjson"
DEFAULT_HEALTH_FILE = Path("/tmp/quotewire-index.alive")


class IndexSettings(
    KafkaSettings,
    ElasticsearchSettings,
    HeartbeatSettings,
    DeadLetterSettings,
    MetricsSettings,
    ConsumerGroupSettings,
    AuthSettings,
    AlertsStoreSettings,
    OutboundSettings,
):
    # Consumer
    poll_timeout_ms: int = Field(default=1_000, ge=10, description="Consumer poll timeout")
    # Liveness: the indexer's poll loop beats this file (QW_HEALTH_FILE; empty: none)
    health_file: Path | None = Field(
        default=DEFAULT_HEALTH_FILE,
        description="File the indexer touches from its poll loop (compose healthcheck)",
    )
    # Indices
    # The users `quotewire-index-setup` creates for the services (es_users.py); their
    # passwords unset: none is created (the local stack)
    es_index_user: str = Field(default="quotewire_index", min_length=1)
    es_index_password: SecretStr | None = None
    es_search_user: str = Field(default="quotewire_search", min_length=1)
    es_search_password: SecretStr | None = None
    es_alerts_user: str = Field(default="quotewire_alerts", min_length=1)
    es_alerts_password: SecretStr | None = None
    statements_index: str = Field(default="statements", min_length=1)
    articles_index: str = Field(default="articles", min_length=1)
    speakers_index: str = Field(
        default="speakers", min_length=1, description="Speakers registry (derived)"
    )
    quotes_index: str = Field(
        default="quotes", min_length=1, description="Quote variants and clusters (derived)"
    )
    registry_interval_s: float = Field(
        default=30.0,
        ge=0,
        description="A known speaker's registry document is recomputed at most this often"
        " (a new one at once; all pending ones when the derived worker has caught up, at stop,"
        " at the end of a rebuild)",
    )
    derived_batch_size: int = Field(
        default=2_000,
        ge=1,
        le=10_000,
        description="Derived worker: max statements per batch (one refresh, aggregation and"
        " candidate search each)",
    )
    derived_hold_ms: int = Field(
        default=200,
        ge=10,
        description="Derived worker: wait before polling again when every record polled is"
        " still ahead of what the indexer committed",
    )
    quote_similarity: float = Field(
        default=0.7,
        gt=0,
        le=1,
        description="Near-duplicate quotes: share of the shorter one's word pairs found in"
        " the other needed to join its cluster",
    )
    # The index as a view of the topics (quotewire_index.view)
    view_index: str = Field(
        default="quotewire-view",
        min_length=1,
        description="Bookkeeping index: the view id, and the view of each partition's offsets",
    )
    view_check_interval_s: float = Field(
        default=5.0,
        gt=0,
        description="How often the indexer checks that the search server still holds its view",
    )
    # Bulk writes
    bulk_batch_size: int = Field(
        default=500, ge=1, le=10_000, description="Max records per poll = max actions per bulk"
    )
    bulk_max_retries: int = Field(
        default=3, ge=0, description="Per-item retries of 429/503 inside one bulk call"
    )
    bulk_initial_backoff_s: float = Field(default=0.5, gt=0)
    bulk_max_backoff_s: float = Field(
        default=30.0, gt=0, description="Cap of bulk and whole-batch retry backoff"
    )
    # Search API
    search_host: str = "0.0.0.0"
    search_port: int = Field(default=8001, ge=1, le=65535)
    search_max_size: int = Field(
        default=100, ge=1, le=100, description="Max page size (the API publishes 100)"
    )
    speakers_facet_size: int = Field(default=20, ge=1, le=1_000)
    # Setup
    setup_timeout_s: float = Field(default=120.0, gt=0, description="Wait for Kafka/ES/Kibana")
    kibana_url: str | None = Field(default=None, description="Import saved objects when set")
    kibana_objects: Path = Field(default=Path(DEFAULT_KIBANA_OBJECTS))
    kibana_overwrite: bool = Field(
        default=False,
        description="Import overwrites existing Kibana objects (default: only missing ones)",
    )

    def index_names(self) -> dict[str, str]:
        """The configured index (alias) name of each kind (see ``indices.KINDS``)."""
        return {
            "statements": self.statements_index,
            "articles": self.articles_index,
            "speakers": self.speakers_index,
            "quotes": self.quotes_index,
        }

    def timing_problems(self) -> list[str]:
        """What makes the indexer miss its poll deadline (empty: fine).

        Between two polls the indexer may wait on a hung search server (one request
        timeout), back off (at most a quarter of the poll interval) and try a commit (one
        Kafka request timeout). Should that take longer than ``max_poll_interval_ms``,
        the group throws the indexer out and rebalances, over and over. The rule kept
        here leaves room for several slow requests per batch: four search request
        timeouts plus one Kafka request timeout must fit in the poll interval.
        """
        need_ms = 4 * self.es_request_timeout_s * 1000 + self.request_timeout_ms
        if need_ms <= self.max_poll_interval_ms:
            return []
        return [
            (
                f"QW_MAX_POLL_INTERVAL_MS={self.max_poll_interval_ms} is too short for "
                f"QW_ES_REQUEST_TIMEOUT_S={self.es_request_timeout_s:g} and "
                f"QW_REQUEST_TIMEOUT_MS={self.request_timeout_ms}: it must be at least "
                f"4 x the search timeout + the Kafka timeout = {need_ms:.0f} ms (a hung search "
                "server would otherwise force a group rejoin)"
            )
        ]

    @field_validator("kibana_url", mode="before")
    @classmethod
    def _empty_is_none(cls, v):
        return v or None

    @field_validator("bulk_max_backoff_s")
    @classmethod
    def _max_not_below_initial(cls, v: float, info) -> float:
        return not_below_field(v, info, "bulk_initial_backoff_s")


class SearchCliSettings(QwSettings):
    """``quotewire search``: where the search API answers (``QW_SEARCH_API``)."""

    search_api: str = Field(default="http://localhost:8001", description="Search API base URL")
    search_timeout_s: float = Field(default=10.0, gt=0)
