"""The compose `init` service's work, run against the local stack.

`init` runs `quotewire-index-setup` from the index image with the compose environment
(no QW_PARTITIONS: production partition counts; QW_KIBANA_URL + QW_KIBANA_OBJECTS).
Here the same console script runs against a fresh local broker and search server (the
stand-ins of the local stack) and a small stand-in for Kibana's import API, which only
records what it receives (Kibana itself is validated on a Docker host). Twice: it is
idempotent, as a restarted `docker compose up` needs.
"""

import base64
import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from kafka import KafkaConsumer
from quotewire_common.es import make_es_client
from quotewire_common.settings import ElasticsearchSettings
from quotewire_contracts import ALL_TOPICS
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import start_broker, start_search
from quotewire_devstack.services import LOCAL_GROUP_TIMING, script

from tests.deploy.conftest import KIBANA_OBJECTS, TEMPLATES, compose_rendered

pytestmark = pytest.mark.integration


class KibanaStandIn(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def _answer(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.startswith("/api/status"):
            self._answer(200, {"status": {"overall": {"level": "available"}}})
        else:
            self._answer(404, {})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        count = KIBANA_OBJECTS.read_bytes().count(b"\n")
        self._answer(200, {"success": True, "successCount": count})

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_stack():
    with start_broker() as broker, start_search() as search:
        yield broker.address, search.address


@pytest.fixture
def kibana():
    KibanaStandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), KibanaStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def init_env(bootstrap: str, es_url: str, kibana_url: str) -> dict[str, str]:
    """The init service's environment from docker-compose.yml, pointed at local servers."""
    compose_env = compose_rendered()["services"]["init"]["environment"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("QW_")}
    env.update({k: str(v) for k, v in compose_env.items() if v is not None})
    env.update(
        {
            "QW_BOOTSTRAP_SERVERS": bootstrap,
            "QW_ES_URL": es_url,
            "QW_ES_NODE_CLASS": NODE_CLASS_PATH,  # local stand-in only
            "QW_KIBANA_URL": kibana_url,
            "QW_KIBANA_OBJECTS": str(KIBANA_OBJECTS),  # /app/deploy/... in the image
            "QW_SETUP_TIMEOUT_S": "30",
            **LOCAL_GROUP_TIMING,
        }
    )
    assert "QW_PARTITIONS" not in env
    return env


def run_setup(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script("quotewire-index-setup")],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_creates_topics_templates_and_imports_kibana_objects(local_stack, kibana):
    bootstrap, es_url = local_stack
    env = init_env(bootstrap, es_url, kibana)

    first = run_setup(env)
    assert first.returncode == 0, first.stdout + first.stderr

    # topics with the production partition counts, DLQs included
    consumer = KafkaConsumer(bootstrap_servers=[bootstrap])
    try:
        for spec in ALL_TOPICS:
            partitions = consumer.partitions_for_topic(spec.name)
            assert partitions is not None and len(partitions) == spec.partitions, spec.name
    finally:
        consumer.close()

    # index templates and indices from the template files (the one source)
    es = make_es_client(ElasticsearchSettings(es_url=es_url, es_node_class=NODE_CLASS_PATH))
    try:
        for path in sorted(TEMPLATES.glob("*.json")):
            template = json.loads(path.read_text())
            assert es.indices.exists_index_template(name=f"quotewire-{path.stem}")
            mapping = es.indices.get_mapping(index=path.stem)
            props = next(iter(mapping.body.values()))["mappings"]["properties"]
            assert set(props) == set(template["template"]["mappings"]["properties"]), path.stem
    finally:
        es.close()

    # the Kibana saved objects went to the import API, with auth and the xsrf header
    [upload] = KibanaStandIn.received
    assert upload["path"].startswith("/api/saved_objects/_import")
    assert "overwrite=false" in upload["path"]  # only what is missing
    headers = {k.lower(): v for k, v in upload["headers"].items()}
    assert headers["kbn-xsrf"]
    user, _, password = (
        base64.b64decode(headers["authorization"].split()[1]).decode().partition(":")
    )
    assert user == "elastic" and password == env["QW_ES_PASSWORD"]
    assert KIBANA_OBJECTS.read_bytes().strip() in upload["body"]

    # idempotent: a second run (a restarted `docker compose up`) succeeds, creates nothing
    second = run_setup(env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "created" not in second.stdout.replace("updated", "")
    # compose's init has the services' passwords; the stand-in has no users to make
    assert "service users: none (the search server has no security API)" in second.stdout
