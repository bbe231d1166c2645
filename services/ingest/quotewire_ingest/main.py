"""The ingest HTTP API: app factory (publisher made in the lifespan) and ``quotewire-ingest``."""

import copy
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from quotewire_common.api_errors import install_error_shape
from quotewire_common.apidocs import serve_docs_offline
from quotewire_common.auth_api import install_guard
from quotewire_common.logging import configure_logging
from quotewire_common.metrics import instrument_app

from quotewire_ingest.api.main import api_router
from quotewire_ingest.publisher import make_publisher
from quotewire_ingest.settings import IngestSettings

log = logging.getLogger(__name__)

DESCRIPTION = """\
Newsroom systems push articles here; each accepted article is on the Kafka topic
`articles` (key = `article_id`) when the API answers **202**.

* `article_id`: your `id`, else derived from `url`, else from the content hash.
* `article_version`: hash of title + body; it changes whenever the text changes.
* Errors publish nothing: 415 (Content-Type), 413 (size: body over `QW_MAX_BODY_BYTES`,
  a batch over `QW_MAX_BATCH_BODY_BYTES`, the error names which; or a record over Kafka's limit), 422 (field errors, or a record Kafka refuses).
  Do not resend these as they are.
* 503 + `Retry-After`: Kafka did not acknowledge in time; resending is always safe
  (the record may still have been written late: ids are deterministic, so a resend is
  a harmless duplicate).
"""


def create_app(settings: IngestSettings | None = None) -> FastAPI:
    settings = settings or IngestSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        publisher = make_publisher(settings).start()  # connects in the background
        app.state.publisher = publisher
        log.info(
            "ingest started",
            extra={
                "bootstrap_servers": settings.bootstrap_servers,
                "max_body_bytes": settings.max_body_bytes,
                "producer_max_request_size": settings.producer_max_request_size,
                "max_batch_items": settings.max_batch_items,
                "max_batch_body_bytes": settings.max_batch_body_bytes,
            },
        )
        try:
            yield
        finally:
            await run_in_threadpool(publisher.close, 5.0)
            app.state.publisher = None

    app = FastAPI(
        title="quotewire ingest",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.publisher = None
    install_guard(app, settings)
    install_error_shape(app)
    app.include_router(api_router)
    publish_limits(app, settings)
    instrument_app(app, "ingest")
    serve_docs_offline(app)
    return app


def publish_limits(app: FastAPI, settings: IngestSettings) -> None:
    """The OpenAPI document states this process's batch limit (``QW_MAX_BATCH_ITEMS``)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            # a copy: the routes' openapi_extra dicts are shared by every app of this process
            schema = app.openapi_schema = copy.deepcopy(build())
            batch = schema["paths"]["/v1/articles/batch"]["post"]["requestBody"]["content"]
            batch["application/json"]["schema"]["maxItems"] = settings.max_batch_items
        return app.openapi_schema

    app.openapi = openapi


USAGE = """usage: quotewire-ingest          serve the ingest HTTP API (POST /v1/articles, /docs)
       quotewire-ingest feeds    run the feed poller (the feeds of `quotewire feeds add`)

Both read their settings from QW_* environment variables (or a .env file), e.g.
QW_BOOTSTRAP_SERVERS, QW_INGEST_PORT, QW_MAX_BODY_BYTES; on a local stack run
eval "$(quotewire stack env)" first. Every setting is listed in the README's
Configuration table."""


def run() -> None:
    """Console script ``quotewire-ingest``: serve the API with uvicorn;
    ``quotewire-ingest feeds``: run the feed poller."""
    import sys

    args = sys.argv[1:]
    if args == ["feeds"]:
        from quotewire_ingest.feeds.poller import main as feeds_main

        feeds_main()
        return
    if args:
        asked = args[-1] in ("-h", "--help")
        print(USAGE, file=sys.stdout if asked else sys.stderr)
        raise SystemExit(0 if asked else 2)
    settings = IngestSettings()
    configure_logging("ingest")
    app = create_app(settings)
    problem = app.state.guard.startup_problem()
    if problem:
        log.critical("refusing to start: %s", problem)
        raise SystemExit(2)
    uvicorn.run(
        app,
        host=settings.ingest_host,
        port=settings.ingest_port,
        log_config=None,
        proxy_headers=True,
    )


if __name__ == "__main__":
    run()
