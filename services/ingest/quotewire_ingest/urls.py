"""URL ingest: fetch a page through the outbound guard, find its article, validate it.

Used by ``POST /v1/urls``, ``quotewire ingest https://...`` and the feed poller (for
feed items that carry only a summary). The article's id derives from its canonical URL
(the page's ``<link rel=canonical>`` when it names one, else the URL fetched after
redirects), so fetching the same story again gives the same article.
"""

from collections.abc import Callable
from dataclasses import dataclass

from quotewire_common.outbound import (
    Fetched,
    FetchError,
    OutboundPolicy,
    Refused,
    TimedOut,
    TooLarge,
    fetch,
)

from quotewire_ingest.documents import prepare_draft
from quotewire_ingest.formats import FormatError, adapt_page
from quotewire_ingest.loaders import ArticleInvalid, format_errors, validate_article
from quotewire_ingest.models import ArticleIn

Fetcher = Callable[..., Fetched]
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class UrlError(Exception):
    """A URL that gave no article; ``status`` is the HTTP status to answer with."""

    status: int
    message: str
    reason: str

    def __str__(self) -> str:
        return self.message


def fetch_page(url: str, policy: OutboundPolicy, fetcher: Fetcher = fetch) -> Fetched:
    """The page at ``url`` (200, HTML); raises :class:`UrlError`."""
    try:
        page = fetcher(url, policy, headers={"Accept": "text/html,application/xhtml+xml"})
    except Refused as exc:
        raise UrlError(422, str(exc), exc.reason) from None
    except TooLarge as exc:
        raise UrlError(413, str(exc), exc.reason) from None
    except TimedOut as exc:
        raise UrlError(504, str(exc), exc.reason) from None
    except FetchError as exc:
        raise UrlError(502, str(exc), exc.reason) from None
    if page.status != 200:
        raise UrlError(502, f"{page.url} answered HTTP {page.status}", f"http_{page.status}")
    media = page.content_type.split(";", 1)[0].strip().lower()
    if media and media not in HTML_TYPES:
        raise UrlError(422, f"{page.url} is {media}, not an HTML page", "not_html")
    return page


def article_from_page(
    page: Fetched, *, source: str | None = None, article_id: str | None = None
) -> ArticleIn:
    try:
        draft = adapt_page(page.content, page.content_type, url=page.url)
    except FormatError as exc:
        raise UrlError(422, f"{page.url}: {exc}", "no_article") from None
    if article_id:
        draft["id"] = article_id
    try:
        return validate_article(prepare_draft(draft, source), ("page",))
    except ArticleInvalid as exc:
        raise UrlError(422, f"{page.url}: {format_errors(exc.errors)}", "invalid") from None


def article_from_url(
    url: str,
    policy: OutboundPolicy,
    *,
    source: str | None = None,
    article_id: str | None = None,
    fetcher: Fetcher = fetch,
) -> ArticleIn:
    """Fetch ``url`` and return its article; raises :class:`UrlError`."""
    return article_from_page(fetch_page(url, policy, fetcher), source=source, article_id=article_id)
