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
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from quotewire_common.api_errors import ErrorBody, ErrorItem
from quotewire_contracts import ArticleEvent, article_id_for, article_version_for
from quotewire_contracts.limits import (
    MAX_BYLINE_ITEMS,
    MAX_EXTRA_KEY_CHARS,
    MAX_EXTRA_KEYS,
    MAX_EXTRA_VALUE_CHARS,
    MAX_ID_BYTES,
    MAX_LANGUAGE_CHARS,
    MAX_SUBJECTS,
    ExtraMap,
    check_index_date,
    max_utf8_bytes,
)

from quotewire_ingest.html_text import html_to_text, inline_text, looks_like_html


def _normalise_text(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


#: An article's url as published: empty (none), or an absolute http(s) URL; surrounding
#: whitespace is stripped.
URL_PATTERN = r"^\s*(https?://[^\s/?#]+\S*)?\s*$"


def _check_url(value: str | None) -> str | None:
    if not value:
        return None
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError("must be an absolute http(s) URL")
    return value


def _to_aware(value: Any) -> Any:
    """Accept an ISO date ("2024-11-11", read as midnight UTC) or a datetime (naive → UTC).

    Numbers are refused: seconds or milliseconds since 1970 cannot be told apart, and a
    wrong guess files a story decades away."""
    if isinstance(value, (int, float)):
        raise ValueError(  # noqa: TRY004 (pydantic reports ValueError as a field error)
            "must be an ISO 8601 date or date-time string, not a number "
            '(e.g. "2024-11-11T16:27:00+05:30")'
        )
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
    """A string, normalised (CRLF, NFC) and stripped, with length bounds (a required one
    must hold more than whitespace: the published pattern says so)."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=min_length,
            max_length=max_length,
            pattern=r"\S" if min_length else None,
        ),
        AfterValidator(_normalise_text),
    ]


def _empty_to_none(value: str | None) -> str | None:
    return value or None


def _as_list(value: Any) -> Any:
    """A single string where a list is expected (``"byline": "Ann Lee"``) → a list."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return value


#: A UTC offset the index stores (within ±18:00), or none (read as UTC).
_OFFSET = r"([Zz]|[+-](0[0-9]|1[0-7]):?[0-5][0-9]|[+-]18:?00)?"
Date = Annotated[
    datetime,
    BeforeValidator(_to_aware),
    AfterValidator(check_index_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time", "pattern": _OFFSET + "$"},
            ]
        }
    ),
]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"\S")
]


def _labels(max_items: int) -> Any:
    """A list of labels (or one string, ``_as_list``), as it is accepted and published."""
    label = {"type": "string", "minLength": 1, "maxLength": 300, "pattern": r"\S"}
    published = {
        "anyOf": [
            {"type": "array", "items": label, "maxItems": max_items},
            {"type": "string", "maxLength": 300},
        ]
    }
    return Annotated[
        list[Label],
        BeforeValidator(_as_list),
        Field(max_length=max_items),
        WithJsonSchema(published),
    ]


def lenient(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], list[str]]:
    """Split a payload into the fields :class:`ArticleIn` knows, the unknown ones kept as
    text for ``extra`` (scalars, within the contract's bounds), and the names of the
    unknown ones ignored (objects, lists, too many, too long)."""
    known: dict[str, Any] = {}
    kept: dict[str, str] = {}
    ignored: list[str] = []
    for key, value in data.items():
        if key in ArticleIn.model_fields:
            known[key] = value
        elif (
            isinstance(value, (str, int, float, bool))
            and len(key) <= MAX_EXTRA_KEY_CHARS
            and len(kept) < MAX_EXTRA_KEYS
            and len(str(value)) <= MAX_EXTRA_VALUE_CHARS
        ):
            kept[key] = value if isinstance(value, str) else str(value).lower()
        else:
            ignored.append(key)
    return known, kept, ignored


class ArticleIn(BaseModel):
    """One article as submitted.

    Unknown fields: the API and the CLI keep scalar ones in ``extra`` and ignore the rest,
    listing both in their answer (``?strict=true`` / ``--strict`` rejects them instead,
    for our own JSON, where they are usually typos). The model itself forbids them.
    """

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

    id: Annotated[_text(1), AfterValidator(max_utf8_bytes(MAX_ID_BYTES))] | None = Field(
        default=None,
        description=f"The feed's stable id (GUID), at most {MAX_ID_BYTES} bytes of UTF-8. "
        "Default: derived from url, else from the content hash.",
        json_schema_extra={"maxLength": MAX_ID_BYTES},  # characters ≤ bytes
    )
    title: _text(1, 2_000) = Field(description="Headline (HTML entities are decoded)")
    body_format: Literal["text", "html"] | None = Field(
        default=None,
        description="text, html, or unset: html when the body carries tags or character "
        "references. HTML is converted to text (paragraphs, entities; scripts, figures, "
        "captions, navigation and related-link boxes removed) and that text is stored.",
    )
    body: _text(1) = Field(description="Paragraphs separated by blank lines, or HTML")
    url: Annotated[_text(0, 4_000) | None, AfterValidator(_check_url)] = Field(
        default=None,
        description="Canonical URL (http/https)",
        json_schema_extra={"pattern": URL_PATTERN},
    )
    source: Annotated[_text(0, 500) | None, AfterValidator(_empty_to_none)] = Field(
        default=None, description="Publisher or agency"
    )
    published: Date | None = Field(
        default=None,
        description="ISO 8601 string; a date alone or a time without offset is read as UTC; "
        "offset within ±18:00; numbers are refused",
    )
    updated: Date | None = Field(default=None, description="Last modified; as `published`")
    language: Annotated[
        str | None,
        StringConstraints(
            strip_whitespace=True,
            max_length=MAX_LANGUAGE_CHARS,
            pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        ),
        Field(description="BCP 47 language tag; unset: detected by the extract worker"),
    ] = None
    byline: _labels(MAX_BYLINE_ITEMS) = Field(
        default_factory=list, description="Authors (a string or a list of strings)"
    )
    section: Annotated[
        Label | None,
        BeforeValidator(lambda v: None if v == "" else v),
        WithJsonSchema(
            {"anyOf": [{"type": "string", "maxLength": 300, "pattern": r"^$|\S"}, {"type": "null"}]}
        ),
    ] = Field(default=None, description="Desk or section (empty: none)")
    subjects: _labels(MAX_SUBJECTS) = Field(
        default_factory=list, description="Subjects or keywords (a string or a list)"
    )
    extra: ExtraMap = Field(
        default_factory=dict, description="Other metadata to keep with the article, as text"
    )

    _ignored: list[str] = PrivateAttr(default_factory=list)

    @field_validator("title", mode="after")
    @classmethod
    def _title_text(cls, value: str) -> str:
        return inline_text(value).strip()

    @field_validator("body", mode="after")
    @classmethod
    def _body_text(cls, value: str, info: ValidationInfo) -> str:
        declared = info.data.get("body_format")
        if declared == "html" or (declared is None and looks_like_html(value)):
            value = _normalise_text(html_to_text(value))
            if not value:
                raise ValueError(
                    "the HTML body has no text (only markup such as images, scripts or captions)"
                )
        return value

    def with_unknown(self, kept: dict[str, str], ignored: list[str]) -> "ArticleIn":
        """This article with unknown payload fields kept in ``extra`` / listed as ignored."""
        merged = {**kept, **self.extra}
        article = self.model_copy(update={"extra": merged})
        article._ignored = list(ignored)
        return article

    @property
    def ignored_fields(self) -> list[str]:
        """Unknown fields of the payload that were dropped (objects, lists, over bounds)."""
        return list(self._ignored)

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
            updated=self.updated,
            language=self.language,
            byline=self.byline,
            section=self.section,
            subjects=self.subjects,
            extra=self.extra,
            received_at=received_at or datetime.now(UTC),
        )


class FieldError(BaseModel):
    """One validation problem, in FastAPI's ``detail`` item shape."""

    loc: list[str | int]
    msg: str
    type: str


class ArticleAccepted(BaseModel):
    """202: the article is on the ``articles`` topic (Kafka acknowledged it)."""

    article_id: str
    article_version: str
    extra_fields: list[str] = Field(
        default_factory=list, description="Unknown fields kept in the article's `extra`"
    )
    ignored_fields: list[str] = Field(
        default_factory=list, description="Unknown fields dropped (objects, lists, over bounds)"
    )


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


class BatchFailure(ErrorBody):
    """422 / 503 of a batch: the APIs' one error shape, plus each item's outcome when the
    body was a batch (a body that is none has no items)."""

    accepted: int = 0
    rejected: int = 0
    failed: int = 0
    items: list[BatchItemResult] = Field(default_factory=list)


def batch_failure(result: BatchResult, status_code: int) -> BatchFailure:
    """A batch outcome that published nothing valid (422) or lacks an ack (503), with its
    problems in ``detail``: each rejected item's errors (``loc`` from ``["body", index]``),
    or the items Kafka did not acknowledge."""
    result_fields = result.model_dump()
    if status_code == 503:
        failed = [i.index for i in result.items if i.status == "failed"]
        detail = [
            ErrorItem(
                type="service_unavailable",
                loc=["body", index],
                msg="Kafka did not acknowledge this article; resend it (safe)",
            )
            for index in failed
        ]
    else:
        detail = [
            ErrorItem(type=e.type, loc=e.loc, msg=e.msg)
            for item in result.items
            for e in item.errors
            or [FieldError(loc=["body", item.index], msg="rejected", type="invalid")]
        ]
    return BatchFailure(detail=detail, **result_fields)


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    kafka: str | None = None
