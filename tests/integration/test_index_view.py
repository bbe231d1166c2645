"""The search index is a view of the topics: it rebuilds itself.

Each test runs its own broker and search server (so the topics hold exactly what the test
wrote and the search server can be killed), and the indexer as a process. The index must
converge to exactly what the topics say: after a restart of the search server (empty, no
templates), after everything on it was deleted, and never into an index that lacks the
quotewire mapping.
"""

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from quotewire_common.es import make_es_client
from quotewire_common.kafka import ensure_topics, make_producer
from quotewire_common.lag import LagReader
from quotewire_common.settings import ElasticsearchSettings, KafkaSettings
from quotewire_contracts.topics import Topic
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import LocalServer, free_port, start_broker, start_search
from quotewire_devstack.services import ServiceProcess, script, service_env
from qw_events import T0, article_event, msg, processed, statement_event

pytestmark = pytest.mark.integration

ARTICLES = 12
PER_ARTICLE = 4


@dataclass
class Stack:
    broker: LocalServer
    search: LocalServer
    search_port: int
    kafka: KafkaSettings
    logs: Path
    indexer: ServiceProcess | None = None
    derived: ServiceProcess | None = None
    starts: int = 0

    @property
    def es_url(self) -> str:
        return f"http://127.0.0.1:{self.search_port}"

    def es(self) -> Elasticsearch:
        return make_es_client(
            ElasticsearchSettings(es_url=self.es_url, es_node_class=NODE_CLASS_PATH)
        )

    def restart_search(self) -> None:
        """kill -9 the search server and start an empty one on the same port."""
        self.search.process.kill()
        self.search.process.wait(10)
        self.search = start_search(port=self.search_port)

    def _env(self, extra: dict[str, str]) -> dict[str, str]:
        return service_env(
            self.kafka.bootstrap_servers,
            self.es_url,
            partitions=3,
            extra={
                "QW_INDEX_GROUP": "view-test",
                "QW_DERIVED_GROUP": "view-test-derived",
                "QW_HEALTH_FILE": "",
                "QW_POLL_TIMEOUT_MS": "200",
                "QW_VIEW_CHECK_INTERVAL_S": "0.5",
                **extra,
            },
        )

    def start_indexer(self, **extra: str) -> ServiceProcess:
        self.starts += 1
        log = self.logs / f"index-{self.starts}.log"  # one log per process
        env = self._env(extra)
        self.indexer = ServiceProcess("index", [script("quotewire-index")], env, log).start()
        return self.indexer

    def start_derived(self, **extra: str) -> ServiceProcess:
        self.starts += 1
        log = self.logs / f"derived-{self.starts}.log"
        env = self._env(extra)
        self.derived = ServiceProcess("derived", [script("quotewire-derived")], env, log).start()
        return self.derived


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    broker = start_broker()
    port = free_port()
    search = start_search(port=port)
    kafka = KafkaSettings(
        bootstrap_servers=broker.address,
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
        partitions=3,
    )
    ensure_topics(kafka)
    s = Stack(broker, search, port, kafka, tmp_path)
    try:
        yield s
    finally:
        for proc in (s.derived, s.indexer):
            if proc:
                proc.stop()
        s.search.stop()
        s.broker.stop()


def publish_history(kafka: KafkaSettings, sent: list | None = None) -> set[str]:
    """Articles with statements and markers; the first article also gets a second version
    that replaces its statements. Returns the statement ids the topics say exist (and
    appends every event published to ``sent``)."""
    producer = make_producer(kafka, "view-test")
    expected: set[str] = set()
    try:
        for a in range(ARTICLES):
            aid = f"view-{a}-{uuid.uuid4().hex[:6]}"
            events = [article_event(aid, "v1", f"Story {a}")]
            sts = [
                statement_event(aid, "v1", n, f"Speaker {n}", f"words {a} {n}")
                for n in range(PER_ARTICLE)
            ]
            events += [*sts, processed(aid, "v1", sts)]
            if a == 0:
                later = T0.replace(hour=10)
                v2 = [
                    statement_event(aid, "v2", n, "Speaker", f"new {n}", received=later)
                    for n in range(2)
                ]
                events += [
                    article_event(aid, "v2", "Story 0 again", received=later),
                    *v2,
                    processed(aid, "v2", v2, received=later),
                ]
                sts = v2
            expected |= {s.statement_id for s in sts}
            if sent is not None:
                sent += events
            for event in events:
                topic, key, value = msg(event)
                producer.send(topic, key=key.encode(), value=value)
        producer.flush(30)
    finally:
        producer.close()
    return expected


def indexed_ids(stack: Stack) -> set[str] | None:
    es = stack.es()
    try:
        es.indices.refresh(index="statements")
        hits = es.search(index="statements", size=1000, source=False)["hits"]["hits"]
        return {h["_id"] for h in hits}
    except Exception:  # noqa: BLE001 -- the server is restarting or the index not back yet
        return None
    finally:
        es.close()


def converge(stack: Stack, expected: set[str], timeout_s: float = 60.0) -> float:
    """Seconds until the index holds exactly ``expected``; fails on timeout."""
    started = time.monotonic()
    last = None
    while time.monotonic() - started < timeout_s:
        assert stack.indexer and stack.indexer.running(), stack.indexer.tail()
        last = indexed_ids(stack)
        if last == expected:
            return time.monotonic() - started
        time.sleep(0.2)
    missing = len(expected - (last or set()))
    extra = len((last or set()) - expected)
    raise AssertionError(
        f"index did not converge: {missing} missing, {extra} extra\n{stack.indexer.tail()}"
    )


def wait_for_log(proc: ServiceProcess, text: str, timeout_s: float = 30.0) -> str:
    deadline = time.monotonic() + timeout_s
    while text not in (tail := proc.tail(400)):
        assert proc.running() and time.monotonic() < deadline, tail
        time.sleep(0.2)
    return tail


def partitions_with_records(kafka: KafkaSettings) -> int:
    """How many partitions of the two topics hold at least one record."""
    reader = LagReader(kafka)
    try:
        tps = reader.partitions([Topic.ARTICLES, Topic.STATEMENTS])
        return sum(1 for end in reader.consumer.end_offsets(tps).values() if end > 0)
    finally:
        reader.close()


def wait_marked(stack: Stack, view_id: str, timeout_s: float = 30.0) -> None:
    """Wait until every partition that holds records has recorded that its committed offset
    belongs to ``view_id``. The indexer marks a partition after its first commit, which can
    trail the documents being searchable on a loaded machine; a restart before that reads
    the partition again (correct, but not what step 1 checks)."""
    want = partitions_with_records(stack.kafka)
    query = {"bool": {"filter": [{"term": {"what": "partition"}}, {"term": {"view_id": view_id}}]}}
    deadline = time.monotonic() + timeout_s
    while True:
        es = stack.es()
        try:
            es.indices.refresh(index="quotewire-view")
            marked = es.count(index="quotewire-view", query=query)["count"]
        finally:
            es.close()
        if marked >= want:
            return
        assert time.monotonic() < deadline, f"{marked}/{want} marked\n{stack.indexer.tail()}"
        time.sleep(0.2)


def test_the_index_rebuilds_itself_whatever_lost_it(stack):
    sent: list = []
    expected = publish_history(stack.kafka, sent)
    stack.start_indexer()
    stack.start_derived()
    converge(stack, expected)
    es = stack.es()
    first_view = es.get(index="quotewire-view", id="view:statements:articles")["_source"]
    es.close()
    wait_marked(stack, first_view["view_id"])

    # 1. a restarted indexer trusts its committed offsets: nothing is read again
    stack.indexer.stop()
    stack.start_indexer()
    tail = wait_for_log(stack.indexer, "partitions checked against view")
    assert "go on from their committed offset, 0 are read again" in tail
    assert indexed_ids(stack) == expected

    # 2. kill -9 of the in-memory search server: templates, indices and view are gone
    stack.restart_search()
    took = converge(stack, expected)
    print(f"\nrebuilt {len(expected)} statements after a search-server restart in {took:.1f}s")
    converge_derived(stack, sent, expected)  # the registry and clusters come back too
    es = stack.es()
    try:
        assert es.indices.exists_index_template(name="quotewire-statements")
        mapping = next(iter(es.indices.get_mapping(index="statements").values()))["mappings"]
        assert mapping["_meta"]["quotewire"]["kind"] == "statements"
        view = es.get(index="quotewire-view", id="view:statements:articles")["_source"]
        assert view["view_id"] != first_view["view_id"]
        es.indices.refresh(index="articles")
        assert es.count(index="articles")["count"] == ARTICLES
    finally:
        es.close()
    assert "view changed" in stack.indexer.tail(400)

    # 3. everything deleted on a live server (indices, templates, the view)
    es = stack.es()
    try:
        es.indices.delete(index="statements*,articles*,quotewire-view")
        es.indices.delete_index_template(name="quotewire-statements")
        es.indices.delete_index_template(name="quotewire-articles")
    finally:
        es.close()
    converge(stack, expected)

    # 4. only the statements index deleted by hand; the view document stays
    es = stack.es()
    try:
        (concrete,) = es.indices.get_alias(name="statements")
        es.indices.delete(index=concrete)
    finally:
        es.close()
    converge(stack, expected)

    # 5. on demand: `quotewire reindex --in-place` after statements went missing
    from quotewire_index.rebuild import reset_view

    es = stack.es()
    try:
        es.delete_by_query(index="statements", query={"match_all": {}}, refresh=True)
        assert reset_view(es, _settings(stack))
    finally:
        es.close()
    converge(stack, expected)


def test_never_writes_into_an_index_without_the_quotewire_mapping(stack):
    es = stack.es()
    try:  # somebody's index under the configured name (dynamic mapping, no _meta)
        es.indices.create(index="statements", mappings={"properties": {"x": {"type": "text"}}})
        expected = publish_history(stack.kafka)
        stack.start_indexer()
        deadline = time.monotonic() + 30
        while "NOT WRITING" not in stack.indexer.tail(50):
            assert time.monotonic() < deadline, stack.indexer.tail()
            time.sleep(0.3)
        es.indices.refresh(index="statements")
        assert es.count(index="statements")["count"] == 0
        assert stack.indexer.running()
        # once the foreign index is gone, the indexer builds its own and fills it
        es.indices.delete(index="statements")
    finally:
        es.close()
    converge(stack, expected)


def _settings(stack: Stack):
    from quotewire_index.settings import IndexSettings

    return IndexSettings(
        bootstrap_servers=stack.kafka.bootstrap_servers,
        es_url=stack.es_url,
        es_node_class=NODE_CLASS_PATH,
        index_group="view-test",
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
    )


def test_reindex_builds_new_indices_and_switches_the_aliases(stack):
    """``quotewire reindex``: a new generation with the current mapping, filled from the
    topics while the indexer keeps running, then the aliases switch; the old goes. The
    first run also moves indices of an older quotewire (bare names, no alias, no _meta)
    behind aliases."""
    from quotewire_index.indices import load_template, mapping_hash
    from quotewire_index.rebuild import reindex

    es = stack.es()
    for kind in ("statements", "articles"):  # as an older quotewire created them
        template = load_template(kind)["template"]
        mappings = dict(template["mappings"])
        mappings.pop("_meta")
        es.indices.create(index=kind, mappings=mappings, settings=template["settings"])
    sent: list = []
    expected = publish_history(stack.kafka, sent)
    stack.start_indexer()
    stack.start_derived()
    converge(stack, expected)  # written into the old-style indices
    converge_derived(stack, sent, expected)
    assert "NOT WRITING" not in stack.indexer.tail(300)
    try:
        report = reindex(es, _settings(stack))
        # the derived indices (speakers, quotes) were made by the workers: generation 1
        assert report.old == {
            "statements": "statements",
            "articles": "articles",
            "speakers": "speakers-000001",
            "quotes": "quotes-000001",
        }
        assert report.new == {k: f"{k}-000002" for k in report.old}
        assert report.counts_new == report.counts_old and report.switched

        seen = []
        report = reindex(es, _settings(stack), progress=lambda done, total: seen.append(total))
        assert report.switched and report.deleted_old
        assert report.new == {k: f"{k}-000003" for k in report.old}
        assert report.counts_new == report.counts_old
        assert report.counts_new["speakers"] > 0 and report.counts_new["quotes"] > 0
        assert seen and seen[-1] == report.records
        aliases = es.indices.get_alias(name="statements")
        assert list(aliases) == ["statements-000003"]
        assert not es.indices.exists(index="statements-000002")
        mapping = es.indices.get_mapping(index="statements-000003")["statements-000003"]
        assert mapping["mappings"]["_meta"]["quotewire"]["mapping"] == mapping_hash("statements")
    finally:
        es.close()
    assert indexed_ids(stack) == expected
    # the running indexer writes through the alias into the new generation
    more = publish_history(stack.kafka)
    converge(stack, expected | more)
    assert "view changed" not in stack.indexer.tail(300)


def test_reprocess_republishes_stored_articles_unchanged(stack):
    from datetime import datetime

    from kafka import KafkaConsumer, TopicPartition
    from quotewire_contracts import decode_article
    from quotewire_index.rebuild import reprocess

    expected = publish_history(stack.kafka)
    stack.start_indexer()
    converge(stack, expected)
    es, producer = stack.es(), make_producer(stack.kafka, "reprocess-test")
    try:
        settings = _settings(stack)
        all_of_them = reprocess(es, None, settings, dry_run=True)
        assert (all_of_them.matched, all_of_them.published) == (ARTICLES, ARTICLES)
        assert reprocess(es, None, settings, source="Nobody", dry_run=True).matched == 0
        since = datetime.fromisoformat("2024-03-01T09:30:00+00:00")  # only article 0's v2
        report = reprocess(es, producer, settings, since=since, source="Example Wire")
        assert (report.matched, report.published) == (1, 1)
    finally:
        producer.close(timeout=5)
        es.close()
    consumer = KafkaConsumer(bootstrap_servers=[stack.kafka.bootstrap_servers])
    try:
        tps = [TopicPartition("articles", p) for p in consumer.partitions_for_topic("articles")]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        events = []
        deadline = time.monotonic() + 20
        while len(events) < ARTICLES + 2 and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                events += [decode_article(r.value) for r in batch]
    finally:
        consumer.close()
    assert len(events) == ARTICLES + 2  # 12 articles, article 0 twice, plus the re-sent one
    resent = [e for e in events if e.article_version == "v2"]
    assert len(resent) == 2 and resent[0] == resent[1]
    assert indexed_ids(stack) == expected


# -- the derived worker: speakers registry and quote clusters behind the indexer --------


def derived_expected(events: list, present: set[str]) -> tuple[set[str], set[str]]:
    """The registry ids (speakers of the statements still indexed) and the quote variant
    ids (every statement published: variants are not retired) the topics call for."""
    from quotewire_contracts import StatementEvent
    from quotewire_index.names import quote_id, speaker_id

    sts = [e for e in events if isinstance(e, StatementEvent)]
    speakers = {speaker_id(e.speaker_canonical) for e in sts if e.statement_id in present}
    quotes = {quote_id(speaker_id(e.speaker_canonical), e.content) for e in sts}
    return speakers, quotes


def derived_state(stack: Stack) -> tuple[dict, dict] | None:
    """(registry documents, quote variants) by id, as stored now; None while unreachable."""
    es = stack.es()
    try:
        es.indices.refresh(index="statements,speakers,quotes")
        docs = {}
        for index in ("speakers", "quotes"):
            hits = es.search(index=index, size=5000)["hits"]["hits"]
            docs[index] = {h["_id"]: h["_source"] for h in hits}
        counts = es.search(
            index="statements",
            size=0,
            aggs={"ids": {"terms": {"field": "speaker_id", "size": 5000}}},
        )["aggregations"]["ids"]["buckets"]
        registry_ok = {b["key"]: b["doc_count"] for b in counts} == {
            sid: d["statements"] for sid, d in docs["speakers"].items()
        }
        return (docs["speakers"] if registry_ok else {}), docs["quotes"]
    except Exception:  # noqa: BLE001 -- the server is restarting or an index not back yet
        return None
    finally:
        es.close()


def converge_derived(stack: Stack, events: list, present: set[str], timeout_s=60.0) -> None:
    """Until the registry holds one document per speaker, counting exactly the statements
    indexed, and the quotes index one variant per (speaker, quote), each in a cluster."""
    speakers, quotes = derived_expected(events, present)
    deadline = time.monotonic() + timeout_s
    state = None
    while time.monotonic() < deadline:
        assert stack.derived and stack.derived.running(), stack.derived.tail()
        state = derived_state(stack)
        if state and set(state[0]) == speakers and set(state[1]) == quotes:
            assert all(v["cluster_id"] in quotes for v in state[1].values())
            return
        time.sleep(0.3)
    got = (set(state[0]), set(state[1])) if state else None
    raise AssertionError(
        f"derived indices did not converge: {got} != {(speakers, quotes)}\n{stack.derived.tail()}"
    )


def committed_statements(reader: LagReader, group: str) -> tuple[int, int]:
    """(committed, end) of ``statements`` for the group, summed over partitions."""
    lag = reader.snapshot({group: (Topic.STATEMENTS,)})[group]
    return sum(p.committed or 0 for p in lag.partitions), sum(p.end for p in lag.partitions)


def test_the_derived_worker_follows_the_indexer_and_converges_after_kill_9(stack):
    """The derived worker takes nothing the indexer has not committed (its registry
    documents aggregate the indexed statements); killed with -9 in the middle of its
    batches and started again, it converges: one registry document per speaker with the
    indexed count, one variant per quote, nothing doubled."""
    sent: list = []
    expected: set[str] = set()
    for _ in range(8):
        expected |= publish_history(stack.kafka, sent)
    small = {"QW_DERIVED_BATCH_SIZE": "10", "QW_DERIVED_HOLD_MS": "50"}
    stack.start_derived(**small)
    wait_for_log(stack.derived, "indexer running")
    reader = LagReader(stack.kafka)
    try:
        time.sleep(2.0)  # the indexer is not running: everything is held back
        assert committed_statements(reader, "view-test-derived")[0] == 0
        state = derived_state(stack)
        assert state is not None and state == ({}, {}), state

        stack.start_indexer()
        deadline = time.monotonic() + 90
        while True:
            done, end = committed_statements(reader, "view-test-derived")
            if 0 < done < end:
                break
            assert done < end and time.monotonic() < deadline, (done, end, stack.derived.tail())
            time.sleep(0.02)
        stack.derived.process.kill()  # kill -9 between two commits: mid-batch
        stack.derived.process.wait(10)
    finally:
        reader.close()
    print(f"\nderived worker killed at {done}/{end} statements")
    converge(stack, expected)
    stack.start_derived()
    converge_derived(stack, sent, expected)


def test_no_bands_of_another_scheme_are_mixed_in_until_reindexed(stack):
    """A quotes index made before the band scheme was recorded holds the first scheme's
    bands, which never match this version's: the derived worker writes nothing (says so
    loudly) while the statements path goes on; `quotewire reindex` builds the indices
    anew from the topics, and the derived worker then converges on them."""
    from quotewire_index.indices import index_mappings, load_template
    from quotewire_index.rebuild import reindex

    es = stack.es()
    try:
        mappings = index_mappings("quotes")
        mappings["_meta"]["quotewire"].pop("lsh")
        es.indices.create(
            index="quotes-000001",
            mappings=mappings,
            settings=load_template("quotes")["template"]["settings"],
            aliases={"quotes": {"is_write_index": True}},
        )
        sent: list = []
        expected = publish_history(stack.kafka, sent)
        stack.start_indexer()
        stack.start_derived()
        converge(stack, expected)
        tail = wait_for_log(stack.derived, "NOT WRITING")
        assert "minhash-96x32-seed10" in tail and "quotewire reindex" in tail
        es.indices.refresh(index="quotes,speakers")
        assert es.count(index="quotes")["count"] == 0
        report = reindex(es, _settings(stack))
        assert report.switched and report.new["quotes"] == "quotes-000002"
    finally:
        es.close()
    converge_derived(stack, sent, expected)
