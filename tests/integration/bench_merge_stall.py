"""The local search server's write stalls: its segment-run merges block every request.

    .venv/bin/python -m tests.integration.bench_merge_stall [--batch N] [--docs N]

osmem (the local stand-in for Elasticsearch) keeps each bulk request's documents as one
"run" and, inside the write request that makes a size class hold ten runs, re-indexes
all their documents into one (runs of <10, <100, <1000 live documents). While it does,
every other request waits, even a GET on another index. In ``bench-e2e`` this is the
periodic 1-4 s pause of the indexer and the derived worker (README, issue 11).

Starts its own server on a free port, bulk-writes statement-like documents in bulks
of ``--batch`` and, from a second thread, GETs one document of another index every
50 ms. Prints the median and slowest bulk, the bulks slower than 5x the median (the
merges: after how many documents, how long) and the GETs that waited over 0.2 s. A
benchmark, not a test: it asserts only that every document was written.
"""

import argparse
import json
import random
import threading
import time

import httpx
from quotewire_devstack.servers import start_search

WORDS = [
    "the",
    "minister",
    "said",
    "that",
    "the",
    "government",
    "would",
    "not",
    "accept",
    "any",
    "proposal",
    "which",
    "raised",
    "taxes",
    "on",
    "working",
    "families",
    "this",
    "year",
    "according",
    "to",
    "her",
    "office",
]
SPEAKERS = ("Ann Lee", "Bo Chan", "Cy Dow", "Di Eze")


def bulk_body(start: int, count: int, rng: random.Random) -> str:
    lines = []
    for n in range(start, start + count):
        lines.append(json.dumps({"index": {"_index": "probe-statements", "_id": f"s{n}"}}))
        doc = {
            "content": " ".join(rng.choices(WORDS, k=30)),
            "speaker": rng.choice(SPEAKERS),
            "article_id": f"a{n // 12}",
            "n": n,
        }
        lines.append(json.dumps(doc))
    return "\n".join(lines) + "\n"


def run(batch: int, docs: int) -> dict:
    server = start_search()
    url = server.address
    waits: list[tuple[float, float]] = []
    stop = threading.Event()
    try:
        with (
            httpx.Client(base_url=url, timeout=300) as es,
            httpx.Client(base_url=url, timeout=300) as other,
        ):
            other.put("/probe-other/_doc/1", json={"x": 1}).raise_for_status()
            t0 = time.monotonic()

            def probe() -> None:
                while not stop.is_set():
                    start = time.monotonic()
                    other.get("/probe-other/_doc/1").raise_for_status()
                    took = time.monotonic() - start
                    if took > 0.2:
                        waits.append((round(start - t0, 2), round(took, 2)))
                    stop.wait(0.05)

            thread = threading.Thread(target=probe, name="probe-get")
            thread.start()
            rng = random.Random(11)
            bulks: list[tuple[int, float]] = []
            written = 0
            while written < docs:
                count = min(batch, docs - written)
                body = bulk_body(written, count, rng)
                start = time.monotonic()
                resp = es.post(
                    "/_bulk", content=body, headers={"content-type": "application/x-ndjson"}
                )
                bulks.append((written + count, time.monotonic() - start))
                resp.raise_for_status()
                assert not resp.json()["errors"], "a bulk item failed"
                written += count
            stop.set()
            thread.join()
            es.post("/probe-statements/_refresh").raise_for_status()
            held = es.get("/probe-statements/_count").json()["count"]
            assert held == docs, f"the index holds {held} of {docs} documents"
    finally:
        stop.set()
        server.stop()
    times = sorted(d for _, d in bulks)
    median = times[len(times) // 2]
    return {
        "batch": batch,
        "docs": docs,
        "bulks": len(bulks),
        "median_ms": round(median * 1000),
        "max_ms": round(times[-1] * 1000),
        "slow_bulks": [(n, round(d, 2)) for n, d in bulks if d > 5 * median],
        "blocked_gets": waits,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch", type=int, default=240, help="documents per bulk request")
    ap.add_argument("--docs", type=int, default=7_200, help="documents in all")
    args = ap.parse_args()
    r = run(args.batch, args.docs)
    print(
        f"{r['bulks']} bulks of {r['batch']}: median {r['median_ms']} ms, slowest {r['max_ms']} ms"
    )
    print("bulks slower than 5x the median (documents written, s):", r["slow_bulks"])
    print("GETs of another index that waited > 0.2 s (at s, waited s):", r["blocked_gets"])


if __name__ == "__main__":
    main()
