"""Dump the extract worker's events for JSONL articles, or compare two dumps: a check that a
performance change leaves the extractor's output byte-identical.

    python tools/extract_events_dump.py dump OUT.jsonl data/attribution/*.jsonl [more.jsonl]
    python tools/extract_events_dump.py diff BEFORE.jsonl AFTER.jsonl

``dump`` runs the worker's own steps (decode → size → language → extract → build events,
batches of ``--batch``) over every article of the given files (a ``text`` field per line)
and writes one line per article: its id and the exact bytes of every event it would
publish. Write the dumps outside the repository when the articles are not ours to commit.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from quotewire_extract.app import load_default_extractor
from quotewire_extract.bench import articles, run_all
from quotewire_extract.steps import Extracted


def dump(out: Path, paths: list[Path], batch: int) -> None:
    values = articles(paths)
    extract, name = load_default_extractor()

    started = time.perf_counter()
    statements = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(0, len(values), batch):
            chunk = values[i : i + batch]
            for value, outcome in zip(chunk, run_all(chunk, extract, name, batch)[1]):
                article_id = json.loads(value)["article_id"]
                if isinstance(outcome, Extracted):
                    events = [v.decode() for _, v in outcome.records()]
                    statements += len(outcome.statements)
                else:
                    events = [repr(outcome)]
                fh.write(json.dumps({"article": article_id, "events": events}) + "\n")
            print(
                f"\r{min(i + batch, len(values))}/{len(values)} articles", end="", file=sys.stderr
            )
    print(
        f"\n{len(values)} articles, {statements} statements in "
        f"{time.perf_counter() - started:.1f} s -> {out}",
        file=sys.stderr,
    )


def diff(before: Path, after: Path) -> int:
    a = before.read_text("utf-8").splitlines()
    b = after.read_text("utf-8").splitlines()
    if len(a) != len(b):
        print(f"different article counts: {len(a)} vs {len(b)}")
        return 1
    differing = [json.loads(x)["article"] for x, y in zip(a, b) if x != y]
    for article in differing[:20]:
        print(f"differs: {article}")
    print(f"{len(a)} articles, {len(differing)} with different events")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the events of every article")
    d.add_argument("out", type=Path)
    d.add_argument("inputs", nargs="+", type=Path)
    d.add_argument("--batch", type=int, default=16)
    c = sub.add_parser("diff", help="compare two dumps (exit 1 if any article differs)")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.inputs, args.batch)
    else:
        sys.exit(diff(args.before, args.after))


if __name__ == "__main__":
    main()
