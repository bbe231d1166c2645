"""Run extractors over gold documents and score them."""

from __future__ import annotations

from rich.progress import Progress

from .metrics import Scores, score_corpus


def run_quotewire(
    docs: list[dict],
    extractor,
    batch_size: int = 16,
    progress: Progress | None = None,
    failures: list[str] | None = None,
) -> dict[str, list[dict]]:
    """Predictions per doc_id. A document the extractor fails on is scored as empty and
    reported in ``failures`` ("doc_id: error") rather than stopping the run."""
    out: dict[str, list[dict]] = {}
    task = progress.add_task("quotewire", total=len(docs)) if progress else None
    texts = [d["text"] for d in docs]
    for doc, stmts in zip(
        docs, extractor.extract_many(texts, batch_size=batch_size, errors="return")
    ):
        if isinstance(stmts, Exception):
            if failures is not None:
                failures.append(f"{doc['doc_id']}: {stmts}")
            stmts = []
        out[doc["doc_id"]] = [s.as_dict() for s in stmts]
        if progress:
            progress.advance(task)
    return out


def run_baseline(
    docs: list[dict], baseline, progress: Progress | None = None
) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    task = progress.add_task("textacy baseline", total=len(docs)) if progress else None
    for doc, stmts in zip(docs, baseline.extract_many([d["text"] for d in docs])):
        out[doc["doc_id"]] = stmts
        if progress:
            progress.advance(task)
    return out


def score(docs: list[dict], preds: dict[str, list[dict]]) -> Scores:
    return score_corpus(docs, preds)
