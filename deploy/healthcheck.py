"""Container healthcheck for the quotewire images (standard library only).

    python /app/healthcheck.py http /healthz [--port-env QW_INGEST_PORT] [--port 8000]
        healthy when GET http://127.0.0.1:<port><path> answers 2xx within 3 s.

    python /app/healthcheck.py heartbeat
        healthy when the worker touched $QW_HEALTH_FILE within $QW_HEALTH_MAX_AGE_S
        seconds (default 60). The extract worker touches that file from its event loop,
        the indexer from its poll loop (every QW_HEALTH_INTERVAL_S; quotewire_common.health),
        so a hung worker turns unhealthy, not only a dead one.

    python /app/healthcheck.py process <console-script>
        healthy while a process runs that console script (for workers without heartbeat).

Exit code 0 = healthy, 1 = unhealthy (the reason is printed; `docker inspect` shows it).
"""

import argparse
import os
import sys
import time
import urllib.error
import urllib.request


def check_http(path: str, port: int, timeout_s: float = 3.0) -> str | None:
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            if 200 <= response.status < 300:
                return None
            return f"{url} answered {response.status}"
    except (urllib.error.URLError, OSError) as exc:
        return f"{url}: {exc}"


def check_heartbeat(path: str | None, max_age_s: float, now: float | None = None) -> str | None:
    if not path:
        return "QW_HEALTH_FILE is not set"
    try:
        age = (time.time() if now is None else now) - os.stat(path).st_mtime
    except OSError as exc:
        return f"no heartbeat yet: {exc}"
    if age > max_age_s:
        return f"heartbeat is {age:.0f}s old (limit {max_age_s:.0f}s)"
    return None


def check_process(script: str, proc: str = "/proc") -> str | None:
    """Some other process has ``script`` (a console script's name) as argv[0] or argv[1]."""
    me = os.getpid()
    for entry in os.listdir(proc):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(os.path.join(proc, entry, "cmdline"), "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if any(os.path.basename(a.decode(errors="replace")) == script for a in argv[:2]):
            return None
    return f"no running {script} process"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="quotewire container healthcheck")
    sub = parser.add_subparsers(dest="mode", required=True)
    http = sub.add_parser("http", help="GET a local HTTP path")
    http.add_argument("path")
    http.add_argument("--port", type=int, default=8000)
    http.add_argument("--port-env", help="environment variable that overrides --port")
    sub.add_parser("heartbeat", help="check the worker's heartbeat file")
    process = sub.add_parser("process", help="check that a console script is running")
    process.add_argument("script")
    args = parser.parse_args(argv)

    if args.mode == "http":
        port = int(os.environ.get(args.port_env, args.port)) if args.port_env else args.port
        problem = check_http(args.path, port)
    elif args.mode == "process":
        problem = check_process(args.script)
    else:
        problem = check_heartbeat(
            os.environ.get("QW_HEALTH_FILE"), float(os.environ.get("QW_HEALTH_MAX_AGE_S", "60"))
        )
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
