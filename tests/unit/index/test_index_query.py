import pytest
from quotewire_index.query import (
    StatementSearch,
    build_speakers_search,
    build_statements_search,
    by_registry,
    parse_bound,
    parse_speakers_response,
    parse_statements_response,
)


def _filters(body):
    return body["query"]["bool"].get("filter", [])


def test_empty_search_matches_all_newest_first():
    body = build_statements_search(StatementSearch())
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert _filters(body) == []
    assert body["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}
    assert body["from_"] == 0 and body["size"] == 20
    assert body["aggs"]["speakers"]["terms"]["field"] == "speaker_canonical"
    assert "highlight" not in body  # filters highlight nothing in content
    before = build_statements_search(StatementSearch(), lean=False)
    assert "content" in before["highlight"]["fields"]
    assert before["query"]["bool"] == {"must": [{"match_all": {}}], "filter": []}


def test_full_text_on_content_and_title_sorted_by_score():
    body = build_statements_search(StatementSearch(q="  false information "))
    mm = body["query"]["bool"]["must"][0]["multi_match"]
    assert mm["query"] == "false information"
    assert set(mm["fields"]) == {"content^2", "title"}
    assert body["sort"][0] == "_score"
    assert "content" in body["highlight"]["fields"]


def test_speaker_exact_or_fuzzy():
    (clause,) = _filters(build_statements_search(StatementSearch(speaker="Dmitry Peskov")))
    should = clause["bool"]["should"]
    assert {"term": {"speaker_canonical": "Dmitry Peskov"}} in should
    fuzzy = next(s for s in should if "match" in s)["match"]["speaker_canonical.text"]
    assert fuzzy["fuzziness"] == "AUTO" and fuzzy["operator"] == "and"


def test_type_and_date_range_filters():
    body = build_statements_search(
        StatementSearch(type="direct", since="2024-01-01", until="2024-01-31")
    )
    assert {"term": {"type": "direct"}} in _filters(body)
    assert {"range": {"published": {"gte": "2024-01-01", "lt": "2024-02-01"}}} in _filters(body)


def test_paging():
    body = build_statements_search(StatementSearch(page=3, size=10))
    assert (body["from_"], body["size"]) == (20, 10)


@pytest.mark.parametrize(
    ("value", "upper", "expected"),
    [
        (None, False, None),
        ("", True, None),
        ("2024-03-01", False, {"gte": "2024-03-01"}),
        ("2024-03-01", True, {"lt": "2024-03-02"}),
        ("2024-03-01T10:00:00Z", True, {"lte": "2024-03-01T10:00:00+00:00"}),
        ("2024-03-01T10:00:00+02:00", False, {"gte": "2024-03-01T08:00:00+00:00"}),
        # offsets Elasticsearch refuses (over ±18:00) are fine in UTC
        ("2024-03-01T10:00:00-23:30", True, {"lte": "2024-03-02T09:30:00+00:00"}),
    ],
)
def test_parse_bound(value, upper, expected):
    assert parse_bound(value, upper=upper) == expected


@pytest.mark.parametrize(
    "kwargs",
    [{"since": "yesterday"}, {"type": "quote"}, {"page": 0}],
)
def test_invalid_parameters(kwargs):
    with pytest.raises(ValueError):
        StatementSearch(**kwargs)


def test_a_page_past_the_result_window_is_empty_not_an_error():
    """Elasticsearch pages through the first 10,000 hits only: a later page asks for no
    hits (total and facets as ever) instead of failing."""
    assert build_statements_search(StatementSearch(page=100, size=100))["from_"] == 9_900
    past = build_statements_search(StatementSearch(page=101, size=100))
    assert (past["from_"], past["size"]) == (0, 0) and "aggs" in past


def test_parse_statements_response():
    resp = {
        "hits": {
            "total": {"value": 7, "relation": "eq"},
            "hits": [
                {
                    "_id": "s1",
                    "_score": 1.5,
                    "_source": {
                        "statement_id": "s1",
                        "article_id": "a1",
                        "article_version": "v1",
                        "speaker": "he",
                        "speaker_canonical": "Dmitry Peskov",
                        "speaker_type": "person",
                        "cue": "said",
                        "type": "mixed",
                        "content": "simply false information",
                        "confidence": 0.8,
                        "title": "T",
                        "published": "2024-01-01T00:00:00+00:00",
                        "content_start": 3,
                        "indexed_at": "2024-01-01T00:00:01+00:00",
                    },
                    "highlight": {"content": ["simply <em>false</em> information"]},
                }
            ],
        },
        "aggregations": {
            "speakers": {
                "buckets": [
                    {
                        "key": "Dmitry Peskov",
                        "doc_count": 7,
                        "speaker_type": {"buckets": [{"key": "person", "doc_count": 7}]},
                    }
                ]
            }
        },
    }
    page = parse_statements_response(resp, StatementSearch(page=1, size=1))
    assert page.total == 7 and page.page == 1
    hit = page.hits[0]
    assert hit.speaker_canonical == "Dmitry Peskov" and hit.score == 1.5
    assert hit.highlight == ["simply <em>false</em> information"]
    assert [(s.name, s.count, s.speaker_type) for s in page.speakers] == [
        ("Dmitry Peskov", 7, "person")
    ]


def test_speakers_search():
    body = build_speakers_search("pesk", size=5)
    assert body["size"] == 0 and body["aggs"]["speakers"]["terms"]["size"] == 5
    kinds = {next(iter(c)) for c in body["query"]["bool"]["should"]}
    assert kinds == {"prefix", "match_bool_prefix", "match"}
    assert build_speakers_search(None)["query"] == {"match_all": {}}
    page = parse_speakers_response(
        {"aggregations": {"speakers": {"buckets": [{"key": "X", "doc_count": 2}]}}}
    )
    assert page.speakers[0].name == "X" and page.speakers[0].count == 2


def test_outlet_filter_is_exact_and_blank_is_none():
    body = build_statements_search(StatementSearch(source=" AFP "))
    assert {"term": {"source": "AFP"}} in _filters(body)
    assert _filters(build_statements_search(StatementSearch(source="  "))) == []


def _has_cardinality(spec) -> bool:
    if isinstance(spec, dict):
        return "cardinality" in spec or any(_has_cardinality(v) for v in spec.values())
    return False


def test_repeats_are_collapsed_and_counted_distinct_without_the_flag():
    body = build_statements_search(StatementSearch(speaker="x"))
    assert body["collapse"] == {"field": "repeat_key"}
    assert _has_cardinality(body["aggs"]) and {"term": {"first_in_article": True}} not in (
        _filters(body)
    )


def test_with_the_flag_repeats_are_a_filter_and_counts_are_documents():
    body = build_statements_search(StatementSearch(speaker="x", source="Wire A"), flagged=True)
    assert "collapse" not in body and not _has_cardinality(body["aggs"])
    # the few repeats left out, not the many first occurrences filtered in
    assert body["query"]["bool"]["must_not"] == [{"term": {"first_in_article": False}}]
    assert "must" not in body["query"]["bool"]  # filters alone: no match_all to evaluate
    before = build_statements_search(StatementSearch(speaker="x"), flagged=True, lean=False)
    assert {"term": {"first_in_article": True}} in _filters(before)
    assert set(body["aggs"]) == {"speakers", "sources", "mentioned"}
    assert set(body["aggs"]["speakers"]["aggs"]) == {"speaker_type"}
    assert body["track_total_hits"] is True and "highlight" not in body


def test_facets_left_out_where_the_caller_has_them():
    """A search by resolved speaker ids alone may take its facets from the registry."""
    params = StatementSearch(speaker="x", speaker_ids=("x",))
    body = build_statements_search(params, flagged=True, facets=False)
    assert "aggs" not in body and body["track_total_hits"] is True
    assert body["query"]["bool"]["must_not"] == [{"term": {"first_in_article": False}}]
    assert by_registry(params)
    for other in ({"q": "war"}, {"source": "Wire A"}, {"since": "2024-01-01"}, {"collapse": False}):
        assert not by_registry(StatementSearch(speaker="x", speaker_ids=("x",), **other))
    assert not by_registry(StatementSearch(speaker="x"))  # not resolved: names matched


def test_with_the_flag_every_statement_shown_still_facets_first_occurrences():
    body = build_statements_search(StatementSearch(collapse=False), flagged=True)
    assert "collapse" not in body and _filters(body) == []
    (firsts,) = body["aggs"].values()
    assert firsts["filter"] == {"term": {"first_in_article": True}}
    assert set(firsts["aggs"]) == {"speakers", "sources", "mentioned"}
    assert not _has_cardinality(body["aggs"])


@pytest.mark.parametrize("kwargs", [{"type": "indirect"}, {"about": "putin"}])
def test_filters_a_repeat_may_match_alone_keep_the_collapse(kwargs):
    """A repeat may be indirect where its first occurrence is direct, or name someone
    its first occurrence resolves otherwise: only a collapse finds that quote."""
    body = build_statements_search(StatementSearch(**kwargs), flagged=True)
    assert body["collapse"] == {"field": "repeat_key"} and _has_cardinality(body["aggs"])


def _bucket(key, n, **sub):
    return {"key": key, "doc_count": n, **sub}


def test_flagged_responses_parse_to_the_same_page():
    facets = {
        "speakers": {
            "buckets": [
                _bucket(
                    "Dmitry Peskov",
                    4,
                    speaker_type={"buckets": [_bucket("person", 4)]},
                )  # no speaker_id sub-aggregation: the id is the name's, as indexed
            ]
        },
        "sources": {"buckets": [_bucket("Wire A", 3), _bucket("Wire B", 1)]},
        "mentioned": {"buckets": [_bucket("person:Vladimir Putin", 2)]},
    }
    hits = {"total": {"value": 6, "relation": "eq"}, "hits": []}
    # the hits are every statement (6); the facets count the 4 first occurrences
    every = parse_statements_response(
        {"hits": hits, "aggregations": {"first_occurrences": {"doc_count": 4, **facets}}},
        StatementSearch(collapse=False),
    )
    # the hits are the first occurrences: their total is the number of quotes
    firsts = parse_statements_response(
        {"hits": {**hits, "total": {"value": 4, "relation": "eq"}}, "aggregations": facets},
        StatementSearch(),
    )
    assert (every.total, firsts.total) == (6, 4)
    for page in (every, firsts):
        assert [(s.name, s.count, s.speaker_id) for s in page.speakers] == [
            ("Dmitry Peskov", 4, "dmitry-peskov")
        ]
        assert [(s.name, s.count) for s in page.sources] == [("Wire A", 3), ("Wire B", 1)]
        assert [(m.name, m.type, m.count) for m in page.mentioned] == [
            ("Vladimir Putin", "person", 2)
        ]
