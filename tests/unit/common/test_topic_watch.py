import pytest
from quotewire_common.topics import TopicLayoutError, TopicWatch


def test_steady_topics_say_nothing():
    watch = TopicWatch()
    assert watch.observe({"articles": 3, "statements": 3}) == []
    assert watch.observe({"articles": 3, "statements": 3}) == []


def test_more_partitions_are_reported():
    watch = TopicWatch()
    watch.observe({"statements": 3})
    [change] = watch.observe({"statements": 4})
    assert "'statements' grew from 3 to 4" in change
    assert watch.observe({"statements": 4}) == []  # reported once


@pytest.mark.parametrize("now", [None, 0, 2])
def test_a_vanished_or_shrunk_topic_is_an_error(now):
    watch = TopicWatch()
    watch.observe({"statements": 3})
    with pytest.raises(TopicLayoutError, match="statements"):
        watch.observe({"statements": now})


def test_a_topic_not_yet_in_the_metadata_is_no_baseline():
    watch = TopicWatch()
    assert watch.observe({"statements": None}) == []
    assert watch.observe({"statements": 3}) == []
