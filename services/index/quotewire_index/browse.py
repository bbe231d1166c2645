"""Browsing the index: one article with its statements in place, one speaker's profile,
the outlets. Pure request builders and response parsers, plus the calls that join them
(one or two Elasticsearch requests each), shared by the API routes in
:mod:`quotewire_index.browse_api`.

* Article view: the ``articles`` document (title, body, the version whose text it holds)
  and the statements of *that* version in text order, so every span points into
  :func:`quotewire_contracts.article_text` of the shown title and body. Where the index
  has statements of an article but no document for it (the ``articles`` topic is indexed
  on its own and may lag), the view holds the newest version's statements and no text.
* Speaker profile: exact on ``speaker_canonical``; counts, first/last publication,
  outlets, the mentions as written, types, whom it talks about (the names its statements
  mention, ``mentioned``), newest statements, and a timeline whose
  interval follows the time span (day up to two months, week up to two years, month up
  to twenty years, else year), gaps filled with zero.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from elasticsearch import Elasticsearch, NotFoundError
from quotewire_contracts import article_text

from quotewire_index.models import (
    ArticleStatement,
    ArticleView,
    Count,
    OutletsPage,
    SpeakerProfile,
    StatementHit,
    TimelineBucket,
)
from quotewire_index.query import mentioned_terms, parse_mentioned
from quotewire_index.registry import resolve_speaker

Interval = Literal["day", "week", "month", "year"]
MAX_ARTICLE_STATEMENTS = 1_000
TERMS_SIZE = 20
NEWEST = {"published": {"order": "desc", "missing": "_last"}}


# --- article view ------------------------------------------------------------------------


def build_article_statements(article_id: str, version: str) -> dict[str, Any]:
    return {
        "query": {
            "bool": {
                "filter": [
                    {"term": {"article_id": article_id}},
                    {"term": {"article_version": version}},
                ]
            }
        },
        "size": MAX_ARTICLE_STATEMENTS,
        "sort": [{"content_start": {"order": "asc"}}, {"statement_id": {"order": "asc"}}],
    }


def _span(src: dict[str, Any], name: str) -> tuple[int, int] | None:
    start, end = src.get(f"{name}_start"), src.get(f"{name}_end")
    return (int(start), int(end)) if start is not None and end is not None else None


def article_statement(src: dict[str, Any]) -> ArticleStatement:
    fields = {k: v for k, v in src.items() if k in ArticleStatement.model_fields}
    return ArticleStatement(
        **fields,
        speaker_span=_span(src, "speaker"),
        cue_span=_span(src, "cue"),
        content_span=_span(src, "content"),
    )


def parse_article_view(doc: dict[str, Any], statements_resp: dict[str, Any]) -> ArticleView:
    version = doc.get("article_version") or doc.get("processed_version") or ""
    title, body = doc.get("title"), doc.get("body")
    hits = ((statements_resp.get("hits") or {}).get("hits")) or []
    return ArticleView(
        article_id=doc["article_id"],
        article_version=version,
        title=title,
        text=article_text(title or "", body) if body is not None else None,
        source=doc.get("source"),
        url=doc.get("url"),
        published=doc.get("published"),
        processed=None
        if doc.get("statements_only")
        else bool(version) and doc.get("processed_version") == version,
        statements=[article_statement(h.get("_source") or {}) for h in hits],
    )


def build_newest_statement(article_id: str) -> dict[str, Any]:
    """The article's statement of the newest version (by ingest time of the article)."""
    return {
        "query": {"bool": {"filter": [{"term": {"article_id": article_id}}]}},
        "size": 1,
        "sort": [{"article_received_at": {"order": "desc", "missing": "_last"}}],
    }


def doc_from_statement(resp: dict[str, Any]) -> dict[str, Any] | None:
    """An article document stand-in from a statement's article context (no body, so no
    text); ``None`` when the index has no statement of the article."""
    hits = (resp.get("hits") or {}).get("hits") or []
    if not hits:
        return None
    src = hits[0].get("_source") or {}
    keys = ("article_id", "article_version", "title", "source", "url", "published")
    return {k: src.get(k) for k in keys} | {"statements_only": True}


def get_article_view(
    es: Elasticsearch, articles_index: str, statements_index: str, article_id: str
) -> ArticleView | None:
    """The article and its statements, or ``None`` when the index has neither."""
    try:
        doc = es.get(index=articles_index, id=article_id).body.get("_source") or {}
    except NotFoundError:
        newest = es.search(index=statements_index, **build_newest_statement(article_id))
        doc = doc_from_statement(newest.body)
        if doc is None:
            return None
    doc.setdefault("article_id", article_id)
    version = doc.get("article_version") or doc.get("processed_version") or ""
    resp = es.search(index=statements_index, **build_article_statements(article_id, version))
    return parse_article_view(doc, resp.body)


# --- speaker profile ---------------------------------------------------------------------


def _exact_speaker(name: str, ids: list[str] | None = None) -> dict[str, Any]:
    if ids:
        return {"bool": {"filter": [{"terms": {"speaker_id": ids}}]}}
    return {"bool": {"filter": [{"term": {"speaker_canonical": name}}]}}


def _terms(field: str, size: int = TERMS_SIZE) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size}}


def build_speaker_summary(
    name: str, recent: int = 10, ids: list[str] | None = None
) -> dict[str, Any]:
    return {
        "query": _exact_speaker(name, ids),
        "size": recent,
        "sort": [NEWEST, {"statement_id": {"order": "asc"}}],
        "track_total_hits": True,
        "aggs": {
            "first": {"min": {"field": "published"}},
            "last": {"max": {"field": "published"}},
            "undated": {"missing": {"field": "published"}},
            "outlets": _terms("source"),
            "written_as": _terms("speaker.raw"),
            "types": _terms("type", 5),
            "speaker_type": _terms("speaker_type", 1),
            "mentioned": mentioned_terms(TERMS_SIZE),
        },
    }


def build_speaker_timeline(
    name: str, interval: Interval, ids: list[str] | None = None
) -> dict[str, Any]:
    return {
        "query": _exact_speaker(name, ids),
        "size": 0,
        "aggs": {
            "timeline": {
                "date_histogram": {
                    "field": "published",
                    "calendar_interval": interval,
                    "min_doc_count": 1,
                }
            }
        },
    }


def timeline_interval(first: datetime | None, last: datetime | None) -> Interval:
    if first is None or last is None:
        return "day"
    days = (last - first).days
    if days <= 62:
        return "day"
    if days <= 2 * 366:
        return "week"
    if days <= 20 * 366:
        return "month"
    return "year"


def interval_start(day: date, interval: Interval) -> date:
    """The first day of the calendar interval holding ``day`` (ISO weeks: Monday)."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def next_start(start: date, interval: Interval) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def fill_timeline(counts: dict[date, int], interval: Interval) -> list[TimelineBucket]:
    """Every interval from the first to the last bucket, zero where nothing was said."""
    if not counts:
        return []
    by_start: dict[date, int] = {}
    for day, n in counts.items():
        start = interval_start(day, interval)
        by_start[start] = by_start.get(start, 0) + n
    out, cursor, last = [], min(by_start), max(by_start)
    while cursor <= last:
        out.append(TimelineBucket(start=cursor, count=by_start.get(cursor, 0)))
        cursor = next_start(cursor, interval)
    return out


def _counts(agg: dict[str, Any] | None) -> list[Count]:
    return [
        Count(name=str(b["key"]), count=int(b["doc_count"]))
        for b in ((agg or {}).get("buckets") or [])
    ]


def _epoch_ms(agg: dict[str, Any] | None) -> datetime | None:
    value = (agg or {}).get("value")
    return datetime.fromtimestamp(value / 1000, UTC) if value is not None else None


def parse_speaker_summary(name: str, resp: dict[str, Any]) -> dict[str, Any]:
    """The profile's fields from the summary request (all but ``interval``/``timeline``)."""
    hits = resp.get("hits") or {}
    total = hits.get("total", 0)
    aggs = resp.get("aggregations") or {}
    kinds = _counts(aggs.get("speaker_type"))
    return {
        "name": name,
        "speaker_type": kinds[0].name if kinds else None,
        "statements": int(total["value"] if isinstance(total, dict) else total),
        "first_published": _epoch_ms(aggs.get("first")),
        "last_published": _epoch_ms(aggs.get("last")),
        "undated": int((aggs.get("undated") or {}).get("doc_count") or 0),
        "outlets": _counts(aggs.get("outlets")),
        "written_as": _counts(aggs.get("written_as")),
        "types": _counts(aggs.get("types")),
        "mentioned": parse_mentioned(aggs.get("mentioned")),
        "recent": [
            StatementHit(
                **{
                    k: v
                    for k, v in (h.get("_source") or {}).items()
                    if k in StatementHit.model_fields
                }
            )
            for h in hits.get("hits") or []
        ],
    }


def parse_timeline(resp: dict[str, Any], interval: Interval) -> list[TimelineBucket]:
    buckets = ((resp.get("aggregations") or {}).get("timeline") or {}).get("buckets") or []
    counts: dict[date, int] = {}
    for b in buckets:
        day = datetime.fromtimestamp(b["key"] / 1000, UTC).date()
        counts[day] = counts.get(day, 0) + int(b["doc_count"])
    return fill_timeline(counts, interval)


def _registry_match(es: Elasticsearch, speakers_index: str | None, name: str):
    """The registry's answer for a speaker id or name (None: unknown or no registry)."""
    if not speakers_index:
        return None
    doc = _get_doc(es, speakers_index, name)  # a speaker id
    try:
        return resolve_speaker(es, speakers_index, doc["name"] if doc else name)
    except NotFoundError:
        return None


def get_speaker_profile(
    es: Elasticsearch,
    index: str,
    name: str,
    recent: int = 10,
    speakers_index: str | None = None,
    quotes_index: str | None = None,
) -> SpeakerProfile | None:
    """The profile of a speaker id or name, or ``None`` when no statement is
    attributed to it. With the registry: the linked short forms' statements included,
    aliases, roles, links and (for an ambiguous surname) the candidates."""
    match = _registry_match(es, speakers_index, name)
    ids = [link.speaker_id for link in match.links] if match is not None else None
    shown = match.name if match is not None and match.name else name
    summary = parse_speaker_summary(
        shown, es.search(index=index, **build_speaker_summary(shown, recent, ids)).body
    )
    if summary["statements"] == 0:
        return None
    interval = timeline_interval(summary["first_published"], summary["last_published"])
    timeline: list[TimelineBucket] = []
    if summary["first_published"] is not None:
        resp = es.search(index=index, **build_speaker_timeline(shown, interval, ids))
        timeline = parse_timeline(resp.body, interval)
    extra: dict[str, Any] = {}
    if match is not None:
        extra = {
            "speaker_id": match.speaker_id,
            "links": match.links,
            "ambiguous": match.ambiguous,
            "candidates": match.candidates,
        }
        linked = [
            s for s in (_get_doc(es, speakers_index, link.speaker_id) for link in match.links) if s
        ]
        extra["aliases"] = _unique(
            [
                a
                for s in linked
                for a in [s["name"], *s.get("names", []), *s.get("aliases", [])]
                if a != shown
            ]
        )
        extra["roles"] = _unique([r for s in linked for r in s.get("roles", [])])
    if ids:
        extra["co_speakers"] = co_speakers(es, index, ids)
    if quotes_index and ids:
        from quotewire_index.query import StatementSearch
        from quotewire_index.quotes import search_quotes

        page = search_quotes(
            es, index, quotes_index, None, StatementSearch(speaker_ids=tuple(ids), size=0), size=5
        )
        extra["top_quotes"] = [c for c in page.clusters if c.occurrences > 1]
    return SpeakerProfile(**summary, interval=interval, timeline=timeline, **extra)


MAX_ARTICLES = 1_000


def co_speakers(es: Elasticsearch, index: str, ids: list[str], size: int = 10) -> list[Count]:
    """Speakers quoted in the same articles as ``ids`` (the newest 1,000 of them),
    by the number of articles in common."""
    resp = es.search(
        index=index,
        size=0,
        query={"terms": {"speaker_id": ids}},
        aggs={"a": {"terms": {"field": "article_id", "size": MAX_ARTICLES}}},
    )
    articles = [b["key"] for b in resp.body["aggregations"]["a"]["buckets"]]
    if not articles:
        return []
    resp = es.search(
        index=index,
        size=0,
        query={
            "bool": {
                "filter": [{"terms": {"article_id": articles}}],
                "must_not": [{"terms": {"speaker_id": ids}}],
            }
        },
        aggs={
            "s": {
                "terms": {"field": "speaker_canonical", "size": size},
                "aggs": {"articles": {"cardinality": {"field": "article_id"}}},
            }
        },
    )
    out = [
        Count(name=b["key"], count=int(b["articles"]["value"]))
        for b in resp.body["aggregations"]["s"]["buckets"]
    ]
    return sorted(out, key=lambda c: (-c.count, c.name))


def _get_doc(es: Elasticsearch, index: str | None, doc_id: str) -> dict[str, Any] | None:
    try:
        return es.get(index=index, id=doc_id).body.get("_source") if index else None
    except NotFoundError:
        return None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- outlets -----------------------------------------------------------------------------


def build_outlets(size: int) -> dict[str, Any]:
    return {"query": {"match_all": {}}, "size": 0, "aggs": {"outlets": _terms("source", size)}}


def get_outlets(es: Elasticsearch, index: str, size: int = 100) -> OutletsPage:
    resp = es.search(index=index, **build_outlets(size))
    return OutletsPage(outlets=_counts((resp.body.get("aggregations") or {}).get("outlets")))
