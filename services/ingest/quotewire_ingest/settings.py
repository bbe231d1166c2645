"""Settings of the ingest service (``QW_`` environment variables, documented per field).

Size limits must agree along the whole path, or a valid article is refused late (and
used to come back as a retryable 503 forever):

    QW_MAX_BODY_BYTES + ENVELOPE_BYTES  <=  QW_PRODUCER_MAX_REQUEST_SIZE
                                        <=  broker ``message.max.bytes`` /
                                            topic ``max.message.bytes``

Apache Kafka's broker and topic default is 1 MiB (1048588 bytes) and the compose file
does not raise it, so the producer default is 1 MiB and the body limit 900 KiB. To take
larger articles, raise all three together (the broker/topic settings first). The local
Tansu broker accepts larger records (3 MB checked) and does not constrain this.
"""

from pydantic import Field, model_validator
from quotewire_common.auth import AuthSettings
from quotewire_common.kafka import DEFAULT_MAX_REQUEST_SIZE
from quotewire_common.outbound import OutboundSettings
from quotewire_common.settings import KafkaSettings, TextLimitSettings

KIB = 1024
MIB = 1024 * KIB
#: room for what an ``ArticleEvent`` adds around the submitted fields (ids, version,
#: received_at, JSON keys) plus the record and batch headers Kafka counts
ENVELOPE_BYTES = 16 * KIB


class IngestSettings(KafkaSettings, TextLimitSettings, OutboundSettings, AuthSettings):
    """Kafka connection block plus the HTTP API's own limits and timeouts."""

    ingest_host: str = Field(default="0.0.0.0", description="Interface the HTTP API binds to")
    ingest_port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP API")
    max_body_bytes: int = Field(
        default=900 * KIB,
        ge=1_024,
        description="Largest request body accepted (413 above); plus ENVELOPE_BYTES it must "
        "fit QW_PRODUCER_MAX_REQUEST_SIZE",
    )
    producer_max_request_size: int = Field(
        default=DEFAULT_MAX_REQUEST_SIZE,
        ge=64 * KIB,
        description="Producer max_request_size: largest record sent to Kafka; the broker's "
        "message.max.bytes and the topic's max.message.bytes must allow it",
    )
    max_batch_items: int = Field(
        default=500, ge=1, description="Most articles in one batch request (413 above)"
    )
    max_batch_body_bytes: int = Field(
        default=16 * MIB,
        ge=1_024,
        description="Largest batch request body (413 above): 500 articles of 32 KiB on "
        "average; each item is still one record, so each must fit "
        "QW_PRODUCER_MAX_REQUEST_SIZE (items over it are rejected one by one)",
    )
    send_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="How long a request waits for Kafka's ack (503 after); also the "
        "producer's delivery_timeout_ms, so a 503 record is seldom written later",
    )
    connect_wait_s: float = Field(
        default=2.0,
        ge=0,
        description="How long a request waits for a Kafka connection that is not up yet (503 after)",
    )
    connect_attempt_s: float = Field(
        default=5.0, gt=0, description="Timeout of one background attempt to reach Kafka"
    )
    producer_max_failures: int = Field(
        default=3,
        ge=1,
        description="Consecutive publish calls without any ack after which the producer is "
        "dropped and rebuilt (a non-retriable producer error rebuilds at once)",
    )
    ingest_api: str = Field(
        default="http://localhost:8000",
        description="Base URL of the ingest API that `quotewire ingest` posts to",
    )
    retry_after_s: int = Field(
        default=5, ge=1, description="Retry-After header value on 503 answers"
    )

    @model_validator(mode="after")
    def _body_fits_a_record(self) -> "IngestSettings":
        if self.max_body_bytes + ENVELOPE_BYTES > self.producer_max_request_size:
            raise ValueError(
                f"QW_MAX_BODY_BYTES ({self.max_body_bytes}) + {ENVELOPE_BYTES} bytes of event "
                f"envelope exceeds QW_PRODUCER_MAX_REQUEST_SIZE "
                f"({self.producer_max_request_size}): a valid article could never be published. "
                "Lower QW_MAX_BODY_BYTES, or raise QW_PRODUCER_MAX_REQUEST_SIZE together with "
                "the broker's message.max.bytes and the topic's max.message.bytes"
            )
        return self
