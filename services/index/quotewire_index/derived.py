"""The indices derived from the statements written: the derived worker's steps.

After a batch of statements is in the ``statements`` index, :class:`Derived` brings the
speakers registry (:mod:`quotewire_index.registry`) and the quote variants and clusters
(:mod:`quotewire_index.clusters`) up to date for the speaker ids and quotes the batch
touched, once per batch: one ``mget`` of the batch's quote variants, then one refresh
of the indices that must show the last writes (the statements when registry documents
are due, the quotes when a new variant has LSH bands), one aggregation and one bulk for
the registry, one candidate search and one bulk for the quotes (plus a relabel when
clusters merge).
The derived worker (:mod:`quotewire_index.derived_worker`) runs these steps behind the
indexer (a new speaker's registry document at once, a known one at most every
``QW_REGISTRY_INTERVAL_S``, every pending one when caught up); ``quotewire reindex``
and the benchmarks run them in line (:class:`~quotewire_index.indexer.Indexer` with
``derived=True``).
Both are idempotent, so a replay or a rebuild from the topics converges on the same
documents. Failures raise like the other steps (the batch is retried, nothing committed).
"""

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch
from quotewire_contracts import StatementEvent

from quotewire_index.bulk import ItemResult, Outcome
from quotewire_index.clusters import (
    MAX_CANDIDATES,
    Variant,
    candidate_query,
    plan_clusters,
    variant_doc,
)
from quotewire_index.errors import RetryBatch
from quotewire_index.indices import add_missing_field
from quotewire_index.names import quote_id, speaker_id
from quotewire_index.registry import build_speakers_aggregation, registry_actions
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.derived")
REGISTRY_CHUNK = 500


class Derived:
    def __init__(
        self,
        es: Elasticsearch,
        settings: IndexSettings,
        bulk: Callable[[list[dict[str, Any]], str], dict[str, ItemResult]],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.es = es
        self.settings = settings
        self.bulk = bulk  # the indexer's (its retries, backoff and require_alias)
        self.clock = clock
        #: Registry: ids written since their document was last recomputed, and when
        #: each was last recomputed (monotonic). A speaker new to this process is
        #: recomputed at once, a known one at most every ``registry_interval_s``: a
        #: heavily quoted speaker is not re-aggregated on every batch.
        self.pending: set[str] = set()
        self.done_at: dict[str, float] = {}
        #: Whether the registry index maps ``facets`` (checked at the first write).
        self.facets_mapped: bool | None = None

    def _bulk(self, actions: list[dict[str, Any]], what: str) -> None:
        if not actions:
            return
        results = self.bulk(actions, what)  # `what` is the bulk-items metric's kind
        deletes = {a["_id"] for a in actions if a["_op_type"] == "delete"}
        for doc_id, result in results.items():
            if result.outcome is Outcome.OK:
                continue
            if result.status == 404 and doc_id in deletes:  # deleting an absent document
                continue
            raise RetryBatch(f"{what} {doc_id}: {result.status} {result.reason}")

    def update(self, events: Sequence[StatementEvent]) -> None:
        """After a batch's statement writes: the registry documents that are due and
        the batch's new quote variants, behind one refresh of both indices."""
        if not events:
            return
        self.pending |= {speaker_id(e.speaker_canonical) for e in events}
        due = self._due(force=False)
        new = self._new_variants(events)
        stale = [self.settings.statements_index] if due else []
        if any(v.bands for v in new):  # the candidates come from a search
            stale.append(self.settings.quotes_index)
        if stale:
            self.es.indices.refresh(index=",".join(stale))
        if due:
            self._recompute(due)
        self._write_quotes(new)

    def _due(self, force: bool) -> list[str]:
        now = time.monotonic()
        interval = self.settings.registry_interval_s
        return sorted(
            sid
            for sid in self.pending
            if force or sid not in self.done_at or now - self.done_at[sid] >= interval
        )

    def _recompute(self, due: list[str]) -> None:
        now = time.monotonic()
        self.update_registry(due)
        for sid in due:
            self.done_at[sid] = now
        self.pending.difference_update(due)

    def flush_registry(self, force: bool = False, refresh: bool = True) -> int:
        """Recompute the registry documents that are due (all pending with ``force``);
        how many. The indexer calls it when idle and at stop; rebuilds at their end."""
        due = self._due(force)
        if not due:
            return 0
        if refresh:
            self.es.indices.refresh(index=self.settings.statements_index)
        self._recompute(due)
        return len(due)

    def update_registry(self, ids: list[str]) -> None:
        now = self.clock()
        if self.facets_mapped is None:
            self.facets_mapped = add_missing_field(
                self.es, "speakers", self.settings.speakers_index, "facets"
            )
        for start in range(0, len(ids), REGISTRY_CHUNK):
            chunk = ids[start : start + REGISTRY_CHUNK]
            resp = self.es.search(
                index=self.settings.statements_index, **build_speakers_aggregation(chunk)
            )
            actions = registry_actions(resp.body, chunk, self.settings.speakers_index, now)
            if not self.facets_mapped:  # an index whose mapping could not take them
                for a in actions:
                    a.get("_source", {}).pop("facets", None)
            self._bulk(actions, "speaker")

    def update_quotes(self, events: Sequence[StatementEvent]) -> None:
        """The quote variants of ``events`` that are new, clustered and written."""
        new = self._new_variants(events)
        if any(v.bands for v in new):
            self.es.indices.refresh(index=self.settings.quotes_index)
        self._write_quotes(new)

    def _new_variants(self, events: Sequence[StatementEvent]) -> list[Variant]:
        """The variants of ``events`` the quotes index does not hold yet (realtime)."""
        variants: dict[str, Variant] = {}
        for ev in events:
            sid = speaker_id(ev.speaker_canonical)
            qid = quote_id(sid, ev.content)
            if qid not in variants:
                variants[qid] = Variant.new(qid, sid, ev.speaker_canonical, ev.content)
        docs = self.es.mget(index=self.settings.quotes_index, ids=sorted(variants))["docs"]
        known = {d["_id"] for d in docs if d.get("found")}
        return [v for q, v in sorted(variants.items()) if q not in known]

    def _write_quotes(self, new: list[Variant]) -> None:
        """Cluster the new variants against the stored ones sharing a band (the quotes
        index must be refreshed) and write them, relabelling bridged clusters."""
        if not new:
            return
        index = self.settings.quotes_index
        stored: list[Variant] = []
        query = candidate_query(new)
        if query is not None:
            resp = self.es.search(index=index, query=query, size=MAX_CANDIDATES)
            stored = [Variant.from_doc(h["_source"]) for h in resp.body["hits"]["hits"]]
        plan = plan_clusters(new, stored, self.settings.quote_similarity)
        now = self.clock()
        actions = [
            {
                "_op_type": "index",
                "_index": index,
                "_id": v.quote_id,
                "_source": variant_doc(v, now),
            }
            for v in plan.new
        ]
        if plan.relabel:
            actions += self._relabel_actions(plan.relabel, now)
            log.info("quote clusters merged", extra={"merged": len(plan.relabel)})
        self._bulk(actions, "quote")

    def _relabel_actions(self, relabel: dict[str, str], now: datetime) -> list[dict[str, Any]]:
        """Every stored member of a merged cluster moves to the surviving id."""
        index = self.settings.quotes_index
        resp = self.es.search(
            index=index, query={"terms": {"cluster_id": sorted(relabel)}}, size=MAX_CANDIDATES
        )
        actions = []
        for hit in resp.body["hits"]["hits"]:
            src = hit["_source"]
            target = relabel[src["cluster_id"]]
            while target in relabel:  # chains of merges
                target = relabel[target]
            actions.append(
                {
                    "_op_type": "index",
                    "_index": index,
                    "_id": hit["_id"],
                    "_source": {**src, "cluster_id": target},
                }
            )
        return actions
