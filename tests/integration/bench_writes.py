"""The search server's CPU per write kind: what each statement costs the in-memory server.

    .venv/bin/python -m tests.integration.bench_writes [--statements N] [--batch N]
        [--derived-batch N] [--compare-templates DIR] [--json PATH]

Starts its own search server (osmem, the local stand-in) on a free port, then runs the
pipeline's writes over :func:`quotewire_index.bench.newsroom` records in the order the
running stack makes them: each window's article events first (the indexer writes an
article when it is posted), then its statements and article-done markers (the indexer),
then the derived worker's registry and quote variants over what the indexer wrote.
Every request the clients send is classified (statement documents, article documents,
the marker's article write, the reads before them, quote variants, registry aggregation
and documents, refreshes) and charged with the server's CPU time spent while it ran,
read from ``/proc/<pid>/stat``; what the server spends between requests (its own
scheduled refreshes) is shown apart. The server serves nothing else, so its CPU is ours.

``--compare-templates DIR``: a second set of indices made from the template files in
DIR (e.g. ``git show main:services/index/quotewire_index/templates/statements.json``),
written batch by batch in turns with the current templates: their CPU ratio per kind
in one run. A benchmark, not a test: it prints numbers and asserts only that both sets
hold the same statements.
"""

import argparse
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from quotewire_common.es import make_es_client
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import start_search
from quotewire_index import bench
from quotewire_index.derived_worker import DerivedWriter
from quotewire_index.indexer import Indexer
from quotewire_index.indices import ensure_indices, generation_name
from quotewire_index.settings import IndexSettings

TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_S


def _first_action(body: Any) -> dict[str, Any]:
    if isinstance(body, (bytes, str)):
        text = body.decode() if isinstance(body, bytes) else body
        return json.loads(text.split("\n", 1)[0])
    if isinstance(body, (list, tuple)) and body:
        first = body[0]
        return json.loads(first) if isinstance(first, (bytes, str)) else first
    return {}


@dataclass
class Ledger:
    """CPU seconds, requests and items of the server per write kind."""

    pid: int
    kind_of: Callable[[str], str | None]  # index or alias name → quotewire kind
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    items: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Bulk items that replaced or deleted a stored document (on this server such a
    #: write costs in proportion to the index's size, a new one does not).
    replaced: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def label(self, method: str, target: str, body: Any) -> tuple[str, int]:
        path = target.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        op = next((p for p in parts if p.startswith("_")), "doc")
        index = parts[0] if parts and not parts[0].startswith("_") else ""
        kinds = sorted({self.kind_of(i) or i for i in index.split(",") if i}) or ["-"]
        where = "+".join(kinds)
        if op == "_bulk":
            action = _first_action(body)
            verb, meta = next(iter(action.items())) if action else ("?", {})
            what = self.kind_of(meta.get("_index", "")) or "?"
            n = len(body) // (1 if verb == "delete" else 2) if isinstance(body, list) else 0
            if what == "articles":
                verb = "update" if "if_seq_no" in meta else verb
            return f"bulk {verb} {what}", n
        return f"{op} {where}", 1

    def wrap(self, es: Elasticsearch) -> None:
        transport = es._transport
        original = transport.perform_request

        def measured(method, target, *args, **kwargs):
            key, n = self.label(method, target, kwargs.get("body"))
            before = cpu_seconds(self.pid)
            resp = None
            try:
                resp = original(method, target, *args, **kwargs)
                return resp
            finally:
                self.cpu[key] += cpu_seconds(self.pid) - before
                self.calls[key] += 1
                self.items[key] += n
                body = getattr(resp, "body", None)
                if isinstance(body, dict) and isinstance(body.get("items"), list):
                    for item in body["items"]:
                        result = next(iter(item.values()), {}).get("result")
                        if result in ("updated", "deleted"):  # an existing document
                            self.replaced[key] += 1

        transport.perform_request = measured


def settings_for(url: str, prefix: str, batch: int) -> IndexSettings:
    return IndexSettings(
        es_url=url,
        es_node_class=NODE_CLASS_PATH,
        es_request_timeout_s=120,
        bulk_batch_size=batch,
        statements_index=f"{prefix}statements",
        articles_index=f"{prefix}articles",
        speakers_index=f"{prefix}speakers",
        quotes_index=f"{prefix}quotes",
    )


def create_from_dir(es: Elasticsearch, settings: IndexSettings, templates: Path) -> None:
    """The indices of ``settings`` from the template files in ``templates`` (as
    ``ensure_indices`` makes them from the package's)."""
    for kind, name in settings.index_names().items():
        body = json.loads((templates / f"{kind}.json").read_text())["template"]
        es.indices.create(
            index=generation_name(name, 1),
            settings=body.get("settings"),
            mappings=body["mappings"],
            aliases={name: {"is_write_index": True}},
        )


class Pipeline:
    """The indexer and the derived worker of one index set, sharing one ledger."""

    def __init__(self, es: Elasticsearch, settings: IndexSettings, derived_batch: int) -> None:
        self.es = es
        self.indexer = Indexer(es, settings)
        self.derived = DerivedWriter(es, settings)
        self.derived_batch = derived_batch
        self.behind: list[Any] = []
        self.settings = settings

    def window(self, batch: Sequence[Any]) -> None:
        articles = [r for r in batch if r.topic == "articles"]
        rest = [r for r in batch if r.topic != "articles"]
        for part in (articles, rest):
            if part:
                assert self.indexer.index(part) == []
        self.behind += rest
        if len(self.behind) >= self.derived_batch:
            self.derived.index(self.behind)
            self.behind = []

    def finish(self) -> None:
        if self.behind:
            self.derived.index(self.behind)
        self.derived.idle(force=True)

    def count(self) -> int:
        self.es.indices.refresh(index=self.settings.statements_index)
        return int(self.es.count(index=self.settings.statements_index)["count"])


def price_reads(
    es: Elasticsearch, pid: int, settings: IndexSettings, repeats: int
) -> dict[str, dict[str, float]]:
    """Server CPU ms per request of the searches the running stack sends besides its
    writes, on the indices just written: the bench-e2e poller's (``k`` pending article
    ids, of which 2 have statements, as when it polls a backlog of ``k``), and the
    alerts leader's per-poll step (a refresh and a search of the deliveries index)."""
    from quotewire_alerts.ledger import Ledger as Deliveries
    from quotewire_common.alerts_store import AlertsStoreSettings, ensure_alert_indices
    from quotewire_devstack.bench_e2e import searchable_query

    resp = es.search(
        index=settings.statements_index,
        size=0,
        aggs={"a": {"terms": {"field": "article_id", "size": 2}}},
    )
    found = [b["key"] for b in resp["aggregations"]["a"]["buckets"]]
    alerts = AlertsStoreSettings(alerts_index="w-alerts", alert_deliveries_index="w-deliveries")
    ensure_alert_indices(es, alerts)
    deliveries = Deliveries(es, alerts.alert_deliveries_index)
    now = datetime.now(UTC)

    def poll(k: int) -> Callable[[], Any]:
        ids = found + [f"pending-{i:06d}" for i in range(k - len(found))]
        body = searchable_query(ids)
        body["index"] = settings.statements_index
        return lambda: es.search(**body)

    kinds: dict[str, Callable[[], Any]] = {f"bench poll, {k} ids": poll(k) for k in (10, 100, 500)}
    kinds["alerts leader: refresh + due digests"] = lambda: deliveries.due_digest_items(now)
    out = {}
    for name, call in kinds.items():
        call()  # warm
        before, started = cpu_seconds(pid), time.perf_counter()
        for _ in range(repeats):
            call()
        out[name] = {
            "server_cpu_ms": round((cpu_seconds(pid) - before) / repeats * 1e3, 3),
            "wall_ms": round((time.perf_counter() - started) / repeats * 1e3, 3),
        }
    return out


def with_bodies(events: Iterator[Any], gold_dir: Path) -> Iterator[Any]:
    """The articles with the title and body of a gold text each (~330 words, as
    ``bench-e2e`` posts them) instead of the generator's short repeated sentence."""
    from quotewire_contracts import ArticleEvent
    from quotewire_devstack.bench_e2e import load_texts

    texts = load_texts(gold_dir)
    n = 0
    for ev in events:
        if isinstance(ev, ArticleEvent):
            title, body = texts[n % len(texts)]
            n += 1
            ev = ev.model_copy(update={"title": title, "body": body})
        yield ev


def run(args: argparse.Namespace) -> dict[str, Any]:
    summary: dict[str, Any] = {"load_before": bench.load_average()}
    with start_search() as server:
        pid = server.pid
        sets = {"current": settings_for(server.address, "w-", args.batch)}
        if args.compare_templates:
            sets["compare"] = settings_for(server.address, "c-", args.batch)
        names: dict[str, str] = {}
        for s in sets.values():
            for kind, name in s.index_names().items():
                names[name] = kind
                names[generation_name(name, 1)] = kind
        admin = make_es_client(sets["current"])
        ensure_indices(admin, sets["current"].index_names(), update_templates=True)
        if "compare" in sets:
            create_from_dir(admin, sets["compare"], args.compare_templates)
        ledgers: dict[str, Ledger] = {}
        pipelines: dict[str, Pipeline] = {}
        for label, s in sets.items():
            es = make_es_client(s)
            ledgers[label] = Ledger(pid, names.get)
            ledgers[label].wrap(es)
            pipelines[label] = Pipeline(es, s, args.derived_batch)
        start_cpu = cpu_seconds(pid)
        started = time.perf_counter()
        events = bench.newsroom(args.statements, args.seed)
        if args.gold:
            events = with_bodies(events, args.gold)
        records = bench.records(events)
        for i, batch in enumerate(bench.batches(records, args.batch)):
            order = list(pipelines.items())
            if i % 2:
                order.reverse()
            for _label, p in order:
                p.window(batch)
            if (i + 1) % 20 == 0:
                print(f"  {(i + 1) * args.batch} records", flush=True)
        for p in pipelines.values():
            p.finish()
        total_cpu = cpu_seconds(pid) - start_cpu
        wall = time.perf_counter() - started
        counts = {label: p.count() for label, p in pipelines.items()}
        if len(set(counts.values())) > 1:
            raise SystemExit(f"the index sets differ: {counts}")
        n = next(iter(counts.values()))
        summary.update(statements=n, wall_s=round(wall, 1), server_cpu_s=round(total_cpu, 2))
        for label, ledger in ledgers.items():
            summary[label] = {
                k: {
                    "cpu_s": round(ledger.cpu[k], 3),
                    "ms_per_statement": round(ledger.cpu[k] / n * 1e3, 4),
                    "calls": ledger.calls[k],
                    "items": ledger.items[k],
                    "replaced": ledger.replaced[k],
                }
                for k in sorted(ledger.cpu, key=lambda k: -ledger.cpu[k])
            }
        attributed = sum(sum(x.cpu.values()) for x in ledgers.values())
        summary["between_requests_cpu_s"] = round(total_cpu - attributed, 2)
        if args.read_repeats:
            summary["reads"] = price_reads(admin, pid, sets["current"], args.read_repeats)
        rss = Path(f"/proc/{pid}/status").read_text()
        summary["server_rss_kib"] = int(rss.split("VmRSS:")[1].split()[0])
    summary["load_after"] = bench.load_average()
    return summary


def report(summary: dict[str, Any]) -> str:
    n = summary["statements"]
    title = (
        f"search server CPU per write kind, {n} statements (load {summary['load_before']}"
        f" → {summary['load_after']}); server CPU {summary['server_cpu_s']} s in "
        f"{summary['wall_s']} s, {summary['between_requests_cpu_s']} s of it between "
        "requests (scheduled refreshes)"
    )
    lines = [title]
    cur = summary["current"]
    cmp_ = summary.get("compare", {})
    head = (
        f"  {'kind':34s} {'calls':>6s} {'items':>7s} {'replaced':>8s} {'ms/stmt':>8s} {'share':>6s}"
    )
    if cmp_:
        head += f" {'compare ms/stmt':>16s} {'current/compare':>16s}"
    lines.append(head)
    total = sum(v["cpu_s"] for v in cur.values()) or 1.0
    for k in sorted(set(cur) | set(cmp_), key=lambda k: -cur.get(k, {}).get("cpu_s", 0)):
        c = cur.get(
            k, {"cpu_s": 0.0, "ms_per_statement": 0.0, "calls": 0, "items": 0, "replaced": 0}
        )
        line = (
            f"  {k:34s} {c['calls']:6d} {c['items']:7d} {c.get('replaced', 0):8d} "
            f"{c['ms_per_statement']:8.3f} "
            f"{c['cpu_s'] / total:6.1%}"
        )
        if cmp_:
            o = cmp_.get(k, {"ms_per_statement": 0.0})
            ratio = c["ms_per_statement"] / o["ms_per_statement"] if o["ms_per_statement"] else 0
            line += f" {o['ms_per_statement']:16.3f} {ratio:16.2f}"
        lines.append(line)
    t_cur = sum(v["cpu_s"] for v in cur.values()) / n * 1e3
    line = f"  {'all requests':34s} {'':6s} {'':7s} {'':8s} {t_cur:8.3f}"
    if cmp_:
        t_cmp = sum(v["cpu_s"] for v in cmp_.values()) / n * 1e3
        line += f" {'':6s} {t_cmp:16.3f} {t_cur / t_cmp:16.2f}"
    lines.append(line)
    lines.append(f"  server memory {summary['server_rss_kib'] / 1024:,.0f} MiB resident")
    if summary.get("reads"):
        lines.append(
            f"  {'searches besides the writes':44s} {'server CPU ms':>13s} {'wall ms':>8s}"
        )
        for k, v in summary["reads"].items():
            lines.append(f"  {k:44s} {v['server_cpu_ms']:13.3f} {v['wall_ms']:8.3f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--statements", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=200, help="records per indexer batch")
    ap.add_argument(
        "--derived-batch", type=int, default=500, help="statements per derived worker batch"
    )
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument(
        "--read-repeats",
        type=int,
        default=200,
        help="times each search besides the writes is priced (0: none)",
    )
    ap.add_argument(
        "--gold",
        type=Path,
        help="articles with the bodies of these gold texts (as bench-e2e posts them)",
    )
    ap.add_argument("--compare-templates", type=Path, help="template files of a second set")
    ap.add_argument("--json", type=Path, default=Path(".quotewire/bench/writes.json"))
    args = ap.parse_args()
    summary = run(args)
    print(report(summary))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
