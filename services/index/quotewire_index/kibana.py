"""Import Kibana saved objects (an NDJSON export) through Kibana's HTTP API. Generic: any
export file, any Kibana; used by ``quotewire-index-setup`` when ``QW_KIBANA_URL`` is set."""

import logging
import time
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger(__name__)


def wait_for_kibana(client: httpx.Client, timeout_s: float) -> None:
    """Kibana answers ``/api/status`` with 200 once it is available (503 while starting)."""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        try:
            resp = client.get("/api/status")
            if resp.status_code == 200:
                return
            last = f"HTTP {resp.status_code}"
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(1.0)
    raise TimeoutError(f"Kibana not available within {timeout_s:.0f}s: {last}")


def import_saved_objects(
    kibana_url: str,
    path: Path,
    *,
    auth: tuple[str, str] | None = None,
    overwrite: bool = True,
    timeout_s: float = 120.0,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any]:
    """POST the file to ``/api/saved_objects/_import``; returns Kibana's answer.

    Raises ``RuntimeError`` when Kibana reports errors for some objects.
    """
    data = Path(path).read_bytes()
    with httpx.Client(
        base_url=kibana_url.rstrip("/"),
        auth=auth,
        timeout=30.0,
        transport=transport,
        headers={"kbn-xsrf": "true"},
    ) as client:
        wait_for_kibana(client, timeout_s)
        resp = client.post(
            "/api/saved_objects/_import",
            params={"overwrite": str(overwrite).lower()},
            files={"file": (Path(path).name, data, "application/ndjson")},
        )
        resp.raise_for_status()
        result = resp.json()
    if not result.get("success", False):
        raise RuntimeError(f"Kibana import reported errors: {result.get('errors')}")
    log.info(
        "imported Kibana saved objects",
        extra={"file": str(path), "objects": result.get("successCount", 0)},
    )
    return result
