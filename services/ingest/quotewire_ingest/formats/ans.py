"""Arc XP ANS (Arc Native Specification) stories.

``headlines.basic`` is the title; the body is the story's ``content_elements`` of
type text, header, list, quote and correction, in order (their ``content`` is inline
HTML); images, videos, galleries, raw HTML, oEmbeds, interstitial links and ads are
not story text. ``credits.by[].name`` are the authors, ``canonical_url`` the URL (when absolute; a
site-relative path is kept in ``extra``), ``first_publish_date`` the
publication and ``last_updated_date`` the last change; ``_id`` is the id.
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
    "_id", "type", "headlines", "subheadlines", "content_elements", "credits",
    "canonical_url", "website_url", "first_publish_date", "publish_date", "display_date",
    "last_updated_date", "language", "taxonomy", "source", "promo_items", "additional_properties",
    "description", "owner", "planning", "revision", "workflow", "distributor", "label",
}  # fmt: skip
#: element types whose content is story text
TEXT_ELEMENTS = {"text", "header", "correction"}


def _paragraphs(elements: Any, depth: int = 0) -> list[str]:
    """HTML paragraphs of the text-bearing elements, in order (lists and quotes nest)."""
    out: list[str] = []
    for element in elements or ():
        if not isinstance(element, Mapping) or depth > 8:
            continue
        kind = element.get("type")
        if kind in TEXT_ELEMENTS:
            content = text_of(element.get("content")) or text_of(element.get("text"))
            if content:
                out.append(f"<p>{content}</p>")
        elif kind == "list":
            out.extend(_paragraphs(element.get("items"), depth + 1))
        elif kind == "quote":
            out.extend(_paragraphs(element.get("content_elements"), depth + 1))
            citation = element.get("citation")
            if isinstance(citation, Mapping) and text_of(citation.get("content")):
                out.append(f"<p>{citation['content']}</p>")
    return out


def _urls(story: Mapping[str, Any]) -> dict[str, Any]:
    """``url`` when ``canonical_url`` is absolute; a site-relative one (ANS usually has
    the path only, the host lives in the site's configuration) is kept in ``extra``."""
    url = text_of(story.get("canonical_url"))
    if url and url.startswith(("http://", "https://")):
        return {"url": url}
    return {"canonical_url": url} if url else {}


def adapt_one(story: Mapping[str, Any]) -> Draft:
    if story.get("type") not in (None, "story"):
        raise FormatError(f"ANS document of type {story.get('type')!r} is not a story")
    headlines = story.get("headlines") if isinstance(story.get("headlines"), Mapping) else {}
    title = text_of(headlines.get("basic"))
    if title is None:
        raise FormatError("ANS story has no headlines.basic")
    paragraphs = _paragraphs(story.get("content_elements"))
    if not paragraphs:
        raise FormatError("ANS story has no text content_elements (text, header, list, quote)")
    credits = story.get("credits") if isinstance(story.get("credits"), Mapping) else {}
    taxonomy = story.get("taxonomy") if isinstance(story.get("taxonomy"), Mapping) else {}
    primary = taxonomy.get("primary_section")
    section = names([primary]) if isinstance(primary, Mapping) else names(taxonomy.get("sections"))
    source = story.get("source") if isinstance(story.get("source"), Mapping) else {}
    return {
        **leftovers(story, USED),
        "id": story_id(story.get("_id")),
        "title": title,
        "body": "\n".join(paragraphs),
        "body_format": "html",
        **_urls(story),
        "published": story.get("first_publish_date") or story.get("display_date"),
        "updated": story.get("last_updated_date"),
        "byline": byline(credits.get("by")),
        "section": section[0] if section else None,
        "subjects": names(taxonomy.get("tags"), key="text"),
        "language": text_of(story.get("language")),
        "source": text_of(source.get("name")),
    }


def adapt(payload: Any) -> list[Draft | FormatError]:
    return each(payload, "ANS story", adapt_one)
