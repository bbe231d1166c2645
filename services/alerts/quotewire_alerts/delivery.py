"""Webhook delivery: signed POSTs, retried with capped exponential backoff.

Each request carries

* ``X-Quotewire-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`` and
  ``X-Quotewire-Timestamp: <unix seconds>``: the scheme ingest verifies for CMS pushes
  (:func:`quotewire_common.auth.sign`), so a receiver can reuse
  :class:`quotewire_common.auth.WebhookVerifier`;
* ``Idempotency-Key: <delivery_id>``: the same for every attempt of one (alert,
  statement) and after a worker restart, so a receiver can drop a repeat;
* ``X-Quotewire-Alert: <alert_id>``.

2xx is delivered. 408, 425, 429 and 5xx, timeouts and connection errors are retried
after ``initial * 2^n`` seconds (capped), or after ``Retry-After`` when the receiver
says so (capped the same); other 4xx are final (the receiver refuses it). Every
connection goes through the outbound guard (:mod:`quotewire_common.outbound`): a
webhook host that resolves to a private address later is refused then too.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from quotewire_common.auth import sign
from quotewire_common.outbound import (
    FetchError,
    OutboundPolicy,
    guarded_client,
    retry_after_seconds,
)

log = logging.getLogger("quotewire_alerts.delivery")

SIGNATURE_HEADER = "X-Quotewire-Signature"
TIMESTAMP_HEADER = "X-Quotewire-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
ALERT_HEADER = "X-Quotewire-Alert"
RETRIED_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    initial_backoff_s: float = 0.5
    max_backoff_s: float = 30.0

    def backoff(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if retry_after_s is not None:
            return min(max(0.0, retry_after_s), self.max_backoff_s)
        return min(self.initial_backoff_s * 2 ** (attempt - 1), self.max_backoff_s)


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    attempts: int
    status: int | None
    reason: str


def signed_headers(
    secret: str, body: bytes, delivery_id: str, alert_id: str, now: float | None = None
) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        TIMESTAMP_HEADER: timestamp,
        IDEMPOTENCY_HEADER: delivery_id,
        ALERT_HEADER: alert_id,
    }


class Deliverer:
    """POSTs through the outbound guard, retrying per :class:`RetryPolicy`."""

    def __init__(
        self,
        outbound: OutboundPolicy,
        retry: RetryPolicy,
        timeout_s: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retry = retry
        self.timeout_s = timeout_s
        self.sleep = sleep
        self.client = guarded_client(outbound)

    def close(self) -> None:
        self.client.close()

    def deliver(
        self, url: str, secret: str, body: bytes, delivery_id: str, alert_id: str
    ) -> Outcome:
        reason = "no attempt made"
        status: int | None = None
        for attempt in range(1, self.retry.max_attempts + 1):
            wait: float | None = None
            try:
                response = self.client.post(
                    url,
                    content=body,
                    headers=signed_headers(secret, body, delivery_id, alert_id),
                    timeout=self.timeout_s,
                )
                status = response.status_code
                if 200 <= status < 300:
                    return Outcome(True, attempt, status, f"HTTP {status}")
                reason = f"HTTP {status} from {url}"
                if status < 500 and status not in RETRIED_STATUSES:
                    return Outcome(False, attempt, status, f"{reason} (not retried: a 4xx)")
                wait = retry_after_seconds(response.headers.get("retry-after"))
            except FetchError as exc:  # the guard refused the destination: final
                return Outcome(False, attempt, None, f"refused by the outbound guard: {exc}")
            except httpx.HTTPError as exc:
                cause = exc.__context__ if isinstance(exc.__context__, FetchError) else None
                if cause is not None:
                    return Outcome(False, attempt, None, f"refused by the outbound guard: {cause}")
                status = None
                reason = f"{type(exc).__name__}: {exc or 'no answer'} ({url})"
            if attempt < self.retry.max_attempts:
                pause = self.retry.backoff(attempt, wait)
                log.info(
                    "webhook attempt failed; retrying",
                    extra={
                        "delivery_id": delivery_id,
                        "attempt": attempt,
                        "reason": reason,
                        "retry_in_s": round(pause, 2),
                    },
                )
                self.sleep(pause)
        return Outcome(
            False,
            self.retry.max_attempts,
            status,
            f"gave up after {self.retry.max_attempts} attempts: {reason}",
        )
