"""The one error shape of both APIs (quotewire_common.api_errors)."""

from fastapi import FastAPI, HTTPException, Query
from fastapi.testclient import TestClient
from quotewire_common.api_errors import (
    ErrorBody,
    error_responses,
    error_text,
    install_error_shape,
)


def make_app() -> FastAPI:
    app = FastAPI()
    install_error_shape(app)

    @app.get("/busy", responses=error_responses({503: "busy"}))
    def busy(n: int = Query(0, le=5)) -> dict:
        raise HTTPException(503, "try later", headers={"Retry-After": "5"})

    return app


def test_every_error_has_the_detail_list_shape():
    client = TestClient(make_app())
    busy = client.get("/busy")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert busy.json() == {
        "detail": [{"type": "service_unavailable", "loc": [], "msg": "try later"}]
    }
    invalid = client.get("/busy", params={"n": 9})  # FastAPI's own 422
    missing = client.get("/nowhere")  # the router's 404
    for response in (busy, invalid, missing):
        ErrorBody.model_validate(response.json())
    assert invalid.json()["detail"][0]["loc"] == ["query", "n"]
    assert missing.json()["detail"][0]["type"] == "not_found"


def test_declared_errors_name_the_body_and_their_headers():
    spec = TestClient(make_app()).get("/openapi.json").json()
    answer = spec["paths"]["/busy"]["get"]["responses"]["503"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "Retry-After" in answer["headers"]


def test_error_text_is_one_line_for_people():
    body = {
        "detail": [
            {"type": "missing", "loc": ["body", "title"], "msg": "Field required"},
            {"type": "not_found", "loc": [], "msg": "no article 'x'"},
        ]
    }
    assert error_text(body) == "title: Field required; no article 'x'"
    assert error_text({"detail": "plain"}) == "plain"
    assert error_text("not json", "fallback") == "fallback"
