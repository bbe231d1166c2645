"""Typed responses of the search API (also what the CLI prints)."""

from datetime import date, datetime
from typing import Literal

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


# --- browsing: article view, speaker profile, outlets (the web app at / reads these) ------


class Count(BaseModel):
    name: str
    count: int


class ArticleStatement(BaseModel):
    """A statement as it sits in its article: spans are character offsets into ``text``."""

    statement_id: str
    speaker: str | None = Field(default=None, description="The mention as written")
    speaker_canonical: str
    speaker_type: str | None = None
    cue: str | None = None
    type: str
    content: str
    confidence: float | None = None
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    content_span: tuple[int, int] | None = None


class ArticleView(BaseModel):
    article_id: str
    article_version: str = Field(description="The version whose text is shown")
    title: str | None = None
    text: str | None = Field(
        default=None,
        description="Title, blank line, body: the text the extractor read (spans point here)."
        " None while only the statements of the article are indexed, not its text",
    )
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    processed: bool | None = Field(
        description="The statements of this version are indexed (False: extraction pending;"
        " None: unknown, the article document is not indexed, only statements of it)"
    )
    statements: list[ArticleStatement] = Field(description="In text order")


class TimelineBucket(BaseModel):
    start: date = Field(description="First day of the interval (weeks start on Monday)")
    count: int


class SpeakerProfile(BaseModel):
    """What the index knows about one speaker (``speaker_canonical``, exact)."""

    name: str
    speaker_type: str | None = None
    statements: int
    first_published: datetime | None = None
    last_published: datetime | None = None
    undated: int = Field(description="Statements in articles without a date (not in timeline)")
    interval: Literal["day", "week", "month", "year"]
    timeline: list[TimelineBucket] = Field(description="Statements per interval, gaps as 0")
    outlets: list[Count] = Field(description="Sources that quoted the speaker, most first")
    written_as: list[Count] = Field(description="The mentions as written: 'he', 'Mr. Peskov'")
    types: list[Count] = Field(description="direct / indirect / mixed")
    recent: list[StatementHit] = Field(description="Newest statements first")


class OutletsPage(BaseModel):
    outlets: list[Count]
