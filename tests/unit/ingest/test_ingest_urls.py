"""URL ingest against the tests' own server on loopback (allowed explicitly: the guard
refuses loopback by default). Publishing itself is covered by the integration tests."""

import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from quotewire_common.api_errors import error_text
from quotewire_common.outbound import OutboundPolicy
from quotewire_ingest.cli import load_url
from quotewire_ingest.main import create_app
from quotewire_ingest.settings import IngestSettings
from quotewire_ingest.urls import UrlError, article_from_url

from tests.support_http import local_server, reply

PAGE = (Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "bugle.html").read_bytes()
ALLOW = OutboundPolicy.from_allow_list("127.0.0.1", timeout_s=3, max_bytes=50_000)


@pytest.fixture()
def server():
    with local_server() as srv:
        srv.routes["/story"] = lambda h: reply(
            h, 200, PAGE, content_type="text/html; charset=utf-8"
        )
        srv.routes["/moved"] = lambda h: reply(h, 301, headers={"Location": "/story"})
        srv.routes["/pdf"] = lambda h: reply(h, 200, b"%PDF-1.7", content_type="application/pdf")
        srv.routes["/huge"] = lambda h: reply(
            h, 200, b"<p>x</p>" * 10_000, content_type="text/html"
        )
        srv.routes["/empty"] = lambda h: reply(
            h, 200, b"<html><body><img src=a.jpg></body></html>", content_type="text/html"
        )
        yield srv


def test_a_page_becomes_an_article_with_its_metadata(server):
    article = article_from_url(server.url("/moved"), ALLOW, source="Fallback")
    assert article.title == "Mayor balances budget"
    assert article.body.startswith("\u201cWe balanced it,\u201d Mayor Jane Doe said")
    assert article.url == "https://bugle.example/2026/11/02/mayor-budget"  # rel=canonical
    assert article.byline == ["Ann Lee"] and article.source == "Daily Bugle"
    assert article.article_id.startswith("url-")  # stable: derived from the canonical URL


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/pdf", 422, "application/pdf, not an HTML page"),
        ("/huge", 413, "QW_FETCH_MAX_BYTES"),
        ("/missing", 502, "answered HTTP 404"),
        ("/empty", 422, "no article text found"),
    ],
)
def test_pages_that_give_no_article_say_why(server, path, status, message):
    with pytest.raises(UrlError) as info:
        article_from_url(server.url(path), ALLOW)
    assert info.value.status == status and message in info.value.message


def test_loopback_is_refused_unless_allowed(server):
    with pytest.raises(UrlError) as info:
        article_from_url(server.url("/story"), OutboundPolicy(timeout_s=3))
    assert info.value.status == 422 and "loopback address" in info.value.message
    assert server.hits == []


def test_post_urls_refuses_internal_addresses_before_kafka(server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        nothing = s.getsockname()[1]
    settings = IngestSettings(bootstrap_servers=f"127.0.0.1:{nothing}", connect_wait_s=0.2)
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/urls", json={"url": server.url("/story")})
        assert response.status_code == 422 and "loopback address" in error_text(response.json())
        response = client.post("/v1/urls", json={"url": "http://169.254.169.254/latest/meta-data/"})
        assert response.status_code == 422 and "cloud metadata" in error_text(response.json())
    allowed = IngestSettings(
        bootstrap_servers=f"127.0.0.1:{nothing}", connect_wait_s=0.2, fetch_allow="127.0.0.1"
    )
    with TestClient(create_app(allowed)) as client:
        response = client.post("/v1/urls", json={"url": server.url("/story")})
        assert response.status_code == 503  # fetched and valid; only Kafka is missing here


def test_cli_loads_urls_as_articles_or_errors(server):
    assert load_url(server.url("/story"), ALLOW).article.title == "Mayor balances budget"
    assert "loopback address" in load_url(server.url("/story"), OutboundPolicy()).error
