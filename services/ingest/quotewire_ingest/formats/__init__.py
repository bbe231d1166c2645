"""Newsroom formats in, one small pure adapter each, chosen by content type or ``format=``.

| format | content types | adapter |
| --- | --- | --- |
| ``article`` | application/json (default) | quotewire's own article JSON (no adapter) |
| ``ninjs`` | application/ninjs+json, application/vnd.iptc.ninjs+json | :mod:`.ninjs` |
| ``wordpress`` | (``format=wordpress``) | :mod:`.wordpress` |
| ``ans`` | application/vnd.arcxp.ans+json | :mod:`.ans` |
| ``feed`` | application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/xml | :mod:`.feeds` |
| ``html`` | text/html, application/xhtml+xml | a web page: :func:`~quotewire_ingest.html_text.page_to_article` |

:func:`adapt` returns drafts (dicts in :class:`~quotewire_ingest.models.ArticleIn`'s
shape) or per-item :class:`FormatError` s; it raises :class:`FormatError` for a document
that is not of its format at all.
"""

from collections.abc import Callable
from typing import Any

from quotewire_ingest.formats import ans, feeds, ninjs, wordpress
from quotewire_ingest.formats.common import Draft, FormatError
from quotewire_ingest.html_text import HtmlError, decode_html, page_to_article
from quotewire_ingest.jsontext import JSON_ERRORS, load_json

ARTICLE = "article"
FORMATS = ("article", "ninjs", "wordpress", "ans", "feed", "html")
#: aliases accepted for ``format=``
ALIASES = {
    "rss": "feed",
    "atom": "feed",
    "jsonfeed": "feed",
    "json-feed": "feed",
    "wp": "wordpress",
}
CONTENT_TYPES = {
    "application/ninjs+json": "ninjs",
    "application/vnd.iptc.ninjs+json": "ninjs",
    "application/vnd.arcxp.ans+json": "ans",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/feed+json": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
_JSON_ADAPTERS: dict[str, Callable[[Any], list[Draft | FormatError]]] = {
    "ninjs": ninjs.adapt,
    "wordpress": wordpress.adapt,
    "ans": ans.adapt,
}

__all__ = [
    "ALIASES",
    "ARTICLE",
    "CONTENT_TYPES",
    "FORMATS",
    "Draft",
    "FormatError",
    "adapt",
    "normalise",
]


def normalise(name: str) -> str | None:
    """A ``format=`` value as a format name, or None when unknown."""
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    return name if name in FORMATS else None


def adapt_page(raw: bytes, content_type: str | None = None, url: str | None = None) -> Draft:
    """A whole web page → one draft (trafilatura finds the article)."""
    try:
        page = page_to_article(decode_html(raw, content_type), url=url)
    except HtmlError as exc:
        raise FormatError(str(exc)) from None
    if not page.title:
        raise FormatError("the page has no title")
    return {
        "title": page.title,
        "body": page.body,
        "body_format": "text",
        "url": page.url or url,
        "published": page.published.isoformat() if page.published else None,
        "byline": page.byline,
        "source": page.source,
        "subjects": page.subjects,
        "language": page.language,
    }


def adapt(fmt: str, raw: bytes, content_type: str | None = None) -> list[Draft | FormatError]:
    """The drafts of a document in format ``fmt`` (not ``article``)."""
    if fmt == "feed":
        return feeds.adapt_feed(raw, content_type)
    if fmt == "html":
        return [adapt_page(raw, content_type)]

    try:
        payload = load_json(raw)
    except JSON_ERRORS as exc:
        raise FormatError(f"not JSON: {exc}") from None
    return _JSON_ADAPTERS[fmt](payload)


def sniff(payload: Any) -> str | None:
    """The format a JSON object looks like, for a hint when it was sent as ``article``."""
    if not isinstance(payload, dict):
        return None
    if "headlines" in payload and isinstance(payload.get("headlines"), dict):
        return "ans"
    if "content_elements" in payload:
        return "ans"
    if isinstance(payload.get("title"), dict) and "rendered" in payload["title"]:
        return "wordpress"
    if any(k in payload for k in ("body_html", "headlines", "bodies", "versioncreated")):
        return "ninjs"
    if str(payload.get("version", "")).startswith(feeds.JSON_FEED_PREFIX):
        return "feed"
    return None
