"""Search requests and responses as pure functions (no client, no server).

* ``q``: full text over ``content`` (english analyzer, boosted) and the article ``title``.
* ``speaker``: exact on ``speaker_canonical`` or, failing that, all words of it fuzzily
  (AUTO fuzziness) on ``speaker_canonical.text``; a filter, so it does not change scores.
* ``about``: statements whose content names someone or something (:func:`about_clause`).
* ``type``, ``source`` (the outlet): exact; ``since``/``until``: ``published`` range, dates
  or datetimes in ISO 8601; a date-only ``until`` includes that whole day.
* Results: by score (then newest) with ``q``, else newest first; a highlight of
  ``content``; the ``speakers`` facet (terms aggregation on ``speaker_canonical``) and
  the ``mentioned`` facet (on ``mentions.name``).
* Repeats: a quote repeated within one article (standfirst and body) is one result and
  counts once in the total and the facets. Where every statement says whether it is
  its quote's first occurrence in its article (``first_in_article``, from schema-4
  events) that is a filter on it and plain document counts (fast); otherwise, and for
  ``type`` / ``about``, where a repeat may match and its first occurrence not, a
  ``collapse`` on ``repeat_key`` and distinct-``repeat_key`` counts (slow on a large
  index: the cardinality aggregations dominate).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from quotewire_index.models import (
    MentionCount,
    OutletCount,
    SpeakerCount,
    SpeakersPage,
    StatementHit,
    StatementsPage,
)
from quotewire_index.names import fold, speaker_id

STATEMENT_TYPES = ("direct", "indirect", "mixed")
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's index.max_result_window default


def page_window(page: int, size: int) -> tuple[int, int]:
    """``(from, size)`` of a page; a page past the first :data:`MAX_RESULT_WINDOW` hits
    (which Elasticsearch does not page to) is empty, with the total and facets as ever
    (the export streams everything)."""
    if page * size > MAX_RESULT_WINDOW:
        return 0, 0
    return (page - 1) * size, size


@dataclass(frozen=True)
class StatementSearch:
    q: str | None = None
    speaker: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    page: int = 1
    size: int = 20
    source: str | None = None
    collapse: bool = True
    #: The speaker ids ``speaker`` resolved to in the registry (None: match the names).
    speaker_ids: tuple[str, ...] | None = None
    #: Someone or something the content names (see :func:`about_clause`).
    about: str | None = None

    def __post_init__(self) -> None:
        if self.page < 1 or self.size < 0:
            raise ValueError("page must be >= 1 and size >= 0")
        if self.type is not None and self.type not in STATEMENT_TYPES:
            raise ValueError(f"type must be one of {', '.join(STATEMENT_TYPES)}")
        for name in ("since", "until"):
            parse_bound(getattr(self, name), upper=name == "until")
        if _clean(self.about):
            about_clause(self.about)  # type: ignore[arg-type]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_bound(value: str | None, *, upper: bool) -> dict[str, str] | None:
    """A ``published`` range bound: ``{"gte": ...}`` / ``{"lte"|"lt": ...}``.

    Raises ``ValueError`` on anything that is not an ISO 8601 date or datetime.
    """
    value = _clean(value)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None and len(value) == 10:  # date only
        if upper:
            return {"lt": (day + timedelta(days=1)).isoformat()}
        return {"gte": day.isoformat()}
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 date or datetime: {value!r}") from None
    if moment.utcoffset() is not None:  # in UTC: Elasticsearch takes offsets up to ±18:00
        try:
            moment = moment.astimezone(UTC)
        except OverflowError:  # a bound past year 9999 or before year 1 in UTC
            moment = (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=UTC)
    return {"lte" if upper else "gte": moment.isoformat()}


def speaker_clause(speaker: str) -> dict[str, Any]:
    return {
        "bool": {
            "should": [
                {"term": {"speaker_canonical": speaker}},
                {
                    "match": {
                        "speaker_canonical.text": {
                            "query": speaker,
                            "fuzziness": "AUTO",
                            "operator": "and",
                        }
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def about_clause(about: str) -> dict[str, Any]:
    """``about=X``, the one definition (search, export, quotes; the alerts match the same):
    a statement is about X when one of its mentions' canonical names, folded (case,
    accents and Unicode forms), holds X's folded words as a phrase — ``putin`` finds
    "Vladimir Putin", ``nguyen`` finds "Nguyễn Văn An", ``van an`` too, ``an nguyen`` not.
    Raises ``ValueError`` when X has no word to match."""
    folded = fold(about)
    if not re.search(r"\w", folded):
        raise ValueError("about must contain a word")
    return {"match_phrase": {"mentions.name.folded": folded}}


#: A quote's first occurrence in its article (see :mod:`quotewire_index.docs`).
FIRST_IN_ARTICLE: dict[str, Any] = {"term": {"first_in_article": True}}
#: A repeat of a quote earlier in its article (few: the clause to leave out).
REPEAT: dict[str, Any] = {"term": {"first_in_article": False}}


def by_flag(params: StatementSearch) -> bool:
    """Whether repeats can be left out by ``first_in_article`` (given every statement
    has it): not with a filter on what a repeat may have and its first occurrence not
    (``type``, ``about``: mentions resolve in context), where only a collapse finds every
    quote that has a matching occurrence."""
    return not params.type and not _clean(params.about)


def build_statements_search(
    params: StatementSearch,
    facet_size: int = 20,
    flagged: bool = False,
    facets: bool = True,
    lean: bool = True,
) -> dict[str, Any]:
    """Keyword arguments for ``Elasticsearch.search`` (besides ``index``).

    ``flagged``: every statement in the index has ``first_in_article`` (see
    :func:`quotewire_index.search.repeats_flagged`); repeats are then left out by that
    flag where :func:`by_flag` allows, not by a collapse and distinct counts.
    ``facets``: False leaves out the aggregations (the caller has the facets: see
    :mod:`quotewire_index.speaker_facets`; flagged only).

    ``lean`` (the default) asks the same in the form the search server answers fastest:
    no ``match_all`` beside filters, repeats left out by ``must_not`` on the few
    statements flagged ``false`` rather than a filter on the many flagged ``true`` (the
    in-memory server's cost grows with the documents each clause matches; equal where
    every statement has the flag, which ``flagged`` says), and a highlight only where
    ``q`` searches ``content`` (a filter highlights nothing). ``lean=False``: the request
    as it was before (the benchmark's baseline)."""
    q = _clean(params.q)
    must: list[dict] = []
    if q:
        must.append({"multi_match": {"query": q, "fields": ["content^2", "title"]}})
    filters: list[dict] = []
    speaker = _clean(params.speaker)
    if params.speaker_ids is not None:
        filters.append({"terms": {"speaker_id": list(params.speaker_ids)}})
    elif speaker:
        filters.append(speaker_clause(speaker))
    about = _clean(params.about)
    if about:
        filters.append(about_clause(about))
    if params.type:
        filters.append({"term": {"type": params.type}})
    source = _clean(params.source)
    if source:
        filters.append({"term": {"source": source}})
    published: dict[str, str] = {}
    for bound in (parse_bound(params.since, upper=False), parse_bound(params.until, upper=True)):
        published.update(bound or {})
    if published:
        filters.append({"range": {"published": published}})
    flag = flagged and by_flag(params)
    must_not: list[dict] = []
    if flag and params.collapse:  # one result per quote: its first occurrence
        if lean:
            must_not.append(REPEAT)
        else:
            filters.append(FIRST_IN_ARTICLE)
    newest = {"published": {"order": "desc", "missing": "_last"}}
    sort: list[Any] = ["_score", newest] if q else [newest]
    sort.append({"statement_id": {"order": "asc"}})  # stable pages
    if not lean or not (must or filters):
        must = must or [{"match_all": {}}]
    query = {"must": must, "filter": filters, "must_not": must_not}
    body: dict[str, Any] = {
        "query": {"bool": {k: v for k, v in query.items() if v or (k == "filter" and not lean)}},
        "from_": page_window(params.page, params.size)[0],
        "size": page_window(params.page, params.size)[1],
        "sort": sort,
        "track_total_hits": True,
    }
    if q or not lean:
        body["highlight"] = HIGHLIGHT
    if flag and not facets:
        return body
    if flag:
        aggs = _facets(facet_size, counted=False)
        # with every statement among the hits, the facets still count quotes
        body["aggs"] = (
            aggs if params.collapse else {FIRSTS: {"filter": FIRST_IN_ARTICLE, "aggs": aggs}}
        )
        return body
    body["aggs"] = {**_facets(facet_size, counted=True), "quotes": QUOTES["quotes"]}
    if params.collapse:
        body["collapse"] = {"field": "repeat_key"}
    return body


#: The highlight of ``content`` (fragments with the ``q`` words in ``<em>``).
HIGHLIGHT: dict[str, Any] = {
    "fields": {"content": {"fragment_size": 200, "number_of_fragments": 3}},
}


def by_registry(params: StatementSearch) -> bool:
    """Whether a search's facets are its speakers' stored ones
    (:mod:`quotewire_index.speaker_facets`): by resolved speaker ids alone, one result
    per quote."""
    return (
        bool(params.speaker_ids)
        and params.collapse
        and not any(
            _clean(v)
            for v in (
                params.q,
                params.about,
                params.type,
                params.source,
                params.since,
                params.until,
            )
        )
    )


def facets_aggregation(size: int) -> dict[str, Any]:
    """The speakers, sources and mentioned facets counting documents (first occurrences)."""
    return _facets(size, counted=False)


#: The facets of the first occurrences, when the hits are every statement.
FIRSTS = "first_occurrences"


def _facets(size: int, counted: bool) -> dict[str, Any]:
    """The speakers, sources and mentioned facets; ``counted``: each bucket counts its
    distinct ``repeat_key`` (else its documents are the quotes)."""
    quotes = QUOTES if counted else {}
    sources: dict[str, Any] = {"terms": {"field": "source", "size": size}}
    if quotes:
        sources["aggs"] = quotes
    return {
        "speakers": _speaker_terms(size, counted),
        "sources": sources,
        "mentioned": mentioned_terms(size, counted),
    }


#: Quotes, not repeats: a quote repeated in one article (standfirst and body) counts once.
QUOTES: dict[str, Any] = {
    "quotes": {"cardinality": {"field": "repeat_key", "precision_threshold": 40000}}
}


def mentioned_terms(size: int, counted: bool = True) -> dict[str, Any]:
    """The most-mentioned names with their type (``mentions.key`` = ``type:name``),
    counted in quotes (``counted``: distinct ``repeat_key``, else documents)."""
    terms: dict[str, Any] = {"terms": {"field": "mentions.key", "size": size}}
    if counted:
        terms["aggs"] = QUOTES
    return terms


def parse_mentioned(agg: dict[str, Any] | None) -> list[MentionCount]:
    out = []
    for b in (agg or {}).get("buckets") or []:
        kind, _, name = str(b["key"]).partition(":")
        out.append(MentionCount(name=name, type=kind, count=_quotes(b)))
    return sorted(out, key=lambda m: (-m.count, m.name))


def _speaker_terms(size: int, counted: bool = True) -> dict[str, Any]:
    """Speakers by ``speaker_canonical`` with their type; ``counted`` (the collapse's
    facets): also each one's distinct ``repeat_key`` and its stored ``speaker_id`` (else
    the id is computed from the name, as the indexer computes it)."""
    sub: dict[str, Any] = {"speaker_type": {"terms": {"field": "speaker_type", "size": 1}}}
    if counted:
        sub |= {"speaker_id": {"terms": {"field": "speaker_id", "size": 1}}, **QUOTES}
    return {"terms": {"field": "speaker_canonical", "size": size}, "aggs": sub}


def _quotes(bucket: dict[str, Any]) -> int:
    value = (bucket.get("quotes") or {}).get("value")
    return int(value) if value is not None else int(bucket["doc_count"])


def _speaker_buckets(aggs: dict[str, Any] | None) -> list[SpeakerCount]:
    buckets = ((aggs or {}).get("speakers") or {}).get("buckets") or []
    out = []
    for b in buckets:
        types = (b.get("speaker_type") or {}).get("buckets") or []
        if "speaker_id" in b:
            ids = [str(i["key"]) for i in b["speaker_id"].get("buckets") or []]
        else:
            ids = [speaker_id(str(b["key"]))]
        out.append(
            SpeakerCount(
                name=str(b["key"]),
                count=_quotes(b),
                speaker_type=str(types[0]["key"]) if types else None,
                speaker_id=ids[0] if ids else None,
            )
        )
    return out


def _total(hits: dict[str, Any]) -> int:
    total = hits.get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def parse_statements_response(resp: dict[str, Any], params: StatementSearch) -> StatementsPage:
    hits = resp.get("hits") or {}
    out = []
    for h in hits.get("hits") or []:
        src = h.get("_source") or {}
        out.append(
            StatementHit(
                **{k: v for k, v in src.items() if k in StatementHit.model_fields},
                score=h.get("_score"),
                highlight=(h.get("highlight") or {}).get("content") or [],
            )
        )
    aggs = resp.get("aggregations") or {}
    aggs = aggs.get(FIRSTS) or aggs
    total = _total(hits)
    if params.collapse and "quotes" in aggs:
        total = min(total, _quotes({"quotes": aggs["quotes"], "doc_count": total}))
    sources = [
        OutletCount(name=str(b["key"]), count=_quotes(b))
        for b in (aggs.get("sources") or {}).get("buckets") or []
    ]
    return StatementsPage(
        total=total,
        page=params.page,
        size=params.size,
        hits=out,
        speakers=_speaker_buckets(aggs),
        sources=sources,
        mentioned=parse_mentioned(aggs.get("mentioned")),
        collapsed=params.collapse,
    )


def build_speakers_search(q: str | None, size: int = 20) -> dict[str, Any]:
    """Speakers with statement counts; ``q`` matches by prefix or fuzzily."""
    q = _clean(q)
    if q:
        query: dict[str, Any] = {
            "bool": {
                "should": [
                    {"prefix": {"speaker_canonical": {"value": q, "case_insensitive": True}}},
                    {
                        "match_bool_prefix": {
                            "speaker_canonical.text": {"query": q, "operator": "and"}
                        }
                    },
                    {
                        "match": {
                            "speaker_canonical.text": {
                                "query": q,
                                "fuzziness": "AUTO",
                                "operator": "and",
                            }
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
    else:
        query = {"match_all": {}}
    return {"query": query, "size": 0, "aggs": {"speakers": _speaker_terms(size)}}


def parse_speakers_response(resp: dict[str, Any]) -> SpeakersPage:
    return SpeakersPage(speakers=_speaker_buckets(resp.get("aggregations")))
