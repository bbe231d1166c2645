"""Import Kibana saved objects (an NDJSON export) through Kibana's HTTP API. Generic: any
export file, any Kibana. ``quotewire-kibana-import`` (the compose ``kibana-objects``
one-shot) and ``quotewire-index-setup`` when ``QW_KIBANA_URL`` is set.

Only what is missing is imported (``overwrite=false``): an object that exists already
(same type and id) comes back as a conflict, is left as the newsroom edited it, and is
counted as kept. ``QW_KIBANA_OVERWRITE=true`` puts the shipped versions back."""

import logging
from pathlib import Path
from typing import Any

import httpx
from quotewire_common.waiting import wait_until

log = logging.getLogger(__name__)


def wait_for_kibana(client: httpx.Client, timeout_s: float) -> None:
    """Kibana answers ``/api/status`` with 200 once it is available (503 while starting)."""
    answers: list[str] = []

    def available() -> bool:
        status = client.get("/api/status").status_code
        answers.append(f"HTTP {status}")
        return status == 200

    try:
        wait_until(available, timeout_s, 1.0, "Kibana not available", retry_on=(httpx.HTTPError,))
    except TimeoutError as exc:
        raise TimeoutError(f"{exc} (last answer: {answers[-1] if answers else 'none'})") from None


def import_saved_objects(
    kibana_url: str,
    path: Path,
    *,
    auth: tuple[str, str] | None = None,
    overwrite: bool = False,
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
    errors = result.get("errors") or []
    kept = [e for e in errors if (e.get("error") or {}).get("type") == "conflict"]
    failed = [e for e in errors if e not in kept]
    if failed or (not result.get("success", False) and not kept):
        raise RuntimeError(f"Kibana import reported errors: {failed or errors}")
    result["keptCount"] = len(kept)
    log.info(
        "imported Kibana saved objects",
        extra={
            "file": str(path),
            "objects": result.get("successCount", 0),
            "kept_existing": len(kept),
        },
    )
    return result


def import_configured(settings) -> dict[str, Any]:
    """:func:`import_saved_objects` with the index service's settings (``QW_KIBANA_URL``,
    ``QW_KIBANA_OBJECTS``, ``QW_KIBANA_OVERWRITE``; the Elasticsearch user logs in)."""
    return import_saved_objects(
        settings.kibana_url,
        settings.kibana_objects,
        auth=settings.es_basic_auth,
        overwrite=settings.kibana_overwrite,
        timeout_s=settings.setup_timeout_s,
    )


def main() -> None:
    """``quotewire-kibana-import``: the saved objects into Kibana, missing ones only."""
    import sys

    from quotewire_common.logging import configure_logging

    from quotewire_index.settings import IndexSettings

    configure_logging("kibana-import")
    settings = IndexSettings()
    if not settings.kibana_url:
        log.error("QW_KIBANA_URL is not set: nothing to import into")
        sys.exit(2)
    try:
        result = import_configured(settings)
    except Exception:
        log.exception("Kibana import failed")
        sys.exit(1)
    print(
        f"kibana objects: {result.get('successCount', 0)} imported, "
        f"{result['keptCount']} kept as they were",
        flush=True,
    )
