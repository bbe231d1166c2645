"""Request validation and id derivation of the ingest API's article model."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError
from quotewire_contracts import article_id_for, article_version_for, decode_article
from quotewire_ingest.models import ArticleIn

MINIMAL = {"title": "Council backs bike lanes", "body": "The council voted 5-2 on Tuesday."}


def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        ArticleIn.model_validate(data)
    return {".".join(map(str, e["loc"])): e["type"] for e in info.value.errors()}


def test_minimal_article_gets_defaults():
    article = ArticleIn.model_validate(MINIMAL)
    assert article.language is None  # not declared: the extract worker detects it
    assert article.byline == [] and article.subjects == [] and article.extra == {}
    assert article.id is None and article.url is None and article.published is None


@pytest.mark.parametrize(
    ("data", "field", "kind"),
    [
        ({"body": "b"}, "title", "missing"),
        ({"title": "t"}, "body", "missing"),
        ({"title": "   ", "body": "b"}, "title", "string_too_short"),
        ({"title": "t", "body": " \n\t "}, "body", "string_too_short"),
        ({**MINIMAL, "title": "x" * 2001}, "title", "string_too_long"),
        ({**MINIMAL, "id": "x" * 513}, "id", "value_error"),
        ({**MINIMAL, "id": "  "}, "id", "string_too_short"),
        ({**MINIMAL, "url": "not a url"}, "url", "value_error"),
        ({**MINIMAL, "url": "ftp://example.com/a"}, "url", "value_error"),
        ({**MINIMAL, "published": "yesterday"}, "published", "value_error"),
        ({**MINIMAL, "language": "english"}, "language", "string_pattern_mismatch"),
        ({**MINIMAL, "title": 42}, "title", "string_type"),
        ({**MINIMAL, "headline": "typo"}, "headline", "extra_forbidden"),
    ],
)
def test_invalid_fields_are_reported_by_name(data, field, kind):
    assert errors_of(data).get(field) == kind


def test_all_errors_are_reported_at_once():
    assert set(errors_of({"title": "", "url": "x", "language": "?"})) == {
        "title",
        "body",
        "url",
        "language",
    }


def test_text_is_normalised():
    article = ArticleIn.model_validate(
        {
            "title": "  Cafe\u0301 owner speaks \n",
            "body": "\r\nPara one.\r\n\r\nPara two.  ",
            "source": " ",
        }
    )
    assert article.title == "Café owner speaks"  # NFC
    assert article.body == "Para one.\n\nPara two."
    assert article.source is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-11", datetime(2024, 11, 11, tzinfo=UTC)),
        ("2024-11-11T16:27:00", datetime(2024, 11, 11, 16, 27, tzinfo=UTC)),
        ("2024-11-11T16:27:00Z", datetime(2024, 11, 11, 16, 27, tzinfo=UTC)),
        (
            "2024-11-11T16:27:00+05:30",
            datetime(2024, 11, 11, 16, 27, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
    ],
)
def test_published_is_always_timezone_aware(value, expected):
    published = ArticleIn.model_validate({**MINIMAL, "published": value}).published
    assert published == expected and published.tzinfo is not None


def test_explicit_id_wins():
    article = ArticleIn.model_validate({**MINIMAL, "id": " feed-guid-1 ", "url": "https://x.org/a"})
    assert article.article_id == "feed-guid-1"


def test_id_from_url_when_no_id():
    article = ArticleIn.model_validate({**MINIMAL, "url": "https://example.com/news/1"})
    assert article.article_id == article_id_for(
        url="https://example.com/news/1", title=MINIMAL["title"], body=MINIMAL["body"]
    )
    assert article.article_id.startswith("url-")
    edited = ArticleIn.model_validate(
        {**MINIMAL, "body": "Changed.", "url": "https://example.com/news/1"}
    )
    assert edited.article_id == article.article_id  # same story
    assert edited.article_version != article.article_version  # new version


def test_id_from_content_hash_without_id_and_url():
    article = ArticleIn.model_validate({**MINIMAL, "url": ""})
    assert article.article_id == article_id_for(
        url=None, title=MINIMAL["title"], body=MINIMAL["body"]
    )
    assert article.article_id.startswith("sha-")


def test_version_is_hash_of_title_and_body_only():
    a = ArticleIn.model_validate(MINIMAL)
    b = ArticleIn.model_validate({**MINIMAL, "source": "AFP", "title": MINIMAL["title"] + "  "})
    assert (
        a.article_version
        == b.article_version
        == article_version_for(MINIMAL["title"], MINIMAL["body"])
    )
    c = ArticleIn.model_validate({**MINIMAL, "title": "Other headline"})
    assert c.article_version != a.article_version


def test_to_event_round_trips_through_the_contract():
    article = ArticleIn.model_validate(
        {
            **MINIMAL,
            "id": "a1",
            "url": "https://x.org/a",
            "source": "AFP",
            "published": "2024-11-11",
        }
    )
    event = article.to_event()
    decoded = decode_article(event.model_dump_json())
    assert decoded == event
    assert (decoded.article_id, decoded.article_version) == ("a1", article.article_version)
    assert decoded.text == f"{MINIMAL['title']}\n\n{MINIMAL['body']}\n"
    assert decoded.received_at.tzinfo is not None


# --- limits the index and the extractor share (issue 9) -----------------------------------


def test_ids_are_limited_in_utf8_bytes_not_characters():
    """Elasticsearch's _id limit is 512 bytes: 300 × "é" is 300 characters, 600 bytes."""
    assert ArticleIn.model_validate({**MINIMAL, "id": "é" * 256}).id == "é" * 256  # 512 bytes
    with pytest.raises(ValidationError) as info:
        ArticleIn.model_validate({**MINIMAL, "id": "é" * 300})
    assert "512 bytes" in str(info.value) and "600 bytes" in str(info.value)


@pytest.mark.parametrize("offset", ["+18:30", "-19:00", "+23:59"])
def test_published_offsets_the_index_cannot_store_are_refused(offset):
    for field in ("published", "updated"):
        with pytest.raises(ValidationError) as info:
            ArticleIn.model_validate({**MINIMAL, field: f"2024-11-11T10:00:00{offset}"})
        assert "±18:00" in str(info.value)
    ok = ArticleIn.model_validate({**MINIMAL, "published": "2024-11-11T10:00:00+18:00"})
    assert ok.published.utcoffset() == timedelta(hours=18)


@pytest.mark.parametrize("value", [1731318420, 1731318420000, 1.5, True])
def test_numbers_are_not_dates(value):
    assert errors_of({**MINIMAL, "published": value}) == {"published": "value_error"}


def test_metadata_fields_travel_to_the_event():
    article = ArticleIn.model_validate(
        {
            **MINIMAL,
            "byline": "Ann Lee",
            "section": "Metro",
            "subjects": ["transport", "council"],
            "updated": "2024-11-12T08:00:00Z",
            "language": "en-GB",
        }
    )
    event = article.to_event()
    assert event.byline == ["Ann Lee"] and event.section == "Metro"
    assert event.subjects == ["transport", "council"] and event.language == "en-GB"
    assert event.updated == datetime(2024, 11, 12, 8, tzinfo=UTC)


def test_html_body_becomes_text_and_an_image_only_body_is_refused():
    article = ArticleIn.model_validate(
        {"title": "Budget &amp; roads", "body": "<p>&ldquo;We balanced it,&rdquo; she said.</p>"}
    )
    assert article.title == "Budget & roads"
    assert article.body == "\u201cWe balanced it,\u201d she said."
    errors = errors_of({"title": "t", "body": '<figure><img src="a.jpg"></figure>'})
    assert errors == {"body": "value_error"}
    declared_text = ArticleIn.model_validate({**MINIMAL, "body": "a <p> b", "body_format": "text"})
    assert declared_text.body == "a <p> b"


@pytest.mark.parametrize(
    "over",
    [
        {"language": "en-abcdefgh-ijklmnop-qrstuvwx"},
        {"id": "é" * 256, "title": "t" * 2000, "source": "s" * 500},
        {"byline": ["b" * 300] * 20, "subjects": ["s" * 300] * 100},
        {"extra": {f"k{i}": "v" * 1000 for i in range(32)}},
        {"published": "2024-11-11T10:00:00-18:00", "updated": "0001-01-01"},
    ],
)
def test_every_valid_article_makes_a_valid_event(over):
    """What ingest accepts the topic contract accepts too (else a 500, not a 4xx)."""
    article = ArticleIn.model_validate({**MINIMAL, **over})
    assert decode_article(article.to_event().model_dump_json()).article_id == article.article_id


def test_text_limit_is_the_extractors_text_exactly():
    from quotewire_ingest.service import TextTooLong, check_text_limit

    article = ArticleIn.model_validate({"title": "T", "body": "x" * 97})
    assert len(article.to_event().text) == 101  # "T\n\n" + body + "\n"
    assert check_text_limit(article, 101) is article
    with pytest.raises(TextTooLong, match="has 101 characters; the limit is 100"):
        check_text_limit(article, 100)
