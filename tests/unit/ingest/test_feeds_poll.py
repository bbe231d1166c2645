"""One feed poll against the tests' own HTTP server on loopback (allowed explicitly),
publishing into a recording stand-in of the Kafka publisher: conditional GET, unchanged
and edited items, Retry-After, timeouts, broken feeds, redirects, oversized pages.
The whole poller against the real broker and index is tests/integration/test_feeds.py."""

import time

import pytest
from pydantic import ValidationError
from quotewire_common.outbound import OutboundPolicy, fetch
from quotewire_ingest.feeds.model import FeedConfig, FeedsSettings, FeedState
from quotewire_ingest.feeds.poll import apply_result, poll_feed, retry_after_seconds
from quotewire_ingest.feeds.poller import Poller
from quotewire_ingest.publisher import Delivery, KafkaUnavailable
from quotewire_ingest.service import publish_items

from tests.support_http import conditional, local_server, reply, trickle

POLICY = OutboundPolicy.from_allow_list("127.0.0.1", timeout_s=2, max_bytes=1_000_000)


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>http://127.0.0.1/{guid}</link>"
        f"<description>{text}</description></item>"
        for guid, title, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


class Recorder:
    """Stands in for the Kafka publisher: records events, acknowledges (or not)."""

    def __init__(self) -> None:
        self.events = []
        self.down = False

    def publish_many(self, events):
        if self.down:
            return [KafkaUnavailable("down") for _ in events]
        self.events.extend(events)
        return [Delivery(e.article_id, e.article_version, "articles", 0, 0) for e in events]


@pytest.fixture()
def env():
    recorder = Recorder()
    with local_server() as server:
        server.feed = rss(("a", "Alpha", "Alpha said it works."), ("b", "Beta", "Beta text."))

        server.routes["/feed"] = conditional(lambda: server.feed)
        yield server, recorder


def poll(server, recorder, state, path="/feed", **kw):
    return poll_feed(
        FeedConfig(url=server.url(path)),
        state,
        policy=kw.pop("policy", POLICY),
        publish=lambda items: publish_items(items, recorder, 200_000),
        fetcher=fetch,
        now=time.time(),
        **kw,
    )


def test_first_poll_publishes_then_304_publishes_nothing_then_an_edit_republishes(env):
    server, recorder = env
    state = FeedState(url=server.url("/feed"))
    first = poll(server, recorder, state)
    assert (first.status, first.items, first.published) == ("ok", 2, 2)
    assert state.etag and state.last_modified == "Fri, 06 Nov 2026 08:00:00 GMT"
    second = poll(server, recorder, state)
    assert (second.status, second.published) == ("not_modified", 0)
    assert server.hits[-1][1]["if-none-match"] == state.etag
    server.feed = rss(("a", "Alpha", "Alpha said it works, again."), ("b", "Beta", "Beta text."))
    third = poll(server, recorder, state)
    assert (third.status, third.published, third.unchanged) == ("ok", 1, 1)
    alpha = [e for e in recorder.events if e.article_id == "a"]
    assert len(alpha) == 2 and alpha[0].article_version != alpha[1].article_version


def test_items_are_remembered_without_validators_too(env):
    server, recorder = env
    server.routes["/plain"] = lambda h: reply(
        h, 200, server.feed, content_type="application/rss+xml"
    )
    state = FeedState(url=server.url("/plain"))
    assert poll(server, recorder, state, "/plain").published == 2
    again = poll(server, recorder, state, "/plain")
    assert (again.status, again.published, again.unchanged) == ("ok", 0, 2)


def test_429_with_retry_after_backs_off_at_least_that_long(env):
    server, recorder = env
    server.routes["/busy"] = lambda h: reply(h, 429, headers={"Retry-After": "120"})
    state = FeedState(url=server.url("/busy"))
    result = poll(server, recorder, state, "/busy")
    assert (result.status, result.retry_after_s) == ("http_429", 120.0)
    delay = apply_result(state, result, now=1000.0, interval_s=60, max_backoff_s=3600)
    assert delay == 120.0 and state.next_poll_at == 1120.0 and state.failures == 1


def test_5xx_backs_off_doubling_to_a_cap():
    state = FeedState(url="http://x/")
    from quotewire_ingest.feeds.poll import PollResult

    delays = [
        apply_result(
            state, PollResult("http://x/", "http_5xx"), now=0, interval_s=60, max_backoff_s=600
        )
        for _ in range(6)
    ]
    assert delays == [120, 240, 480, 600, 600, 600]
    assert (
        apply_result(state, PollResult("http://x/", "ok"), now=0, interval_s=60, max_backoff_s=600)
        == 60
    )


def test_retry_after_as_an_http_date():
    now = 1_800_000_000.0
    assert retry_after_seconds("Fri, 15 Jan 2027 08:00:30 GMT", now) == pytest.approx(30, abs=1)
    assert retry_after_seconds("soon", now) is None


def test_slow_broken_redirected_and_refused_feeds(env):
    server, recorder = env
    server.routes["/slow"] = lambda h: trickle(h, chunks=30, delay_s=0.2)
    server.routes["/broken"] = lambda h: reply(
        h, 200, b"<html>not a feed</html", content_type="text/html"
    )
    server.routes["/moved"] = lambda h: reply(h, 301, headers={"Location": "/feed"})
    slow = poll(
        server,
        recorder,
        FeedState(url=""),
        "/slow",
        policy=OutboundPolicy.from_allow_list("127.0.0.1", timeout_s=1),
    )
    assert slow.status == "timeout"
    broken = poll(server, recorder, FeedState(url=""), "/broken")
    assert broken.status == "broken_feed" and "feed" in broken.error
    moved = poll(server, recorder, FeedState(url=""), "/moved")
    assert (moved.status, moved.published) == ("ok", 2)
    refused = poll(server, recorder, FeedState(url=""), "/feed", policy=OutboundPolicy(timeout_s=1))
    assert refused.status == "refused" and "loopback" in refused.error


def test_summary_items_fetch_their_page_and_a_huge_page_falls_back_to_the_summary(env):
    server, recorder = env
    page = (
        b"<html><head><title>Full story</title></head><body><article><p>"
        + b"The full text of the story, with every paragraph the editors wrote. " * 5
        + b"</p></article></body></html>"
    )
    server.routes["/story"] = lambda h: reply(h, 200, page, content_type="text/html")
    server.routes["/huge"] = lambda h: reply(
        h, 200, b"<p>x</p>" * 2_600_000, content_type="text/html"
    )  # ~20 MB
    base = server.base
    server.routes["/summaries"] = lambda h: reply(
        h,
        200,
        (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>'
            f"<item><guid>s1</guid><title>One</title><link>{base}/story</link><description>Short one.</description></item>"
            f"<item><guid>s2</guid><title>Two</title><link>{base}/huge</link><description>Short two.</description></item>"
            f"</channel></rss>"
        ).encode(),
        content_type="application/rss+xml",
    )
    state = FeedState(url=server.url("/summaries"))
    result = poll(server, recorder, state, "/summaries", fetch_pages=True)
    assert (result.published, result.pages_fetched, result.page_errors) == (2, 1, 1)
    by_id = {e.article_id: e for e in recorder.events}
    assert by_id["s1"].body.startswith("The full text of the story")
    assert by_id["s2"].body == "Short two."  # the 20 MB page was refused at its Content-Length
    hits = len(server.hits)
    assert poll(server, recorder, state, "/summaries", fetch_pages=True).unchanged == 2
    assert [p for p, _ in server.hits[hits:]] == ["/summaries"]  # no page fetched again


def test_unacknowledged_items_keep_the_validators_unset_so_they_come_again(env):
    server, recorder = env
    recorder.down = True
    state = FeedState(url=server.url("/feed"))
    failed = poll(server, recorder, state)
    assert (failed.status, failed.failed, state.etag) == ("publish_failed", 2, None)
    recorder.down = False
    assert poll(server, recorder, state).published == 2


def test_poller_keeps_going_past_a_failing_feed_and_holds_a_busy_host(env):
    server, recorder = env
    server.routes["/busy"] = lambda h: reply(h, 429, headers={"Retry-After": "300"})
    server.routes["/broken"] = lambda h: reply(h, 200, b"nope", content_type="text/plain")
    settings = FeedsSettings(
        feeds=",".join(server.url(p) for p in ("/broken", "/busy", "/feed")),
        fetch_allow="127.0.0.1",
        feeds_host_delay_s=0,
        fetch_timeout_s=2,
    )
    poller = Poller(
        settings,
        publish=lambda items: publish_items(items, recorder, 200_000),
        feeds_table=None,
        state_table=None,
    )
    try:
        results = {r.url.rsplit("/", 1)[1]: r.status for r in poller.run_once()}
        # one host: /broken first, then /busy's Retry-After holds the host, /feed waits
        assert results == {"broken": "broken_feed", "busy": "http_429"}
        assert poller.counters["host_waits"] == 1
        poller.host_next.clear()  # the Retry-After has passed
        assert [r.status for r in poller.run_once()] == ["ok"]  # only /feed was still due
        text = poller.metrics_text()
        assert "quotewire_feeds_published_total 2" in text
        assert 'quotewire_feeds_errors_total{status="broken_feed"} 1' in text
        assert 'quotewire_feeds_errors_total{status="http_429"} 1' in text
    finally:
        poller.close()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://news.example/feed.xml", "starts with http:// or https://"),
        ("news.example/feed.xml", "starts with http:// or https://"),
        ("https://", "starts with http:// or https://"),
        ("https://news.example/my feed.xml", "no spaces"),
    ],
)
def test_a_feed_url_that_is_not_http_says_why(url, says):
    with pytest.raises(ValidationError, match=says):
        FeedConfig(url=url)


def test_http_and_https_feed_urls_are_kept_as_given():
    assert FeedConfig(url="HTTPS://News.example/rss?x=1").url == "HTTPS://News.example/rss?x=1"
    assert FeedConfig(url="http://news.example/feed").url == "http://news.example/feed"
