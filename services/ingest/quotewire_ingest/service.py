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

from quotewire_ingest.loaders import (
    ArticleInvalid,
    BatchFormat,
    parse_article,
    parse_batch,
)
from quotewire_ingest.models import ArticleAccepted, BatchItemResult, BatchResult
from quotewire_ingest.publisher import Delivery, Outcome, Publisher, RecordRejected


def ingest_article(raw: bytes, publisher: Publisher) -> ArticleAccepted:
    """Validate and publish one article.

    Raises ``ArticleInvalid`` / ``RecordRejected`` / ``KafkaUnavailable``."""
    try:
        article = parse_article(raw)
    except ArticleInvalid as exc:
        INGEST_ARTICLES.labels("rejected", _first_type(exc.errors)).inc()
        raise
    try:
        delivery = publisher.publish(article.to_event())
    except RecordRejected as exc:
        INGEST_ARTICLES.labels("rejected", exc.type).inc()
        raise
    except Exception:
        INGEST_ARTICLES.labels("failed", "kafka_unavailable").inc()
        raise
    INGEST_ARTICLES.labels("accepted", "").inc()
    return ArticleAccepted(article_id=delivery.article_id, article_version=delivery.article_version)


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


def ingest_batch(
    raw: bytes, fmt: BatchFormat, max_items: int, publisher: Publisher
) -> BatchOutcome:
    """Validate a batch, publish its valid items. Raises ``BatchInvalid`` / ``BatchTooLarge``."""
    items = parse_batch(raw, fmt, max_items)
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
