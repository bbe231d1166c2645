"""The derived worker's commit floor (pure bookkeeping, no server): a partition is
committed no further than its first statement whose speaker's registry document is
still pending."""

from kafka import TopicPartition
from quotewire_index.derived_worker import DerivedWriter
from quotewire_index.settings import IndexSettings

A, B = TopicPartition("statements", 0), TopicPartition("statements", 1)


def writer_with(since: dict, pending: set[str]) -> DerivedWriter:
    writer = DerivedWriter(None, IndexSettings())  # type: ignore[arg-type] -- no call made
    writer.since = since
    writer.derived.pending = pending
    return writer


def test_the_floor_is_the_first_offset_of_a_pending_speaker_per_partition():
    writer = writer_with(
        {"putin": {A: 7, B: 3}, "peskov": {A: 4}, "lopez": {B: 9}}, {"putin", "peskov", "lopez"}
    )
    assert writer.floors() == {A: 4, B: 3}


def test_a_recomputed_speaker_no_longer_holds_the_commit_back():
    writer = writer_with({"putin": {A: 7, B: 3}, "peskov": {A: 4}}, {"putin"})
    writer._prune()  # peskov's document was recomputed: it is not pending any more
    assert writer.floors() == {A: 7, B: 3}
    writer.derived.pending.clear()
    writer._prune()
    assert writer.floors() == {}


def test_a_partition_that_moved_away_holds_nothing_back():
    writer = writer_with({"putin": {A: 7, B: 3}}, {"putin"})
    writer.forget([B])
    assert writer.floors() == {A: 7}
