"""Standing alerts: the saved query, the ``alerts`` topic's event and the webhook body.

An alert is a saved query over statements (speaker, about, text, outlet, type, minimum
confidence) with a webhook. The search API stores alerts (``/v1/alerts``); the alerts
worker matches every new statement against them, publishes one :class:`AlertMatchEvent`
per match to the ``alerts`` topic (key ``alert_id``) and POSTs a :class:`WebhookBody`
to the alert's URL, signed with the alert's own secret.

:func:`match_key` is the identity of a statement *for alerting*: article, speaker and
normalised content, not the version-specific ``statement_id``. An article update that
keeps a statement unchanged gives the same key, so the alert does not fire again.
"""

import hashlib
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from quotewire_contracts.events import SpeakerType, StatementEvent, StatementType

ALERTS_SCHEMA_VERSION = 1
#: Shortest digest interval: one message per alert per this many seconds at most often.
MIN_DIGEST_S = 1
MAX_DIGEST_S = 7 * 24 * 3600

Text = Annotated[str, Field(min_length=1, max_length=500)]


class AlertQuery(BaseModel):
    """What an alert waits for; every given field must hold (AND), at least one given.

    * ``speaker``: a name, surname, alias or role, resolved in the speakers registry
      like the search API's ``speaker=`` (so "Putin" also finds "Vladimir Putin");
    * ``about``: someone or something the statement mentions (its ``mentions``; a
      mention's folded name contains the folded words as a phrase);
    * ``text``: the search API's ``q=`` (content and article title, same analyzer: any
      of the words, stemmed);
    * ``source`` (the outlet) and ``type``: exact; ``min_confidence``: at least.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    speaker: Text | None = None
    about: Text | None = None
    text: Text | None = None
    source: Text | None = None
    type: StatementType | None = None
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _something_to_match(self) -> "AlertQuery":
        fields = (self.speaker, self.about, self.text, self.source, self.type)
        if not any(f is not None and str(f).strip() for f in fields):
            raise ValueError(
                "an alert needs at least one of speaker, about, text, source or type "
                "(an alert on every statement is not an alert)"
            )
        return self


class Alert(AlertQuery):
    """A stored alert, as the API lists it (never with its secret)."""

    alert_id: str
    name: str | None = None
    webhook_url: str
    digest_interval_s: int | None = Field(
        default=None,
        ge=MIN_DIGEST_S,
        le=MAX_DIGEST_S,
        description="None: one delivery per match; else one digest message per interval",
    )
    speaker_ids: list[str] | None = Field(
        default=None,
        description="The speaker ids ``speaker`` resolved to in the registry (None: the "
        "registry did not know it; statements' names are matched instead)",
    )
    created_at: AwareDatetime
    resolved_at: AwareDatetime | None = None
    backfill_since: AwareDatetime | None = Field(
        default=None, description="Past matches published since then are delivered once"
    )
    backfill_done_at: AwareDatetime | None = None


class AlertSpeaker(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="speaker_canonical")
    id: str = Field(description="speaker_id (folded name without titles)")
    mention: str | None = Field(description="The mention as written: 'he', 'Mr. Trump'")
    type: SpeakerType


class AlertArticle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str
    url: str | None
    title: str
    source: str | None
    published: datetime | None


class WebhookBody(BaseModel):
    """The JSON a webhook receives for one match (a digest carries a list of them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["alert_match"] = "alert_match"
    alert_id: str
    delivery_id: str = Field(description="The same as the Idempotency-Key header")
    speaker: AlertSpeaker
    article: AlertArticle
    statement: StatementEvent
    matched_at: datetime


class DigestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["alert_digest"] = "alert_digest"
    alert_id: str
    delivery_id: str
    interval_s: int
    window_start: datetime
    window_end: datetime
    matches: list[WebhookBody]


class AlertMatchEvent(BaseModel):
    """One match of one alert. Topic ``alerts``, key ``alert_id``.

    Published before the webhook is called; a replayed statement publishes the same
    ``delivery_id`` again (consumers dedupe on it, as the worker does before it delivers).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = ALERTS_SCHEMA_VERSION
    kind: Literal["alert_match"] = "alert_match"
    alert_id: str
    delivery_id: str
    match_key: str
    webhook: WebhookBody
    digest_interval_s: int | None = None
    backfill: bool = False


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def match_key(article_id: str, speaker_key: str, normalised_content: str) -> str:
    """A statement's identity for alerting (callers pass the speaker's id and the
    content normalised by ``quotewire_common.names``): survives article updates."""
    return _digest("match", article_id, speaker_key, normalised_content)


def delivery_id_for(alert_id: str, key: str) -> str:
    """The idempotency key of one alert's delivery of one statement."""
    return "d-" + _digest("delivery", alert_id, key)


def digest_id_for(alert_id: str, window_start: int) -> str:
    """The idempotency key of one alert's digest of one interval (epoch seconds)."""
    return "g-" + _digest("digest", alert_id, str(window_start))


def decode_alert_match(raw: bytes | str) -> AlertMatchEvent:
    return AlertMatchEvent.model_validate_json(raw)
