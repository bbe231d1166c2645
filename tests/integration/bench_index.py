"""``make bench-index``: the indexer against a bare ``streaming_bulk``, and search latency.

    .venv/bin/python -m tests.integration.bench_index [--ratio-statements N]
        [--search-statements N] [--queries N] [--json PATH]

Starts its own search server (osmem, the local stand-in) on a free port and runs
:mod:`quotewire_index.bench`: the indexer-vs-bare-bulk ratio measured batch by batch in
this one process, then the search percentiles over ``--search-statements`` statements.
Prints both and writes them as JSON (default ``.quotewire/bench/index.json``). A
benchmark, not a test.
"""

import argparse
import json
import random
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from quotewire_common.es import make_es_client
from quotewire_devstack.capacity import rss_bytes
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import start_search
from quotewire_index import bench
from quotewire_index.query import StatementSearch
from quotewire_index.settings import IndexSettings


@contextmanager
def _server(url: str | None):
    if url:
        yield SimpleNamespace(address=url)
        return
    with start_search() as server:
        yield server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ratio-statements", type=int, default=20_000)
    ap.add_argument("--search-statements", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--quote-statements",
        type=int,
        default=20_000,
        help="derive quote clusters for the first N corpus statements only (each new quote "
        "variant costs the in-memory server milliseconds); 0: all",
    )
    ap.add_argument(
        "--parts",
        action="store_true",
        help="also time each part of a speaker query alone (hits, total, sort, highlight, "
        "each facet, _source) for speakers of several ranks, interleaved",
    )
    ap.add_argument("--json", type=Path, default=Path(".quotewire/bench/index.json"))
    ap.add_argument(
        "--es-url",
        help="use this search server instead of starting one (the search corpus indices "
        "statements/articles/speakers/quotes are replaced unless --keep-corpus)",
    )
    ap.add_argument(
        "--es-pid",
        type=int,
        help="the process id of the server at --es-url, to measure its memory per statement",
    )
    ap.add_argument(
        "--keep-corpus",
        action="store_true",
        help="measure search on the corpus already loaded at --es-url",
    )
    args = ap.parse_args()
    summary: dict = {"load_before": bench.load_average()}
    with _server(args.es_url) as server:
        if args.ratio_statements:
            r = bench.indexer_vs_bulk(
                server.address, args.ratio_statements, node_class=NODE_CLASS_PATH
            )
            print(bench.report_ratio(r), flush=True)
            summary["indexer"] = r.summary()
        if args.search_statements:
            settings = IndexSettings(
                es_url=server.address, es_node_class=NODE_CLASS_PATH, es_request_timeout_s=120
            )
            es = make_es_client(settings)
            try:
                pid = getattr(server, "pid", None) or args.es_pid
                rss_start = rss_bytes(pid) if pid else None
                if args.keep_corpus:
                    n = int(es.count(index=settings.statements_index)["count"])
                else:
                    started = time.perf_counter()
                    n = bench.load_search_corpus(
                        es,
                        settings,
                        args.search_statements,
                        quote_statements=args.quote_statements or None,
                    )
                    took = time.perf_counter() - started
                    print(f"loaded {n} statements in {took:.0f} s", flush=True)
                    summary["load_s"] = round(took, 1)
                rss = rss_bytes(pid) if pid else None
                if rss and rss_start and not args.keep_corpus:
                    summary["memory"] = {
                        "statements": n,
                        "rss_bytes": rss,
                        "bytes_per_statement": (rss - rss_start) // n,
                    }
                print(f"search over {n} statements ({args.queries} queries per kind):")
                lat = bench.search_latencies(
                    es, settings, args.queries, n_speakers=max(50, args.search_statements // 30)
                )
                if args.parts:
                    people = bench.speakers(
                        random.Random(10), max(50, args.search_statements // 30)
                    )
                    asked = {
                        "speaker": [
                            StatementSearch(speaker=people[r].name)
                            for r in (0, 1, 4, 19, 99)
                            if r < len(people)
                        ],
                        "text": [StatementSearch(q=q) for q in bench.PART_TEXTS],
                    }
                    summary["parts"] = {}
                    for kind, queries in asked.items():
                        parts = bench.search_parts(es, settings, queries)
                        summary["parts"][kind] = parts
                        print(f"parts of a {kind} query over {n} statements, alone (ms):")
                        for label, s in parts.items():
                            if "p50_ms" in s:
                                print(
                                    f"  {label:34s} p50 {s['p50_ms']:7.1f}  p99 {s['p99_ms']:7.1f}"
                                )
                        print(f"  hits: {parts['hits matched']}", flush=True)
            finally:
                es.close()
            for label, s in lat.items():
                differ = f", answers differ {s['differ']}" if "differ" in s else ""
                print(
                    f"  {label:34s} p50 {s['p50_ms']:7.1f} ms  p99 {s['p99_ms']:7.1f} ms  "
                    f"(mean {s['mean_ms']:.1f}, n={s['n']}{differ})"
                )
            if summary.get("memory"):
                m = summary["memory"]
                print(
                    f"search server memory: {m['rss_bytes'] / 2**20:,.0f} MiB resident, "
                    f"{m['bytes_per_statement']:,} bytes per statement gained at {n:,} statements"
                )
            summary["search"] = {"statements": n, **lat}
    summary["load_after"] = bench.load_average()
    print(f"load average before/after: {summary['load_before']} / {summary['load_after']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
