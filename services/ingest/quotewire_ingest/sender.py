"""Sending loaded articles, for ``quotewire ingest``: through the HTTP API or straight to Kafka.

Both paths take the :class:`~quotewire_ingest.loaders.Loaded` items of
:func:`~quotewire_ingest.sources.load_paths` and give one :class:`SendResult` per item,
in order: ``accepted`` (Kafka acknowledged), ``rejected`` (invalid input; resending as
is will not help) or ``failed`` (Kafka / the API unavailable; resending is safe).
"""

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

import httpx

from quotewire_ingest.loaders import Loaded, format_errors
from quotewire_ingest.models import ArticleIn, BatchResult, FieldError
from quotewire_ingest.publisher import Delivery, Publisher, RecordRejected

Status = Literal["accepted", "rejected", "failed"]
Progress = Callable[[int], None]

# well below the API's default QW_MAX_BODY_BYTES (900 KiB): a chunk is never refused for size
DEFAULT_MAX_REQUEST_BYTES = 512 * 1024
#: Attempts per request while the API answers 503 (Kafka unavailable; resending is safe).
DEFAULT_ATTEMPTS = 3
#: Longest wait between two attempts, whatever ``Retry-After`` asks for.
MAX_RETRY_WAIT_S = 10.0
#: Wait when a 503 carries no usable ``Retry-After``.
DEFAULT_RETRY_WAIT_S = 2.0
UNAVAILABLE_REASON = "Kafka unavailable (503), safe to retry"
STACK_HINT = "is the stack running? `quotewire stack status`, or pass --api URL"
#: Called before waiting to resend: (attempt about to be made, attempts in all, seconds
#: to wait, items to resend).
RetryNotice = Callable[[int, int, float, int], None]


@dataclass(frozen=True)
class SendResult:
    origin: str
    status: Status
    article_id: str | None = None
    article_version: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Summary:
    results: list[SendResult]

    def count(self, status: Status) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        return all(r.status == "accepted" for r in self.results)


def _chunks(
    items: Sequence[tuple[int, ArticleIn]], size: int, max_bytes: int
) -> Iterator[list[tuple[int, ArticleIn, bytes]]]:
    chunk: list[tuple[int, ArticleIn, bytes]] = []
    total = 0
    for position, article in items:
        line = article.model_dump_json(exclude_none=True).encode("utf-8") + b"\n"
        if chunk and (len(chunk) >= size or total + len(line) > max_bytes):
            yield chunk
            chunk, total = [], 0
        chunk.append((position, article, line))
        total += len(line)
    if chunk:
        yield chunk


def _split(loaded: Sequence[Loaded]) -> tuple[dict[int, SendResult], list[tuple[int, ArticleIn]]]:
    results: dict[int, SendResult] = {}
    valid: list[tuple[int, ArticleIn]] = []
    for position, item in enumerate(loaded):
        if item.article is None:
            results[position] = SendResult(item.origin, "rejected", reason=item.error)
        else:
            valid.append((position, item.article))
    return results, valid


def send_direct(
    loaded: Sequence[Loaded],
    publisher: Publisher,
    *,
    batch_size: int = 100,
    connect_timeout_s: float = 10.0,
    progress: Progress | None = None,
) -> Summary:
    """Publish straight to Kafka with the same :class:`Publisher` the API uses."""
    results, valid = _split(loaded)
    if progress and results:
        progress(len(results))
    connected = publisher.wait_connected(connect_timeout_s)
    for start in range(0, len(valid), batch_size):
        chunk = valid[start : start + batch_size]
        if connected:
            received_at = datetime.now(UTC)
            outcomes = publisher.publish_many([a.to_event(received_at) for _, a in chunk])
        else:
            outcomes = [None] * len(chunk)
        for (position, article), outcome in zip(chunk, outcomes, strict=True):
            origin = loaded[position].origin
            if isinstance(outcome, Delivery):
                results[position] = SendResult(
                    origin, "accepted", outcome.article_id, outcome.article_version
                )
            elif isinstance(outcome, RecordRejected):
                results[position] = SendResult(
                    origin, "rejected", article.article_id, article.article_version, str(outcome)
                )
            else:
                reason = (
                    str(outcome)
                    if outcome
                    else (
                        f"Kafka at {publisher.settings.bootstrap_servers} not reachable within "
                        f"{connect_timeout_s:g}s"
                        + (f": {publisher.last_error}" if publisher.last_error else "")
                    )
                )
                results[position] = SendResult(
                    origin, "failed", article.article_id, article.article_version, reason
                )
        if progress:
            progress(len(chunk))
    return Summary([results[i] for i in range(len(loaded))])


def _error_detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list):
        try:
            return format_errors(FieldError.model_validate(d) for d in detail)
        except ValueError:
            return json.dumps(detail)
    return str(detail) if detail else response.text[:300]


def _item_errors(errors: Sequence[FieldError]) -> list[FieldError]:
    """Drop the ``body.<index>`` prefix: the origin already says which article it is."""
    out = []
    for err in errors:
        loc = list(err.loc)
        if loc[:1] == ["body"] and len(loc) > 1 and isinstance(loc[1], int):
            loc = loc[2:]
        out.append(FieldError(loc=loc, msg=err.msg, type=err.type))
    return out


def retry_wait(value: str | None, cap_s: float = MAX_RETRY_WAIT_S) -> float:
    """Seconds to wait for a ``Retry-After`` value (delta-seconds or an HTTP date),
    within [0, ``cap_s``]; :data:`DEFAULT_RETRY_WAIT_S` when it is missing or unusable."""
    wait = DEFAULT_RETRY_WAIT_S
    if value and value.strip():
        text = value.strip()
        try:
            wait = float(text)
        except ValueError:
            try:
                when = parsedate_to_datetime(text)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                wait = (when - datetime.now(UTC)).total_seconds()
        if not math.isfinite(wait):
            wait = DEFAULT_RETRY_WAIT_S
    return min(max(wait, 0.0), cap_s)


def _unreachable(api: str, exc: httpx.HTTPError) -> str:
    reason = f"ingest API {api} unreachable: {type(exc).__name__}: {exc}"
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        reason += f" ({STACK_HINT})"
    return reason


def _post_chunk(
    http: httpx.Client, url: str, api: str, chunk: list[tuple[int, ArticleIn, bytes]]
) -> tuple[BatchResult | None, tuple[Status, str] | None, httpx.Response | None]:
    """One POST of ``chunk``: (per-item result, or a failure for the whole chunk; response)."""
    body = b"".join(line for _, _, line in chunk)
    try:
        response = http.post(url, content=body, headers={"Content-Type": "application/x-ndjson"})
    except httpx.HTTPError as exc:
        return None, ("failed", _unreachable(api, exc)), None
    try:
        return BatchResult.model_validate_json(response.content), None, response
    except ValueError:
        status: Status = "rejected" if 400 <= response.status_code < 500 else "failed"
        return None, (status, f"HTTP {response.status_code}: {_error_detail(response)}"), response


def _unavailable(attempts: int, detail: str | None) -> str:
    text = f"{UNAVAILABLE_REASON} ({attempts} attempt{'s' if attempts != 1 else ''})"
    return f"{text}: {detail}" if detail else text


def send_via_api(
    loaded: Sequence[Loaded],
    api: str,
    *,
    batch_size: int = 100,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    timeout_s: float = 30.0,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    attempts: int = DEFAULT_ATTEMPTS,
    max_wait_s: float = MAX_RETRY_WAIT_S,
    on_retry: RetryNotice | None = None,
    sleep: Callable[[float], None] = time.sleep,
    headers: dict[str, str] | None = None,
) -> Summary:
    """POST the articles as NDJSON batches to ``{api}/v1/articles/batch``.

    A 503 (Kafka unavailable; the API says resending is safe) is retried up to
    ``attempts`` requests in all, after the answer's ``Retry-After`` (at most
    ``max_wait_s``); a retry resends only the items that were not acknowledged. Items
    still failing after the last attempt are ``failed`` with :data:`UNAVAILABLE_REASON`.
    """
    attempts = max(1, attempts)
    results, valid = _split(loaded)
    if progress and results:
        progress(len(results))
    url = api.rstrip("/") + "/v1/articles/batch"
    own = client is None
    http = client or httpx.Client(timeout=timeout_s, headers=headers)
    try:
        for chunk in _chunks(valid, batch_size, max_request_bytes):
            pending = chunk
            for attempt in range(1, attempts + 1):
                batch_result, failure, response = _post_chunk(http, url, api, pending)
                unavailable = response is not None and response.status_code == 503
                retry: list[tuple[int, ArticleIn, bytes]] = []
                for offset, (position, article, line) in enumerate(pending):
                    origin = loaded[position].origin
                    if batch_result is not None and offset < len(batch_result.items):
                        item = batch_result.items[offset]
                        reason = format_errors(_item_errors(item.errors)) or None
                        if item.status == "failed" and unavailable:
                            retry.append((position, article, line))
                            reason = _unavailable(attempt, reason)
                        results[position] = SendResult(
                            origin,
                            item.status,
                            item.article_id or article.article_id,
                            item.article_version or article.article_version,
                            reason,
                        )
                    else:
                        status, reason = failure or ("failed", "no result for this item")
                        if unavailable:
                            retry.append((position, article, line))
                            reason = _unavailable(attempt, reason)
                        results[position] = SendResult(
                            origin, status, article.article_id, article.article_version, reason
                        )
                if not retry or attempt == attempts:
                    break
                wait = retry_wait(response.headers.get("Retry-After"), max_wait_s)
                if on_retry:
                    on_retry(attempt + 1, attempts, wait, len(retry))
                sleep(wait)
                pending = retry
            if progress:
                progress(len(chunk))
    finally:
        if own:
            http.close()
    return Summary([results[i] for i in range(len(loaded))])
