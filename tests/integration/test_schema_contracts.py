"""Both HTTP APIs keep their published OpenAPI contract: schemathesis runs against the
running ingest and search API processes (real broker, real search server) for a bounded
number of generated requests and fails on any 5xx or any answer the document does not
describe (status, headers, content type, body schema; valid input refused, invalid
input accepted).

(The file sorts after test_operations.py on purpose: the search API's run uses the
session's seeded pipeline, and starting it earlier only loads the machine during the
timing-sensitive tests before it.)"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from quotewire_common.auth import new_key, save_keys_file
from quotewire_common.kafka import ensure_topics
from quotewire_common.settings import KafkaSettings
from quotewire_devstack.servers import free_port, start_broker
from quotewire_devstack.services import script, service_env

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]

#: Generated requests per operation and phase: enough to walk every parameter's bounds
#: (the coverage phase) and some random ones, small enough to stay within ~a minute.
MAX_EXAMPLES = 25
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
)


@pytest.fixture(scope="module")
def api_key(tmp_path_factory) -> tuple[str, Path]:
    """A read+write key (no practical rate limit) and the keys file holding its hash: the
    APIs run as in production, keys required."""
    secret, key = new_key("contracts", ["read", "write"], rate_per_min=1_000_000)
    path = tmp_path_factory.mktemp("keys") / "api-keys.json"
    save_keys_file(path, {key.id: key})
    return secret, path


def keys_env(api_key: tuple[str, Path]) -> dict[str, str]:
    return {"QW_AUTH_REQUIRED": "true", "QW_API_KEYS_FILE": str(api_key[1])}


def run_schemathesis(base_url: str, secret: str, report: Path, *args: str) -> dict:
    """``st run`` against ``base_url``'s own ``/openapi.json`` with a valid key (it also
    tries requests without one); its JSON run report."""
    cmd = [
        script("st"),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"{base_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {secret}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1212",
        # one worker: CPython 3.11's ast.parse, which hypothesis calls to describe its
        # filters, is not thread-safe ("AST constructor recursion depth mismatch")
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        *args,
    ]
    # in a folder of its own: schemathesis keeps a cache of past failures in its cwd
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.integration.schemathesis_hooks",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        cmd, check=False, capture_output=True, text=True, timeout=600, cwd=report.parent, env=env
    )
    report.with_suffix(".log").write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout[:25000] + done.stderr[-3000:]
    return json.loads(report.read_text())


def counts(report: dict) -> str:
    """What ran, out of the run report (a run that tested nothing fails here)."""
    operations, cases = report["operations"], report["test_cases"]
    assert operations["tested"] == operations["selected"] > 0, operations
    assert cases["generated"] > 0 and cases["with_failures"] == 0, cases
    return (
        f"{operations['tested']} operations, {cases['generated']} cases, "
        f"{cases['with_failures']} failing, {report['running_time']:.1f} s"
    )


def test_search_api_keeps_its_openapi_contract(
    seeded_pipeline, stack_env, start_service, api_key, tmp_path
):
    """A search API with keys required, on the session's index with the seed articles
    (so result pages are not all empty)."""
    port = free_port()
    env = {
        **stack_env,
        **keys_env(api_key),
        "QW_SEARCH_HOST": "127.0.0.1",
        "QW_SEARCH_PORT": str(port),
    }
    start_service("search-contract", "quotewire-search-api", env, health_path="/readyz", port=port)
    report = run_schemathesis(f"http://127.0.0.1:{port}", api_key[0], tmp_path / "search.json")
    print("search API:", counts(report), file=sys.stderr)


@pytest.fixture
def ingest_api(start_service, es_endpoint, api_key) -> Iterator[str]:
    """An ingest process (keys required) on a broker of its own: the generated articles
    it accepts reach no other test's topics."""
    with start_broker() as broker:
        ensure_topics(KafkaSettings(bootstrap_servers=broker.address, partitions=1))
        port = free_port()
        env = service_env(
            broker.address,
            es_endpoint[0],
            partitions=1,
            extra={
                **keys_env(api_key),
                "QW_INGEST_HOST": "127.0.0.1",
                "QW_INGEST_PORT": str(port),
            },
        )
        proc = start_service(
            "ingest-contract", "quotewire-ingest", env, health_path="/readyz", port=port
        )
        yield f"http://127.0.0.1:{port}"
        proc.stop()  # before its broker


def test_ingest_api_keeps_its_openapi_contract(ingest_api, api_key, tmp_path):
    """Every operation; ``POST /v1/urls`` with schema-violating requests only: a valid one
    makes the server fetch the generated URL, which leaves this machine."""
    report = run_schemathesis(
        ingest_api, api_key[0], tmp_path / "ingest.json", "--exclude-path", "/v1/urls"
    )
    print("ingest API:", counts(report), file=sys.stderr)
    urls = run_schemathesis(
        ingest_api,
        api_key[0],
        tmp_path / "urls.json",
        "--include-path",
        "/v1/urls",
        "--mode",
        "negative",
    )
    print("ingest API, /v1/urls (invalid requests):", counts(urls), file=sys.stderr)
