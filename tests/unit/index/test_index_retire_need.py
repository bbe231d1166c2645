"""When a marker's retirement has something to do (no refresh, no delete-by-query
otherwise), and the per-article memory of written statements it relies on."""

from datetime import timedelta

from quotewire_index.docs import merge_article, needs_retirement, retirement_for
from quotewire_index.plan import Unmarked
from qw_index_factories import T0, marker, statement


def _written(*events):
    memory = Unmarked()
    memory.add(events)
    return memory


def test_first_version_with_exactly_the_written_statements_retires_nothing():
    a, b = statement(span=(10, 20)), statement(span=(30, 40))
    r = retirement_for(marker(count=2, ids=[a.statement_id, b.statement_id]))
    assert not needs_retirement(r, None, _written(a, b).get("a1"))


def test_article_without_statements_and_nothing_written_retires_nothing():
    assert not needs_retirement(retirement_for(marker(count=0)), None, None)


def test_a_processed_version_before_always_retires():
    a = statement()
    before = merge_article(None, marker(ids=[a.statement_id]))
    r = retirement_for(marker(version="v2", ids=[a.statement_id], received=T0))
    assert needs_retirement(r, before, _written(a).get("a1"))


def test_written_but_not_listed_retires():
    """An upgraded extractor's replay, or a dead-lettered earlier marker: statements of
    the article this process wrote that the marker does not keep."""
    a, b = statement(span=(10, 20)), statement(span=(30, 40))
    r = retirement_for(marker(count=1, ids=[a.statement_id]))
    assert needs_retirement(r, None, _written(a, b).get("a1"))


def test_listed_but_not_written_here_retires():
    """Statements written before a restart or by another process: not known, so the
    marker retires (the safe side)."""
    a, b = statement(span=(10, 20)), statement(span=(30, 40))
    r = retirement_for(marker(count=2, ids=[a.statement_id, b.statement_id]))
    assert needs_retirement(r, None, _written(a).get("a1"))
    assert needs_retirement(r, None, None)


def test_marker_without_an_id_list_retires():
    a = statement()
    r = retirement_for(marker(count=3, ids=[a.statement_id]))  # count does not match
    assert r.keep_ids is None
    assert needs_retirement(r, None, _written(a).get("a1"))


def test_unmarked_memory_is_bounded_and_forgets_the_oldest():
    memory = Unmarked(max_articles=2)
    memory.add([statement("a1"), statement("a2"), statement("a3")])
    assert memory.get("a1") is None
    assert set(memory.get("a3") or {}) == {statement("a3").statement_id}
    assert memory.pop("a2") and memory.get("a2") is None
    assert memory.pop("nope") == {}


def test_unmarked_keeps_each_statement_with_its_version_time():
    later = T0 + timedelta(minutes=5)
    memory = _written(statement(received=T0), statement(version="v2", received=later))
    assert sorted((memory.get("a1") or {}).values()) == [T0, later]
