"""The local stack's retention against the real search server: what was received more
than the retention ago goes, the rest stays, and an index not there yet is no error."""

from datetime import UTC, datetime, timedelta

import pytest
from quotewire_devstack.capacity import LocalRetention, RetentionTarget

pytestmark = pytest.mark.integration


def test_retention_deletes_only_what_is_older_than_the_days(es, unique_id):
    statements, articles = f"ret-st-{unique_id}".lower(), f"ret-ar-{unique_id}".lower()
    now = datetime.now(UTC)
    es.indices.create(
        index=statements,
        mappings={"properties": {"article_received_at": {"type": "date"}}},
    )
    es.indices.create(index=articles, mappings={"properties": {"received_at": {"type": "date"}}})
    try:
        for i, age in enumerate((1, 6, 8, 30)):
            at = (now - timedelta(days=age)).isoformat()
            es.index(index=statements, id=f"s{i}", document={"article_received_at": at})
            es.index(index=articles, id=f"a{i}", document={"received_at": at})
        es.indices.refresh(index=[statements, articles])
        targets = (
            RetentionTarget(statements, "article_received_at"),
            RetentionTarget(articles, "received_at"),
            RetentionTarget(f"missing-{unique_id}".lower(), "received_at"),
        )
        retention = LocalRetention(es, 7, targets=targets)
        deleted = retention.run_once()
        assert deleted[statements] == 2 and deleted[articles] == 2
        es.indices.refresh(index=[statements, articles])
        left = {h["_id"] for h in es.search(index=statements, size=10)["hits"]["hits"]}
        assert left == {"s0", "s1"}
        left = {h["_id"] for h in es.search(index=articles, size=10)["hits"]["hits"]}
        assert left == {"a0", "a1"}
        assert retention.run_once()[statements] == 0  # idempotent
    finally:
        es.indices.delete(index=[statements, articles], ignore_unavailable=True)
