"""Settings of the ingest service (``QW_`` environment variables, documented per field)."""

from pydantic import Field
from quotewire_common.settings import KafkaSettings

MIB = 1024 * 1024


class IngestSettings(KafkaSettings):
    """Kafka connection block plus the HTTP API's own limits and timeouts."""

    ingest_host: str = Field(default="0.0.0.0", description="Interface the HTTP API binds to")
    ingest_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API")
    max_body_bytes: int = Field(
        default=2 * MIB, ge=1_024, description="Largest request body accepted (413 above)"
    )
    max_batch_items: int = Field(
        default=500, ge=1, description="Most articles in one batch request (413 above)"
    )
    send_timeout_s: float = Field(
        default=5.0, gt=0, description="How long a request waits for Kafka's ack (503 after)"
    )
    connect_wait_s: float = Field(
        default=2.0,
        ge=0,
        description="How long a request waits for a Kafka connection that is not up yet (503 after)",
    )
    connect_attempt_s: float = Field(
        default=5.0, gt=0, description="Timeout of one background attempt to reach Kafka"
    )
    ingest_api: str = Field(
        default="http://localhost:8000",
        description="Base URL of the ingest API that `quotewire ingest` posts to",
    )
    retry_after_s: int = Field(
        default=5, ge=1, description="Retry-After header value on 503 answers"
    )
