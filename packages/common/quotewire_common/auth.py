"""API keys, per-key rate limits and signed webhooks for the HTTP services.

**Keys.** A key reads ``qw_<id>_<secret>``; only ``sha256(secret)`` is stored, with the
key's name, scopes (``write``: ingest; ``read``: search; ``alerts``: create, list and
remove standing alerts, which make the service call out to webhooks), optional rate and revocation
time. Keys come from a JSON file (``QW_API_KEYS_FILE``, written by ``quotewire keys``;
re-read when it changes, so a revocation applies without a restart) and/or the same
JSON in ``QW_API_KEYS``. Clients send ``Authorization: Bearer <key>``: no or an unknown
key → 401, a key without the route's scope → 403.

**Off only locally.** ``QW_AUTH_REQUIRED`` defaults to true; the local stack (which binds
127.0.0.1) and the tests turn it off. A service that requires keys and has none refuses
to start. ``/healthz``, ``/readyz`` and ``/metrics`` never ask for a key.

**Rate limits** (ingest): a token bucket per key, ``QW_RATE_LIMIT_PER_MIN`` (a key's own
``rate_per_min`` overrides), bursts up to one minute's worth; over it → 429 with
``Retry-After``. Per process: N replicas allow N times the rate.

**Signed webhooks** (ingest, optional): with ``QW_WEBHOOK_SECRET`` set, a push carrying
``X-Quotewire-Signature: sha256=<hex hmac_sha256(secret, "<timestamp>.<body>")>`` and
``X-Quotewire-Timestamp: <unix seconds>`` is authenticated without a key. A timestamp
outside ``QW_WEBHOOK_MAX_AGE_S`` or a signature seen before within that window (a replay)
→ 401.
"""

import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import Field, field_validator

from quotewire_common.settings import QwSettings

SCOPES = ("read", "write", "alerts")
PREFIX = "qw"


class AuthSettings(QwSettings):
    auth_required: bool = Field(
        default=True,
        description="Ask for API keys (off only in the local stack, which binds 127.0.0.1)",
    )
    api_keys_file: Path | None = Field(
        default=None, description="JSON file of hashed keys (`quotewire keys create`)"
    )
    api_keys: str | None = Field(
        default=None, description="The same JSON as the keys file, inline (e.g. a secret)"
    )
    rate_limit_per_min: float = Field(
        default=600, gt=0, description="Ingest requests per minute per key (429 above)"
    )
    webhook_secret: str | None = Field(
        default=None, description="Secret of HMAC-SHA256 signed webhook pushes (unset: off)"
    )
    webhook_signature_header: str = "X-Quotewire-Signature"
    webhook_timestamp_header: str = "X-Quotewire-Timestamp"
    webhook_max_age_s: float = Field(
        default=300, gt=0, description="Signed pushes older (or newer) than this are refused"
    )

    @field_validator("api_keys_file", "api_keys", "webhook_secret", mode="before")
    @classmethod
    def _none_when_empty(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v


class ApiClientSettings(QwSettings):
    """The key the ``quotewire`` CLI sends (``QW_API_KEY``)."""

    api_key: str | None = Field(default=None, description="API key the CLI sends (Bearer)")

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}


@dataclass
class ApiKey:
    id: str
    name: str
    scopes: list[str]
    hash: str
    created_at: str
    revoked_at: str | None = None
    rate_per_min: float | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_secret(secret: str) -> str:
    # Keys are 256-bit random: a fast hash is enough (no dictionary to guess from).
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


def new_key(name: str, scopes: list[str], rate_per_min: float | None = None) -> tuple[str, ApiKey]:
    """(the key to hand out once, its stored record)."""
    bad = sorted(set(scopes) - set(SCOPES))
    if bad or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(scopes)}")
    key_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    record = ApiKey(
        id=key_id,
        name=name,
        scopes=sorted(set(scopes)),
        hash=hash_secret(secret),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        rate_per_min=rate_per_min,
    )
    return f"{PREFIX}_{key_id}_{secret}", record


def parse_keys(text: str) -> dict[str, ApiKey]:
    data = json.loads(text) if text.strip() else {"keys": []}
    rows = data["keys"] if isinstance(data, dict) else data
    return {row["id"]: ApiKey(**row) for row in rows}


def dump_keys(keys: dict[str, ApiKey]) -> str:
    return json.dumps({"keys": [asdict(k) for k in keys.values()]}, indent=2) + "\n"


def load_keys_file(path: Path) -> dict[str, ApiKey]:
    return parse_keys(path.read_text("utf-8")) if path.exists() else {}


def save_keys_file(path: Path, keys: dict[str, ApiKey]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dump_keys(keys), "utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


class KeyStore:
    """The keys a service accepts: the file (re-read when its mtime changes) plus env."""

    def __init__(self, settings: AuthSettings) -> None:
        self.path = settings.api_keys_file
        self.inline = parse_keys(settings.api_keys) if settings.api_keys else {}
        self._mtime: float | None = None
        self._from_file: dict[str, ApiKey] = {}
        self._lock = threading.Lock()

    def keys(self) -> dict[str, ApiKey]:
        if self.path is not None:
            try:
                mtime = self.path.stat().st_mtime
            except FileNotFoundError:
                mtime = None
            with self._lock:
                if mtime != self._mtime:
                    self._from_file = load_keys_file(self.path) if mtime is not None else {}
                    self._mtime = mtime
        return {**self._from_file, **self.inline}

    def verify(self, presented: str) -> ApiKey | None:
        """The active key matching ``presented`` (``qw_<id>_<secret>``), else ``None``."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        key = self.keys().get(parts[1])
        if key is None or not key.active:
            return None
        return key if hmac.compare_digest(key.hash, hash_secret(parts[2])) else None


@dataclass
class RateLimiter:
    """Token buckets per key: ``rate`` per minute, bursts up to a minute's worth."""

    default_per_min: float
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str, per_min: float | None = None) -> float:
        """0 when allowed (a token taken), else the seconds until one is available."""
        rate = (per_min or self.default_per_min) / 60.0
        capacity = max(1.0, rate * 60.0)
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - at) * rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / rate


def retry_after_header(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class WebhookVerifier:
    """HMAC-SHA256 over ``<timestamp>.<body>``; timestamps within the window; each
    signature accepted once within the window."""

    def __init__(
        self, secret: str, max_age_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.secret = secret
        self.max_age_s = max_age_s
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, timestamp: str | None, signature: str | None, body: bytes) -> str | None:
        """``None`` when valid, else why not."""
        if not timestamp or not signature:
            return "signature and timestamp headers are both required"
        try:
            ts = float(timestamp)
        except ValueError:
            return "timestamp is not a number of seconds"
        now = self.clock()
        if abs(now - ts) > self.max_age_s:
            return f"timestamp outside the {self.max_age_s:g} s window (replay or clock skew)"
        expected = sign(self.secret, timestamp, body)
        given = signature if signature.startswith("sha256=") else "sha256=" + signature
        if not hmac.compare_digest(expected, given):
            return "signature does not match"
        with self._lock:
            self._seen = {s: t for s, t in self._seen.items() if t > now}
            if expected in self._seen:
                return "signature already used (replay)"
            self._seen[expected] = now + self.max_age_s
        return None


class AuthError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class Guard:
    """What a service checks per request; the FastAPI dependencies wrap :meth:`check`."""

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.required = settings.auth_required
        self.store = KeyStore(settings)
        self.limiter = RateLimiter(settings.rate_limit_per_min)
        self.webhook = (
            WebhookVerifier(settings.webhook_secret, settings.webhook_max_age_s)
            if settings.webhook_secret
            else None
        )

    def startup_problem(self) -> str | None:
        if self.required and not self.store.keys() and self.webhook is None:
            return (
                "API keys are required (QW_AUTH_REQUIRED=true) but none are configured: "
                "create one with `quotewire keys create` and set QW_API_KEYS_FILE or QW_API_KEYS"
            )
        return None

    def check_key(self, authorization: str | None, scope: str) -> ApiKey | None:
        """The caller's key (``None`` when keys are off and none was sent)."""
        presented = bearer(authorization)
        if presented is None:
            if not self.required:
                return None
            raise AuthError(401, "API key required", {"WWW-Authenticate": "Bearer"})
        key = self.store.verify(presented)
        if key is None:
            raise AuthError(401, "invalid or revoked API key", {"WWW-Authenticate": "Bearer"})
        if scope not in key.scopes:
            raise AuthError(403, f"this API key has no {scope!r} scope")
        return key

    def limit(self, who: str, per_min: float | None = None) -> None:
        wait = self.limiter.take(who, per_min)
        if wait > 0:
            raise AuthError(
                429,
                "rate limit exceeded for this API key; retry later",
                {"Retry-After": retry_after_header(wait)},
            )
