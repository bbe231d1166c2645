"""The record of deliveries (``alert-deliveries``): what makes delivery exactly-once.

Protocol for one (alert, statement), ``_id = delivery_id``:

1. **claim**: create ``{state: sending}`` with ``op_type=create``. A 409 means someone
   claimed it before: ``delivered``/``dead_lettered``/``queued`` → skip (a redelivered
   statement, an article update with the same statement, a second worker);
   ``sending`` → a worker claimed it and did not finish (killed between the claim and
   the record of the outcome): it is sent again, *with the same Idempotency-Key*.
2. **send** (:mod:`quotewire_alerts.delivery`);
3. **record** the outcome (``delivered`` or ``dead_lettered``), then the consumer
   commits the statement's offset.

So: a match is never lost (the offset is committed only after step 3, and a claim left
in ``sending`` is retried), and it is POSTed more than once only when a worker dies
between step 1 and step 3; then the receiver sees the same Idempotency-Key again.

Digest alerts: step 1 stores ``{state: queued, due_at, body}``; the digest flush sends
one message per alert and interval (its own claim/record under a digest id), then marks
the items ``delivered``.
"""

from datetime import datetime
from typing import Any

from elasticsearch import ConflictError, Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from quotewire_common.alerts_store import now_utc

SENDING = "sending"
DELIVERED = "delivered"
DEAD_LETTERED = "dead_lettered"
QUEUED = "queued"
FINAL = frozenset({DELIVERED, DEAD_LETTERED})


class Ledger:
    def __init__(self, es: Elasticsearch, index: str) -> None:
        self.es = es
        self.index = index

    def _state(self, delivery_id: str) -> str | None:
        try:
            return self.es.get(index=self.index, id=delivery_id).body["_source"]["state"]
        except NotFoundError:
            return None

    def claim(self, delivery_id: str, **fields: Any) -> str | None:
        """``None`` when this call claimed it; else the state it already had."""
        doc = {"delivery_id": delivery_id, "state": SENDING, "claimed_at": now_utc(), **fields}
        try:
            self.es.index(index=self.index, id=delivery_id, document=doc, op_type="create")
            return None
        except ConflictError:
            return self._state(delivery_id) or SENDING

    def queue(self, delivery_id: str, due_at: datetime, body: dict, **fields: Any) -> bool:
        """Queue a digest item; ``False`` when it was queued (or sent) before."""
        doc = {
            "delivery_id": delivery_id,
            "state": QUEUED,
            "claimed_at": now_utc(),
            "due_at": due_at,
            "body": body,
            **fields,
        }
        try:
            self.es.index(index=self.index, id=delivery_id, document=doc, op_type="create")
            return True
        except ConflictError:
            return False

    def finish(
        self, delivery_id: str, state: str, attempts: int, status: int | None, reason: str
    ) -> None:
        self.es.update(
            index=self.index,
            id=delivery_id,
            doc={
                "state": state,
                "attempts": attempts,
                "http_status": status,
                "reason": reason[:2000],
                "finished_at": now_utc(),
            },
        )

    def due_digest_items(self, now: datetime, size: int = 1000) -> list[dict[str, Any]]:
        """Queued digest items whose interval has ended, oldest first."""
        self.es.indices.refresh(index=self.index)
        resp = self.es.search(
            index=self.index,
            size=size,
            query={
                "bool": {
                    "filter": [
                        {"term": {"state": QUEUED}},
                        {"range": {"due_at": {"lte": now.isoformat()}}},
                    ]
                }
            },
            sort=[{"due_at": "asc"}, {"delivery_id": "asc"}],
        )
        return [h["_source"] for h in resp.body["hits"]["hits"]]

    def mark_digested(self, delivery_ids: list[str], digest_id: str, state: str) -> None:
        actions = [
            {
                "_op_type": "update",
                "_index": self.index,
                "_id": did,
                "doc": {"state": state, "digest_id": digest_id, "finished_at": now_utc()},
            }
            for did in delivery_ids
        ]
        bulk(self.es, actions, refresh="wait_for")

    def digest_items(self, digest_id: str) -> list[str]:
        """The delivery ids a digest message held (recorded when it was claimed)."""
        try:
            doc = self.es.get(index=self.index, id=digest_id).body["_source"]
        except NotFoundError:
            return []
        return list((doc.get("body") or {}).get("delivery_ids") or [])

    def states(self, ids: list[str]) -> dict[str, str]:
        """For tests and tools: the recorded state of each delivery id."""
        if not ids:
            return {}
        docs = self.es.mget(index=self.index, ids=ids).body["docs"]
        return {d["_id"]: d["_source"]["state"] for d in docs if d.get("found")}
