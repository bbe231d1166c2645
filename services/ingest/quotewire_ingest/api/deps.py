"""Dependency aliases of the ingest routes: settings, publisher, size-limited request bodies."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

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


async def article_body(request: Request, settings: SettingsDep) -> bytes:
    got = media_type(request)
    if got not in JSON_TYPES:
        raise _unsupported(got, JSON_TYPES)
    return await read_limited(request, settings.max_body_bytes)


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
    return RawBatch(fmt, await read_limited(request, settings.max_body_bytes))


ArticleBody = Annotated[bytes, Depends(article_body)]
BatchBody = Annotated[RawBatch, Depends(batch_body)]
