"""/docs and /redoc load every asset from the app itself (no CDN), for both HTTP APIs."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from quotewire_common.apidocs import ASSETS_URL, serve_docs_offline


def _app() -> FastAPI:
    app = FastAPI(title="t", docs_url=None, redoc_url=None)
    serve_docs_offline(app)
    return app


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html) + re.findall(
        r"""url: ["']([^"']+)["']""", html
    )


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_reference_only_local_assets_that_are_served(page):
    client = TestClient(_app())
    resp = client.get(page)
    assert resp.status_code == 200
    urls = _asset_urls(resp.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    assert "cdn." not in resp.text and "fonts.googleapis" not in resp.text
    for url in urls:
        if url.startswith(ASSETS_URL):
            got = client.get(url)
            assert got.status_code == 200 and len(got.content) > 1000, url


def test_swagger_ui_bundle_reads_openapi_3_1():
    """FastAPI writes OpenAPI 3.1; Swagger UI 4 cannot show it, the bundled 5.x can."""
    client = TestClient(_app())
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    js = client.get(f"{ASSETS_URL}/swagger-ui-bundle.js").text
    versions = set(re.findall(r'"(5\.\d+\.\d+)"', js))
    assert versions, "expected Swagger UI 5.x in the bundle"


def test_refuses_an_app_that_still_has_the_cdn_docs():
    with pytest.raises(ValueError, match="docs_url=None"):
        serve_docs_offline(FastAPI())


def test_ingest_api_docs_are_offline():
    from quotewire_ingest.main import create_app

    html = TestClient(create_app()).get("/docs").text  # no lifespan: no Kafka needed
    assert f"{ASSETS_URL}/swagger-ui-bundle.js" in html and "cdn." not in html
