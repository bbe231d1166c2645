"""``/v1/articles``: thin routes over :mod:`quotewire_ingest.service`."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from quotewire_common.api_errors import error_response, error_responses
from quotewire_common.auth_api import AUTH_RESPONSES, RATE_LIMIT_RESPONSES

from quotewire_ingest.api.deps import (
    ArticleBody,
    BatchBody,
    ProducerDep,
    SettingsDep,
    write_caller,
)
from quotewire_ingest.loaders import ArticleInvalid, BatchInvalid, BatchTooLarge
from quotewire_ingest.models import (
    ArticleAccepted,
    ArticleIn,
    BatchFailure,
    BatchResult,
    batch_failure,
)
from quotewire_ingest.publisher import KafkaUnavailable, RecordRejected
from quotewire_ingest.service import (
    TextTooLong,
    ingest_article,
    ingest_batch,
    ingest_document,
    ingest_one_document,
)

router = APIRouter(
    prefix="/v1/articles",
    tags=["articles"],
    # The caller first: no body is read for a request without a valid key.
    dependencies=[Depends(write_caller)],
    responses={**AUTH_RESPONSES, **RATE_LIMIT_RESPONSES},
)

_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_COMMON_ERRORS = error_responses(
    {
        400: "Invalid Content-Length header",
        413: "Body larger than QW_MAX_BODY_BYTES",
        415: "Unsupported Content-Type",
    }
)


StrictQuery = Annotated[
    bool,
    Query(
        description="Reject unknown fields (422) instead of keeping scalar ones in `extra` "
        "and ignoring the rest"
    ),
]


def _unavailable(exc: Exception, settings) -> HTTPException:
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        f"Kafka unavailable, nothing confirmed; retry later (safe): {exc}",
        headers={"Retry-After": str(settings.retry_after_s)},
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ArticleAccepted,
    summary="Submit one article (quotewire JSON, ninjs, WordPress, ANS, or an HTML page)",
    description="Answers 202 once Kafka acknowledged the article on the `articles` topic. "
    "The body is quotewire's article JSON, or a newsroom format chosen by Content-Type "
    "(application/ninjs+json, text/html, ...) or `format=` (ninjs, wordpress, ans, html). "
    "A document holding several articles (a feed, an array) belongs on /v1/articles/batch.",
    responses={
        **_COMMON_ERRORS,
        **error_responses(
            {
                413: "Body larger than QW_MAX_BODY_BYTES, text longer than QW_MAX_TEXT_CHARS "
                "(what the extractor takes), or the record larger than Kafka accepts "
                "(QW_PRODUCER_MAX_REQUEST_SIZE / broker limit); not published",
                422: "Invalid article (or a record Kafka refuses); not published",
                503: "Kafka unavailable; retry after Retry-After seconds (safe)",
            }
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ARTICLE_SCHEMA}},
        }
    },
)
async def post_article(
    doc: ArticleBody, publisher: ProducerDep, settings: SettingsDep, strict: StrictQuery = False
) -> ArticleAccepted:
    def run() -> ArticleAccepted:
        if doc.is_article_json:
            return ingest_article(
                doc.raw, publisher, max_text_chars=settings.max_text_chars, strict=strict
            )
        return ingest_one_document(
            doc.raw,
            doc.fmt,
            publisher,
            content_type=doc.content_type,
            max_text_chars=settings.max_text_chars,
            source=doc.source,
        )

    try:
        return await run_in_threadpool(run)
    except TextTooLong as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(exc)) from None
    except ArticleInvalid as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, [e.model_dump() for e in exc.errors]
        ) from None
    except RecordRejected as exc:  # permanent: no Retry-After, do not resend as is
        raise HTTPException(exc.status_code, str(exc)) from None
    except KafkaUnavailable as exc:
        raise _unavailable(exc, settings) from None


@router.post(
    "/batch",
    response_model=BatchResult,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Submit many articles (JSON array, NDJSON, a feed, or any newsroom format)",
    description=(
        "RSS / Atom / JSON Feed (Content-Type application/rss+xml, application/atom+xml, "
        "application/feed+json, or `format=feed`), ninjs, WordPress and ANS documents "
        "(one or an array) are split into their articles. "
        "Valid items are published, invalid ones are not; `items` reports each, in order. "
        "202: at least one accepted and none failed (items Kafka refuses for good, e.g. "
        "too large, are `rejected` with type `message_too_large` / `invalid_record`). "
        "422: no valid item (nothing published; "
        "`{detail}` when the body is not a batch at all). 503 + Retry-After: Kafka did not "
        "acknowledge some valid item (`failed`); resending is safe. 413: body over "
        "QW_MAX_BATCH_BODY_BYTES or more than QW_MAX_BATCH_ITEMS items (the error names "
        "the limit)."
    ),
    responses={
        **_COMMON_ERRORS,
        413: error_response(
            413, "Body larger than QW_MAX_BODY_BYTES, or more items than QW_MAX_BATCH_ITEMS"
        ),
        422: error_response(
            422,
            "No valid item, nothing published (`items` says why for "
            "each); or the body is not a batch (no `items`)",
            BatchFailure,
        ),
        503: error_response(
            503,
            "Kafka did not acknowledge some items (`failed`); resend "
            "them after Retry-After seconds (safe)",
            BatchFailure,
        ),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": _ARTICLE_SCHEMA, "minItems": 1}
                },
                "application/x-ndjson": {
                    "schema": {"type": "string", "description": "One article object per line"}
                },
            },
        }
    },
)
async def post_batch(
    batch: BatchBody, publisher: ProducerDep, settings: SettingsDep, strict: StrictQuery = False
):
    def run():
        if batch.is_article_json:
            return ingest_batch(
                batch.raw,
                batch.fmt,
                settings.max_batch_items,
                publisher,
                max_text_chars=settings.max_text_chars,
                strict=strict,
            )
        return ingest_document(
            batch.raw,
            batch.fmt,
            publisher,
            content_type=batch.content_type,
            max_items=settings.max_batch_items,
            max_text_chars=settings.max_text_chars,
            source=batch.source,
        )

    try:
        outcome = await run_in_threadpool(run)
    except BatchInvalid as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, [e.model_dump() for e in exc.errors]
        ) from None
    except BatchTooLarge as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(exc)) from None
    if outcome.status_code < 400:
        return JSONResponse(outcome.result.model_dump(mode="json"), status_code=outcome.status_code)
    headers = {"Retry-After": str(settings.retry_after_s)} if outcome.status_code == 503 else None
    body = batch_failure(outcome.result, outcome.status_code)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=outcome.status_code, headers=headers
    )
