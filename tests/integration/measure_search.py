"""Search and clustering on N statements (default 100,000): numbers, not a test.

    .venv/bin/python -m tests.integration.measure_search [STATEMENTS] [QUERIES]

Starts its own search server on a free port, feeds synthetic statements (800 full-name
speakers, their surname-only and title forms, roles as written, 30 % of the quotes
syndicated to up to four outlets, a quarter of those with altered wording) through the
indexer in batches of 500 — the same code path as the worker, minus Kafka — and prints:

* indexing: the seconds of the plain statement writes and of step 6 (speakers registry
  + quote clustering), and their ratio, measured in the same process and run;
* search latency p50/p99 (ms, through the search functions the API calls, registry
  resolution included) for speaker (full name), alias (surname), role and text queries,
  and for ``GET /v1/quotes`` of a speaker.
"""

import random
import statistics
import sys
import time
from collections import namedtuple
from datetime import UTC, datetime, timedelta

from quotewire_common.es import make_es_client
from quotewire_contracts import ArticleContext, StatementEvent, statement_id_for
from quotewire_devstack.compat import NODE_CLASS_PATH
from quotewire_devstack.servers import start_search
from quotewire_index.indexer import Indexer
from quotewire_index.indices import ensure_indices
from quotewire_index.query import StatementSearch
from quotewire_index.quotes import search_quotes
from quotewire_index.search import search_statements
from quotewire_index.settings import IndexSettings

Record = namedtuple("Record", "topic partition offset key value headers")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
BATCH = 500
FIRST = [
    "Anna",
    "Boris",
    "Carla",
    "Dmitry",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kenji",
    "Lena",
    "Marco",
    "Nadia",
]
LAST = [
    f"{a}{b}"
    for a in ["Kov", "Pes", "Mar", "Lin", "Sor", "Tam", "Vel", "Dor", "Hal", "Ruk"]
    for b in ["ac", "ev", "in", "ora", "ul", "enko", "ski", "ard", "ez", "oni"]
]
ROLES = ["Finance Minister", "Kremlin spokesman", "Chief Executive", "Union leader", "Police chief"]
OUTLETS = ["Wire A", "Wire B", "Paper C", "Daily D", "Radio E", "Times F"]
WORDS = [
    "economy",
    "growth",
    "border",
    "talks",
    "ceasefire",
    "grain",
    "prices",
    "budget",
    "election",
    "court",
    "vote",
    "reform",
    "strike",
    "deal",
    "tariff",
    "energy",
    "winter",
    "army",
    "troops",
    "summit",
    "inflation",
    "rates",
    "housing",
    "school",
    "hospital",
    "climate",
    "flood",
    "drought",
    "harvest",
    "export",
    "import",
]


def speakers(rng: random.Random) -> list[tuple[str, str]]:
    names = sorted({f"{rng.choice(FIRST)} {last}" for last in LAST for _ in range(8)})
    return [(n, rng.choice(ROLES)) for n in names]


def statements(n: int, rng: random.Random):
    people = speakers(rng)
    article = 0
    made = 0
    while made < n:
        name, role = rng.choice(people)
        words = rng.choices(WORDS, k=rng.randint(10, 24))
        text = " ".join(words).capitalize() + "."
        copies = rng.randint(2, 4) if rng.random() < 0.3 else 1
        for c in range(copies):
            article += 1
            aid = f"m{article}"
            content = text
            if c and rng.random() < 0.25:
                altered = list(words)
                altered[rng.randrange(len(altered))] = rng.choice(WORDS)
                content = " ".join(altered).capitalize() + "."
            form = rng.random()
            canonical = name if form < 0.7 else name.split()[-1]
            mention = rng.choice(["he", f"President {name.split()[-1]}", f"the {role}", name])
            span = (100, 100 + len(content))
            yield StatementEvent(
                statement_id=statement_id_for(aid, "v1", span),
                article_id=aid,
                article_version="v1",
                article=ArticleContext(
                    title=f"Story {article}",
                    source=rng.choice(OUTLETS),
                    url=f"https://news.example/{aid}",
                    published=T0 + timedelta(minutes=article),
                ),
                article_received_at=T0,
                extractor="measure/1",
                extracted_at=T0,
                speaker=mention,
                speaker_canonical=canonical,
                speaker_type="person",
                cue="said",
                content=content,
                content_span=span,
                type="direct",
                confidence=0.9,
            )
            made += 1
            if made >= n:
                return


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rng = random.Random(10)
    with start_search() as server:
        settings = IndexSettings(
            es_url=server.address, es_node_class=NODE_CLASS_PATH, bulk_batch_size=BATCH
        )
        es = make_es_client(settings)
        ensure_indices(es, settings.index_names(), update_templates=False)
        indexer = Indexer(es, settings)
        started = time.perf_counter()
        batch: list[Record] = []
        done = 0
        for offset, ev in enumerate(statements(n, rng)):
            batch.append(
                Record(
                    "statements",
                    0,
                    offset,
                    ev.article_id.encode(),
                    ev.model_dump_json().encode(),
                    [],
                )
            )
            if len(batch) == BATCH:
                assert indexer.index(batch) == []
                done += len(batch)
                batch = []
                if done % 10_000 == 0:
                    print(
                        f"  indexed {done}/{n} ({time.perf_counter() - started:.0f} s)", flush=True
                    )
        if batch:
            assert indexer.index(batch) == []
        indexer.derived.flush_registry(force=True)  # what the worker does when idle
        total = time.perf_counter() - started
        derived = indexer.derived.seconds
        plain = total - derived
        es.indices.refresh(index=",".join(settings.index_names().values()))
        count = es.count(index=settings.statements_index)["count"]
        variants = es.count(index=settings.quotes_index)["count"]
        clusters = es.search(
            index=settings.quotes_index,
            size=0,
            aggs={"c": {"cardinality": {"field": "cluster_id"}}},
        )["aggregations"]["c"]["value"]
        registry = es.count(index=settings.speakers_index)["count"]
        print(
            f"statements {count}, quote variants {variants}, clusters ~{clusters}, "
            f"registry speakers {registry}"
        )
        print(
            f"indexing: total {total:.1f} s = plain writes {plain:.1f} s "
            f"({plain / n * 1e3:.2f} ms/statement) + registry & clustering {derived:.1f} s "
            f"({derived / n * 1e3:.2f} ms/statement); ratio derived/plain = "
            f"{derived / plain:.2f}"
        )
        people = speakers(random.Random(10))
        cases = {
            "speaker (full name)": lambda i: StatementSearch(speaker=people[i % len(people)][0]),
            "alias (surname)": lambda i: StatementSearch(
                speaker=people[i % len(people)][0].split()[-1]
            ),
            "role": lambda i: StatementSearch(speaker=ROLES[i % len(ROLES)]),
            "text": lambda i: StatementSearch(
                q=f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]}"
            ),
        }
        for label, make in cases.items():
            times = []
            for i in range(queries):
                t = time.perf_counter()
                search_statements(
                    es, settings.statements_index, make(i), 20, settings.speakers_index
                )
                times.append((time.perf_counter() - t) * 1e3)
            print(
                f"search {label:20s} p50 {pct(times, 50):7.1f} ms  p99 {pct(times, 99):7.1f}"
                f" ms  (mean {statistics.fmean(times):.1f}, n={queries})"
            )
        times = []
        for i in range(max(queries // 4, 10)):
            t = time.perf_counter()
            search_quotes(
                es,
                settings.statements_index,
                settings.quotes_index,
                settings.speakers_index,
                StatementSearch(speaker=people[i % len(people)][0]),
            )
            times.append((time.perf_counter() - t) * 1e3)
        print(
            f"quotes of a speaker          p50 {pct(times, 50):7.1f} ms  p99 "
            f"{pct(times, 99):7.1f} ms  (n={len(times)})"
        )
        es.close()


if __name__ == "__main__":
    main()
