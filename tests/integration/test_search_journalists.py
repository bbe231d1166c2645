"""Search the way journalists ask (issue 10), in process against the real search server:
statements go through the indexer (its registry and quote-cluster steps included) into
private indices, and the search API (FastAPI app, in process) answers over them.

Speakers across articles in both arrival orders, an ambiguous surname, a role, a quote
syndicated by three outlets with one altered wording, a repeated standfirst, the outlet
filter, unknown parameters, an export past 10,000 statements, accent folding.
"""

import csv
import io
import json
from collections import namedtuple
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from quotewire_common.api_errors import ErrorBody
from quotewire_index.indexer import Indexer
from quotewire_index.indices import ensure_indices
from quotewire_index.search_api import create_app
from quotewire_index.settings import IndexSettings
from qw_events import T0, msg, statement_event

pytestmark = pytest.mark.integration

Record = namedtuple("Record", "topic partition offset key value headers")


@pytest.fixture
def world(es, es_settings, unique_id):
    """Private indices of every kind, an indexer writing to them, the API reading them."""
    names = {
        k: f"qwj-{k[:2]}-{unique_id}" for k in ("statements", "articles", "speakers", "quotes")
    }
    ensure_indices(es, names, update_templates=False)
    settings = IndexSettings(
        es_url=es_settings.es_url,
        es_node_class=es_settings.es_node_class,
        statements_index=names["statements"],
        articles_index=names["articles"],
        speakers_index=names["speakers"],
        quotes_index=names["quotes"],
        bulk_batch_size=5_000,
    )
    indexer = Indexer(es, settings, derived=True)
    offset = [0]

    def feed(*events):
        records = []
        for event in events:
            topic, key, value = msg(event)
            records.append(Record(topic, 0, offset[0], key.encode(), value, []))
            offset[0] += 1
        assert indexer.index(records) == []
        es.indices.refresh(index=",".join(names.values()))

    feed.indexer = indexer
    with TestClient(create_app(settings)) as client:
        yield feed, client, settings
    es.indices.delete(index=",".join(f"{n}*" for n in names.values()), ignore_unavailable=True)


def st(aid, n, speaker, content, source="Wire A", published=T0, mention="he", **kw):
    ev = statement_event(aid, "v1", n, speaker, content, published=published, **kw)
    article = ev.article.model_copy(
        update={"source": source, "url": f"https://{source.lower().replace(' ', '')}.example/{aid}"}
    )
    return ev.model_copy(update={"article": article, "speaker": mention})


def statements(client, **params):
    resp = client.get("/v1/statements", params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.mark.parametrize("short_first", [True, False], ids=["putin-first", "full-name-first"])
def test_surname_statements_found_by_full_name_in_both_orders(world, unique_id, short_first):
    feed, client, _ = world
    short = st(
        f"a1-{unique_id}",
        0,
        "Putin",
        "We will not retreat from Kherson at all.",
        mention="President Putin",
    )
    full = st(
        f"a2-{unique_id}",
        0,
        "Vladimir Putin",
        "The west is lying about the grain deal.",
        mention="The Russian President",
    )
    for ev in ([short], [full]) if short_first else ([full], [short]):
        feed(*ev)
    page = statements(client, speaker="Vladimir Putin")
    assert {h["content"] for h in page["hits"]} == {short.content, full.content}
    match = page["speaker_match"]
    assert match["speaker_id"] == "vladimir-putin" and not match["ambiguous"]
    link = {x["speaker_id"]: x for x in match["links"]}["putin"]
    assert link["via"] == "surname" and 0 < link["confidence"] < 1
    # the alias and the role find him too
    for query in ("Putin", "President Putin", "Russian President"):
        page = statements(client, speaker=query)
        assert page["total"] == 2, (query, page["speaker_match"])
        assert page["speaker_match"]["speaker_id"] == "vladimir-putin", query
    # one person in the speakers list
    listed = client.get("/v1/speakers", params={"q": "putin"}).json()["speakers"]
    assert [s["speaker_id"] for s in listed] == ["vladimir-putin"]
    assert listed[0]["count"] == 2 and "Putin" in listed[0]["aliases"]
    # the profile by id
    profile = client.get("/v1/speakers/vladimir-putin").json()
    assert profile["statements"] == 2 and profile["name"] == "Vladimir Putin"
    assert "Russian President" in profile["roles"] and "President Putin" in profile["aliases"]


def test_profile_lists_who_was_quoted_alongside(world, unique_id):
    feed, client, _ = world
    feed(
        st(f"c1-{unique_id}", 0, "Vladimir Putin", "We are ready to talk."),
        st(f"c1-{unique_id}", 1, "Dmitry Peskov", "Nothing is planned yet."),
        st(f"c2-{unique_id}", 0, "Putin", "The talks are over."),
        st(f"c2-{unique_id}", 1, "Dmitry Peskov", "No comment on this."),
        st(f"c2-{unique_id}", 2, "Olaf Berg", "We are watching closely."),
    )
    profile = client.get("/v1/speakers/Vladimir Putin").json()
    assert [(c["name"], c["count"]) for c in profile["co_speakers"]] == [
        ("Dmitry Peskov", 2),
        ("Olaf Berg", 1),
    ]


def test_ambiguous_surname_is_not_merged_and_said(world, unique_id):
    feed, client, _ = world
    feed(
        st(f"t1-{unique_id}", 0, "Donald Trump", "Tariffs are a beautiful word."),
        st(f"t2-{unique_id}", 0, "Melania Trump", "Be best, always, for the children."),
        st(f"t3-{unique_id}", 0, "Trump", "It was a perfect call, believe me."),
    )
    page = statements(client, speaker="Trump")
    match = page["speaker_match"]
    assert match["ambiguous"] is True
    assert {c["name"] for c in match["candidates"]} == {"Donald Trump", "Melania Trump"}
    assert [h["content"] for h in page["hits"]] == ["It was a perfect call, believe me."]
    page = statements(client, speaker="Donald Trump")
    assert [h["content"] for h in page["hits"]] == ["Tariffs are a beautiful word."]
    assert not page["speaker_match"]["ambiguous"]


def test_syndicated_quote_with_altered_wording_is_one_cluster(world, unique_id):
    feed, client, _ = world
    text = (
        "We have no plans to hold talks with anyone until the ceasefire is respected "
        "by all sides, and nobody should doubt that"
    )
    altered = text.replace("nobody should doubt that", "no one should doubt it")
    peskov = "Dmitry Peskov"
    feed(
        st(
            f"s2-{unique_id}",
            0,
            peskov,
            text,
            source="Wire B",
            published=T0 + timedelta(hours=2),
            mention="Kremlin spokesman",
        )
    )
    feed(
        st(
            f"s1-{unique_id}",
            0,
            peskov,
            "“" + text.upper() + "”",
            source="Wire A",
            published=T0,
            mention="Peskov",
        ),
        st(
            f"s3-{unique_id}",
            0,
            peskov,
            altered,
            source="Paper C",
            published=T0 + timedelta(hours=5),
        ),
        st(
            f"s4-{unique_id}",
            0,
            peskov,
            "Something else entirely was said about the weather in Moscow today",
            source="Paper C",
        ),
    )
    resp = client.get("/v1/quotes", params={"speaker": "Kremlin spokesman"})
    assert resp.status_code == 200, resp.text
    page = resp.json()
    assert page["speaker_match"]["speaker_id"] == "dmitry-peskov"
    top = page["clusters"][0]
    assert top["occurrences"] == 3
    assert sorted(top["outlets"]) == ["Paper C", "Wire A", "Wire B"]
    assert top["first_seen"]["source"] == "Wire A"
    assert top["first_seen"]["article_id"] == f"s1-{unique_id}"
    assert len(top["variants"]) == 2
    assert top["variants"][0]["similarity"] == 1.0 and 0.7 <= top["variants"][1]["similarity"] < 1
    assert page["total"] == 2  # the weather quote is its own cluster


@pytest.mark.parametrize("schema", [4, 3], ids=["flagged", "older-events-collapsed"])
def test_repeated_standfirst_is_one_result_unless_asked(world, unique_id, schema):
    """Schema-4 events say which statement repeats which (``repeat_of``, set by the extract
    worker): the search filters on the flag. Statements of older events have no flag:
    the search collapses them. The same answers either way."""
    feed, client, _ = world
    aid = f"r1-{unique_id}"
    quote = "The harvest will be the largest in a decade, the minister said."
    first = st(aid, 0, "Olena Koval", quote)
    sts = [
        first,
        st(aid, 3, "Olena Koval", quote.upper(), repeat_of=first.statement_id),
        st(aid, 5, "Olena Koval", "Exports resume on Monday."),
        st(f"r2-{unique_id}", 0, "Olena Koval", quote, source="Wire B"),  # another article
    ]
    if schema < 4:
        sts = [s.model_copy(update={"schema_version": schema, "repeat_of": None}) for s in sts]
    feed(*sts)
    page = statements(client, speaker="Olena Koval")
    assert page["total"] == 3 and len(page["hits"]) == 3
    if schema >= 4:  # the first occurrence is the one shown
        assert quote.upper() not in {h["content"] for h in page["hits"]}
    assert page["speakers"][0]["count"] == 3
    assert {s["name"]: s["count"] for s in page["sources"]} == {"Wire A": 2, "Wire B": 1}
    page = statements(client, speaker="Olena Koval", collapse="false")
    assert page["total"] == 4 and len(page["hits"]) == 4
    assert page["speakers"][0]["count"] == 3  # the facets count quotes all the same
    assert {s["name"]: s["count"] for s in page["sources"]} == {"Wire A": 2, "Wire B": 1}
    page = statements(client, q="harvest decade")
    assert page["total"] == 2 and {h["source"] for h in page["hits"]} == {"Wire A", "Wire B"}


def test_source_filters_and_facets(world, unique_id):
    feed, client, _ = world
    feed(
        st(f"o1-{unique_id}", 0, "Ana Lima", "Rates stay where they are.", source="Wire A"),
        st(f"o2-{unique_id}", 0, "Ana Lima", "Inflation is easing now.", source="Wire B"),
    )
    page = statements(client, source="Wire A")
    assert [h["source"] for h in page["hits"]] == ["Wire A"]
    page = statements(client, speaker="Ana Lima")
    assert {s["name"]: s["count"] for s in page["sources"]} == {"Wire A": 1, "Wire B": 1}


def test_unknown_and_invalid_parameters_are_422_lists(world):
    _, client, _ = world
    resp = client.get("/v1/statements", params={"sorce": "Wire A"})
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"] == ["query", "sorce"]
    for params in ({"since": "yesterday"}, {"size": 101}):
        resp = client.get("/v1/statements", params=params)
        assert resp.status_code == 422 and isinstance(resp.json()["detail"], list), params
    spec = client.get("/openapi.json").json()
    size = next(
        p for p in spec["paths"]["/v1/statements"]["get"]["parameters"] if p["name"] == "size"
    )
    assert size["schema"]["maximum"] == 100


def test_accents_fold_in_full_text(world, unique_id):
    feed, client, _ = world
    feed(st(f"f1-{unique_id}", 0, "Trần Văn", "Ông Nguyễn đã đến Hà Nội vào sáng nay."))
    assert statements(client, q="nguyen")["total"] == 1
    assert statements(client, q="ha noi")["total"] == 1
    assert statements(client, speaker="Tran Van")["total"] == 1


def test_export_streams_more_than_ten_thousand(world, unique_id):
    feed, client, _ = world
    n = 10_050
    events = [
        st(f"x{i // 50}-{unique_id}", i % 50, f"Speaker {i % 7}", f"Export line {i} said.")
        for i in range(n)
    ]
    for start in range(0, n, 5_000):
        feed(*events[start : start + 5_000])
    with client.stream("GET", "/v1/statements/export", params={"format": "jsonl"}) as resp:
        assert resp.status_code == 200
        rows = [json.loads(line) for line in resp.iter_lines() if line]
    assert len(rows) == n and len({r["statement_id"] for r in rows}) == n
    assert {"speaker_id", "content", "source", "url", "published", "title", "content_start"} <= set(
        rows[0]
    )
    resp = client.get("/v1/statements/export", params={"format": "csv", "speaker": "Speaker 3"})
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == sum(1 for i in range(n) if i % 7 == 3)
    assert rows[0]["speaker_id"] == "speaker-3"


def test_setup_upgrades_an_index_of_the_older_mapping(es, unique_id):
    """An index made before accent folding keeps working: setup adds the new fields (the
    analyzer change needs `quotewire reindex`), and the indexer can write again."""
    from quotewire_index.indices import load_template

    name = f"qwold-j-{unique_id}"
    mappings = load_template("statements")["template"]["mappings"]
    props = {
        k: v
        for k, v in mappings["properties"].items()
        if k not in {"speaker_id", "quote_id", "repeat_key", "mentions", "co_speakers"}
    }
    props = {
        **props,
        "content": {**props["content"], "analyzer": "english"},
        "title": {**props["title"], "analyzer": "english"},
        "speaker": {"type": "text", "fields": props["speaker"]["fields"]},
        "speaker_canonical": {**props["speaker_canonical"], "fields": {"text": {"type": "text"}}},
    }
    es.indices.create(index=name, mappings={**mappings, "properties": props})
    try:
        ensure_indices(es, {"statements": name}, update_templates=True)
        now = es.indices.get_mapping(index=name)[name]["mappings"]["properties"]
        assert now["speaker_id"]["type"] == "keyword" and now["repeat_key"]["type"] == "keyword"
        assert now["content"]["analyzer"] == "english"
        # issue 15's fields too, though this index has no "folded" analyzer for about=
        assert now["mentions"]["properties"]["name"]["type"] == "keyword"
        assert now["co_speakers"]["type"] == "keyword"
    finally:
        es.indices.delete(index=name, ignore_unavailable=True)
        ensure_indices(es, {"statements": "statements"}, update_templates=True)


def test_every_answer_is_in_the_openapi(world):
    """Each /v1 route publishes its 400/503/422 answers (one error body, Retry-After on
    503); a 404 body has that shape."""
    _, client, _ = world
    spec = client.get("/openapi.json").json()
    for path, item in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        responses = item["get"]["responses"]
        # /v1/pipeline reads Kafka, not Elasticsearch: no query for it to refuse (no 400)
        expected = {"422", "503"} if path == "/v1/pipeline" else {"400", "422", "503"}
        assert expected <= set(responses), path
        assert responses["503"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/ErrorBody"
        ), path
        assert "Retry-After" in responses["503"]["headers"], path
    resp = client.get("/v1/articles/no-such-article")
    assert resp.status_code == 404
    ErrorBody.model_validate(resp.json())  # the one error shape: a list of problems
    assert resp.json()["detail"][0]["type"] == "not_found"
    assert "404" in spec["paths"]["/v1/articles/{article_id}"]["get"]["responses"]


def test_spelling_variants_are_linked(world, unique_id):
    feed, client, _ = world
    feed(
        st(f"z1-{unique_id}", 0, "Volodymyr Zelensky", "We will defend every city."),
        st(f"z2-{unique_id}", 0, "Volodymyr Zelenskyy", "Our air defence needs more help."),
        st(f"z3-{unique_id}", 0, "Volodymyr Zelenko", "A different man altogether, truly."),
    )
    page = statements(client, speaker="Volodymyr Zelensky")
    links = {x["speaker_id"]: x for x in page["speaker_match"]["links"]}
    assert links["volodymyr-zelenskyy"]["via"] == "spelling"
    assert "volodymyr-zelenko" not in links
    assert page["total"] == 2


def test_registry_of_a_known_speaker_is_recomputed_when_due(world, unique_id, es):
    """A new speaker's document is written at once; a known one's at most every
    QW_REGISTRY_INTERVAL_S, and every pending one when the indexer flushes (idle, stop)."""
    feed, client, settings = world
    feed(st(f"d1-{unique_id}", 0, "Vladimir Putin", "First words."))
    feed(st(f"d2-{unique_id}", 0, "Vladimir Putin", "Second words.", mention="The Russian leader"))
    doc = es.get(index=settings.speakers_index, id="vladimir-putin")["_source"]
    assert doc["statements"] == 1 and "vladimir-putin" in feed.indexer.derived.pending
    assert feed.indexer.derived.flush_registry(force=True) == 1
    es.indices.refresh(index=settings.speakers_index)
    doc = es.get(index=settings.speakers_index, id="vladimir-putin")["_source"]
    assert doc["statements"] == 2 and doc["roles"] == ["Russian leader"]
    assert statements(client, speaker="Russian leader")["total"] == 2


def test_speaker_facets_come_from_the_registry_while_current(world, unique_id, es):
    """A search by speaker alone takes the speaker's facets from their registry document
    (issue 11) when its quotes add up to the search's live total, else aggregates them:
    the same answer as the aggregations either way."""
    from quotewire_index.query import StatementSearch
    from quotewire_index.search import search_statements

    feed, client, settings = world
    quote = "The bridge opens in spring."
    first = st(f"f1-{unique_id}", 0, "Mira Stoyan", quote)
    feed(
        first,
        st(f"f1-{unique_id}", 4, "Mira Stoyan", quote, repeat_of=first.statement_id),
        st(f"f2-{unique_id}", 0, "Mira Stoyan", "Tolls stay.", source="Wire B"),
        st(f"f3-{unique_id}", 0, "Mira Stoyan", "No delays.", source="Wire B"),
    )
    doc = es.get(index=settings.speakers_index, id="mira-stoyan")["_source"]
    assert doc["facets"]["quotes"] == 3 and doc["statements"] == 4
    assert doc["facets"]["sources"] == [["Wire B", 2], ["Wire A", 1]]

    def both():
        page = statements(client, speaker="Mira Stoyan")
        aggregated = search_statements(
            es,
            settings.statements_index,
            StatementSearch(speaker="Mira Stoyan"),
            settings.speakers_facet_size,
            settings.speakers_index,
            lean=False,
        ).model_dump(mode="json")
        for key in ("total", "hits", "speakers", "mentioned"):
            assert page[key] == aggregated[key], key
        return page, aggregated

    page, aggregated = both()
    assert page["total"] == 3 and page["sources"] == aggregated["sources"]
    assert page["speakers"] == [
        {
            "name": "Mira Stoyan",
            "count": 3,
            "speaker_type": "person",
            "speaker_id": "mira-stoyan",
            "aliases": [],
        }
    ]
    # the stored facets are what the search shows while they are current ...
    stored = {**doc["facets"], "sources": [["Wire Z", 3]]}
    es.update(index=settings.speakers_index, id="mira-stoyan", doc={"facets": stored})
    es.indices.refresh(index=settings.speakers_index)
    page, _ = both()
    assert page["sources"] == [{"name": "Wire Z", "count": 3}]
    # ... and not once the statements moved on: a known speaker's document waits for
    # QW_REGISTRY_INTERVAL_S, the search aggregates meanwhile
    feed(st(f"f4-{unique_id}", 0, "Mira Stoyan", "Open on time.", source="Wire C"))
    page, aggregated = both()
    assert page["total"] == 4
    assert page["sources"] == aggregated["sources"]
    assert {s["name"]: s["count"] for s in page["sources"]} == {
        "Wire A": 1,
        "Wire B": 2,
        "Wire C": 1,
    }
