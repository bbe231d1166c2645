"""Typed responses of the search API (also what the CLI prints)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class SpeakerCount(BaseModel):
    name: str = Field(description="speaker_canonical")
    count: int = Field(
        description="Quotes attributed to this speaker (repeats within an article count once)"
    )
    speaker_type: str | None = None
    speaker_id: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Linked short forms, aliases")


class SpeakerLink(BaseModel):
    speaker_id: str
    name: str
    statements: int = Field(description="Statements under this id")
    confidence: float = Field(description="How sure the link is, 0..1 (1: the name itself)")
    via: str = Field(description="name · surname · alias · role · fuzzy")


class SpeakerMatch(BaseModel):
    """How the ``speaker`` of a query was resolved against the speakers registry."""

    query: str
    speaker_id: str | None = Field(description="The speaker it resolved to (None: ambiguous)")
    name: str | None = None
    links: list[SpeakerLink] = Field(description="Speaker ids whose statements are searched")
    ambiguous: bool = Field(description="Several speakers fit; they are not merged")
    candidates: list[SpeakerLink] = Field(description="When ambiguous: who it may be")


class OutletCount(BaseModel):
    name: str
    count: int = Field(description="Quotes (repeats within an article count once)")


class MentionHit(BaseModel):
    """Someone or something a statement's content names (see ``about``)."""

    name: str = Field(description="Canonical: the name the article resolves the mention to")
    type: str = Field(description="person · organization · place")
    text: str | None = Field(default=None, description="As written in the content")
    start: int | None = Field(default=None, description="Offsets into the article text")
    end: int | None = None


class MentionCount(BaseModel):
    name: str = Field(description="The mentioned name (canonical)")
    type: str | None = Field(default=None, description="person · organization · place")
    count: int = Field(
        description="Quotes naming it (statements; repeats within an article count once)"
    )


class StatementHit(BaseModel):
    statement_id: str
    article_id: str
    article_version: str
    speaker_id: str | None = None
    quote_id: str | None = None
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
    mentions: list[MentionHit] = Field(
        default_factory=list, description="People, organisations and places the content names"
    )
    co_speakers: list[str] = Field(
        default_factory=list, description="Other speakers quoted in the same article"
    )
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
    sources: list[OutletCount] = Field(
        default_factory=list, description="Facet: outlets of all matching statements"
    )
    mentioned: list[MentionCount] = Field(
        default_factory=list, description="Facet: who and what the matching statements name"
    )
    speaker_match: SpeakerMatch | None = Field(
        default=None, description="How `speaker` was resolved (aliases, roles, ambiguity)"
    )
    collapsed: bool = Field(
        default=True, description="Repeats of a quote within an article shown once"
    )


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
    speaker_id: str | None = Field(default=None, description="The registry's id")
    aliases: list[str] = Field(
        default_factory=list, description="Other names and forms: 'Putin', 'President Putin'"
    )
    roles: list[str] = Field(
        default_factory=list, description="Descriptors written for it: 'Russian President'"
    )
    links: list["SpeakerLink"] = Field(
        default_factory=list, description="Speaker ids counted here, with link confidence"
    )
    ambiguous: bool = False
    candidates: list["SpeakerLink"] = Field(
        default_factory=list, description="When ambiguous (a surname of several): who"
    )
    co_speakers: list[Count] = Field(
        default_factory=list,
        description="Other speakers quoted in the same articles (articles in common)",
    )
    mentioned: list[MentionCount] = Field(
        default_factory=list,
        description="Who and what this speaker talks about most: the names its statements "
        "mention, by quotes naming them",
    )
    top_quotes: list["QuoteCluster"] = Field(
        default_factory=list, description="Most repeated quotes (run by 2+ articles)"
    )


class OutletsPage(BaseModel):
    outlets: list[Count]


# --- quotes that travel -----------------------------------------------------------------


class Occurrence(BaseModel):
    """Where a quote ran: one statement."""

    statement_id: str
    article_id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: datetime | None = None


class QuoteVariant(BaseModel):
    quote_id: str = Field(description="Same speaker + same normalized content")
    content: str
    occurrences: int = Field(description="Articles that ran this wording")
    outlets: list[str]
    first_seen: Occurrence | None = None
    similarity: float = Field(
        description="Share of word pairs shared with the first-seen wording (1: the same)"
    )


class QuoteCluster(BaseModel):
    cluster_id: str = Field(description="The smallest quote_id of its variants")
    speaker_id: str
    speaker: str = Field(description="speaker_canonical of the first-seen variant")
    content: str = Field(description="The first-seen wording")
    occurrences: int = Field(description="Articles that ran it, all wordings")
    outlets: list[str]
    first_seen: Occurrence | None = Field(description="Earliest published occurrence")
    variants: list[QuoteVariant] = Field(description="The wordings, first seen first")


class QuotesPage(BaseModel):
    total: int = Field(description="Clusters matching")
    clusters: list[QuoteCluster]
    speaker_match: SpeakerMatch | None = None


SpeakerProfile.model_rebuild()
