"""What the format adapters share: their error, the draft they return, small helpers.

An adapter is a pure function from a decoded payload to a list of *drafts*: dicts in
the shape :class:`~quotewire_ingest.models.ArticleIn` validates (``title``, ``body``,
``body_format``, ``id``, ``url``, ``published``, ``byline``, ...), plus the payload's
other top-level fields, which validation keeps in ``extra`` (scalars) or lists as
ignored. A document-level problem raises :class:`FormatError`; an item that cannot be
an article (a feed entry without text) is a :class:`FormatError` in the list, so the
other items still go through.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from time import struct_time
from typing import Any

from quotewire_contracts import article_id_for
from quotewire_contracts.limits import MAX_ID_BYTES

Draft = dict[str, Any]


class FormatError(ValueError):
    """A payload (or one item of it) that the adapter cannot turn into an article."""


def text_of(value: Any) -> str | None:
    """A non-empty stripped string, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def names(values: Iterable[Any], key: str = "name") -> list[str]:
    """``[{"name": "A"}, "B", {...}]`` → ``["A", "B"]`` (blank ones dropped, order kept,
    no duplicates)."""
    out: list[str] = []
    for value in values or ():
        name = text_of(value.get(key)) if isinstance(value, Mapping) else text_of(value)
        if name and name not in out:
            out.append(name)
    return out


def byline(value: Any) -> list[str]:
    """Authors from a byline string or list: "By Ann Lee" → ["Ann Lee"]."""
    values = value if isinstance(value, list) else [value]
    return [re.sub(r"^by\s+", "", name, flags=re.IGNORECASE) for name in names(values)]


def leftovers(payload: Mapping[str, Any], used: Iterable[str]) -> dict[str, Any]:
    """The payload's fields no adapter rule read (validation keeps or lists them)."""
    skip = set(used)
    return {k: v for k, v in payload.items() if k not in skip}


def story_id(candidate: Any) -> str | None:
    """A feed GUID / CMS id as an article id; one too long for the index's ``_id`` is
    replaced by a stable hash of it."""
    value = text_of(candidate) if not isinstance(candidate, int) else str(candidate)
    if value is None:
        return None
    if len(value.encode("utf-8")) > MAX_ID_BYTES:
        return article_id_for(url=value, title="", body="")
    return value


def utc_iso(value: struct_time | datetime | None) -> str | None:
    """A parsed UTC time (feedparser's struct_time) as an ISO string."""
    if value is None:
        return None
    if isinstance(value, struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    return value.isoformat()


def require_object(payload: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise FormatError(f"expected a {what} JSON object, got a JSON {type(payload).__name__}")
    return payload


def each(
    payload: Any, what: str, adapt_one: Callable[[Mapping[str, Any]], Draft]
) -> list[Draft | FormatError]:
    """``adapt_one`` over one object or an array of them; an item's :class:`FormatError`
    stays in the list in its place."""
    out: list[Draft | FormatError] = []
    for item in objects(payload, what):
        try:
            out.append(adapt_one(item))
        except FormatError as exc:
            out.append(exc)
    return out


def objects(payload: Any, what: str) -> list[Mapping[str, Any]]:
    """One object or an array of objects (a CMS list endpoint answers with an array)."""
    items = payload if isinstance(payload, list) else [payload]
    if not items:
        raise FormatError(f"expected a {what} object or an array of them; the array is empty")
    return [require_object(item, what) for item in items]
