"""Step 2 of the indexer: cut a batch's ``statements``-topic events into segments.

One article's statements and its ``article_processed`` marker share a partition, in
order. A marker must only run after all statements that precede it were written, and
statements that follow a marker of the same article go into the next segment (a replay
of V1 … marker V1, V2 … marker V2 in one batch ends with V2 only).
"""

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from quotewire_contracts import ArticleProcessedEvent, StatementEvent

from quotewire_index.decode import Decoded


@dataclass
class Segment:
    """Statement writes, then the markers that follow them."""

    statements: list[Decoded] = field(default_factory=list)
    markers: list[Decoded] = field(default_factory=list)
    _marked: set[str] = field(default_factory=set, repr=False)


def plan_segments(items: Sequence[Decoded]) -> list[Segment]:
    """Cut the ``statements``-topic events of a batch into segments (order kept).

    A statement of an article that already has a marker in the current segment starts a
    new segment; article events (other topic) are not part of segments.
    """
    segments = [Segment()]
    for item in items:
        ev = item.event
        if isinstance(ev, StatementEvent):
            if ev.article_id in segments[-1]._marked:
                segments.append(Segment())
            segments[-1].statements.append(item)
        elif isinstance(ev, ArticleProcessedEvent):
            segments[-1].markers.append(item)
            segments[-1]._marked.add(ev.article_id)
    return [s for s in segments if s.statements or s.markers]


class Unmarked:
    """The statements this process wrote for each article since its last applied marker
    (``statement_id`` → ``article_received_at``), so a marker can tell whether its
    retirement has anything to do (:func:`~quotewire_index.docs.needs_retirement`).

    Bounded: past ``max_articles`` the oldest articles are forgotten; a forgotten
    article's marker then retires as if this process knew nothing (the safe side).
    """

    def __init__(self, max_articles: int = 100_000) -> None:
        self.max_articles = max_articles
        self._by_article: OrderedDict[str, dict[str, datetime]] = OrderedDict()

    def add(self, events: Iterable[StatementEvent]) -> None:
        for ev in events:
            ids = self._by_article.get(ev.article_id)
            if ids is None:
                ids = self._by_article[ev.article_id] = {}
            ids[ev.statement_id] = ev.article_received_at
        while len(self._by_article) > self.max_articles:
            self._by_article.popitem(last=False)

    def get(self, article_id: str) -> dict[str, datetime] | None:
        """The ids written for the article (``None``: this process does not know it)."""
        return self._by_article.get(article_id)

    def pop(self, article_id: str) -> dict[str, datetime]:
        return self._by_article.pop(article_id, {})
