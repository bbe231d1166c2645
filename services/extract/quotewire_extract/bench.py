"""The worker's extraction, batched against one article at a time, in one process.

    python -m quotewire_extract.bench data/attribution/*.jsonl [--batch 16] [--rounds 3]

Both sides run the worker's own steps (:func:`~quotewire_extract.steps.process_batch`:
decode → size → language → extract → build events) on the same encoded articles with
the same loaded extractor: one message per call (``nlp.pipe`` of one text, what the
worker did before) against ``--batch`` messages per call (one ``nlp.pipe`` over their
texts), alternating in rounds so the machine's load hits both alike. It prints
articles/s of each, their ratio, and whether the events are identical (then F1 is too).
"""

import argparse
import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from quotewire_contracts import ArticleEvent, article_version_for

from quotewire_extract.app import load_default_extractor
from quotewire_extract.steps import Extracted, process_batch

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def articles(paths: list[Path]) -> list[bytes]:
    out = []
    for path in paths:
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            title, _, body = text.partition("\n")
            if not body.strip():
                title, body = "Story", text
            event = ArticleEvent(
                article_id=f"{path.stem}-{n}",
                article_version=article_version_for(title, body),
                title=title,
                body=body,
                received_at=NOW,
            )
            out.append(event.model_dump_json().encode())
    return out


def run_all(values: list[bytes], extract, name: str, batch: int) -> tuple[float, list]:
    async def go() -> list:
        outcomes = []
        for i in range(0, len(values), batch):
            outcomes += await process_batch(
                values[i : i + batch],
                extract=extract,
                extract_many=extract.many,
                extractor_name=name,
                max_chars=200_000,
                now=lambda: NOW,
            )
        return outcomes

    started = time.perf_counter()
    outcomes = asyncio.run(go())
    return time.perf_counter() - started, outcomes


def records(outcomes: list) -> list:
    return [o.records() if isinstance(o, Extracted) else repr(o) for o in outcomes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="JSONL files with a text field")
    parser.add_argument("--batch", type=int, default=16, help="articles per nlp.pipe batch")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="also one JSON line at the end")
    args = parser.parse_args()
    values = articles(args.gold)
    extract, name = load_default_extractor()
    run_all(values[:8], extract, name, 4)  # warm-up
    one_s = many_s = 0.0
    one_out = many_out = None
    for _ in range(args.rounds):
        took, one_out = run_all(values, extract, name, 1)
        one_s += took
        took, many_out = run_all(values, extract, name, args.batch)
        many_s += took
    n = len(values) * args.rounds
    same = records(one_out) == records(many_out)
    result = {
        "articles": len(values),
        "rounds": args.rounds,
        "batch": args.batch,
        "one_at_a_time_articles_per_s": round(n / one_s, 1),
        "batched_articles_per_s": round(n / many_s, 1),
        "ratio_batched_vs_one": round(one_s / many_s, 2),
        "identical_events": same,
    }
    print(
        f"{len(values)} articles x {args.rounds} rounds: one at a time "
        f"{result['one_at_a_time_articles_per_s']} articles/s, batches of {args.batch} "
        f"{result['batched_articles_per_s']} articles/s: x{result['ratio_batched_vs_one']}; "
        f"events {'identical' if same else 'DIFFERENT'} (so F1 is "
        f"{'the same' if same else 'to be compared with quotewire eval'})"
    )
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
