"""Operating the pipeline: every service's /metrics moves when an article goes through,
and the consumer lag is readable (``quotewire lag``, ``/v1/pipeline``)."""

import json
import subprocess
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from quotewire_devstack.services import script

from tests.integration.conftest import wait_articles_processed

pytestmark = pytest.mark.integration

BODY = (
    'The harbour will reopen on Monday, "once the divers have checked every pier," '
    "harbour master Ines Calloway said on Friday. "
    '"We are not taking chances with the ferries," she told reporters.'
)


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    r = httpx.get(url, timeout=10)
    assert r.status_code == 200, url
    assert r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def total(samples: dict, name: str, **labels: str) -> float:
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def scrape_all(pipeline) -> dict[str, dict]:
    return {name: scrape(url) for name, url in pipeline["metrics"].items()}


def test_metrics_of_every_service_move_with_an_article(seeded_pipeline, es, producer, unique_id):
    urls = seeded_pipeline["metrics"]
    before = scrape_all(seeded_pipeline)
    r = httpx.post(
        f"{seeded_pipeline['ingest']}/v1/articles",
        json={"id": unique_id, "title": "Harbour to reopen", "body": BODY},
        timeout=30,
    )
    assert r.status_code == 202, r.text
    bad = httpx.post(f"{seeded_pipeline['ingest']}/v1/articles", json={"title": 1}, timeout=30)
    assert bad.status_code == 422
    # a message that is not JSON: extract dead-letters it (the sender's fault)
    producer.send("articles", key=unique_id.encode(), value=b"not json").get(timeout=30)
    producer.flush()
    wait_articles_processed(es, {unique_id})
    assert httpx.get(
        f"{seeded_pipeline['search']}/v1/statements", params={"q": "harbour"}
    ).is_success

    deadline = time.monotonic() + 30
    while True:  # the dead letter and the lag report may trail the article a little
        after = scrape_all(seeded_pipeline)
        moved = total(after["extract"], "quotewire_dead_letters_total", service="extract") > total(
            before["extract"], "quotewire_dead_letters_total", service="extract"
        )
        if moved or time.monotonic() > deadline:
            break
        time.sleep(0.5)

    def delta(svc: str, name: str, /, **labels: str) -> float:
        return total(after[svc], name, **labels) - total(before[svc], name, **labels)

    # ingest: requests by route template and status, articles by result and reason
    assert delta("ingest", "quotewire_http_requests_total", route="/v1/articles", status="202") == 1
    assert delta("ingest", "quotewire_http_requests_total", route="/v1/articles", status="422") == 1
    assert (
        delta("ingest", "quotewire_http_request_duration_seconds_count", route="/v1/articles") == 2
    )
    assert delta("ingest", "quotewire_ingest_articles_total", result="accepted") == 1
    assert delta("ingest", "quotewire_ingest_articles_total", result="rejected") == 1
    # extract: the article, its statements, its seconds, the dead letter
    assert delta("extract", "quotewire_extract_articles_total") >= 1
    assert delta("extract", "quotewire_extract_statements_per_article_count") >= 1
    assert delta("extract", "quotewire_extract_statements_per_article_sum") >= 2
    assert delta("extract", "quotewire_extract_duration_seconds_count") >= 1
    assert (
        delta(
            "extract",
            "quotewire_dead_letters_total",
            service="extract",
            topic="articles",
            reason="InvalidJson",
            fault="sender",
        )
        == 1
    )
    # index: bulk items, end-to-end latency, lag per partition of its group
    assert delta("index", "quotewire_index_bulk_items_total", kind="statement", result="ok") >= 2
    assert delta("index", "quotewire_index_bulk_items_total", kind="article", result="ok") >= 1
    assert delta("index", "quotewire_index_end_to_end_seconds_count") >= 2
    lag = [
        ls
        for (n, ls) in after["index"]
        if n == "quotewire_consumer_lag_messages" and ("group", "quotewire-index") in ls
    ]
    assert {dict(ls)["topic"] for ls in lag} >= {"statements"}
    extract_lag = [
        ls
        for (n, ls) in after["extract"]
        if n == "quotewire_consumer_lag_messages" and ("group", "quotewire-extract") in ls
    ]
    assert {dict(ls)["topic"] for ls in extract_lag} == {"articles"}
    # search API
    assert (
        delta("search-api", "quotewire_http_requests_total", route="/v1/statements", status="200")
        >= 1
    )
    assert all(httpx.get(u, timeout=10).status_code == 200 for u in urls.values())


PIPELINE_GROUPS = ("quotewire-extract", "quotewire-index", "quotewire-derived", "quotewire-alerts")


def test_lag_is_readable_per_group(seeded_pipeline, stack_env):
    run = subprocess.run(
        [script("quotewire"), "lag", "--json", "--interval", "1"],
        env={**stack_env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    groups = {g["group"]: g for g in json.loads(run.stdout)}
    assert set(groups) == {*PIPELINE_GROUPS}
    index = groups["quotewire-index"]
    assert {p["topic"] for p in index["partitions"]} == {"articles", "statements"}
    assert {p["topic"] for p in groups["quotewire-derived"]["partitions"]} == {"statements"}
    assert all(p["lag"] >= 0 for g in groups.values() for p in g["partitions"])
    assert all(p["committed"] is not None for p in index["partitions"] if p["end"] > 0)
    assert index["rate_per_s"] is not None  # measured over --interval

    first = httpx.get(f"{seeded_pipeline['search']}/v1/pipeline", timeout=30)
    assert first.status_code == 200, first.text
    second = httpx.get(f"{seeded_pipeline['search']}/v1/pipeline", timeout=30).json()
    by_group = {g["group"]: g for g in second["groups"]}
    assert set(by_group) == {*PIPELINE_GROUPS}
    assert by_group["quotewire-index"]["rate_per_s"] is not None  # from the first call
    assert by_group["quotewire-index"]["backlog"] == sum(
        p["lag"] for p in by_group["quotewire-index"]["partitions"]
    )
