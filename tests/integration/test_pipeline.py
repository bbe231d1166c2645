"""End to end over the real protocols: HTTP → ingest → Kafka → extract → Kafka → index → ES.

All four services run as their own processes (the session's ``pipeline`` fixture in
conftest.py), started from their console scripts, against the session's broker and
search server.
"""

import time
from pathlib import Path

import httpx
import pytest

from tests.integration.e2e import statements_of, wait_article

pytestmark = pytest.mark.integration

SEED = next(Path(__file__).parents[2].joinpath("seeds").glob("000_*.txt"))


def seed_article() -> tuple[str, str]:
    """(title, body) of the seed file: the title is the line before the first blank line
    that follows a non-empty line, after a leading boilerplate line."""
    lines = SEED.read_text("utf-8").splitlines()
    title_at = next(
        i
        for i, line in enumerate(lines)
        if line.strip() and i + 1 < len(lines) and not lines[i + 1].strip() and i > 0
    )
    return lines[title_at].strip(), "\n".join(lines[title_at + 2 :]).strip()


def wait_processed(
    es, article_id: str, version: str, after: str | None = None, timeout_s: float = 90.0
) -> dict:
    """The article doc once the indexer recorded ``version`` as processed (after ``after``)."""
    return wait_article(
        es,
        article_id,
        lambda doc: (
            doc.get("processed_version") == version
            and doc.get("processed_at")
            and doc.get("processed_at") != after
        ),
        f"v{version} processed",
        timeout_s,
    )


def statements_once_retired(es, article_id: str, version: str, timeout_s: float = 30.0) -> list:
    """The article's statements once only ``version``'s are left. The indexer records a
    marker on the article document *before* it retires the older statements, so right
    after ``wait_processed`` both versions can still be visible for a moment."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = statements_of(es, article_id)
        if {s["article_version"] for s in found} == {version} or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def post(pipeline, **article) -> dict:
    r = httpx.post(f"{pipeline['ingest']}/v1/articles", json=article, timeout=30)
    assert r.status_code == 202, r.text
    return r.json()


def test_seed_becomes_searchable_with_resolved_speakers(pipeline, es, unique_id):
    title, body = seed_article()
    accepted = post(
        pipeline,
        id=unique_id,
        title=title,
        body=body,
        source="AFP",
        published="2024-11-11T16:27:00+05:30",
    )
    doc = wait_processed(es, unique_id, accepted["article_version"])
    found = statements_of(es, unique_id)
    assert doc["statement_count"] == len(found) >= 5
    by_speaker = {}
    for s in found:
        by_speaker.setdefault(s["speaker_canonical"], []).append(s)
    assert any(
        s["type"] == "mixed" and "simply false information" in s["content"]
        for s in by_speaker["Dmitry Peskov"]
    )
    assert "Volodymyr Zelensky" in by_speaker
    wapo = [s for s in found if s["speaker_canonical"].removeprefix("The ") == "Washington Post"]
    assert wapo and all(s["speaker_type"] == "organization" for s in wapo)
    assert "Donald Trump" in by_speaker
    assert not any(s["content"].startswith("how he intends") for s in found)

    r = httpx.get(
        f"{pipeline['search']}/v1/statements",
        params={"q": "false information", "speaker": "Dmitry Peskov"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert any(unique_id == h["article_id"] for h in r.json()["hits"])


def test_republishing_the_same_article_does_not_duplicate(pipeline, es, unique_id):
    title, body = seed_article()
    first = post(pipeline, id=unique_id, title=title, body=body)
    doc = wait_processed(es, unique_id, first["article_version"])
    before = sorted(s["statement_id"] for s in statements_of(es, unique_id))
    again = post(pipeline, id=unique_id, title=title, body=body)
    assert again == first
    wait_processed(es, unique_id, first["article_version"], after=doc["processed_at"])
    after = sorted(s["statement_id"] for s in statements_of(es, unique_id))
    assert after == before and len(after) >= 5


def test_a_new_version_replaces_the_old_statements(pipeline, es, unique_id):
    title, body = seed_article()
    v1 = post(pipeline, id=unique_id, title=title, body=body)
    wait_processed(es, unique_id, v1["article_version"])
    assert len(statements_of(es, unique_id)) >= 5
    new_body = (
        '"We will not be rushed," said Harbour Minister Ines Okoro on Friday. '
        "She added that the port would reopen next week."
    )
    v2 = post(pipeline, id=unique_id, title="Port to reopen", body=new_body)
    assert v2["article_version"] != v1["article_version"]
    doc = wait_processed(es, unique_id, v2["article_version"])
    found = statements_once_retired(es, unique_id, v2["article_version"])
    assert {s["article_version"] for s in found} == {v2["article_version"]}
    assert doc["statement_count"] == len(found) >= 1
    assert {s["speaker_canonical"] for s in found} == {"Ines Okoro"}


def test_a_bad_article_message_gets_one_dead_letter_not_one_per_consumer(
    pipeline, es, producer, read_topic, unique_id
):
    """Extract and index both consume ``articles``. A message neither can decode is
    dead-lettered once, by extract (the topic's owner); the indexer skips it."""
    producer.send("articles", key=unique_id.encode(), value=b"not an article {").get(30)
    title, body = seed_article()
    accepted = post(pipeline, id=unique_id, title=title, body=body)  # same key, after it
    wait_processed(es, unique_id, accepted["article_version"])  # both passed the bad one
    time.sleep(1)  # a second letter, if any, would have been sent with the batch
    letters = read_topic(
        "articles.dlq", lambda r: r.key == unique_id.encode(), count=2, timeout_s=5
    )
    assert len(letters) == 1, [dict(r.headers) for r in letters]
    headers = {k: v.decode() for k, v in letters[0].headers}
    assert headers["qw-dlq-service"] == "extract"
    assert headers["qw-dlq-fault"] == "sender"
