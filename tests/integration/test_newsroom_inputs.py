"""Newsroom inputs end to end on the local stack: HTML bodies, a ninjs item, an article
in an unsupported language, and the feed poller against the tests' own HTTP server on
loopback (fixture feeds and pages: ETag/Last-Modified and 304, 429 + Retry-After, a
slow response, a redirect, a broken feed, a 20 MB page). No internet: the outbound guard
refuses loopback by default, so these tests allow it explicitly (QW_FETCH_ALLOW)."""

import json
import time
from pathlib import Path

import httpx
import pytest
from quotewire_ingest.feeds.cli import feeds_app
from quotewire_ingest.feeds.model import FeedsSettings
from quotewire_ingest.feeds.poller import make_poller
from typer.testing import CliRunner

from tests.integration.e2e import statements_of, wait_article
from tests.support_http import conditional, local_server, reply, trickle

pytestmark = pytest.mark.integration

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def article_doc(es, article_id: str, version: str | None = None, timeout_s: float = 90.0) -> dict:
    """The article document once the indexer recorded a processed version (``version``)."""
    return wait_article(
        es,
        article_id,
        lambda doc: (
            bool(doc.get("processed_version")) and version in (None, doc["processed_version"])
        ),
        f"({version}) processed",
        timeout_s,
    )


def test_html_body_statement_offsets_point_into_the_stored_text(pipeline, es, unique_id):
    body = "<p>&ldquo;We balanced it,&rdquo; Mayor Jane Doe said.</p><figure><img src=x><figcaption>Photo: Staff</figcaption></figure>"
    r = httpx.post(
        f"{pipeline['ingest']}/v1/articles",
        json={"id": unique_id, "title": "Budget", "body": body},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    doc = article_doc(es, unique_id, r.json()["article_version"])
    assert doc["body"] == "\u201cWe balanced it,\u201d Mayor Jane Doe said."
    text = f"{doc['title']}\n\n{doc['body']}\n"  # the layout statement spans index into
    [s] = [s for s in statements_of(es, unique_id) if s["speaker_canonical"] == "Jane Doe"]
    assert text[s["content_start"] : s["content_end"]].startswith("We balanced it")
    assert text[s["cue_start"] : s["cue_end"]] == "said"


def test_unsupported_language_is_indexed_and_visible(pipeline, es, unique_id):
    body = (
        "\u00ab Nous avons \u00e9quilibr\u00e9 le budget \u00bb, a d\u00e9clar\u00e9 mardi la maire "
        "Jeanne Dupont devant le conseil municipal, qui a vot\u00e9 le plan par cinq voix contre deux."
    )
    r = httpx.post(
        f"{pipeline['ingest']}/v1/articles",
        json={"id": unique_id, "title": "Le budget est \u00e9quilibr\u00e9", "body": body},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    doc = article_doc(es, unique_id)
    assert doc["statements_status"] == "unsupported_language" and doc["language"] == "fr"
    assert doc["statement_count"] == 0 and statements_of(es, unique_id) == []
    r = httpx.get(
        f"{pipeline['search']}/v1/articles",
        params={"statements_status": "unsupported_language", "language": "fr", "size": 100},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    [hit] = [h for h in r.json()["hits"] if h["article_id"] == unique_id]
    assert hit["statement_count"] == 0 and hit["title"] == "Le budget est \u00e9quilibr\u00e9"


def test_a_ninjs_item_by_content_type(pipeline, es):
    raw = (FORMATS / "ninjs2.json").read_bytes()
    r = httpx.post(
        f"{pipeline['ingest']}/v1/articles",
        content=raw,
        headers={"content-type": "application/ninjs+json"},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    article_id = r.json()["article_id"]
    assert article_id == "https://wire.example.org/items/2026/bridge-reopens"
    doc = article_doc(es, article_id, r.json()["article_version"])
    assert doc["byline"] == ["Lena Park"] and doc["subjects"] == ["transport"]
    assert "Omar Haddad" in {s["speaker_canonical"] for s in statements_of(es, article_id)}


def news_feed(base: str, mayor_quote: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Loopback Courier</title>
<item><guid>feeds-e2e-mayor</guid><title>Mayor defends budget</title><link>{base}/mayor</link>
<content:encoded><![CDATA[<p>&ldquo;{mayor_quote},&rdquo; Mayor Jane Doe said on Friday.</p>]]></content:encoded></item>
<item><guid>feeds-e2e-port</guid><title>Port reopens</title><link>{base}/port</link>
<description>"Ships are moving again," harbour master Ines Okoro told reporters.</description></item>
</channel></rss>""".encode()


def test_feed_poller_end_to_end(pipeline, es, kafka_settings):
    with local_server() as server:
        base = server.base
        server.news = news_feed(base, "We balanced it")

        summary_feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title>
<item><guid>feeds-e2e-huge</guid><title>Very long read</title><link>{base}/huge.html</link>
<description>A short summary of a very long read.</description></item></channel></rss>""".encode()
        server.routes["/news.xml"] = conditional(lambda: server.news)
        server.routes["/old.xml"] = lambda h: reply(h, 301, headers={"Location": "/news.xml"})
        server.routes["/busy.xml"] = lambda h: reply(h, 429, headers={"Retry-After": "120"})
        server.routes["/slow.xml"] = lambda h: trickle(h, chunks=40, delay_s=0.2)
        server.routes["/broken.xml"] = lambda h: reply(
            h, 200, b"<rss><channel><item><title>cut o", content_type="application/rss+xml"
        )
        server.routes["/summary.xml"] = lambda h: reply(
            h, 200, summary_feed, content_type="application/rss+xml"
        )
        server.routes["/huge.html"] = lambda h: reply(
            h, 200, b"<p>word </p>" * 1_800_000, content_type="text/html"
        )  # ~21 MB

        busy = server.url("/busy.xml").replace("127.0.0.1", "localhost")  # another host
        settings = FeedsSettings(
            bootstrap_servers=kafka_settings.bootstrap_servers,
            fetch_allow="127.0.0.1,localhost",
            fetch_timeout_s=2,
            feeds_host_delay_s=0,
            feeds_fetch_pages=True,
            feeds=busy,  # one feed from QW_FEEDS, the others from the feeds topic
        )
        runner = CliRunner()
        for path in ("/news.xml", "/old.xml", "/slow.xml", "/broken.xml", "/summary.xml"):
            added = runner.invoke(
                feeds_app,
                ["add", server.url(path), "--bootstrap-servers", kafka_settings.bootstrap_servers],
            )
            assert added.exit_code == 0, added.output

        poller, close = make_poller(settings)
        try:
            first = {r.url.rsplit("/", 1)[1]: r for r in poller.run_once()}
            status = {name: r.status for name, r in first.items()}
            assert status == {
                "news.xml": "ok", "old.xml": "ok", "slow.xml": "timeout", "broken.xml": "broken_feed",
                "summary.xml": "ok", "busy.xml": "http_429",
            }  # fmt: skip
            assert first["news.xml"].published == 2
            assert first["old.xml"].published == 2  # the same items through the redirect: same ids
            assert (first["summary.xml"].published, first["summary.xml"].page_errors) == (1, 1)
            assert poller.states[busy].next_poll_at - time.time() > 100  # Retry-After honoured

            mayor = article_doc(es, "feeds-e2e-mayor")
            port = article_doc(es, "feeds-e2e-port")
            assert {s["speaker_canonical"] for s in statements_of(es, "feeds-e2e-mayor")} == {
                "Jane Doe"
            }
            assert "Ines Okoro" in {
                s["speaker_canonical"] for s in statements_of(es, "feeds-e2e-port")
            }
            assert port["source"] == "Loopback Courier"
            huge = article_doc(es, "feeds-e2e-huge")
            assert (
                huge["body"] == "A short summary of a very long read."
            )  # the 20 MB page was refused

            # a second poll publishes nothing (304 / unchanged), also after a restart
            close()
            poller, close = make_poller(settings)  # state read back from feeds.state
            assert poller.states[busy].next_poll_at - time.time() > 100
            for url, state in poller.states.items():
                if url != busy:  # due now (the others' interval has not passed yet)
                    state.next_poll_at = 0
            second = poller.run_once()
            assert sum(r.published for r in second) == 0
            assert {r.url.rsplit("/", 1)[1]: r.status for r in second}["news.xml"] == "not_modified"
            busy_hits = [p for p, _ in server.hits if p == "/busy.xml"]
            assert len(busy_hits) == 1  # still held back by its Retry-After after the restart

            # an edited item is a new version that replaces its statements
            server.news = news_feed(base, "We cut the deficit")
            for url, state in poller.states.items():
                if url != busy:
                    state.next_poll_at = 0
            third = {r.url.rsplit("/", 1)[1]: r for r in poller.run_once()}
            assert third["news.xml"].published == 1 and third["news.xml"].unchanged == 1
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                found = statements_of(es, "feeds-e2e-mayor")
                if [s["content"] for s in found] == ["We cut the deficit,"] or [
                    s["content"] for s in found
                ] == ["We cut the deficit"]:
                    break
                time.sleep(0.5)
            assert [s["content"].rstrip(",") for s in statements_of(es, "feeds-e2e-mayor")] == [
                "We cut the deficit"
            ]
            assert (
                article_doc(es, "feeds-e2e-mayor")["processed_version"]
                != mayor["processed_version"]
            )

            text = poller.metrics_text()
            # this poller instance published the edit twice: through /news.xml and through
            # /old.xml (redirected there), as the same id and version (one article in the index)
            assert "quotewire_feeds_published_total 2" in text
            assert 'quotewire_feeds_errors_total{status="broken_feed"} 2' in text
            listed = runner.invoke(
                feeds_app,
                ["list", "--json", "--bootstrap-servers", kafka_settings.bootstrap_servers],
            )
            assert listed.exit_code == 0, listed.output
            rows = {}
            for line in listed.output.splitlines():
                row = json.loads(line)
                rows[row["url"].rsplit("/", 1)[1]] = row
            assert rows["broken.xml"]["last_status"] == "broken_feed"
            assert rows["broken.xml"]["failures"] == 3
            assert rows["slow.xml"]["last_status"] == "timeout"
            assert rows["news.xml"]["published_total"] == 3
            assert rows["news.xml"]["items_remembered"] == 2
        finally:
            close()
            for path in ("/news.xml", "/old.xml", "/slow.xml", "/broken.xml", "/summary.xml"):
                runner.invoke(
                    feeds_app,
                    [
                        "remove",
                        server.url(path),
                        "--bootstrap-servers",
                        kafka_settings.bootstrap_servers,
                    ],
                )


def test_the_feeds_process_polls_and_serves_metrics(pipeline, stack_env, start_service, es):
    """``quotewire-ingest feeds`` as its own process: a feed from QW_FEEDS is polled, its
    items published, and /healthz and /metrics answer."""
    from quotewire_devstack.servers import free_port

    with local_server() as server:
        server.routes["/wire.xml"] = conditional(
            lambda: news_feed(server.base, "We kept our promise").replace(
                b"feeds-e2e-", b"feeds-process-"
            )
        )
        port = free_port()
        env = {
            **stack_env,
            "QW_FEEDS": server.url("/wire.xml"),
            "QW_FETCH_ALLOW": "127.0.0.1",
            "QW_FEEDS_METRICS_PORT": str(port),
            "QW_FEEDS_HOST_DELAY_S": "0",
        }
        start_service(
            "feeds", "quotewire-ingest", env, args=("feeds",), health_path="/healthz", port=port
        )
        deadline = time.monotonic() + 30
        text = ""
        while time.monotonic() < deadline and "quotewire_feeds_published_total 2" not in text:
            text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
            time.sleep(0.3)
        assert "quotewire_feeds_published_total 2" in text, text
        assert "quotewire_feeds_feeds 1" in text
        doc = article_doc(es, "feeds-process-mayor")
        assert doc["source"] == "Loopback Courier"
        speakers = {s["speaker_canonical"] for s in statements_of(es, "feeds-process-mayor")}
        assert speakers == {"Jane Doe"}
