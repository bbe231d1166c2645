"""Search API for newsroom systems: who said what (``quotewire-search-api``, port 8001).

Thin routes: validate, call one function of :mod:`quotewire_index.search`, map errors to
HTTP. The Elasticsearch client is made once in the lifespan and injected (``EsDep``).
Routes are sync ``def`` so the blocking client runs in FastAPI's thread pool.
"""

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Literal

import uvicorn
from elastic_transport import TransportError
from elasticsearch import ApiError
from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import StreamingResponse
from quotewire_common.api_errors import error_responses, install_error_shape
from quotewire_common.auth_api import AUTH_RESPONSES, install_guard, require_read
from quotewire_common.es import make_es_client
from quotewire_common.logging import configure_logging
from quotewire_common.metrics import instrument_app

from quotewire_index.alerts_api import build_router as build_alerts_router
from quotewire_index.alerts_api import resolve_periodically
from quotewire_index.api_deps import (
    PROBLEMS,
    UNKNOWN_PARAMS,
    EsDep,
    SettingsDep,
    es_failure,
    invalid,
    no_unknown_params,
    unavailable,
)
from quotewire_index.article_query import ArticleSearch
from quotewire_index.export import as_csv, as_jsonl, export_rows
from quotewire_index.models import ArticlesPage, QuotesPage, SpeakersPage, StatementsPage
from quotewire_index.pipeline_api import router as pipeline_router
from quotewire_index.query import StatementSearch
from quotewire_index.quotes import search_quotes
from quotewire_index.search import resolve, search_articles, search_speakers, search_statements
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.search_api")
#: Page size limit as published in the OpenAPI (``QW_SEARCH_MAX_SIZE`` may only lower it).
MAX_PAGE_SIZE = 100
router = APIRouter(
    prefix="/v1", tags=["search"], dependencies=[Depends(no_unknown_params)], responses=PROBLEMS
)


#: What ``since`` / ``until`` take, as published: an ISO 8601 date or date-time (empty:
#: no bound).
ISO_DATE = {
    "json_schema_extra": {
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
            {"type": "string", "enum": [""], "description": "no bound"},
        ]
    }
}


@dataclass
class Filters:
    """The statement filters shared by search, export and quotes."""

    q: Annotated[str | None, Query(description="Full text: content and article title")] = None
    speaker: Annotated[
        str | None,
        Query(description="Speaker: name, surname, alias or role (resolved in the registry)"),
    ] = None
    type: Annotated[Literal["direct", "indirect", "mixed"] | None, Query()] = None
    source: Annotated[str | None, Query(description="Outlet (the article's source), exact")] = None
    about: Annotated[
        str | None,
        Query(
            description="Whom or what the content names: a mention's canonical name holds these "
            "words as a phrase, case and accents folded ('putin' finds Vladimir Putin)"
        ),
    ] = None
    since: Annotated[
        str | None, Query(description="Published from (ISO date/datetime)", **ISO_DATE)
    ] = None
    until: Annotated[str | None, Query(description="Published until (inclusive)", **ISO_DATE)] = (
        None
    )
    collapse: Annotated[
        bool, Query(description="Repeats of a quote within one article shown once")
    ] = True

    def search(self, page: int = 1, size: int = 20) -> StatementSearch:
        try:
            return StatementSearch(
                q=self.q,
                speaker=self.speaker,
                type=self.type,
                since=self.since,
                until=self.until,
                page=page,
                size=size,
                source=self.source,
                collapse=self.collapse,
                about=self.about,
            )
        except ValueError as exc:
            raise invalid(("query",), str(exc)) from None


FiltersDep = Annotated[Filters, Depends()]


@router.get("/statements", response_model=StatementsPage)
def statements(
    es: EsDep,
    settings: SettingsDep,
    filters: FiltersDep,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=0, le=MAX_PAGE_SIZE)] = 20,
) -> StatementsPage:
    if size > settings.search_max_size:
        raise invalid(("query", "size"), f"size must be at most {settings.search_max_size}", size)
    params = filters.search(page, size)
    try:
        return search_statements(
            es,
            settings.statements_index,
            params,
            settings.speakers_facet_size,
            settings.speakers_index,
        )
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None


@router.get(
    "/statements/export",
    responses={
        200: {
            "content": {"application/x-ndjson": {}, "text/csv": {}},
            "description": "Every matching statement, streamed",
        }
    },
    response_class=StreamingResponse,
)
def export(
    es: EsDep,
    settings: SettingsDep,
    filters: FiltersDep,
    format: Annotated[Literal["jsonl", "csv"], Query(description="jsonl or csv")] = "jsonl",
) -> StreamingResponse:
    """All matching statements (no 10,000-hit cap): point in time + ``search_after``."""
    params = filters.search(1, 0)
    try:
        params, _match = resolve(es, settings.speakers_index, params)
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None
    rows = export_rows(es, settings.statements_index, params)
    if format == "csv":
        return StreamingResponse(
            as_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": "attachment; filename=statements.csv"},
        )
    return StreamingResponse(as_jsonl(rows), media_type="application/x-ndjson")


@router.get("/quotes", response_model=QuotesPage)
def quotes(
    es: EsDep,
    settings: SettingsDep,
    filters: FiltersDep,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Clusters")] = 20,
) -> QuotesPage:
    """Quote clusters: who ran it first, how often, where the wording changed."""
    params = filters.search(1, 0)
    try:
        return search_quotes(
            es,
            settings.statements_index,
            settings.quotes_index,
            settings.speakers_index,
            params,
            size,
        )
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None


@router.get("/speakers", response_model=SpeakersPage)
def speakers(
    es: EsDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="Name prefix or fuzzy name")] = None,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> SpeakersPage:
    try:
        return search_speakers(es, settings.statements_index, q, size, settings.speakers_index)
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None


@router.get("/articles", response_model=ArticlesPage)
def articles(
    es: EsDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="Full text: title and body")] = None,
    statements_status: Annotated[
        Literal["extracted", "unsupported_language"] | None,
        Query(description="unsupported_language: articles no extractor reads (their language)"),
    ] = None,
    language: Annotated[str | None, Query(description="Primary language subtag: en, fr")] = None,
    source: Annotated[str | None, Query()] = None,
    section: Annotated[str | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=0, le=MAX_PAGE_SIZE)] = 20,
) -> ArticlesPage:
    """Articles as ingested, newest first, with their extraction outcome."""
    if size > settings.search_max_size:
        raise invalid(("query", "size"), f"size must be at most {settings.search_max_size}", size)
    try:
        params = ArticleSearch(
            q=q,
            statements_status=statements_status,
            language=language,
            source=source,
            section=section,
            page=page,
            size=size,
        )
    except ValueError as exc:
        raise invalid(("query",), str(exc)) from None
    try:
        return search_articles(es, settings.articles_index, params)
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None


health = APIRouter(tags=["health"])


@health.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@health.get("/readyz", responses=error_responses({503: "Elasticsearch not reachable"}))
def readyz(es: EsDep) -> dict[str, str]:
    try:
        es.info()
    except (ApiError, TransportError) as exc:
        raise unavailable(f"Elasticsearch not reachable: {type(exc).__name__}") from None
    return {"status": "ready"}


def create_app(settings: IndexSettings | None = None) -> FastAPI:
    settings = settings or IndexSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.es = make_es_client(settings)
        resolving = threading.Event()
        resolve_periodically(app.state.es, settings, resolving)
        try:
            yield
        finally:
            resolving.set()
            app.state.es.close()
            if getattr(app.state, "lag", None) is not None:
                app.state.lag.close()

    app = FastAPI(
        title="quotewire search",
        description="Who said what, in the news: statements search.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by mount_web
        redoc_url=None,
    )
    app.state.settings = settings
    install_guard(app, settings)
    install_error_shape(app)
    # /v1 needs a `read` key (when keys are on); /healthz, /readyz, /metrics stay open.
    read = {"dependencies": [Depends(require_read)], "responses": AUTH_RESPONSES}
    app.include_router(router, **read)
    app.include_router(health)
    # /v1/alerts needs an `alerts` key: alerts make the service call out to webhooks.
    app.include_router(
        build_alerts_router(
            EsDep, SettingsDep, no_unknown_params, PROBLEMS, es_failure, UNKNOWN_PARAMS
        ),
        responses=AUTH_RESPONSES,
    )
    app.include_router(  # no Elasticsearch behind it: no 400, but 422 for unknown params
        pipeline_router,
        dependencies=[Depends(require_read), Depends(no_unknown_params)],
        responses={**AUTH_RESPONSES, 422: UNKNOWN_PARAMS},
    )
    instrument_app(app, "search-api")
    from quotewire_index.web import mount_web  # builds on this module's dependencies

    mount_web(app)
    return app


def run() -> None:
    configure_logging("search-api")
    settings = IndexSettings()
    app = create_app(settings)
    problem = app.state.guard.startup_problem()
    if problem:
        log.critical("refusing to start: %s", problem)
        raise SystemExit(2)
    uvicorn.run(
        app,
        host=settings.search_host,
        port=settings.search_port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    run()
