"""The demo: every article in ``seeds/`` through the whole pipeline, printed from Elasticsearch.

Starts a :class:`LocalStack`, pushes the seed articles through the ingest HTTP API
(``quotewire ingest``), waits until the indexer recorded every article as processed,
prints who said what per article from the ``statements`` index, and shuts down.
"""

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from quotewire_common.es import make_es_client
from quotewire_common.settings import ElasticsearchSettings
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.services import script
from quotewire_devstack.stack import LocalStack

ARTICLES_INDEX = "articles"
STATEMENTS_INDEX = "statements"


def seed_files(seeds: Path) -> list[Path]:
    files = sorted(p for p in seeds.iterdir() if p.suffix in (".txt", ".jsonl") and p.is_file())
    if not files:
        raise FileNotFoundError(f"no .txt or .jsonl articles in {seeds}")
    return files


def wait_processed(es, expected: int, timeout_s: float, on_progress: Callable[[int], None]) -> int:
    """Wait until ``expected`` articles carry a ``processed_at`` (their statements indexed)."""
    deadline = time.monotonic() + timeout_s
    done = 0
    while time.monotonic() < deadline:
        if es.indices.exists(index=ARTICLES_INDEX):
            es.indices.refresh(index=ARTICLES_INDEX)
            done = es.count(index=ARTICLES_INDEX, query={"exists": {"field": "processed_at"}})[
                "count"
            ]
            on_progress(done)
            if done >= expected:
                return done
        time.sleep(0.5)
    raise TimeoutError(f"only {done} of {expected} articles processed after {timeout_s:.0f}s")


def print_who_said_what(es, console: Console) -> int:
    """One table per article, statements in text order; returns the statement count."""
    es.indices.refresh(index=STATEMENTS_INDEX)
    articles = es.search(
        index=ARTICLES_INDEX, size=1000, sort=[{"article_id": "asc"}], query={"match_all": {}}
    )["hits"]["hits"]
    total = 0
    for art in articles:
        a = art["_source"]
        hits = es.search(
            index=STATEMENTS_INDEX,
            size=500,
            query={"term": {"article_id": a["article_id"]}},
            sort=[{"content_start": "asc"}],
        )["hits"]["hits"]
        table = Table(title=a.get("title") or a["article_id"], title_justify="left", expand=True)
        table.add_column("speaker", style="bold", max_width=26)
        table.add_column("as written", max_width=22)
        table.add_column("type", max_width=8)
        table.add_column("cue", max_width=16)
        table.add_column("what was said", ratio=1)
        for h in hits:
            s = h["_source"]
            table.add_row(
                s["speaker_canonical"], s.get("speaker") or "", s["type"], s.get("cue") or "",
                s["content"],
            )
        console.print(table)
        total += len(hits)
    return total


def run_demo(seeds: Path, log_dir: Path, console: Console, timeout_s: float = 300.0) -> int:
    files = seed_files(seeds)
    started = time.monotonic()
    with LocalStack(log_dir) as stack:
        stack.start(on_step=lambda m: console.log(m))
        console.log(f"pushing {len(files)} seed articles through {stack.ingest_url}/v1/articles")
        push = subprocess.run(
            [script("quotewire"), "ingest", "--api", stack.ingest_url, *map(str, files)],
            env=stack.env(),
        )
        if push.returncode != 0:
            raise RuntimeError(f"quotewire ingest failed with exit code {push.returncode}")
        es = make_es_client(
            ElasticsearchSettings(es_url=stack.search.address, es_node_class=NODE_CLASS_PATH)
        )
        with console.status("waiting for statements to become searchable") as status:
            wait_processed(
                es,
                len(files),
                timeout_s,
                lambda n: status.update(f"{n}/{len(files)} articles processed and indexed"),
            )
        total = print_who_said_what(es, console)
        console.log(
            f"{len(files)} articles, {total} statements searchable in Elasticsearch; "
            f"{time.monotonic() - started:.1f}s in all. Logs: {log_dir}"
        )
        es.close()
    console.log("stack stopped")
    return total
