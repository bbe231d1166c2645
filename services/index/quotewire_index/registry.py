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

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch

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
from quotewire_index.speaker_facets import registry_facets_aggregation, stored_facets

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
                    "facets": registry_facets_aggregation(),
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
        "facets": stored_facets(bucket.get("facets")),
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


#: Registry hits: most quoted first, then by id (stable).
_SORT = [{"statements": {"order": "desc"}}, {"speaker_id": {"order": "asc"}}]
#: Not read by resolution: the search facets (read by id, see :mod:`.speaker_facets`).
_UNREAD = ["facets"]


class RegistryReads:
    """The registry searches of one resolution, memoized; the ones known in advance
    are sent together in one ``_msearch`` (:meth:`prefetch`), so resolving a name costs
    one or two round trips instead of one per lookup. Reads see the registry as of its
    last refresh (``refresh_interval``), like every registry search."""

    def __init__(self, es: Elasticsearch, index: str) -> None:
        self.es = es
        self.index = index
        self._memo: dict[str, list[dict[str, Any]]] = {}

    @staticmethod
    def _key(query: dict[str, Any], size: int) -> str:
        return json.dumps([query, size], sort_keys=True)

    def search(self, query: dict[str, Any], size: int = 50) -> list[dict[str, Any]]:
        key = self._key(query, size)
        if key not in self._memo:
            resp = self.es.search(
                index=self.index, query=query, size=size, sort=_SORT, source_excludes=_UNREAD
            )
            self._memo[key] = [h["_source"] for h in resp.body["hits"]["hits"]]
        return self._memo[key]

    def get(self, sid: str) -> dict[str, Any] | None:
        hits = self.search(_ids_query(sid), 1)
        return hits[0] if hits else None

    def prefetch(self, searches: Iterable[tuple[dict[str, Any], int]]) -> None:
        """Run the searches not memoized yet in one ``_msearch``. A failed one is left
        to :meth:`search`, which raises the client's error (a missing registry: 404)."""
        todo = {self._key(q, n): (q, n) for q, n in searches}
        todo = {k: v for k, v in todo.items() if k not in self._memo}
        if len(todo) < 2:
            return
        body: list[dict[str, Any]] = []
        for q, n in todo.values():
            body += [
                {"index": self.index},
                {"query": q, "size": n, "sort": _SORT, "_source": {"excludes": _UNREAD}},
            ]
        responses = self.es.msearch(searches=body).body.get("responses") or []
        for key, resp in zip(todo, responses, strict=False):
            hits = (resp.get("hits") or {}).get("hits") if isinstance(resp, dict) else None
            if resp.get("error") is None and hits is not None:
                self._memo[key] = [h["_source"] for h in hits]


def _ids_query(sid: str) -> dict[str, Any]:
    return {"ids": {"values": [sid]}}


def _full_names_query(last: str) -> dict[str, Any]:
    return {"bool": {"filter": [{"term": {"surname": last}}, {"term": {"short": False}}]}}


def _spelling_query(name: str) -> dict[str, Any]:
    return {
        "bool": {
            "must": [
                {
                    "match": {
                        "name.text": {"query": fold(name), "fuzziness": "AUTO", "operator": "and"}
                    }
                }
            ],
            "filter": [{"term": {"short": False}}],
        }
    }


def _entity_reads(doc_or_name: dict[str, Any] | str) -> list[tuple[dict[str, Any], int]]:
    """What :func:`_entity` reads for a full-name speaker (known in advance)."""
    if isinstance(doc_or_name, dict):
        sid, name = doc_or_name["speaker_id"], doc_or_name["name"]
    else:
        sid, name = speaker_id(doc_or_name), doc_or_name
    last = surname(sid)
    return [(_ids_query(last), 1), (_full_names_query(last), 50), (_spelling_query(name), 10)]


def full_names_with_surname(r: RegistryReads, last: str) -> list[dict[str, Any]]:
    return r.search(_full_names_query(last))


def spelling_variants(r: RegistryReads, doc: dict[str, Any]) -> list[dict]:
    """Full names that are a spelling variant of ``doc``'s (see
    :func:`~quotewire_index.names.spelling_variant`); candidates by a fuzzy search."""
    docs = r.search(_spelling_query(doc["name"]), size=10)
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
    r: RegistryReads, doc: dict[str, Any], query: str, via: str, confidence: float
) -> SpeakerMatch:
    """A full-name (or unlinked short) speaker with its linked short form, if any."""
    links = [_link(doc, confidence, via)]
    if not doc.get("short"):
        r.prefetch(_entity_reads(doc))
        short = r.get(doc["surname"])
        if short is not None and len(full_names_with_surname(r, doc["surname"])) == 1:
            links.append(_link(short, SURNAME_LINK, "surname"))
        links += [_link(v, SPELLING_LINK, "spelling") for v in spelling_variants(r, doc)]
    return SpeakerMatch(
        query=query,
        speaker_id=doc["speaker_id"],
        name=doc["name"],
        links=links,
        ambiguous=False,
        candidates=[],
    )


def _from_short(r: RegistryReads, short: dict[str, Any], query: str, via: str) -> SpeakerMatch:
    fulls = full_names_with_surname(r, short["speaker_id"])
    if len(fulls) == 1:
        return _entity(r, fulls[0], query, via, SURNAME_LINK if via == "name" else MENTION_LINK)
    if not fulls:
        return _entity(r, short, query, via, 1.0)
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
    r = RegistryReads(es, index)
    sid = speaker_id(query)
    folded = fold(query)
    mentions = [({"match_phrase": {f: folded}}, 50) for f in ("roles.text", "aliases.text")]
    # One round trip for what a name, a surname or a role needs first.
    r.prefetch([(_ids_query(sid), 1), *_entity_reads(query), *mentions])
    direct = r.get(sid)
    if direct is not None:
        if direct.get("short"):
            return _from_short(r, direct, query, "name")
        return _entity(r, direct, query, "name", 1.0)
    for field, via in (("roles.text", "role"), ("aliases.text", "alias")):
        docs = r.search({"match_phrase": {field: folded}})
        docs = [
            d
            for d in docs
            if any(
                fold(v) in {folded, fold(role_text(query))} for v in d.get(field.split(".")[0], [])
            )
        ] or docs
        found = _one_or_ambiguous(r, _merge_short(r, docs), query, via, MENTION_LINK)
        if found is not None:
            return found
    if name_tokens(query):
        docs = r.search(
            {"match": {"name.text": {"query": folded, "fuzziness": "AUTO", "operator": "and"}}}
        )
        return _one_or_ambiguous(r, _merge_short(r, docs), query, "fuzzy", FUZZY_LINK)
    return None


def _one_or_ambiguous(
    r: RegistryReads, entities: list[dict], query: str, via: str, confidence: float
) -> SpeakerMatch | None:
    """The one entity found, or an ambiguous match listing them all (None: none found)."""
    if len(entities) == 1:
        return _entity(r, entities[0], query, via, confidence)
    if len(entities) > 1:
        return SpeakerMatch(
            query=query,
            speaker_id=None,
            name=None,
            links=[],
            ambiguous=True,
            candidates=[_link(d, confidence, via) for d in entities],
        )
    return None


def _merge_short(r: RegistryReads, docs: list[dict[str, Any]]) -> list[dict]:
    """Docs with short forms replaced by their one full name where unambiguous."""
    r.prefetch((_full_names_query(d["speaker_id"]), 50) for d in docs if d.get("short"))
    out: dict[str, dict[str, Any]] = {}
    for doc in docs:
        if doc.get("short"):
            fulls = full_names_with_surname(r, doc["speaker_id"])
            if len(fulls) == 1:
                doc = fulls[0]
        out.setdefault(doc["speaker_id"], doc)
    return list(out.values())


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
    r = RegistryReads(es, index)
    docs = r.search(query, size=max(size * 3, 50))
    r.prefetch(
        q
        for d in docs
        for q in (
            [(_full_names_query(d["speaker_id"]), 50)]
            if d.get("short")
            else [(_ids_query(d["surname"]), 1), (_full_names_query(d["surname"]), 50)]
        )
    )
    out: dict[str, dict[str, Any]] = {}
    for doc in docs:
        target = doc
        if doc.get("short"):
            fulls = full_names_with_surname(r, doc["speaker_id"])
            if len(fulls) == 1:
                target = fulls[0]
        entry = out.setdefault(target["speaker_id"], {**target, "linked": []})
        if target is not doc:
            entry["linked"].append(doc)
    for entry in out.values():
        if not entry.get("short"):
            short = r.get(entry["surname"])
            if (
                short is not None
                and short not in entry["linked"]
                and len(full_names_with_surname(r, entry["surname"])) == 1
            ):
                entry["linked"].append(short)
        entry["total"] = entry["statements"] + sum(s["statements"] for s in entry["linked"])
    return sorted(out.values(), key=lambda e: (-e["total"], e["speaker_id"]))[:size]
