"""Request and response models of the ingest API, and the mapping to ``ArticleEvent``.

``ArticleIn`` is what a newsroom system (or a file loaded by the CLI) submits. It is
normalised on validation (surrounding whitespace stripped, CRLF → LF, Unicode NFC,
date-only or naive ``published`` read as UTC), so the same story always gives the same
``article_id`` and ``article_version``.
"""

import re
import unicodedata
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from quotewire_contracts import ArticleEvent, article_id_for, article_version_for


def _normalise_text(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def _check_url(value: str | None) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError("must be an absolute http(s) URL")
    return value


def _to_aware(value: Any) -> Any:
    """Accept an ISO date ("2024-11-11", read as midnight UTC) or a datetime (naive → UTC)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        value = date.fromisoformat(value.strip())
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("must be an ISO 8601 date or date-time") from None
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _text(min_length: int = 0, max_length: int | None = None) -> Any:
    """A string, normalised (CRLF, NFC) and stripped, with length bounds."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_normalise_text),
    ]


def _empty_to_none(value: str | None) -> str | None:
    return value or None


class ArticleIn(BaseModel):
    """One article as submitted. Unknown fields are rejected (they are usually typos)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "afp-2024-11-11-kremlin-call",
                    "title": "Kremlin denies Putin and Trump spoke on phone",
                    "body": "Kremlin spokesman Dmitry Peskov told journalists that the report "
                    'was "simply false information".',
                    "url": "https://example.com/news/kremlin-denies-call",
                    "source": "AFP",
                    "published": "2024-11-11T16:27:00+05:30",
                    "language": "en",
                }
            ]
        },
    )

    id: _text(1, 512) | None = Field(
        default=None,
        description="The feed's stable id (GUID). Default: derived from url, else from the "
        "content hash.",
    )
    title: _text(1, 2_000) = Field(description="Headline")
    body: _text(1) = Field(description="Paragraphs separated by blank lines")
    url: Annotated[_text(0, 4_000) | None, AfterValidator(_check_url)] = Field(
        default=None, description="Canonical URL (http/https)"
    )
    source: Annotated[_text(0, 500) | None, AfterValidator(_empty_to_none)] = Field(
        default=None, description="Publisher or agency"
    )
    published: Annotated[
        datetime | None,
        BeforeValidator(_to_aware),
        Field(description="ISO 8601; a date alone or a time without offset is read as UTC"),
    ] = None
    language: Annotated[
        str,
        StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
        Field(description="BCP 47 language tag"),
    ] = "en"

    @property
    def article_id(self) -> str:
        return self.id or article_id_for(url=self.url or None, title=self.title, body=self.body)

    @property
    def article_version(self) -> str:
        return article_version_for(self.title, self.body)

    def to_event(self, received_at: datetime | None = None) -> ArticleEvent:
        """The ``articles`` topic event for this article."""
        return ArticleEvent(
            article_id=self.article_id,
            article_version=self.article_version,
            title=self.title,
            body=self.body,
            url=self.url or None,
            source=self.source or None,
            published=self.published,
            language=self.language,
            received_at=received_at or datetime.now(UTC),
        )


class FieldError(BaseModel):
    """One validation problem, in FastAPI's ``detail`` item shape."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(BaseModel):
    detail: list[FieldError]


class ErrorResponse(BaseModel):
    detail: str


class ArticleAccepted(BaseModel):
    """202: the article is on the ``articles`` topic (Kafka acknowledged it)."""

    article_id: str
    article_version: str


class BatchItemResult(BaseModel):
    """Outcome of one batch item, in request order.

    * ``accepted``: written to Kafka;
    * ``rejected``: invalid, not published (``errors`` says why), do not resend as is;
    * ``failed``: valid, but Kafka did not acknowledge it in time: resend (safe).
    """

    index: int = Field(description="0-based position in the batch (array index / NDJSON line)")
    status: Literal["accepted", "rejected", "failed"]
    article_id: str | None = None
    article_version: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class BatchResult(BaseModel):
    accepted: int
    rejected: int
    failed: int
    items: list[BatchItemResult]


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    kafka: str | None = None
