"""How fast the indexer writes and the search answers: numbers, not a test.

Two measurements against one search server (its URL is given; ``make bench-index``
starts a local one):

* :func:`indexer_vs_bulk` — the indexer (:class:`~quotewire_index.indexer.Indexer`:
  decode, segments, stale check, statement bulk, article merge, retirement) against a bare ``helpers.streaming_bulk`` of the same documents
  (decoded from the same bytes, statements and merged article documents, no refresh),
  each into its own indices on the same server, batch by batch, alternating which goes
  first, so both see the same load. Prints and returns the ratio of their throughputs
  (1.0 = as fast as bare bulk). The derived worker's registry and quote clusters
  (:mod:`quotewire_index.derived_worker`) are timed apart: they run behind the indexer.
* :func:`search_latencies` — p50/p99 of the search functions the API calls (registry
  resolution included) for speaker (full name), alias (surname), role and text queries
  and for the quote clusters of a speaker, over :func:`newsroom` statements.

The synthetic newsroom (:func:`newsroom`) is shaped like wire copy, not like a uniform
draw: speakers are quoted with a Zipf-like skew (a few heads of state in many stories,
most people in one or two), each role belongs to one speaker ("Russian President",
"Polish Finance Minister"), mentions are pronouns, full names, surname or title
forms and roles in newsroom proportions, articles hold 1–8 statements with their
``article_processed`` marker, and 30 % of the quotes are syndicated to up to four
outlets, a quarter of those with altered wording.
"""

import json
import random
import statistics
import time
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch, helpers
from quotewire_common.names import first_occurrences
from quotewire_contracts import (
    ArticleContext,
    ArticleEvent,
    ArticleProcessedEvent,
    StatementEvent,
    statement_id_for,
)

from quotewire_index.decode import Decoded, decode_record
from quotewire_index.derived_worker import DerivedWriter
from quotewire_index.docs import fold_article, statement_action
from quotewire_index.indexer import Indexer
from quotewire_index.indices import ensure_indices
from quotewire_index.query import StatementSearch
from quotewire_index.quotes import search_quotes
from quotewire_index.search import search_statements
from quotewire_index.settings import IndexSettings

Record = namedtuple("Record", "topic partition offset key value headers")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

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
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Samir",
    "Tomas",
    "Ulla",
    "Viktor",
    "Wanda",
    "Xavier",
    "Yusuf",
    "Zofia",
    "Amir",
    "Bianca",
    "Chen",
    "Dara",
    "Emil",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Julia",
    "Karim",
    "Lucia",
    "Mateo",
    "Nora",
]
LAST = [
    f"{a}{b}"
    for a in ("Kov", "Pes", "Mar", "Lin", "Sor", "Tam", "Vel", "Dor", "Hal", "Ruk", "Bel", "Gar")
    for b in ("ac", "ev", "in", "ora", "ul", "enko", "ski", "ard", "ez", "oni", "berg", "ani")
]
COUNTRIES = [
    "Russian",
    "French",
    "German",
    "Ukrainian",
    "Polish",
    "Turkish",
    "Brazilian",
    "Indian",
    "Kenyan",
    "Chilean",
    "Japanese",
    "Italian",
    "Spanish",
    "Dutch",
    "Swedish",
    "Greek",
    "Egyptian",
    "Mexican",
    "Korean",
    "Irish",
]
OFFICES = (
    "President",
    "Prime Minister",
    "Finance Minister",
    "Foreign Minister",
    "Defence Minister",
    "central bank governor",
    "opposition leader",
    "government spokesman",
)
OUTLETS = ("Wire A", "Wire B", "Paper C", "Daily D", "Radio E", "Times F")
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
    "sanctions",
    "pipeline",
    "refugees",
    "parliament",
    "coalition",
    "pension",
    "wages",
    "debt",
    "bonds",
    "currency",
    "ports",
    "railway",
    "nurses",
    "teachers",
]


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    weight: float


def speakers(rng: random.Random, n: int) -> list[Speaker]:
    """``n`` distinct people, quoted with a Zipf-like skew (weight 1/rank); each of the
    160 roles (20 countries × 8 offices) is held by one person, every third of the
    most quoted ones."""
    names: list[str] = []
    seen = set()
    while len(names) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    roles = [f"{c} {o}" for c in COUNTRIES for o in OFFICES]
    rng.shuffle(roles)
    out = []
    for rank, name in enumerate(names, 1):
        role = None
        if rank % 3 == 1 and roles:
            rng.random()  # kept so that a seed gives the corpus it always gave
            role = roles.pop()
        out.append(Speaker(name, role, 1.0 / rank))
    return out


#: The share of articles that repeat one of their quotes (a standfirst in the body).
REPEATED = 0.1


def newsroom(
    n_statements: int, seed: int = 10, n_speakers: int | None = None
) -> Iterator[ArticleEvent | StatementEvent | ArticleProcessedEvent]:
    """Articles (event, statements, marker) until ``n_statements`` statements; a tenth of
    the articles repeat one of their quotes (``repeat_of`` as the extract worker sets it)."""
    rng = random.Random(seed)
    repeats = random.Random(seed + 1)  # apart, so the rest of the corpus stays as it was
    people = speakers(rng, n_speakers or max(50, n_statements // 30))
    weights = [p.weight for p in people]
    made = article = 0
    syndicated: list[tuple[Speaker, list[str]]] = []
    while made < n_statements:
        article += 1
        aid = f"a{article}"
        published = T0 + timedelta(minutes=article)
        source = rng.choice(OUTLETS)
        title = f"Story {article}"
        yield ArticleEvent(
            article_id=aid,
            article_version="v1",
            title=title,
            body=f"Body of story {article}. " * 40,
            url=f"https://news.example/{aid}",
            source=source,
            published=published,
            received_at=published,
        )
        ctx = ArticleContext(
            title=title, source=source, url=f"https://news.example/{aid}", published=published
        )
        sts = []
        for n in range(min(rng.randint(1, 8), n_statements - made)):
            if syndicated and rng.random() < 0.3:  # a quote another outlet ran
                person, words = syndicated.pop(rng.randrange(len(syndicated)))
                if rng.random() < 0.25:
                    words = list(words)
                    words[rng.randrange(len(words))] = rng.choice(WORDS)
            else:
                person = rng.choices(people, weights)[0]
                words = rng.choices(WORDS, k=rng.randint(10, 24))
                if rng.random() < 0.3:
                    syndicated += [(person, words)] * rng.randint(1, 3)
            surname = person.name.split()[-1]
            form = rng.random()
            if form < 0.4:
                mention = rng.choice(("he", "she"))
            elif form < 0.7 or person.role is None:
                mention = person.name
            elif form < 0.85:
                mention = rng.choice((surname, f"Mr. {surname}", f"President {surname}"))
            else:
                mention = f"the {person.role}"
            canonical = person.name if rng.random() < 0.85 else surname
            content = " ".join(words).capitalize() + "."
            span = (100 + 300 * n, 100 + 300 * n + len(content))
            sts.append(
                StatementEvent(
                    statement_id=statement_id_for(aid, "v1", span),
                    article_id=aid,
                    article_version="v1",
                    article=ctx,
                    article_received_at=published,
                    extractor="bench/1",
                    extracted_at=published,
                    speaker=mention,
                    speaker_canonical=canonical,
                    speaker_type="person",
                    cue="said",
                    content=content,
                    content_span=span,
                    type="direct",
                    confidence=0.9,
                )
            )
        if sts and made + len(sts) < n_statements and repeats.random() < REPEATED:
            again = sts[repeats.randrange(len(sts))]  # its standfirst, say, again in the body
            span = (again.content_span[0] + 5000, again.content_span[1] + 5000)
            sts.append(
                again.model_copy(
                    update={"statement_id": statement_id_for(aid, "v1", span), "content_span": span}
                )
            )
        firsts = first_occurrences((s.statement_id, s.speaker_canonical, s.content) for s in sts)
        sts = [s.model_copy(update={"repeat_of": firsts[s.statement_id]}) for s in sts]
        made += len(sts)
        yield from sts
        yield ArticleProcessedEvent(
            article_id=aid,
            article_version="v1",
            statement_count=len(sts),
            statement_ids=[s.statement_id for s in sts],
            article=ctx,
            article_received_at=published,
            extractor="bench/1",
            extracted_at=published,
        )


def records(events: Iterator[Any]) -> Iterator[Record]:
    """The events as the consumer hands them over (two topics, bytes)."""
    offsets = {"articles": 0, "statements": 0}
    for ev in events:
        topic = "articles" if isinstance(ev, ArticleEvent) else "statements"
        offsets[topic] += 1
        yield Record(
            topic, 0, offsets[topic], ev.article_id.encode(), ev.model_dump_json().encode(), []
        )


def batches(items: Iterator[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def bare_actions(batch: Sequence[Record], statements: str, articles: str) -> list[dict]:
    """What a bare indexer writes for a batch: decoded statements, one merged document
    per article (article event and marker folded), no checks, no derived indices."""
    now = datetime.now(UTC)
    actions: list[dict] = []
    groups: dict[str, list] = {}
    for record in batch:
        item = decode_record(record)
        assert isinstance(item, Decoded), item
        ev = item.event
        if isinstance(ev, StatementEvent):
            actions.append(statement_action(ev, statements, now))
        else:
            groups.setdefault(ev.article_id, []).append(ev)
    for aid, evs in groups.items():
        doc = fold_article(None, evs)
        actions.append({"_op_type": "index", "_index": articles, "_id": aid, "_source": doc})
    return actions


def bare_bulk(es: Elasticsearch, actions: list[dict], chunk_size: int) -> None:
    for ok, item in helpers.streaming_bulk(
        es, actions, chunk_size=chunk_size, raise_on_error=False
    ):
        assert ok, item


@dataclass
class IndexerRatio:
    statements: int
    records: int
    batches: int
    indexer_s: float
    bare_s: float
    derived_s: float
    calls: dict[str, int] = field(default_factory=dict)
    call_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """Indexer throughput / bare bulk throughput (1.0 = as fast): the critical path
        (statements searchable, offsets committed), without the derived worker."""
        return self.bare_s / self.indexer_s if self.indexer_s else 0.0

    @property
    def with_derived(self) -> float:
        """As if the registry and clusters were still written in line (before issue 11)."""
        total = self.indexer_s + self.derived_s
        return self.bare_s / total if total else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "records": self.records,
            "batches": self.batches,
            "indexer_s": round(self.indexer_s, 3),
            "bare_bulk_s": round(self.bare_s, 3),
            "derived_s": round(self.derived_s, 3),
            "indexer_vs_bare_bulk": round(self.ratio, 3),
            "indexer_plus_derived_vs_bare_bulk": round(self.with_derived, 3),
            "derived_vs_plain_indexing": round(self.derived_s / self.indexer_s, 3)
            if self.indexer_s
            else None,
            "derived_ms_per_statement": round(self.derived_s / max(1, self.statements) * 1e3, 3),
            "search_server_calls_per_batch": {
                k: round(v / max(1, self.batches), 2) for k, v in sorted(self.calls.items())
            },
            "search_server_seconds": {k: round(v, 2) for k, v in sorted(self.call_seconds.items())},
        }


class _CallCounter:
    """Counts the requests the client sends (and their seconds), by method and path."""

    def __init__(self, es: Elasticsearch) -> None:
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        transport = es._transport
        original = transport.perform_request

        def counted(method, target, *args, **kwargs):
            path = target.split("?", 1)[0]
            parts = [p for p in path.split("/") if p]
            op = next((p for p in parts if p.startswith("_")), "doc")
            key = f"{method} {op}"
            self.counts[key] = self.counts.get(key, 0) + 1
            started = time.perf_counter()
            try:
                return original(method, target, *args, **kwargs)
            finally:
                took = time.perf_counter() - started
                self.seconds[key] = self.seconds.get(key, 0.0) + took

        transport.perform_request = counted


def fresh_indices(es: Elasticsearch, settings: IndexSettings) -> None:
    names = settings.index_names()
    es.options(ignore_status=404).indices.delete(index=",".join(names.values()))
    ensure_indices(es, names, update_templates=False)


def indexer_vs_bulk(
    es_url: str,
    n_statements: int = 20_000,
    batch_size: int = 500,
    node_class: str | None = None,
    seed: int = 10,
    progress=print,
) -> IndexerRatio:
    """Index the same :func:`newsroom` records with the indexer and with a bare
    ``streaming_bulk`` (separate indices, same server), batch by batch, in turns. The
    derived worker's steps (registry and clusters) run on the indexer's statements in
    batches of ``QW_DERIVED_BATCH_SIZE``, timed apart: they are off the critical path."""
    common = {
        "es_url": es_url,
        "es_node_class": node_class,
        "bulk_batch_size": batch_size,
        "es_request_timeout_s": 120,
    }
    ours = IndexSettings(
        **common,
        statements_index="bench-statements",
        articles_index="bench-articles",
        speakers_index="bench-speakers",
        quotes_index="bench-quotes",
    )
    bare = IndexSettings(
        **common,
        statements_index="bench-bare-statements",
        articles_index="bench-bare-articles",
        speakers_index="bench-bare-speakers",
        quotes_index="bench-bare-quotes",
    )
    from quotewire_common.es import make_es_client

    es = make_es_client(ours)
    counted = make_es_client(ours)
    counter = _CallCounter(counted)
    try:
        fresh_indices(es, ours)
        fresh_indices(es, bare)
        indexer = Indexer(counted, ours)
        derived = DerivedWriter(es, ours)  # not counted: the calls are the indexer's
        behind: list[Record] = []  # statements the derived worker has yet to take
        result = IndexerRatio(0, 0, 0, 0.0, 0.0, 0.0)
        for i, batch in enumerate(batches(records(newsroom(n_statements, seed)), batch_size)):
            runs = [("indexer", lambda b=batch: indexer.index(b))]
            runs.append(
                (
                    "bare",
                    lambda b=batch: bare_bulk(
                        es,
                        bare_actions(b, bare.statements_index, bare.articles_index),
                        batch_size,
                    ),
                )
            )
            if i % 2:
                runs.reverse()
            for name, run in runs:
                started = time.perf_counter()
                out = run()
                took = time.perf_counter() - started
                if name == "indexer":
                    assert out == [], out
                    result.indexer_s += took
                else:
                    result.bare_s += took
            behind += [r for r in batch if r.topic == "statements"]
            if len(behind) >= ours.derived_batch_size:
                result.derived_s += _timed(derived.index, behind)
                behind = []
            result.batches += 1
            result.records += len(batch)
            if result.batches % 20 == 0:
                progress(
                    f"  {result.records} records: indexer {result.indexer_s:.1f} s, "
                    f"bare bulk {result.bare_s:.1f} s"
                )
        if behind:
            result.derived_s += _timed(derived.index, behind)
        result.derived_s += _timed(derived.idle, True)  # what is still pending, as when idle
        result.calls = dict(counter.counts)
        result.call_seconds = dict(counter.seconds)
        es.indices.refresh(index="bench-statements,bench-bare-statements")
        a = es.count(index=ours.statements_index)["count"]
        b = es.count(index=bare.statements_index)["count"]
        assert a == b, f"indexer wrote {a} statements, bare bulk {b}"
        result.statements = a
        return result
    finally:
        counted.close()
        es.close()


def _timed(run: Callable[..., Any], *args: Any) -> float:
    started = time.perf_counter()
    run(*args)
    return time.perf_counter() - started


def pct(values: Sequence[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def search_latencies(
    es: Elasticsearch, settings: IndexSettings, queries: int, seed: int = 10, n_speakers=None
) -> dict[str, dict[str, Any]]:
    """p50/p99/mean in ms per query kind (the index holds :func:`newsroom` data), each
    query asked both ways, interleaved: as the API asks it now (a speaker's facets from
    the registry where current, a highlight only with ``q``) and as it asked it before
    (every facet aggregated, a highlight always; ``[before]``), both with repeats left
    out by the ``first_in_article`` flag. ``differ`` counts the queries whose hits,
    highlights, total or facet counts differ between the two (0: the same answer)."""
    rng = random.Random(seed)
    people = speakers(rng, n_speakers)
    ask = random.Random(seed + 1)
    weights = [p.weight for p in people]
    roles = sorted({p.role for p in people if p.role})

    def person() -> Speaker:
        return ask.choices(people, weights)[0]

    cases = {
        "speaker (full name)": lambda: StatementSearch(speaker=person().name),
        "alias (surname)": lambda: StatementSearch(speaker=person().name.split()[-1]),
        "role": lambda: StatementSearch(speaker=ask.choice(roles)),
        "text": lambda: StatementSearch(q=" ".join(ask.sample(WORDS, 2))),
    }
    out: dict[str, dict[str, Any]] = {}
    index, registry = settings.statements_index, settings.speakers_index
    for label, make in cases.items():
        times: dict[bool, list[float]] = {True: [], False: []}
        differ = 0
        for i in range(queries):
            params = make()
            pages = {}
            for now in (True, False) if i % 2 else (False, True):
                t = time.perf_counter()
                pages[now] = search_statements(es, index, params, 20, registry, True, now)
                times[now].append((time.perf_counter() - t) * 1e3)
            differ += _differ(pages[True], pages[False])
        out[label] = {**_stats(times[True]), "differ": differ}
        out[f"{label} [before]"] = _stats(times[False])
    times = []
    for _ in range(max(queries // 4, 10)):
        params = StatementSearch(speaker=person().name)
        t = time.perf_counter()
        search_quotes(es, index, settings.quotes_index, registry, params)
        times.append((time.perf_counter() - t) * 1e3)
    out["quotes of a speaker"] = _stats(times)
    return out


def _differ(a: Any, b: Any) -> bool:
    """Whether two pages give other hits (ids, in order, and highlights), another total,
    another count for a facet entry both list, or other entries in a facet shorter than
    the 20 asked. Not compared: the facets' order and which entries tie at the cut-off."""
    if a.total != b.total:
        return True
    if [(h.statement_id, h.highlight) for h in a.hits] != [
        (h.statement_id, h.highlight) for h in b.hits
    ]:
        return True
    for facet in ("speakers", "sources", "mentioned"):
        counts = [
            {(c.name, getattr(c, "type", None)): c.count for c in getattr(p, facet)} for p in (a, b)
        ]
        if any(counts[1][k] != n for k, n in counts[0].items() if k in counts[1]):
            return True
        if max(map(len, counts)) < 20 and counts[0].keys() != counts[1].keys():  # not cut off
            return True
    return False


def _stats(times: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(pct(times, 50), 1),
        "p99_ms": round(pct(times, 99), 1),
        "mean_ms": round(statistics.fmean(times), 1),
        "n": len(times),
    }


def load_average() -> float | None:
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def report_ratio(r: IndexerRatio) -> str:
    plain = r.indexer_s
    return (
        f"indexer vs bare streaming_bulk: {r.ratio:.2f}x  ({r.statements} statements, "
        f"{r.records} records in {r.batches} batches; indexer {r.indexer_s:.1f} s, "
        f"bare bulk {r.bare_s:.1f} s)\n"
        f"derived worker (registry+clusters, its own process): {r.derived_s:.1f} s = "
        f"{r.derived_s / plain if plain else 0:.2f} x the indexer's time "
        f"({r.derived_s / max(1, r.statements) * 1e3:.2f} vs "
        f"{plain / max(1, r.statements) * 1e3:.2f} ms per statement); "
        f"both in line would be {r.with_derived:.2f}x bare bulk\n"
        f"search-server calls per batch: {json.dumps(r.summary()['search_server_calls_per_batch'])}\n"
        f"seconds in them: {json.dumps(r.summary()['search_server_seconds'])}"
    )


def load_search_corpus(
    es: Elasticsearch,
    settings: IndexSettings,
    n_statements: int,
    seed: int = 10,
    batch_size: int = 500,
    progress=print,
    quote_statements: int | None = None,
) -> int:
    """Fill fresh indices with :func:`newsroom` data for the search measurement: the
    statements and articles by bare bulk of the indexer's own documents (fast), then the
    derived indices with the indexer's own steps (every registry document once; quote
    clusters per batch for the first ``quote_statements`` statements, all by default:
    on the in-memory server each new quote variant costs milliseconds)."""
    from quotewire_index.derived import Derived

    fresh_indices(es, settings)
    derived = Derived(es, settings, Indexer(es, settings)._bulk)
    done = 0
    for batch in batches(records(newsroom(n_statements, seed)), batch_size):
        actions = bare_actions(batch, settings.statements_index, settings.articles_index)
        bare_bulk(es, actions, batch_size)
        events = [d.event for d in map(decode_record, batch)]
        sts = [e for e in events if isinstance(e, StatementEvent)]
        derived.pending |= {
            a["_source"]["speaker_id"] for a in actions if "speaker_id" in a.get("_source", {})
        }
        if quote_statements is None or done < quote_statements:
            derived.update_quotes(sts)
        done += len(sts)
        if done // 10_000 != (done - len(sts)) // 10_000:
            progress(f"  loaded {done}/{n_statements} statements")
    es.indices.refresh(index=settings.statements_index)
    derived.flush_registry(force=True)
    es.indices.refresh(index=",".join(settings.index_names().values()))
    return int(es.count(index=settings.statements_index)["count"])


#: Text queries whose parts :func:`search_parts` times (two words, as the latencies ask).
PART_TEXTS = ("economy talks", "border nurses", "railway")


def search_parts(
    es: Elasticsearch,
    settings: IndexSettings,
    asked: Sequence[StatementSearch],
    rounds: int = 5,
) -> dict[str, Any]:
    """Where a query's time goes: each part of the statements request the API sends
    (:func:`~quotewire_index.query.build_statements_search`, flagged) asked alone, for
    each of ``asked`` (a speaker is resolved in the registry first, timed apart), the
    parts interleaved round by round in a shuffled order so that all see the same load.
    Returns p50/p99/mean in ms per part, in the order of the request's parts, and
    ``hits matched`` per query."""
    from quotewire_index.query import build_statements_search
    from quotewire_index.search import resolve

    index, registry = settings.statements_index, settings.speakers_index
    bodies = {}
    times: dict[str, list[float]] = {"resolve (registry reads)": []}
    hits: dict[str, int] = {}
    for asked_params in asked:
        label = asked_params.speaker or f"q={asked_params.q}"
        t = time.perf_counter()
        params, _match = resolve(es, registry, asked_params)
        if asked_params.speaker:
            times["resolve (registry reads)"].append((time.perf_counter() - t) * 1e3)
        bodies[label] = (
            build_statements_search(params, 20, flagged=True, lean=False),
            build_statements_search(params, 20, flagged=True),
            build_statements_search(params, 20, flagged=True, facets=False),
        )
        hits[label] = int(es.count(index=index, query=bodies[label][1]["query"])["count"])
    for full in bodies.values():  # the parts in the request's order
        times |= {part: [] for part in _request_parts(*full) if part not in times}
    for _ in range(rounds):
        for full in bodies.values():
            parts = _request_parts(*full)
            for part in random.sample(list(parts), len(parts)):
                body = parts[part]
                t = time.perf_counter()
                if "_registry_id" in body:
                    es.get(index=registry, id=body["_registry_id"])
                else:
                    es.search(index=index, **body)
                times[part].append((time.perf_counter() - t) * 1e3)
    out: dict[str, Any] = {k: _stats(v) for k, v in times.items() if v}
    out["hits matched"] = hits
    return out


def _request_parts(
    full: dict[str, Any], lean: dict[str, Any], lean_hits: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The parts of one statements request as it was (``full``), each a request, and
    the lean request with and without its aggregations (:func:`search_parts`)."""
    plain = {k: full[k] for k in ("query", "from_", "size", "sort")}
    no_total = {**plain, "track_total_hits": False}
    aggs = full.get("aggs") or {}
    parts: dict[str, dict[str, Any]] = {
        "full request (as the API before)": full,
        "hits: query+sort+page, no total": no_total,
        "+ track_total_hits": {**no_total, "track_total_hits": True},
        "+ track_total_hits 10,000": {**no_total, "track_total_hits": 10_000},
        "+ highlight": {**no_total, "highlight": full["highlight"]},
        "hits, no sort (by _doc)": {**no_total, "sort": ["_doc"]},
        "hits, _source narrowed": {
            **no_total,
            "source_excludes": ["mentions", "co_speakers", "article_received_at"],
        },
        "hits, no _source": {**no_total, "source": False},
        "count only": {"query": full["query"], "size": 0, "track_total_hits": True},
        "all aggregations, no hits": {
            "query": full["query"],
            "size": 0,
            "track_total_hits": False,
            "aggs": aggs,
        },
    }
    parts["lean request, all aggregations"] = lean
    parts["lean request, no aggregations"] = lean_hits
    for agg in aggs:
        parts[f"aggregation {agg} alone"] = {
            **parts["all aggregations, no hits"],
            "aggs": {agg: aggs[agg]},
        }
    ids = [f["terms"]["speaker_id"] for f in full["query"]["bool"]["filter"] if "terms" in f]
    if ids and len(ids[0]) == 1:
        parts["hits: term on speaker_id only"] = {
            **no_total,
            "query": {"term": {"speaker_id": ids[0][0]}},
        }
        parts["registry get (one doc)"] = {"_registry_id": ids[0][0]}
    return parts
