"""What the routes do, as plain blocking functions (the routes run them in a worker thread).

Status codes:

* ``POST /v1/articles``: 202 ``ArticleAccepted`` after Kafka's ack; 422 field errors
  (nothing published); 413 / 422 when Kafka refuses the record for good (too large for
  the producer or broker, invalid record: ``RecordRejected``; do not retry as is); 503
  when Kafka does not acknowledge in time (retry is safe).
* ``POST /v1/articles/batch``: every valid item is published, invalid ones are not.
  - 202 ``BatchResult``: at least one item accepted and none failed (invalid items, and
    items Kafka refuses for good such as ``message_too_large``, are listed as
    ``rejected`` with their errors);
  - 422 ``BatchResult``: no item valid; nothing published;
  - 503 ``BatchResult`` + Retry-After: some valid item was not acknowledged by Kafka
    (items marked ``failed``; resending the batch is safe);
  - 422 ``{"detail": [...]}``: the body is not a batch at all (not JSON / not an
    array / empty); 413: more items than ``QW_MAX_BATCH_ITEMS``.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from quotewire_common.metrics import INGEST_ARTICLES

from quotewire_ingest.documents import document_items
from quotewire_ingest.loaders import (
    ArticleInvalid,
    BatchFormat,
    BatchInvalid,
    BatchItem,
    BatchTooLarge,
    parse_article,
    parse_batch,
)
from quotewire_ingest.models import (
    ArticleAccepted,
    ArticleIn,
    BatchItemResult,
    BatchResult,
    FieldError,
)
from quotewire_ingest.publisher import Delivery, Outcome, Publisher, RecordRejected


class TextTooLong(ValueError):
    """The article's text is longer than the extractor takes (``QW_MAX_TEXT_CHARS``)."""

    type = "text_too_long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"article text (title + body, after HTML conversion) has {length} characters; "
            f"the limit is {limit} (QW_MAX_TEXT_CHARS)"
        )


def check_text_limit(article: ArticleIn, max_text_chars: int) -> ArticleIn:
    """The article, if the extract worker will take its text; else :class:`TextTooLong`."""
    length = len(article.to_event().text)
    if length > max_text_chars:
        raise TextTooLong(length, max_text_chars)
    return article


def publish_article(article: ArticleIn, publisher: Publisher, max_text_chars: int):
    """Check the limits shared with the extractor, then publish: the one path of every
    source (HTTP API, format adapters, URL ingest, feed poller)."""
    check_text_limit(article, max_text_chars)
    return publisher.publish(article.to_event())


def accepted(article: ArticleIn, delivery: Delivery) -> ArticleAccepted:
    return ArticleAccepted(
        article_id=delivery.article_id,
        article_version=delivery.article_version,
        extra_fields=sorted(article.extra),
        ignored_fields=article.ignored_fields,
    )


def ingest_article(
    raw: bytes, publisher: Publisher, *, max_text_chars: int, strict: bool = False
) -> ArticleAccepted:
    """Validate and publish one article.

    Raises ``ArticleInvalid`` / ``TextTooLong`` / ``RecordRejected`` / ``KafkaUnavailable``."""
    try:
        article = parse_article(raw, strict=strict)
    except ArticleInvalid as exc:
        INGEST_ARTICLES.labels("rejected", _first_type(exc.errors)).inc()
        raise
    try:
        delivery = publish_article(article, publisher, max_text_chars)
    except TextTooLong:
        INGEST_ARTICLES.labels("rejected", "text_too_long").inc()
        raise
    except RecordRejected as exc:
        INGEST_ARTICLES.labels("rejected", exc.type).inc()
        raise
    except Exception:
        INGEST_ARTICLES.labels("failed", "kafka_unavailable").inc()
        raise
    INGEST_ARTICLES.labels("accepted", "").inc()
    return accepted(article, delivery)


def _first_type(errors) -> str:
    """The metric's ``reason``: the first error's type (``missing``, ``message_too_large``)."""
    if not errors:
        return ""
    first = errors[0]
    return str(first.get("type", "") if isinstance(first, dict) else getattr(first, "type", ""))


@dataclass(frozen=True)
class BatchOutcome:
    status_code: int
    result: BatchResult


def text_limit_error(article: ArticleIn | None, max_text_chars: int) -> TextTooLong | None:
    """The :class:`TextTooLong` of an article over the limit, else None."""
    if article is None:
        return None
    try:
        check_text_limit(article, max_text_chars)
    except TextTooLong as exc:
        return exc
    return None


def _within_limit(item: BatchItem, max_text_chars: int) -> BatchItem:
    exc = text_limit_error(item.article, max_text_chars)
    if exc is None:
        return item
    return BatchItem(
        item.index, None, (FieldError(loc=["body", item.index], msg=str(exc), type=exc.type),)
    )


def ingest_batch(
    raw: bytes,
    fmt: BatchFormat,
    max_items: int,
    publisher: Publisher,
    *,
    max_text_chars: int,
    strict: bool = False,
) -> BatchOutcome:
    """Validate a batch, publish its valid items. Raises ``BatchInvalid`` / ``BatchTooLarge``."""
    items = parse_batch(raw, fmt, max_items, strict=strict)
    return publish_items(items, publisher, max_text_chars)


def publish_items(
    items: list[BatchItem], publisher: Publisher, max_text_chars: int
) -> BatchOutcome:
    """Publish the valid items of a batch (also the format adapters' documents)."""
    items = [_within_limit(item, max_text_chars) for item in items]
    received_at = datetime.now(UTC)
    valid = [item for item in items if item.article is not None]
    deliveries = publisher.publish_many([item.article.to_event(received_at) for item in valid])
    by_index: dict[int, Outcome] = {
        item.index: outcome for item, outcome in zip(valid, deliveries, strict=True)
    }
    results = []
    for item in items:
        if item.article is None:
            results.append(
                BatchItemResult(index=item.index, status="rejected", errors=list(item.errors))
            )
            continue
        outcome = by_index[item.index]
        if isinstance(outcome, Delivery):
            status, errors = "accepted", []
        elif isinstance(outcome, RecordRejected):
            status, errors = "rejected", [{"loc": [], "msg": str(outcome), "type": outcome.type}]
        else:
            status = "failed"
            errors = [{"loc": [], "msg": str(outcome), "type": "kafka_unavailable"}]
        results.append(
            BatchItemResult(
                index=item.index,
                status=status,
                article_id=item.article.article_id,
                article_version=item.article.article_version,
                errors=errors,
            )
        )
    for r in results:
        INGEST_ARTICLES.labels(r.status, _first_type(r.errors)).inc()
    counts = {s: sum(r.status == s for r in results) for s in ("accepted", "rejected", "failed")}
    result = BatchResult(**counts, items=results)
    if counts["failed"]:
        return BatchOutcome(503, result)
    if counts["accepted"]:
        return BatchOutcome(202, result)
    return BatchOutcome(422, result)


# --- newsroom formats (ninjs, WordPress, ANS, feeds, HTML pages) --------------------------


def ingest_document(
    raw: bytes,
    fmt: str,
    publisher: Publisher,
    *,
    content_type: str | None = None,
    max_items: int,
    max_text_chars: int,
    source: str | None = None,
) -> BatchOutcome:
    """Publish every article of a newsroom-format document (a batch answer)."""
    items = document_items(raw, fmt, content_type=content_type, max_items=max_items, source=source)
    return publish_items(items, publisher, max_text_chars)


def ingest_one_document(
    raw: bytes,
    fmt: str,
    publisher: Publisher,
    *,
    content_type: str | None = None,
    max_text_chars: int,
    source: str | None = None,
) -> ArticleAccepted:
    """Publish the one article of a newsroom-format document; a document with several
    is refused (they belong on the batch route, which reports each)."""
    try:
        items = document_items(raw, fmt, content_type=content_type, max_items=1, source=source)
    except BatchInvalid as exc:
        raise ArticleInvalid(exc.errors) from None
    except BatchTooLarge as exc:
        raise ArticleInvalid(
            [
                FieldError(
                    loc=["body"],
                    msg=f"the {fmt} document holds {exc.count} articles; post it to "
                    "/v1/articles/batch",
                    type="too_many_articles",
                )
            ]
        ) from None
    [item] = items
    if item.article is None:
        raise ArticleInvalid(list(item.errors))
    return accepted(item.article, publish_article(item.article, publisher, max_text_chars))
