"""Throughput benchmark: quotewire extractor vs bare ``nlp.pipe`` of the same model.

Same process, same texts, interleaved rounds (bare, fast, full, bare, fast, full, ...) so
a noisy neighbour slows every system alike; the ratio printed is the median of the
per-round ratios. Also printed: articles/s and words/s, the F1 of the fast and the full
path in the same run, peak RSS of each worker process and the speed-up of two worker
processes over one.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r"\w+")


@dataclass
class Throughput:
    seconds: float
    articles: int
    words: int

    @property
    def aps(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def wps(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass
class Rounds:
    """Seconds per round of each system, measured interleaved."""

    seconds: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.seconds.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def ratio(self, base: str, name: str) -> float:
        """Median over rounds of base seconds / name seconds (> 1: ``name`` is faster)."""
        return statistics.median(b / s for b, s in zip(self.seconds[base], self.seconds[name]))

    def spread(self, base: str, name: str) -> tuple[float, float]:
        rs = [b / s for b, s in zip(self.seconds[base], self.seconds[name])]
        return min(rs), max(rs)


def corpus(docs: list[dict], n_articles: int) -> list[str]:
    texts = [d["text"] for d in docs]
    if not texts:
        return []
    return [texts[i % len(texts)] for i in range(n_articles)]


def count_words(texts: list[str]) -> int:
    return sum(len(WORD.findall(t)) for t in texts)


def time_bare(nlp, texts: list[str], batch_size: int) -> Throughput:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return Throughput(time.perf_counter() - t0, len(texts), count_words(texts))


def time_extractor(extractor, texts: list[str], batch_size: int) -> Throughput:
    t0 = time.perf_counter()
    for _ in extractor.extract_many(texts, batch_size=batch_size):
        pass
    return Throughput(time.perf_counter() - t0, len(texts), count_words(texts))


def interleaved(systems: dict[str, Callable[[], object]], rounds: int) -> Rounds:
    """Run every system once per round, in turn; the per-round seconds of each."""
    out = Rounds()
    for r in range(rounds):
        order = list(systems.items())
        if r % 2:  # alternate the order too (A B C, C B A, ...): no system always goes first
            order.reverse()
        for name, run in order:
            t0 = time.perf_counter()
            run()
            out.add(name, time.perf_counter() - t0)
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB.

    ``VmHWM`` of /proc/self/status is this process's own high-water mark (``ru_maxrss``
    of a spawned child also counts the parent's memory it was forked from before exec).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _worker(texts, batch_size, barrier, results):
    from quotewire_attribution.extractor import Extractor

    ex = Extractor(fast=True).load()
    for _ in ex.extract_many(texts[:4], batch_size=batch_size):  # warm-up
        pass
    barrier.wait()
    t0 = time.perf_counter()
    for _ in ex.extract_many(texts, batch_size=batch_size):
        pass
    results.put((time.perf_counter() - t0, peak_rss_mb()))


def run_workers(texts: list[str], n_workers: int, batch_size: int) -> tuple[float, list[float]]:
    """Wall time of ``n_workers`` processes sharing ``texts`` (model load excluded), peak RSS each."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n_workers)
    results = ctx.Queue()
    shares = [texts[i::n_workers] for i in range(n_workers)]
    procs = [
        ctx.Process(target=_worker, args=(share, batch_size, barrier, results)) for share in shares
    ]
    for p in procs:
        p.start()
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return max(t for t, _ in got), [rss for _, rss in got]


def identical_statements(a: list[list], b: list[list]) -> int:
    """Documents whose statements (spans, speaker, canonical, cue, type) are the same in a and b."""

    def key(stmts):
        return sorted(
            (
                s.content_span,
                s.speaker_span,
                s.speaker_canonical,
                s.speaker_type,
                s.cue_span,
                s.type,
            )
            for s in stmts
        )

    return sum(key(x) == key(y) for x, y in zip(a, b))


def stage_seconds(
    extractor, texts: list[str], batch_size: int
) -> tuple[dict[str, float], dict[str, int]]:
    """One fast-path pass over ``texts`` timed stage by stage (the stages run in sequence, as
    in ``extract_many``), and the tokens each model stage reads."""
    nlp = extractor.nlp
    sec: dict[str, float] = {}
    t0 = time.perf_counter()
    jobs = [extractor._prepare(t) for t in texts]
    sec["prepare (select, quote elision)"] = time.perf_counter() - t0
    subs = [j.sel.text for j in jobs]
    docs = [nlp.make_doc(t) for t in subs]
    for name, proc in nlp.pipeline:
        if name == "ner":
            continue
        t0 = time.perf_counter()
        docs = (
            list(proc.pipe(docs, batch_size=batch_size))
            if hasattr(proc, "pipe")
            else [proc(d) for d in docs]
        )
        sec[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ner_tokens = extractor._type_entities(docs, batch_size)
    sec[f"ner ({extractor.ner})"] = time.perf_counter() - t0
    with_mentions, extractor.mentions = extractor.mentions, False
    t0 = time.perf_counter()
    try:
        found = [extractor._finish(d, j) for d, j in zip(docs, jobs)]
    finally:
        extractor.mentions = with_mentions
    sec["attribution rules"] = time.perf_counter() - t0
    if with_mentions:  # the same statements, then their mentions (what _finish adds)
        t0 = time.perf_counter()
        for d, j, statements in zip(docs, jobs, found):
            if statements:
                extractor._with_mentions(d, j, statements)
        sec["statement mentions"] = time.perf_counter() - t0
    tokens = {
        "article": sum(len(nlp.make_doc(t)) for t in texts),
        "parsed": sum(len(d) for d in docs),
        "ner": ner_tokens,
    }
    return sec, tokens


def run_bench(
    gold_sets: dict[str, list[dict]],
    *,
    articles: int,
    batch_size: int,
    rounds: int,
    workers: bool,
    console,
) -> None:
    """Measure and print every table of ``quotewire bench``."""
    import importlib

    from quotewire_attribution.extractor import EXTRACTOR_NAME, Extractor
    from quotewire_attribution.extractor import MODEL_PACKAGE as MODEL
    from rich.table import Table

    from .metrics import score_corpus

    docs = [d for ds in gold_sets.values() for d in ds]
    texts = corpus(docs, articles)
    words = count_words(texts)
    console.print(
        f"benchmark: {len(texts)} articles ({words} words) from {len(docs)} gold documents, "
        f"batch size {batch_size}, {rounds} interleaved rounds"
    )
    bare_nlp = importlib.import_module(MODEL).load()
    fast = Extractor(fast=True).load()
    slow = Extractor(fast=False, nlp=fast.nlp)  # same pipeline object: only the input differs
    # the fast path without statement mentions: what finding them costs
    plain = Extractor(fast=True, nlp=fast.nlp, mentions=False)
    for warm in (
        lambda: list(bare_nlp.pipe(texts[:16])),
        lambda: list(fast.extract_many(texts[:16])),
        lambda: list(slow.extract_many(texts[:16])),
        lambda: list(plain.extract_many(texts[:16])),
    ):
        warm()

    def drain(it):
        for _ in it:
            pass

    systems = {
        "bare": lambda: drain(bare_nlp.pipe(texts, batch_size=batch_size)),
        "fast": lambda: drain(fast.extract_many(texts, batch_size=batch_size)),
        "full": lambda: drain(slow.extract_many(texts, batch_size=batch_size)),
        "plain": lambda: drain(plain.extract_many(texts, batch_size=batch_size)),
    }
    res = interleaved(systems, rounds)
    table = Table(
        title=f"throughput (same process, same texts; median of {rounds} interleaved rounds)"
    )
    for col in ("system", "seconds", "articles/s", "words/s", "ratio vs bare", "ratio range"):
        table.add_column(col, justify="right")
    console.print(
        f"bare = nlp.pipe of {MODEL} ({', '.join(bare_nlp.pipe_names)}); fast / full = "
        f"{EXTRACTOR_NAME} extract_many, fast path / every word parsed"
    )
    labels = {
        "bare": "bare nlp.pipe",
        "fast": "fast path",
        "full": "full parse",
        "plain": "fast, no mentions",
    }
    for name in ("bare", "fast", "full", "plain"):
        sec = res.median(name)
        lo, hi = res.spread("bare", name)
        table.add_row(
            labels[name],
            f"{sec:.2f}",
            f"{len(texts) / sec:.1f}",
            f"{words / sec:.0f}",
            f"{res.ratio('bare', name):.2f}",
            f"{lo:.2f}-{hi:.2f}",
        )
    console.print(table)
    console.print(
        f"[bold]ratio fast path / bare nlp.pipe (median): {res.ratio('bare', 'fast'):.2f}[/bold]"
    )
    console.print(
        f"fast path with / without statement mentions: {res.ratio('fast', 'plain'):.3f} "
        f"(median of per-round ratios; without them the ratio to bare is "
        f"{res.ratio('bare', 'plain'):.2f}); their stage share below is the steadier figure"
    )
    sec, toks = stage_seconds(fast, texts, batch_size)
    stages = Table(title="fast path by stage (one extra pass, same texts; shares of the stage sum)")
    for col in ("stage", "seconds", "share"):
        stages.add_column(col, justify="right")
    total = sum(sec.values()) or 1.0
    for name, v in sec.items():
        stages.add_row(name, f"{v:.2f}", f"{v / total:.0%}")
    stages.add_row("sum", f"{total:.2f}", "100%")
    console.print(stages)
    if "statement mentions" in sec:
        console.print(
            f"statement mentions: {sec['statement mentions'] / total:.1%} of the fast path "
            f"(stage sum); ratio to bare without them ≈ ratio x {total / (total - sec['statement mentions']):.3f}"
        )
    console.print(
        f"tokens read: model {toks['parsed']}/{toks['article']} ({toks['parsed'] / max(1, toks['article']):.0%}), "
        f"NER {toks['ner']} ({toks['ner'] / max(1, toks['article']):.0%} of the article tokens)"
    )

    f1 = Table(title="quality in the same run (gold documents once)")
    for col in (
        "gold",
        "mode",
        "exact F1",
        "lenient F1",
        "e2e F1",
        "e2e exact",
        "e2e canon.",
        "fast=full",
    ):
        f1.add_column(col, justify="right")
    for gold_name, gdocs in gold_sets.items():
        gtexts = [d["text"] for d in gdocs]
        outs = {
            label: list(ex.extract_many(gtexts, batch_size=batch_size, errors="return"))
            for label, ex in (("fast", fast), ("full", slow))
        }
        same = identical_statements(*outs.values())
        for label, out in outs.items():
            preds = {
                d["doc_id"]: [s.as_dict() for s in r] if isinstance(r, list) else []
                for d, r in zip(gdocs, out)
            }
            s = score_corpus(gdocs, preds)
            f1.add_row(
                gold_name.removesuffix(".jsonl"),
                label,
                f"{s.exact.f1:.3f}",
                f"{s.lenient.f1:.3f}",
                f"{s.e2e.f1:.3f}",
                f"{s.e2e_exact.f1:.3f}",
                f"{s.e2e_canonical.f1:.3f}",
                f"{same}/{len(gdocs)}",
            )
    console.print(f1)
    console.print(
        f"peak RSS of this process (bare model + extractor pipeline): {peak_rss_mb():.0f} MiB"
    )
    if workers:
        t1, rss1 = run_workers(texts, 1, batch_size)
        t2, rss2 = run_workers(texts, 2, batch_size)
        w = Table(title="worker processes (fast path, model load excluded)")
        for col in (
            "workers",
            "wall seconds",
            "articles/s",
            "words/s",
            "peak RSS per worker (MiB)",
        ):
            w.add_column(col, justify="right")
        w.add_row(
            "1",
            f"{t1:.2f}",
            f"{len(texts) / t1:.1f}",
            f"{words / t1:.0f}",
            ", ".join(f"{r:.0f}" for r in rss1),
        )
        w.add_row(
            "2",
            f"{t2:.2f}",
            f"{len(texts) / t2:.1f}",
            f"{words / t2:.0f}",
            ", ".join(f"{r:.0f}" for r in rss2),
        )
        console.print(w)
        console.print(f"speed-up of 2 workers over 1: {t1 / t2:.2f}x")
