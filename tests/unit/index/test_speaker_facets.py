"""A speaker's search facets kept in the registry (issue 11): stored from the registry
aggregation, merged over several ids as the search's own aggregations count them."""

from quotewire_index.registry import build_speakers_aggregation
from quotewire_index.speaker_facets import STORED, registry_facets, stored_facets


def _buckets(*pairs, sub=None):
    return {"buckets": [{"key": k, "doc_count": n, **(sub or {})} for k, n in pairs]}


def _agg(quotes, names, sources, mentioned):
    speakers = {"buckets": []}
    for name, n in names:
        speakers["buckets"].append(
            {"key": name, "doc_count": n, "speaker_type": _buckets(("person", n))}
        )
    return {
        "doc_count": quotes,
        "speakers": speakers,
        "sources": _buckets(*sources),
        "mentioned": _buckets(*mentioned),
    }


def test_the_registry_aggregation_counts_first_occurrences():
    sub = build_speakers_aggregation(["putin"])["aggs"]["ids"]["aggs"]["facets"]
    assert sub["filter"] == {"term": {"first_in_article": True}}
    assert set(sub["aggs"]) == {"speakers", "sources", "mentioned"}
    assert sub["aggs"]["sources"]["terms"]["size"] == STORED


def test_stored_facets_from_a_bucket():
    doc = stored_facets(_agg(5, [("Vladimir Putin", 5)], [("Wire A", 3), ("Wire B", 2)], []))
    assert doc == {
        "quotes": 5,
        "size": STORED,
        "speakers": [["Vladimir Putin", "person", 5]],
        "sources": [["Wire A", 3], ["Wire B", 2]],
        "mentioned": [],
    }
    assert stored_facets(None) is None


def test_merged_over_ids_by_count_then_name():
    full = stored_facets(
        _agg(7, [("Vladimir Putin", 7)], [("Wire B", 4), ("Wire A", 3)], [("place:Kyiv", 2)])
    )
    short = stored_facets(
        _agg(3, [("Putin", 3)], [("Wire A", 2), ("Wire C", 1)], [("person:Joe Biden", 2)])
    )
    f = registry_facets([{"facets": full}, {"facets": short}], 20)
    assert f.quotes == 10
    assert [(s.name, s.count, s.speaker_id) for s in f.speakers] == [
        ("Vladimir Putin", 7, "vladimir-putin"),
        ("Putin", 3, "putin"),
    ]
    assert [(s.name, s.count) for s in f.sources] == [("Wire A", 5), ("Wire B", 4), ("Wire C", 1)]
    assert [(m.type, m.name, m.count) for m in f.mentioned] == [
        ("person", "Joe Biden", 2),
        ("place", "Kyiv", 2),
    ]
    assert [s.name for s in registry_facets([{"facets": full}, {"facets": short}], 1).sources] == [
        "Wire A"
    ]


def test_no_stored_facets_means_aggregations():
    full = {"facets": stored_facets(_agg(1, [("A B", 1)], [], []))}
    assert registry_facets([full], 20).quotes == 1
    assert registry_facets([full, None], 20) is None  # one id not recomputed since
    assert registry_facets([full, {"speaker_id": "x"}], 20) is None
    assert registry_facets([full], STORED + 1) is None  # more entries asked than kept
    assert registry_facets([], 20) is None
