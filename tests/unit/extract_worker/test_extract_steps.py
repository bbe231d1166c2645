"""The extract worker's steps with a tiny extraction function: no servers, no spaCy."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial

import pytest
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    Statement,
    StatementEvent,
    article_version_for,
    decode_statements_topic_event,
    statement_id_for,
)
from quotewire_extract import steps
from quotewire_extract.steps import Extracted, Rejected

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
QUOTE = re.compile(r'(?P<speaker>[A-Z]\w+) said: "(?P<content>[^"]+)"')


def fake_extract(text: str) -> list[Statement]:
    """A stand-in extractor: every `Name said: "..."` is one direct statement."""
    out = []
    for m in QUOTE.finditer(text):
        out.append(
            Statement(
                speaker=m["speaker"],
                speaker_span=m.span("speaker"),
                speaker_canonical=m["speaker"],
                speaker_type="person",
                cue="said",
                cue_span=(m.end("speaker") + 1, m.end("speaker") + 5),
                content=m["content"],
                content_span=m.span("content"),
                type="direct",
                confidence=0.9,
            )
        )
    return out


def make_article(
    body: str = 'Anna said: "It works." Then Boris said: "It does."', **kw
) -> ArticleEvent:
    title = kw.pop("title", "Test title")
    fields = {
        "article_id": "a-1",
        "article_version": article_version_for(title, body),
        "title": title,
        "body": body,
        "source": "wire",
        "url": "https://example.test/a-1",
        "received_at": NOW,
    }
    fields.update(kw)
    return ArticleEvent(**fields)


def raw(article: ArticleEvent) -> bytes:
    return article.model_dump_json().encode()


def run(coro):
    return asyncio.run(coro)


# --- decode ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error_class", "in_reason"),
    [
        (None, steps.EMPTY_MESSAGE, "empty"),
        (b"", steps.EMPTY_MESSAGE, "empty"),
        (b"not json {", steps.INVALID_JSON, "not JSON"),
        (b"\xff\xfe\x00garbage", steps.INVALID_JSON, "not JSON"),
        (b"[1, 2]", steps.SCHEMA_ERROR, "not an ArticleEvent"),
        (b'{"article_id": "x"}', steps.SCHEMA_ERROR, "article_version: Field required"),
    ],
)
def test_decode_classifies_bad_messages(value, error_class, in_reason):
    with pytest.raises(Rejected) as info:
        steps.decode(value)
    assert info.value.error_class == error_class
    assert in_reason in info.value.reason


def test_decode_names_the_wrong_fields_and_schema_version():
    doc = make_article().model_dump(mode="json")
    doc.update(schema_version=99, received_at="yesterday")
    import json

    with pytest.raises(Rejected) as info:
        steps.decode(json.dumps(doc).encode())
    assert info.value.error_class == steps.SCHEMA_ERROR
    assert "schema_version" in info.value.reason and "received_at" in info.value.reason


def test_decode_accepts_a_good_article():
    article = make_article()
    assert steps.decode(raw(article)) == article


# --- size ------------------------------------------------------------------------------


def test_check_size_limit_is_inclusive():
    article = make_article()
    n = len(article.text)
    assert steps.check_size(article, n) == article.text
    with pytest.raises(Rejected) as info:
        steps.check_size(article, n - 1)
    assert info.value.error_class == steps.TEXT_TOO_LONG
    assert str(n) in info.value.reason and str(n - 1) in info.value.reason


# --- extract ---------------------------------------------------------------------------


class ModelBroke(Exception):
    pass


def broken_extract(text: str):
    raise ModelBroke("E1041 tokenizer exploded")


def test_extractor_exception_becomes_dead_letter_with_its_class():
    with pytest.raises(Rejected) as info:
        steps.extract_sync(broken_extract, "text")
    assert info.value.error_class == "ModelBroke"
    assert "E1041 tokenizer exploded" in info.value.reason


@pytest.mark.parametrize(
    "result",
    [
        42,
        ["not a statement"],
        [
            Statement(
                speaker=None,
                speaker_canonical="X",
                speaker_type="unknown",
                cue=None,
                content="far away",
                content_span=(500, 508),
                type="indirect",
                confidence=0.5,
            )
        ],
    ],
    ids=["not-iterable", "wrong-type", "span-beyond-text"],
)
def test_invalid_extractor_output_is_dead_lettered(result):
    with pytest.raises(Rejected) as info:
        steps.extract_sync(lambda text: result, "short text")
    assert info.value.error_class == steps.INVALID_EXTRACTOR_OUTPUT


def test_extract_runs_in_the_given_executor():
    seen_threads = []

    def extract(text):
        import threading

        seen_threads.append(threading.current_thread().name)
        return fake_extract(text)

    async def main():
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(1, thread_name_prefix="spacy") as pool:

            async def run_blocking(fn, *args):
                return await loop.run_in_executor(pool, partial(fn, *args))

            return await steps.extract_async(extract, make_article().text, run_blocking)

    statements = run(main())
    assert len(statements) == 2
    assert seen_threads and seen_threads[0].startswith("spacy")


# --- build events ----------------------------------------------------------------------


def test_events_have_deterministic_ids_and_the_marker_comes_last():
    article = make_article()
    statements = fake_extract(article.text)
    first = steps.build_events(article, statements, extractor="fake/1", extracted_at=NOW)
    again = steps.build_events(article, statements, extractor="fake/1", extracted_at=NOW)

    assert [e.statement_id for e in first.statements] == [e.statement_id for e in again.statements]
    assert first.records() == again.records()  # a replay produces the same bytes
    assert [e.statement_id for e in first.statements] == [
        statement_id_for(article.article_id, article.article_version, s.content_span)
        for s in statements
    ]
    assert first.events[-1] is first.marker
    assert all(isinstance(e, StatementEvent) for e in first.events[:-1])
    marker = first.marker
    assert marker.statement_count == 2
    assert marker.statement_ids == [e.statement_id for e in first.statements]
    assert (marker.article_id, marker.article_version) == (
        article.article_id,
        article.article_version,
    )
    assert marker.extractor == "fake/1" and marker.extracted_at == NOW
    # every event carries the article's received_at: the indexer's version order
    assert marker.article_received_at == article.received_at
    assert all(e.article_received_at == article.received_at for e in first.statements)


def test_statement_events_carry_article_context_and_statement_fields():
    article = make_article(published=NOW)
    extracted = steps.build_events(article, fake_extract(article.text), extractor="fake/1")
    event = extracted.statements[0]
    assert event.article == article.context
    assert event.speaker == "Anna" and event.content == "It works." and event.type == "direct"
    assert article.text[slice(*event.content_span)] == event.content
    assert event.extractor == "fake/1"


def test_statement_events_carry_the_other_speakers_of_the_article():
    body = 'Anna said: "It works." Then Boris said: "It does." Anna said: "Yes." Carl said: "No."'
    article = make_article(body=body)
    statements = fake_extract(article.text)
    anonymous = statements[-1].model_copy(
        update={"speaker_canonical": "a senior official", "speaker_type": "unknown"}
    )
    extracted = steps.build_events(article, [*statements[:-1], anonymous], extractor="f")
    co = {e.content: e.co_speakers for e in extracted.statements}
    assert co == {
        "It works.": ["Boris"],
        "It does.": ["Anna"],
        "Yes.": ["Boris"],
        "No.": ["Anna", "Boris"],
    }
    alone = steps.build_events(article, statements[:1], extractor="f").statements[0]
    assert alone.co_speakers == []


def test_a_repeated_quote_points_at_its_first_occurrence():
    body = (
        'Anna said: "It works." Boris said: "It works." Anna said: "it WORKS!" '
        'Later Anna said: "It works." Anna said: "No."'
    )
    article = make_article(body=body)
    events = steps.build_events(article, fake_extract(article.text), extractor="f").statements
    assert [e.content for e in events] == [
        "It works.",
        "It works.",
        "it WORKS!",
        "It works.",
        "No.",
    ]
    first = events[0].statement_id
    # another speaker's same words are a quote of their own; case and punctuation fold
    assert [e.repeat_of for e in events] == [None, None, first, first, None]


def test_another_version_gets_other_ids():
    a1 = make_article()
    a2 = make_article(article_version="v2")
    ids1 = steps.build_events(a1, fake_extract(a1.text), extractor="f").marker.statement_ids
    ids2 = steps.build_events(a2, fake_extract(a2.text), extractor="f").marker.statement_ids
    assert set(ids1).isdisjoint(ids2)


def test_no_statements_gives_only_the_marker():
    article = make_article(body="Nothing quoted here.")
    extracted = steps.build_events(article, [], extractor="fake/1")
    assert extracted.statements == []
    assert extracted.events == [extracted.marker]
    assert extracted.marker.statement_count == 0 and extracted.marker.statement_ids == []


def test_duplicate_content_spans_are_kept_once_and_counted():
    article = make_article()
    statements = fake_extract(article.text)
    extracted = steps.build_events(article, statements + statements[:1], extractor="f")
    assert extracted.marker.statement_count == 2
    assert extracted.duplicates_dropped == 1
    assert len(set(extracted.marker.statement_ids)) == 2


def test_records_are_keyed_by_article_id_and_decode_as_the_contract():
    article = make_article(article_id="story-9")
    extracted = steps.build_events(article, fake_extract(article.text), extractor="f")
    records = extracted.records()
    assert {key for key, _ in records} == {b"story-9"}
    decoded = [decode_statements_topic_event(value) for _, value in records]
    assert decoded == extracted.events
    assert isinstance(decoded[-1], ArticleProcessedEvent)


# --- the chain -------------------------------------------------------------------------


def process(value, extract=fake_extract, max_chars=10_000):
    return run(
        steps.process(
            value, extract=extract, extractor_name="fake/1", max_chars=max_chars, now=lambda: NOW
        )
    )


def test_process_good_message():
    article = make_article()
    outcome = process(raw(article))
    assert isinstance(outcome, Extracted)
    assert outcome.article == article
    assert outcome.marker.statement_count == 2
    assert outcome.marker.extracted_at == NOW


def test_process_returns_rejections_with_the_article_when_known():
    assert process(b"nope").error_class == steps.INVALID_JSON
    assert process(b"nope").article is None

    article = make_article()
    too_long = process(raw(article), max_chars=10)
    assert too_long.error_class == steps.TEXT_TOO_LONG
    assert too_long.article == article

    failed = process(raw(article), extract=broken_extract)
    assert isinstance(failed, Rejected)
    assert failed.error_class == "ModelBroke"
    assert failed.article == article


# --- languages ----------------------------------------------------------------------------

FRENCH = (
    'Anna said: "Ça marche." Le maire a déclaré mardi que le budget de la ville était '
    "équilibré pour la première fois depuis dix ans, selon le conseil municipal."
)


def _process(article: ArticleEvent, **kw) -> Extracted | Rejected:
    return asyncio.run(
        steps.process(
            article.model_dump_json().encode(),
            extract=fake_extract,
            extractor_name="fake",
            max_chars=10_000,
            **kw,
        )
    )


def test_detected_unsupported_language_is_marked_not_dead_lettered():
    called = []

    def spy(text):
        called.append(text)
        return fake_extract(text)

    outcome = asyncio.run(
        steps.process(
            make_article(body=FRENCH).model_dump_json().encode(),
            extract=spy,
            extractor_name="fake",
            max_chars=10_000,
        )
    )
    assert isinstance(outcome, Extracted) and outcome.unsupported_language
    assert called == []  # the extractor never saw it
    assert outcome.statements == []
    assert outcome.marker.statements_status == "unsupported_language"
    assert outcome.marker.language == "fr" and outcome.marker.statement_count == 0


def test_declared_language_wins_over_detection_and_can_be_added():
    english = _process(make_article(body=FRENCH, language="en-GB"))
    assert english.marker.statements_status == "extracted" and english.marker.language == "en"
    assert len(english.statements) == 1
    declared_fr = _process(make_article(language="fr"))  # English text, declared French
    assert declared_fr.marker.statements_status == "unsupported_language"
    supported = _process(make_article(body=FRENCH), languages=frozenset({"en", "fr"}))
    assert supported.marker.statements_status == "extracted"


def test_short_undetermined_text_is_read_as_english():
    outcome = _process(make_article(body='Bo said: "Ok."', title="Ok"))
    assert outcome.marker.statements_status == "extracted" and outcome.marker.language == "en"
