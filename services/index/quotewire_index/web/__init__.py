"""The newsroom page: a small web app served by the search API at ``/``.

Plain HTML, CSS and JavaScript shipped in this package (``static/``): no CDN, no build
step. The page reads the same JSON API as everyone else (``/v1/statements``,
``/v1/speakers``, ``/v1/articles/{id}``, ``/v1/speakers/{name}``, ``/v1/outlets``); every
view has its own URL (``#/search?...``, ``#/speaker/NAME``, ``#/article/ID``).

:func:`mount_web` adds, to an app made with ``docs_url=None, redoc_url=None``: the browse
routes, the page at ``/`` with its assets under :data:`ASSETS_URL`, and ``/docs`` /
``/redoc`` served offline.
"""

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from quotewire_common.apidocs import serve_docs_offline
from quotewire_common.auth_api import AUTH_RESPONSES, require_read

from quotewire_index.browse_api import router as browse_router

STATIC = Path(__file__).parent / "static"
ASSETS_URL = "/app"


def mount_web(app: FastAPI) -> None:
    # The browse API is data like /v1/statements: a `read` key when keys are on.
    app.include_router(
        browse_router, dependencies=[Depends(require_read)], responses=AUTH_RESPONSES
    )
    serve_docs_offline(app)
    app.mount(ASSETS_URL, StaticFiles(directory=STATIC), name="web-assets")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        # no-cache: a redeployed page and its assets are picked up on the next load
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})
