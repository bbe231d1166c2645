"""Typed settings of the extract worker (``QW_`` environment variables).

Built once in :func:`quotewire_extract.app.main` (or lazily by the faust app module)
and passed down; nothing else in the service reads ``os.environ``.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from quotewire_attribution.model import DEFAULT_NER, NerMode
from quotewire_common.settings import (
    DEFAULT_MAX_TEXT_CHARS,
    ConsumerGroupSettings,
    DeadLetterSettings,
    HeartbeatSettings,
    KafkaSettings,
    MetricsSettings,
    TextLimitSettings,
)

DEFAULT_HEALTH_FILE = Path("/tmp/quotewire-extract.alive")
#: Partition count of faust's own topics when QW_PARTITIONS is unset (production).
DEFAULT_APP_PARTITIONS = 12


__all__ = ["DEFAULT_MAX_TEXT_CHARS", "ExtractSettings"]


class ExtractSettings(
    KafkaSettings,
    HeartbeatSettings,
    DeadLetterSettings,
    TextLimitSettings,
    MetricsSettings,
    ConsumerGroupSettings,
):
    extract_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Worker processes per replica (each one consumer, one model, one "
        "extraction thread); 1 = this process is the worker",
    )
    extract_batch_max: int = Field(
        default=16,
        ge=1,
        le=256,
        description="Most articles a worker parses together (one nlp.pipe) when several are "
        "waiting; it never waits to fill a batch, so an idle pipeline runs batches of one",
    )
    extract_batch_budget_ms: int = Field(
        default=500,
        ge=1,
        description="Latency budget of one batch: fewer articles are taken when the recent "
        "time per article says a full batch would take longer; four times as long under a "
        "backlog (QW_EXTRACT_BATCH_MAX articles waiting)",
    )
    extract_ner: NerMode = Field(
        default=DEFAULT_NER,
        description="How the fast path types names: hybrid (rules, the model NER only where "
        "they cannot decide), windows, rules, or model (QW_EXTRACT_NER)",
    )
    extract_languages: str = Field(
        default="en",
        description="Comma-separated primary language subtags the extractor reads; articles "
        "in other languages are indexed with statements_status unsupported_language",
    )
    health_file: Path | None = Field(
        default=DEFAULT_HEALTH_FILE,
        description="File the worker touches while alive (compose healthcheck); empty: none",
    )
    log_level: str = Field(default="INFO", description="Root log level (QW_LOG_LEVEL)")
    log_format: Literal["json", "ecs", "text"] = Field(
        default="text",
        description="json lines (production), ecs (Elastic Common Schema) or text (QW_LOG_FORMAT)",
    )

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, v: object) -> object:
        return v.strip().lower() if isinstance(v, str) else v

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(
            part.strip().lower() for part in self.extract_languages.split(",") if part.strip()
        )

    @property
    def app_partitions(self) -> int:
        return self.partitions or DEFAULT_APP_PARTITIONS
