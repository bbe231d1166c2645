"""Event models of the ``articles`` and ``statements`` topics.

Every event is JSON (UTF-8) with a ``schema_version``; its Kafka key is ``article_id``.
Consumers decode with :func:`decode_article` / :func:`decode_statements_topic_event`,
which raise :class:`pydantic.ValidationError` (or :class:`ValueError` for bytes that are
not JSON) on anything that breaks the contract, so the caller can dead-letter it.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from quotewire_contracts.ids import article_text
from quotewire_contracts.limits import (
    MAX_BYLINE_ITEMS,
    MAX_ID_BYTES,
    MAX_LANGUAGE_CHARS,
    MAX_SUBJECTS,
    ExtraMap,
    check_index_date,
)

#: Version 2 (issue 14) added article metadata (byline, section, subjects, updated,
#: extra; language may be undeclared) and the marker's ``statements_status`` /
#: ``language``. Version 3 (issue 15) added the statement's ``mentions`` (who or what its
#: content names) and ``co_speakers``. Version 4 (issue 11) added the statement's
#: ``repeat_of`` (a quote repeated within its article). Older events still decode: every
#: added field has a default.
SCHEMA_VERSION = 4
SchemaVersion = Literal[1, 2, 3, 4]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Span = Annotated[
    tuple[int, int],
    Field(description="Character offsets [start, end) into the article text (Python str indices)"),
]
#: A date-time Elasticsearch can store: with an offset, and one within ±18:00.
IndexDate = Annotated[AwareDatetime, AfterValidator(check_index_date)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
StatementsStatus = Literal["extracted", "unsupported_language"]
SpeakerType = Literal["person", "organization", "group", "unknown"]
StatementType = Literal["direct", "indirect", "mixed"]
MentionType = Literal["person", "organization", "place"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: SchemaVersion = SCHEMA_VERSION


class ArticleContext(BaseModel):
    """What a statement carries of its article, for search results without a join."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    source: str | None = None
    url: str | None = None
    published: IndexDate | None = None


class ArticleEvent(_Event):
    """An article as ingest accepted it. Topic ``articles``, key ``article_id``.

    ``body`` is plain text (ingest converts HTML); statement spans index into
    :attr:`text`, which is built from the stored title and body.
    """

    article_id: NonEmpty = Field(
        max_length=512,
        description=f"Stable story id. Ingest limits it to {MAX_ID_BYTES} bytes of UTF-8 (the "
        "Elasticsearch _id limit); an older event over it is dead-lettered by the indexer "
        "alone",
    )
    article_version: NonEmpty = Field(max_length=128)
    title: str = Field(max_length=2_000)
    body: NonEmpty
    url: str | None = Field(default=None, max_length=4_000)
    source: str | None = Field(default=None, max_length=500)
    published: IndexDate | None = None
    updated: IndexDate | None = Field(default=None, description="Last modified (schema 2)")
    language: str | None = Field(
        default=None,
        min_length=2,
        max_length=MAX_LANGUAGE_CHARS,
        description="BCP 47 tag as declared by the sender; null = not declared (the "
        "extract worker detects it). Schema 1 events always carry one.",
    )
    byline: list[Short] = Field(
        default_factory=list, max_length=MAX_BYLINE_ITEMS, description="Authors (schema 2)"
    )
    section: Short | None = Field(default=None, description="Desk or section (schema 2)")
    subjects: list[Short] = Field(
        default_factory=list, max_length=MAX_SUBJECTS, description="Subjects / keywords (schema 2)"
    )
    extra: ExtraMap = Field(
        default_factory=dict,
        description="Unknown scalar fields of a CMS payload, kept as text (schema 2)",
    )
    received_at: AwareDatetime

    @property
    def text(self) -> str:
        """Title and body as one text; statement spans index into it."""
        return article_text(self.title, self.body)

    @property
    def context(self) -> ArticleContext:
        return ArticleContext(
            title=self.title, source=self.source, url=self.url, published=self.published
        )


def _check_span(name: str, span: tuple[int, int] | None) -> None:
    if span is not None and not (0 <= span[0] < span[1]):
        raise ValueError(f"{name} must satisfy 0 <= start < end, got {span}")


class StatementMention(BaseModel):
    """A person, organisation or place a statement's content names (schema 3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: NonEmpty = Field(
        max_length=1_000,
        description="Canonical: the name the article resolves the mention to ('the president' "
        "-> 'Joe Biden' when that is unambiguous in the article), else the text as written",
    )
    type: MentionType
    text: NonEmpty = Field(max_length=1_000, description="The mention as written in the content")
    span: Span

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "StatementMention":
        _check_span("span", self.span)
        return self


class Statement(BaseModel):
    """One attribution relation: who said what, how, and where in the text.

    This is what the extractor returns for a text; :class:`StatementEvent` adds the
    article it came from.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: str | None = Field(description="The mention as written: 'he', 'Mr. Trump'")
    speaker_span: Span | None = None
    speaker_canonical: NonEmpty = Field(
        description="Resolved name as the article introduces it, or the organisation"
    )
    speaker_type: SpeakerType
    cue: str | None = Field(description="Reporting verb or phrase: said, told reporters")
    cue_span: Span | None = None
    content: NonEmpty
    content_span: Span
    type: StatementType
    confidence: float = Field(ge=0.0, le=1.0)
    mentions: list[StatementMention] = Field(
        default_factory=list,
        description="People, organisations and places the content names, in text order, one "
        "per name; the statement's own speaker is never one (schema 3)",
    )

    @model_validator(mode="after")
    def _spans_are_ordered(self) -> "Statement":
        for name in ("speaker_span", "cue_span", "content_span"):
            _check_span(name, getattr(self, name))
        return self


class StatementEvent(_Event, Statement):
    """One statement found in one article version. Topic ``statements``, key ``article_id``."""

    kind: Literal["statement"] = "statement"
    statement_id: NonEmpty
    article_id: NonEmpty
    article_version: NonEmpty
    article: ArticleContext
    article_received_at: AwareDatetime = Field(
        description="received_at of the ArticleEvent this was extracted from: the order of "
        "an article's versions (a newer version has a later value). The indexer never lets "
        "an event older than the article's processed one delete or come back beside it."
    )
    extractor: str = Field(description="Extractor name and version that produced it")
    extracted_at: datetime
    co_speakers: list[str] = Field(
        default_factory=list,
        description="The other speakers (speaker_canonical) quoted in the same article version, "
        "anonymous sources left out (schema 3)",
    )
    repeat_of: str | None = Field(
        default=None,
        description="The statement_id of this quote's first occurrence in the same article "
        "version (same speaker, same content once case, punctuation and spacing are folded: "
        "a standfirst repeated in the body); null for the first occurrence itself. Events "
        "before schema 4 do not say (schema 4)",
    )


class ArticleProcessedEvent(_Event):
    """Marker after an article version's statements: there are exactly this many.

    Published after all of the version's statements on the same partition, so the
    indexer can retire statements of other versions of the article. Only statements whose
    ``article_received_at`` is not later than the marker's are retired, and a marker older
    than the one already applied is ignored (a replay or a zombie worker never deletes a
    newer version's statements).
    """

    kind: Literal["article_processed"] = "article_processed"
    article_id: NonEmpty
    article_version: NonEmpty
    statement_count: int = Field(ge=0)
    statements_status: StatementsStatus = Field(
        default="extracted",
        description="extracted: the extractor read the article; unsupported_language: "
        "its language has no extractor, so it has no statements (schema 2)",
    )
    language: str | None = Field(
        default=None, description="Language the extract worker used or detected (schema 2)"
    )
    statement_ids: list[str] = Field(default_factory=list)
    article: ArticleContext
    article_received_at: AwareDatetime = Field(
        description="received_at of the ArticleEvent this was extracted from: the order of "
        "an article's versions (a newer version has a later value). The indexer never lets "
        "an event older than the article's processed one delete or come back beside it."
    )
    extractor: str
    extracted_at: datetime


StatementsTopicEvent = Annotated[
    StatementEvent | ArticleProcessedEvent, Field(discriminator="kind")
]

_article_adapter = TypeAdapter(ArticleEvent)
_statements_topic_adapter: TypeAdapter[StatementEvent | ArticleProcessedEvent] = TypeAdapter(
    StatementsTopicEvent
)


def decode_article(raw: bytes | str) -> ArticleEvent:
    """Parse an ``articles`` message; raises ``pydantic.ValidationError`` when invalid."""
    return _article_adapter.validate_json(raw)


def decode_statements_topic_event(raw: bytes | str) -> StatementEvent | ArticleProcessedEvent:
    """Parse a ``statements`` message (statement or article-processed marker)."""
    return _statements_topic_adapter.validate_json(raw)
