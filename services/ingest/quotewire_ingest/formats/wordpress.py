"""WordPress REST API posts (``/wp-json/wp/v2/posts``, one post or the list).

``title.rendered`` and ``content.rendered`` are HTML; ``date_gmt`` / ``modified_gmt``
are UTC without an offset; ``link`` is the canonical URL and ``guid.rendered`` the
stable id. Authors, categories and tags are names only when the request asked for
``?_embed`` (``_embedded.author`` and ``_embedded["wp:term"]``); otherwise WordPress
sends numbers, which are not kept. A password-protected post (``content.protected``)
has no public text and is refused.
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
from quotewire_ingest.html_text import inline_text

USED = {
    "id", "guid", "title", "content", "excerpt", "date", "date_gmt", "modified",
    "modified_gmt", "link", "author", "categories", "tags", "_embedded", "_links", "lang",
    "meta", "yoast_head", "yoast_head_json",
}  # fmt: skip


def _rendered(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return text_of(value.get("rendered"))
    return text_of(value)


def _terms(embedded: Mapping[str, Any], taxonomy: str) -> list[str]:
    found: list[str] = []
    for group in embedded.get("wp:term") or ():
        for term in group or ():
            if isinstance(term, Mapping) and term.get("taxonomy") == taxonomy:
                found.extend(n for n in names([term]) if n not in found)
    return found


def _utc(value: Any) -> str | None:
    value = text_of(value)
    if value and not value.endswith("Z") and "+" not in value[10:]:
        return value + "Z"  # *_gmt fields are UTC without saying so
    return value


def adapt_one(post: Mapping[str, Any]) -> Draft:
    content = post.get("content")
    if isinstance(content, Mapping) and content.get("protected"):
        raise FormatError("WordPress post is password-protected: no public text")
    body = _rendered(content) or _rendered(post.get("excerpt"))
    if body is None:
        raise FormatError("WordPress post has no content.rendered")
    title = _rendered(post.get("title"))
    if title is None:
        raise FormatError("WordPress post has no title.rendered")
    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), Mapping) else {}
    categories = _terms(embedded, "category")
    return {
        **leftovers(post, USED),
        "id": story_id(_rendered(post.get("guid")) or post.get("link") or post.get("id")),
        "title": inline_text(title),
        "body": body,
        "body_format": "html",
        "url": text_of(post.get("link")),
        "published": _utc(post.get("date_gmt")) or text_of(post.get("date")),
        "updated": _utc(post.get("modified_gmt")) or text_of(post.get("modified")),
        "byline": byline(embedded.get("author")),
        "section": categories[0] if categories else None,
        "subjects": categories[1:] + _terms(embedded, "post_tag"),
        "language": text_of(post.get("lang")),
    }


def adapt(payload: Any) -> list[Draft | FormatError]:
    return each(payload, "WordPress post", adapt_one)
