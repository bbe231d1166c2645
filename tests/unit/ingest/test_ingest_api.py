"""HTTP-level validation of the ingest API, in-process, with no broker anywhere.

Every request here is refused before anything is sent (415 / 413 / 422), or, for the
503 cases, the publisher points at a port where nothing listens. Kafka itself is
exercised by tests/integration/test_ingest.py.
"""

import json
import socket
import time

import pytest
from fastapi.testclient import TestClient
from quotewire_common.api_errors import error_text
from quotewire_ingest.loaders import Loaded
from quotewire_ingest.main import create_app
from quotewire_ingest.models import ArticleIn
from quotewire_ingest.sender import send_via_api
from quotewire_ingest.settings import IngestSettings

LIMIT = 4096
BATCH_LIMIT = 3 * LIMIT
TEXT_LIMIT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


GOOD = {"title": "T", "body": "B"}


@pytest.fixture(scope="module")
def client():
    settings = IngestSettings(
        bootstrap_servers=f"127.0.0.1:{free_port()}",  # nothing listens there
        max_body_bytes=LIMIT,
        max_batch_body_bytes=BATCH_LIMIT,
        max_batch_items=3,
        max_text_chars=TEXT_LIMIT,
        connect_wait_s=0.2,
        connect_attempt_s=0.5,
        retry_after_s=7,
    )
    with TestClient(create_app(settings)) as c:
        yield c


def test_healthz_is_up_without_kafka(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_readyz_reports_kafka_down(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    (item,) = response.json()["detail"]  # the API's one error shape
    assert item["type"] == "service_unavailable" and "Kafka not reachable" in item["msg"]


def test_valid_article_without_kafka_is_503_with_retry_after(client):
    started = time.monotonic()
    response = client.post("/v1/articles", json=GOOD)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (json.dumps(GOOD), "text/plain"),
        (json.dumps(GOOD), "application/x-www-form-urlencoded"),
        (json.dumps(GOOD), None),
    ],
)
def test_wrong_content_type_is_415(client, content, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/v1/articles", content=content, headers=headers)
    assert response.status_code == 415


def test_json_with_charset_is_accepted_as_json(client):
    response = client.post(
        "/v1/articles", content=b"{}", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 422  # got past the content-type check


@pytest.mark.parametrize(
    ("content", "first_loc"),
    [
        (b"", ["body"]),
        (b"{not json", ["body"]),
        (b'["a list"]', ["body"]),
        (b'{"title": "T"}', ["body", "body"]),
        (b'{"title": "T", "body": "B", "url": "nope"}', ["body", "url"]),
    ],
)
def test_invalid_article_is_422_with_field_errors(client, content, first_loc):
    response = client.post(
        "/v1/articles", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == first_loc and detail[0]["msg"] and detail[0]["type"]


def test_body_over_limit_by_content_length_is_413(client):
    response = client.post(
        "/v1/articles", content=b"x" * (LIMIT + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_body_over_limit_while_streaming_is_413(client):
    def chunks():  # no Content-Length: chunked transfer encoding
        for _ in range(10):
            yield b"x" * 1000

    response = client.post(
        "/v1/articles", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_batch_content_types(client):
    assert (
        client.post(
            "/v1/articles/batch", content=b"x", headers={"Content-Type": "text/csv"}
        ).status_code
        == 415
    )
    for media in ("application/x-ndjson", "application/jsonl", "application/json"):
        response = client.post("/v1/articles/batch", content=b"", headers={"Content-Type": media})
        assert response.status_code == 422, media


def test_batch_with_no_valid_item_is_422_per_item(client):
    response = client.post("/v1/articles/batch", json=[{"title": "x"}, {"body": "y"}])
    assert response.status_code == 422
    result = response.json()
    assert (result["accepted"], result["rejected"], result["failed"]) == (0, 2, 0)
    assert [i["status"] for i in result["items"]] == ["rejected", "rejected"]
    assert result["items"][0]["errors"][0]["loc"] == ["body", 0, "body"]


def test_a_batch_has_its_own_body_limit_and_each_413_names_its_limit(client):
    # a batch body over one article's limit but within the batch limit is read
    body = "[" + " " * (LIMIT + 100) + json.dumps(GOOD) + "]"
    assert LIMIT < len(body) < BATCH_LIMIT
    response = client.post(
        "/v1/articles/batch", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 503  # read and valid; only Kafka is missing here
    single = client.post(
        "/v1/articles", content=b"x" * (LIMIT + 1), headers={"Content-Type": "application/json"}
    )
    assert single.status_code == 413
    assert "QW_MAX_BODY_BYTES" in error_text(single.json())
    batch = client.post(
        "/v1/articles/batch",
        content=b"x" * (BATCH_LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )
    assert batch.status_code == 413
    assert "QW_MAX_BATCH_BODY_BYTES" in error_text(batch.json())
    assert "QW_MAX_BATCH_ITEMS" in error_text(batch.json())


def test_the_default_batch_limit_takes_the_documented_batch_of_typical_articles():
    s = IngestSettings(_env_file=None)
    typical = len(json.dumps({"title": "A headline of the day", "body": "word " * 2000}))
    assert s.max_batch_items * typical < s.max_batch_body_bytes  # ~10 KB articles: 5 MB
    assert s.max_body_bytes < s.max_batch_body_bytes


def test_batch_over_item_limit_is_413(client):
    response = client.post("/v1/articles/batch", json=[GOOD] * 4)
    assert response.status_code == 413
    assert "at most 3" in error_text(response.json())


def test_batch_with_valid_items_and_kafka_down_is_503_per_item(client):
    body = json.dumps(GOOD) + "\n" + json.dumps({"title": "x"}) + "\n"
    response = client.post(
        "/v1/articles/batch", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "7"
    items = response.json()["items"]
    assert [i["status"] for i in items] == ["failed", "rejected"]
    assert items[0]["article_id"] == ArticleIn.model_validate(GOOD).article_id


def test_openapi_documents_the_routes(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/v1/articles"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"title", "body"} <= set(schema["required"])
    assert {"202", "413", "415", "422", "503"} <= set(post["responses"])
    assert (
        "application/x-ndjson"
        in spec["paths"]["/v1/articles/batch"]["post"]["requestBody"]["content"]
    )
    assert client.get("/docs").status_code == 200


def test_cli_api_path_maps_per_item_results(client):
    loaded = [
        Loaded("a.txt", article=ArticleIn.model_validate({**GOOD, "id": "a"})),
        Loaded("b.txt", error="b.txt: no body"),
        Loaded("c.jsonl:1", article=ArticleIn.model_validate({**GOOD, "id": "c"})),
    ]
    # one attempt: this is about mapping per-item results (retries: test_ingest_sender_retry)
    summary = send_via_api(loaded, str(client.base_url), client=client, batch_size=1, attempts=1)
    assert [(r.origin, r.status) for r in summary.results] == [
        ("a.txt", "failed"),
        ("b.txt", "rejected"),
        ("c.jsonl:1", "failed"),
    ]
    assert summary.results[0].article_id == "a"
    assert "not reachable" in summary.results[0].reason
    assert not summary.ok


def test_cli_api_path_reports_unreachable_api():
    loaded = [Loaded("a.txt", article=ArticleIn.model_validate(GOOD))]
    summary = send_via_api(loaded, f"http://127.0.0.1:{free_port()}", timeout_s=2)
    assert summary.results[0].status == "failed"
    assert "unreachable" in summary.results[0].reason


# --- input that used to pass ingest and fail later, or fail ingest with a 500 (issue 9) ----

DEEP = "[" * 1000 + "]" * 1000


@pytest.mark.parametrize(
    ("path", "content", "content_type"),
    [
        ("/v1/articles", DEEP, "application/json"),
        ("/v1/articles", '{"title": "t", "body": "b", "x": ' + DEEP + "}", "application/json"),
        ("/v1/articles/batch", DEEP, "application/json"),
        ("/v1/articles/batch", DEEP + "\n", "application/x-ndjson"),
    ],
)
def test_json_nested_1000_deep_is_422_not_500(client, path, content, content_type):
    response = client.post(path, content=content, headers={"content-type": content_type})
    assert response.status_code == 422
    assert "nested deeper than 64 levels" in response.text


def test_text_longer_than_the_extractor_takes_is_413_with_the_limit(client):
    article = {"title": "T", "body": "word " * 80}  # 400 characters > TEXT_LIMIT
    response = client.post("/v1/articles", json=article)
    assert response.status_code == 413
    assert f"the limit is {TEXT_LIMIT} (QW_MAX_TEXT_CHARS)" in error_text(response.json())


def test_batch_item_longer_than_the_extractor_takes_is_rejected_alone(client):
    batch = [{"title": "T", "body": "word " * 80}, {"title": "T", "body": "B", "published": 5}]
    response = client.post("/v1/articles/batch", json=batch)
    assert response.status_code == 422
    items = response.json()["items"]
    assert items[0]["errors"][0]["type"] == "text_too_long"
    assert "QW_MAX_TEXT_CHARS" in items[0]["errors"][0]["msg"]
    assert items[1]["errors"][0]["loc"] == ["body", 1, "published"]


@pytest.mark.parametrize(
    ("published", "message"),
    [("2024-11-11T10:00:00+19:00", "±18:00"), (1731318420, "not a number")],
)
def test_dates_the_index_cannot_store_are_422(client, published, message):
    response = client.post("/v1/articles", json={**GOOD, "published": published})
    assert response.status_code == 422
    assert message in response.text


def test_strict_mode_rejects_unknown_fields(client):
    response = client.post("/v1/articles?strict=true", json={**GOOD, "headline": "typo"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


# --- newsroom formats on the HTTP API -------------------------------------------------------


def test_format_by_parameter_and_by_content_type(client):
    picture = '{"uri": "urn:pic:1", "type": "picture", "headline": "Sunset"}'
    by_param = client.post(
        "/v1/articles?format=ninjs", content=picture, headers={"content-type": "application/json"}
    )
    by_type = client.post(
        "/v1/articles", content=picture, headers={"content-type": "application/ninjs+json"}
    )
    for response in (by_param, by_type):
        assert response.status_code == 422
        assert "carries no article text" in response.text


def test_unknown_format_and_unsupported_type_say_what_is_accepted(client):
    response = client.post("/v1/articles?format=nitf", content=b"<nitf/>")
    assert response.status_code == 422 and "'article', 'ninjs'" in response.text
    assert response.json()["detail"][0]["loc"] == ["query", "format"]
    response = client.post("/v1/articles", content=b"x", headers={"content-type": "text/csv"})
    assert response.status_code == 415 and "application/ninjs+json" in response.text


def test_a_feed_on_the_single_article_route_points_to_batch(client):
    feed = (
        b'<rss version="2.0"><channel><title>F</title>'
        b"<item><guid>a</guid><title>A</title><description>Text a.</description></item>"
        b"<item><guid>b</guid><title>B</title><description>Text b.</description></item>"
        b"</channel></rss>"
    )
    response = client.post(
        "/v1/articles", content=feed, headers={"content-type": "application/rss+xml"}
    )
    assert response.status_code == 422 and "post it to /v1/articles/batch" in response.text
    broken = client.post(
        "/v1/articles/batch",
        content=b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>Oo',
        headers={"content-type": "application/rss+xml"},
    )
    assert broken.status_code == 422 and "not a readable RSS/Atom feed" in broken.text


def test_the_openapi_states_the_limits_the_code_applies(client):
    """maxItems is this process's QW_MAX_BATCH_ITEMS (3 here); format= lists exactly the
    formats and aliases the route takes; errors have the one error body."""
    from typing import get_args

    from quotewire_ingest.api.deps import FormatName
    from quotewire_ingest.formats import ALIASES, FORMATS

    spec = client.get("/openapi.json").json()
    batch = spec["paths"]["/v1/articles/batch"]["post"]
    body = batch["requestBody"]["content"]["application/json"]["schema"]
    assert (body["minItems"], body["maxItems"]) == (1, 3)
    assert set(get_args(FormatName)) == set(FORMATS) | set(ALIASES)
    assert batch["responses"]["503"]["headers"]["Retry-After"]
    assert batch["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/BatchFailure"
    )


def test_a_batch_with_no_valid_item_is_the_error_shape_with_its_items(client):
    response = client.post("/v1/articles/batch", json=[{"title": "T"}])
    assert response.status_code == 422
    body = response.json()
    assert body["detail"][0]["loc"] == ["body", 0, "body"] and body["rejected"] == 1
    assert body["items"][0]["status"] == "rejected"
