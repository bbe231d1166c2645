"""The speakers registry: one document per ``speaker_id``, and speaker resolution.

Maintenance (:func:`refresh_speakers`, called by the indexer after each batch of
statements): the documents of the speaker ids the batch touched are *recomputed* from
the statements index with one aggregation (names as canonicalised, mentions as written,
outlets, type, first and last ``published``) and written under ``_id = speaker_id``. A
recomputation, not a counter: replays, rebuilds and any arrival order end in the same
documents.

Resolution (:func:`resolve_speaker`, at query time): what a journalist types is turned
into the set of speaker ids whose statements answer it:

1. the name's own id, if the registry knows it ("Vladimir Putin" → ``vladimir-putin``);
2. a surname-only or title form ("Putin", "President Putin" → ``putin``) is linked to the
   full-name speaker with that surname when exactly one is known (link confidence
   :data:`SURNAME_LINK`); with two or more ("Trump": Donald and Melania) it is not merged
   and the answer says so (``ambiguous`` with the candidates);
3. a full name also takes its linked short forms (``vladimir-putin`` + ``putin``);
4. otherwise aliases and roles as written ("Russian President", "Kremlin spokesman"),
   then the name fuzzily.

Because linking happens at query time, a "Putin" statement indexed before any "Vladimir
Putin" article is found by ``speaker=Vladimir Putin`` as soon as the registry knows both.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from quotewire_index.models import SpeakerLink, SpeakerMatch
from quotewire_index.names import (
    fold,
    mention_kind,
    name_tokens,
    role_text,
    speaker_id,
    spelling_variant,
    surname,
)

#: Link confidence of a surname-only/title form to the one full name with that surname.
SURNAME_LINK = 0.9
#: Link confidence of a speaker found by one of its roles or aliases as written.
MENTION_LINK = 0.8
#: ... and by a fuzzy match of its name (a spelling variant).
FUZZY_LINK = 0.7
#: ... and of a spelling variant of a full name (same first name, surname one or two
#: edits away: "Volodymyr Zelensky" / "Volodymyr Zelenskyy").
SPELLING_LINK = 0.7
MAX_NAMES = 20
MAX_MENTIONS = 100
MAX_OUTLETS = 100


# --- maintenance --------------------------------------------------------------------------


def build_speakers_aggregation(ids: list[str]) -> dict[str, Any]:
    return {
        "size": 0,
        "query": {"terms": {"speaker_id": ids}},
        "aggs": {
            "ids": {
                "terms": {"field": "speaker_id", "size": len(ids)},
                "aggs": {
                    "names": {"terms": {"field": "speaker_canonical", "size": MAX_NAMES}},
                    "mentions": {"terms": {"field": "speaker.raw", "size": MAX_MENTIONS}},
                    "outlets": {"terms": {"field": "source", "size": MAX_OUTLETS}},
                    "types": {"terms": {"field": "speaker_type", "size": 1}},
                    "first": {"min": {"field": "published"}},
                    "last": {"max": {"field": "published"}},
                },
            }
        },
    }


def _when(agg: dict[str, Any] | None) -> str | None:
    value = (agg or {}).get("value")
    if value is None:
        return None
    return datetime.fromtimestamp(float(value) / 1000, UTC).isoformat()


def _keys(agg: dict[str, Any] | None) -> list[tuple[str, int]]:
    return [(str(b["key"]), int(b["doc_count"])) for b in (agg or {}).get("buckets") or []]


def speaker_doc(bucket: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The registry document of one ``ids`` bucket of :func:`build_speakers_aggregation`."""
    sid = str(bucket["key"])
    names = [n for n, _ in _keys(bucket.get("names"))]
    aliases: list[str] = [n for n in names[1:]]  # spelling variants of the canonical name
    roles: list[str] = []
    for mention, _count in _keys(bucket.get("mentions")):
        kind = mention_kind(mention, sid)
        if kind == "alias" and mention not in aliases and mention not in names[:1]:
            aliases.append(mention)
        elif kind == "role":
            role = role_text(mention)
            if role not in roles:
                roles.append(role)
    types = _keys(bucket.get("types"))
    return {
        "speaker_id": sid,
        "name": names[0] if names else sid,
        "names": names,
        "surname": surname(sid),
        "short": "-" not in sid,
        "speaker_type": types[0][0] if types else None,
        "aliases": aliases,
        "roles": roles,
        "statements": int(bucket["doc_count"]),
        "first_seen": _when(bucket.get("first")),
        "last_seen": _when(bucket.get("last")),
        "outlets": [{"name": n, "count": c} for n, c in _keys(bucket.get("outlets"))],
        "updated_at": now.isoformat(),
    }


def registry_actions(
    resp: dict[str, Any], ids: Iterable[str], index: str, now: datetime
) -> list[dict[str, Any]]:
    """Index the recomputed documents; delete those of ids without statements left."""
    buckets = ((resp.get("aggregations") or {}).get("ids") or {}).get("buckets") or []
    actions: list[dict[str, Any]] = []
    seen = set()
    for bucket in buckets:
        doc = speaker_doc(bucket, now)
        seen.add(doc["speaker_id"])
        actions.append(
            {"_op_type": "index", "_index": index, "_id": doc["speaker_id"], "_source": doc}
        )
    for sid in sorted(set(ids) - seen):
        actions.append({"_op_type": "delete", "_index": index, "_id": sid})
    return actions


# --- resolution ---------------------------------------------------------------------------


def _get(es: Elasticsearch, index: str, sid: str) -> dict[str, Any] | None:
    try:
        return es.get(index=index, id=sid).body.get("_source")
    except NotFoundError:
        return None


def _search(es: Elasticsearch, index: str, query: dict[str, Any], size: int = 50) -> list[dict]:
    resp = es.search(
        index=index,
        query=query,
        size=size,
        sort=[{"statements": {"order": "desc"}}, {"speaker_id": {"order": "asc"}}],
    )
    return [h["_source"] for h in resp.body["hits"]["hits"]]


def full_names_with_surname(es: Elasticsearch, index: str, last: str) -> list[dict[str, Any]]:
    return _search(
        es, index, {"bool": {"filter": [{"term": {"surname": last}}, {"term": {"short": False}}]}}
    )


def spelling_variants(es: Elasticsearch, index: str, doc: dict[str, Any]) -> list[dict]:
    """Full names that are a spelling variant of ``doc``'s (see
    :func:`~quotewire_index.names.spelling_variant`); candidates by a fuzzy search."""
    docs = _search(
        es,
        index,
        {
            "bool": {
                "must": [
                    {
                        "match": {
                            "name.text": {
                                "query": fold(doc["name"]),
                                "fuzziness": "AUTO",
                                "operator": "and",
                            }
                        }
                    }
                ],
                "filter": [{"term": {"short": False}}],
            }
        },
        size=10,
    )
    return [d for d in docs if spelling_variant(doc["speaker_id"], d["speaker_id"])]


def _link(doc: dict[str, Any], confidence: float, via: str) -> SpeakerLink:
    return SpeakerLink(
        speaker_id=doc["speaker_id"],
        name=doc["name"],
        statements=doc.get("statements", 0),
        confidence=confidence,
        via=via,
    )


def _entity(
    es: Elasticsearch, index: str, doc: dict[str, Any], query: str, via: str, confidence: float
) -> SpeakerMatch:
    """A full-name (or unlinked short) speaker with its linked short form, if any."""
    links = [_link(doc, confidence, via)]
    if not doc.get("short"):
        short = _get(es, index, doc["surname"])
        if short is not None and len(full_names_with_surname(es, index, doc["surname"])) == 1:
            links.append(_link(short, SURNAME_LINK, "surname"))
        links += [_link(v, SPELLING_LINK, "spelling") for v in spelling_variants(es, index, doc)]
    return SpeakerMatch(
        query=query,
        speaker_id=doc["speaker_id"],
        name=doc["name"],
        links=links,
        ambiguous=False,
        candidates=[],
    )


def _from_short(
    es: Elasticsearch, index: str, short: dict[str, Any], query: str, via: str
) -> SpeakerMatch:
    fulls = full_names_with_surname(es, index, short["speaker_id"])
    if len(fulls) == 1:
        match = _entity(
            es, index, fulls[0], query, via, SURNAME_LINK if via == "name" else MENTION_LINK
        )
        return match
    if not fulls:
        return _entity(es, index, short, query, via, 1.0)
    return SpeakerMatch(
        query=query,
        speaker_id=short["speaker_id"],
        name=short["name"],
        links=[_link(short, 1.0, via)],
        ambiguous=True,
        candidates=[
            _link(d, round(d["statements"] / sum(f["statements"] for f in fulls), 2), "surname")
            for d in fulls
        ],
    )


def resolve_speaker(es: Elasticsearch, index: str, query: str) -> SpeakerMatch | None:
    """The speakers a typed name, alias or role stands for (``None``: registry does not
    know it; callers fall back to matching the statements' names)."""
    sid = speaker_id(query)
    direct = _get(es, index, sid)
    if direct is not None:
        if direct.get("short"):
            return _from_short(es, index, direct, query, "name")
        return _entity(es, index, direct, query, "name", 1.0)
    folded = fold(query)
    for field, via in (("roles.text", "role"), ("aliases.text", "alias")):
        docs = _search(es, index, {"match_phrase": {field: folded}})
        docs = [
            d
            for d in docs
            if any(
                fold(v) in {folded, fold(role_text(query))} for v in d.get(field.split(".")[0], [])
            )
        ] or docs
        entities = _merge_short(es, index, docs)
        if len(entities) == 1:
            return _entity(es, index, entities[0], query, via, MENTION_LINK)
        if len(entities) > 1:
            return SpeakerMatch(
                query=query,
                speaker_id=None,
                name=None,
                links=[],
                ambiguous=True,
                candidates=[_link(d, MENTION_LINK, via) for d in entities],
            )
    if name_tokens(query):
        docs = _search(
            es,
            index,
            {"match": {"name.text": {"query": folded, "fuzziness": "AUTO", "operator": "and"}}},
        )
        entities = _merge_short(es, index, docs)
        if len(entities) == 1:
            return _entity(es, index, entities[0], query, "fuzzy", FUZZY_LINK)
        if len(entities) > 1:
            return SpeakerMatch(
                query=query,
                speaker_id=None,
                name=None,
                links=[],
                ambiguous=True,
                candidates=[_link(d, FUZZY_LINK, "fuzzy") for d in entities],
            )
    return None


def _merge_short(es: Elasticsearch, index: str, docs: list[dict[str, Any]]) -> list[dict]:
    """Docs with short forms replaced by their one full name where unambiguous."""
    out: dict[str, dict[str, Any]] = {}
    for doc in docs:
        if doc.get("short"):
            fulls = full_names_with_surname(es, index, doc["speaker_id"])
            if len(fulls) == 1:
                doc = fulls[0]
        out.setdefault(doc["speaker_id"], doc)
    return list(out.values())


def speaker_ids_of(match: SpeakerMatch) -> list[str]:
    """The ids whose statements answer a resolved query (the ambiguous short form only
    when ambiguous with a known short form)."""
    return sorted({link.speaker_id for link in match.links})


def list_speakers(es: Elasticsearch, index: str, q: str | None, size: int) -> list[dict]:
    """Registry documents for the speakers list: short forms linked to a full name are
    folded into it (their statements added)."""
    if q and q.strip():
        folded = fold(q)
        query: dict[str, Any] = {
            "bool": {
                "should": [
                    {"match_bool_prefix": {"name.text": {"query": folded, "operator": "and"}}},
                    {
                        "match": {
                            "name.text": {"query": folded, "fuzziness": "AUTO", "operator": "and"}
                        }
                    },
                    {"match_phrase": {"aliases.text": folded}},
                    {"match_phrase": {"roles.text": folded}},
                ],
                "minimum_should_match": 1,
            }
        }
    else:
        query = {"match_all": {}}
    docs = _search(es, index, query, size=max(size * 3, 50))
    out: dict[str, dict[str, Any]] = {}
    for doc in docs:
        target = doc
        if doc.get("short"):
            fulls = full_names_with_surname(es, index, doc["speaker_id"])
            if len(fulls) == 1:
                target = fulls[0]
        entry = out.setdefault(target["speaker_id"], {**target, "linked": []})
        if target is not doc:
            entry["linked"].append(doc)
    for entry in out.values():
        if not entry.get("short"):
            short = _get(es, index, entry["surname"])
            if (
                short is not None
                and short not in entry["linked"]
                and len(full_names_with_surname(es, index, entry["surname"])) == 1
            ):
                entry["linked"].append(short)
        entry["total"] = entry["statements"] + sum(s["statements"] for s in entry["linked"])
    return sorted(out.values(), key=lambda e: (-e["total"], e["speaker_id"]))[:size]
