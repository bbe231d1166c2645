"""Index service over the network: real broker + search server, the indexer and the search
API as processes (console scripts), nothing mocked.

The module starts one indexer (its own consumer group, pre-committed at the current end
of the topics so it only sees this module's messages) and one search API. A test knows
its messages were handled when the indexer's committed offset passed them.
"""

import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata
from quotewire_common.dlq import read_dlq_headers
from quotewire_contracts import (
    DlqHeader,
)
from quotewire_devstack.servers import free_port
from quotewire_devstack.services import ServiceProcess, script
from quotewire_index.indices import ensure_indices, load_template
from qw_events import T0, article_event, msg, processed, statement_event
from typer.testing import CliRunner

pytestmark = pytest.mark.integration

TOPICS = ("articles", "statements")
HEALTHCHECK = Path(__file__).resolve().parents[2] / "deploy" / "healthcheck.py"


# -- fixtures ---------------------------------------------------------------------------


def _run_setup(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script("quotewire-index-setup")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def setup_runs(stack_env):
    """``quotewire-index-setup`` run twice against the session servers."""
    return [_run_setup(stack_env), _run_setup(stack_env)]


@pytest.fixture(scope="module")
def group() -> str:
    return "quotewire-index-test-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def offsets(kafka_settings, group):
    """A consumer of the indexer's group that only reads committed offsets."""
    consumer = _group_at_end(kafka_settings, group, TOPICS)
    yield consumer
    consumer.close(autocommit=False)


@pytest.fixture(scope="module")
def derived_offsets(kafka_settings, group):
    """The same for the derived worker's group (speakers registry, quote clusters)."""
    consumer = _group_at_end(kafka_settings, group + "-derived", ("statements",))
    yield consumer
    consumer.close(autocommit=False)


def _group_at_end(kafka_settings, group: str, topics) -> KafkaConsumer:
    """Commit the group's offsets at the current end of ``topics`` (earlier modules'
    messages are not ours); returns the (unsubscribed) consumer, to read commits."""
    consumer = KafkaConsumer(
        bootstrap_servers=kafka_settings.bootstrap_list, group_id=group, enable_auto_commit=False
    )
    tps = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t)]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    consumer.commit({tp: OffsetAndMetadata(consumer.position(tp), "", -1) for tp in tps})
    return consumer


@pytest.fixture(scope="module")
def services(stack_env, setup_runs, offsets, derived_offsets, group, tmp_path_factory):
    """The indexer, the derived worker and the search API, running for the whole module."""
    assert all(r.returncode == 0 for r in setup_runs), setup_runs[0].stderr[-2000:]
    port = free_port()
    logs = Path(tmp_path_factory.mktemp("index-logs"))
    env = {
        **stack_env,
        "QW_INDEX_GROUP": group,
        "QW_DERIVED_GROUP": group + "-derived",
        "QW_SEARCH_PORT": str(port),
        "QW_SEARCH_HOST": "127.0.0.1",
        "QW_POLL_TIMEOUT_MS": "200",
        "QW_HEALTH_FILE": str(logs / "index.alive"),
        "QW_HEALTH_INTERVAL_S": "0.5",
    }
    procs = [
        ServiceProcess("index", [script("quotewire-index")], env, logs / "index.log"),
        ServiceProcess(
            "derived",
            [script("quotewire-derived")],
            {**env, "QW_HEALTH_FILE": str(logs / "derived.alive"), "QW_REGISTRY_INTERVAL_S": "2"},
            logs / "derived.log",
        ),
        ServiceProcess(
            "search-api",
            [script("quotewire-search-api")],
            env,
            logs / "search-api.log",
            health_url=f"http://127.0.0.1:{port}/readyz",
        ),
    ]
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.wait_healthy(60)
        yield {"api": f"http://127.0.0.1:{port}", "procs": procs, "env": env}
    finally:
        for p in procs:
            p.stop()


@pytest.fixture
def api(services) -> str:
    return services["api"]


@pytest.fixture
def send_and_wait(producer, offsets, derived_offsets, services):
    """send_and_wait([(topic, key, value_bytes), ...]): produce in order, then wait until the
    indexer committed past every one of them (so its writes are acknowledged); with
    ``derived=True`` also the derived worker (the speakers registry is up to date)."""

    def run(messages, timeout_s: float = 30.0, derived: bool = False):
        sent = []
        for topic, key, value in messages:
            meta = producer.send(topic, key=key.encode(), value=value).get(timeout=30)
            sent.append((TopicPartition(topic, meta.partition), meta.offset))
        deadline = time.monotonic() + timeout_s
        waits = [(offsets, "indexer", sent)]
        if derived:
            waits.append(
                (derived_offsets, "derived worker", [s for s in sent if s[0].topic == "statements"])
            )
        for group, who, done in waits:
            for tp, offset in done:
                while (group.committed(tp) or 0) <= offset:
                    for p in services["procs"]:
                        assert p.running(), f"{p.name} died:\n{p.tail()}"
                    assert time.monotonic() < deadline, f"{who} did not commit {tp}@{offset}"
                    time.sleep(0.1)

    return run


def _search(api: str, path: str = "/v1/statements", **params) -> dict:
    resp = httpx.get(api + path, params={k: v for k, v in params.items() if v is not None})
    assert resp.status_code == 200, resp.text
    return resp.json()


def _ids(result: dict) -> set[str]:
    return {h["statement_id"] for h in result["hits"]}


# -- tests ------------------------------------------------------------------------------


def test_setup_is_idempotent(setup_runs, es):
    first, second = setup_runs
    assert first.returncode == 0 and second.returncode == 0, second.stderr[-2000:]
    lines = second.stdout.splitlines()
    assert "index statements: present" in lines and "index articles: present" in lines
    assert not [line for line in lines if line.startswith("topic") and "created" in line]
    assert "template quotewire-statements: updated" in lines
    # "statements" is an alias of the index generation that carries the mapping
    (mapping,) = [m["mappings"] for m in es.indices.get_mapping(index="statements").values()]
    assert mapping["_meta"]["quotewire"]["kind"] == "statements"
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"]["content"]["analyzer"] == "folded_english"


def test_setup_adds_new_template_fields_to_an_existing_index(es, unique_id):
    """An index made from an older template gains the new fields (article_received_at)."""
    names = {"statements": f"qwold-st-{unique_id}", "articles": f"qwold-ar-{unique_id}"}
    new_fields = {"statements": "article_received_at", "articles": "processed_received_at"}
    try:
        for kind, name in names.items():
            template = load_template(kind)["template"]
            mappings = template["mappings"]
            props = {k: v for k, v in mappings["properties"].items() if k != new_fields[kind]}
            es.indices.create(
                index=name,
                mappings={**mappings, "properties": props},
                settings=template["settings"],
            )
        ensure_indices(es, names, update_templates=True)
        for kind, name in names.items():
            props = es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
            assert props[new_fields[kind]]["type"] == "date"
    finally:
        es.indices.delete(index=",".join(names.values()), ignore_unavailable=True)
        ensure_indices(  # the shared templates back to their own patterns
            es, {"statements": "statements", "articles": "articles"}, update_templates=True
        )


def test_indexer_heartbeat_is_fresh_while_it_runs(services):
    """The poll loop beats QW_HEALTH_FILE; the image's healthcheck reads it."""
    beat = Path(services["env"]["QW_HEALTH_FILE"])
    deadline = time.monotonic() + 20
    while not beat.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    first = beat.stat().st_mtime
    time.sleep(1.5)
    assert beat.stat().st_mtime > first  # refreshed, not just created
    env = {"PATH": "/usr/bin:/bin", "QW_HEALTH_FILE": str(beat), "QW_HEALTH_MAX_AGE_S": "10"}
    check = subprocess.run(
        [sys.executable, str(HEALTHCHECK), "heartbeat"], env=env, capture_output=True, check=False
    )
    assert check.returncode == 0, check.stderr


def test_index_replay_and_new_version(send_and_wait, api, es, unique_id):
    aid, tag = unique_id, unique_id.replace("-", "")
    v1 = [
        statement_event(aid, "v1", 0, f"Dmitry Peskov {tag}", f"{tag} simply false information"),
        statement_event(aid, "v1", 1, f"Dmitry Peskov {tag}", f"{tag} no talks", "indirect"),
        statement_event(aid, "v1", 2, f"Anna Berg {tag}", f"{tag} talks are running", "mixed"),
    ]
    first = [article_event(aid, "v1", f"Story {tag}"), *v1, processed(aid, "v1", v1)]
    send_and_wait([msg(e) for e in first])
    es.indices.refresh(index="statements")

    result = _search(api, q=tag)
    assert result["total"] == 3 and _ids(result) == {s.statement_id for s in v1}
    facet = {s["name"]: s["count"] for s in result["speakers"]}
    assert facet == {f"Dmitry Peskov {tag}": 2, f"Anna Berg {tag}": 1}
    doc = es.get(index="articles", id=aid)["_source"]
    assert (doc["article_version"], doc["processed_version"], doc["statement_count"]) == (
        "v1",
        "v1",
        3,
    )

    # the same events again: same _ids, nothing added
    send_and_wait([msg(e) for e in first])
    es.indices.refresh(index="statements")
    assert _search(api, q=tag)["total"] == 3

    # a new version with other statements: only those remain
    v2 = [statement_event(aid, "v2", 5, f"Anna Berg {tag}", f"{tag} we changed our mind")]
    later = T0 + timedelta(minutes=10)
    send_and_wait(
        [msg(article_event(aid, "v2", f"Story {tag} updated", received=later))]
        + [msg(e) for e in v2]
        + [msg(processed(aid, "v2", v2))]
    )
    es.indices.refresh(index="statements")
    result = _search(api, q=tag)
    assert _ids(result) == {v2[0].statement_id}
    assert [h["article_version"] for h in result["hits"]] == ["v2"]
    assert es.count(index="statements", query={"term": {"article_id": aid}})["count"] == 1

    # a late copy of the old article event does not roll the article back
    send_and_wait([msg(article_event(aid, "v1", f"Story {tag}"))])
    doc = es.get(index="articles", id=aid)["_source"]
    assert doc["article_version"] == "v2" and doc["title"] == f"Story {tag} updated"
    assert (doc["processed_version"], doc["statement_count"]) == ("v2", 1)


def test_replay_of_same_version_with_other_spans_replaces_statements(
    send_and_wait, api, es, unique_id
):
    """After an extractor upgrade a replay of the same version finds other spans (other
    ids): the marker's statement_ids decide what stays, so nothing is doubled."""
    aid, tag = unique_id, unique_id.replace("-", "")
    a = statement_event(aid, "v1", 0, f"Anna Berg {tag}", f"{tag} kept words")
    b = statement_event(aid, "v1", 1, f"Bo Lind {tag}", f"{tag} stale words")
    c = statement_event(aid, "v1", 2, f"Cy Ma {tag}", f"{tag} new words", span=(500, 512))
    send_and_wait([msg(a), msg(b), msg(processed(aid, "v1", [a, b]))])
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {a.statement_id, b.statement_id}

    send_and_wait([msg(a), msg(c), msg(processed(aid, "v1", [a, c]))])
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {a.statement_id, c.statement_id}
    assert es.count(index="statements", query={"term": {"article_id": aid}})["count"] == 2
    doc = es.get(index="articles", id=aid)["_source"]
    assert (doc["processed_version"], doc["statement_count"]) == ("v1", 2)


def test_late_old_version_never_deletes_or_joins_the_new_one(send_and_wait, api, es, unique_id):
    """V1 + marker V1, V2 + marker V2, then a replay of V1 (``dlq replay``, a zombie
    worker): V1's marker must not retire V2's statements, V1's statements must not come
    back beside V2's, and processed_version stays V2."""
    aid, tag = unique_id, unique_id.replace("-", "")
    t1 = T0 + timedelta(minutes=10)
    v1 = [
        statement_event(aid, "v1", 0, f"Old {tag}", f"{tag} old words"),
        statement_event(aid, "v1", 1, f"Old {tag}", f"{tag} more old words"),
    ]
    v2 = [statement_event(aid, "v2", 2, f"New {tag}", f"{tag} new words", received=t1)]
    send_and_wait([msg(e) for e in [*v1, processed(aid, "v1", v1)]])
    send_and_wait([msg(e) for e in [*v2, processed(aid, "v2", v2, received=t1)]])
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {v2[0].statement_id}

    # the replay: V1's statements and marker again (one batch or several)
    send_and_wait([msg(e) for e in [*v1, processed(aid, "v1", v1)]])
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {v2[0].statement_id}
    assert es.count(index="statements", query={"term": {"article_id": aid}})["count"] == 1
    doc = es.get(index="articles", id=aid)["_source"]
    assert (doc["processed_version"], doc["statement_count"]) == ("v2", 1)
    assert doc["processed_received_at"] == t1.isoformat()

    # only a dead-lettered V1 statement replayed (no marker follows): not written either
    send_and_wait([msg(v1[0])])
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {v2[0].statement_id}

    # V2 replayed together with a late V1 in one send: still V2 only
    send_and_wait(
        [msg(e) for e in [*v2, processed(aid, "v2", v2, received=t1), *v1]]
        + [msg(processed(aid, "v1", v1))]
    )
    es.indices.refresh(index="statements")
    result = _search(api, q=tag)
    assert _ids(result) == {v2[0].statement_id}
    assert [h["article_version"] for h in result["hits"]] == ["v2"]
    assert es.get(index="articles", id=aid)["_source"]["processed_version"] == "v2"


def test_dead_letter_over_the_request_size_is_truncated_not_retried_forever(
    send_and_wait, read_topic, api, es, unique_id
):
    """A ~1 MB message the broker accepted, plus the reason headers, would not fit one
    producer request: the indexer cuts the dead letter to fit and commits the batch."""
    aid, tag = unique_id, unique_id.replace("-", "")
    huge = b"not json " + b"x" * 1_040_000
    good = statement_event(aid, "v1", 0, f"Good {tag}", f"{tag} fine words")
    send_and_wait([("statements", aid, huge), msg(good)])
    dead = read_topic("statements.dlq", lambda r: r.key == aid.encode(), count=1, timeout_s=20)
    assert dead
    headers = read_dlq_headers(dead[0].headers)
    assert headers[DlqHeader.TRUNCATED] == str(len(huge))
    assert headers[DlqHeader.SERVICE] == "index" and headers[DlqHeader.REASON]
    assert huge.startswith(dead[0].value) and len(dead[0].value) < len(huge)
    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {good.statement_id}


def test_bad_messages_go_to_dlq_and_good_ones_still_index(
    send_and_wait, read_topic, api, es, unique_id
):
    aid, tag = unique_id, unique_id.replace("-", "")
    # passes the contract decoder, but the span overflows the integer mapping in ES
    unmappable = statement_event(aid, "v1", 0, f"Bad {tag}", f"{tag} bad", span=(0, 3_000_000_000))
    good = statement_event(aid, "v1", 1, f"Good {tag}", f"{tag} fine words")
    send_and_wait([("statements", aid, b"this is not json"), msg(unmappable), msg(good)])
    dead = read_topic("statements.dlq", lambda r: r.key == aid.encode(), count=2, timeout_s=20)
    assert len(dead) == 2
    by_value = {r.value: read_dlq_headers(r.headers) for r in dead}
    not_json = by_value[b"this is not json"]
    assert not_json[DlqHeader.SERVICE] == "index"
    assert not_json[DlqHeader.SOURCE_TOPIC] == "statements" and not_json[DlqHeader.REASON]
    mapping = by_value[unmappable.model_dump_json().encode()]
    assert mapping[DlqHeader.ERROR_CLASS] == "mapper_parsing_exception"
    assert "content_end" in mapping[DlqHeader.REASON]

    es.indices.refresh(index="statements")
    assert _ids(_search(api, q=tag)) == {good.statement_id}


def test_search_filters_facets_and_cli(send_and_wait, api, es, unique_id):
    tag = unique_id.replace("-", "")
    a, b = unique_id + "-a", unique_id + "-b"
    jan, mar = datetime(2024, 1, 10, tzinfo=UTC), datetime(2024, 3, 5, tzinfo=UTC)
    peskov, putin = f"Dmitry Peskov {tag}", f"Vladimir Putin {tag}"
    events = [
        statement_event(a, "v1", 0, peskov, f"{tag} the report is running late", "direct", jan),
        statement_event(a, "v1", 1, putin, f"{tag} sanctions will fail", "indirect", jan),
        statement_event(b, "v1", 0, peskov, f"{tag} simply false information", "mixed", mar),
        statement_event(
            b,
            "v1",
            1,
            f"The Washington Post {tag}",
            f"{tag} talks stalled",
            "indirect",
            mar,
            speaker_type="organization",
        ),
    ]
    send_and_wait([msg(e) for e in events], derived=True)
    es.indices.refresh(index="statements")

    everything = _search(api, q=tag)
    assert everything["total"] == 4
    assert {s["name"]: s["count"] for s in everything["speakers"]} == {
        peskov: 2,
        putin: 1,
        f"The Washington Post {tag}": 1,
    }

    # english analyzer: "run" finds "running"; highlight of content
    hit = _search(api, q=f"{tag} run", speaker=peskov, type="direct")["hits"]
    assert [h["statement_id"] for h in hit] == [events[0].statement_id]
    assert any("<em>" in frag for frag in hit[0]["highlight"])

    assert _ids(_search(api, q=tag, speaker=peskov)) == {
        events[0].statement_id,
        events[2].statement_id,
    }
    # fuzzy speaker: one typo
    assert _ids(_search(api, q=tag, speaker=f"Dmitri Peskov {tag}")) == {
        events[0].statement_id,
        events[2].statement_id,
    }
    assert _ids(_search(api, q=tag, type="indirect")) == {
        events[1].statement_id,
        events[3].statement_id,
    }
    assert _ids(_search(api, q=tag, since="2024-03-01")) == {
        events[2].statement_id,
        events[3].statement_id,
    }
    assert _ids(_search(api, q=tag, until="2024-01-10")) == {
        events[0].statement_id,
        events[1].statement_id,
    }
    assert _search(api, q=tag, since="2024-02-01", until="2024-02-28")["total"] == 0
    paged = _search(api, q=tag, size=3, page=2)
    assert paged["total"] == 4 and len(paged["hits"]) == 1

    bad = httpx.get(api + "/v1/statements", params={"since": "last week"})
    assert bad.status_code == 422

    speakers = _search(api, "/v1/speakers", q=f"vladimir putin {tag}")["speakers"]
    assert [(s["name"], s["count"]) for s in speakers] == [(putin, 1)]
    prefix = _search(api, "/v1/speakers", q="The Washington")["speakers"]
    assert f"The Washington Post {tag}" in {s["name"] for s in prefix}

    from quotewire_cli.main import build_app

    out = CliRunner().invoke(
        build_app(), ["search", tag, "--speaker", putin, "--api", api], env={"COLUMNS": "200"}
    )
    assert out.exit_code == 0, out.output
    assert "sanctions will fail" in out.output and "indirect" in out.output


def test_unreachable_search_server_commits_nothing_and_retries(
    kafka_settings, es_settings, es, producer, unique_id
):
    """In-process steps with a real consumer: a batch that cannot be written is not
    committed; the consumer is rewound and the same records are written later."""
    from quotewire_common.es import make_es_client
    from quotewire_common.kafka import make_consumer
    from quotewire_index.indexer import Indexer
    from quotewire_index.loop import IndexWorker
    from quotewire_index.settings import IndexSettings

    group = "qw-index-retry-" + unique_id
    settings = IndexSettings(
        bootstrap_servers=kafka_settings.bootstrap_servers,
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
        max_poll_interval_ms=30000,
        es_url=es_settings.es_url,
        es_node_class=es_settings.es_node_class,
        index_group=group,
        statements_index=f"statements-{unique_id}",  # the module's indexer writes elsewhere
        bulk_initial_backoff_s=0.05,
        bulk_max_backoff_s=0.1,
    )
    watcher = _group_at_end(kafka_settings, group, ["statements"])
    event = statement_event(unique_id, "v1", 0, "Somebody", "words that wait")
    topic, key, value = msg(event)
    meta = producer.send(topic, key=key.encode(), value=value).get(timeout=30)
    tp = TopicPartition("statements", meta.partition)
    before = watcher.committed(tp)

    dead_es = make_es_client(
        settings.model_copy(update={"es_url": f"http://127.0.0.1:{free_port()}"})
    )
    consumer = make_consumer(settings, group, ["statements"])
    try:
        worker = IndexWorker(consumer, producer, Indexer(dead_es, settings), settings)

        def poll_ours():
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                records = [r for b in consumer.poll(timeout_ms=500).values() for r in b]
                if any(r.key == unique_id.encode() for r in records):
                    return records
            raise AssertionError("record not delivered")

        assert worker.process(poll_ours()) is False
        assert watcher.committed(tp) == before
        assert not es.indices.exists(index=settings.statements_index)

        worker.indexer = Indexer(es, settings)
        assert worker.process(poll_ours()) is True  # redelivered after the rewind
        assert watcher.committed(tp) > meta.offset
        assert es.exists(index=settings.statements_index, id=event.statement_id)
    finally:
        es.indices.delete(index=settings.statements_index, ignore_unavailable=True)
        consumer.close(autocommit=False)
        watcher.close(autocommit=False)
        dead_es.close()
