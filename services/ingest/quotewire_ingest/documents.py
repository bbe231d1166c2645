"""Documents in a newsroom format → validated articles: the path shared by the HTTP API,
``quotewire ingest`` and the feed poller (:mod:`quotewire_ingest.formats` adapts,
:func:`~quotewire_ingest.loaders.validate_article` validates)."""

from pathlib import Path

from quotewire_ingest.formats import Draft, FormatError, adapt
from quotewire_ingest.formats.feeds import SUMMARY_ONLY
from quotewire_ingest.loaders import (
    ArticleInvalid,
    BatchInvalid,
    BatchItem,
    BatchTooLarge,
    Loaded,
    LoadError,
    format_errors,
    validate_article,
)
from quotewire_ingest.models import FieldError


def prepare_draft(draft: Draft, source: str | None = None) -> Draft:
    """A draft ready for validation: empty values dropped (defaults apply), the adapter's
    own marks removed, ``source`` filled in when the document names none."""
    fields = {k: v for k, v in draft.items() if v not in (None, "", []) and k != SUMMARY_ONLY}
    if source and not fields.get("source"):
        fields["source"] = source
    return fields


def document_drafts(
    raw: bytes, fmt: str, *, content_type: str | None = None, max_items: int
) -> list[Draft | FormatError]:
    """The adapter's drafts of a document. Raises :class:`BatchInvalid` when the document
    is not of the format (or holds no article) and :class:`BatchTooLarge` above
    ``max_items``."""
    try:
        drafts = adapt(fmt, raw, content_type)
    except FormatError as exc:
        raise BatchInvalid(
            [FieldError(loc=["body"], msg=f"{fmt}: {exc}", type="format_error")]
        ) from None
    if not drafts:
        raise BatchInvalid(
            [FieldError(loc=["body"], msg=f"{fmt}: the document holds no articles", type="missing")]
        )
    if len(drafts) > max_items:
        raise BatchTooLarge(len(drafts), max_items)
    return drafts


def draft_item(index: int, draft: Draft | FormatError, source: str | None = None) -> BatchItem:
    """One draft validated as an article (or its errors)."""
    if isinstance(draft, FormatError):
        error = FieldError(loc=["body", index], msg=str(draft), type="format_error")
        return BatchItem(index, None, (error,))
    try:
        article = validate_article(prepare_draft(draft, source), ("body", index))
    except ArticleInvalid as exc:
        return BatchItem(index, None, tuple(exc.errors))
    return BatchItem(index, article)


def document_items(
    raw: bytes,
    fmt: str,
    *,
    content_type: str | None = None,
    max_items: int,
    source: str | None = None,
) -> list[BatchItem]:
    """The validated items of a document in a newsroom format, in order (raises as
    :func:`document_drafts`)."""
    drafts = document_drafts(raw, fmt, content_type=content_type, max_items=max_items)
    return [draft_item(index, draft, source) for index, draft in enumerate(drafts)]


def load_document_file(path: Path, fmt: str, *, source: str | None = None) -> list[Loaded]:
    """The articles of one file in a newsroom format (origin ``path[i]``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        items = document_items(raw, fmt, max_items=100_000, source=source)
    except BatchInvalid as exc:
        raise LoadError(f"{path}: {format_errors(exc.errors)}") from None
    out = []
    for item in items:
        origin = f"{path}[{item.index}]" if len(items) > 1 else str(path)
        if item.article is not None:
            out.append(Loaded(origin, article=item.article))
        else:
            errors = [FieldError(loc=e.loc[2:], msg=e.msg, type=e.type) for e in item.errors]
            out.append(Loaded(origin, error=format_errors(errors)))
    return out
