"""IPTC ninjs (news in JSON), 1.x and 2.x, as wire services and Superdesk publish it.

1.x: ``headline``, ``body_html`` / ``body_text``, ``byline``, ``subject[]``,
``versioncreated``, ``firstcreated``, ``uri`` (Superdesk: ``guid``), ``language``.
2.x: ``headlines[]`` and ``bodies[]`` (each ``{value, role, contenttype}``), ``by``.
The id is ``uri`` (else ``guid``); ``firstcreated`` is the publication date and
``versioncreated`` the last change. A non-text item (``type`` picture, video, ...)
carries no article and is refused.
"""

from collections.abc import Mapping
from typing import Any

from quotewire_ingest.formats.common import (
    Draft,
    FormatError,
    byline,
    each,
    leftovers,
    names,
    story_id,
    text_of,
)

USED = {
    "uri", "guid", "type", "headline", "headlines", "body_html", "body_text", "bodies",
    "byline", "by", "subject", "versioncreated", "firstcreated", "language", "keywords",
    "service", "located", "infosources", "source", "description_text", "description_html",
    "descriptions", "associations", "renditions",
}  # fmt: skip
TEXT_TYPES = {"text", "composite", None}


def _pick(entries: Any, *, main_roles: tuple[str, ...]) -> Mapping[str, Any] | None:
    """The main entry of a 2.x ``headlines`` / ``bodies`` array (by role, else the first)."""
    usable = [e for e in entries or () if isinstance(e, Mapping) and text_of(e.get("value"))]
    for entry in usable:
        if (entry.get("role") or "").lower() in main_roles:
            return entry
    return usable[0] if usable else None


def _body(item: Mapping[str, Any]) -> tuple[str | None, str]:
    if text_of(item.get("body_html")):
        return item["body_html"], "html"
    if text_of(item.get("body_text")):
        return item["body_text"], "text"
    body = _pick(item.get("bodies"), main_roles=("main", "body", ""))
    if body is not None:
        kind = "html" if "html" in (body.get("contenttype") or "text/html").lower() else "text"
        return body["value"], kind
    return None, "text"


def _headline(item: Mapping[str, Any]) -> str | None:
    if text_of(item.get("headline")):
        return item["headline"]
    headline = _pick(item.get("headlines"), main_roles=("main", "headline", ""))
    return headline["value"] if headline else None


def adapt_one(item: Mapping[str, Any]) -> Draft:
    kind = item.get("type")
    if kind not in TEXT_TYPES:
        raise FormatError(f"ninjs item of type {kind!r} carries no article text")
    body, body_format = _body(item)
    if body is None:
        raise FormatError("ninjs item has no body (body_html, body_text or bodies[])")
    headline = _headline(item)
    if headline is None:
        raise FormatError("ninjs item has no headline (headline or headlines[])")
    source = text_of(item.get("source")) or next(iter(names(item.get("infosources"))), None)
    subjects = names(item.get("subject")) + names(item.get("keywords"))
    return {
        **leftovers(item, USED),
        "id": story_id(item.get("uri") or item.get("guid")),
        "title": headline,
        "body": body,
        "body_format": body_format,
        "published": item.get("firstcreated") or item.get("versioncreated"),
        "updated": item.get("versioncreated"),
        "byline": byline(item.get("byline") or item.get("by")),
        "subjects": subjects,
        "section": next(iter(names(item.get("service"))), None),
        "language": text_of(item.get("language")),
        "source": source,
    }


def adapt(payload: Any) -> list[Draft | FormatError]:
    """One ninjs item, or an array of them."""
    return each(payload, "ninjs", adapt_one)
