"""The first_in_article check (issue 11): counted once, then recounted in the
background, so no search but the first waits for the count (a scan of the index)."""

import threading

from quotewire_index import search


class Counts:
    """Stands in for the client's ``count``: answers ``missing`` in turn, each once
    ``go`` is set."""

    def __init__(self, *missing: int) -> None:
        self.missing = list(missing)
        self.calls = 0
        self.go = threading.Event()
        self.go.set()
        self.done = threading.Event()

    def count(self, index, query):
        assert query == {"bool": {"must_not": {"exists": {"field": "first_in_article"}}}}
        self.go.wait(5)
        self.calls += 1
        self.done.set()
        return {"count": self.missing.pop(0)}


def test_the_first_search_counts_later_ones_recount_in_the_background():
    es = Counts(0, 3)
    now = [100.0]
    assert search.repeats_flagged(es, "st", clock=lambda: now[0]) is True
    assert es.calls == 1
    now[0] += 1
    assert search.repeats_flagged(es, "st", clock=lambda: now[0]) is True  # remembered
    assert es.calls == 1
    es.go.clear()
    es.done.clear()
    now[0] += search.FLAG_CHECK_S
    # stale: the last answer at once, the recount runs meanwhile (it waits on `go`)
    assert search.repeats_flagged(es, "st", clock=lambda: now[0]) is True
    assert search.repeats_flagged(es, "st", clock=lambda: now[0]) is True  # one recount
    es.go.set()
    assert es.done.wait(5)
    for _ in range(100):  # the thread stores the answer after its count returns
        with search._flag_lock:
            if search._flag_checks[(id(es), "st")][1] is False:
                break
        threading.Event().wait(0.01)
    assert search.repeats_flagged(es, "st", clock=lambda: now[0]) is False
    assert es.calls == 2
