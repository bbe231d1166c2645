"""Dependency aliases of the ingest routes: settings, publisher, the caller (API key or
signed webhook, rate-limited), size-limited request bodies."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from quotewire_common.auth import ApiKey, AuthError
from quotewire_common.auth_api import Credentials, GuardDep, as_http, authorization_of

from quotewire_ingest.loaders import BatchFormat
from quotewire_ingest.publisher import Publisher
from quotewire_ingest.settings import IngestSettings

JSON_TYPES = frozenset({"application/json"})
NDJSON_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
)


def get_settings(request: Request) -> IngestSettings:
    return request.app.state.settings


def get_publisher(request: Request) -> Publisher:
    publisher = getattr(request.app.state, "publisher", None)
    if publisher is None:  # only before the lifespan ran
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "publisher not started")
    return publisher


SettingsDep = Annotated[IngestSettings, Depends(get_settings)]
ProducerDep = Annotated[Publisher, Depends(get_publisher)]


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _unsupported(got: str, allowed: frozenset[str]) -> HTTPException:
    return HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        f"Content-Type {got or '(none)'!r} is not supported; use {', '.join(sorted(allowed))}",
    )


async def read_limited(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``max_bytes``:
    from Content-Length before reading anything, else while streaming (never buffering
    more than the limit plus one chunk)."""
    too_large = HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, f"Request body exceeds {max_bytes} bytes"
    )
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            length = int(declared)
        except ValueError:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "Invalid Content-Length") from None
        if length > max_bytes:
            raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def body_of(request: Request, settings: SettingsDep) -> bytes:
    """The body, read once: a signed webhook's was read already to check its signature."""
    raw = getattr(request.state, "raw_body", None)
    if raw is None:
        raw = request.state.raw_body = await read_limited(request, settings.max_body_bytes)
    return raw


async def write_caller(
    request: Request, settings: SettingsDep, guard: GuardDep, credentials: Credentials
) -> ApiKey | None:
    """Who may publish: a ``write`` key (``Authorization: Bearer``), or a push signed with
    ``QW_WEBHOOK_SECRET``; then the caller's rate limit (429 + Retry-After)."""
    s = guard.settings
    signature = request.headers.get(s.webhook_signature_header)
    try:
        if credentials is None and guard.webhook is not None and signature is not None:
            raw = await body_of(request, settings)
            problem = guard.webhook.check(
                request.headers.get(s.webhook_timestamp_header), signature, raw
            )
            if problem:
                raise AuthError(401, f"webhook signature refused: {problem}")
            guard.limit("webhook")
            return None
        key = guard.check_key(authorization_of(credentials), "write")
        if key is not None:
            guard.limit(key.id, key.rate_per_min)
        return key
    except AuthError as exc:
        raise as_http(exc) from None


WriteCaller = Annotated[ApiKey | None, Depends(write_caller)]


async def article_body(request: Request, settings: SettingsDep) -> bytes:
    got = media_type(request)
    if got not in JSON_TYPES:
        raise _unsupported(got, JSON_TYPES)
    return await body_of(request, settings)


@dataclass(frozen=True)
class RawBatch:
    fmt: BatchFormat
    raw: bytes


async def batch_body(request: Request, settings: SettingsDep) -> RawBatch:
    got = media_type(request)
    if got in JSON_TYPES:
        fmt: BatchFormat = "json"
    elif got in NDJSON_TYPES:
        fmt = "ndjson"
    else:
        raise _unsupported(got, JSON_TYPES | NDJSON_TYPES)
    return RawBatch(fmt, await body_of(request, settings))


ArticleBody = Annotated[bytes, Depends(article_body)]
BatchBody = Annotated[RawBatch, Depends(batch_body)]
