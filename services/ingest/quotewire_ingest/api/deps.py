"""Dependency aliases of the ingest routes: settings, publisher, size-limited request bodies."""

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query, Request, status
from quotewire_common.auth import ApiKey, AuthError
from quotewire_common.auth_api import Credentials, GuardDep, as_http, authorization_of

from quotewire_ingest.formats import ARTICLE, CONTENT_TYPES, FORMATS, normalise
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


async def read_limited(request: Request, max_bytes: int, limit_name: str = "") -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``max_bytes``:
    from Content-Length before reading anything, else while streaming (never buffering
    more than the limit plus one chunk). ``limit_name`` says in the error which limit."""
    too_large = HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"Request body exceeds {max_bytes} bytes" + (f" ({limit_name})" if limit_name else ""),
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


def body_limit(request: Request, settings: IngestSettings) -> tuple[int, str]:
    """The body limit of this route and how the 413 names it: a batch has its own."""
    if request.url.path.rstrip("/").endswith("/batch"):
        return settings.max_batch_body_bytes, (
            f"QW_MAX_BATCH_BODY_BYTES, the limit of a batch request; at most "
            f"{settings.max_batch_items} articles (QW_MAX_BATCH_ITEMS): split the batch"
        )
    return settings.max_body_bytes, (
        "QW_MAX_BODY_BYTES, the limit of one article; several articles go to /v1/articles/batch"
    )


async def body_of(request: Request, settings: IngestSettings) -> bytes:
    """The body, read once: a signed webhook's was read already to check its signature."""
    raw = getattr(request.state, "raw_body", None)
    if raw is None:
        raw = request.state.raw_body = await read_limited(request, *body_limit(request, settings))
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


#: ``format=`` values: the format names and their aliases, exactly (the OpenAPI enum).
FormatName = Literal[
    "article",
    "ninjs",
    "wordpress",
    "ans",
    "feed",
    "html",
    "rss",
    "atom",
    "jsonfeed",
    "json-feed",
    "wp",
]
FormatQuery = Annotated[
    FormatName | None,
    Query(
        alias="format",
        description="Format of the body when its Content-Type does not say: "
        + ", ".join(FORMATS)
        + " (rss, atom, jsonfeed = feed)",
    ),
]
SourceQuery = Annotated[
    str | None,
    Query(max_length=500, description="`source` of articles whose document names none"),
]


@dataclass(frozen=True)
class RawDocument:
    """A request body and what it is: ``json`` / ``ndjson`` (quotewire's article JSON)
    or a newsroom format name (:mod:`quotewire_ingest.formats`)."""

    fmt: str
    raw: bytes
    content_type: str
    source: str | None = None

    @property
    def is_article_json(self) -> bool:
        return self.fmt in ("json", "ndjson")


def resolve_format(got: str, requested: str | None, *, batch: bool) -> str:
    """``json`` / ``ndjson`` / a format name for a Content-Type and ``format=`` value."""
    own = JSON_TYPES | NDJSON_TYPES if batch else JSON_TYPES
    if requested is not None:
        fmt = normalise(requested)
        if fmt is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"unknown format {requested!r}; use one of {', '.join(FORMATS)}",
            )
        if fmt != ARTICLE:
            return fmt
    elif got in CONTENT_TYPES:
        return CONTENT_TYPES[got]
    if got in JSON_TYPES:
        return "json"
    if batch and got in NDJSON_TYPES:
        return "ndjson"
    raise _unsupported(got, own | frozenset(CONTENT_TYPES) if requested is None else own)


async def _document(
    request: Request, settings: IngestSettings, fmt: str | None, source: str | None, batch: bool
) -> RawDocument:
    got = media_type(request)
    resolved = resolve_format(got, fmt, batch=batch)
    raw = await body_of(request, settings)
    return RawDocument(resolved, raw, request.headers.get("content-type", ""), source)


async def article_body(
    request: Request, settings: SettingsDep, fmt: FormatQuery = None, source: SourceQuery = None
) -> RawDocument:
    return await _document(request, settings, fmt, source, batch=False)


async def batch_body(
    request: Request, settings: SettingsDep, fmt: FormatQuery = None, source: SourceQuery = None
) -> RawDocument:
    return await _document(request, settings, fmt, source, batch=True)


ArticleBody = Annotated[RawDocument, Depends(article_body)]
BatchBody = Annotated[RawDocument, Depends(batch_body)]
