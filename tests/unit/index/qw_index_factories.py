"""Event factories for the index unit tests (plain contract objects, no servers)."""

from collections import namedtuple
from datetime import UTC, datetime

from quotewire_contracts import (
    ArticleContext,
    ArticleEvent,
    ArticleProcessedEvent,
    StatementEvent,
    statement_id_for,
)

Record = namedtuple("Record", "topic partition offset key value headers")

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def article(aid="a1", version="v1", received=T0, title="Peskov denies report", **kw):
    return ArticleEvent(
        article_id=aid,
        article_version=version,
        title=title,
        body=kw.pop("body", "Body text."),
        url=kw.pop("url", f"https://example.com/{aid}"),
        source=kw.pop("source", "Wire"),
        published=kw.pop("published", T0),
        received_at=received,
        **kw,
    )


def statement(aid="a1", version="v1", span=(10, 20), speaker="Dmitry Peskov", **kw):
    return StatementEvent(
        statement_id=statement_id_for(aid, version, span),
        article_id=aid,
        article_version=version,
        article=ArticleContext(title="Peskov denies report", source="Wire", published=T0),
        article_received_at=kw.pop("received", T0),
        extractor="test/1",
        extracted_at=T0,
        speaker=kw.pop("mention", "he"),
        speaker_span=kw.pop("speaker_span", (0, 2)),
        speaker_canonical=speaker,
        speaker_type=kw.pop("speaker_type", "person"),
        cue=kw.pop("cue", "said"),
        cue_span=kw.pop("cue_span", (3, 7)),
        content=kw.pop("content", "simply false information"),
        content_span=span,
        type=kw.pop("type", "direct"),
        confidence=kw.pop("confidence", 0.9),
        **kw,
    )


def marker(aid="a1", version="v1", count=1, at=T0, received=T0, ids=()):
    return ArticleProcessedEvent(
        article_id=aid,
        article_version=version,
        statement_count=count,
        statement_ids=list(ids),
        article=ArticleContext(title="Peskov denies report", source="Wire", published=T0),
        article_received_at=received,
        extractor="test/1",
        extracted_at=at,
    )


def record(event, topic=None, offset=0, partition=0, value=None):
    if topic is None:
        topic = "articles" if isinstance(event, ArticleEvent) else "statements"
    raw = value if value is not None else event.model_dump_json().encode()
    key = event.article_id.encode() if event is not None else b"k"
    return Record(topic, partition, offset, key, raw, [])
