"""Settings of the alerts worker (``QW_`` environment variables)."""

from pathlib import Path

from pydantic import Field, field_validator
from quotewire_common.alerts_store import AlertsStoreSettings
from quotewire_common.outbound import OutboundSettings
from quotewire_common.settings import (
    ConsumerGroupSettings,
    DeadLetterSettings,
    ElasticsearchSettings,
    HeartbeatSettings,
    KafkaSettings,
    MetricsSettings,
    not_below_field,
)

SERVICE = "alerts"
DEFAULT_HEALTH_FILE = Path("/tmp/quotewire-alerts.alive")


class AlertsSettings(
    KafkaSettings,
    ElasticsearchSettings,
    HeartbeatSettings,
    DeadLetterSettings,
    MetricsSettings,
    AlertsStoreSettings,
    OutboundSettings,
    ConsumerGroupSettings,  # alerts_group, and the lag of the pipeline's groups
):
    health_file: Path | None = Field(
        default=DEFAULT_HEALTH_FILE, description="File the alerts worker touches while alive"
    )
    poll_timeout_ms: int = Field(default=500, ge=10, description="Consumer poll timeout")
    alerts_batch_size: int = Field(default=500, ge=1, le=10_000, description="Records per poll")
    alerts_reload_s: float = Field(
        default=2.0, gt=0, description="How often the worker re-reads the alerts index"
    )
    statements_index: str = Field(
        default="statements", min_length=1, description="Read for backfills (--since)"
    )
    delivery_max_attempts: int = Field(
        default=6, ge=1, le=50, description="Webhook attempts before the match is dead-lettered"
    )
    delivery_initial_backoff_s: float = Field(default=0.5, gt=0)
    delivery_max_backoff_s: float = Field(
        default=30.0, gt=0, description="Cap of the backoff and of an honoured Retry-After"
    )
    delivery_timeout_s: float = Field(default=10.0, gt=0, description="One webhook request")
    delivery_concurrency: int = Field(
        default=8, ge=1, le=128, description="Webhooks called at once within one batch"
    )

    @field_validator("delivery_max_backoff_s")
    @classmethod
    def _cap_not_below_initial(cls, v: float, info) -> float:
        return not_below_field(v, info, "delivery_initial_backoff_s")
