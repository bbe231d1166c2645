"""Rebuild the search index from the topics, and re-publish stored articles.

* :func:`reindex` (``quotewire reindex``): a new generation of both indices
  (``statements-NNNNNN``, ``articles-NNNNNN``) with the current template mappings is
  filled from the earliest offset of ``articles`` and ``statements`` by the indexer's
  own steps (deterministic ids: it converges to exactly what the topics say), then the
  aliases switch to it in one atomic request, then it catches up with what the running
  indexer wrote meanwhile, and the old generation is deleted. Searches never see an
  empty or half-built index: this is how a mapping change is rolled out.
* :func:`reset_view` (``quotewire reindex --in-place``): forget the view, so every
  running indexer reads every partition again from its earliest offset into the
  indices it has (what it does by itself when the search server lost its data).
* :func:`reprocess` (``quotewire reprocess``): stored articles from the ``articles``
  index back to the ``articles`` topic, unchanged (same id, version and ``received_at``):
  extract runs again on them (after an extractor upgrade, or once Kafka's retention has
  dropped them), and the deterministic statement ids make that idempotent.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from quotewire_contracts import ArticleEvent, Topic

from quotewire_index.bulk import backoff_delay
from quotewire_index.indexer import Indexer
from quotewire_index.indices import KINDS, Kind, create_generation, resolve
from quotewire_index.loop import TRANSIENT
from quotewire_index.settings import IndexSettings
from quotewire_index.view import ViewGuard

log = logging.getLogger("quotewire_index.rebuild")

#: progress(done, total): records (reindex) or articles (reprocess) so far.
Progress = Callable[[int, int], None]
SOURCE_TOPICS = (Topic.ARTICLES.value, Topic.STATEMENTS.value)
MAX_ATTEMPTS = 8


class RebuildError(RuntimeError):
    """The rebuild cannot go on; nothing was switched."""


@dataclass
class ReindexReport:
    old: dict[str, str | None] = field(default_factory=dict)  # kind → concrete index
    new: dict[str, str] = field(default_factory=dict)
    records: int = 0
    caught_up: int = 0
    rejected: int = 0  # records Elasticsearch refused (the indexer dead-lettered them)
    counts_old: dict[str, int] = field(default_factory=dict)
    counts_new: dict[str, int] = field(default_factory=dict)
    switched: bool = False
    deleted_old: bool = False
    seconds: float = 0.0


def _consumer(settings: IndexSettings) -> KafkaConsumer:
    return KafkaConsumer(
        **settings.connection(),
        client_id=f"{settings.client_id_prefix}-reindex",
        group_id=None,  # reads everything, commits nothing, disturbs no group
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=settings.bulk_batch_size,
        request_timeout_ms=max(settings.request_timeout_ms, settings.session_timeout_ms + 5000),
    )


def _partitions(consumer: KafkaConsumer) -> list[TopicPartition]:
    tps = []
    for topic in SOURCE_TOPICS:
        parts = consumer.partitions_for_topic(topic)
        if not parts:
            raise RebuildError(f"topic {topic!r} not found: nothing to rebuild from")
        tps += [TopicPartition(topic, p) for p in sorted(parts)]
    return tps


def _index_with_retry(indexer: Indexer, records: list[Any]) -> int:
    """Write one batch with the indexer's steps; the number of records refused."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return len(indexer.index(records))
        except TRANSIENT as exc:
            if attempt == MAX_ATTEMPTS:
                raise RebuildError(f"batch not written after {attempt} attempts: {exc!r}") from exc
            delay = backoff_delay(attempt, 0.5, 10.0)
            log.warning("batch not written, retrying in %.1fs: %r", delay, exc)
            time.sleep(delay)
    raise AssertionError("unreachable")


def _drain(
    consumer: KafkaConsumer,
    indexer: Indexer,
    until: dict[TopicPartition, int],
    progress: Progress | None,
    total: int,
) -> tuple[int, int]:
    """Poll and write until every partition reached ``until`` and a poll comes back
    empty (end offsets can be reported lower than what is readable: read on until
    there is nothing more). Returns (records, refused)."""
    records_seen, refused = 0, 0
    while True:
        polled = consumer.poll(timeout_ms=500)
        records = [r for batch in polled.values() for r in batch]
        if not records:
            if all(consumer.position(tp) >= end for tp, end in until.items()):
                return records_seen, refused
            continue
        refused += _index_with_retry(indexer, records)
        records_seen += len(records)
        if progress:
            progress(records_seen, max(total, records_seen))


def reindex(
    es: Elasticsearch,
    settings: IndexSettings,
    *,
    keep_old: bool = False,
    allow_fewer: bool = False,
    progress: Progress | None = None,
) -> ReindexReport:
    started = time.monotonic()
    report = ReindexReport()
    names: dict[Kind, str] = settings.index_names()
    # Templates (and the indices, if missing) first: the new generation uses the files.
    ViewGuard(es, names, settings.view_index, settings.index_group).check_indices()
    targets = {kind: resolve(es, names[kind]) for kind in KINDS}
    generation = 1 + max(_generation_of(es, names[kind]) for kind in KINDS)
    for kind in KINDS:
        report.old[kind] = targets[kind].concrete
        report.new[kind] = create_generation(es, kind, names[kind], generation)
    build = settings.model_copy(update={f"{kind}_index": report.new[kind] for kind in KINDS})
    indexer = Indexer(es, build, derived=True)  # registry and clusters in line
    consumer = _consumer(settings)
    try:
        tps = _partitions(consumer)
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        begin = consumer.beginning_offsets(tps)
        end = consumer.end_offsets(tps)
        total = sum(end[tp] - begin[tp] for tp in tps)
        log.info("rebuilding from %d records into %s", total, sorted(report.new.values()))
        report.records, report.rejected = _drain(consumer, indexer, end, progress, total)
        indexer.idle(force=True)
        for kind in KINDS:
            es.indices.refresh(index=report.new[kind])
            report.counts_new[kind] = int(es.count(index=report.new[kind])["count"])
            old = report.old[kind]
            report.counts_old[kind] = int(es.count(index=old)["count"]) if old else 0
        if report.counts_new["articles"] < report.counts_old["articles"] and not allow_fewer:
            raise RebuildError(
                f"the rebuilt index holds {report.counts_new['articles']} articles, the "
                f"current one {report.counts_old['articles']}: the topics no longer hold "
                "everything (retention?). Nothing was switched; the new indices "
                f"{sorted(report.new.values())} are left for inspection. Re-run with "
                "--allow-fewer to switch anyway, or `quotewire reprocess` first"
            )
        _switch(es, names, targets, report.new)
        report.switched = True
        # What the running indexer wrote into the old generation before the switch.
        after = consumer.end_offsets(tps)
        report.caught_up, refused = _drain(consumer, indexer, after, None, 0)
        indexer.idle(force=True)
        report.rejected += refused
        if not keep_old:
            old = [o for o in report.old.values() if o]
            if old:
                es.indices.delete(index=",".join(old), ignore_unavailable=True)
            report.deleted_old = bool(old)
    finally:
        consumer.close()
    report.seconds = time.monotonic() - started
    return report


def _generation_of(es: Elasticsearch, alias: str) -> int:
    """The highest ``<alias>-NNNNNN`` generation that exists (0: none)."""
    found = 0
    for name in es.indices.get(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True):
        suffix = name.removeprefix(f"{alias}-")
        if suffix.isdigit():
            found = max(found, int(suffix))
    return found


def _switch(es: Elasticsearch, names: dict[Kind, str], targets, new: dict[str, str]) -> None:
    """Both aliases to the new generation in one request (an index of an older quotewire
    under the bare name is removed in the same request)."""
    actions: list[dict[str, Any]] = []
    for kind in KINDS:
        target, alias = targets[kind], names[kind]
        if target.concrete and target.is_alias:
            actions.append({"remove": {"index": target.concrete, "alias": alias}})
        elif target.concrete:
            actions.append({"remove_index": {"index": target.concrete}})
        actions.append({"add": {"index": new[kind], "alias": alias, "is_write_index": True}})
    es.indices.update_aliases(actions=actions)
    log.info("aliases switched", extra={"indices": sorted(new.values())})


def reset_view(es: Elasticsearch, settings: IndexSettings) -> bool:
    """Forget the view: running indexers read everything again. False: there was none."""
    guard = ViewGuard(
        es,
        settings.index_names(),
        settings.view_index,
        settings.index_group,
    )
    if guard.current_view() is None:
        return False
    es.delete(index=settings.view_index, id=guard.view_doc_id, refresh="wait_for")
    return True


# -- reprocess ---------------------------------------------------------------------------


@dataclass
class ReprocessReport:
    matched: int = 0
    published: int = 0
    skipped_no_text: int = 0
    seconds: float = 0.0


def reprocess_query(since: datetime | None, source: str | None) -> dict[str, Any]:
    """Articles received since ``since`` (inclusive), from ``source`` (exact)."""
    filters: list[dict[str, Any]] = []
    if since is not None:
        filters.append({"range": {"received_at": {"gte": since.isoformat()}}})
    if source:
        filters.append({"term": {"source": source}})
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def article_event_of(doc: dict[str, Any]) -> ArticleEvent | None:
    """The article event a stored article document came from (None: no text stored,
    e.g. only its statements were ever indexed)."""
    if not doc.get("body") or not doc.get("received_at"):
        return None
    return ArticleEvent(
        article_id=doc["article_id"],
        article_version=doc["article_version"],
        title=doc.get("title") or "",
        body=doc["body"],
        url=doc.get("url"),
        source=doc.get("source"),
        published=doc.get("published"),
        updated=doc.get("updated"),
        language=doc.get("language"),
        byline=doc.get("byline") or [],
        section=doc.get("section"),
        subjects=doc.get("subjects") or [],
        received_at=doc["received_at"],
    )


def reprocess(
    es: Elasticsearch,
    producer: KafkaProducer | None,
    settings: IndexSettings,
    *,
    since: datetime | None = None,
    source: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ReprocessReport:
    started = time.monotonic()
    report = ReprocessReport()
    query = reprocess_query(since, source)
    total = int(es.count(index=settings.articles_index, query=query)["count"])
    pending = []
    for hit in helpers.scan(es, index=settings.articles_index, query={"query": query}):
        report.matched += 1
        event = article_event_of(hit["_source"])
        if event is None:
            report.skipped_no_text += 1
            continue
        if not dry_run and producer is not None:
            pending.append(
                producer.send(
                    Topic.ARTICLES.value,
                    key=event.article_id.encode("utf-8"),
                    value=event.model_dump_json().encode("utf-8"),
                )
            )
        report.published += 1
        if progress:
            progress(report.matched, total)
    timeout_s = settings.request_timeout_ms / 1000
    if producer is not None:
        producer.flush(timeout=timeout_s)
    for future in pending:  # raises when Kafka did not acknowledge one
        future.get(timeout=timeout_s)
    report.seconds = time.monotonic() - started
    return report
