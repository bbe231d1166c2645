"""Alerts benchmark: numbers, not a test.

    .venv/bin/python -m tests.integration.measure_alerts [ARTICLES] [MATCH_STATEMENTS]

1. **Matching with 10,000 alerts** (in this process, a local search server for text
   analysis): 10,000 alerts (60 % speaker ids over 4,000 speakers, 10 % outlet + type,
   10 % about, 10 % text of two words out of 3,000, 10 % type + outlet) compiled once; ``MATCH_STATEMENTS`` synthetic statements matched
   through the inverted index and, as the baseline in the same process, by checking
   every alert's predicate (a linear scan). Prints µs per statement for both, their
   ratio, and the server round trip of analysing a statement's text (paid only when an
   alert with ``text`` could match it).
2. **Latency POST /v1/articles → webhook** with 1,000 alerts defined, on the local
   stack (``LocalStack``: broker, search server, ingest, extract, index, search API,
   alerts worker as processes, free ports, logs in a temporary directory): ``ARTICLES``
   variants of the seed article are posted one after another (each a new article, its
   outlet the one alert of 1,000 that matches), and the time until the receiver has the
   first signed delivery of each is measured. Prints p50/p99 (and max) in ms.
"""

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from quotewire_alerts.book import ServerAnalyzer
from quotewire_alerts.matcher import AlertIndex, Candidate, compile_alert
from quotewire_common.es import make_es_client
from quotewire_common.settings import ElasticsearchSettings
from quotewire_contracts.alerts import Alert
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import start_search

from tests.integration.alerts_support import Receiver, statement, verify

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WORDS = [
    "budget",
    "war",
    "talks",
    "ports",
    "inflation",
    "schools",
    "trade",
    "election",
    "climate",
    "energy",
]
OUTLETS = [f"Outlet {i}" for i in range(200)]


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def synthetic_alerts(n: int, rng: random.Random) -> list[Alert]:
    out = []
    for i in range(n):
        kind = i % 10
        query: dict = {}
        if kind < 6:
            sid = f"speaker-{rng.randrange(4000)}"
            query = {"speaker": sid, "speaker_ids": [sid]}
        elif kind == 6:
            query = {"source": rng.choice(OUTLETS), "type": "direct"}
        elif kind == 7:
            query = {"about": f"Place {rng.randrange(500)}"}
        elif kind == 8:
            query = {"text": f"topic{rng.randrange(3000)} topic{rng.randrange(3000)}"}
        else:
            query = {"type": rng.choice(["mixed", "indirect"]), "source": rng.choice(OUTLETS)}
        out.append(
            Alert(
                alert_id=f"al-{i:05d}",
                webhook_url="https://example.com/h",
                created_at="2026-01-01T00:00:00Z",
                **query,
            )
        )
    return out


def measure_matching(n_statements: int) -> None:
    rng = random.Random(7)
    with start_search() as server:
        es = make_es_client(
            ElasticsearchSettings(es_url=server.address, es_node_class=NODE_CLASS_PATH)
        )
        analyze = ServerAnalyzer(es)
        alerts = synthetic_alerts(10_000, rng)
        t = time.perf_counter()
        compiled = [compile_alert(a, "s", analyze) for a in alerts]
        index = AlertIndex.build(compiled)
        build_s = time.perf_counter() - t
        events = [
            statement(
                f"a{i}",
                "v1",
                f"Speaker {rng.randrange(4000)}",
                f"The {rng.choice(WORDS)} of topic{rng.randrange(3000)} will change.",
                span=(10, 60),
                source=rng.choice(OUTLETS),
                kind=rng.choice(["direct", "indirect", "mixed"]),
                confidence=rng.random(),
            )
            for i in range(n_statements)
        ]
        t = time.perf_counter()
        tokens = {ev.statement_id: analyze([ev.content, ev.article.title]) for ev in events}
        analyze_s = time.perf_counter() - t

        def cached(ev):
            return lambda texts: tokens[ev.statement_id]

        t = time.perf_counter()
        indexed = [
            {ca.alert_id for ca in index.match(Candidate.of(ev), cached(ev))} for ev in events
        ]
        index_s = time.perf_counter() - t
        t = time.perf_counter()
        scanned = []
        for ev in events:
            c = Candidate.of(ev)
            scanned.append(
                {
                    ca.alert_id
                    for ca in compiled
                    if ca.matches(c, lambda ev=ev: tokens[ev.statement_id])
                }
            )
        scan_s = time.perf_counter() - t
        assert indexed == scanned, "the inverted index must find what the scan finds"
        hits = sum(map(len, indexed))
        print(f"matching, 10,000 alerts, {n_statements} statements ({hits} matches in all):")
        print(
            f"  compile + index the alerts: {build_s:.2f} s ({analyze.calls} analyses of alert text)"
        )
        print(
            f"  inverted index: {1e6 * index_s / n_statements:9.1f} µs per statement "
            f"({n_statements / index_s:,.0f} statements/s)"
        )
        print(
            f"  linear scan:    {1e6 * scan_s / n_statements:9.1f} µs per statement "
            f"({n_statements / scan_s:,.0f} statements/s)  ratio scan/index: {scan_s / index_s:.0f}x"
        )
        print(
            f"  text analysis by the search server: {1e3 * analyze_s / n_statements:.2f} ms per "
            "statement (one _analyze round trip; only when a text alert could match)"
        )
        es.close()


def measure_latency(articles: int) -> None:
    from quotewire_devstack.stack import LocalStack

    os.environ["QW_FETCH_ALLOW"] = "127.0.0.1"  # the receiver is on loopback
    os.environ["QW_ALERTS_RELOAD_S"] = "1"
    receiver = Receiver().start()
    seed = next(SEEDS.glob("000_*.txt")).read_text("utf-8")
    title, _, body = seed.partition("\n")
    run = uuid.uuid4().hex[:8]
    outlet = f"Bench Wire {run}"
    with tempfile.TemporaryDirectory(prefix="qw-alerts-bench-") as tmp:
        stack = LocalStack(Path(tmp) / "logs")
        try:
            print("starting the local stack (broker, search server, 6 services)...", flush=True)
            stack.start()
            for proc in stack.services:
                if proc.health_url:
                    proc.wait_healthy(180)
            api = httpx.Client(base_url=stack.search_url, timeout=30)
            rng = random.Random(3)
            secret = None
            for i in range(1000):
                body_json = (
                    {"source": outlet, "webhook_url": receiver.url("/bench")}
                    if i == 500
                    else {
                        "speaker": f"Decoy Person {i}",
                        "source": rng.choice(OUTLETS),
                        "webhook_url": receiver.url("/decoy"),
                    }
                    if i % 2
                    else {"text": f"decoyword{i}", "webhook_url": receiver.url("/decoy")}
                )
                resp = api.post("/v1/alerts", json=body_json)
                resp.raise_for_status()
                if i == 500:
                    secret = resp.json()["secret"]
            print("1,000 alerts defined; warming up (first article: model load, group joins)...")
            time.sleep(3)
            ingest = httpx.Client(base_url=stack.ingest_url, timeout=30)
            latencies: list[float] = []
            for n in range(articles + 1):
                before = len(receiver.at("/bench"))
                t0 = time.time()
                resp = ingest.post(
                    "/v1/articles",
                    json={
                        "id": f"bench-{run}-{n}",
                        "title": f"{title} ({n})",
                        "body": body,
                        "source": outlet,
                        "url": f"https://bench.example/{run}/{n}",
                    },
                )
                resp.raise_for_status()
                got = receiver.wait("/bench", before + 1, timeout_s=180)
                first = min(r.at for r in got[before:])
                if n > 0:  # the first one warms up
                    latencies.append(1000 * (first - t0))
                time.sleep(0.5)  # let the article's remaining deliveries arrive
            deliveries = receiver.at("/bench")
            bad = [r for r in deliveries if verify(secret, r) is not None]
            keys = [r.key for r in deliveries]
            print(
                f"latency POST /v1/articles → first webhook delivery, {articles} articles, "
                "1,000 alerts:"
            )
            print(
                f"  p50 {statistics.median(latencies):.0f} ms   p99 {p(latencies, 0.99):.0f} ms   "
                f"max {max(latencies):.0f} ms"
            )
            print(
                f"  deliveries: {len(deliveries)} ({len(set(keys))} distinct idempotency keys), "
                f"signature failures: {len(bad)}, decoy deliveries: {len(receiver.at('/decoy'))}"
            )
            if deliveries:
                print("  a delivered body:", deliveries[0].body.decode()[:600], "...")
        finally:
            stack.stop()
            receiver.stop()


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    statements = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    measure_matching(statements)
    measure_latency(articles)


if __name__ == "__main__":
    main()
