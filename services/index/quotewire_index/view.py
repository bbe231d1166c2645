"""The search index is a view of the topics, and it rebuilds itself.

Kafka is the record; Elasticsearch holds a view derived from it. A *view* is one life of
the indices: it gets an id (a random ``view_id``) in a small bookkeeping index
(``QW_VIEW_INDEX``, default ``quotewire-view``) when the indexer first finds the
indices without one: at the first start, and whenever the search server lost its data
(restarted in memory, emptied, indices deleted) — the view document is lost with them.
That is the check: a document that lives and dies with the data, not only index names.

Committed offsets only mean "written" for the view they were written into. So the
indexer keeps one more document per (consumer group, topic, partition) in the view
index: the ``view_id`` its committed offset belongs to, written right after the first
commit of that partition in that view. A partition whose document is missing or names
another view is read again from its earliest offset (deterministic ids: nothing
doubles); the document is written only after that replay's first commit, so a crash in
between replays again instead of skipping.

:meth:`ViewGuard.ensure` also puts back missing index templates, creates missing
indices, and refuses to go on (:class:`NotOurIndex`, logged loudly, nothing written)
when a configured name holds an index without the quotewire mapping.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch, NotFoundError
from elasticsearch.exceptions import BadRequestError

from quotewire_index.indices import (
    KINDS,
    Kind,
    ensure_indices,
    mapping_hash,
    resolve,
    template_name,
)

log = logging.getLogger("quotewire_index.view")

VIEW_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "view_id": {"type": "keyword"},
        "what": {"type": "keyword"},
        "group": {"type": "keyword"},
        "topic": {"type": "keyword"},
        "partition": {"type": "integer"},
        "statements_index": {"type": "keyword"},
        "articles_index": {"type": "keyword"},
        "created_at": {"type": "date"},
    },
}


class NotOurIndex(RuntimeError):
    """A configured index name holds an index without the quotewire mapping."""


@dataclass(frozen=True)
class ViewStatus:
    view_id: str
    created: bool  # this call started a new view (the data was gone)
    templates_restored: list[str]


class ViewGuard:
    def __init__(
        self,
        es: Elasticsearch,
        indices: dict[Kind, str],
        view_index: str = "quotewire-view",
        group: str = "quotewire-index",
    ) -> None:
        self.es = es
        self.indices = indices
        self.view_index = view_index
        self.group = group
        #: Both names are aliases (writes then use ``require_alias``: never auto-create).
        self.aliased = False
        #: Indices already reported as built from an older template (logged once each).
        self.outdated: set[str] = set()

    # -- the view document ---------------------------------------------------------------

    @property
    def view_doc_id(self) -> str:
        return f"view:{self.indices['statements']}:{self.indices['articles']}"

    def partition_doc_id(self, topic: str, partition: int) -> str:
        return f"partition:{self.group}:{self.indices['statements']}:{topic}:{partition}"

    def _ensure_view_index(self) -> None:
        if self.es.indices.exists(index=self.view_index):
            return
        try:
            self.es.indices.create(
                index=self.view_index,
                settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
                mappings=VIEW_MAPPINGS,
            )
        except BadRequestError as exc:  # created concurrently
            if exc.error != "resource_already_exists_exception":
                raise

    def current_view(self) -> str | None:
        """The view id stored in Elasticsearch, or None when there is none (data gone)."""
        try:
            doc = self.es.get(index=self.view_index, id=self.view_doc_id)
        except NotFoundError:
            return None
        return doc["_source"]["view_id"]

    def _new_view(self) -> tuple[str, bool]:
        view_id = uuid.uuid4().hex
        try:
            self.es.index(
                index=self.view_index,
                id=self.view_doc_id,
                op_type="create",
                refresh="wait_for",
                document={
                    "view_id": view_id,
                    "what": "view",
                    "statements_index": self.indices["statements"],
                    "articles_index": self.indices["articles"],
                    "created_at": datetime.now(UTC).isoformat(),
                },
            )
            return view_id, True
        except ConflictError:  # another indexer started it a moment ago
            return self.current_view() or view_id, False

    @property
    def kinds(self) -> list[Kind]:
        """The kinds this guard looks after (all of ``KINDS`` that it was given names for)."""
        return [k for k in KINDS if k in self.indices]

    # -- the check -------------------------------------------------------------------------

    def check_indices(self) -> list[str]:
        """Templates put back when missing; indices created when missing (their names in
        :attr:`created`); raises :class:`NotOurIndex` for a name that holds a foreign
        index. Returns the templates restored."""
        self.created: list[str] = []
        restored = [
            template_name(k)
            for k in self.kinds
            if not self.es.indices.exists_index_template(name=template_name(k))
        ]
        targets = {kind: resolve(self.es, self.indices[kind]) for kind in self.kinds}
        for kind, target in targets.items():
            if target.concrete is not None and target.kind != kind:
                raise NotOurIndex(
                    f"index {target.concrete!r} (behind {self.indices[kind]!r}) lacks the "
                    f"quotewire {kind} mapping; refusing to write into it. Delete it or point "
                    f"QW_{kind.upper()}_INDEX elsewhere, then the indexer rebuilds it"
                )
        self.aliased = all(t.is_alias for t in targets.values())
        self.warn_outdated(targets.values())
        if restored or any(t.concrete is None for t in targets.values()):
            # Templates first, then the indices from them (the files are the one source).
            changes = ensure_indices(self.es, self.indices, update_templates=bool(restored))
            self.created = [c.name for c in changes if c.what == "index" and c.action == "created"]
            self.aliased = all(resolve(self.es, self.indices[k]).is_alias for k in self.kinds)
        return restored

    def warn_outdated(self, targets) -> None:
        """Log once per index that it was made from an older template than this version's
        (its ``_meta.quotewire.mapping`` hash differs): it works as it is, and ``quotewire
        reindex`` rebuilds it with the current mapping (e.g. fields no longer indexed)."""
        for t in targets:
            if t.concrete is None or t.kind is None or t.concrete in self.outdated:
                continue
            current = mapping_hash(t.kind)
            if t.mapping != current:
                self.outdated.add(t.concrete)
                log.warning(
                    "the %s index %r has an older mapping (%s, this version's is %s); it "
                    "works as it is, `quotewire reindex` rebuilds it with the current one",
                    t.kind,
                    t.concrete,
                    t.mapping or "none recorded",
                    current,
                )

    def ensure(self) -> ViewStatus:
        """Make sure the indices are there and ours and a view id exists; the view id."""
        restored = self.check_indices()
        if restored:
            log.warning(
                "index templates were missing on the search server; put them back",
                extra={"templates": restored},
            )
        self._ensure_view_index()
        view_id = self.current_view()
        if view_id is not None and self.created:
            # An index was gone while the view document stayed (deleted by hand): what
            # the committed offsets say was written is not there any more.
            log.warning(
                "indices %s were missing and are created again: the view %s is void",
                self.created,
                view_id,
            )
            self.es.delete(index=self.view_index, id=self.view_doc_id, refresh="wait_for")
            view_id = None
        created = False
        if view_id is None:
            view_id, created = self._new_view()
            if created:
                log.warning(
                    "no view document on the search server (first start, or its data is "
                    "gone): a new view; every partition is read again from its earliest "
                    "offset",
                    extra={"view_id": view_id},
                )
        return ViewStatus(view_id, created, restored)

    # -- partitions --------------------------------------------------------------------------

    def partition_views(self, tps: list[tuple[str, int]]) -> dict[tuple[str, int], str | None]:
        """The view each partition's committed offset belongs to (None: unknown)."""
        if not tps:
            return {}
        ids = [self.partition_doc_id(t, p) for t, p in tps]
        docs = self.es.mget(index=self.view_index, ids=ids)["docs"]
        return {
            tp: (d["_source"]["view_id"] if d.get("found") else None)
            for tp, d in zip(tps, docs, strict=True)
        }

    def mark_partitions(self, tps: list[tuple[str, int]], view_id: str) -> None:
        """Record that these partitions' committed offsets belong to ``view_id``."""
        if not tps:
            return
        operations: list[dict[str, Any]] = []
        now = datetime.now(UTC).isoformat()
        for topic, partition in tps:
            doc_id = self.partition_doc_id(topic, partition)
            operations.append({"index": {"_index": self.view_index, "_id": doc_id}})
            operations.append(
                {
                    "view_id": view_id,
                    "what": "partition",
                    "group": self.group,
                    "topic": topic,
                    "partition": partition,
                    "created_at": now,
                }
            )
        resp = self.es.bulk(operations=operations, refresh="wait_for")
        if resp.get("errors"):
            failed = [i for i in resp["items"] if i["index"].get("error")]
            raise RuntimeError(f"could not record partition views: {failed[:2]}")
