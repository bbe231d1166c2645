"""Demo, not a test: an alert made with the CLI, and what its webhook receives for the
seed article, on the local stack.

    .venv/bin/python -m tests.integration.demo_alerts

Starts the local stack (free ports, logs in a temporary directory) and a receiver on
loopback (allowed with QW_FETCH_ALLOW), runs ``quotewire alerts add --speaker Peskov``
and ``quotewire ingest --source AFP seeds/000_*.txt`` as a user would, then prints
the CLI's output, each delivery's headers and signature check, and the first body.
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from quotewire_devstack.services import script
from quotewire_devstack.stack import LocalStack

from tests.integration.alerts_support import Receiver, verify

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(*argv: str) -> str:
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


def main() -> None:
    os.environ["QW_FETCH_ALLOW"] = "127.0.0.1"
    os.environ["QW_ALERTS_RELOAD_S"] = "1"
    receiver = Receiver().start()
    with tempfile.TemporaryDirectory(prefix="qw-alerts-demo-") as tmp:
        stack = LocalStack(Path(tmp) / "logs")
        try:
            stack.start()
            for proc in stack.services:
                if proc.health_url:
                    proc.wait_healthy(180)
            cli = [script("quotewire")]
            print("$ quotewire alerts add --speaker Peskov --webhook", receiver.url("/desk"))
            added = run(
                *cli, "alerts", "add", "--api", stack.search_url, "--speaker", "Peskov",
                "--webhook", receiver.url("/desk"), "--name", "Kremlin spokesman", "--json",
            )  # fmt: skip
            created = json.loads(added)
            print(json.dumps({**created, "secret": created["secret"][:12] + "…"}, indent=2))
            print(run(*cli, "alerts", "list", "--api", stack.search_url))
            time.sleep(2)
            seed = next(SEEDS.glob("000_*.txt"))
            print(f"$ quotewire ingest --source AFP {seed.name}")
            print(run(*cli, "ingest", "--api", stack.ingest_url, "--source", "AFP", str(seed)))
            got = receiver.wait("/desk", 1, timeout_s=180)
            time.sleep(3)
            got = receiver.at("/desk")
            print(f"{len(got)} deliveries to the receiver:")
            for r in got:
                check = verify(created["secret"], r) or "signature OK"
                content = r.json["statement"]["content"]
                print(f"  {r.key}  {check}  {r.json['speaker']['name']}: {content[:70]!r}")
            print("headers of the first:", json.dumps({
                k: v for k, v in got[0].headers.items() if k.startswith(("x-quotewire", "idem"))
            }, indent=2))  # fmt: skip
            print("body of the first:")
            print(json.dumps(got[0].json, indent=2, ensure_ascii=False))
        finally:
            stack.stop()
            receiver.stop()


if __name__ == "__main__":
    main()
