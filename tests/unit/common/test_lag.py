"""Lag arithmetic: backlog per partition, clamping the local broker's under-reported end
offsets, and the drain estimate from two readings."""

from kafka import TopicPartition
from quotewire_common.lag import GroupLag, partition_lag, with_rates

TP = TopicPartition("articles", 0)


def test_backlog_is_end_minus_committed_or_the_earliest_offset():
    assert partition_lag(TP, 40, 0, 100).lag == 60
    assert partition_lag(TP, None, 10, 100).lag == 90  # never committed: from the earliest


def test_end_below_committed_is_clamped_and_flagged():
    p = partition_lag(TP, 105, 0, 100)
    assert (p.lag, p.under_reported) == (0, True)
    g = GroupLag("g", [p, partition_lag(TopicPartition("articles", 1), 5, 0, 9)])
    assert (g.total, g.under_reported) == (4, True)


def test_drain_estimate_from_the_commit_rate():
    before = {"g": GroupLag("g", [partition_lag(TP, 100, 0, 1100)])}
    after = {"g": GroupLag("g", [partition_lag(TP, 300, 0, 1300)])}
    g = with_rates(before, after, seconds=10)["g"]
    assert g.rate_per_s == 20 and g.total == 1000 and g.drain_s == 50


def test_no_commits_while_measured_means_no_estimate_and_no_backlog_means_drained():
    stuck = {"g": GroupLag("g", [partition_lag(TP, 100, 0, 500)])}
    g = with_rates(stuck, stuck, seconds=5)["g"]
    assert g.rate_per_s == 0 and g.drain_s is None
    done = {"g": GroupLag("g", [partition_lag(TP, 500, 0, 500)])}
    assert with_rates(done, done, seconds=5)["g"].drain_s == 0
    assert GroupLag("g", [partition_lag(TP, 1, 0, 9)]).drain_s is None  # not measured


def test_time_to_drain_is_written_for_people():
    from quotewire_common.lag import format_duration

    assert format_duration(0.0) == "drained"
    assert format_duration(0.6) == "under 1s"  # a backlog is never called drained
    assert format_duration(44) == "44s"
    assert format_duration(125) == "2m05s"
    assert format_duration(7300) == "2h01m"
    assert format_duration(None).startswith("unknown")
