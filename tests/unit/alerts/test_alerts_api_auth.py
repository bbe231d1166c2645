"""/v1/alerts asks for the `alerts` scope: a read key is not enough (alerts make the
service call out). In-process app, no search server: a request that passes the guard
and carries a refused webhook URL answers 422 before any I/O."""

import pytest
from fastapi.testclient import TestClient
from quotewire_common.api_errors import error_text
from quotewire_common.auth import dump_keys, new_key
from quotewire_devstack.servers import free_port
from quotewire_index.search_api import create_app
from quotewire_index.settings import IndexSettings


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    reader, r = new_key("desk", ["read"])
    alerter, a = new_key("desk-alerts", ["alerts"])
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    path.write_text(dump_keys({k.id: k for k in (r, a)}))
    settings = IndexSettings(
        es_url=f"http://127.0.0.1:{free_port()}",
        es_request_timeout_s=1,
        auth_required=True,
        api_keys_file=path,
        alerts_resolve_interval_s=0,
    )
    with TestClient(create_app(settings)) as c:
        yield c, reader, alerter


def test_alerts_need_the_alerts_scope(client):
    c, reader, alerter = client
    body = {"speaker": "Peskov", "webhook_url": "http://127.0.0.1/hook"}
    assert c.post("/v1/alerts", json=body).status_code == 401
    denied = c.post("/v1/alerts", json=body, headers={"Authorization": f"Bearer {reader}"})
    assert denied.status_code == 403 and "'alerts' scope" in error_text(denied.json())
    assert c.get("/v1/alerts", headers={"Authorization": f"Bearer {reader}"}).status_code == 403
    ok = c.post("/v1/alerts", json=body, headers={"Authorization": f"Bearer {alerter}"})
    assert ok.status_code == 422 and "loopback" in error_text(ok.json())


def test_the_openapi_documents_the_alerts_routes(client):
    c, _, _ = client
    doc = c.get("/openapi.json").json()
    paths = doc["paths"]
    post = paths["/v1/alerts"]["post"]
    assert {"201", "401", "403", "422"} <= set(post["responses"])
    assert "secret" in doc["components"]["schemas"]["AlertCreated"]["properties"]
    assert "delete" in paths["/v1/alerts/{alert_id}"]
