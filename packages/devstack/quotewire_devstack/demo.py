"""The demo: every article in ``seeds/`` through the whole pipeline, printed from Elasticsearch.

Starts a :class:`LocalStack`, pushes the seed articles through the ingest HTTP API
(``quotewire ingest``), waits until the indexer recorded every article as processed,
prints who said what per article from the ``statements`` index, and shuts down.
"""

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from quotewire_common.es import make_es_client
from quotewire_common.settings import ElasticsearchSettings
from quotewire_common.waiting import wait_until
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding

from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.services import script
from quotewire_devstack.stack import LocalStack

ARTICLES_INDEX = "articles"
STATEMENTS_INDEX = "statements"
BROWSE_HINT = (
    "See it in a browser: [bold]source .venv/bin/activate[/], [bold]quotewire stack up[/] && "
    "[bold]quotewire ingest seeds/[/], "
    "then open [bold]http://127.0.0.1:8001/[/] (search, speakers, articles; API docs at /docs)"
)


def seed_files(seeds: Path) -> list[Path]:
    files = sorted(p for p in seeds.iterdir() if p.suffix in (".txt", ".jsonl") and p.is_file())
    if not files:
        raise FileNotFoundError(f"no .txt or .jsonl articles in {seeds}")
    return files


def wait_processed(es, expected: int, timeout_s: float, on_progress: Callable[[int], None]) -> int:
    """Wait until ``expected`` articles carry a ``processed_at`` (their statements indexed)."""
    done = [0]

    def all_processed() -> int:
        if es.indices.exists(index=ARTICLES_INDEX):
            es.indices.refresh(index=ARTICLES_INDEX)
            query = {"exists": {"field": "processed_at"}}
            done[0] = es.count(index=ARTICLES_INDEX, query=query)["count"]
            on_progress(done[0])
        return done[0] if done[0] >= expected else 0

    try:
        return wait_until(all_processed, timeout_s, 0.5, "articles not processed")
    except TimeoutError as exc:
        raise TimeoutError(f"only {done[0]} of {expected} {exc}") from None


def print_who_said_what(es, console: Console) -> int:
    """Per article, its statements in text order, as read back from Elasticsearch.

    One block per statement (speaker, how, what) rather than a table, so it reads well
    at any terminal width, in CI logs included. Returns the statement count.
    """
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
        console.rule(f"[bold]{escape(a.get('title') or a['article_id'])}[/]", align="left")
        console.print(f"[dim]{a['article_id']} · {len(hits)} statements[/]")
        for h in hits:
            s = h["_source"]
            written = s.get("speaker") or ""
            as_written = (
                f' [dim](as "{escape(written)}")[/]' if written != s["speaker_canonical"] else ""
            )
            console.print(
                f"[bold cyan]{escape(s['speaker_canonical'])}[/] "
                f"[dim]{escape('[' + (s.get('speaker_type') or '?') + ']')}[/]"
                f"{as_written} — {s['type']}, [italic]{escape(s.get('cue') or '')}[/]"
            )
            console.print(Padding(escape(s["content"]), (0, 0, 0, 4)))
        total += len(hits)
    return total


def run_demo(seeds: Path, log_dir: Path, console: Console, timeout_s: float = 300.0) -> int:
    files = seed_files(seeds)
    started = time.monotonic()
    with LocalStack(log_dir) as stack:
        stack.start(on_step=lambda m: console.log(escape(m)))
        console.log(f"pushing {len(files)} seed articles through {stack.ingest_url}/v1/articles")
        push = subprocess.run(
            [script("quotewire"), "ingest", "--api", stack.ingest_url, *map(str, files)],
            env=stack.env(),
            check=False,
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
    console.print(BROWSE_HINT)
    return total
