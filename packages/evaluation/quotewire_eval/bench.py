"""Throughput benchmark: quotewire extractor vs bare ``nlp.pipe`` of the same model.

Prints articles/s and words/s of both (same process, same texts), their ratio, the F1 of
the extractor in the same run, peak RSS per worker process and the speed-up of two
worker processes over one.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import resource
import time
from dataclasses import dataclass

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


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _worker(texts, batch_size, barrier, results):
    from quotewire_extract.extractor import Extractor

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
    procs = [ctx.Process(target=_worker, args=(share, batch_size, barrier, results)) for share in shares]
    for p in procs:
        p.start()
    got = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return max(t for t, _ in got), [rss for _, rss in got]
