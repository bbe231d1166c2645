"""Poll one feed: conditional GET, items → articles, only new or changed ones published.

:func:`poll_feed` is plain code with its collaborators passed in (fetch, publish, page
fetch, clock), so the faulty cases are tested without servers; :mod:`.poller` schedules it.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quotewire_common.outbound import (
    Fetched,
    FetchError,
    OutboundPolicy,
    retry_after_seconds,
)

from quotewire_ingest.documents import document_drafts, draft_item
from quotewire_ingest.feeds.model import FeedConfig, FeedState
from quotewire_ingest.formats import Draft, FormatError
from quotewire_ingest.formats.feeds import SUMMARY_ONLY
from quotewire_ingest.loaders import BatchInvalid, BatchItem, BatchTooLarge, format_errors
from quotewire_ingest.service import BatchOutcome
from quotewire_ingest.urls import UrlError, fetch_page

log = logging.getLogger(__name__)

Fetcher = Callable[..., Fetched]
Publish = Callable[[list[BatchItem]], BatchOutcome]
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"


@dataclass
class PollResult:
    """What one poll did (also the counters the poller adds up)."""

    url: str
    status: str  # ok | not_modified | broken_feed | http_429 | http_5xx | http_4xx | <fetch reason>
    items: int = 0
    published: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed: int = 0
    pages_fetched: int = 0
    page_errors: int = 0
    retry_after_s: float | None = None
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def backoff(self) -> bool:
        return self.status in ("http_429", "http_5xx", "timeout", "fetch_failed")


def next_delay(
    result: PollResult, state: FeedState, interval_s: float, max_backoff_s: float
) -> float:
    """Seconds until the next poll: the interval; after failures, doubling backoff;
    never sooner than a ``Retry-After``."""
    delay = interval_s
    if result.status not in ("ok", "not_modified"):
        delay = min(max_backoff_s, interval_s * 2 ** min(state.failures, 16))
    if result.retry_after_s is not None:
        delay = max(delay, min(result.retry_after_s, max_backoff_s))
    return delay


def item_key(draft: Draft | FormatError) -> tuple[str | None, str]:
    """(the item's id in the feed, a fingerprint of what the feed says of it). The
    fingerprint is of the feed's item, before any page is fetched, so an unchanged
    item is recognised without fetching its page again."""
    if isinstance(draft, FormatError):
        return None, ""
    payload = json.dumps(draft, sort_keys=True, default=str).encode("utf-8")
    return draft.get("id") or draft.get("url"), hashlib.sha256(payload).hexdigest()[:32]


def _with_page(draft: Draft, policy: OutboundPolicy, fetcher: Fetcher, result: PollResult) -> Draft:
    """A summary-only item with its page's full text (falls back to the summary)."""
    from quotewire_ingest.formats import adapt_page

    if not draft.get(SUMMARY_ONLY) or not draft.get("url"):
        return draft
    try:
        page = fetch_page(draft["url"], policy, fetcher)
        full = adapt_page(page.content, page.content_type, url=page.url)
    except (UrlError, FormatError) as exc:
        result.page_errors += 1
        log.warning(
            "item page not fetched; the summary is used",
            extra={"url": draft["url"], "error": str(exc)},
        )
        return draft
    result.pages_fetched += 1
    merged = {**draft, "body": full["body"], "body_format": "text"}
    for name in ("byline", "subjects"):
        merged[name] = draft.get(name) or full.get(name)
    merged.pop(SUMMARY_ONLY, None)
    return merged


def poll_feed(
    feed: FeedConfig,
    state: FeedState,
    *,
    policy: OutboundPolicy,
    publish: Publish,
    fetcher: Fetcher,
    now: float,
    fetch_pages: bool = False,
    max_items: int = 1_000,
    seen_max: int = 2_000,
) -> PollResult:
    """Poll ``feed`` once and update ``state`` (validators, items seen, status). The
    caller schedules the next poll (:func:`next_delay`) and saves the state."""
    headers = {"Accept": FEED_ACCEPT}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        answer = fetcher(feed.url, policy, headers=headers)
    except FetchError as exc:
        return PollResult(feed.url, exc.reason, error=str(exc))
    retry_after = retry_after_seconds(answer.headers.get("retry-after"), now)
    if answer.status == 304:
        return PollResult(feed.url, "not_modified", retry_after_s=retry_after)
    if answer.status != 200:
        kind = (
            "http_429"
            if answer.status == 429
            else "http_5xx"
            if answer.status >= 500
            else "http_4xx"
        )
        return PollResult(
            feed.url,
            kind,
            retry_after_s=retry_after,
            error=f"{answer.url} answered HTTP {answer.status}",
        )
    result = PollResult(feed.url, "ok", retry_after_s=retry_after)
    try:
        drafts = document_drafts(
            answer.content, "feed", content_type=answer.content_type, max_items=max_items
        )
    except (BatchInvalid, BatchTooLarge) as exc:
        errors = exc.errors if isinstance(exc, BatchInvalid) else []
        result.status, result.error = "broken_feed", format_errors(errors) or str(exc)
        return result
    result.items = len(drafts)
    fresh: list[tuple[str, str, BatchItem]] = []
    for index, draft in enumerate(drafts):
        key, fingerprint = item_key(draft)
        if key is not None and state.seen.get(key) == fingerprint:
            result.unchanged += 1  # the same item as last time: no page fetch, no publish
            continue
        if fetch_pages and not isinstance(draft, FormatError):
            draft = _with_page(draft, policy, fetcher, result)
        item = draft_item(index, draft, feed.source)
        if item.article is None:
            result.rejected += 1
            if key is not None:
                state.remember(key, fingerprint, seen_max)  # reported once, not every poll
            log.warning(
                "feed item rejected",
                extra={"feed": feed.url, "index": index, "errors": format_errors(item.errors)},
            )
            continue
        fresh.append((key or item.article.article_id, fingerprint, item))
    all_published = True
    if fresh:
        outcome = publish([item for _, _, item in fresh])
        for (key, fingerprint, item), res in zip(fresh, outcome.result.items, strict=True):
            if res.status == "accepted":
                result.published += 1
                state.remember(key, fingerprint, seen_max)
            elif res.status == "rejected":  # for good (too long, refused by Kafka): do not retry
                result.rejected += 1
                state.remember(key, fingerprint, seen_max)
                log.warning(
                    "feed item rejected",
                    extra={
                        "feed": feed.url,
                        "article_id": item.article.article_id,
                        "errors": format_errors(res.errors),
                    },
                )
            else:
                result.failed += 1
                all_published = False
    if all_published:  # else the next poll must see the items again: no 304 for them
        state.etag = answer.headers.get("etag")
        state.last_modified = answer.headers.get("last-modified")
    else:
        result.status, result.error = "publish_failed", "Kafka did not acknowledge every item"
    state.published_total += result.published
    return result


def apply_result(
    state: FeedState, result: PollResult, *, now: float, interval_s: float, max_backoff_s: float
) -> float:
    """Record the outcome on ``state``; returns the delay until the next poll."""
    failed = result.status not in ("ok", "not_modified")
    state.failures = state.failures + 1 if failed else 0
    delay = next_delay(result, state, interval_s, max_backoff_s)
    state.last_polled_at = now
    state.last_status = result.status
    state.last_error = result.error
    state.next_poll_at = now + delay
    return delay


def as_log(result: PollResult) -> dict[str, Any]:
    return {k: v for k, v in result.__dict__.items() if v not in (None, 0, {}) or k == "published"}
