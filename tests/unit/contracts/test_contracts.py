"""Topic contracts: validation of bad input, deterministic ids, schema freshness."""

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    Statement,
    StatementEvent,
    Topic,
    article_id_for,
    article_text,
    article_version_for,
    decode_article,
    decode_statements_topic_event,
    statement_id_for,
)
from quotewire_contracts.schema import render_schemas, stale_files

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def article(**over) -> dict:
    doc = {
        "article_id": "a1",
        "article_version": "v1",
        "title": "Minister resigns",
        "body": "The minister said she would resign.",
        "received_at": NOW.isoformat(),
    }
    doc.update(over)
    return doc


def statement(**over) -> dict:
    doc = {
        "speaker": "she",
        "speaker_span": [34, 37],
        "speaker_canonical": "Ana Ruiz",
        "speaker_type": "person",
        "cue": "said",
        "cue_span": [38, 42],
        "content": "she would resign",
        "content_span": [43, 59],
        "type": "indirect",
        "confidence": 0.8,
    }
    doc.update(over)
    return doc


def test_article_round_trip_and_text_layout():
    event = decode_article(json.dumps(article()).encode())
    assert event.text == "Minister resigns\n\nThe minister said she would resign.\n"
    assert decode_article(event.model_dump_json()) == event


@pytest.mark.parametrize(
    "raw, field",
    [
        (json.dumps(article(body="")), "body"),
        (json.dumps(article(body="   ")), "body"),
        (json.dumps({k: v for k, v in article().items() if k != "article_id"}), "article_id"),
        (json.dumps(article(published="yesterday")), "published"),
        (json.dumps(article(published="2026-11-29T10:00:00")), "published"),  # no timezone
        (json.dumps(article(schema_version=99)), "schema_version"),
        (json.dumps(article(unexpected="x")), "unexpected"),
    ],
)
def test_bad_articles_name_the_field(raw, field):
    with pytest.raises(ValidationError) as err:
        decode_article(raw.encode())
    assert field in str(err.value)


@pytest.mark.parametrize("raw", [b"not json", b"", b"\xff\xfe", b"[]", b"null"])
def test_undecodable_bytes_raise_validation_error(raw):
    with pytest.raises(ValidationError):
        decode_article(raw)


@pytest.mark.parametrize(
    "over",
    [
        {"speaker_type": "robot"},
        {"type": "quoted"},
        {"confidence": 1.5},
        {"confidence": -0.1},
        {"content_span": [10, 10]},
        {"content_span": [-1, 4]},
        {"speaker_canonical": " "},
        {"mentions": [{"name": "Ana Ruiz", "type": "robot", "text": "Ruiz", "span": [50, 54]}]},
        {"mentions": [{"name": "Ana Ruiz", "type": "person", "text": "Ruiz", "span": [54, 50]}]},
        {"mentions": [{"name": " ", "type": "person", "text": "Ruiz", "span": [50, 54]}]},
    ],
)
def test_bad_statements_are_rejected(over):
    with pytest.raises(ValidationError):
        Statement.model_validate(statement(**over))


def event_base() -> dict:
    """What a statements-topic event adds to a statement (no id, no kind)."""
    return {
        "article_id": "a1",
        "article_version": "v1",
        "article": {"title": "Minister resigns"},
        "article_received_at": NOW.isoformat(),
        "extractor": "test/1",
        "extracted_at": NOW.isoformat(),
    }


def test_statements_topic_decodes_both_kinds():
    base = event_base()
    st = StatementEvent.model_validate({**statement(), **base, "statement_id": "s1"})
    marker = ArticleProcessedEvent.model_validate(
        {**base, "statement_count": 1, "statement_ids": ["s1"]}
    )
    assert decode_statements_topic_event(st.model_dump_json()) == st
    assert decode_statements_topic_event(marker.model_dump_json()) == marker
    with pytest.raises(ValidationError):
        decode_statements_topic_event(json.dumps({**base, "kind": "other"}))


def test_mentions_and_co_speakers_are_schema_3_with_defaults():
    base = event_base() | {"statement_id": "s1", "kind": "statement"}
    old = decode_statements_topic_event(json.dumps({**statement(), **base, "schema_version": 2}))
    assert old.mentions == [] and old.co_speakers == []
    mention = {"name": "Joe Biden", "type": "person", "text": "the president", "span": [45, 58]}
    new = StatementEvent.model_validate(
        {**statement(mentions=[mention]), **base, "co_speakers": ["Jill Stein"]}
    )
    again = decode_statements_topic_event(new.model_dump_json())
    assert again == new and again.schema_version == 4
    assert again.mentions[0].name == "Joe Biden" and again.mentions[0].span == (45, 58)
    assert again.co_speakers == ["Jill Stein"]


@pytest.mark.parametrize("received", [None, "2024-05-01T12:00:00"])  # missing, or naive
def test_statements_topic_events_need_an_aware_article_received_at(received):
    base = {
        "article_id": "a1",
        "article_version": "v1",
        "article": {"title": "Minister resigns"},
        "extractor": "test/1",
        "extracted_at": NOW.isoformat(),
    }
    if received is not None:
        base["article_received_at"] = received
    with pytest.raises(ValidationError, match="article_received_at"):
        StatementEvent.model_validate({**statement(), **base, "statement_id": "s1"})
    with pytest.raises(ValidationError, match="article_received_at"):
        ArticleProcessedEvent.model_validate({**base, "statement_count": 0})


def test_ids_are_deterministic_and_distinct():
    assert article_version_for("T", "B") == article_version_for(" T", "B\n")
    assert article_version_for("T", "B") != article_version_for("T", "B.")
    assert article_version_for("ab", "c") != article_version_for("a", "bc")
    by_url = article_id_for(url="https://x.test/a", title="T", body="B")
    assert by_url == article_id_for(url="https://x.test/a", title="T2", body="B2")
    assert by_url.startswith("url-")
    assert article_id_for(url=None, title="T", body="B").startswith("sha-")
    s1 = statement_id_for("a", "v", (1, 5))
    assert s1 == statement_id_for("a", "v", (1, 5))
    assert len({s1, statement_id_for("a", "v2", (1, 5)), statement_id_for("a", "v", (1, 6))}) == 3


def test_article_text_is_title_blank_line_body():
    assert article_text("T", "P1\n\nP2") == "T\n\nP1\n\nP2\n"
    assert article_text("", "Body") == "Body\n"


def test_dlq_topic_names():
    assert Topic.ARTICLES.dlq == Topic.ARTICLES_DLQ == "articles.dlq"
    assert Topic.STATEMENTS.dlq == "statements.dlq"
    with pytest.raises(ValueError):
        _ = Topic.ARTICLES_DLQ.dlq


def test_checked_in_json_schema_is_current():
    assert stale_files() == [], "JSON Schema is stale: run `make schema` and commit the result"


def test_stale_schema_is_detected(tmp_path):
    for name, text in render_schemas().items():
        (tmp_path / name).write_text(text, "utf-8")
    assert stale_files(tmp_path) == []
    (tmp_path / "articles.schema.json").write_text("{}", "utf-8")
    assert stale_files(tmp_path) == ["articles.schema.json"]


def test_article_event_is_frozen():
    event = ArticleEvent.model_validate(article())
    with pytest.raises(ValidationError):
        event.title = "changed"


def test_schema_1_events_still_decode():
    """Events written before schema 2 (no metadata, language always set) decode as they are."""
    v1 = article(schema_version=1, language="en", url="https://example.com/a", source="AFP")
    event = decode_article(json.dumps(v1).encode())
    assert event.schema_version == 1 and event.language == "en"
    assert event.byline == [] and event.extra == {} and event.updated is None
    marker = {
        "schema_version": 1,
        "kind": "article_processed",
        "article_id": "a1",
        "article_version": "v1",
        "statement_count": 0,
        "article": {"title": "t"},
        "article_received_at": NOW.isoformat(),
        "extractor": "x",
        "extracted_at": NOW.isoformat(),
    }
    decoded = decode_statements_topic_event(json.dumps(marker).encode())
    assert decoded.statements_status == "extracted" and decoded.language is None


def test_new_events_are_schema_4():
    assert decode_article(json.dumps(article()).encode()).schema_version == 4


def test_repeat_of_is_schema_4_with_a_default():
    base = event_base() | {"statement_id": "s2", "kind": "statement"}
    old = decode_statements_topic_event(json.dumps({**statement(), **base, "schema_version": 3}))
    assert old.repeat_of is None and old.schema_version == 3
    new = StatementEvent.model_validate({**statement(), **base, "repeat_of": "s1"})
    again = decode_statements_topic_event(new.model_dump_json())
    assert again == new and again.repeat_of == "s1" and again.schema_version == 4


@pytest.mark.parametrize(
    "over, message",
    [
        ({"published": "2026-11-29T10:00:00+19:00"}, "±18:00"),
        ({"extra": {f"k{i}": "v" for i in range(33)}}, "extra"),
    ],
)
def test_contract_refuses_what_the_index_cannot_store(over, message):
    with pytest.raises(ValidationError) as err:
        decode_article(json.dumps(article(**over)).encode())
    assert message in str(err.value)
