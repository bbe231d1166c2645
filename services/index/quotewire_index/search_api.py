"""Search API for newsroom systems: who said what (``quotewire-search-api``, port 8001).

Thin routes: validate, call one function of :mod:`quotewire_index.search`, map errors to
HTTP. The Elasticsearch client is made once in the lifespan and injected (``EsDep``).
Routes are sync ``def`` so the blocking client runs in FastAPI's thread pool.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import uvicorn
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from quotewire_common.auth_api import AUTH_RESPONSES, install_guard, require_read
from quotewire_common.es import make_es_client
from quotewire_common.logging import configure_logging
from quotewire_common.metrics import instrument_app

from quotewire_index.article_query import ArticleSearch
from quotewire_index.models import ArticlesPage, SpeakersPage, StatementsPage
from quotewire_index.pipeline_api import router as pipeline_router
from quotewire_index.query import StatementSearch
from quotewire_index.search import search_articles, search_speakers, search_statements
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.search_api")


def get_es(request: Request) -> Elasticsearch:
    return request.app.state.es


def get_settings(request: Request) -> IndexSettings:
    return request.app.state.settings


EsDep = Annotated[Elasticsearch, Depends(get_es)]
SettingsDep = Annotated[IndexSettings, Depends(get_settings)]


def _es_failure(exc: Exception) -> HTTPException:
    if isinstance(exc, ApiError) and exc.error == "index_not_found_exception":
        # The search server lost its data (restarted in memory, emptied): the indexer
        # puts the indices back and refills them from the topics.
        log.warning("search index missing (the indexer rebuilds it): %s", exc.message)
        return HTTPException(503, "search index not available yet; it is being rebuilt")
    if isinstance(exc, ApiError) and 400 <= exc.status_code < 500 and exc.status_code != 429:
        return HTTPException(400, f"search rejected: {exc.error}")
    log.warning("search failed: %r", exc)
    return HTTPException(503, "search backend unavailable")


router = APIRouter(prefix="/v1", tags=["search"])


@router.get("/statements", response_model=StatementsPage)
def statements(
    es: EsDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="Full text: content and article title")] = None,
    speaker: Annotated[str | None, Query(description="Canonical speaker, exact or fuzzy")] = None,
    type: Annotated[Literal["direct", "indirect", "mixed"] | None, Query()] = None,
    source: Annotated[str | None, Query(description="Outlet (the article's source), exact")] = None,
    since: Annotated[str | None, Query(description="Published from (ISO date/datetime)")] = None,
    until: Annotated[str | None, Query(description="Published until (inclusive)")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=0, le=1000)] = 20,
) -> StatementsPage:
    if size > settings.search_max_size:
        raise HTTPException(422, f"size must be at most {settings.search_max_size}")
    try:
        params = StatementSearch(
            q=q, speaker=speaker, type=type, since=since, until=until, page=page, size=size,
            source=source,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    try:
        return search_statements(
            es, settings.statements_index, params, settings.speakers_facet_size
        )
    except (ApiError, TransportError) as exc:
        raise _es_failure(exc) from None


@router.get("/speakers", response_model=SpeakersPage)
def speakers(
    es: EsDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="Name prefix or fuzzy name")] = None,
    size: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> SpeakersPage:
    try:
        return search_speakers(es, settings.statements_index, q, size)
    except (ApiError, TransportError) as exc:
        raise _es_failure(exc) from None


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
    size: Annotated[int, Query(ge=0, le=1000)] = 20,
) -> ArticlesPage:
    """Articles as ingested, newest first, with their extraction outcome."""
    if size > settings.search_max_size:
        raise HTTPException(422, f"size must be at most {settings.search_max_size}")
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
        raise HTTPException(422, str(exc)) from None
    try:
        return search_articles(es, settings.articles_index, params)
    except (ApiError, TransportError) as exc:
        raise _es_failure(exc) from None


health = APIRouter(tags=["health"])


@health.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@health.get("/readyz")
def readyz(es: EsDep) -> dict[str, str]:
    try:
        es.info()
    except (ApiError, TransportError) as exc:
        raise HTTPException(503, f"Elasticsearch not reachable: {type(exc).__name__}") from None
    return {"status": "ready"}


def create_app(settings: IndexSettings | None = None) -> FastAPI:
    settings = settings or IndexSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.es = make_es_client(settings)
        try:
            yield
        finally:
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
    # /v1 needs a `read` key (when keys are on); /healthz, /readyz, /metrics stay open.
    read = {"dependencies": [Depends(require_read)], "responses": AUTH_RESPONSES}
    app.include_router(router, **read)
    app.include_router(health)
    app.include_router(pipeline_router, **read)
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
