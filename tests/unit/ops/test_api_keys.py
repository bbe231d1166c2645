"""API keys on ingest (write) and search (read): 401 without, 403 with the wrong scope,
429 + Retry-After over a key's rate, signed webhooks with a replay window; /healthz,
/readyz and /metrics stay open. Apps run in-process; nothing listens on Kafka's port, so
a request that passes the guard answers 422 (invalid body) or 503 (no backend)."""

import json
import os
import time

import pytest
from fastapi.testclient import TestClient
from quotewire_common.api_errors import error_text
from quotewire_common.auth import (
    AuthSettings,
    Guard,
    KeyStore,
    RateLimiter,
    WebhookVerifier,
    dump_keys,
    new_key,
    sign,
)
from quotewire_devstack.servers import free_port
from quotewire_index.search_api import create_app as create_search
from quotewire_index.settings import IndexSettings
from quotewire_ingest.main import create_app as create_ingest
from quotewire_ingest.settings import IngestSettings


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    writer, w = new_key("feed", ["write"], rate_per_min=2)
    reader, r = new_key("desk", ["read"])
    revoked, x = new_key("old", ["write", "read"])
    x.revoked_at = "2026-01-01T00:00:00+00:00"
    path = tmp_path_factory.mktemp("keys") / "keys.json"
    path.write_text(dump_keys({k.id: k for k in (w, r, x)}))
    return {"write": writer, "read": reader, "revoked": revoked, "file": path}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def ingest(keys):
    settings = IngestSettings(
        bootstrap_servers=f"127.0.0.1:{free_port()}",
        connect_wait_s=0.1,
        connect_attempt_s=0.5,
        auth_required=True,
        api_keys_file=keys["file"],
        webhook_secret="s3cret",
    )
    with TestClient(create_ingest(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def search(keys):
    settings = IndexSettings(
        es_url=f"http://127.0.0.1:{free_port()}",
        es_request_timeout_s=0.5,
        auth_required=True,
        api_keys_file=keys["file"],
    )
    with TestClient(create_search(settings)) as c:
        yield c


def test_ingest_without_a_key_is_401_and_reads_no_body(ingest):
    r = ingest.post(
        "/v1/articles", content=b"x" * 10_000_000, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("which", ["revoked", "garbage"])
def test_unknown_or_revoked_key_is_401(ingest, keys, which):
    key = keys.get(which, "qw_deadbeef_nope")
    assert ingest.post("/v1/articles", json={}, headers=bearer(key)).status_code == 401


def test_read_key_cannot_write_and_write_key_cannot_read(ingest, search, keys):
    assert ingest.post("/v1/articles", json={}, headers=bearer(keys["read"])).status_code == 403
    assert search.get("/v1/statements", headers=bearer(keys["write"])).status_code == 403
    assert search.get("/v1/statements").status_code == 401
    assert search.get("/v1/pipeline").status_code == 401
    assert search.get("/v1/outlets").status_code == 401


def test_read_key_reaches_search(search, keys):
    r = search.get("/v1/statements", params={"q": "x"}, headers=bearer(keys["read"]))
    assert r.status_code == 503  # past the guard; no search server listens
    assert r.headers["Retry-After"] and r.json()["detail"][0]["type"] == "service_unavailable"


def test_fetching_a_url_needs_a_write_key_too(ingest, keys):
    """POST /v1/urls publishes and makes the server fetch: never without a key."""
    url = {"url": "http://127.0.0.1:9/x"}
    assert ingest.post("/v1/urls", json=url).status_code == 401
    assert ingest.post("/v1/urls", json=url, headers=bearer(keys["read"])).status_code == 403
    spec = ingest.get("/openapi.json").json()["paths"]["/v1/urls"]["post"]
    assert {"401", "403", "429"} <= set(spec["responses"])


def test_health_and_metrics_stay_open(ingest, search):
    for client in (ingest, search):
        assert client.get("/healthz").status_code == 200
        assert client.get("/metrics").status_code == 200
    assert search.get("/readyz").status_code == 503  # open, and honest: no backend
    assert ingest.get("/readyz").status_code in (200, 503)


def test_rate_limit_per_key_is_429_with_retry_after(ingest, keys):
    # the write key allows 2 per minute (a burst of 2); invalid bodies answer 422
    codes = [
        ingest.post("/v1/articles", json={}, headers=bearer(keys["write"])).status_code
        for _ in range(3)
    ]
    assert codes[:2] == [422, 422]
    r = ingest.post("/v1/articles", json={}, headers=bearer(keys["write"]))
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 30


def signed(body: bytes, secret: str = "s3cret", ts: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if ts is None else ts))
    return {
        "Content-Type": "application/json",
        "X-Quotewire-Timestamp": stamp,
        "X-Quotewire-Signature": sign(secret, stamp, body),
    }


def test_signed_webhook_passes_once_and_replays_are_refused(ingest):
    body = json.dumps({"title": ""}).encode()
    headers = signed(body)
    assert ingest.post("/v1/articles", content=body, headers=headers).status_code == 422
    replay = ingest.post("/v1/articles", content=body, headers=headers)
    assert replay.status_code == 401 and "replay" in error_text(replay.json())
    old = ingest.post("/v1/articles", content=body, headers=signed(body, ts=time.time() - 3600))
    assert old.status_code == 401 and "window" in error_text(old.json())
    wrong = ingest.post("/v1/articles", content=body, headers=signed(body, secret="other"))
    assert wrong.status_code == 401
    tampered = ingest.post("/v1/articles", content=body + b" ", headers=signed(body))
    assert tampered.status_code == 401


def test_openapi_declares_bearer_and_the_auth_statuses(ingest, search):
    doc = ingest.get("/openapi.json").json()
    post = doc["paths"]["/v1/articles"]["post"]
    assert {"401", "403", "429"} <= set(post["responses"])
    assert post["security"] == [{"HTTPBearer": []}]
    sdoc = search.get("/openapi.json").json()
    assert {"401", "403"} <= set(sdoc["paths"]["/v1/statements"]["get"]["responses"])
    assert "/healthz" in sdoc["paths"] and "security" not in sdoc["paths"]["/healthz"]["get"]


def test_keys_file_is_reread_so_a_revocation_applies_at_once(tmp_path):
    secret, record = new_key("feed", ["write"])
    path = tmp_path / "keys.json"
    path.write_text(dump_keys({record.id: record}))
    store = KeyStore(AuthSettings(api_keys_file=path))
    assert store.verify(secret) is not None
    record.revoked_at = "2026-12-05T00:00:00+00:00"
    path.write_text(dump_keys({record.id: record}))
    os.utime(path, (time.time() + 5, time.time() + 5))  # a new mtime even within a tick
    assert store.verify(secret) is None
    assert record.hash.startswith("sha256:") and secret.split("_", 2)[2] not in path.read_text()


def test_required_keys_without_any_is_a_startup_problem():
    assert Guard(AuthSettings(auth_required=True)).startup_problem()
    assert Guard(AuthSettings(auth_required=False)).startup_problem() is None


def test_token_bucket_refills_at_the_rate():
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])  # 1 per second, burst 60
    assert all(limiter.take("k") == 0 for _ in range(60))
    assert limiter.take("k") == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.take("k") == 0
    assert limiter.take("other") == 0  # buckets are per key


def test_webhook_signature_accepts_a_bare_hex_digest():
    v = WebhookVerifier("k", 60, clock=lambda: 1000.0)
    sig = sign("k", "1000", b"{}").removeprefix("sha256=")
    assert v.check("1000", sig, b"{}") is None
    assert v.check("1000", None, b"{}")


def test_keys_cli_creates_lists_and_revokes(tmp_path):
    from quotewire_common.keys_cli import app
    from typer.testing import CliRunner

    path = str(tmp_path / "keys.json")
    runner = CliRunner()
    made = runner.invoke(app, ["create", "cms", "--scope", "write", "--file", path])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    key_id = secret.split("_")[1]
    assert KeyStore(AuthSettings(api_keys_file=path)).verify(secret) is not None
    listed = json.loads(runner.invoke(app, ["list", "--json", "--file", path]).stdout)
    assert [(k["id"], k["name"], k["scopes"]) for k in listed] == [(key_id, "cms", ["write"])]
    assert "hash" not in listed[0] and secret not in (tmp_path / "keys.json").read_text()
    assert runner.invoke(app, ["revoke", key_id, "--file", path]).exit_code == 0
    assert KeyStore(AuthSettings(api_keys_file=path)).verify(secret) is None
    assert runner.invoke(app, ["revoke", "nope", "--file", path]).exit_code == 1
    bad = runner.invoke(app, ["create", "x", "--scope", "admin", "--file", path])
    assert bad.exit_code != 0
