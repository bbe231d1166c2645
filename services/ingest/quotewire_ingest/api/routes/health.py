"""``/healthz`` (the process answers) and ``/readyz`` (Kafka reachable).

A ``/readyz`` that is not ready answers 503 in the API's one error shape, with
``Retry-After``, like every other 503 of the API."""

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from quotewire_common.api_errors import error_responses

from quotewire_ingest.api.deps import ProducerDep, SettingsDep
from quotewire_ingest.models import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="Kafka is reachable (503 otherwise)",
    responses=error_responses({503: "Kafka not reachable; retry after Retry-After seconds"}),
)
async def readyz(publisher: ProducerDep, settings: SettingsDep) -> Health:
    ready, reason = await run_in_threadpool(publisher.ready, 1.0)
    if not ready:
        raise HTTPException(
            503,
            f"Kafka not reachable: {reason}",
            headers={"Retry-After": str(settings.retry_after_s)},
        )
    return Health(status="ok", kafka=reason)
