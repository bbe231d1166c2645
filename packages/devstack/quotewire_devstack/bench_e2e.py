"""``make bench-e2e``: POST → searchable latency and throughput on a stack of its own.

A benchmark, not a test: it prints numbers and writes them down, it asserts nothing.

It starts an in-memory local stack on free ports (its logs under the output directory),
then for each rate drives paced single-article POSTs to the ingest API for ``seconds``
and measures, per article, the time from the start of its POST until a statement of it
is searchable (a poller asks the search server every :data:`POLL_S` for the pending
article ids; no refresh is forced, so this is what a newsroom user sees). Beside that it
reads the services' own histograms (deltas over the rate's window):
``quotewire_index_end_to_end_seconds`` (received → indexed), the extract worker's
``quotewire_extract_queue_seconds`` (received → taken up) and
``quotewire_extract_duration_seconds`` (decode → statements acknowledged), and splits the
mean latency into ingest ack, queue wait, extraction, indexing and refresh/visibility.
The backlog (articles posted and not yet searchable) is sampled every second; its trend
is the slope of a least-squares line over the window (articles/s; ≈0 = keeping up).

Then a burst (``burst`` articles in batch POSTs at once; time until all are searchable)
with ``workers`` extract processes and, unless ``compare_workers`` is off, again with
one, for the "2 workers vs 1" ratio; and the ingest ratios against a bare producer,
measured in one process by ``python -m quotewire_ingest.bench`` against the same broker.
"indexer vs bare streaming_bulk" is measured in ``quotewire_index`` by the indexer's
own benchmark: its place in the summary is :data:`INDEXER_RATIO_KEY`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from quotewire_devstack.servers import free_port
from quotewire_devstack.services import NODE_CLASS_PATH
from quotewire_devstack.stack import LOCAL_PARTITIONS, LocalStack

POLL_S = 0.05
SAMPLE_S = 1.0
#: Where "indexer vs bare streaming_bulk" (measured by quotewire_index) goes in the summary.
INDEXER_RATIO_KEY = "indexer_vs_bare_streaming_bulk"
DEFAULT_RATES = (1.0, 5.0, 10.0, 20.0, 35.0)
Say = Callable[[str], None]


@dataclass
class BenchConfig:
    rates: tuple[float, ...] = DEFAULT_RATES
    seconds: float = 60.0
    burst: int = 300
    workers: int = 2
    compare_workers: bool = True
    ingest_ratio: bool = True
    drain_timeout_s: float = 300.0
    gold_dir: Path = Path("data/attribution")
    out_dir: Path = Path(".quotewire/bench")


# -- articles -------------------------------------------------------------------------


def load_texts(gold_dir: Path) -> list[tuple[str, str]]:
    """(title, body) of every gold text that has statements (~330 words each)."""
    out = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if not row.get("statements"):
                continue
            title, _, body = row["text"].partition("\n")
            if not body.strip():
                title, body = f"Story {row['doc_id']}", row["text"]
            out.append((title.strip()[:300] or "Story", body.strip()))
    if not out:
        raise FileNotFoundError(f"no gold texts with statements in {gold_dir}")
    return out


class Articles:
    """Article payloads cycling through the gold texts, each with an id of its own."""

    def __init__(self, texts: list[tuple[str, str]], run_id: str) -> None:
        self.texts, self.run_id, self.n = texts, run_id, 0

    def next(self, tag: str) -> dict:
        title, body = self.texts[self.n % len(self.texts)]
        self.n += 1
        return {
            "id": f"bench-{self.run_id}-{tag}-{self.n:06d}",
            "title": title,
            "body": body,
            "source": "bench-e2e",
        }


# -- tracking what is searchable ------------------------------------------------------


@dataclass
class Sent:
    posted: float
    acked: float | None = None
    status: int | None = None
    seen: float | None = None


def searchable_query(ids: list[str]) -> dict:
    """The poller's search: which of ``ids`` have a statement searchable."""
    return {
        "index": "statements",
        "size": 0,
        "query": {"terms": {"article_id": ids}},
        "aggs": {"ids": {"terms": {"field": "article_id", "size": len(ids)}}},
    }


def searchable(es, ids: list[str]) -> set[str]:
    resp = es.search(**searchable_query(ids))
    return {b["key"] for b in resp["aggregations"]["ids"]["buckets"] if b["doc_count"]}


class Tracker:
    """Articles posted and when each became searchable; a poller thread watches the index."""

    def __init__(self, es_url: str) -> None:
        from quotewire_common.es import make_es_client
        from quotewire_common.settings import ElasticsearchSettings

        self.es = make_es_client(
            ElasticsearchSettings(
                es_url=es_url, es_node_class=NODE_CLASS_PATH, es_request_timeout_s=10
            )
        )
        self.lock = threading.Lock()
        self.sent: dict[str, Sent] = {}
        self.pending: set[str] = set()
        self.errors = 0
        #: Searches the poller sent, and article ids asked about in them (its own load
        #: on the search server: ``python -m tests.integration.bench_writes`` prices one).
        self.polls = 0
        self.ids_polled = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-poller", daemon=True)

    def start(self) -> Tracker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.es.close()

    def posted(self, aid: str, at: float) -> None:
        with self.lock:
            self.sent[aid] = Sent(at)
            self.pending.add(aid)

    def acked(self, aid: str, at: float, status: int) -> None:
        with self.lock:
            s = self.sent[aid]
            s.acked, s.status = at, status
            if status != 202:
                self.pending.discard(aid)

    def in_flight(self) -> int:
        with self.lock:
            return len(self.pending)

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            with self.lock:
                ids = list(self.pending)[:1000]
            if not ids:
                continue
            try:
                found = self._searchable(ids)
            except Exception:  # noqa: BLE001 - not answering now; polled again
                self.errors += 1
                continue
            now = time.monotonic()
            with self.lock:
                for aid in found:
                    if aid in self.pending:
                        self.pending.discard(aid)
                        self.sent[aid].seen = now

    def _searchable(self, ids: list[str]) -> set[str]:
        self.polls += 1
        self.ids_polled += len(ids)
        return searchable(self.es, ids)

    def statements(self) -> int | None:
        """How many statements the index holds now (``None`` if it does not answer)."""
        try:
            return int(self.es.count(index="statements")["count"])
        except Exception:  # noqa: BLE001 - a benchmark: report what is known
            return None

    def wait_drained(self, timeout_s: float, ids: set[str] | None = None) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                left = self.pending if ids is None else (self.pending & ids)
                if not left:
                    return True
            time.sleep(0.1)
        return False


# -- the services' own metrics --------------------------------------------------------


def scrape(*urls: str) -> dict[str, dict]:
    """Histogram families of /metrics pages, summed over the pages (every service defines
    every metric, most stay empty): name → {"buckets": {le: n}, "sum", "count"}."""
    out: dict[str, dict] = {}
    for url in urls:
        try:
            text = httpx.get(url, timeout=5).text
        except httpx.HTTPError:
            continue
        _add_histograms(text, out)
    return out


def _add_histograms(text: str, out: dict[str, dict]) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    for fam in text_string_to_metric_families(text):
        if fam.type != "histogram":
            continue
        h = out.setdefault(fam.name, {"buckets": {}, "sum": 0.0, "count": 0.0})
        for s in fam.samples:
            if s.name.endswith("_bucket"):
                le = float(s.labels["le"])
                h["buckets"][le] = h["buckets"].get(le, 0.0) + s.value
            elif s.name.endswith("_sum"):
                h["sum"] += s.value
            elif s.name.endswith("_count"):
                h["count"] += s.value


def delta(after: dict, before: dict, name: str) -> dict | None:
    a, b = after.get(name), before.get(name) or {"buckets": {}, "sum": 0.0, "count": 0.0}
    if a is None:
        return None
    return {
        "buckets": sorted((le, n - b["buckets"].get(le, 0.0)) for le, n in a["buckets"].items()),
        "sum": a["sum"] - b["sum"],
        "count": a["count"] - b["count"],
    }


def hist_quantile(h: dict | None, q: float) -> float | None:
    """Prometheus' histogram_quantile: linear within the bucket (cumulative buckets)."""
    if not h or h["count"] <= 0:
        return None
    rank = q * h["count"]
    lower, below = 0.0, 0.0
    for le, cum in h["buckets"]:
        if cum >= rank:
            if le == float("inf"):
                return lower
            width = cum - below
            return lower + (le - lower) * ((rank - below) / width if width > 0 else 1.0)
        lower, below = le, cum
    return lower


def hist_mean(h: dict | None) -> float | None:
    return h["sum"] / h["count"] if h and h["count"] > 0 else None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    k = min(len(v) - 1, max(0, round(q * (len(v) - 1))))
    return v[k]


def slope(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 3:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


# -- one paced rate -------------------------------------------------------------------


@dataclass
class RateResult:
    rate: float
    seconds: float
    posted: int
    accepted: int
    searchable: int
    achieved_rate: float
    p50: float | None
    p95: float | None
    p99: float | None
    index_e2e_p50: float | None
    index_e2e_p95: float | None
    index_e2e_p99: float | None
    ack_mean: float | None
    queue_mean: float | None
    extract_mean: float | None
    indexing_mean: float | None
    visible_mean: float | None
    backlog_trend: float | None
    backlog_max: int
    backlog_samples: list[int] = field(default_factory=list)
    #: CPU cores each process used over the window and its drain (CPU s / wall s).
    cpu_cores: dict[str, float] = field(default_factory=dict)
    #: Statements the index gained over the window and its drain, the search server's
    #: CPU ms per statement over them (every write and search it served meanwhile), and
    #: the bench's own poller: searches per second and article ids per search.
    statements: int | None = None
    server_cpu_ms_per_statement: float | None = None
    polls_per_s: float | None = None
    ids_per_poll: float | None = None


def partitions_for(workers: int) -> int:
    """Partitions of ``articles`` for ``workers`` extract processes: the least multiple of
    ``workers`` not below the local stack's default, so every worker owns as many partitions
    (with 2 workers on 3 partitions, the one that owned two fell behind at 35/s while the
    other idled)."""
    return workers * -(-LOCAL_PARTITIONS // workers)


class Stack:
    """The benchmark's own stack: its URLs and the two metrics endpoints."""

    def __init__(self, log_dir: Path, workers: int) -> None:
        self.index_metrics = free_port()
        self.extract_metrics = free_port()
        self.workers = workers
        self.partitions = partitions_for(workers)
        self.local = LocalStack(
            log_dir,
            partitions=self.partitions,
            unit_env={
                "index": {"QW_METRICS_PORT": str(self.index_metrics)},
                "extract-1": self._extract_env(workers),
            },
        )

    def _extract_env(self, workers: int) -> dict[str, str]:
        return {
            "QW_METRICS_PORT": str(self.extract_metrics),
            "QW_METRICS_HOST": "127.0.0.1",
            "QW_EXTRACT_WORKERS": str(workers),
        }

    def start(self, say: Say) -> Stack:
        self.local.start(on_step=say)
        return self

    def stop(self) -> None:
        self.local.stop()

    def set_workers(self, workers: int, say: Say) -> None:
        """Restart the extract unit with ``workers`` processes; wait until they take work."""
        self.local.stop_unit("extract-1")
        proc = self.local._service("extract-1")
        proc.env = {**proc.env, **self._extract_env(workers)}
        self.local.start_unit("extract-1")
        self.workers = workers
        say(f"extract restarted with {workers} worker process(es)")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds each process of the stack (with its children) used so far."""
        from quotewire_devstack.capacity import process_table, tree_cpu_seconds

        table = process_table()  # one reading of /proc for every unit
        out = {}
        for name in self.local.unit_names():
            proc = self.local.process(name)
            used = tree_cpu_seconds(proc.pid, table) if proc is not None else None
            if used is not None:
                out[name] = used
        return out

    def metrics(self) -> dict[str, dict]:
        return scrape(
            f"http://127.0.0.1:{self.index_metrics}/metrics",
            f"http://127.0.0.1:{self.extract_metrics}/metrics",
        )


def cores(before: dict[str, float], after: dict[str, float], wall_s: float) -> dict[str, float]:
    """CPU cores used per process between two :meth:`Stack.cpu_seconds` readings."""
    if wall_s <= 0:
        return {}
    used = {n: (after[n] - before[n]) / wall_s for n in after if n in before}
    return {n: round(c, 2) for n, c in sorted(used.items(), key=lambda kv: -kv[1])}


def post_one(client: httpx.Client, url: str, payload: dict, tracker: Tracker) -> None:
    tracker.posted(payload["id"], time.monotonic())
    try:
        status = client.post(f"{url}/v1/articles", json=payload, timeout=30).status_code
    except httpx.HTTPError:
        status = 0
    tracker.acked(payload["id"], time.monotonic(), status)


def run_rate(
    rate: float,
    seconds: float,
    stack: Stack,
    tracker: Tracker,
    articles: Articles,
    drain_timeout_s: float,
    say: Say,
) -> RateResult:
    n = max(1, round(rate * seconds))
    before = stack.metrics()
    held_before = tracker.statements()
    polls_before = (tracker.polls, tracker.ids_polled)
    cpu_before, cpu_start = stack.cpu_seconds(), time.monotonic()
    ids: set[str] = set()
    samples: list[tuple[float, float]] = []
    url = stack.local.ingest_url
    with httpx.Client() as client, ThreadPoolExecutor(32, thread_name_prefix="post") as pool:
        start = time.monotonic()
        next_sample = start
        for i in range(n):
            at = start + i / rate
            while (now := time.monotonic()) < at:
                if now >= next_sample:
                    samples.append((now - start, tracker.in_flight()))
                    next_sample += SAMPLE_S
                time.sleep(min(at - now, 0.01))
            payload = articles.next(f"r{rate:g}")
            ids.add(payload["id"])
            pool.submit(post_one, client, url, payload, tracker)
        end = start + n / rate
        while time.monotonic() < end:
            time.sleep(0.01)
        pool.shutdown(wait=True)
        window = time.monotonic() - start
        samples.append((window, tracker.in_flight()))
    drained = tracker.wait_drained(drain_timeout_s, ids)
    if not drained:
        say(f"  {rate:g}/s: not all searchable within {drain_timeout_s:.0f}s after the window")
    time.sleep(0.5)  # the last scrape after the last observations
    after = stack.metrics()
    cpu_after, took = stack.cpu_seconds(), time.monotonic() - cpu_start
    cpu = cores(cpu_before, cpu_after, took)
    held_after = tracker.statements()
    polls, ids_polled = tracker.polls - polls_before[0], tracker.ids_polled - polls_before[1]
    gained = held_after - held_before if None not in (held_after, held_before) else None
    server_cpu = cpu_after.get("elasticsearch", 0.0) - cpu_before.get("elasticsearch", 0.0)
    with tracker.lock:
        sent = [tracker.sent[i] for i in ids]
    accepted = [s for s in sent if s.status == 202]
    lat = [s.seen - s.posted for s in accepted if s.seen is not None]
    acks = [s.acked - s.posted for s in accepted if s.acked is not None]
    e2e = delta(after, before, "quotewire_index_end_to_end_seconds")
    queue = delta(after, before, "quotewire_extract_queue_seconds")
    extract = delta(after, before, "quotewire_extract_duration_seconds")
    e2e_mean, q_mean, x_mean = hist_mean(e2e), hist_mean(queue), hist_mean(extract)
    ack_mean = statistics.fmean(acks) if acks else None
    indexing = (
        e2e_mean - q_mean - x_mean if None not in (e2e_mean, q_mean, x_mean) else None
    )  # statements topic wait + bulk write
    visible = (
        statistics.fmean(lat) - e2e_mean if lat and e2e_mean is not None else None
    )  # refresh + the poll's own granularity (about POLL_S/2) + ingest before received_at
    counts = [int(c) for _, c in samples]
    return RateResult(
        rate=rate,
        seconds=round(window, 1),
        posted=len(sent),
        accepted=len(accepted),
        searchable=len(lat),
        achieved_rate=round(len(sent) / window, 2),
        p50=percentile(lat, 0.5),
        p95=percentile(lat, 0.95),
        p99=percentile(lat, 0.99),
        index_e2e_p50=hist_quantile(e2e, 0.5),
        index_e2e_p95=hist_quantile(e2e, 0.95),
        index_e2e_p99=hist_quantile(e2e, 0.99),
        ack_mean=ack_mean,
        queue_mean=q_mean,
        extract_mean=x_mean,
        indexing_mean=indexing,
        visible_mean=visible,
        backlog_trend=slope(samples),
        backlog_max=max(counts) if counts else 0,
        backlog_samples=counts,
        cpu_cores=cpu,
        statements=gained,
        server_cpu_ms_per_statement=round(server_cpu / gained * 1e3, 3) if gained else None,
        polls_per_s=round(polls / took, 1) if took > 0 else None,
        ids_per_poll=round(ids_polled / polls, 1) if polls else None,
    )


# -- bursts ---------------------------------------------------------------------------


@dataclass
class BurstResult:
    workers: int
    articles: int
    seconds: float | None
    articles_per_s: float | None
    cpu_cores: dict[str, float] = field(default_factory=dict)


def run_burst(
    count: int, stack: Stack, tracker: Tracker, articles: Articles, timeout_s: float, say: Say
) -> BurstResult:
    """``count`` articles in batch POSTs of 50 at once; seconds until all are searchable."""
    items = [articles.next(f"b{stack.workers}") for _ in range(count)]
    ids = {a["id"] for a in items}
    start = time.monotonic()
    cpu_before = stack.cpu_seconds()
    with httpx.Client() as client:
        for i in range(0, count, 50):
            chunk = items[i : i + 50]
            for a in chunk:
                tracker.posted(a["id"], time.monotonic())
            status = client.post(
                f"{stack.local.ingest_url}/v1/articles/batch", json=chunk, timeout=60
            ).status_code
            for a in chunk:
                tracker.acked(a["id"], time.monotonic(), 202 if status == 202 else status)
    if not tracker.wait_drained(timeout_s, ids):
        say(f"  burst with {stack.workers} worker(s): not all searchable in {timeout_s:.0f}s")
        return BurstResult(stack.workers, count, None, None)
    took = time.monotonic() - start
    cpu = cores(cpu_before, stack.cpu_seconds(), took)
    return BurstResult(stack.workers, count, round(took, 1), round(count / took, 1), cpu)


def search_rss(stack: Stack) -> int | None:
    from quotewire_devstack.capacity import rss_bytes

    server = stack.local.search
    return rss_bytes(server.process.pid) if server and server.process else None


def capacity(stack: Stack, tracker: Tracker, rss_start: int | None) -> dict:
    """Resident memory the search server gained per statement it holds (the embedded
    stack's capacity: README, ``stack status``)."""
    rss = search_rss(stack)
    cpu = stack.cpu_seconds()
    try:
        tracker.es.indices.refresh(index="statements")
        statements = int(tracker.es.count(index="statements")["count"])
        articles = int(tracker.es.count(index="articles")["count"])
    except Exception:  # noqa: BLE001 - a benchmark: report what is known
        return {"rss_start": rss_start, "rss_end": rss}
    per = (rss - rss_start) // statements if rss and rss_start and statements else None
    return {
        "statements": statements,
        "articles": articles,
        "rss_start": rss_start,
        "rss_end": rss,
        "bytes_per_statement": per,
        **cpu_per_statement(cpu, statements),
    }


def cpu_per_statement(cpu: dict[str, float], statements: int) -> dict[str, float]:
    """The search server's CPU ms per statement held, over the whole run: every write,
    and the searches (the poller's, the services'). Extraction's is not summed here: the
    burst restarts its workers, and their CPU is in the per-window lines."""
    if not statements or "elasticsearch" not in cpu:
        return {}
    return {"search_server_cpu_ms_per_statement": round(cpu["elasticsearch"] / statements * 1e3, 3)}


def ingest_ratios(bootstrap: str, say: Say) -> dict | None:
    """The ingest service's own in-process comparison against a bare producer."""
    run = subprocess.run(
        [sys.executable, "-m", "quotewire_ingest.bench", "--bootstrap", bootstrap, "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if run.returncode != 0:
        say(f"ingest ratios failed: {run.stderr[-800:]}")
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


# -- the run --------------------------------------------------------------------------


def run(config: BenchConfig, say: Say) -> dict:
    texts = load_texts(config.gold_dir)
    run_id = time.strftime("%Y%m%dT%H%M%S")
    articles = Articles(texts, run_id)
    log_dir = config.out_dir / f"logs-{run_id}"
    say(f"{len(texts)} gold texts; stack logs in {log_dir}")
    stack = Stack(log_dir, config.workers)
    say(f"{stack.partitions} partitions of articles for {config.workers} extract worker(s)")
    try:
        stack.start(say)
    except BaseException:  # interrupted or failed at start: stop what did start
        stack.stop()
        raise
    tracker = Tracker(stack.local.es_url).start()
    rss_start = search_rss(stack)
    started = time.monotonic()
    summary: dict = {
        "run": run_id,
        "config": {
            **{k: v for k, v in asdict(config).items() if not isinstance(v, Path)},
            "gold_dir": str(config.gold_dir),
            "partitions": stack.partitions,
        },
        "rates": [],
        "bursts": [],
        "ratios": {INDEXER_RATIO_KEY: None},
    }
    try:
        say("warm-up: 5 articles")
        warm = run_rate(5.0, 1.0, stack, tracker, articles, 120.0, say)
        say(f"  warm-up searchable: {warm.searchable}/{warm.posted}")
        for rate in config.rates:
            say(f"rate {rate:g}/s for {config.seconds:.0f}s")
            r = run_rate(
                rate, config.seconds, stack, tracker, articles, config.drain_timeout_s, say
            )
            summary["rates"].append(asdict(r))
            say("  " + format_rate(r))
        if config.burst:
            if not tracker.wait_drained(config.drain_timeout_s):
                say(
                    f"  the rates' backlog ({tracker.in_flight()}) is still there: the burst waits behind it"
                )
            say(f"burst: {config.burst} articles at once, {stack.workers} worker(s)")
            b = run_burst(config.burst, stack, tracker, articles, config.drain_timeout_s * 3, say)
            summary["bursts"].append(asdict(b))
            say(f"  {b.articles_per_s} articles/s end to end")
            if config.compare_workers and config.workers != 1:
                stack.set_workers(1, say)
                warm = run_rate(2.0, 2.0, stack, tracker, articles, 120.0, say)
                b1 = run_burst(
                    config.burst, stack, tracker, articles, config.drain_timeout_s * 3, say
                )
                summary["bursts"].append(asdict(b1))
                say(f"  {b1.articles_per_s} articles/s end to end with 1 worker")
                if b.articles_per_s and b1.articles_per_s:
                    summary["ratios"][f"{config.workers}_workers_vs_1"] = round(
                        b.articles_per_s / b1.articles_per_s, 2
                    )
        summary["capacity"] = capacity(stack, tracker, rss_start)
        if summary["capacity"].get("bytes_per_statement"):
            say(
                f"search server: {summary['capacity']['bytes_per_statement']:,} bytes of "
                f"resident memory per statement ({summary['capacity']['statements']:,} "
                "statements)"
            )
        if config.ingest_ratio:
            say("ingest vs a bare producer (in one process, same broker)")
            ratios = ingest_ratios(stack.local.kafka_address, say)
            if ratios:
                summary["ratios"].update(ratios)
    finally:
        tracker.stop()
        stack.stop()
    summary["seconds"] = round(time.monotonic() - started, 1)
    return summary


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v * 1000:.0f}"


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def format_rate(r: RateResult) -> str:
    return (
        f"{r.rate:g}/s: searchable {r.searchable}/{r.posted}, p50 {_s(r.p50)} s, p95 {_s(r.p95)} s, "
        f"p99 {_s(r.p99)} s; backlog trend {_s(r.backlog_trend)}/s (max {r.backlog_max})"
        + (
            f"; search server {r.server_cpu_ms_per_statement:.2f} ms CPU per statement"
            f" ({r.statements} statements)"
            if r.server_cpu_ms_per_statement is not None
            else ""
        )
        + (
            f"; bench poller {r.polls_per_s:g} searches/s, {r.ids_per_poll:g} ids each"
            if r.polls_per_s is not None and r.ids_per_poll is not None
            else ""
        )
    )


def table(summary: dict) -> list[str]:
    """The README's table: one row per rate."""
    lines = [
        (
            "| rate (art/s) | achieved | searchable | p50 s | p95 s | p99 s | index e2e p50/p99 s "
            "| ingest ack ms | queue ms | extraction ms | indexing ms | refresh+poll ms "
            "| backlog trend /s (max) |"
        ),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in summary["rates"]:
        lines.append(
            f"| {r['rate']:g} | {r['achieved_rate']:.1f} | {r['searchable']}/{r['posted']} "
            f"| {_s(r['p50'])} | {_s(r['p95'])} | {_s(r['p99'])} "
            f"| {_s(r['index_e2e_p50'])}/{_s(r['index_e2e_p99'])} | {_ms(r['ack_mean'])} "
            f"| {_ms(r['queue_mean'])} | {_ms(r['extract_mean'])} | {_ms(r['indexing_mean'])} "
            f"| {_ms(r['visible_mean'])} | {_s(r['backlog_trend'])} ({r['backlog_max']}) |"
        )
    return lines


def cpu_line(label: str, cpu: dict[str, float] | None) -> str | None:
    """Where the cores went: ``label: index 0.31, derived 0.2, ... (total 1.9 cores)``."""
    if not cpu:
        return None
    parts = ", ".join(f"{n} {c:.2f}" for n, c in cpu.items())
    return f"CPU cores, {label}: {parts} (total {sum(cpu.values()):.2f})"


def cpu_lines(summary: dict) -> list[str]:
    """One CPU line per rate and per burst (the summary's ``cpu_cores``)."""
    lines = [cpu_line(f"{r['rate']:g}/s", r.get("cpu_cores")) for r in summary["rates"]]
    lines += [
        cpu_line(f"burst, {b['workers']} worker(s)", b.get("cpu_cores")) for b in summary["bursts"]
    ]
    return [line for line in lines if line]


def ratio_lines(summary: dict) -> list[str]:
    lines = []
    for b in summary["bursts"]:
        lines.append(
            f"burst {b['articles']} articles, {b['workers']} extract worker(s): "
            + (
                f"{b['articles_per_s']} articles/s end to end ({b['seconds']} s)"
                if b["seconds"]
                else "did not finish"
            )
        )
    cap = summary.get("capacity") or {}
    if cap.get("bytes_per_statement"):
        lines.append(
            f"search server memory: {cap['bytes_per_statement']:,} bytes per statement "
            f"({cap['statements']:,} statements, {cap['articles']:,} articles; resident "
            f"{cap['rss_start'] / 2**20:.0f} -> {cap['rss_end'] / 2**20:.0f} MiB)"
        )
    if cap.get("search_server_cpu_ms_per_statement"):
        lines.append(
            "search server CPU per statement over the run: "
            f"{cap['search_server_cpu_ms_per_statement']:.2f} ms"
        )
    ratios = summary["ratios"]
    for key, value in ratios.items():
        if key == INDEXER_RATIO_KEY and value is None:
            lines.append(f"{key}: not measured (make bench-e2e measures it first: --indexer-ratio)")
        else:
            lines.append(f"{key}: {value}")
    return lines


def attach_indexer_ratio(summary: dict, path: Path) -> None:
    """Put the indexer's own benchmark (``make bench-index``'s JSON: ``indexer``) in the
    summary's ratios: the indexer alone (the critical path) and as if the registry and
    quote clusters were still written in line (the derived worker runs them behind)."""
    try:
        indexer = json.loads(path.read_text())["indexer"]
    except (OSError, ValueError, KeyError) as exc:
        summary["ratios"][INDEXER_RATIO_KEY] = f"not read from {path}: {exc!r}"
        return
    summary["ratios"][INDEXER_RATIO_KEY] = indexer["indexer_vs_bare_bulk"]
    summary["ratios"][INDEXER_RATIO_KEY + "_with_registry_and_clusters_in_line"] = indexer.get(
        "indexer_plus_derived_vs_bare_bulk"
    )
    summary["indexer"] = indexer


def write(summary: dict, out_dir: Path) -> tuple[Path, Path | None]:
    """The JSON summary (and ``e2e-latest.json``) and the latency plot, if matplotlib is there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"e2e-{summary['run']}.json"
    text = json.dumps(summary, indent=2)
    path.write_text(text, "utf-8")
    (out_dir / "e2e-latest.json").write_text(text, "utf-8")
    return path, plot(summary, out_dir / "e2e-latest.png")


def plot(summary: dict, path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    rows = [r for r in summary["rates"] if r["p50"] is not None]
    if not rows:
        return None
    rates = [r["rate"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    for key, label, style in (
        ("p50", "p50", "o-"),
        ("p95", "p95", "s-"),
        ("p99", "p99", "^-"),
    ):
        ax.plot(rates, [r[key] for r in rows], style, label=f"{label} POST → searchable")
    ax.plot(rates, [r["index_e2e_p99"] for r in rows], "x--", label="p99 indexed (index histogram)")
    ax.axhline(0.5, color="grey", lw=0.8, ls=":", label="targets at 20/s: p50 0.5 s, p99 1.5 s")
    ax.axhline(1.5, color="grey", lw=0.8, ls=":")
    ax.set_yscale("log")  # from tenths of a second idle to minutes behind a backlog
    ax.set_xlabel("articles/s (paced single POSTs)")
    ax.set_ylabel("seconds (log scale)")
    ax.set_title(f"quotewire end-to-end latency ({summary['config']['workers']} extract workers)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
