"""Feeds, their state, and the poller's settings."""

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, field_validator

from quotewire_ingest.settings import IngestSettings

DEFAULT_INTERVAL_S = 300.0


class FeedsSettings(IngestSettings):
    """``quotewire-ingest feeds`` (``QW_FEEDS_*``; fetch limits ``QW_FETCH_*``; Kafka and
    text limits as the ingest API, so both publish alike)."""

    feeds: str = Field(
        default="", description="Feed URLs to poll besides the feeds topic, comma-separated"
    )
    feeds_file: Path | None = Field(
        default=None, description="File of feed URLs to poll, one a line (# comments)"
    )
    feeds_interval_s: float = Field(
        default=DEFAULT_INTERVAL_S, ge=1, description="Default time between polls of a feed"
    )
    feeds_host_delay_s: float = Field(
        default=2.0, ge=0, description="Least time between two requests to the same host"
    )
    feeds_concurrency: int = Field(
        default=4, ge=1, le=64, description="Hosts polled at the same time (always 1 per host)"
    )
    feeds_max_backoff_s: float = Field(
        default=3600.0, ge=1, description="Longest wait after failures / 429 / 5xx"
    )
    feeds_fetch_pages: bool = Field(
        default=False,
        description="Fetch each item's page when the feed carries only a summary "
        "(per feed: `quotewire feeds add --fetch-pages`)",
    )
    feeds_seen_max: int = Field(
        default=2_000, ge=10, description="Items remembered per feed (ids and versions)"
    )
    feeds_tick_s: float = Field(default=1.0, gt=0, description="How often due feeds are looked for")
    feeds_refresh_s: float = Field(
        default=30.0, gt=0, description="How often the feeds topic is read again for changes"
    )
    feeds_metrics_port: int | None = Field(
        default=None, ge=0, le=65535, description="Serve /metrics (Prometheus text) on this port"
    )

    @field_validator("feeds_file", mode="before")
    @classmethod
    def _empty_path(cls, value: Any) -> Any:
        return None if value == "" else value


class FeedConfig(BaseModel):
    """One feed to poll (a row of the ``feeds`` topic, or a line of QW_FEEDS / the file)."""

    url: str = Field(max_length=4_000)
    interval_s: float | None = Field(default=None, ge=1, description="Default: QW_FEEDS_INTERVAL_S")
    fetch_pages: bool | None = Field(default=None, description="Default: QW_FEEDS_FETCH_PAGES")
    source: str | None = Field(default=None, max_length=500)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        scheme, sep, rest = value.partition("://")
        if not sep or scheme.lower() not in ("http", "https") or not rest:
            raise ValueError(
                "a feed URL starts with http:// or https://, e.g. https://example.com/rss.xml"
            )
        if any(c.isspace() for c in value):
            raise ValueError("a feed URL has no spaces (encode them as %20)")
        return value


class FeedState(BaseModel):
    """What the poller knows of a feed (a row of the ``feeds.state`` topic)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    #: item id → article_version last published (or found invalid), newest last
    seen: dict[str, str] = Field(default_factory=dict)
    next_poll_at: float = 0.0
    failures: int = 0
    last_polled_at: float | None = None
    last_status: str | None = None
    last_error: str | None = None
    published_total: int = 0

    def remember(self, item_id: str, version: str, limit: int) -> None:
        self.seen.pop(item_id, None)
        self.seen[item_id] = version
        while len(self.seen) > limit:
            self.seen.pop(next(iter(self.seen)))


def feeds_from_settings(settings: FeedsSettings) -> dict[str, FeedConfig]:
    """The feeds named by QW_FEEDS and QW_FEEDS_FILE."""
    urls = [u.strip() for u in settings.feeds.split(",") if u.strip()]
    if settings.feeds_file is not None and settings.feeds_file.exists():
        for line in settings.feeds_file.read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                urls.append(line)
    return {url: FeedConfig(url=url) for url in urls}
