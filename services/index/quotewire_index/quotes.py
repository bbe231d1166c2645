"""``GET /v1/quotes``: quote clusters with where they ran first and how often.

Three requests: (1) the statements matching the filters, grouped by ``quote_id``;
(2) the ``quotes`` index maps those variants to their clusters and gives every variant
of those clusters; (3) the statements of all those variants, grouped by ``quote_id``
(articles, outlets, the earliest published occurrence). Counts are articles, so a
standfirst repeated in the body counts once.
"""

from typing import Any

from elasticsearch import Elasticsearch

from quotewire_index.clusters import cluster_key, shingles, similarity
from quotewire_index.models import Occurrence, QuoteCluster, QuotesPage, QuoteVariant
from quotewire_index.names import normalize_quote
from quotewire_index.query import StatementSearch, build_statements_search
from quotewire_index.search import resolve

MAX_VARIANTS = 5_000
MAX_OUTLETS = 100
_FIRST_FIELDS = ["statement_id", "article_id", "source", "url", "title", "published", "content"]


def _matching_quote_ids(
    es: Elasticsearch, index: str, params: StatementSearch, clusters: int
) -> list[str]:
    body = build_statements_search(
        StatementSearch(**{**params.__dict__, "page": 1, "size": 0, "collapse": False})
    )
    resp = es.search(
        index=index,
        query=body["query"],
        size=0,
        aggs={"q": {"terms": {"field": "quote_id", "size": clusters * 5}}},
    )
    return [b["key"] for b in resp.body["aggregations"]["q"]["buckets"]]


def _variant_stats(es: Elasticsearch, index: str, quote_ids: list[str]) -> dict[str, dict]:
    resp = es.search(
        index=index,
        query={"terms": {"quote_id": quote_ids}},
        size=0,
        aggs={
            "q": {
                "terms": {"field": "quote_id", "size": len(quote_ids)},
                "aggs": {
                    "articles": {"cardinality": {"field": "article_id"}},
                    "outlets": {"terms": {"field": "source", "size": MAX_OUTLETS}},
                    "first": {
                        "top_hits": {
                            "size": 1,
                            "sort": [
                                {"published": {"order": "asc", "missing": "_last"}},
                                {"statement_id": {"order": "asc"}},
                            ],
                            "_source": _FIRST_FIELDS,
                        }
                    },
                },
            }
        },
    )
    out = {}
    for b in resp.body["aggregations"]["q"]["buckets"]:
        hits = b["first"]["hits"]["hits"]
        out[b["key"]] = {
            "articles": int(b["articles"]["value"]),
            "outlets": [o["key"] for o in b["outlets"]["buckets"]],
            "first": hits[0]["_source"] if hits else None,
        }
    return out


def _first_key(first: dict[str, Any] | None) -> tuple:
    if not first:
        return (1, "", "")
    return (
        0 if first.get("published") else 1,
        first.get("published") or "",
        first.get("statement_id") or "",
    )


def search_quotes(
    es: Elasticsearch,
    statements_index: str,
    quotes_index: str,
    speakers_index: str | None,
    params: StatementSearch,
    size: int = 20,
) -> QuotesPage:
    params, match = resolve(es, speakers_index, params)
    qids = _matching_quote_ids(es, statements_index, params, size)
    if not qids:
        return QuotesPage(total=0, clusters=[], speaker_match=match)
    docs = es.mget(index=quotes_index, ids=qids)["docs"]
    cluster_ids = sorted(
        {d["_source"]["cluster_id"] for d in docs if d.get("found")}
        | {d["_id"] for d in docs if not d.get("found")}
    )
    resp = es.search(
        index=quotes_index, query={"terms": {"cluster_id": cluster_ids}}, size=MAX_VARIANTS
    )
    members: dict[str, list[dict]] = {c: [] for c in cluster_ids}
    for hit in resp.body["hits"]["hits"]:
        members.setdefault(hit["_source"]["cluster_id"], []).append(hit["_source"])
    variant_ids = sorted({v["quote_id"] for vs in members.values() for v in vs} | set(qids))
    stats = _variant_stats(es, statements_index, variant_ids)
    clusters = []
    for cid, variants in members.items():
        if not variants:  # not clustered yet (the indexer is behind): the quote alone
            variants = [{"quote_id": cid, "speaker_id": "", "content": "", "speaker_canonical": ""}]
        rows = [(v, stats.get(v["quote_id"])) for v in variants]
        rows = [(v, s) for v, s in rows if s]  # variants with statements left
        if not rows:
            continue
        rows.sort(key=lambda r: _first_key(r[1]["first"]))
        first_v, first_s = rows[0]
        first_text = first_v.get("content") or (first_s["first"] or {}).get("content") or ""
        first_pairs = shingles(normalize_quote(first_text))
        out_variants = []
        outlets: list[str] = []
        for v, s in rows:
            text = v.get("content") or (s["first"] or {}).get("content") or ""
            out_variants.append(
                QuoteVariant(
                    quote_id=v["quote_id"],
                    content=text,
                    occurrences=s["articles"],
                    outlets=s["outlets"],
                    first_seen=_occurrence(s["first"]),
                    similarity=round(similarity(first_pairs, shingles(normalize_quote(text))), 3),
                )
            )
            outlets += [o for o in s["outlets"] if o not in outlets]
        clusters.append(
            QuoteCluster(
                cluster_id=cluster_key(v["quote_id"] for v in variants),
                speaker_id=first_v.get("speaker_id") or "",
                speaker=first_v.get("speaker_canonical") or "",
                content=first_text,
                occurrences=sum(v.occurrences for v in out_variants),
                outlets=outlets,
                first_seen=out_variants[0].first_seen,
                variants=out_variants,
            )
        )
    clusters.sort(key=lambda c: (-c.occurrences, c.cluster_id))
    return QuotesPage(total=len(clusters), clusters=clusters[:size], speaker_match=match)


def _occurrence(src: dict[str, Any] | None) -> Occurrence | None:
    if not src:
        return None
    return Occurrence(**{k: src.get(k) for k in Occurrence.model_fields})
