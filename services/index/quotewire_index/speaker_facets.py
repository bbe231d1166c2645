"""A speaker's search facets, kept in their registry document.

A search by speaker alone (``speaker=`` resolved to registry ids, no other filter) shows
the facets of all the speaker's quotes: speakers (the canonical names), outlets and
who or what the quotes name. On a large index those aggregations are most of the
request's time (a much-quoted speaker has thousands of statements), and they only change
when the speaker's statements do. So the registry's recomputation
(:func:`quotewire_index.registry.build_speakers_aggregation`, run by the derived worker)
computes them too, over the speaker's first occurrences (``first_in_article``), and
stores them under ``facets`` (not indexed):

    {"quotes": 812, "size": 50,
     "speakers": [["Vladimir Putin", "person", 790], ...],
     "sources": [["Wire A", 400], ...],
     "mentioned": [["place:Kyiv", 120], ...]}

The search (:func:`quotewire_index.search.search_statements`) reads them with one
``mget`` and uses them only when they are current: their ``quotes`` add up to the
search's own live total, else it runs the aggregations as ever. Several ids (a full
name and its linked surname form) are merged by adding counts; the lists are each id's
top :data:`STORED`, so a merged entry below an id's cut-off may count low, as the terms
aggregation's buckets may across shards.
"""

from collections import Counter
from typing import Any

from quotewire_index.models import MentionCount, OutletCount, SpeakerCount
from quotewire_index.names import speaker_id
from quotewire_index.query import FIRST_IN_ARTICLE, facets_aggregation, parse_mentioned

#: Entries kept per facet (a search asking for more runs the aggregations).
STORED = 50


def registry_facets_aggregation() -> dict[str, Any]:
    """The sub-aggregation of a registry ``ids`` bucket: the search's own facets over
    the speaker's first occurrences."""
    return {"filter": FIRST_IN_ARTICLE, "aggs": facets_aggregation(STORED)}


def stored_facets(agg: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ``facets`` of a registry document from its bucket's sub-aggregation."""
    if not agg:
        return None

    def keys(name: str) -> list[tuple[str, int, dict[str, Any]]]:
        return [
            (str(b["key"]), int(b["doc_count"]), b)
            for b in (agg.get(name) or {}).get("buckets") or []
        ]

    speakers = []
    for name, count, b in keys("speakers"):
        types = (b.get("speaker_type") or {}).get("buckets") or []
        speakers.append([name, str(types[0]["key"]) if types else None, count])
    return {
        "quotes": int(agg.get("doc_count") or 0),
        "size": STORED,
        "speakers": speakers,
        "sources": [[name, count] for name, count, _ in keys("sources")],
        "mentioned": [[key, count] for key, count, _ in keys("mentioned")],
    }


class Facets:
    """The merged stored facets of a search's speaker ids."""

    def __init__(self, stored: list[dict[str, Any]], size: int) -> None:
        self.quotes = sum(int(f["quotes"]) for f in stored)
        names: Counter[str] = Counter()
        types: dict[str, str | None] = {}
        sources: Counter[str] = Counter()
        mentioned: Counter[str] = Counter()
        for f in stored:
            for name, kind, count in f["speakers"]:
                names[name] += count
                types.setdefault(name, kind)
            sources.update({name: count for name, count in f["sources"]})
            mentioned.update({key: count for key, count in f["mentioned"]})
        self.speakers = [
            SpeakerCount(name=n, count=c, speaker_type=types[n], speaker_id=speaker_id(n))
            for n, c in _top(names, size)
        ]
        self.sources = [OutletCount(name=n, count=c) for n, c in _top(sources, size)]
        self.mentioned: list[MentionCount] = parse_mentioned(
            {"buckets": [{"key": k, "doc_count": c} for k, c in _top(mentioned, size)]}
        )


def _top(counts: Counter[str], size: int) -> list[tuple[str, int]]:
    """The terms aggregation's order: most first, then by key."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]


def registry_facets(docs: list[dict[str, Any] | None], size: int) -> Facets | None:
    """The merged facets of the ids' registry documents (``_source`` of an ``mget``),
    or None when one has none (not recomputed since facets were kept) or keeps fewer
    entries than ``size``."""
    stored = [(d or {}).get("facets") for d in docs]
    if not stored or any(f is None or int(f.get("size") or 0) < size for f in stored):
        return None
    return Facets(stored, size)  # type: ignore[arg-type]
