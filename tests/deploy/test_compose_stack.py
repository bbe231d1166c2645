"""The whole production stack on a Docker host: `docker compose up -d --wait`, ingest the
seed article, find its statements in Elasticsearch and the dashboard in Kibana, then
`docker compose down -v`. Skipped (with the reason) where no Docker engine answers; the
static checks of the other tests in tests/deploy run everywhere.

Runs as its own compose project with generated secrets and free ports, so it touches
neither a `.env` nor a stack that is already running on the host.
"""

import json
import secrets
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest
from quotewire_devstack.servers import free_port

from tests.conftest import docker_available
from tests.deploy.conftest import COMPOSE, ENV_EXAMPLE, REPO, parse_env_file

pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(
        not docker_available(),
        reason="no Docker engine (`docker info` fails): the compose stack is validated "
        "statically only (schema, properties, hadolint, Kibana objects, init logic)",
    ),
]

SEED = sorted((REPO / "seeds").glob("000_*.txt"))


def compose_cli() -> list[str]:
    if (
        subprocess.run(
            ["docker", "compose", "version"], check=False, capture_output=True
        ).returncode
        == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("a Docker engine answers but neither `docker compose` nor docker-compose exists")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    env = parse_env_file(ENV_EXAMPLE)
    env.update(
        ELASTIC_PASSWORD=secrets.token_hex(16),
        KIBANA_PASSWORD=secrets.token_hex(16),
        KIBANA_ENCRYPTION_KEY=secrets.token_hex(32),
        INGEST_PORT=str(free_port()),
        SEARCH_API_PORT=str(free_port()),
        KIBANA_PORT=str(free_port()),
        ES_HEAP="512m",
        ES_MEM_LIMIT="1g",
    )
    env_file = Path(tmp_path_factory.mktemp("compose")) / "test.env"
    env_file.write_text("".join(f'{k}="{v}"\n' for k, v in env.items()))
    project = f"quotewire-test-{uuid.uuid4().hex[:8]}"
    base = [*compose_cli(), "-f", str(COMPOSE), "-p", project, "--env-file", str(env_file)]
    try:
        up = subprocess.run(
            [
                *base,
                "up",
                "-d",
                "--build",
                "--wait",
                "--wait-timeout",
                "900",
                "--scale",
                "extract=2",
            ],
            cwd=REPO,
            check=False,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if up.returncode != 0:
            logs = subprocess.run(
                [*base, "logs", "--tail", "50"], check=False, capture_output=True, text=True
            )
            pytest.fail(f"docker compose up failed:\n{up.stderr[-4000:]}\n{logs.stdout[-8000:]}")
        yield base, env
    finally:
        subprocess.run(
            [*base, "down", "-v", "--remove-orphans"], check=False, capture_output=True, timeout=300
        )


def es_query(base: list[str], env: dict, path: str) -> dict:
    """Ask Elasticsearch from inside its container (its port is not published)."""
    out = subprocess.run(
        [
            *base,
            "exec",
            "-T",
            "elasticsearch",
            "curl",
            "-s",
            "-u",
            f"elastic:{env['ELASTIC_PASSWORD']}",
            f"http://localhost:9200{path}",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(out.stdout or "{}")


def test_seed_statements_are_searchable_and_the_dashboard_is_there(stack):
    base, env = stack
    title, _, body = SEED[0].read_text("utf-8").partition("\n\n")
    article_id = "compose-test-" + uuid.uuid4().hex[:8]
    resp = httpx.post(
        f"http://127.0.0.1:{env['INGEST_PORT']}/v1/articles",
        json={"id": article_id, "title": title.strip(), "body": body.strip()},
        timeout=30,
    )
    assert resp.status_code == 202, resp.text

    deadline = time.monotonic() + 180
    count = 0
    while time.monotonic() < deadline and count == 0:
        time.sleep(3)
        count = es_query(base, env, f"/statements/_count?q=article_id:%22{article_id}%22").get(
            "count", 0
        )
    assert count > 0, "no statements of the seed article reached Elasticsearch"

    # the kibana-objects one-shot imported the dashboards into Kibana (beside the
    # pipeline, which did not wait for it)
    for dashboard in ("quotewire-who-said-what", "quotewire-speaker-drilldown"):
        deadline = time.monotonic() + 180
        code = ""
        while time.monotonic() < deadline and code != "200":
            code = subprocess.run(
                [
                    *base,
                    "exec",
                    "-T",
                    "kibana",
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "-u",
                    f"elastic:{env['ELASTIC_PASSWORD']}",
                    f"http://localhost:5601/api/saved_objects/dashboard/{dashboard}",
                ],
                check=False,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            if code != "200":
                time.sleep(3)
        assert code == "200", dashboard

    # the search API answers on its published port
    health = httpx.get(f"http://127.0.0.1:{env['SEARCH_API_PORT']}/healthz", timeout=10)
    assert health.status_code == 200
