"""Contract events for the index integration tests (plain objects, no servers)."""

from datetime import UTC, datetime, timedelta

from quotewire_contracts import (
    ArticleContext,
    ArticleEvent,
    ArticleProcessedEvent,
    StatementEvent,
    statement_id_for,
)

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def article_event(aid, version, title, published=T0, received=T0) -> ArticleEvent:
    return ArticleEvent(
        article_id=aid,
        article_version=version,
        title=title,
        body="Body of " + title,
        url=f"https://news.example/{aid}",
        source="Example Wire",
        published=published,
        received_at=received,
    )


def statement_event(aid, version, n, speaker, content, kind="direct", published=T0, **kw):
    span = kw.pop("span", (100 + 50 * n, 140 + 50 * n))
    return StatementEvent(
        statement_id=statement_id_for(aid, version, span),
        article_id=aid,
        article_version=version,
        article=ArticleContext(title=kw.pop("title", f"Story {aid}"), published=published),
        article_received_at=kw.pop("received", T0),
        extractor="test/1",
        extracted_at=T0,
        speaker="he",
        speaker_canonical=speaker,
        speaker_type=kw.pop("speaker_type", "person"),
        cue="said",
        content=content,
        content_span=span,
        type=kind,
        confidence=0.9,
        repeat_of=kw.pop("repeat_of", None),
    )


def processed(aid, version, statements, received=T0) -> ArticleProcessedEvent:
    return ArticleProcessedEvent(
        article_id=aid,
        article_version=version,
        statement_count=len(statements),
        statement_ids=[s.statement_id for s in statements],
        article=ArticleContext(title=f"Story {aid}", published=T0),
        article_received_at=received,
        extractor="test/1",
        extracted_at=T0 + timedelta(seconds=1),
    )


def msg(event):
    topic = "articles" if isinstance(event, ArticleEvent) else "statements"
    return (topic, event.article_id, event.model_dump_json().encode())
