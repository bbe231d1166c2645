"""Steps 3-5 of the indexer: every Elasticsearch operation of one batch.

Per segment (see :mod:`quotewire_index.plan`): drop stale statements, bulk-write
statements, merge markers into article documents, retire unlisted statements; then
merge the article events. Documents Elasticsearch rejects as bad (per-item 4xx such as
``mapper_parsing_exception``) come back as dead letters; transient trouble raises
:class:`~quotewire_index.errors.RetryBatch` (or the client's transport error).

Retirement: a marker for (article, V) lists the ids of V's statements; after it, every
other statement of the article not newer than V is deleted — older versions, and also
statements of V itself that a replay with an upgraded extractor no longer finds (other
spans, other ids), so an upgrade replaces statements instead of doubling them.

Version order: every statement and marker carries ``article_received_at`` (the ingest
time of its article version). The article document stores ``processed_received_at`` of
the marker applied last. A marker older than that is ignored (no document change, no
retirement): the marker is merged into the article document (``if_seq_no``) *before* it
retires anything. Statements older than it are not written (dropped, counted, logged and
committed — they are not bad data, just superseded), and after a statement write the
documents are read again so that statements which raced with a newer marker (a zombie
replica, a replay) are deleted again: either the newer marker's retirement (which
refreshes first) sees them, or this re-read sees the newer marker. And a retirement only
deletes statements whose ``article_received_at`` is not later than its marker's, so a
late old marker never deletes a newer version's statements.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch
from quotewire_common.logging import bind
from quotewire_common.metrics import INDEX_END_TO_END
from quotewire_contracts import ArticleEvent, ArticleProcessedEvent

from quotewire_index.bulk import ItemResult, Outcome, configured_bulk
from quotewire_index.decode import DeadLetter, Decoded, decode_record
from quotewire_index.derived import Derived
from quotewire_index.docs import (
    Retirement,
    article_write_action,
    fold_article,
    is_stale,
    marker_is_current,
    needs_retirement,
    processed_floor,
    retire_chunks,
    retire_query,
    retirement_for,
    split_stale,
    statement_action,
)
from quotewire_index.errors import RetryBatch
from quotewire_index.plan import Unmarked, plan_segments
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.indexer")

ARTICLE_WRITE_ATTEMPTS = 5
RETIRE_CHUNK = 200  # articles per delete_by_query: ~4 clauses each (bool clause limit 1024)
RETIRE_MAX_IDS = 10_000  # kept statement ids per delete_by_query (request size)


class Indexer:
    """Writes one batch to Elasticsearch; returns the dead letters; raises ``RetryBatch``
    (or the client's transport error) when the batch must be retried."""

    def __init__(
        self,
        es: Elasticsearch,
        settings: IndexSettings,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        derived: bool = False,
    ) -> None:
        """``derived``: also bring the speakers registry and quote clusters up to date
        after each batch, in line (``quotewire reindex`` and the benchmarks). The
        running pipeline leaves them to the derived worker
        (:mod:`quotewire_index.derived_worker`), off the statements' critical path."""
        self.es = es
        self.settings = settings
        self.clock = clock
        #: Statements not written because their article has a newer processed version.
        self.stale_dropped = 0
        #: Markers ignored because a newer one was applied already.
        self.stale_markers = 0
        #: Write only through aliases (set by the view check when the names are aliases):
        #: Elasticsearch then never auto-creates an index without the quotewire mapping.
        self.require_alias = False
        #: Markers whose retirement had nothing to do (no refresh, no delete-by-query).
        self.retirements_skipped = 0
        #: Statements written since their article's last marker (see docs.needs_retirement).
        self.unmarked = Unmarked()
        #: The speakers registry and the quote clusters in line (step 6), or None.
        self.derived = Derived(es, settings, self._bulk, clock) if derived else None

    def index(self, records: Sequence[Any]) -> list[DeadLetter]:
        dead: list[DeadLetter] = []
        items: list[Decoded] = []
        for record in records:
            result = decode_record(record)
            (dead if isinstance(result, DeadLetter) else items).append(result)
        # Article events join the first article-document write of the batch (one read,
        # one bulk for both kinds of update).
        articles = [i for i in items if isinstance(i.event, ArticleEvent)]
        written: list[Decoded] = []
        for segment in plan_segments(items):
            # The article documents are up to date after each segment, so a later
            # segment's statements are checked against this segment's markers.
            seg_dead, seg_written = self.write_statements(segment.statements)
            dead += seg_dead + self.apply_markers(segment.markers, seg_written, articles)
            written += seg_written
            articles = []
        if articles:
            dead += self.write_articles(articles)[0]
        if self.derived is not None:
            self.derived.update([i.event for i in written])
        return dead

    def idle(self, force: bool = False) -> None:
        """While the loop is idle (``force``: at stop): registry documents that are due."""
        if self.derived is not None:
            self.derived.flush_registry(force=force)

    def counters(self) -> dict[str, int]:
        """What the loop logs after each batch."""
        return {
            "stale_dropped": self.stale_dropped,
            "stale_markers": self.stale_markers,
            "retirements_skipped": self.retirements_skipped,
        }

    def read_articles(self, article_ids: set[str]) -> dict[str, dict[str, Any]]:
        """The article documents as stored now (realtime ``mget``), by id."""
        if not article_ids:
            return {}
        docs = self.es.mget(index=self.settings.articles_index, ids=sorted(article_ids))["docs"]
        return {d["_id"]: d for d in docs}

    def processed_floors(self, article_ids: set[str]) -> dict[str, datetime | None]:
        """``processed_received_at`` of each article document (realtime get)."""
        return {aid: _floor(d) for aid, d in self.read_articles(article_ids).items()}

    def _bulk(self, actions: list[dict], kind: str) -> dict[str, ItemResult]:
        return configured_bulk(self.es, self.settings, actions, kind, self.require_alias)

    def write_statements(self, items: Sequence[Decoded]) -> tuple[list[DeadLetter], list[Decoded]]:
        """Bulk-write the statements that are not older than their article's processed
        version; the stale ones are dropped (counted, logged), never dead-lettered.
        Returns the dead letters and the statements written."""
        if not items:
            return [], []
        items = self.drop_stale(items)
        if not items:
            return [], []
        now = self.clock()
        by_id: dict[str, list[Decoded]] = {}
        actions: dict[str, dict] = {}
        for item in items:  # the same statement twice in a batch: one write, last wins
            sid = item.event.statement_id
            by_id.setdefault(sid, []).append(item)
            actions[sid] = statement_action(item.event, self.settings.statements_index, now)
        results = self._bulk(list(actions.values()), "statement")
        dead = self._dead_or_retry(results, by_id, what="statement")
        indexed = self.clock()
        for sid, sources in by_id.items():
            result = results.get(sid)
            if result is not None and result.outcome is Outcome.OK:
                received = sources[-1].event.article_received_at
                INDEX_END_TO_END.observe(max(0.0, (indexed - received).total_seconds()))
        failed = {id(d.record) for d in dead}
        written = [i for i in items if id(i.record) not in failed]
        self.unmarked.add(i.event for i in written)
        return dead, written

    def drop_stale(self, items: Sequence[Decoded]) -> list[Decoded]:
        floors = self.processed_floors({i.event.article_id for i in items})
        keep, stale = split_stale(items, floors, lambda i: i.event)
        for item in stale:
            self.stale_dropped += 1
            ev, r = item.event, item.record
            bind(
                log,
                topic=r.topic,
                partition=r.partition,
                offset=r.offset,
                article_id=ev.article_id,
                article_version=ev.article_version,
                statement_id=ev.statement_id,
            ).info(
                "statement of a superseded version dropped",
                extra={
                    "article_received_at": ev.article_received_at.isoformat(),
                    "processed_received_at": str(floors.get(ev.article_id)),
                    "stale_dropped": self.stale_dropped,
                },
            )
        return keep

    def delete_raced(self, written: Sequence[Decoded], docs: dict[str, dict[str, Any]]) -> None:
        """Delete statements just written whose article meanwhile got a newer processed
        version (a concurrent marker whose retirement ran before our write); ``docs``:
        the article documents read after the write. Deletes by id: realtime, no refresh."""
        late = sorted(
            {
                i.event.statement_id
                for i in written
                if is_stale(i.event, _floor(docs.get(i.event.article_id)))
            }
        )
        if not late:
            return
        self._delete_statements(late)
        log.info(
            "statements of a superseded version deleted after a race", extra={"deleted": len(late)}
        )

    def _delete_statements(self, ids: Sequence[str]) -> None:
        index = self.settings.statements_index
        actions = [{"_op_type": "delete", "_index": index, "_id": sid} for sid in ids]
        for sid, result in self._bulk(actions, "statement").items():
            if result.outcome is not Outcome.OK and result.status != 404:
                raise RetryBatch(f"delete statement {sid}: {result.status} {result.reason}")
        self.stale_dropped += len(ids)

    def apply_markers(
        self,
        markers: Sequence[Decoded],
        written: Sequence[Decoded] = (),
        articles: Sequence[Decoded] = (),
    ) -> list[DeadLetter]:
        """After a segment's statement write: read the article documents once (for the
        race check of ``written`` and for the merge), merge the markers (and the
        batch's ``articles`` events) into them, then retire for the current markers
        that have something to retire (:func:`~quotewire_index.docs.needs_retirement`).
        A marker older than the article's processed one changes nothing."""
        updates = [*articles, *markers]
        docs = self.read_articles(
            {i.event.article_id for i in written} | {i.event.article_id for i in updates}
        )
        self.delete_raced(written, docs)
        if not updates:
            return []
        dead, stored, before = self.write_articles(updates, docs)
        current: list[Decoded] = []
        for m in markers:
            aid = m.event.article_id
            doc = stored.get(aid)
            if doc is None:  # the article write was dead-lettered with its markers
                continue
            if marker_is_current(doc, m.event):
                current.append(m)
                continue
            # older than the processed version (or superseded in this segment)
            self.stale_markers += 1
            bind(
                log,
                topic=m.record.topic,
                partition=m.record.partition,
                offset=m.record.offset,
                article_id=aid,
                article_version=m.event.article_version,
            ).info(
                "marker of a superseded version: no retirement",
                extra={
                    "article_received_at": m.event.article_received_at.isoformat(),
                    "processed_version": doc.get("processed_version"),
                },
            )
            # Statements this process wrote for the superseded version (a zombie whose
            # re-read came before the newer marker) go now, by id.
            floor = processed_floor(doc)
            mine = self.unmarked.get(aid) or {}
            late = sorted(sid for sid, t in mine.items() if floor is not None and t < floor)
            if late:
                self._delete_statements(late)
                for sid in late:
                    mine.pop(sid, None)
        self.retire_old_versions(current, before)
        for m in current:
            self.unmarked.pop(m.event.article_id)
        return dead

    def _dead_or_retry(
        self, results: dict[str, ItemResult], by_id: dict[str, list[Decoded]], what: str
    ) -> list[DeadLetter]:
        dead: list[DeadLetter] = []
        for doc_id, sources in by_id.items():
            result = results.get(doc_id)
            if result is None:
                raise RetryBatch(f"no bulk result for {what} {doc_id}")
            if result.outcome is Outcome.DEAD:
                reason = f"Elasticsearch rejected the {what} ({result.status}): {result.reason}"
                for item in sources:
                    dead.append(DeadLetter(item.record, reason, result.error_type or "BulkError"))
            elif result.outcome is not Outcome.OK:
                raise RetryBatch(
                    f"{what} {doc_id}: {result.status} {result.error_type}: {result.reason}"
                )
        return dead

    def retire_old_versions(
        self, markers: Sequence[Decoded], before: dict[str, dict[str, Any] | None] | None = None
    ) -> None:
        """Delete each marked article's statements that its marker does not list (other
        versions, and stale spans of the same version after an extractor upgrade).

        ``before``: the article documents before the markers were merged; with them, a
        marker with nothing to retire costs no request (see
        :func:`~quotewire_index.docs.needs_retirement`); without them every marker
        retires."""
        if not markers:
            return
        latest: dict[str, Retirement] = {}
        for item in markers:  # within a segment, the newest (then last) marker wins
            r = retirement_for(item.event)
            prev = latest.get(r.article_id)
            if prev is None or r.received_at >= prev.received_at:
                latest[r.article_id] = r
        todo = [
            r
            for r in latest.values()
            if before is None
            or needs_retirement(r, before.get(r.article_id), self.unmarked.get(r.article_id))
        ]
        self.retirements_skipped += len(latest) - len(todo)
        if not todo:
            return
        index = self.settings.statements_index
        # Statements written just before (this segment or the last batches) must be
        # visible to the query that retires them.
        self.es.indices.refresh(index=index)
        for chunk in retire_chunks(todo, RETIRE_CHUNK, RETIRE_MAX_IDS):
            resp = self.es.delete_by_query(
                index=index,
                query=retire_query(chunk),
                conflicts="proceed",
                refresh=False,  # deletions show with the next refresh (refresh_interval)
                wait_for_completion=True,
            )
            if resp.get("failures"):
                raise RetryBatch(f"delete_by_query failures: {resp['failures'][:3]}")
            if resp.get("deleted"):
                log.info(
                    "retired statements not listed by their marker",
                    extra={"deleted": resp["deleted"], "articles": len(chunk)},
                )

    def write_articles(
        self, items: Sequence[Decoded], prefetched: dict[str, dict[str, Any]] | None = None
    ) -> tuple[list[DeadLetter], dict[str, dict[str, Any]], dict[str, dict[str, Any] | None]]:
        """Merge article events and markers into the article documents (read-modify-write
        with optimistic concurrency; a 409 means re-read and merge again).

        ``prefetched``: the documents just read (``mget`` hits by id), used for the
        first attempt instead of reading them again.

        Returns the dead letters, each article's document as it is now stored (not for
        articles whose write was dead-lettered), and each article's document as it was
        before this merge (``None``: there was none)."""
        groups: dict[str, list[Decoded]] = {}
        for item in items:
            groups.setdefault(item.event.article_id, []).append(item)
        index = self.settings.articles_index
        pending = set(groups)
        dead: list[DeadLetter] = []
        stored: dict[str, dict[str, Any]] = {}
        before: dict[str, dict[str, Any] | None] = {}
        split: list[str] = []  # rejected merges of both kinds of update: tried apart
        for attempt in range(ARTICLE_WRITE_ATTEMPTS):
            if not pending:
                break
            ids = sorted(pending)
            if attempt == 0 and prefetched is not None and all(i in prefetched for i in ids):
                docs = [prefetched[i] for i in ids]
            else:
                docs = self.es.mget(index=index, ids=ids)["docs"]
            actions = []
            for doc in docs:
                aid = doc["_id"]
                found = doc.get("found", False)
                current = doc.get("_source") if found else None
                before[aid] = current
                merged = fold_article(current, [i.event for i in groups[aid]])
                if merged is None:
                    pending.discard(aid)
                    if current is not None:
                        stored[aid] = current
                    continue
                stored[aid] = merged
                actions.append(
                    article_write_action(
                        index,
                        aid,
                        merged,
                        doc.get("_seq_no") if found else None,
                        doc.get("_primary_term") if found else None,
                    )
                )
            if not actions:
                continue
            results = self._bulk(actions, "article")
            for action in actions:
                aid = action["_id"]
                result = results.get(aid)
                if result is None or result.outcome is Outcome.RETRY:
                    detail = f"{result.status} {result.reason}" if result else "no result"
                    raise RetryBatch(f"article {aid}: {detail}")
                if result.outcome is Outcome.OK:
                    pending.discard(aid)
                elif result.outcome is Outcome.DEAD:
                    pending.discard(aid)
                    stored.pop(aid, None)
                    if len({type(i.event) for i in groups[aid]}) > 1:
                        split.append(aid)
                        continue
                    reason = (
                        f"Elasticsearch rejected the article ({result.status}): {result.reason}"
                    )
                    dead += [
                        DeadLetter(i.record, reason, result.error_type or "BulkError")
                        for i in groups[aid]
                    ]
                # CONFLICT: somebody wrote in between; stays pending, read again
        if pending:
            raise RetryBatch(f"article documents still conflicting: {sorted(pending)[:5]}")
        for aid in split:  # which event is the bad one: the markers first, then the text
            for kind in (ArticleProcessedEvent, ArticleEvent):
                part = [i for i in groups[aid] if isinstance(i.event, kind)]
                part_dead, part_stored, part_before = self.write_articles(part)
                dead += part_dead
                stored.update(part_stored)
                before.setdefault(aid, part_before.get(aid))
        return dead, stored, before


def _floor(doc: dict[str, Any] | None) -> datetime | None:
    """``processed_received_at`` of an ``mget`` hit (``None``: none, or not found)."""
    return processed_floor((doc or {}).get("_source") if (doc or {}).get("found") else None)
