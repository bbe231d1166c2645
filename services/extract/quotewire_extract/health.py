"""Liveness of the extract worker for a container healthcheck (it serves no HTTP).

The worker beats ``QW_HEALTH_FILE`` every ``QW_HEALTH_INTERVAL_S`` seconds once its
extractor is loaded and its event loop runs (a :class:`quotewire_common.health.Heartbeat`
driven by a faust timer). With ``QW_EXTRACT_WORKERS`` > 1 each worker process beats its
own file and the supervisor beats ``QW_HEALTH_FILE`` while all of them are fresh. The
containers check it with ``deploy/healthcheck.py heartbeat``; this module is the same
check for a shell:

    python -m quotewire_extract.health            # exit 0 if touched recently, else 1
    python -m quotewire_extract.health --max-age 30
"""

import argparse
import sys
from pathlib import Path

from quotewire_common.health import age_s, check, remove, touch

from quotewire_extract.settings import ExtractSettings

__all__ = ["age_s", "main", "remove", "touch"]


def main(argv: list[str] | None = None) -> int:
    settings = ExtractSettings()
    parser = argparse.ArgumentParser(prog="python -m quotewire_extract.health")
    parser.add_argument("--file", type=Path, default=settings.health_file)
    parser.add_argument(
        "--max-age",
        type=float,
        default=max(3 * settings.health_interval_s, 15.0),
        help="seconds; older heartbeat = unhealthy",
    )
    args = parser.parse_args(argv)
    problem = check(args.file, args.max_age)
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print(f"healthy: {args.file} touched {age_s(args.file):.1f}s ago")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
