"""Feed documents: RSS 2.0, Atom 1.0 (both through feedparser) and JSON Feed 1.x.

Every entry is an article: id = GUID / Atom id / JSON Feed id, else the entry's link
(so a re-poll finds the same article, and an edited entry is a new version of it);
body = the full content (``content:encoded``, Atom ``content``, ``content_html`` /
``content_text``), else the summary (then the draft is marked :data:`SUMMARY_ONLY`, so
the feed poller can fetch the page when told to); source = the feed's title.

feedparser reads what real feeds get wrong (a wrong encoding declaration, undeclared
entities, HTML in titles) and sanitises entry HTML; a document it cannot read at all,
a cut-off one (no closing root element), or a feed without entries that is also
malformed, is a :class:`FormatError`.
"""

import re
from collections.abc import Mapping
from typing import Any
from xml.sax import SAXParseException

import feedparser

from quotewire_ingest.formats.common import (
    Draft,
    FormatError,
    byline,
    names,
    require_object,
    story_id,
    text_of,
    utc_iso,
)
from quotewire_ingest.html_text import inline_text
from quotewire_ingest.jsontext import JSON_ERRORS, load_json

#: draft key set when the body is only the feed's summary (popped before validation)
SUMMARY_ONLY = "_summary_only"
JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
#: the end of a complete RSS / Atom / RSS 1.0 document
_CLOSED = re.compile(rb"</(rss|feed|rdf:RDF|RDF)>\s*$")


def _entry_body(entry: Mapping[str, Any]) -> tuple[str | None, bool]:
    for content in entry.get("content") or ():
        if text_of(content.get("value")):
            return content["value"], False
    summary = text_of(entry.get("summary"))
    return summary, True


def _entry(entry: Mapping[str, Any], feed: Mapping[str, Any]) -> Draft | FormatError:
    ident = entry.get("id") or entry.get("link")
    title = text_of(entry.get("title"))
    body, summary_only = _entry_body(entry)
    label = ident or title or "(no id)"
    if body is None:
        return FormatError(f"feed entry {label!r} has no content and no summary")
    if title is None:
        return FormatError(f"feed entry {label!r} has no title")
    authors = byline(entry.get("authors")) or byline([entry.get("author")])
    draft: Draft = {
        "id": story_id(ident),
        "title": inline_text(title),
        "body": body,
        "body_format": "html",
        "url": text_of(entry.get("link")),
        # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed
        "published": utc_iso(
            dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        ),
        "updated": utc_iso(dict.get(entry, "updated_parsed")),
        "byline": authors,
        "subjects": names(entry.get("tags"), key="term"),
        "language": text_of(entry.get("language")) or text_of(feed.get("language")),
        "source": text_of(feed.get("title")),
    }
    if summary_only:
        draft[SUMMARY_ONLY] = True
    return draft


def adapt_xml(raw: bytes, content_type: str | None = None) -> list[Draft | FormatError]:
    """An RSS or Atom document (bytes: feedparser reads the encoding itself)."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(raw, response_headers=headers, sanitize_html=True)
    cut_off = not _CLOSED.search(raw[-200:])
    if parsed.bozo and isinstance(parsed.bozo_exception, SAXParseException) and cut_off:
        # a cut-off document: its last item may be cut too, and publishing it would
        # replace a story's text (and statements) with a fragment
        raise FormatError(
            f"not a readable RSS/Atom feed: the document is cut off ({parsed.bozo_exception})"
        )
    if not parsed.entries:
        if parsed.bozo:
            raise FormatError(f"not a readable RSS/Atom feed: {parsed.bozo_exception}")
        if not parsed.version:
            raise FormatError("not an RSS or Atom feed (no channel / feed element)")
        return []
    return [_entry(entry, parsed.feed) for entry in parsed.entries]


def _json_item(item: Any, feed: Mapping[str, Any]) -> Draft | FormatError:
    if not isinstance(item, Mapping):
        return FormatError(f"JSON Feed item is a {type(item).__name__}, not an object")
    ident = item.get("id") or item.get("url")
    label = ident or "(no id)"
    html, text = text_of(item.get("content_html")), text_of(item.get("content_text"))
    summary = text_of(item.get("summary"))
    body = html or text or summary
    if body is None:
        return FormatError(f"JSON Feed item {label!r} has no content_html, content_text or summary")
    title = text_of(item.get("title"))
    if title is None:
        return FormatError(f"JSON Feed item {label!r} has no title")
    authors = byline(item.get("authors")) or byline([item.get("author")])
    draft: Draft = {
        "id": story_id(ident),
        "title": title,
        "body": body,
        "body_format": "html" if html else "text",
        "url": text_of(item.get("url")),
        "published": item.get("date_published") or item.get("date_modified"),
        "updated": item.get("date_modified"),
        "byline": authors or names(feed.get("authors")),
        "subjects": names(item.get("tags")),
        "language": text_of(item.get("language")) or text_of(feed.get("language")),
        "source": text_of(feed.get("title")),
    }
    if not (html or text):
        draft[SUMMARY_ONLY] = True
    return draft


def adapt_json_feed(payload: Any) -> list[Draft | FormatError]:
    feed = require_object(payload, "JSON Feed")
    if not str(feed.get("version", "")).startswith(JSON_FEED_PREFIX):
        raise FormatError(f"not a JSON Feed: version must start with {JSON_FEED_PREFIX}")
    items = feed.get("items")
    if not isinstance(items, list):
        raise FormatError("JSON Feed has no items array")
    return [_json_item(item, feed) for item in items]


def adapt_feed(raw: bytes, content_type: str | None = None) -> list[Draft | FormatError]:
    """Any feed document: JSON Feed when it is JSON, else RSS / Atom."""

    head = raw.lstrip()[:1]
    if head in (b"{", b"["):
        try:
            payload = load_json(raw)
        except JSON_ERRORS as exc:
            raise FormatError(f"not a readable JSON Feed: {exc}") from None
        return adapt_json_feed(payload)
    return adapt_xml(raw, content_type)
