"""Shared test configuration: where Docker is usable, decided once per session."""

import os
import shutil
import subprocess
from functools import cache

# Apps built in tests (and the services they start) run without API keys, like the local
# stack; the tests of the keys pass QW_AUTH_REQUIRED=true themselves.
os.environ.setdefault("QW_AUTH_REQUIRED", "false")


@cache
def docker_available() -> bool:
    """A Docker engine answers (not just the client): ``docker info`` exits 0."""
    if shutil.which("docker") is None:
        return False
    try:
        return (
            subprocess.run(
                ["docker", "info"], capture_output=True, timeout=15, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
