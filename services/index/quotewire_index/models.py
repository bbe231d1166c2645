"""Typed responses of the search API (also what the CLI prints)."""

from datetime import datetime

from pydantic import BaseModel, Field


class SpeakerCount(BaseModel):
    name: str = Field(description="speaker_canonical")
    count: int = Field(description="Statements attributed to this speaker")
    speaker_type: str | None = None


class StatementHit(BaseModel):
    statement_id: str
    article_id: str
    article_version: str
    speaker: str | None = None
    speaker_canonical: str
    speaker_type: str | None = None
    cue: str | None = None
    type: str
    content: str
    confidence: float | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    extracted_at: datetime | None = None
    score: float | None = None
    highlight: list[str] = Field(
        default_factory=list, description="Fragments of content with matches in <em>"
    )


class StatementsPage(BaseModel):
    total: int
    page: int
    size: int
    hits: list[StatementHit]
    speakers: list[SpeakerCount] = Field(description="Facet: speakers of all matching statements")


class SpeakersPage(BaseModel):
    speakers: list[SpeakerCount]


class ArticleHit(BaseModel):
    article_id: str
    article_version: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    byline: list[str] = Field(default_factory=list)
    section: str | None = None
    published: datetime | None = None
    received_at: datetime | None = None
    statement_count: int | None = None
    statements_status: str | None = Field(
        default=None,
        description="extracted, or unsupported_language (no extractor for its language); "
        "null until the extract worker has processed the article",
    )


class ArticlesPage(BaseModel):
    total: int
    page: int
    size: int
    hits: list[ArticleHit]
