"""The chaos run (``make chaos``): articles through a durable local stack under faults.

It starts its own durable, supervised stack (``quotewire stack up`` with a fresh data
directory under ``.quotewire/chaos``, two extract workers), then runs the scenarios in
turn. In each, its share of the articles is posted through the ingest API in chunks
spread over the scenario's window (``quotewire ingest``, which retries 503s), while the
fault runs: ``kill -9`` of an extract worker every 10 s, or of the index service, the
broker, the object store or the search server once, or SIGSTOP of one of them for 30 s
(SIGCONT after). Then it waits for convergence and compares the index with the truth.

The truth does not come from the stack: every article is a copy (own id) of a text of
the gold data, each text was run once through the batch extractor (``quotewire
extract``, the same fast path as the worker) before the stack starts, and the expected
statement ids follow from the article id, version and content spans
(``statement_id_for``). So "lost" is an expected id not in the ``statements`` index,
"duplicated" an indexed id nobody expects, and the dead letters are counted in the
``*.dlq`` topics. Nothing is repaired by hand: the only actions are the faults.
"""

import json
import random
import signal
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quotewire_contracts import article_text, article_version_for, statement_id_for

from quotewire_devstack.services import NODE_CLASS_PATH, script
from quotewire_devstack.state import StackState, pid_alive

EXTRACT_KILL_EVERY_S = 10.0
PAUSE_S = 30.0
Say = Callable[[str], None]


# -- the truth ------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    body: str
    spans: tuple[tuple[int, int], ...] = ()


def _clean(value: str) -> str:
    """What ingest does to text (NFC, LF line ends), and the stripping of its fields."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def load_templates(gold_dir: Path) -> list[Template]:
    """Every document of the gold files: title = first line, body = the rest."""
    out: list[Template] = []
    seen: set[str] = set()
    for path in sorted(gold_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            if not line.strip():
                continue
            doc = json.loads(line)
            title, _, body = _clean(doc["text"]).partition("\n")
            title, body = _clean(title), _clean(body)
            if not title or not body or (title, body) in seen:
                continue
            seen.add((title, body))
            out.append(Template(f"{path.stem}-{n}", title, body))
    return out


def expected_spans(templates: list[Template], work: Path) -> list[Template]:
    """Each template's statement content spans, from one run of the batch extractor."""
    src, dst = work / "templates.jsonl", work / "templates.out.jsonl"
    with open(src, "w", encoding="utf-8") as out:
        out.writelines(
            json.dumps({"doc_id": t.key, "text": article_text(t.title, t.body)}) + "\n"
            for t in templates
        )
    run = subprocess.run(
        [script("quotewire"), "extract", "--in", str(src), "--out", str(dst)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"quotewire extract failed: {run.stderr[-2000:]}")
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    for line in dst.read_text("utf-8").splitlines():
        row = json.loads(line)
        spans[row["doc_id"]] = tuple(tuple(s["content_span"]) for s in row["statements"])
    return [Template(t.key, t.title, t.body, spans[t.key]) for t in templates if t.key in spans]


@dataclass
class Article:
    id: str
    template: Template

    def payload(self) -> dict:
        return {
            "id": self.id,
            "title": self.template.title,
            "body": self.template.body,
            "source": "chaos",
        }

    def statement_ids(self) -> set[str]:
        version = article_version_for(self.template.title, self.template.body)
        return {statement_id_for(self.id, version, span) for span in self.template.spans}


# -- faults ---------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    target: str  # a unit name, or "extract" (any extract worker)
    action: str  # kill · pause · none
    note: str = ""


SCENARIOS = [
    Scenario("baseline", "", "none", "no fault"),
    Scenario(
        "kill-extract",
        "extract",
        "kill",
        f"kill -9 an extract worker every {EXTRACT_KILL_EVERY_S:.0f}s",
    ),
    Scenario("kill-index", "index", "kill", "kill -9 the index service"),
    Scenario("kill-broker", "kafka", "kill", "kill -9 the broker"),
    Scenario("kill-objectstore", "objectstore", "kill", "kill -9 the object store"),
    Scenario("kill-search", "elasticsearch", "kill", "kill -9 the search server"),
    Scenario("pause-extract", "extract", "pause", f"SIGSTOP an extract worker {PAUSE_S:.0f}s"),
    Scenario("pause-index", "index", "pause", f"SIGSTOP the index service {PAUSE_S:.0f}s"),
    Scenario("pause-broker", "kafka", "pause", f"SIGSTOP the broker {PAUSE_S:.0f}s"),
    Scenario(
        "pause-objectstore", "objectstore", "pause", f"SIGSTOP the object store {PAUSE_S:.0f}s"
    ),
    Scenario("pause-search", "elasticsearch", "pause", f"SIGSTOP the search server {PAUSE_S:.0f}s"),
]
SCENARIO_NAMES = [s.name for s in SCENARIOS]


def _target_pid(state_dir: Path, target: str, rng: random.Random) -> tuple[str, int] | None:
    state = StackState.load(state_dir)
    if state is None:
        return None
    names = [n for n in state.pids if n == target or n.startswith(target + "-")]
    names = [n for n in names if pid_alive(state.pids[n])]
    if not names:
        return None
    name = rng.choice(sorted(names))
    return name, state.pids[name]


def run_fault(
    scenario: Scenario, state_dir: Path, window_s: float, say: Say, rng: random.Random
) -> None:
    """Carry out the scenario's fault within ``window_s`` (starting a few seconds in, so
    work is in flight); returns when the fault is over (the process continued)."""
    if scenario.action == "none":
        time.sleep(window_s)
        return
    started = time.monotonic()
    time.sleep(min(5.0, window_s / 4))
    if scenario.action == "kill" and scenario.target == "extract":
        while time.monotonic() - started < window_s:
            hit = _target_pid(state_dir, "extract", rng)
            if hit:
                say(f"  kill -9 {hit[0]} (pid {hit[1]})")
                _signal(hit[1], signal.SIGKILL)
            time.sleep(EXTRACT_KILL_EVERY_S)
        return
    hit = _target_pid(state_dir, scenario.target, rng)
    if hit is None:
        say(f"  {scenario.target}: no running process to hit")
        return
    name, pid = hit
    if scenario.action == "kill":
        say(f"  kill -9 {name} (pid {pid})")
        _signal(pid, signal.SIGKILL)
    else:
        say(f"  SIGSTOP {name} (pid {pid}) for {PAUSE_S:.0f}s")
        _signal(pid, signal.SIGSTOP)
        try:
            time.sleep(PAUSE_S)
        finally:
            _signal(pid, signal.SIGCONT)
        say(f"  SIGCONT {name}")
    rest = window_s - (time.monotonic() - started)
    if rest > 0:
        time.sleep(rest)


def _signal(pid: int, sig: int) -> None:
    import os

    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


# -- load -----------------------------------------------------------------------------


class Pusher(threading.Thread):
    """Posts articles in chunks spread over a window through ``quotewire ingest``; a chunk
    that is not fully accepted is sent again (same ids: harmless) until it is."""

    def __init__(
        self,
        articles: list[Article],
        ingest_url: str,
        window_s: float,
        work: Path,
        say: Say,
        deadline_s: float = 900.0,
    ) -> None:
        super().__init__(daemon=True)
        self.articles, self.ingest_url, self.window_s = articles, ingest_url, window_s
        self.work, self.say, self.deadline_s = work, say, deadline_s
        self.accepted = 0
        self.failed_attempts = 0
        self.error: str | None = None

    def run(self) -> None:
        chunks = max(1, min(10, len(self.articles)))
        size = -(-len(self.articles) // chunks)
        started = time.monotonic()
        for i in range(chunks):
            chunk = self.articles[i * size : (i + 1) * size]
            if not chunk:
                break
            wait = started + i * self.window_s / chunks - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            path = self.work / f"chunk-{chunk[0].id}.jsonl"
            path.write_text("".join(json.dumps(a.payload()) + "\n" for a in chunk), "utf-8")
            while True:
                run = subprocess.run(
                    [
                        script("quotewire"),
                        "ingest",
                        "--api",
                        self.ingest_url,
                        "--retries",
                        "30",
                        "--timeout",
                        "15",
                        "--batch-size",
                        "50",
                        str(path),
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if run.returncode == 0:
                    self.accepted += len(chunk)
                    break
                self.failed_attempts += 1
                if time.monotonic() - started > self.deadline_s:
                    self.error = f"chunk {path.name} not accepted: {run.stdout[-500:]}"
                    return
                time.sleep(2)


# -- observation ----------------------------------------------------------------------


class Observer:
    def __init__(self, state: StackState) -> None:
        from quotewire_common.es import make_es_client
        from quotewire_common.settings import ElasticsearchSettings, KafkaSettings

        self.es = make_es_client(
            ElasticsearchSettings(
                es_url=state.elasticsearch, es_node_class=NODE_CLASS_PATH, es_request_timeout_s=20
            )
        )
        self.kafka = KafkaSettings(bootstrap_servers=state.kafka)

    def statement_ids(self) -> set[str] | None:
        """Every id in the statements index; None while the search server does not answer."""
        from elasticsearch import helpers

        try:
            self.es.indices.refresh(index="statements")
            return {
                hit["_id"]
                for hit in helpers.scan(
                    self.es,
                    index="statements",
                    query={"query": {"match_all": {}}},
                    _source=False,
                    size=2000,
                )
            }
        except Exception:  # noqa: BLE001 - any failure = not answering now; polled again
            return None

    def statement_count(self) -> int | None:
        try:
            self.es.indices.refresh(index="statements")
            return int(self.es.count(index="statements")["count"])
        except Exception:  # noqa: BLE001 - polled again
            return None

    def _scan(self, index: str, fields: list[str] | bool, query: dict | None = None):
        from elasticsearch import helpers

        return helpers.scan(
            self.es,
            index=index,
            query={"query": query or {"match_all": {}}},
            _source=fields,
            size=2000,
        )

    def derived_gaps(self) -> "DerivedGaps | None":
        """How far the derived indices are from the statements index; None while the
        search server does not answer."""
        try:
            self.es.indices.refresh(index="statements,speakers,quotes")
            counts: dict[str, int] = {}
            quotes: set[str] = set()
            for hit in self._scan("statements", ["speaker_id", "quote_id"]):
                src = hit["_source"]
                counts[src["speaker_id"]] = counts.get(src["speaker_id"], 0) + 1
                quotes.add(src["quote_id"])
            registry = {
                h["_id"]: int(h["_source"].get("statements") or 0)
                for h in self._scan("speakers", ["statements"])
            }
            clustered = {
                h["_id"] for h in self._scan("quotes", False, {"exists": {"field": "cluster_id"}})
            }
        except Exception:  # noqa: BLE001 - any failure = not answering now; polled again
            return None
        return DerivedGaps.of(counts, registry, quotes, clustered)

    def dead_letters(self) -> dict[str, int]:
        from kafka import KafkaConsumer, TopicPartition

        consumer = KafkaConsumer(
            bootstrap_servers=self.kafka.bootstrap_list,
            enable_auto_commit=False,
            consumer_timeout_ms=2000,
        )
        out = {}
        try:
            for topic in ("articles.dlq", "statements.dlq"):
                parts = consumer.partitions_for_topic(topic) or set()
                tps = [TopicPartition(topic, p) for p in parts]
                if not tps:
                    out[topic] = 0
                    continue
                consumer.assign(tps)
                consumer.seek_to_beginning(*tps)
                out[topic] = sum(1 for _ in consumer)
        finally:
            consumer.close()
        return out

    def close(self) -> None:
        self.es.close()


@dataclass(frozen=True)
class DerivedGaps:
    """The speakers registry and quote clusters against the statements index: speakers
    whose registry document is missing or counts other statements than the index holds
    (or that have none left), and quotes without a variant in a cluster."""

    speakers: int
    registry_wrong: int
    quotes: int
    unclustered: int

    @classmethod
    def of(
        cls, counts: dict[str, int], registry: dict[str, int], quotes: set[str], clustered: set[str]
    ) -> "DerivedGaps":
        wrong = sum(1 for sid, n in counts.items() if registry.get(sid) != n)
        wrong += sum(1 for sid in registry if sid not in counts)
        return cls(len(counts), wrong, len(quotes), len(quotes - clustered))

    @property
    def converged(self) -> bool:
        return self.registry_wrong == 0 and self.unclustered == 0

    def text(self) -> str:
        return (
            f"registry {self.speakers - self.registry_wrong}/{self.speakers} speakers right, "
            f"clusters {self.quotes - self.unclustered}/{self.quotes} quotes"
        )


def wait_derived(
    observer: "Observer", timeout_s: float, say: Say
) -> tuple[DerivedGaps | None, float | None]:
    """Poll until the registry and clusters agree with the statements index (the derived
    worker follows the indexer, a registry document may wait QW_REGISTRY_INTERVAL_S);
    (the last gaps seen, seconds or None)."""
    started = time.monotonic()
    gaps: DerivedGaps | None = None
    last_said = 0.0
    while True:
        gaps = observer.derived_gaps() or gaps
        if gaps is not None and gaps.converged:
            return gaps, time.monotonic() - started
        if time.monotonic() - started >= timeout_s:
            return gaps, None
        if time.monotonic() - last_said > 15:
            say(f"  waiting for the derived indices: {gaps.text() if gaps else '?'}")
            last_said = time.monotonic()
        time.sleep(3)


@dataclass
class Result:
    scenario: Scenario
    articles: int
    expected: int
    indexed: int
    lost: int
    duplicated: int
    converge_s: float | None
    dead_letters: int
    notes: list[str] = field(default_factory=list)
    #: The registry and clusters once converged (or as last seen), and how long after
    #: the statements they took.
    derived: DerivedGaps | None = None
    derived_s: float | None = None


def wait_converged(
    observer: Observer, expected: set[str], timeout_s: float, say: Say
) -> tuple[set[str], float | None]:
    """Poll until the index holds exactly the expected ids; (indexed ids, seconds or None)."""
    started = time.monotonic()
    ids: set[str] = set()
    last_said = 0.0
    while time.monotonic() - started < timeout_s:
        count = observer.statement_count()
        if count is not None and count == len(expected):
            got = observer.statement_ids()
            if got is not None:
                ids = got
                if ids == expected:
                    return ids, time.monotonic() - started
        if time.monotonic() - last_said > 15:
            say(
                f"  waiting: {count if count is not None else '?'} of {len(expected)} "
                f"statements indexed ({time.monotonic() - started:.0f}s)"
            )
            last_said = time.monotonic()
        time.sleep(2)
    got = observer.statement_ids()
    return (got if got is not None else ids), None


# -- the run --------------------------------------------------------------------------


def run_chaos(
    state: StackState,
    state_dir: Path,
    templates: list[Template],
    scenarios: list[Scenario],
    total_articles: int,
    window_s: float,
    converge_timeout_s: float,
    say: Say,
    seed: int = 7,
) -> list[Result]:
    rng = random.Random(seed)
    base, extra = divmod(max(total_articles, len(scenarios)), len(scenarios))
    run_id = time.strftime("%H%M%S")
    observer = Observer(state)
    expected: set[str] = set()
    results: list[Result] = []
    n = 0
    try:
        with tempfile.TemporaryDirectory(prefix="qw-chaos-") as tmp:
            for k, scenario in enumerate(scenarios):
                per = base + (1 if k < extra else 0)
                articles = [
                    Article(f"chaos-{run_id}-{n + i:05d}", templates[(n + i) % len(templates)])
                    for i in range(per)
                ]
                n += per
                for a in articles:
                    expected |= a.statement_ids()
                say(f"{scenario.name}: {scenario.note}; {per} articles over {window_s:.0f}s")
                dlq_before = sum(observer.dead_letters().values())
                pusher = Pusher(articles, state.ingest_url, window_s, Path(tmp), say)
                pusher.start()
                run_fault(scenario, state_dir, window_s, say, rng)
                pusher.join()
                notes = []
                if pusher.error:
                    notes.append(pusher.error)
                if pusher.failed_attempts:
                    notes.append(f"{pusher.failed_attempts} ingest attempts retried")
                ids, took = wait_converged(observer, expected, converge_timeout_s, say)
                derived, derived_s = wait_derived(observer, converge_timeout_s, say)
                dlq = sum(observer.dead_letters().values()) - dlq_before
                result = Result(
                    scenario,
                    n,
                    len(expected),
                    len(ids),
                    len(expected - ids),
                    len(ids - expected),
                    took,
                    dlq,
                    notes,
                    derived,
                    derived_s,
                )
                results.append(result)
                say("  " + format_row(result))
    finally:
        observer.close()
    return results


def format_row(r: Result) -> str:
    took = f"{r.converge_s:.0f}s" if r.converge_s is not None else "not converged"
    return (
        f"{r.scenario.name}: {r.articles} articles, expected {r.expected}, indexed "
        f"{r.indexed}, lost {r.lost}, duplicated {r.duplicated}, converged in {took}, "
        f"dead letters {r.dead_letters}; derived: {_derived_text(r)}"
    )


def _derived_text(r: Result) -> str:
    if r.derived is None:
        return "not read"
    took = f"converged {r.derived_s:.0f}s later" if r.derived_s is not None else "NOT converged"
    return f"{r.derived.text()}, {took}"


def format_table(results: list[Result]) -> list[str]:
    lines = [
        (
            "| scenario | fault | articles (cumulative) | expected statements | indexed | lost "
            "| duplicated | time to converge | dead letters | registry and clusters |"
        ),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        took = f"{r.converge_s:.0f} s" if r.converge_s is not None else "not converged"
        lines.append(
            f"| {r.scenario.name} | {r.scenario.note} | {r.articles} | {r.expected} | {r.indexed} "
            f"| {r.lost} | {r.duplicated} | {took} | {r.dead_letters} | {_derived_text(r)} |"
        )
    return lines
