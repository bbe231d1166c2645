"""Article view, speaker profile and outlets: request bodies and parsing (no servers)."""

from datetime import UTC, date, datetime

import pytest
from quotewire_contracts import article_text
from quotewire_index.browse import (
    build_article_statements,
    build_newest_statement,
    build_outlets,
    build_speaker_summary,
    build_speaker_timeline,
    doc_from_statement,
    fill_timeline,
    interval_start,
    next_start,
    parse_article_view,
    parse_speaker_summary,
    parse_timeline,
    timeline_interval,
)


def _ms(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000)


def test_article_statements_of_the_shown_version_in_text_order():
    body = build_article_statements("a1", "v2")
    assert body["query"]["bool"]["filter"] == [
        {"term": {"article_id": "a1"}},
        {"term": {"article_version": "v2"}},
    ]
    assert body["sort"][0] == {"content_start": {"order": "asc"}}


def test_article_view_text_and_spans_point_into_it():
    title, body = "Peskov denies report", "Dmitry Peskov said it was false.\n\nHe said more."
    text = article_text(title, body)
    start = text.index("it was false")
    doc = {
        "article_id": "a1",
        "article_version": "v1",
        "processed_version": "v1",
        "title": title,
        "body": body,
        "source": "AFP",
        "published": "2024-11-11T00:00:00Z",
    }
    resp = {
        "hits": {
            "hits": [
                {
                    "_source": {
                        "statement_id": "s1",
                        "speaker": "Dmitry Peskov",
                        "speaker_canonical": "Dmitry Peskov",
                        "type": "indirect",
                        "content": "it was false",
                        "cue": "said",
                        "content_start": start,
                        "content_end": start + 12,
                        "speaker_start": text.index("Dmitry"),
                        "speaker_end": text.index("Dmitry") + 13,
                        "cue_start": None,
                        "cue_end": None,
                        "title": "ignored",
                    }
                }
            ]
        }
    }
    view = parse_article_view(doc, resp)
    assert view.text == text and view.processed and view.source == "AFP"
    (s,) = view.statements
    assert text[slice(*s.content_span)] == s.content
    assert text[slice(*s.speaker_span)] == "Dmitry Peskov"
    assert s.cue_span is None


def test_article_view_of_a_version_not_yet_extracted_says_so():
    doc = {
        "article_id": "a1",
        "article_version": "v2",
        "processed_version": "v1",
        "title": "T",
        "body": "B",
    }
    view = parse_article_view(doc, {"hits": {"hits": []}})
    assert not view.processed and view.statements == [] and view.article_version == "v2"


def test_article_known_only_from_its_marker_has_no_text():
    doc = {"article_id": "a1", "processed_version": "v1", "title": "T"}
    view = parse_article_view(doc, {"hits": {"hits": []}})
    assert view.text is None and view.processed and view.article_version == "v1"


def test_speaker_summary_is_exact_with_facets_and_newest_first():
    body = build_speaker_summary("Dmitry Peskov", recent=5)
    assert body["query"] == {"bool": {"filter": [{"term": {"speaker_canonical": "Dmitry Peskov"}}]}}
    assert body["size"] == 5 and body["track_total_hits"] is True
    assert body["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}
    aggs = body["aggs"]
    assert aggs["outlets"]["terms"]["field"] == "source"
    assert aggs["written_as"]["terms"]["field"] == "speaker.raw"
    assert aggs["undated"] == {"missing": {"field": "published"}}
    hist = build_speaker_timeline("Dmitry Peskov", "week")["aggs"]["timeline"]["date_histogram"]
    assert hist["calendar_interval"] == "week" and hist["field"] == "published"


def test_parse_speaker_summary():
    resp = {
        "hits": {
            "total": {"value": 3},
            "hits": [
                {
                    "_source": {
                        "statement_id": "s1",
                        "article_id": "a1",
                        "article_version": "v1",
                        "speaker_canonical": "Dmitry Peskov",
                        "type": "mixed",
                        "content": "false",
                        "speaker_start": 3,
                    }
                }
            ],
        },
        "aggregations": {
            "first": {"value": float(_ms("2024-11-11"))},
            "last": {"value": float(_ms("2024-11-20"))},
            "undated": {"doc_count": 1},
            "outlets": {"buckets": [{"key": "AFP", "doc_count": 2}]},
            "written_as": {
                "buckets": [{"key": "he", "doc_count": 2}, {"key": "Peskov", "doc_count": 1}]
            },
            "types": {"buckets": [{"key": "mixed", "doc_count": 3}]},
            "speaker_type": {"buckets": [{"key": "person", "doc_count": 3}]},
        },
    }
    got = parse_speaker_summary("Dmitry Peskov", resp)
    assert got["statements"] == 3 and got["undated"] == 1 and got["speaker_type"] == "person"
    assert got["first_published"] == datetime(2024, 11, 11, tzinfo=UTC)
    assert got["last_published"] == datetime(2024, 11, 20, tzinfo=UTC)
    assert [(c.name, c.count) for c in got["written_as"]] == [("he", 2), ("Peskov", 1)]
    assert [c.name for c in got["outlets"]] == ["AFP"]
    assert got["recent"][0].statement_id == "s1"


def test_parse_speaker_summary_of_nobody():
    got = parse_speaker_summary("Nobody", {"hits": {"total": {"value": 0}, "hits": []}})
    assert got["statements"] == 0 and got["first_published"] is None and got["outlets"] == []


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (None, None, "day"),
        ("2024-01-01", "2024-01-01", "day"),
        ("2024-01-01", "2024-03-03", "day"),
        ("2024-01-01", "2024-06-01", "week"),
        ("2020-01-01", "2024-06-01", "month"),
        ("1990-01-01", "2024-06-01", "year"),
    ],
)
def test_timeline_interval_follows_the_span(first, last, expected):
    parse = lambda d: datetime.fromisoformat(d).replace(tzinfo=UTC) if d else None
    assert timeline_interval(parse(first), parse(last)) == expected


def test_interval_starts_and_steps():
    wed = date(2024, 11, 13)
    assert interval_start(wed, "day") == wed
    assert interval_start(wed, "week") == date(2024, 11, 11)  # Monday
    assert interval_start(wed, "month") == date(2024, 11, 1)
    assert interval_start(wed, "year") == date(2024, 1, 1)
    assert next_start(date(2024, 1, 31), "day") == date(2024, 2, 1)
    assert next_start(date(2024, 12, 1), "month") == date(2025, 1, 1)
    assert next_start(date(2024, 1, 1), "month") == date(2024, 2, 1)
    assert next_start(date(2024, 1, 1), "year") == date(2025, 1, 1)


def test_fill_timeline_fills_gaps_with_zero_and_merges_into_intervals():
    counts = {date(2024, 11, 11): 2, date(2024, 11, 13): 1, date(2024, 11, 27): 4}
    weeks = fill_timeline(counts, "week")
    assert [(b.start.isoformat(), b.count) for b in weeks] == [
        ("2024-11-11", 3),
        ("2024-11-18", 0),
        ("2024-11-25", 4),
    ]
    assert fill_timeline({}, "day") == []


def test_parse_timeline_from_epoch_keys():
    resp = {
        "aggregations": {
            "timeline": {
                "buckets": [
                    {"key": _ms("2024-11-11"), "doc_count": 2},
                    {"key": _ms("2024-11-13"), "doc_count": 1},
                ]
            }
        }
    }
    days = parse_timeline(resp, "day")
    assert [(b.start.isoformat(), b.count) for b in days] == [
        ("2024-11-11", 2),
        ("2024-11-12", 0),
        ("2024-11-13", 1),
    ]


def test_outlets_terms():
    assert build_outlets(7)["aggs"]["outlets"] == {"terms": {"field": "source", "size": 7}}


def test_article_known_only_from_its_statements():
    """No article document (the articles topic lags): the newest version's context, no text."""
    body = build_newest_statement("a1")
    assert body["query"]["bool"]["filter"] == [{"term": {"article_id": "a1"}}]
    assert body["sort"][0] == {"article_received_at": {"order": "desc", "missing": "_last"}}
    assert doc_from_statement({"hits": {"hits": []}}) is None
    doc = doc_from_statement(
        {
            "hits": {
                "hits": [
                    {
                        "_source": {
                            "article_id": "a1",
                            "article_version": "v3",
                            "title": "T",
                            "source": "AFP",
                            "content": "ignored",
                            "published": "2024-11-11T00:00:00Z",
                        }
                    }
                ]
            }
        }
    )
    view = parse_article_view(doc, {"hits": {"hits": []}})
    assert view.article_version == "v3" and view.title == "T" and view.source == "AFP"
    assert view.text is None and view.processed is None
