"""Deterministic cost of the extractor's fast path: Python function calls per profiled run.

    .venv/bin/python tools/profile_calls.py            # total calls over the gold texts
    .venv/bin/python tools/profile_calls.py --top 30   # and the busiest quotewire_attribution functions

Wall-clock benchmarks (``make bench``) flake on a shared machine; the number of calls does not.
It runs the fast path once over every text of ``data/attribution/*.jsonl`` (after a warm-up on
three of them) under cProfile. spaCy's ``Doc.push_back`` is left out of the total: its count
flips between two values from one process to the next, whatever the code.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
from pathlib import Path

from quotewire_attribution import Extractor

GOLD = Path(__file__).resolve().parent.parent / "data" / "attribution"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--top", type=int, default=0, help="list this many busiest functions")
    args = ap.parse_args()
    texts = [
        json.loads(line)["text"]
        for f in sorted(GOLD.glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ex = Extractor(fast=True).load()
    for t in texts[:3]:
        ex.extract(t)
    prof = cProfile.Profile()
    prof.enable()
    n = sum(len(ex.extract(t)) for t in texts)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    push_back = sum(v[1] for k, v in stats.items() if k[2].endswith("push_back"))
    total = sum(v[1] for v in stats.values()) - push_back
    print(f"{len(texts)} texts, {n} statements, {total:,} calls (Doc.push_back left out)")
    if args.top:
        rows = sorted(
            (
                (v[1], f"{Path(k[0]).name}:{k[2]}")
                for k, v in stats.items()
                if "quotewire_attribution" in k[0]
            ),
            reverse=True,
        )
        for calls, name in rows[: args.top]:
            print(f"{calls:>10,}  {name}")


if __name__ == "__main__":
    main()
