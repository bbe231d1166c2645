"""``POST /v1/urls``: fetch a page (through the outbound guard) and publish its article."""

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from quotewire_common.api_errors import error_responses
from quotewire_common.auth_api import AUTH_RESPONSES, RATE_LIMIT_RESPONSES

from quotewire_ingest.api.deps import ProducerDep, SettingsDep, write_caller
from quotewire_ingest.loaders import ArticleInvalid
from quotewire_ingest.models import ArticleAccepted
from quotewire_ingest.publisher import KafkaUnavailable, RecordRejected
from quotewire_ingest.service import TextTooLong, accepted, publish_article
from quotewire_ingest.urls import UrlError, article_from_url

router = APIRouter(
    prefix="/v1/urls",
    tags=["urls"],
    # like /v1/articles: a `write` key (or a signed push) and its rate limit
    dependencies=[Depends(write_caller)],
    responses={**AUTH_RESPONSES, **RATE_LIMIT_RESPONSES},
)


class UrlIn(BaseModel):
    url: str = Field(
        max_length=4_000,
        pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+",
        description="http(s) URL of an article page",
    )
    source: str | None = Field(
        default=None, max_length=500, description="Outlet, when the page names none"
    )
    id: str | None = Field(
        default=None, max_length=512, description="Article id (default: from the canonical URL)"
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ArticleAccepted,
    summary="Fetch a page and submit its article",
    description="The server fetches the URL (public addresses only, unless allowed by "
    "QW_FETCH_ALLOW; redirects, size and time limited), finds the article (title, text, "
    "date, byline) and publishes it like POST /v1/articles.",
    responses=error_responses(
        {
            400: "The body could not be read (not UTF-8 JSON)",
            413: "Page or text over a limit",
            422: "URL refused (not public, not allowed), not HTML, or no article in it",
            502: "The page could not be fetched",
            503: "Kafka unavailable; retry after Retry-After seconds (safe)",
            504: "The page did not answer in time",
        }
    ),
)
async def post_url(body: UrlIn, publisher: ProducerDep, settings: SettingsDep) -> ArticleAccepted:
    policy = settings.policy()

    def run() -> ArticleAccepted:
        article = article_from_url(body.url, policy, source=body.source, article_id=body.id)
        return accepted(article, publish_article(article, publisher, settings.max_text_chars))

    try:
        return await run_in_threadpool(run)
    except UrlError as exc:
        raise HTTPException(exc.status, exc.message) from None
    except TextTooLong as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(exc)) from None
    except ArticleInvalid as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    except RecordRejected as exc:
        raise HTTPException(exc.status_code, str(exc)) from None
    except KafkaUnavailable as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"Kafka unavailable, nothing confirmed; retry later (safe): {exc}",
            headers={"Retry-After": str(settings.retry_after_s)},
        ) from None
