"""End-to-end helpers: the pipeline's services as processes (the ``pipeline`` fixture:
import it into a test module), an article document once a condition holds, and the
statements of an article."""

import time
from collections.abc import Callable

import pytest
from quotewire_devstack.servers import free_port
from quotewire_devstack.services import ServiceProcess, script


@pytest.fixture(scope="module")
def pipeline(stack_env, tmp_path_factory):
    """Setup, then ingest, extract, index and the search API as processes."""
    logs = tmp_path_factory.mktemp("pipeline-logs")
    ingest_port, search_port = free_port(), free_port()
    env = {
        **stack_env,
        "QW_INGEST_HOST": "127.0.0.1",
        "QW_INGEST_PORT": str(ingest_port),
        "QW_SEARCH_HOST": "127.0.0.1",
        "QW_SEARCH_PORT": str(search_port),
    }
    setup = ServiceProcess("setup", [script("quotewire-index-setup")], env, logs / "setup.log")
    setup.start().process.wait(timeout=120)
    assert setup.process.returncode == 0, setup.tail()
    procs = [
        ServiceProcess(
            "ingest",
            [script("quotewire-ingest")],
            env,
            logs / "ingest.log",
            f"http://127.0.0.1:{ingest_port}/readyz",
        ),
        ServiceProcess("extract", [script("quotewire-extract")], env, logs / "extract.log"),
        ServiceProcess("index", [script("quotewire-index")], env, logs / "index.log"),
        ServiceProcess(
            "search-api",
            [script("quotewire-search-api")],
            env,
            logs / "search.log",
            f"http://127.0.0.1:{search_port}/readyz",
        ),
    ]
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.wait_healthy(120)
        yield {
            "ingest": f"http://127.0.0.1:{ingest_port}",
            "search": f"http://127.0.0.1:{search_port}",
            "procs": procs,
        }
    finally:
        for p in reversed(procs):
            p.stop()


def wait_article(
    es, article_id: str, ready: Callable[[dict], bool], what: str, timeout_s: float = 90.0
) -> dict:
    """The article document once ``ready(doc)``; statements refreshed too."""
    deadline = time.monotonic() + timeout_s
    doc: dict = {}
    while time.monotonic() < deadline:
        if es.indices.exists(index="articles"):
            es.indices.refresh(index="articles")
            hits = es.search(index="articles", query={"term": {"article_id": article_id}})
            if hits["hits"]["hits"]:
                doc = hits["hits"]["hits"][0]["_source"]
                if ready(doc):
                    es.indices.refresh(index="statements")
                    return doc
        time.sleep(0.3)
    raise AssertionError(f"article {article_id} {what} not in time; last {doc}")


def statements_of(es, article_id: str) -> list[dict]:
    es.indices.refresh(index="statements")
    hits = es.search(index="statements", size=500, query={"term": {"article_id": article_id}})
    return [h["_source"] for h in hits["hits"]["hits"]]
