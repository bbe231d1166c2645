"""``/healthz`` (the process answers) and ``/readyz`` (Kafka reachable)."""

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from quotewire_ingest.api.deps import ProducerDep
from quotewire_ingest.models import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    summary="Kafka is reachable (503 otherwise)",
    responses={503: {"model": Health}},
)
async def readyz(publisher: ProducerDep):
    ready, reason = await run_in_threadpool(publisher.ready, 1.0)
    body = Health(status="ok" if ready else "unavailable", kafka=reason)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)
