import httpx
import pytest
from quotewire_contracts import ArticleEvent, StatementEvent
from quotewire_index.dead_letters import dlq_topic_for
from quotewire_index.decode import DeadLetter, Decoded, decode_record
from quotewire_index.kibana import import_saved_objects
from quotewire_index.loop import batch_offsets
from quotewire_index.plan import plan_segments
from quotewire_index.settings import IndexSettings
from qw_index_factories import Record, article, marker, record, statement


def test_decode_article_and_statement():
    a = decode_record(record(article()))
    s = decode_record(record(statement()))
    assert isinstance(a, Decoded) and isinstance(a.event, ArticleEvent)
    assert isinstance(s, Decoded) and isinstance(s.event, StatementEvent)


@pytest.mark.parametrize(
    "value", [b"not json", b"\xff\xfe", b'{"kind": "statement"}', b'{"kind": "nope"}']
)
def test_undecodable_is_dead_letter(value):
    result = decode_record(Record("statements", 1, 5, b"k", value, []))
    assert isinstance(result, DeadLetter)
    assert result.reason and result.error_class


def test_tombstone_is_dead_letter():
    assert isinstance(decode_record(Record("articles", 0, 1, b"k", None, [])), DeadLetter)


def test_dlq_topic_of_source():
    assert dlq_topic_for("statements") == "statements.dlq"
    assert dlq_topic_for("articles") == "articles.dlq"


def _decoded(*events):
    return [Decoded(record(e, offset=i), e) for i, e in enumerate(events)]


def _shape(segments):
    return [
        (
            [(d.event.article_id, d.event.article_version) for d in s.statements],
            [(d.event.article_id, d.event.article_version) for d in s.markers],
        )
        for s in segments
    ]


def test_normal_traffic_is_one_segment():
    items = _decoded(
        statement("a"), marker("a"), statement("b"), statement("b", span=(1, 2)), marker("b")
    )
    assert _shape(plan_segments(items)) == [
        ([("a", "v1"), ("b", "v1"), ("b", "v1")], [("a", "v1"), ("b", "v1")])
    ]


def test_statements_after_a_marker_of_their_article_start_a_new_segment():
    items = _decoded(
        statement("a", "v1"), marker("a", "v1"), statement("a", "v2"), marker("a", "v2")
    )
    assert _shape(plan_segments(items)) == [
        ([("a", "v1")], [("a", "v1")]),
        ([("a", "v2")], [("a", "v2")]),
    ]


def test_article_events_are_not_in_segments():
    assert plan_segments(_decoded(article())) == []


def test_batch_offsets():
    recs = [Record("statements", 0, o, None, b"", []) for o in (5, 3, 9)]
    recs.append(Record("articles", 2, 1, None, b"", []))
    spans = {(tp.topic, tp.partition): v for tp, v in batch_offsets(recs).items()}
    assert spans == {("statements", 0): (3, 9), ("articles", 2): (1, 1)}


def test_settings_from_env(monkeypatch):
    monkeypatch.setenv("QW_INDEX_GROUP", "g2")
    monkeypatch.setenv("QW_BULK_BATCH_SIZE", "50")
    monkeypatch.setenv("QW_KIBANA_URL", "")
    s = IndexSettings()
    assert (s.index_group, s.bulk_batch_size, s.search_port) == ("g2", 50, 8001)
    assert s.statements_index == "statements" and s.kibana_url is None


def test_kibana_import_posts_ndjson_with_xsrf_header(tmp_path):
    path = tmp_path / "objects.ndjson"
    path.write_text('{"type":"index-pattern","id":"statements"}\n')
    seen = {}

    def kibana(request: httpx.Request) -> httpx.Response:  # a Kibana stand-in
        if request.url.path == "/api/status":
            return httpx.Response(200, json={"status": {"overall": {"level": "available"}}})
        seen["path"] = request.url.path
        seen["query"] = dict(request.url.params)
        seen["xsrf"] = request.headers.get("kbn-xsrf")
        seen["body"] = request.read()
        return httpx.Response(200, json={"success": True, "successCount": 1})

    result = import_saved_objects(
        "http://kibana:5601", path, transport=httpx.MockTransport(kibana), timeout_s=5
    )
    assert result["successCount"] == 1
    assert seen["path"] == "/api/saved_objects/_import"
    assert seen["query"] == {"overwrite": "false"} and seen["xsrf"] == "true"
    assert b'"index-pattern"' in seen["body"]


def test_kibana_import_keeps_existing_objects(tmp_path):
    """Only missing objects are imported: existing ones come back as conflicts, which
    are kept (a newsroom's edits survive); any other error fails the import."""
    path = tmp_path / "objects.ndjson"
    path.write_text('{"type":"dashboard","id":"d"}\n{"type":"lens","id":"l"}\n')
    answer = {
        "success": False,
        "successCount": 1,
        "errors": [{"type": "dashboard", "id": "d", "error": {"type": "conflict"}}],
    }

    def kibana(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/status":
            return httpx.Response(200, json={})
        return httpx.Response(200, json=answer)

    result = import_saved_objects(
        "http://k", path, transport=httpx.MockTransport(kibana), timeout_s=5
    )
    assert result["keptCount"] == 1 and result["successCount"] == 1
    answer["errors"].append({"type": "lens", "id": "l", "error": {"type": "missing_references"}})
    with pytest.raises(RuntimeError, match="missing_references"):
        import_saved_objects("http://k", path, transport=httpx.MockTransport(kibana), timeout_s=5)
