"""Liveness of the extract worker for a container healthcheck (it serves no HTTP).

The worker touches ``QW_HEALTH_FILE`` every ``QW_HEALTH_INTERVAL_S`` seconds once its
extractor is loaded and its event loop runs. The check passes while the file is fresh:

    python -m quotewire_extract.health            # exit 0 if touched recently, else 1
    python -m quotewire_extract.health --max-age 30
"""

import argparse
import os
import sys
import time
from pathlib import Path

from quotewire_extract.settings import ExtractSettings


def touch(path: Path) -> None:
    """Create or refresh the heartbeat file (atomic enough for a checker: mtime only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(exist_ok=True)
    os.utime(path, None)


def remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def age_s(path: Path) -> float | None:
    """Seconds since the file was last touched; None when it does not exist."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None


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
    if args.file is None:
        print("no health file configured (QW_HEALTH_FILE is empty)", file=sys.stderr)
        return 1
    age = age_s(args.file)
    if age is None:
        print(f"unhealthy: {args.file} does not exist", file=sys.stderr)
        return 1
    if age > args.max_age:
        print(f"unhealthy: {args.file} last touched {age:.0f}s ago", file=sys.stderr)
        return 1
    print(f"healthy: {args.file} touched {age:.1f}s ago")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
