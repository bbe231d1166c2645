"""The alerts matcher answers like the search API: for the same query over the same
statements, really indexed (statements template, speakers registry), the statements
the in-process matcher accepts are exactly the search API's hits. Also the backfill
(``--since``) of a new alert, which reads that index."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from elasticsearch.helpers import bulk
from quotewire_alerts.book import ServerAnalyzer
from quotewire_alerts.matcher import Candidate, compile_alert
from quotewire_contracts.alerts import Alert
from quotewire_index.docs import statement_action
from quotewire_index.indices import ensure_indices
from quotewire_index.query import StatementSearch
from quotewire_index.registry import build_speakers_aggregation, registry_actions
from quotewire_index.search import resolve, search_statements

from tests.integration.alerts_support import statement

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)

CORPUS = [
    # (speaker_canonical, content, title, source, type[, mentions])
    (
        "Vladimir Putin",
        "The wars in the region are running out of time.",
        "Kremlin talks",
        "AFP",
        "direct",
    ),
    (
        "Putin",
        "Talks with Kyiv resumed on Monday.",
        "Putin on talks",
        "Reuters",
        "indirect",
        (("Kyiv", "place"),),
    ),
    (
        "Dmitry Peskov",
        "This is simply false information.",
        "Kremlin denies report",
        "AFP",
        "mixed",
        (("Vladimir Putin", "person"), ("The Washington Post", "organization")),
    ),
    ("Donald Trump", "We are winning the war on inflation.", "Trump rally", "AP", "direct"),
    ("Melania Trump", "Children deserve better schools.", "First lady speaks", "AP", "direct"),
    (
        "Volodymyr Zelensky",
        "Ukraine will not surrender any territory.",
        "Zelensky in Kyiv",
        "Reuters",
        "direct",
    ),
    ("Nguyễn Văn An", "Trade with Vietnam is growing.", "Hanoi trade fair", "AFP", "indirect"),
    (
        "The Washington Post",
        "The talks were secret.",
        "Report on secret talks",
        None,
        "indirect",
        (("Nguyễn Văn An", "person"), ("Donald Trump", "person")),
    ),
]

QUERIES = [
    {"speaker": "Vladimir Putin"},
    {"speaker": "Putin"},
    {"speaker": "President Putin"},
    {"speaker": "Peskov"},
    {"speaker": "Dmitri Peskow"},  # fuzzy
    {"speaker": "Trump"},  # ambiguous: Donald and Melania
    {"speaker": "Nguyen Van An"},  # accents folded
    {"speaker": "Nobody Known"},
    {"text": "war"},  # stems: wars, war
    {"text": "talk"},  # content or title
    {"text": "running schools"},  # any word
    {"text": "the"},
    {"source": "AFP"},
    {"type": "indirect"},
    {"speaker": "Putin", "text": "talks"},
    {"speaker": "Trump", "source": "AP", "type": "direct"},
    {"text": "kremlin", "source": "AFP"},
    {"about": "putin"},  # a word of the canonical name
    {"about": "Nguyen"},  # accents folded
    {"about": "van an"},  # a phrase
    {"about": "an nguyen"},  # words out of order: no match
    {"about": "washington post", "source": "AFP"},
    {"about": "trump", "speaker": "The Washington Post"},
    {"about": "kyiv", "type": "direct"},
]


@pytest.fixture
def indexed(es, unique_id):
    names = {
        "statements": f"statements-{unique_id}",
        "articles": f"articles-{unique_id}",
        "speakers": f"speakers-{unique_id}",
        "quotes": f"quotes-{unique_id}",
    }
    ensure_indices(es, names, update_templates=False)
    events = [
        statement(
            f"{unique_id}-{i}",
            "v1",
            speaker,
            content,
            title=title,
            source=source,
            kind=kind,
            published=NOW - timedelta(days=2 if i % 2 == 0 else 30),
            mentions=mentions[0] if mentions else (),
        )
        for i, (speaker, content, title, source, kind, *mentions) in enumerate(CORPUS)
    ]
    bulk(es, [statement_action(ev, names["statements"], NOW) for ev in events], refresh=True)
    ids = sorted({statement_action(ev, "x", NOW)["_source"]["speaker_id"] for ev in events})
    agg = es.search(index=names["statements"], **build_speakers_aggregation(ids))
    bulk(es, registry_actions(agg.body, ids, names["speakers"], NOW), refresh=True)
    return names, events


def test_the_matcher_accepts_exactly_the_search_apis_hits(es, indexed):
    names, events = indexed
    analyze = ServerAnalyzer(es)
    nonempty = 0
    for query in QUERIES:
        search = {("q" if k == "text" else k): v for k, v in query.items()}
        params = StatementSearch(**search, size=100, collapse=False)
        page = search_statements(es, names["statements"], params, speakers_index=names["speakers"])
        expected = {h.statement_id for h in page.hits}
        resolved, _ = resolve(es, names["speakers"], params)
        alert = Alert(
            **query,
            alert_id="al-test",
            webhook_url="https://example.com/hook",
            created_at=NOW,
            speaker_ids=list(resolved.speaker_ids) if resolved.speaker_ids is not None else None,
        )
        compiled = compile_alert(alert, "secret", analyze)
        got = {
            ev.statement_id
            for ev in events
            if compiled.matches(
                Candidate.of(ev), lambda ev=ev: analyze([ev.content, ev.article.title])
            )
        }
        assert got == expected, (query, sorted(got), sorted(expected))
        nonempty += bool(expected) and expected != {e.statement_id for e in events}
    assert nonempty >= 16  # the queries select, they do not all answer nothing or everything


def test_backfill_since_delivers_past_matches_once(
    es, indexed, unique_id, stack_env, start_service, producer
):
    from fastapi.testclient import TestClient
    from quotewire_index.search_api import create_app
    from quotewire_index.settings import IndexSettings

    from tests.integration.alerts_support import Receiver, worker_env

    names, events = indexed
    receiver = Receiver().start()
    try:
        settings = IndexSettings(
            es_url=stack_env["QW_ES_URL"],
            es_node_class=stack_env.get("QW_ES_NODE_CLASS"),
            auth_required=False,
            alerts_index=f"alerts-{unique_id}",
            statements_index=names["statements"],
            speakers_index=names["speakers"],
            fetch_allow="127.0.0.1",
        )
        with TestClient(create_app(settings)) as api:
            resp = api.post(
                "/v1/alerts",
                json={"source": "AFP", "webhook_url": receiver.url("/bf"), "since": "7d"},
            )
            assert resp.status_code == 201, resp.text
            alert_id = resp.json()["alert"]["alert_id"]
        start_service("alerts", "quotewire-alerts", worker_env(stack_env, unique_id))
        # AFP statements: indices 0, 2 (2 days old) and 6 (2 days old); none 30 days old
        expected = {events[i].statement_id for i in (0, 2, 6)}
        receiver.wait("/bf", 3)
        time.sleep(2)
        got = receiver.at("/bf")
        assert {r.json["statement"]["statement_id"] for r in got} == expected
        assert len(got) == 3
        doc = es.get(index=f"alerts-{unique_id}", id=alert_id).body["_source"]
        assert doc["backfill_done_at"] is not None
    finally:
        receiver.stop()


def test_an_alerts_speaker_follows_the_registry_as_it_learns(es, unique_id):
    """An alert on "Kovac" made while the registry knows only the surname form; once
    a "Mila Kovac" article is indexed, re-resolution links both (like ``speaker=``)."""
    from quotewire_common.alerts_store import get_alert
    from quotewire_index.alerts_api import AlertCreate, create_alert, re_resolve_alerts
    from quotewire_index.settings import IndexSettings

    names = {"statements": f"statements-{unique_id}", "speakers": f"speakers-{unique_id}"}
    ensure_indices(es, names, update_templates=False)
    settings = IndexSettings(
        alerts_index=f"alerts-{unique_id}",
        statements_index=names["statements"],
        speakers_index=names["speakers"],
        fetch_allow="127.0.0.1",
    )

    def index(*events):
        bulk(es, [statement_action(ev, names["statements"], NOW) for ev in events], refresh=True)
        ids = sorted({statement_action(ev, "x", NOW)["_source"]["speaker_id"] for ev in events})
        agg = es.search(index=names["statements"], **build_speakers_aggregation(ids))
        bulk(es, registry_actions(agg.body, ids, names["speakers"], NOW), refresh=True)

    index(statement(f"{unique_id}-1", "v1", "Kovac", "First words."))
    created = create_alert(
        es, settings, AlertCreate(speaker="Kovac", webhook_url="http://127.0.0.1:9/hook")
    )
    assert created.alert.speaker_ids == ["kovac"]
    assert re_resolve_alerts(es, settings) == 0  # nothing new learnt
    index(statement(f"{unique_id}-2", "v1", "Mila Kovac", "Second words."))
    assert re_resolve_alerts(es, settings) == 1
    alert = get_alert(es, settings.alerts_index, created.alert.alert_id)
    assert alert.speaker_ids == ["kovac", "mila-kovac"]
    assert alert.resolved_at > created.alert.resolved_at
