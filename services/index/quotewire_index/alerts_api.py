"""``/v1/alerts``: standing alerts on the search API (scope ``alerts``).

``POST`` validates the saved query and the webhook URL (the outbound guard of URL
ingest: no loopback, private or metadata address unless ``QW_FETCH_ALLOW`` allows it),
resolves the speaker in the registry the way ``speaker=`` is resolved, stores the alert
with a fresh HMAC secret and answers it once. ``GET`` lists alerts (never secrets);
``DELETE /v1/alerts/{id}`` removes one. The alerts worker does the matching and the
delivery (``services/alerts``).
"""

import logging
import secrets
import threading
from datetime import datetime
from typing import Annotated

import httpx
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, ConfigDict, Field
from quotewire_common.alerts_store import (
    delete_alert,
    ensure_alert_indices,
    get_alert,
    list_alerts,
    now_utc,
    parse_since,
    save_alert,
    update_alert,
)
from quotewire_common.api_errors import error_response, error_responses
from quotewire_common.auth_api import AlertsKey
from quotewire_common.outbound import FetchError, check_destination, resolve
from quotewire_contracts.alerts import MAX_DIGEST_S, MIN_DIGEST_S, Alert, AlertQuery

from quotewire_index.models import SpeakerMatch
from quotewire_index.query import StatementSearch
from quotewire_index.search import resolve as resolve_speaker_params
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.alerts_api")
MAX_ALERTS_LISTED = 10_000
NOT_FOUND = error_responses({404: "No alert with this id"})


class AlertCreate(AlertQuery):
    """A new alert: the saved query, where to deliver, and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(default=None, max_length=200, description="For people")
    webhook_url: str = Field(
        min_length=8, max_length=4000, description="http(s) URL the matches are POSTed to"
    )
    digest_interval_s: int | None = Field(
        default=None,
        ge=MIN_DIGEST_S,
        le=MAX_DIGEST_S,
        description="Busy alerts: one message per interval with all its matches",
    )
    since: str | None = Field(
        default=None,
        description="Backfill: deliver past matches published since then once "
        "(7d, 12h, 30m, 2w or an ISO 8601 date)",
    )


class AlertCreated(BaseModel):
    alert: Alert
    secret: str = Field(
        description="HMAC-SHA256 key of the X-Quotewire-Signature header. Shown only "
        "in this answer: store it now"
    )
    speaker_match: SpeakerMatch | None = Field(
        default=None, description="How the speaker resolved in the registry"
    )


class AlertsPage(BaseModel):
    total: int
    alerts: list[Alert]


def check_webhook_url(url: str, settings: IndexSettings) -> str:
    """The URL when the outbound guard lets it through; else ``ValueError`` saying why."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(f"webhook_url is not a URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError("webhook_url must be an http:// or https:// URL with a host")
    policy = settings.policy()
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        check_destination(parsed.host, resolve(parsed.host, port), policy)
    except FetchError as exc:
        raise ValueError(f"webhook_url refused: {exc}") from None
    return str(parsed)


def create_alert(es: Elasticsearch, settings: IndexSettings, body: AlertCreate) -> AlertCreated:
    url = check_webhook_url(body.webhook_url, settings)  # bad input: 422 before any I/O
    since: datetime | None = parse_since(body.since) if body.since else None
    ensure_alert_indices(es, settings)
    speaker_ids, match = None, None
    if body.speaker:
        speaker_ids, match = resolve_alert_speaker(es, settings, body.speaker)
    now = now_utc()
    alert = Alert(
        **body.model_dump(exclude={"since", "webhook_url"}),
        alert_id="al-" + secrets.token_hex(8),
        webhook_url=url,
        speaker_ids=speaker_ids,
        created_at=now,
        resolved_at=now if body.speaker else None,
        backfill_since=since,
    )
    secret = "whsec_" + secrets.token_urlsafe(32)
    save_alert(es, settings.alerts_index, alert, secret)
    return AlertCreated(alert=alert, secret=secret, speaker_match=match)


def resolve_alert_speaker(
    es: Elasticsearch, settings: IndexSettings, speaker: str
) -> tuple[list[str] | None, SpeakerMatch | None]:
    """The speaker ids ``speaker=`` would filter on (``None``: match the names)."""
    params, match = resolve_speaker_params(
        es, settings.speakers_index, StatementSearch(speaker=speaker, size=0)
    )
    return (list(params.speaker_ids) if params.speaker_ids is not None else None), match


def re_resolve_alerts(es: Elasticsearch, settings: IndexSettings) -> int:
    """Re-resolve every alert's speaker as the registry now knows it; the count changed.

    The registry learns ("Putin" gets linked to "Vladimir Putin" once both are known);
    the alerts worker reloads the changed alerts within ``QW_ALERTS_RELOAD_S``.
    """
    changed = 0
    for alert in list_alerts(es, settings.alerts_index, MAX_ALERTS_LISTED):
        if not alert.speaker:
            continue
        ids, _ = resolve_alert_speaker(es, settings, alert.speaker)
        if ids != alert.speaker_ids:
            update_alert(
                es, settings.alerts_index, alert.alert_id, speaker_ids=ids, resolved_at=now_utc()
            )
            log.info(
                "alert speaker re-resolved",
                extra={"alert_id": alert.alert_id, "speaker_ids": ids},
            )
            changed += 1
    return changed


def resolve_periodically(
    es: Elasticsearch, settings: IndexSettings, stop: threading.Event
) -> threading.Thread | None:
    """A daemon thread running :func:`re_resolve_alerts` every
    ``QW_ALERTS_RESOLVE_INTERVAL_S`` until ``stop`` is set (``None`` when 0)."""
    interval = settings.alerts_resolve_interval_s
    if interval <= 0:
        return None

    def loop() -> None:
        while not stop.wait(interval):
            try:
                re_resolve_alerts(es, settings)
            except (ApiError, TransportError) as exc:
                log.warning("alert speakers not re-resolved: %r", exc)

    thread = threading.Thread(target=loop, name="alerts-resolve", daemon=True)
    thread.start()
    return thread


def build_router(
    es_dep, settings_dep, no_unknown_params, problems: dict, es_failure, unknown_params: dict
) -> APIRouter:
    """The routes, given the search API's dependencies (its client and settings), its
    published problem answers and its mapping of Elasticsearch errors to them."""
    from fastapi import Depends

    router = APIRouter(
        prefix="/v1/alerts",
        tags=["alerts"],
        dependencies=[Depends(no_unknown_params)],
        responses={**problems, 422: unknown_params},
    )
    _es_failure = es_failure

    @router.post(
        "",
        status_code=status.HTTP_201_CREATED,
        response_model=AlertCreated,
        responses={
            422: error_response(
                422, "Invalid query, since or webhook URL (refused), or an unknown query parameter"
            )
        },
    )
    def post_alert(
        es: es_dep, settings: settings_dep, body: AlertCreate, _key: AlertsKey
    ) -> AlertCreated:
        """Create a standing alert. The answer holds the webhook secret, once."""
        try:
            return create_alert(es, settings, body)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        except (ApiError, TransportError) as exc:
            raise _es_failure(exc) from None

    @router.get("", response_model=AlertsPage)
    def get_alerts(es: es_dep, settings: settings_dep, _key: AlertsKey) -> AlertsPage:
        """Every alert (without secrets), oldest first."""
        try:
            alerts = list_alerts(es, settings.alerts_index, MAX_ALERTS_LISTED)
        except (ApiError, TransportError) as exc:
            raise _es_failure(exc) from None
        return AlertsPage(total=len(alerts), alerts=alerts)

    @router.get("/{alert_id}", response_model=Alert, responses=NOT_FOUND)
    def get_one(
        es: es_dep,
        settings: settings_dep,
        alert_id: Annotated[str, Path(max_length=100)],
        _key: AlertsKey,
    ) -> Alert:
        try:
            alert = get_alert(es, settings.alerts_index, alert_id)
        except (ApiError, TransportError) as exc:
            raise _es_failure(exc) from None
        if alert is None:
            raise HTTPException(404, f"no alert {alert_id}")
        return alert

    @router.delete(
        "/{alert_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        responses=NOT_FOUND,
    )
    def remove(
        es: es_dep,
        settings: settings_dep,
        alert_id: Annotated[str, Path(max_length=100)],
        _key: AlertsKey,
    ) -> None:
        """Remove an alert: no delivery starts for it after this."""
        try:
            found = delete_alert(es, settings.alerts_index, alert_id)
        except (ApiError, TransportError) as exc:
            raise _es_failure(exc) from None
        if not found:
            raise HTTPException(404, f"no alert {alert_id}")

    return router
