"""Batches of the articles already waiting in the worker's queue, bounded by a latency budget.

The worker parses several articles in one ``nlp.pipe`` call when several are waiting
(spaCy is faster per document in batches), but never waits to fill a batch: a batch is
the first message that arrives plus whatever else is already buffered at that moment. An
idle pipeline therefore runs batches of one (no added latency), a loaded one batches of
up to ``QW_EXTRACT_BATCH_MAX`` — fewer when the recent extraction time per byte says
that a bigger batch would take longer than ``QW_EXTRACT_BATCH_BUDGET_MS`` (the article
first in a batch waits for the whole batch; a long article is a batch of its own). Under a
backlog — the queue full, ``QW_EXTRACT_BATCH_MAX`` articles waiting behind the batch — the
budget is :data:`BACKLOG_BUDGET_FACTOR` times as long: every article there waits for the
ones ahead of it anyway, and bigger batches clear the queue sooner.

:class:`WaitingBatches` reads the source (faust's event stream) in a task of its own
into a small queue, so the batch can be cut without cancelling a pending read of the
stream; the queue holds at most one batch, read in order (partition order is kept).
"""

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_END = object()
#: how many times the budget a batch may take when the queue is full (a backlog)
BACKLOG_BUDGET_FACTOR = 4


class BatchSizer:
    """Whether one more waiting article joins the batch: at most ``max_articles``, and only
    while the batch's bytes at the recent seconds per byte (an exponential moving average
    over the batches so far) fit ``budget_s``. Until a first batch was timed, batches are
    of one article; a single article is always taken, whatever its size."""

    def __init__(self, max_articles: int, budget_s: float, smoothing: float = 0.3) -> None:
        if max_articles < 1:
            raise ValueError("max_articles must be at least 1")
        self.max_articles = max_articles
        self.budget_s = budget_s
        self.smoothing = smoothing
        self.per_byte_s: float | None = None

    def fits(self, count: int, size: int, backlog: bool = False) -> bool:
        """May a batch of ``count`` articles, ``size`` bytes in all, be parsed together?
        ``backlog``: the queue is full, the budget is :data:`BACKLOG_BUDGET_FACTOR` times longer."""
        if count <= 1:
            return True
        if count > self.max_articles or self.per_byte_s is None:
            return False
        budget = self.budget_s * (BACKLOG_BUDGET_FACTOR if backlog else 1)
        return size * self.per_byte_s <= budget

    def observe(self, size: int, seconds: float) -> None:
        """A batch of ``size`` bytes took ``seconds``."""
        if size < 1:
            return
        each = seconds / size
        if self.per_byte_s is None:
            self.per_byte_s = each
        else:
            self.per_byte_s += self.smoothing * (each - self.per_byte_s)


class WaitingBatches(Generic[T]):
    """``async for batch in WaitingBatches(source, sizer, size)``: lists of items, in order;
    ``size(item)`` is what :class:`BatchSizer` weighs (bytes of the message)."""

    def __init__(
        self, source: AsyncIterable[T], sizer: BatchSizer, size: Callable[[T], int]
    ) -> None:
        self.source = source
        self.sizer = sizer
        self.size = size
        self._queue: asyncio.Queue = asyncio.Queue(maxsize=sizer.max_articles)
        self._reader: asyncio.Task | None = None
        self._error: BaseException | None = None

    async def _read(self) -> None:
        try:
            async for item in self.source:
                await self._queue.put(item)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - re-raised to the consumer of the batches
            self._error = exc
        await self._queue.put(_END)

    def __aiter__(self) -> AsyncIterator[list[T]]:
        return self._batches()

    async def _batches(self) -> AsyncIterator[list[T]]:
        self._reader = asyncio.ensure_future(self._read())
        carry: list = []  # an item taken from the queue that did not fit the last batch
        try:
            while True:
                first = carry.pop() if carry else await self._queue.get()
                if first is _END:
                    break
                batch, size = [first], self.size(first)
                # a backlog: the queue was full when this batch began (its reader waits)
                backlog = self._queue.qsize() + 1 >= self._queue.maxsize
                while not self._queue.empty():
                    item = self._queue.get_nowait()
                    if item is _END or not self.sizer.fits(
                        len(batch) + 1, size + self.size(item), backlog
                    ):
                        carry.append(item)
                        break
                    batch.append(item)
                    size += self.size(item)
                yield batch
            if self._error is not None:
                raise self._error
        finally:
            self._reader.cancel()
