"""End-to-end helpers: an article document once a condition holds, and the statements of
an article (the services themselves are conftest.py's session ``pipeline`` fixture)."""

import time
from collections.abc import Callable


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
