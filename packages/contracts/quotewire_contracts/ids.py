"""Deterministic ids: the same input always gives the same id, so replays rewrite."""

import hashlib

_ID_BYTES = 16


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")  # unit separator: ("ab", "c") and ("a", "bc") differ
    return h.hexdigest()[: 2 * _ID_BYTES]


def article_text(title: str, body: str) -> str:
    """The text the extractor reads and all statement spans point into.

    Title line, blank line, body: the layout of the seed files and the gold data.
    """
    title = title.strip()
    body = body.strip("\n")
    if not title:
        return body + "\n"
    return f"{title}\n\n{body}\n"


def article_version_for(title: str, body: str) -> str:
    """A new version whenever the text changes (hash of title + body)."""
    return _digest("version", title.strip(), body.strip())


def article_id_for(*, url: str | None, title: str, body: str) -> str:
    """A stable id for a story when the feed gives none: its URL, else its content."""
    if url:
        return "url-" + _digest("url", url.strip())
    return "sha-" + _digest("content", title.strip(), body.strip())


def statement_id_for(article_id: str, article_version: str, content_span: tuple[int, int]) -> str:
    """Elasticsearch ``_id`` of a statement: article, version and content span."""
    start, end = content_span
    return _digest("statement", article_id, article_version, str(start), str(end))
