"""Where alerts and their deliveries live: two Elasticsearch indices.

* ``alerts`` (``QW_ALERTS_INDEX``): one document per alert, ``_id = alert_id``: the
  :class:`quotewire_contracts.alerts.Alert` fields plus its HMAC ``secret`` (which the
  API shows once, when the alert is created, and never lists).
* ``alert-deliveries`` (``QW_ALERT_DELIVERIES_INDEX``): the record of what was sent,
  ``_id = delivery_id`` (deterministic: alert + the statement's match key), written with
  ``op_type=create`` so two writers cannot both claim one delivery. ``state`` is
  ``sending`` (claimed, the webhook may or may not have it), ``delivered``,
  ``dead_lettered`` or, for digest alerts, ``queued`` (waiting for its interval).

The search API writes alerts; the alerts worker reads them and owns the deliveries.
Both create the indices when missing (:func:`ensure_alert_indices`), with the mappings
below (strict: a typo in a field is an error, not a new field).
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.helpers import scan
from pydantic import Field
from quotewire_contracts.alerts import Alert

from quotewire_common.settings import QwSettings

_KW = {"type": "keyword"}
_DATE = {"type": "date"}

ALERTS_MAPPINGS: dict[str, Any] = {
    "_meta": {"quotewire": {"kind": "alerts"}},
    "dynamic": "strict",
    "properties": {
        "alert_id": _KW,
        "name": {"type": "keyword", "ignore_above": 512},
        "speaker": {"type": "keyword", "ignore_above": 512},
        "about": {"type": "keyword", "ignore_above": 512},
        "text": {"type": "keyword", "ignore_above": 512},
        "source": {"type": "keyword", "ignore_above": 512},
        "type": _KW,
        "min_confidence": {"type": "float"},
        "webhook_url": {"type": "keyword", "ignore_above": 4096},
        "digest_interval_s": {"type": "integer"},
        "speaker_ids": _KW,
        "created_at": _DATE,
        "resolved_at": _DATE,
        "backfill_since": _DATE,
        "backfill_done_at": _DATE,
        "secret": {"type": "keyword", "index": False, "doc_values": False},
    },
}

DELIVERIES_MAPPINGS: dict[str, Any] = {
    "_meta": {"quotewire": {"kind": "alert-deliveries"}},
    "dynamic": "strict",
    "properties": {
        "delivery_id": _KW,
        "alert_id": _KW,
        "match_key": _KW,
        "statement_id": _KW,
        "article_id": _KW,
        "state": _KW,
        "attempts": {"type": "integer"},
        "http_status": {"type": "integer"},
        "reason": {"type": "keyword", "ignore_above": 2048},
        "claimed_at": _DATE,
        "finished_at": _DATE,
        "due_at": _DATE,
        "digest_id": _KW,
        "body": {"type": "object", "enabled": False},
    },
}


class AlertsStoreSettings(QwSettings):
    alerts_index: str = Field(default="alerts", min_length=1, description="Saved alerts")
    alert_deliveries_index: str = Field(
        default="alert-deliveries",
        min_length=1,
        description="Record of every alert delivery (exactly once per alert and statement)",
    )
    alerts_resolve_interval_s: float = Field(
        default=60.0,
        ge=0,
        description="How often the search API re-resolves alerts' speakers in the registry "
        "(it learns aliases and full names); 0: never",
    )


_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """``7d``, ``12h``, ``30m``, ``2w`` (that long ago) or an ISO 8601 date/datetime
    (UTC when it has no offset); raises ``ValueError`` with what is accepted."""
    value = value.strip()
    now = now or now_utc()
    unit = _UNITS.get(value[-1:].lower())
    if unit and value[:-1].isdigit():
        return now - timedelta(seconds=int(value[:-1]) * unit)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"since must be a duration like 7d, 12h, 30m, 2w or an ISO 8601 date; got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)


def ensure_alert_indices(es: Elasticsearch, settings: AlertsStoreSettings) -> list[str]:
    """Create the alerts and deliveries indices when missing; the names created."""
    created = []
    for index, mappings in (
        (settings.alerts_index, ALERTS_MAPPINGS),
        (settings.alert_deliveries_index, DELIVERIES_MAPPINGS),
    ):
        if es.indices.exists(index=index):
            continue
        try:
            es.indices.create(
                index=index,
                settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
                mappings=mappings,
            )
            created.append(index)
        except BadRequestError as exc:  # created meanwhile by another process: fine
            if exc.error != "resource_already_exists_exception":
                raise
    return created


def save_alert(es: Elasticsearch, index: str, alert: Alert, secret: str) -> None:
    doc = alert.model_dump(mode="json")
    doc["secret"] = secret
    es.index(index=index, id=alert.alert_id, document=doc, op_type="create", refresh="wait_for")


def _alert(source: dict[str, Any]) -> Alert:
    return Alert.model_validate({k: v for k, v in source.items() if k != "secret"})


def get_alert(es: Elasticsearch, index: str, alert_id: str) -> Alert | None:
    try:
        return _alert(es.get(index=index, id=alert_id).body["_source"])
    except NotFoundError:
        return None


def list_alerts(es: Elasticsearch, index: str, size: int = 1000) -> list[Alert]:
    if not es.indices.exists(index=index):
        return []
    resp = es.search(
        index=index,
        size=size,
        sort=[{"created_at": "asc"}, {"alert_id": "asc"}],
        query={"match_all": {}},
    )
    return [_alert(h["_source"]) for h in resp.body["hits"]["hits"]]


def delete_alert(es: Elasticsearch, index: str, alert_id: str) -> bool:
    try:
        es.delete(index=index, id=alert_id, refresh="wait_for")
        return True
    except NotFoundError:
        return False


def update_alert(es: Elasticsearch, index: str, alert_id: str, **fields: Any) -> None:
    doc = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
    es.update(index=index, id=alert_id, doc=doc, refresh="wait_for")


def load_alerts_with_secrets(es: Elasticsearch, index: str) -> Iterator[tuple[Alert, str]]:
    """Every alert and its secret (the worker signs with it)."""
    if not es.indices.exists(index=index):
        return
    for hit in scan(es, index=index, query={"query": {"match_all": {}}}, size=1000):
        yield _alert(hit["_source"]), hit["_source"]["secret"]
