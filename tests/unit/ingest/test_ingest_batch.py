"""Parsing of request bodies: one article, NDJSON and JSON-array batches, limits."""

import json

import pytest
from quotewire_ingest.loaders import (
    ArticleInvalid,
    BatchInvalid,
    BatchTooLarge,
    parse_article,
    parse_batch,
)

GOOD = {"title": "T", "body": "B"}


def ndjson(*items) -> bytes:
    return b"".join((i if isinstance(i, bytes) else json.dumps(i).encode()) + b"\n" for i in items)


def test_parse_article_ok():
    assert parse_article(json.dumps({**GOOD, "id": "x"}).encode()).article_id == "x"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"", "missing"),
        (b"  \n", "missing"),
        (b'{"title": "T", ', "json_invalid"),
        (b"\xff\xfe", "json_invalid"),
        (b"[]", "model_type"),
        (b'"text"', "model_type"),
        (b'{"title": "T"}', "missing"),
    ],
)
def test_parse_article_errors(raw, kind):
    with pytest.raises(ArticleInvalid) as info:
        parse_article(raw)
    assert info.value.errors[0].type == kind
    assert info.value.errors[0].loc[0] == "body"


def test_parse_article_error_names_the_field():
    with pytest.raises(ArticleInvalid) as info:
        parse_article(b'{"title": "T"}')
    assert info.value.errors[0].loc == ["body", "body"]
    assert "body.body: Field required" in str(info.value)


def test_ndjson_batch_keeps_order_and_rejects_items_individually():
    raw = ndjson({**GOOD, "id": "a"}, b"{not json", b"", {"body": "no title"}, {**GOOD, "id": "b"})
    items = parse_batch(raw, "ndjson", max_items=10)
    assert [i.index for i in items] == [0, 1, 2, 3]  # the blank line is not an item
    assert [i.article.article_id if i.article else None for i in items] == ["a", None, None, "b"]
    assert items[1].errors[0].type == "json_invalid" and items[1].errors[0].loc == ["body", 1]
    assert items[2].errors[0].loc == ["body", 2, "title"]


def test_json_array_batch():
    items = parse_batch(json.dumps([GOOD, {"title": "x"}, 3]), "json", max_items=10)
    assert items[0].article is not None
    assert items[1].errors[0].loc == ["body", 1, "body"]
    assert items[2].errors[0].type == "model_type"


@pytest.mark.parametrize(
    ("raw", "fmt"),
    [(b"", "json"), (b"[]", "json"), (b"\n\n", "ndjson"), (b"{bad", "json"), (b'{"a": 1}', "json")],
)
def test_unusable_batches(raw, fmt):
    with pytest.raises(BatchInvalid):
        parse_batch(raw, fmt, max_items=10)


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_batch_item_limit_is_checked_before_validation(fmt):
    items = [{"bad": i} for i in range(4)]
    raw = json.dumps(items).encode() if fmt == "json" else ndjson(*items)
    with pytest.raises(BatchTooLarge) as info:
        parse_batch(raw, fmt, max_items=3)
    assert (info.value.count, info.value.limit) == (4, 3)
    assert len(parse_batch(raw, fmt, max_items=4)) == 4
