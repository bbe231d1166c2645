"""Batches of what is waiting (no waiting to fill one), bounded by the latency budget."""

import asyncio

import pytest
from quotewire_extract.batching import BACKLOG_BUDGET_FACTOR, BatchSizer, WaitingBatches


def test_sizer_takes_one_until_a_batch_was_timed_then_what_fits_the_budget():
    sizer = BatchSizer(max_articles=16, budget_s=0.5)
    assert sizer.fits(1, 10**9)  # one article is always a batch, however long
    assert not sizer.fits(2, 2)  # nothing timed yet: no guess
    sizer.observe(4000, 0.4)  # 100 µs a byte: 5,000 bytes fit the budget
    assert sizer.fits(2, 5000) and not sizer.fits(2, 5001)
    assert not sizer.fits(17, 17)  # the maximum holds
    sizer.observe(1000, 1.0)  # a slow batch moves the average up
    assert not sizer.fits(2, 5000)
    sizer.observe(0, 1.0)  # nothing measured: unchanged
    with pytest.raises(ValueError):
        BatchSizer(max_articles=0, budget_s=1)


async def _trickle(items, gaps):
    for item, gap in zip(items, gaps, strict=True):
        await asyncio.sleep(gap)
        yield item


def _collect(source, sizer, work_s=0.0, size=lambda item: 100):
    async def run():
        out = []
        async for batch in WaitingBatches(source, sizer, size):
            out.append(batch)
            await asyncio.sleep(work_s)  # the extraction of this batch
        return out

    return asyncio.run(run())


def timed(max_articles=8, budget_s=10.0):
    sizer = BatchSizer(max_articles, budget_s)
    sizer.observe(1000, 0.01)  # 10 µs a byte
    return sizer


def test_an_idle_source_gives_batches_of_one_without_waiting():
    batches = _collect(_trickle(range(4), [0.02] * 4), timed())
    assert batches == [[0], [1], [2], [3]]


def test_what_piles_up_during_a_batch_is_taken_together_in_order():
    # the first batch takes 0.1 s; meanwhile the rest of the items arrive
    batches = _collect(_trickle(range(10), [0] + [0.005] * 9), timed(4), work_s=0.1)
    assert [i for b in batches for i in b] == list(range(10))
    assert batches[0] == [0]
    assert max(len(b) for b in batches) == 4  # the maximum holds
    assert len(batches) <= 4


def test_the_budget_limits_the_batch_by_size_and_a_long_article_goes_alone():
    sizer = timed(8, budget_s=0.002)  # 200 bytes at 10 µs a byte
    sizes = {0: 100, 1: 100, 2: 100, 3: 5000, 4: 100, 5: 100}
    batches = _collect(
        _trickle(range(6), [0] * 6), sizer, work_s=0.05, size=lambda item: sizes[item]
    )
    assert [i for b in batches for i in b] == list(range(6))
    assert [3] in batches  # too long to share a batch
    assert max(len(b) for b in batches) == 2


def test_an_error_of_the_source_comes_after_the_items_before_it():
    async def broken():
        yield 1
        yield 2
        raise RuntimeError("stream failed")

    seen = []

    async def run():
        async for batch in WaitingBatches(broken(), timed(4), lambda item: 1):
            seen.extend(batch)

    with pytest.raises(RuntimeError, match="stream failed"):
        asyncio.run(run())
    assert seen == [1, 2]


def test_a_backlog_stretches_the_budget_but_not_the_maximum():
    sizer = BatchSizer(max_articles=16, budget_s=0.5)
    sizer.observe(4000, 0.4)  # 100 µs a byte: 5,000 bytes fit the budget
    assert not sizer.fits(2, 5001)
    assert sizer.fits(2, 5001, backlog=True)
    assert sizer.fits(16, 5000 * BACKLOG_BUDGET_FACTOR, backlog=True)
    assert not sizer.fits(16, 5000 * BACKLOG_BUDGET_FACTOR + 1, backlog=True)
    assert not sizer.fits(17, 17, backlog=True)


def test_a_full_queue_is_a_backlog_its_batches_take_the_longer_budget():
    async def backlog():  # everything is waiting at once: the queue fills up
        for i in range(40):
            yield i

    sizer = timed(8, budget_s=0.002)  # 200 bytes (two items) at 10 µs a byte
    batches = _collect(backlog(), sizer, work_s=0.01)
    assert [i for b in batches for i in b] == list(range(40))
    assert max(len(b) for b in batches) == 8  # 4 x 200 bytes, and the maximum
