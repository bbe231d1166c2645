"""The pure parts of dead-letter replay (quotewire_common.replay) and its CLI rendering."""

from collections import Counter

import pytest
from kafka import TopicPartition
from quotewire_common.dlq import dlq_headers
from quotewire_common.replay import (
    DeadLetter,
    ReplayError,
    ReplaySummary,
    check_target,
    pending_ranges,
    plan_batch,
    replay_target,
    source_of,
    strip_dlq_headers,
)
from quotewire_index.dlq_cli import letters_blocks, letters_table, summary_line
from rich.console import Console


def letter(offset=0, source="articles", partition=0, original=(("trace", b"t1"),)):
    headers = dlq_headers(
        reason="not JSON",
        error_class="InvalidJson",
        service="extract",
        source_topic=source or "",
        source_partition=4,
        source_offset=99,
        original_headers=list(original),
    )
    if source is None:
        headers = [(k, v) for k, v in headers if k != "qw-dlq-source-topic"]
    return DeadLetter("articles.dlq", partition, offset, b"key", b"value", headers)


def test_letter_reads_its_headers_and_strips_them_for_replay():
    d = letter()
    assert (d.reason, d.error_class, d.service) == ("not JSON", "InvalidJson", "extract")
    assert d.source == "articles/4/99" and d.failed_at
    assert d.replay_headers() == [("trace", b"t1")]
    assert strip_dlq_headers(None) == []
    assert letter(source=None).source == "?/4/99"


def test_target_from_header_or_override():
    assert replay_target(letter()) == "articles"
    assert replay_target(letter(), "other") == "other"
    assert replay_target(letter(source=None), "articles") == "articles"
    with pytest.raises(ReplayError, match="--to"):
        replay_target(letter(source=None))


def test_targets_must_exist_and_not_be_dead_letter_topics():
    check_target("articles", "articles.dlq", {"articles", "articles.dlq"})
    with pytest.raises(ReplayError, match="dead-letter"):
        check_target("articles.dlq", "articles.dlq", {"articles.dlq"})
    with pytest.raises(ReplayError, match="dead-letter"):
        check_target("statements.dlq", "articles.dlq", {"statements.dlq"})
    with pytest.raises(ReplayError, match="does not exist"):
        check_target("articels", "articles.dlq", {"articles"})


def test_source_of_dlq_name():
    assert source_of("articles.dlq") == "articles"
    assert source_of("articles") is None and source_of(".dlq") is None


def test_pending_ranges_start_at_commit_or_first_retained_offset():
    a, b, c, d = (TopicPartition("articles.dlq", p) for p in range(4))
    ranges = pending_ranges(
        committed={a: 5, b: None, c: 2, d: 9},
        beginning={a: 0, b: 3, c: 4, d: 0},
        end={a: 8, b: 6, c: 10, d: 9},
    )
    assert ranges == {a: (5, 8), b: (3, 6), c: (4, 10)}  # d: nothing left


def test_plan_batch_stops_at_the_first_unroutable_letter():
    batch = [letter(0), letter(1), letter(2, source=None), letter(3)]
    planned, problem = plan_batch(batch, None, "articles.dlq", {"articles"})
    assert [(d.offset, t) for d, t in planned] == [(0, "articles"), (1, "articles")]
    assert isinstance(problem, ReplayError) and "@2" in str(problem)
    planned, problem = plan_batch(batch, "articles", "articles.dlq", {"articles"})
    assert len(planned) == 4 and problem is None


def test_summary_lines():
    dry = ReplaySummary("articles.dlq", "g", dry_run=True, pending=3, selected=2)
    dry.by_target = Counter({"articles": 2})
    assert summary_line(dry).startswith("dry run: would replay 2 of 3")
    done = ReplaySummary("articles.dlq", "g", dry_run=False, pending=3, selected=2, sent=2)
    done.by_target = Counter({"articles": 2})
    assert "replayed 2 of 3 letter(s) (2 → articles); 1 left" in summary_line(done)


def test_show_table_has_the_columns_operators_need():
    console = Console(width=200, record=True)
    console.print(letters_table([letter(7, partition=1)], 3, "articles.dlq"))
    text = console.export_text()
    for column in ("offset", "key", "reason", "error class", "service", "source", "failed at"):
        assert column in text
    assert "1:7" in text and "articles/4/99" in text and "showing 1" in text


# --- truncated dead letters (qw-dlq-truncated) -----------------------------------------


def truncated(offset=0, size=2_000_000, source="articles"):
    d = letter(offset, source=source)
    return DeadLetter(
        d.topic,
        d.partition,
        d.offset,
        d.key,
        b"cut",
        [*d.headers, ("qw-dlq-truncated", b"%d" % size)],
    )


def test_truncated_letter_is_recognised():
    assert not letter().truncated and letter().original_size is None
    cut = truncated(size=1234)
    assert cut.truncated and cut.original_size == 1234
    assert ("qw-dlq-truncated", b"1234") not in cut.replay_headers()


def test_plan_batch_skips_truncated_letters_unless_included():
    batch = [letter(0), truncated(1), letter(2), truncated(3, source=None)]
    planned, problem = plan_batch(batch, None, "articles.dlq", {"articles"})
    assert problem is None  # a skipped letter needs no route
    assert [(d.offset, t) for d, t in planned] == [
        (0, "articles"),
        (1, None),
        (2, "articles"),
        (3, None),
    ]
    planned, problem = plan_batch(batch, None, "articles.dlq", {"articles"}, include_truncated=True)
    assert [(d.offset, t) for d, t in planned] == [
        (0, "articles"),
        (1, "articles"),
        (2, "articles"),
    ]
    assert isinstance(problem, ReplayError) and "@3" in str(problem)


def test_plan_batch_room_counts_only_letters_to_send():
    batch = [truncated(0), letter(1), truncated(2), letter(3), letter(4)]
    planned, problem = plan_batch(batch, None, "articles.dlq", {"articles"}, room=2)
    assert problem is None
    assert [(d.offset, t) for d, t in planned] == [
        (0, None),
        (1, "articles"),
        (2, None),
        (3, "articles"),
    ]


def test_summary_lines_count_skipped_truncated_letters():
    done = ReplaySummary(
        "articles.dlq", "g", dry_run=False, pending=4, selected=2, sent=2, skipped_truncated=1
    )
    done.by_target = Counter({"articles": 2})
    line = summary_line(done)
    assert "replayed 2 of 4 letter(s) (2 → articles); skipped 1 truncated" in line
    assert "--include-truncated" in line and "1 left" in line
    dry = ReplaySummary(
        "articles.dlq", "g", dry_run=True, pending=3, selected=1, skipped_truncated=2
    )
    assert "would skip 2 truncated" in summary_line(dry) and dry.left == 0
    assert "truncated" not in summary_line(ReplaySummary("articles.dlq", "g", dry_run=False))


def test_show_marks_truncated_letters():
    console = Console(width=250, record=True)
    console.print(letters_table([letter(5), truncated(6, size=1234)], 2, "articles.dlq"))
    text = " ".join(console.export_text().replace("│", " ").split())
    assert text.count("TRUNCATED") == 1
    assert "TRUNCATED (value cut from 1234 bytes; replay skips it): not JSON" in text
    console = Console(width=80, record=True)
    console.print(letters_blocks([truncated(6, size=1234)], 1, "articles.dlq"))
    assert "TRUNCATED (value cut from 1234 bytes" in console.export_text()
