"""``quotewire-ingest feeds``: poll every feed when it is due, politely, and keep going.

Feeds come from the compacted topic ``feeds`` (``quotewire feeds add|remove``),
``QW_FEEDS`` and ``QW_FEEDS_FILE``. What the poller knows of each feed (ETag /
Last-Modified, the items seen and their fingerprints, when to poll next, failures) is
a row of the compacted topic ``feeds.state``, written after every poll: a restarted
poller reads it back and goes on where it stopped (no database of its own; Kafka is
already the record, and ingest does not read Elasticsearch).

Politeness: one request at a time per host, at least ``QW_FEEDS_HOST_DELAY_S``
apart; after a 429 or 5xx the feed waits (doubling up to ``QW_FEEDS_MAX_BACKOFF_S``,
never less than ``Retry-After``) and a ``Retry-After`` holds back the whole host.
Every fetch goes through the outbound guard (:mod:`quotewire_common.outbound`), with
its time and size limits. A feed that fails is reported (log, state, counters) and
the others keep going.
"""

import http.server
import logging
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from quotewire_common.outbound import Fetched, fetch
from quotewire_common.table import CompactedTable
from quotewire_contracts import Topic

from quotewire_ingest.feeds.model import FeedConfig, FeedsSettings, FeedState, feeds_from_settings
from quotewire_ingest.feeds.poll import PollResult, apply_result, as_log, poll_feed
from quotewire_ingest.loaders import BatchItem
from quotewire_ingest.service import BatchOutcome, publish_items

log = logging.getLogger(__name__)

#: counters exported on /metrics (and logged): name → help
METRICS = {
    "polls": "feed fetches attempted",
    "not_modified": "polls answered 304 Not Modified",
    "items_seen": "feed items read",
    "published": "articles published (new items and edited ones)",
    "unchanged": "items skipped as unchanged since the last poll",
    "rejected": "items that are no valid article (reported once)",
    "publish_failed": "items Kafka did not acknowledge (retried next poll)",
    "pages_fetched": "item pages fetched (summary-only feeds with fetch_pages)",
    "page_errors": "item pages that could not be fetched (summary used)",
    "errors": "polls that failed, by status",
    "host_waits": "polls held back by a host's Retry-After or delay",
}


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Poller:
    def __init__(
        self,
        settings: FeedsSettings,
        *,
        publish: Callable[[list[BatchItem]], BatchOutcome],
        feeds_table: CompactedTable | None,
        state_table: CompactedTable | None,
        fetcher: Callable[..., Fetched] = fetch,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.policy = settings.policy()
        self.publish = publish
        self.feeds_table = feeds_table
        self.state_table = state_table
        self.fetcher = fetcher
        self.clock = clock
        self.counters: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.states: dict[str, FeedState] = {}
        if state_table is not None:
            for url, row in state_table.read_all().items():
                self.states[url] = FeedState.model_validate(row)
        self.host_next: dict[str, float] = {}
        self._feeds: dict[str, FeedConfig] = {}
        self._feeds_read_at = float("-inf")
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(settings.feeds_concurrency, thread_name_prefix="feeds")

    # --- which feeds, when ------------------------------------------------------------

    def feeds(self, now: float) -> dict[str, FeedConfig]:
        if now - self._feeds_read_at >= self.settings.feeds_refresh_s:
            feeds = feeds_from_settings(self.settings)
            if self.feeds_table is not None:
                for url, row in self.feeds_table.read_all().items():
                    feeds[url] = FeedConfig.model_validate(row)
            self._feeds, self._feeds_read_at = feeds, now
        return self._feeds

    def state(self, url: str) -> FeedState:
        return self.states.setdefault(url, FeedState(url=url))

    def due(self, now: float) -> dict[str, list[FeedConfig]]:
        by_host: dict[str, list[FeedConfig]] = defaultdict(list)
        for url, feed in sorted(self.feeds(now).items()):
            if self.state(url).next_poll_at <= now:
                by_host[host_of(url)].append(feed)
        return by_host

    # --- polling ------------------------------------------------------------------------

    def poll_one(self, feed: FeedConfig) -> PollResult:
        state = self.state(feed.url)
        now = self.clock()
        result = poll_feed(
            feed,
            state,
            policy=self.policy,
            publish=self.publish,
            fetcher=self.fetcher,
            now=now,
            fetch_pages=feed.fetch_pages
            if feed.fetch_pages is not None
            else self.settings.feeds_fetch_pages,
            seen_max=self.settings.feeds_seen_max,
        )
        interval = feed.interval_s or self.settings.feeds_interval_s
        done = self.clock()
        delay = apply_result(
            state,
            result,
            now=done,
            interval_s=interval,
            max_backoff_s=self.settings.feeds_max_backoff_s,
        )
        host = host_of(feed.url)
        hold = self.settings.feeds_host_delay_s
        if result.retry_after_s is not None or result.status in ("http_429", "http_5xx"):
            hold = max(hold, min(result.retry_after_s or delay, self.settings.feeds_max_backoff_s))
        with self._lock:
            self.host_next[host] = max(self.host_next.get(host, 0.0), done + hold)
            self._count(result)
        if self.state_table is not None:
            self.state_table.put(feed.url, state.model_dump(mode="json"))
        level = logging.INFO if result.status in ("ok", "not_modified") else logging.WARNING
        log.log(level, "feed polled", extra={**as_log(result), "next_poll_in_s": round(delay, 1)})
        return result

    def _count(self, result: PollResult) -> None:
        c = self.counters
        c["polls"] += 1
        c["not_modified"] += result.status == "not_modified"
        c["items_seen"] += result.items
        for name in ("published", "unchanged", "rejected", "pages_fetched", "page_errors"):
            c[name] += getattr(result, name)
        c["publish_failed"] += result.failed
        if result.status not in ("ok", "not_modified"):
            self.errors[result.status] += 1

    def _poll_host(self, host: str, feeds: list[FeedConfig]) -> list[PollResult]:
        """One host's due feeds, one after the other, spaced by the host's delay."""
        results = []
        for feed in feeds:
            wait = self.host_next.get(host, 0.0) - self.clock()
            if wait > self.settings.feeds_host_delay_s:  # a Retry-After holds the host: later
                with self._lock:
                    self.counters["host_waits"] += 1
                break
            if wait > 0:
                time.sleep(wait)
            try:
                results.append(self.poll_one(feed))
            except Exception:  # a bug with one feed must not stop the others
                log.exception("feed poll failed", extra={"feed": feed.url})
                with self._lock:
                    self.errors["internal"] += 1
                self.state(feed.url).next_poll_at = self.clock() + self.settings.feeds_interval_s
        return results

    def run_once(self) -> list[PollResult]:
        """Poll every due feed (hosts in parallel, each host's feeds in turn)."""
        jobs = [
            self._pool.submit(self._poll_host, host, feeds)
            for host, feeds in self.due(self.clock()).items()
        ]
        return [result for job in jobs for result in job.result()]

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.run_once()
            stop.wait(self.settings.feeds_tick_s)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    # --- metrics ------------------------------------------------------------------------

    def metrics_text(self) -> str:
        lines = []
        for name, help_text in METRICS.items():
            metric = f"quotewire_feeds_{name}_total"
            lines += [f"# HELP {metric} {help_text}", f"# TYPE {metric} counter"]
            if name == "errors":
                lines += [f'{metric}{{status="{k}"}} {v}' for k, v in sorted(self.errors.items())]
            else:
                lines.append(f"{metric} {self.counters[name]}")
        lines += ["# HELP quotewire_feeds_feeds feeds known", "# TYPE quotewire_feeds_feeds gauge"]
        lines.append(f"quotewire_feeds_feeds {len(self._feeds)}")
        failing = sum(1 for s in self.states.values() if s.failures)
        lines += [
            "# HELP quotewire_feeds_failing feeds whose last poll failed",
            "# TYPE quotewire_feeds_failing gauge",
        ]
        lines.append(f"quotewire_feeds_failing {failing}")
        return "\n".join(lines) + "\n"


def serve_metrics(poller: Poller, port: int) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = poller.metrics_text().encode() if self.path == "/metrics" else b"ok\n"
            self.send_response(200 if self.path in ("/metrics", "/healthz") else 404)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="feeds-metrics").start()
    return server


def make_poller(settings: FeedsSettings) -> tuple[Poller, Callable[[], None]]:
    """The poller wired to Kafka (publisher, feeds and state topics); and its closer."""
    from quotewire_ingest.publisher import make_publisher

    publisher = make_publisher(settings, client_id="feeds").start()
    feeds_table = CompactedTable(settings, Topic.FEEDS.value, "feeds")
    state_table = CompactedTable(settings, Topic.FEEDS_STATE.value, "feeds-state")
    poller = Poller(
        settings,
        publish=lambda items: publish_items(items, publisher, settings.max_text_chars),
        feeds_table=feeds_table,
        state_table=state_table,
    )

    def close() -> None:
        poller.close()
        state_table.close()
        feeds_table.close()
        publisher.close()

    return poller, close


def main() -> None:
    """``quotewire-ingest feeds``: run the poller until SIGTERM / SIGINT."""
    from quotewire_common.kafka import wait_for_kafka
    from quotewire_common.logging import configure_logging

    settings = FeedsSettings()
    configure_logging("feeds")
    wait_for_kafka(settings)
    poller, close = make_poller(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server = (
        serve_metrics(poller, settings.feeds_metrics_port) if settings.feeds_metrics_port else None
    )
    log.info(
        "feed poller started",
        extra={"feeds": len(poller.feeds(time.time())), "known_states": len(poller.states)},
    )
    try:
        poller.run(stop)
    finally:
        if server is not None:
            server.shutdown()
        close()
        log.info("feed poller stopped", extra=dict(poller.counters))
