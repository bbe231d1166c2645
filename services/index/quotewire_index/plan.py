"""Step 2 of the indexer: cut a batch's ``statements``-topic events into segments.

One article's statements and its ``article_processed`` marker share a partition, in
order. A marker must only run after all statements that precede it were written, and
statements that follow a marker of the same article go into the next segment (a replay
of V1 … marker V1, V2 … marker V2 in one batch ends with V2 only).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

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
