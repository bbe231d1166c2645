"""Bulk writes with per-item results: each item is ok, a conflict, retryable or dead.

* 2xx → ``OK``.
* 409 → ``CONFLICT`` (optimistic-concurrency writes re-read and merge again).
* 408, 429, 5xx, and 401/403/404 (credentials, missing index: the cluster's problem,
  not the message's) → ``RETRY``: ``streaming_bulk`` retries 429/503 per item with a
  capped exponential backoff; what is still failing after that makes the whole batch
  retry later, uncommitted.
* any other 4xx (``mapper_parsing_exception``, ``strict_dynamic_mapping_exception``,
  ``illegal_argument_exception`` ...) → ``DEAD``: the document itself is bad; its
  message goes to the dead-letter topic.

One bad document can make Elasticsearch reject the whole bulk request (an ``_id`` over
512 bytes: ``400 action_request_validation_exception`` for the request, so every item
of it reports that error). Such a rejection is no item's verdict: :func:`run_bulk`
sends each of those items again on its own, so only the bad one ends up ``DEAD``, with
its own reason, and the others are written.
"""

import enum
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elasticsearch import Elasticsearch, helpers
from quotewire_common.metrics import INDEX_BULK_ITEMS

if TYPE_CHECKING:
    from quotewire_index.settings import IndexSettings

RETRY_ON_STATUS = (429, 503)
_RETRYABLE_4XX = frozenset({401, 403, 404, 408, 429})


class Outcome(enum.Enum):
    OK = "ok"
    CONFLICT = "conflict"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class ItemResult:
    id: str
    outcome: Outcome
    status: int | None = None
    error_type: str | None = None
    reason: str | None = None
    #: The error came from the whole request (the chunk raised), not from this item.
    whole_request: bool = False


def classify_status(status: int | None) -> Outcome:
    if status is None:
        return Outcome.RETRY  # no answer for the item: not its fault
    if 200 <= status < 300:
        return Outcome.OK
    if status == 409:
        return Outcome.CONFLICT
    if status >= 500 or status in _RETRYABLE_4XX:
        return Outcome.RETRY
    if 400 <= status < 500:
        return Outcome.DEAD
    return Outcome.RETRY


def _describe(error: Any) -> tuple[str | None, str | None]:
    """(type, reason with its caused_by chain) of a bulk item error."""
    if error is None:
        return None, None
    if not isinstance(error, dict):
        return "bulk_request_error", str(error)
    parts, etype, cause = [], error.get("type"), error
    while isinstance(cause, dict):
        parts.append(f"{cause.get('type')}: {cause.get('reason')}")
        cause = cause.get("caused_by")
    return etype, " / caused by ".join(parts)


def classify_item(ok: bool, item: dict[str, Any]) -> ItemResult:
    """One ``(ok, {op_type: info})`` result of ``streaming_bulk``."""
    ((_op, info),) = item.items()
    status = info.get("status")
    outcome = classify_status(status) if not ok or status is None else Outcome.OK
    if not ok and outcome is Outcome.OK:  # a failure with a 2xx status: never trust it
        outcome = Outcome.RETRY
    etype, reason = _describe(info.get("error")) if not ok else (None, None)
    exception = info.get("exception") if not ok else None
    if exception is not None and getattr(exception, "error", None):
        etype = str(exception.error)  # e.g. action_request_validation_exception
        body = getattr(exception, "body", None)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            reason = _describe(body["error"])[1]
    return ItemResult(
        str(info.get("_id")), outcome, status, etype, reason, whole_request=exception is not None
    )


def backoff_delay(
    attempt: int, initial_s: float, max_s: float, jitter: float = 0.0, rng=random.random
) -> float:
    """Capped exponential backoff before retry number ``attempt`` (1, 2, ...):
    initial, 2×initial, 4×initial ... never above ``max_s``; optional ±jitter fraction."""
    if attempt < 1:
        return 0.0
    delay = min(max_s, initial_s * 2 ** (attempt - 1))
    if jitter:
        delay *= 1 + jitter * (2 * rng() - 1)
    return max(0.0, min(max_s, delay))


def run_bulk(
    es: Elasticsearch,
    actions: Iterable[dict[str, Any]],
    *,
    chunk_size: int,
    max_retries: int,
    initial_backoff_s: float,
    max_backoff_s: float,
    require_alias: bool = False,
) -> dict[str, ItemResult]:
    """Send the actions; per ``_id`` result. Ids must be unique among the actions.

    ``require_alias``: the target names must be aliases (Elasticsearch then never
    auto-creates an index without the quotewire mapping; the item fails with 404).
    Items of a request rejected as a whole with a 4xx are sent again one by one.

    Raises the transport's exception (connection refused, timeout) when Elasticsearch
    does not answer at all: the caller retries the batch.
    """
    actions = list(actions)
    options: dict[str, Any] = {
        "raise_on_error": False,
        "raise_on_exception": False,
        "max_retries": max_retries,
        "initial_backoff": initial_backoff_s,
        "max_backoff": max_backoff_s,
        "retry_on_status": RETRY_ON_STATUS,
    }
    if require_alias:
        options["require_alias"] = True
    results: dict[str, ItemResult] = {}
    for ok, item in helpers.streaming_bulk(es, actions, chunk_size=chunk_size, **options):
        result = classify_item(ok, item)
        results[result.id] = result
    rejected = {rid for rid, r in results.items() if r.whole_request and r.outcome is Outcome.DEAD}
    if len(rejected) > 1:  # alone, each item gets its own verdict
        for action in actions:
            if str(action.get("_id")) in rejected:
                for ok, item in helpers.streaming_bulk(es, [action], chunk_size=1, **options):
                    result = classify_item(ok, item)
                    results[result.id] = result
    return results


def configured_bulk(
    es: Elasticsearch,
    settings: "IndexSettings",
    actions: list[dict[str, Any]],
    kind: str,
    require_alias: bool = False,
) -> dict[str, ItemResult]:
    """:func:`run_bulk` with the service's chunk size, retries and backoff; each item's
    outcome counted in ``quotewire_index_bulk_items_total`` under ``kind``."""
    results = run_bulk(
        es,
        actions,
        chunk_size=settings.bulk_batch_size,
        max_retries=settings.bulk_max_retries,
        initial_backoff_s=settings.bulk_initial_backoff_s,
        max_backoff_s=settings.bulk_max_backoff_s,
        require_alias=require_alias,
    )
    for result in results.values():
        INDEX_BULK_ITEMS.labels(kind, result.outcome.value).inc()
    return results
