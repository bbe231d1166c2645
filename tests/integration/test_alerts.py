"""Standing alerts end to end: the search API stores them, the alerts worker (a real
process) consumes ``statements`` from the real broker, delivers signed webhooks to a
local receiver, records deliveries in the real search server, dead-letters to
``alerts.dlq``. Each test has its own alerts/deliveries indices and consumer group."""

import json
import os
import signal
import time

import pytest
from fastapi.testclient import TestClient
from quotewire_alerts.ledger import Ledger
from quotewire_common.api_errors import error_text
from quotewire_common.dlq import read_dlq_headers
from quotewire_contracts import Topic
from quotewire_index.search_api import create_app
from quotewire_index.settings import IndexSettings

from tests.integration.alerts_support import Receiver, statement, verify, worker_env

pytestmark = pytest.mark.integration


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def api(es_settings, unique_id):
    """The search API in-process (real Elasticsearch behind it), loopback allowed."""

    def make(allow: str = "127.0.0.1") -> TestClient:
        settings = IndexSettings(
            es_url=es_settings.es_url,
            es_node_class=es_settings.es_node_class,
            auth_required=False,
            alerts_index=f"alerts-{unique_id}",
            alert_deliveries_index=f"deliveries-{unique_id}",
            speakers_index=f"speakers-{unique_id}",
            statements_index=f"statements-{unique_id}",
            fetch_allow=allow,
        )
        return TestClient(create_app(settings))

    with make() as client:
        client.make = make
        yield client


def send(producer, *events) -> None:
    for ev in events:
        producer.send(
            Topic.STATEMENTS.value, key=ev.article_id.encode(), value=ev.model_dump_json().encode()
        )
    producer.flush()


def create(api, **body) -> dict:
    resp = api.post("/v1/alerts", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def start_worker(start_service, stack_env, uid, **extra):
    return start_service("alerts", "quotewire-alerts", worker_env(stack_env, uid, **extra))


def test_one_signed_delivery_per_match_even_when_the_statement_comes_again(
    api, receiver, producer, start_service, stack_env, unique_id, es, read_topic
):
    speaker = f"Zora Quill{unique_id[-6:]}"
    created = create(api, speaker=speaker, webhook_url=receiver.url("/hook"))
    alert_id, secret = created["alert"]["alert_id"], created["secret"]
    assert "secret" not in api.get("/v1/alerts").json()["alerts"][0]
    start_worker(start_service, stack_env, unique_id)
    a = statement(f"{unique_id}-a", "v1", speaker, "We will not give up the port.")
    b = statement(f"{unique_id}-b", "v1", speaker, "Talks resume on Monday.", span=(200, 230))
    other = statement(f"{unique_id}-c", "v1", "Someone Else", "Nothing to add.")
    send(producer, a, b, other, a, b)  # the broker redelivers: the same statements again
    got = receiver.wait("/hook", 2)
    time.sleep(2)  # anything more would be a duplicate
    got = receiver.at("/hook")
    assert len(got) == 2
    assert all(verify(secret, r) is None for r in got), [verify(secret, r) for r in got]
    assert verify("wrong-secret", got[0]) == "signature does not match"
    bodies = sorted((r.json for r in got), key=lambda b: b["article"]["id"])
    assert [b["statement"]["statement_id"] for b in bodies] == [a.statement_id, b.statement_id]
    assert {r.key for r in got} == {b["delivery_id"] for b in bodies}
    assert bodies[0]["alert_id"] == alert_id
    assert bodies[0]["speaker"]["name"] == speaker
    assert bodies[0]["article"]["url"] == f"https://news.example/{unique_id}-a"
    # the alerts topic carries the matches (a replay may repeat one: same delivery_id)
    events = read_topic(
        Topic.ALERTS.value, lambda r: json.loads(r.value)["alert_id"] == alert_id, 2
    )
    assert {json.loads(e.value)["delivery_id"] for e in events} == {r.key for r in got}
    states = Ledger(es, f"deliveries-{unique_id}").states(sorted(r.key for r in got))
    assert set(states.values()) == {"delivered"}


def test_a_receiver_failing_twice_gets_it_once_after_retries(
    api, receiver, producer, start_service, stack_env, unique_id, es
):
    receiver.scripts["/flaky"] = lambda n: (500, {}, 0) if n < 2 else (200, {}, 0)
    receiver.scripts["/busy"] = lambda n: (429, {"Retry-After": "1"}, 0) if n < 1 else (200, {}, 0)
    speaker = f"Ada Flake{unique_id[-6:]}"
    create(api, speaker=speaker, webhook_url=receiver.url("/flaky"))
    create(api, speaker=speaker, webhook_url=receiver.url("/busy"))
    # backoff 0.1 s doubling, capped at 2 s: a Retry-After of 1 s is honoured in full
    start_worker(start_service, stack_env, unique_id, QW_DELIVERY_MAX_BACKOFF_S="2")
    send(producer, statement(f"{unique_id}-a", "v1", speaker, "It will rain."))
    got = receiver.wait("/flaky", 3)
    assert [r.status for r in got] == [500, 500, 200]
    assert len({r.key for r in got}) == 1  # one delivery, attempted three times
    busy = receiver.wait("/busy", 2)
    assert busy[1].at - busy[0].at >= 0.9  # Retry-After: 1 honoured (not the 0.1 s backoff)
    time.sleep(2)
    assert len(receiver.at("/flaky")) == 3 and len(receiver.at("/busy")) == 2
    states = Ledger(es, f"deliveries-{unique_id}").states([got[0].key])
    assert states == {got[0].key: "delivered"}


def test_a_receiver_down_past_the_budget_gives_a_dead_letter_with_the_reason(
    api, receiver, producer, start_service, stack_env, unique_id, es, read_topic
):
    receiver.scripts["/down"] = lambda n: (503, {}, 0)
    speaker = f"Ben Down{unique_id[-6:]}"
    alert_id = create(api, speaker=speaker, webhook_url=receiver.url("/down"))["alert"]["alert_id"]
    start_worker(start_service, stack_env, unique_id)
    send(producer, statement(f"{unique_id}-a", "v1", speaker, "The bridge is closed."))
    letters = read_topic(
        Topic.ALERTS_DLQ.value, lambda r: r.key == alert_id.encode(), 1, timeout_s=60
    )
    assert len(letters) == 1
    headers = read_dlq_headers(letters[0].headers)
    assert "gave up after 4 attempts: HTTP 503" in headers["qw-dlq-reason"]
    assert headers["qw-dlq-error-class"] == "WebhookUndeliverable"
    assert len(receiver.at("/down")) == 4
    event = json.loads(letters[0].value)
    assert event["alert_id"] == alert_id and event["webhook"]["statement"]["content"]
    states = Ledger(es, f"deliveries-{unique_id}").states([event["delivery_id"]])
    assert states == {event["delivery_id"]: "dead_lettered"}


def test_webhook_to_loopback_is_refused_unless_allow_listed(api, receiver):
    with api.make(allow="") as strict:
        resp = strict.post(
            "/v1/alerts", json={"speaker": "Anyone", "webhook_url": receiver.url("/x")}
        )
        assert resp.status_code == 422
        assert "loopback" in error_text(resp.json()) and "QW_FETCH_ALLOW" in error_text(resp.json())
        meta = strict.post(
            "/v1/alerts",
            json={"speaker": "Anyone", "webhook_url": "http://169.254.169.254/latest/meta-data"},
        )
        assert meta.status_code == 422 and "metadata" in error_text(meta.json())
        bad = strict.post("/v1/alerts", json={"webhook_url": "https://example.com/hook"})
        assert bad.status_code == 422  # a query with nothing to match
    assert (
        api.post(
            "/v1/alerts", json={"speaker": "Anyone", "webhook_url": receiver.url("/x")}
        ).status_code
        == 201
    )


def test_an_article_update_does_not_realert_its_unchanged_statements(
    api, receiver, producer, start_service, stack_env, unique_id
):
    speaker = f"Cleo Update{unique_id[-6:]}"
    create(api, speaker=speaker, webhook_url=receiver.url("/upd"))
    start_worker(start_service, stack_env, unique_id)
    aid = f"{unique_id}-story"
    kept = "“We stand by every word,” she said."
    retired = "The minister will resign."
    v1 = [
        statement(aid, "v1", speaker, kept, span=(10, 40)),
        statement(aid, "v1", speaker, retired, span=(60, 90)),
    ]
    send(producer, *v1)
    first = receiver.wait("/upd", 2)
    # v2: the kept statement moved (new span, new statement_id, quote marks retyped),
    # the retired one is gone, one statement is new
    v2 = [
        statement(aid, "v2", speaker, '"We stand by every word," she said.', span=(30, 60)),
        statement(aid, "v2", speaker, "A new inquiry starts today.", span=(80, 110)),
    ]
    assert v2[0].statement_id != v1[0].statement_id
    send(producer, *v2)
    receiver.wait("/upd", 3)
    time.sleep(2)
    got = receiver.at("/upd")
    assert len(got) == 3, [r.json["statement"]["content"] for r in got]
    assert got[2].json["statement"]["content"] == "A new inquiry starts today."
    assert {r.key for r in first} | {got[2].key} == {r.key for r in got}


def test_kill_9_mid_delivery_loses_nothing_and_repeats_only_the_in_flight_key(
    api, receiver, producer, start_service, stack_env, unique_id, es
):
    """Five matches, one delivery at a time; the receiver holds the first request 3 s
    and the worker is killed with SIGKILL while it waits. After a restart every match is
    delivered, no match is delivered under two keys, and the only key seen twice is the
    one in flight at the kill (the crash window between "sent" and "recorded": the
    receiver drops the repeat by its Idempotency-Key)."""
    receiver.scripts["/slow"] = lambda n: (200, {}, 3.0 if n == 0 else 0.0)
    speaker = f"Dora Kill{unique_id[-6:]}"
    create(api, speaker=speaker, webhook_url=receiver.url("/slow"))
    env = {"QW_DELIVERY_CONCURRENCY": "1"}
    worker = start_worker(start_service, stack_env, unique_id, **env)
    events = [
        statement(f"{unique_id}-{i}", "v1", speaker, f"Statement number {i}.") for i in range(5)
    ]
    send(producer, *events)
    in_flight = receiver.wait("/slow", 1)[0]
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    time.sleep(3)  # the held request ends (its answer goes nowhere)
    start_worker(start_service, stack_env, unique_id, **env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len({r.key for r in receiver.at("/slow")}) < 5:
        time.sleep(0.1)
    time.sleep(2)
    got = receiver.at("/slow")
    keys = [r.key for r in got]
    statement_ids = {r.json["statement"]["statement_id"] for r in got}
    assert statement_ids == {e.statement_id for e in events}  # no loss
    assert len(set(keys)) == 5  # one key per match: never two deliveries of one match
    repeated = {k for k in keys if keys.count(k) > 1}
    assert repeated <= {in_flight.key}, repeated
    states = Ledger(es, f"deliveries-{unique_id}").states(sorted(set(keys)))
    assert set(states.values()) == {"delivered"} and len(states) == 5
    print(f"kill -9 mid-delivery: {len(got)} requests, {len(set(keys))} keys, repeated: {repeated}")


def test_digest_sends_one_message_per_alert_and_interval(
    api, receiver, producer, start_service, stack_env, unique_id
):
    speaker = f"Eli Digest{unique_id[-6:]}"
    alert = create(api, speaker=speaker, webhook_url=receiver.url("/digest"), digest_interval_s=3)
    start_worker(start_service, stack_env, unique_id)
    send(
        producer,
        *[statement(f"{unique_id}-{i}", "v1", speaker, f"Busy day, item {i}.") for i in range(4)],
    )
    got = receiver.wait("/digest", 1, timeout_s=30)
    time.sleep(4)
    got = receiver.at("/digest")
    matches = [m for r in got for m in r.json["matches"]]
    assert len(matches) == 4 and len({m["delivery_id"] for m in matches}) == 4
    assert len(got) <= 2  # 4 matches in at most two intervals, not 4 messages
    assert all(r.json["kind"] == "alert_digest" for r in got)
    assert all(verify(alert["secret"], r) is None for r in got)


def test_a_digest_resent_after_a_crash_holds_only_what_its_first_send_did_not(
    api, receiver, es, unique_id, stack_env
):
    """In process (no consumer needed): window W's digest went out holding match 1, the
    worker died before marking it; match 2 was queued late. The flush marks 1 without
    sending it again and sends 2 alone, under a follow-up key of W."""
    import threading
    from datetime import UTC, datetime

    from quotewire_alerts.ledger import DELIVERED
    from quotewire_alerts.settings import AlertsSettings
    from quotewire_alerts.worker import AlertsWorker, match_event, window_of
    from quotewire_common.alerts_store import ensure_alert_indices
    from quotewire_contracts.alerts import digest_id_for

    speaker = f"Fay Late{unique_id[-6:]}"
    created = create(api, speaker=speaker, webhook_url=receiver.url("/late"), digest_interval_s=60)
    env = worker_env(stack_env, unique_id)
    settings = AlertsSettings(
        es_url=env["QW_ES_URL"],
        es_node_class=env.get("QW_ES_NODE_CLASS"),
        alerts_index=env["QW_ALERTS_INDEX"],
        alert_deliveries_index=env["QW_ALERT_DELIVERIES_INDEX"],
        fetch_allow="127.0.0.1",
        health_file="",
    )
    ensure_alert_indices(es, settings)
    worker = AlertsWorker(None, None, es, settings, threading.Event())
    try:
        worker.book.maybe_reload(force=True)
        ca = worker.book.alerts[created["alert"]["alert_id"]]
        ms = [
            match_event(ca, statement(f"{unique_id}-{i}", "v1", speaker, f"Item {i}."))
            for i in (1, 2)
        ]
        start, end = window_of(60, datetime(2024, 3, 1, 9, 0, 30, tzinfo=UTC))
        due = datetime.fromtimestamp(end, UTC)
        for m in ms:
            worker.ledger.queue(
                m.delivery_id, due, m.webhook.model_dump(mode="json"), alert_id=m.alert_id
            )
        gid = digest_id_for(ca.alert_id, start)
        worker.ledger.claim(gid, alert_id=ca.alert_id, body={"delivery_ids": [ms[0].delivery_id]})
        worker.ledger.finish(gid, DELIVERED, 1, 200, "ok")
        assert worker.flush_digests() == 1
        got = receiver.wait("/late", 1)
        assert len(got) == 1 and got[0].key.startswith(gid + "-")
        assert [m["delivery_id"] for m in got[0].json["matches"]] == [ms[1].delivery_id]
        assert verify(created["secret"], got[0]) is None
        states = worker.ledger.states([m.delivery_id for m in ms])
        assert set(states.values()) == {DELIVERED}
        assert worker.flush_digests() == 0  # nothing left queued
    finally:
        worker.close()
