"""The chaos run's check of the derived indices against the statements index."""

from quotewire_devstack.chaos import DerivedGaps


def test_registry_and_clusters_that_match_the_statements_have_converged():
    gaps = DerivedGaps.of({"s1": 3, "s2": 1}, {"s1": 3, "s2": 1}, {"q1", "q2"}, {"q1", "q2", "q9"})
    assert gaps.converged
    assert gaps.text() == "registry 2/2 speakers right, clusters 2/2 quotes"


def test_a_stale_missing_or_leftover_registry_document_or_an_unclustered_quote_is_a_gap():
    statements = {"s1": 3, "s2": 1}
    quotes = {"q1", "q2"}
    stale = DerivedGaps.of(statements, {"s1": 2, "s2": 1}, quotes, quotes)
    missing = DerivedGaps.of(statements, {"s1": 3}, quotes, quotes)
    leftover = DerivedGaps.of(statements, {"s1": 3, "s2": 1, "gone": 4}, quotes, quotes)
    unclustered = DerivedGaps.of(statements, {"s1": 3, "s2": 1}, quotes, {"q1"})
    assert [g.registry_wrong for g in (stale, missing, leftover)] == [1, 1, 1]
    assert not any(g.converged for g in (stale, missing, leftover, unclustered))
    assert unclustered.unclustered == 1
    assert unclustered.text() == "registry 2/2 speakers right, clusters 1/2 quotes"
