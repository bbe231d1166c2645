"""Documents and bulk actions: pure functions from contract events to Elasticsearch.

Statement ``_id`` = ``statement_id`` and article ``_id`` = ``article_id``, so replaying a
topic rewrites the same documents and never duplicates them.

Article documents are merged, not overwritten (see :func:`merge_article`): the
``articles`` topic carries the text of a version, the ``article_processed`` marker on the
``statements`` topic says which version's statements are in the index. Ordering
rules, chosen so a replay or a late message never rolls the document back:

* an ``ArticleEvent`` replaces the content fields (title, body, url, ..., and
  ``article_version`` = the version of that text) only if its ``received_at`` is not
  older than the stored one; an older event is a no-op;
* a marker sets ``processed_version``, ``processed_received_at`` (its
  ``article_received_at``), ``statement_count`` and ``processed_at`` (the marker's
  ``extracted_at``) only if its ``article_received_at`` is not older than the stored
  ``processed_received_at`` (:func:`marker_is_current`); an older marker is ignored
  entirely: it neither updates the document nor retires statements. If no article event
  was indexed yet, it also fills the content fields it carries (title, source, url,
  published) and ``article_version``.

Versions are ordered by the ingest time of their article (``received_at``), which every
statement and marker carries as ``article_received_at``: statements older than the
article's ``processed_received_at`` are not written (:func:`split_stale`), and a
marker's retirement only deletes statements not newer than itself (:func:`retire_query`).

The worker applies merges read-modify-write with ``if_seq_no``/``if_primary_term``
(optimistic concurrency; a conflict means re-read and merge again). Update scripts are
avoided on purpose: they are not portable to the local search stand-in.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from quotewire_contracts import ArticleEvent, ArticleProcessedEvent, StatementEvent

from quotewire_index.names import quote_id, repeat_key, speaker_id

ArticleUpdate = ArticleEvent | ArticleProcessedEvent
T = TypeVar("T")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _span(span: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span is not None else (None, None)


def mention_key(kind: str, name: str) -> str:
    """``person:Vladimir Putin``: a mention's type and name in one keyword, so a facet
    counts them as pairs (``mentions`` is an object array: its fields are not paired)."""
    return f"{kind}:{name}"


def first_in_article(ev: StatementEvent) -> bool | None:
    """Whether the statement is its quote's first occurrence in its article version (the
    one a search shows and counts; a repeat is found by its ``repeat_key``). ``None``
    (not stored) for an event older than schema 4, whose producer did not say."""
    return ev.repeat_of is None if ev.schema_version >= 4 else None


def statement_doc(ev: StatementEvent, indexed_at: datetime) -> dict[str, Any]:
    """The ``statements`` index document of one statement event (flat, article context)."""
    speaker_start, speaker_end = _span(ev.speaker_span)
    cue_start, cue_end = _span(ev.cue_span)
    content_start, content_end = _span(ev.content_span)
    sid = speaker_id(ev.speaker_canonical)
    qid = quote_id(sid, ev.content)
    return {
        "statement_id": ev.statement_id,
        "speaker_id": sid,
        "quote_id": qid,
        "repeat_key": repeat_key(ev.article_id, qid),
        "first_in_article": first_in_article(ev),
        "article_id": ev.article_id,
        "article_version": ev.article_version,
        "speaker": ev.speaker,
        "speaker_canonical": ev.speaker_canonical,
        "speaker_type": ev.speaker_type,
        "cue": ev.cue,
        "type": ev.type,
        "content": ev.content,
        "confidence": ev.confidence,
        "speaker_start": speaker_start,
        "speaker_end": speaker_end,
        "cue_start": cue_start,
        "cue_end": cue_end,
        "content_start": content_start,
        "content_end": content_end,
        "title": ev.article.title,
        "source": ev.article.source,
        "url": ev.article.url,
        "published": iso(ev.article.published),
        "extracted_at": iso(ev.extracted_at),
        "article_received_at": iso(ev.article_received_at),
        "extractor": ev.extractor,
        "indexed_at": iso(indexed_at),
        "mentions": [
            {
                "name": m.name,
                "type": m.type,
                "key": mention_key(m.type, m.name),
                "text": m.text,
                "start": m.span[0],
                "end": m.span[1],
            }
            for m in ev.mentions
        ],
        "co_speakers": list(ev.co_speakers),
    }


def statement_action(ev: StatementEvent, index: str, indexed_at: datetime) -> dict[str, Any]:
    """A bulk ``index`` action with the deterministic ``_id`` (= statement_id)."""
    return {
        "_op_type": "index",
        "_index": index,
        "_id": ev.statement_id,
        "_source": statement_doc(ev, indexed_at),
    }


def _content_fields(ev: ArticleEvent) -> dict[str, Any]:
    fields = {
        "article_id": ev.article_id,
        "article_version": ev.article_version,
        "title": ev.title,
        "body": ev.body,
        "url": ev.url,
        "source": ev.source,
        "byline": list(ev.byline),
        "section": ev.section,
        "subjects": list(ev.subjects),
        "published": iso(ev.published),
        "updated": iso(ev.updated),
        "received_at": iso(ev.received_at),
    }
    if ev.language:  # undeclared: the marker brings the detected one
        fields["language"] = ev.language
    return fields


def merge_article(current: dict[str, Any] | None, update: ArticleUpdate) -> dict[str, Any] | None:
    """The article document after ``update``, or ``None`` when it changes nothing.

    ``None`` covers both a stale article event (older ``received_at`` than stored) and a
    replay that would write the same document again.
    """
    cur = dict(current or {})
    if isinstance(update, ArticleEvent):
        stored = _parse(cur.get("received_at"))
        if stored is not None and update.received_at < stored:
            return None
        new = {**cur, **_content_fields(update)}
    else:
        if not marker_is_current(cur, update):
            return None
        new = {
            **cur,
            "article_id": update.article_id,
            "processed_version": update.article_version,
            "processed_received_at": iso(update.article_received_at),
            "statement_count": update.statement_count,
            "statements_status": update.statements_status,
            "processed_at": iso(update.extracted_at),
        }
        if update.language:
            new["language"] = update.language
        if not cur.get("received_at"):  # no article event indexed yet: use the marker's context
            ctx = update.article
            new.update(
                article_version=update.article_version,
                title=ctx.title,
                source=ctx.source,
                url=ctx.url,
                published=iso(ctx.published),
            )
    return None if new == cur else new


def processed_floor(doc: dict[str, Any] | None) -> datetime | None:
    """``article_received_at`` of the marker applied last to an article document."""
    return _parse((doc or {}).get("processed_received_at"))


def marker_is_current(doc: dict[str, Any] | None, marker: ArticleProcessedEvent) -> bool:
    """Whether ``marker`` may be applied: not older than the one applied last. Equal is
    current (a replay of the same version, or an extractor upgrade re-running it)."""
    floor = processed_floor(doc)
    return floor is None or marker.article_received_at >= floor


def is_stale(ev: StatementEvent, floor: datetime | None) -> bool:
    """A statement of an older version than the article's processed one."""
    return floor is not None and ev.article_received_at < floor


def split_stale(
    statements: Sequence[T], floors: dict[str, datetime | None], event: Callable[[T], Any]
) -> tuple[list[T], list[T]]:
    """(to write, stale) of ``statements`` given each article's processed floor
    (``floors[article_id]``, see :func:`processed_floor`); order kept."""
    keep: list[T] = []
    stale: list[T] = []
    for item in statements:
        ev = event(item)
        (stale if is_stale(ev, floors.get(ev.article_id)) else keep).append(item)
    return keep, stale


def fold_article(current: dict[str, Any] | None, updates: Iterable[ArticleUpdate]) -> dict | None:
    """Apply updates in order; ``None`` when the stored document stays as it is."""
    doc = current
    changed = False
    for update in updates:
        new = merge_article(doc, update)
        if new is not None:
            doc, changed = new, True
    return doc if changed and doc != current else None


def article_write_action(
    index: str,
    article_id: str,
    doc: dict[str, Any],
    seq_no: int | None = None,
    primary_term: int | None = None,
) -> dict[str, Any]:
    """Conditional write: ``create`` when the document did not exist, else ``index`` only
    if nobody changed it since it was read (409 otherwise: re-read and merge again)."""
    if seq_no is None or primary_term is None:
        return {"_op_type": "create", "_index": index, "_id": article_id, "_source": doc}
    return {
        "_op_type": "index",
        "_index": index,
        "_id": article_id,
        "_source": doc,
        "if_seq_no": seq_no,
        "if_primary_term": primary_term,
    }


@dataclass(frozen=True)
class Retirement:
    """What one ``article_processed`` marker leaves of an article's statements.

    ``keep_ids`` are the marker's ``statement_ids``: every other statement of the article
    whose ``article_received_at`` is not later than ``received_at`` (the marker's) is
    retired, whatever its version; statements of newer versions are never touched. That covers older versions *and* stale spans of
    the same version (an upgraded extractor replaying a version finds other spans, so
    other ids). ``keep_ids`` is ``None`` for a marker whose id list does not match its
    ``statement_count`` (a producer that did not fill it): then only the statements of
    other versions are retired.
    """

    article_id: str
    article_version: str
    keep_ids: tuple[str, ...] | None
    received_at: datetime

    @property
    def size(self) -> int:
        return len(self.keep_ids or ())


def retirement_for(marker: ArticleProcessedEvent) -> Retirement:
    ids = tuple(dict.fromkeys(marker.statement_ids))  # unique, order kept
    exact = len(ids) == marker.statement_count
    return Retirement(
        marker.article_id,
        marker.article_version,
        ids if exact else None,
        marker.article_received_at,
    )


def needs_retirement(
    r: Retirement, before: dict[str, Any] | None, written: dict[str, datetime] | None
) -> bool:
    """Whether a current marker's retirement can find anything to delete.

    ``before``: the article document as it was before the marker was merged;
    ``written``: the statements of the article this process wrote since its last marker
    (``None``: it knows none). Nothing to retire — no refresh, no delete-by-query — only
    in the everyday case: the article had no processed version yet, and the statements
    this process wrote for it are exactly the ones the marker lists (or neither has
    any). A new version, a replay, an extractor upgrade, a marker without an id list,
    and listed statements this process did not write (before a restart, by another
    replica) all retire. What it cannot see: unlisted statements another process wrote
    for an article that has no processed version yet (a zombie replica replaying an
    older, never-marked version at that moment); that process deletes them itself when
    its own marker turns out superseded.
    """
    if processed_floor(before) is not None or r.keep_ids is None:
        return True
    if written is None:
        return bool(r.keep_ids)
    return set(written) != set(r.keep_ids)


def retire_query(retirements: Iterable[Retirement]) -> dict[str, Any]:
    """Statements of the given articles that their marker does not list and that are not
    newer than the marker.

    One ``should`` clause per article: ``article_id`` and ``article_received_at <=
    marker's`` filters, and ``must_not`` the kept
    statement ids (one ``ids`` query, a single clause however many ids) or, without an
    id list, the processed version. About four clauses per article: callers keep
    chunks well below the bool clause limit (1024).
    """
    should = []
    for r in retirements:
        if r.keep_ids is None:
            keep = [{"term": {"article_version": r.article_version}}]
        elif r.keep_ids:
            keep = [{"ids": {"values": list(r.keep_ids)}}]
        else:  # the version has no statements: none of the article's stays
            keep = []
        clause: dict[str, Any] = {
            "filter": [
                {"term": {"article_id": r.article_id}},
                {"range": {"article_received_at": {"lte": iso(r.received_at)}}},
            ]
        }
        if keep:
            clause["must_not"] = keep
        should.append({"bool": clause})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def retire_chunks(
    retirements: Sequence[Retirement], max_articles: int, max_ids: int
) -> list[list[Retirement]]:
    """Split into delete requests of at most ``max_articles`` articles and about
    ``max_ids`` kept ids each (an article is never split; a larger one goes alone)."""
    chunks: list[list[Retirement]] = []
    current: list[Retirement] = []
    ids = 0
    for r in retirements:
        if current and (len(current) >= max_articles or ids + r.size > max_ids):
            chunks.append(current)
            current, ids = [], 0
        current.append(r)
        ids += r.size
    if current:
        chunks.append(current)
    return chunks
