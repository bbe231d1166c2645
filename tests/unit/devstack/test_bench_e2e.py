"""The pure parts of ``make bench-e2e``: histogram arithmetic, trend, gold texts, report."""

import json
import math

import pytest
from quotewire_devstack.bench_e2e import (
    INDEXER_RATIO_KEY,
    _add_histograms,
    attach_indexer_ratio,
    delta,
    hist_mean,
    hist_quantile,
    load_texts,
    partitions_for,
    percentile,
    ratio_lines,
    slope,
)

PAGE = """\
# TYPE quotewire_index_end_to_end_seconds histogram
quotewire_index_end_to_end_seconds_bucket{le="0.5"} %d
quotewire_index_end_to_end_seconds_bucket{le="1.0"} %d
quotewire_index_end_to_end_seconds_bucket{le="+Inf"} %d
quotewire_index_end_to_end_seconds_sum %f
quotewire_index_end_to_end_seconds_count %d
"""


def hist(b05: int, b1: int, inf: int, total: float) -> dict:
    out: dict = {}
    _add_histograms(PAGE % (b05, b1, inf, total, inf), out)
    return out


def test_pages_are_summed_and_deltas_taken_per_bucket():
    both: dict = {}
    _add_histograms(PAGE % (1, 2, 2, 1.0, 2), both)
    _add_histograms(PAGE % (0, 0, 0, 0.0, 0), both)  # another service: the metric, empty
    h = both["quotewire_index_end_to_end_seconds"]
    assert h["count"] == 2 and h["buckets"][0.5] == 1
    d = delta(hist(3, 8, 10, 6.0), hist(1, 2, 2, 1.0), "quotewire_index_end_to_end_seconds")
    assert d["count"] == 8 and d["sum"] == pytest.approx(5.0)
    assert d["buckets"] == [(0.5, 2), (1.0, 6), (math.inf, 8)]
    assert hist_mean(d) == pytest.approx(5.0 / 8)


def test_quantile_interpolates_inside_the_bucket_like_prometheus():
    d = delta(hist(4, 8, 8, 4.0), {}, "quotewire_index_end_to_end_seconds")
    assert hist_quantile(d, 0.5) == pytest.approx(0.5)  # rank 4: top of the first bucket
    assert hist_quantile(d, 0.75) == pytest.approx(0.75)  # rank 6: half into (0.5, 1]
    assert hist_quantile(None, 0.5) is None
    assert delta({}, {}, "quotewire_index_end_to_end_seconds") is None


def test_percentile_and_backlog_slope():
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert slope([(0, 0), (1, 2), (2, 4), (3, 6)]) == pytest.approx(2.0)
    assert slope([(0, 5), (1, 5), (2, 5)]) == pytest.approx(0.0)
    assert slope([(0, 1)]) is None


def test_gold_texts_with_statements_only(tmp_path):
    rows = [
        {"doc_id": "a", "text": "Title A\nBody a said.", "statements": [{"content": "x"}]},
        {"doc_id": "b", "text": "No statement here", "statements": []},
        {"doc_id": "c", "text": "one line only", "statements": [{"content": "y"}]},
    ]
    (tmp_path / "g.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert load_texts(tmp_path) == [("Title A", "Body a said."), ("Story c", "one line only")]
    with pytest.raises(FileNotFoundError):
        load_texts(tmp_path / "missing")


def test_the_indexer_ratio_has_a_named_place_until_it_is_measured():
    summary = {"bursts": [], "ratios": {INDEXER_RATIO_KEY: None, "2_workers_vs_1": 1.9}}
    lines = ratio_lines(summary)
    assert any(INDEXER_RATIO_KEY in line and "--indexer-ratio" in line for line in lines)
    summary["ratios"][INDEXER_RATIO_KEY] = 0.93
    assert f"{INDEXER_RATIO_KEY}: 0.93" in ratio_lines(summary)


def test_the_indexer_benchmarks_json_fills_its_ratios(tmp_path):
    path = tmp_path / "index.json"
    path.write_text(
        json.dumps(
            {"indexer": {"indexer_vs_bare_bulk": 0.47, "indexer_plus_derived_vs_bare_bulk": 0.3}}
        )
    )
    summary = {"bursts": [], "ratios": {INDEXER_RATIO_KEY: None}}
    attach_indexer_ratio(summary, path)
    assert summary["ratios"][INDEXER_RATIO_KEY] == 0.47
    assert summary["ratios"][f"{INDEXER_RATIO_KEY}_with_registry_and_clusters_in_line"] == 0.3
    lines = ratio_lines(summary)
    assert f"{INDEXER_RATIO_KEY}: 0.47" in lines
    missing = {"bursts": [], "ratios": {INDEXER_RATIO_KEY: None}}
    attach_indexer_ratio(missing, tmp_path / "absent.json")
    assert "not read from" in missing["ratios"][INDEXER_RATIO_KEY]


def test_cpu_per_process_is_reported_per_rate_and_burst(tmp_path):
    """CPU cores per process come from /proc (a process and its children) and are
    printed one line per rate and burst, busiest first."""
    import os

    from quotewire_devstack.bench_e2e import cores, cpu_lines
    from quotewire_devstack.capacity import tree_cpu_seconds

    mine = tree_cpu_seconds(os.getpid())
    assert mine is not None and mine > 0
    assert tree_cpu_seconds(2**22 + 7) is None  # no such process
    used = cores({"index": 10.0, "derived": 1.0}, {"index": 12.0, "derived": 4.0, "new": 1.0}, 4.0)
    assert list(used.items()) == [("derived", 0.75), ("index", 0.5)]
    summary = {
        "rates": [{"rate": 20.0, "cpu_cores": used}, {"rate": 1.0}],
        "bursts": [{"workers": 2, "cpu_cores": {"extract-1": 1.5}}],
    }
    assert cpu_lines(summary) == [
        "CPU cores, 20/s: derived 0.75, index 0.50 (total 1.25)",
        "CPU cores, burst, 2 worker(s): extract-1 1.50 (total 1.50)",
    ]


def test_cpu_per_statement_over_the_run():
    """The search server's CPU per statement held: the issue's work-per-statement figure."""
    from quotewire_devstack.bench_e2e import cpu_per_statement, ratio_lines

    cpu = {"elasticsearch": 30.0, "extract-1": 40.0, "index": 5.0}
    assert cpu_per_statement(cpu, 20_000) == {"search_server_cpu_ms_per_statement": 1.5}
    assert cpu_per_statement(cpu, 0) == {}
    assert cpu_per_statement({"index": 5.0}, 20_000) == {}
    summary = {"bursts": [], "ratios": {}, "capacity": cpu_per_statement(cpu, 20_000)}
    assert "search server CPU per statement over the run: 1.50 ms" in ratio_lines(summary)


@pytest.mark.parametrize("workers", [1, 2, 3, 4, 5, 8])
def test_every_worker_owns_as_many_partitions(workers):
    partitions = partitions_for(workers)
    assert partitions % workers == 0
    assert partitions >= 4  # never fewer than the local stack's default
    assert partitions < 4 + workers  # the least such multiple
