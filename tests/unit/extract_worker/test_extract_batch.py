"""Several waiting articles through the steps together: the same outcome per message as one
at a time, dead letters only for the failing ones, output sent in order, acks awaited."""

import asyncio
import json

from quotewire_common.dlq import DeadLetterPolicy
from quotewire_contracts import Topic
from quotewire_extract.steps import Extracted, Rejected, process, process_batch
from quotewire_extract.worker import ExtractWorker, SourceMessage
from test_extract_steps import NOW, fake_extract, make_article, raw


def batch_extract(calls):
    def many(texts):
        calls.append(list(texts))
        out = []
        for text in texts:
            if "BOOM" in text:
                out.append(RuntimeError("parser fell over"))
            else:
                out.append(fake_extract(text))
        return out

    return many


def values():
    return [
        raw(make_article(article_id="a-1")),
        b"{not json",
        raw(make_article(article_id="a-2", body='Carla said: "BOOM it failed."')),
        raw(make_article(article_id="a-3", body='Dora said: "Fine."')),
        raw(
            make_article(
                article_id="a-4",
                body="Der Minister sagte am Dienstag, dass die Gespräche weitergehen.",
                language="de",
            )
        ),
    ]


def _batch(vals, many, extract=fake_extract):
    return asyncio.run(
        process_batch(
            vals,
            extract=extract,
            extract_many=many,
            extractor_name="fake/0",
            max_chars=10_000,
            now=lambda: NOW,
        )
    )


def _one(value, extract=fake_extract):
    return asyncio.run(
        process(value, extract=extract, extractor_name="fake/0", max_chars=10_000, now=lambda: NOW)
    )


def failing_single(text):
    if "BOOM" in text:
        raise RuntimeError("parser fell over")
    return fake_extract(text)


def shape(outcome):
    if isinstance(outcome, Rejected):
        return ("rejected", outcome.error_class, outcome.reason)
    return ("extracted", outcome.records(), outcome.marker.statements_status)


def test_a_batch_gives_each_message_what_it_gets_alone_in_one_extractor_call():
    calls = []
    batched = _batch(values(), batch_extract(calls))
    alone = [_one(v, failing_single) for v in values()]
    assert [shape(o) for o in batched] == [shape(o) for o in alone]
    # one call, only the texts that need the extractor (not bad JSON, not German)
    assert len(calls) == 1 and len(calls[0]) == 3
    kinds = [type(o).__name__ for o in batched]
    assert kinds == ["Extracted", "Rejected", "Rejected", "Extracted", "Extracted"]
    assert batched[2].error_class == "RuntimeError" and "parser fell over" in batched[2].reason
    assert batched[2].article.article_id == "a-2"
    assert batched[4].unsupported_language


def test_a_failing_batch_call_is_retried_text_by_text():
    def broken_many(texts):
        raise MemoryError("whole batch")

    batched = _batch(values(), broken_many, extract=failing_single)
    assert [shape(o) for o in batched] == [shape(_one(v, failing_single)) for v in values()]


def test_a_batch_answer_of_the_wrong_length_is_not_trusted():
    batched = _batch(values(), lambda texts: [[]], extract=failing_single)
    assert [shape(o) for o in batched] == [shape(_one(v, failing_single)) for v in values()]


def test_invalid_output_of_one_text_dead_letters_only_that_one():
    def many(texts):
        return [fake_extract(t) if "Dora" not in t else ["not a statement"] for t in texts]

    batched = _batch(values(), many)
    assert isinstance(batched[3], Rejected) and batched[3].error_class == "InvalidExtractorOutput"
    assert isinstance(batched[0], Extracted)


class Sink:
    """Records sends in order; their acks resolve only when released."""

    def __init__(self, log, name):
        self.log, self.name = log, name

    async def send(self, *, key=None, value=None, headers=None, force=False):
        fut = asyncio.get_running_loop().create_future()
        self.log.append((self.name, key, value, fut))
        return fut


def test_the_worker_sends_a_batch_in_order_and_returns_after_every_ack():
    sent = []

    async def run():
        worker = ExtractWorker(
            extract=failing_single,
            extract_many=batch_extract([]),
            extractor_name="fake/0",
            statements=Sink(sent, "statements"),
            dlq=Sink(sent, "dlq"),
            executor=None,
            max_chars=10_000,
            policy=DeadLetterPolicy("extract", max_streak=100),
        )
        msgs = [
            SourceMessage(Topic.ARTICLES.value, 0, offset, b"k", value)
            for offset, value in enumerate(values())
        ]
        task = asyncio.ensure_future(worker.handle_batch(msgs))
        await asyncio.sleep(0.05)
        assert not task.done()  # nothing acknowledged yet
        for *_, fut in sent[:-1]:
            fut.set_result(None)
        await asyncio.sleep(0.05)
        assert not task.done()  # one ack still missing
        sent[-1][3].set_result(None)
        return await task, worker

    outcomes, worker = asyncio.run(run())
    order = []
    for sink, key, value, _ in sent:
        if sink == "dlq":
            order.append(("dlq", key))
        else:
            order.append((json.loads(value).get("event_type", "statement"), key))
    keys = [k for _, k in order]
    # a-1's statements and marker, the bad message's letter, a-2's letter, a-3, a-4
    assert keys.index(b"a-1") < keys.index(b"k") < keys.index(b"a-3") < keys.index(b"a-4")
    assert [s for s, *_ in sent].count("dlq") == 2
    assert worker.counters.messages == 5 and worker.counters.dead_letters == 2
    assert worker.counters.articles == 3
    assert len(outcomes) == 5
