"""``GET /v1/pipeline``: how far the extract, index, derived and alerts workers are behind.

Separate from ``/readyz`` (which stays about search): a backlog does not make search
unready. The drain rate comes from the previous call's reading (kept for up to
``MAX_RATE_AGE_S``), so the first call answers without an estimate.
"""

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from kafka.errors import KafkaError
from pydantic import BaseModel, Field
from quotewire_common.api_errors import error_responses
from quotewire_common.lag import GroupLag, LagReader, with_rates

from quotewire_index.settings import IndexSettings

MAX_RATE_AGE_S = 600.0
RETRY_AFTER_S = 5


class PartitionBacklog(BaseModel):
    topic: str
    partition: int
    committed: int | None = Field(description="The group's committed offset (none yet: null)")
    end: int = Field(description="The partition's end offset as the broker reports it")
    lag: int = Field(ge=0, description="Messages not yet committed by the group")
    under_reported: bool = Field(
        description="The broker's end offset was below the committed one: lag shown as 0"
    )


class GroupBacklog(BaseModel):
    group: str
    backlog: int = Field(ge=0, description="Messages behind, all partitions")
    rate_per_s: float | None = Field(
        description="Messages committed per second since the previous call (null: unknown)"
    )
    drain_s: float | None = Field(description="Estimated seconds to drain (null: unknown)")
    under_reported: bool
    partitions: list[PartitionBacklog]


class PipelineStatus(BaseModel):
    groups: list[GroupBacklog]


class LagState:
    """One reader per app (made on first use) and the previous reading."""

    def __init__(self, settings: IndexSettings) -> None:
        self.settings = settings
        self.reader: LagReader | None = None
        self.previous: tuple[float, dict[str, GroupLag]] | None = None
        self.lock = threading.Lock()

    def read(self) -> dict[str, GroupLag]:
        with self.lock:
            if self.reader is None:
                self.reader = LagReader(self.settings)
            now = time.monotonic()
            groups = self.reader.snapshot(self.settings.pipeline_groups())
            prev = self.previous
            self.previous = (now, groups)
            if prev is not None and now - prev[0] <= MAX_RATE_AGE_S:
                return with_rates(prev[1], groups, now - prev[0])
            return groups

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()


def get_lag_state(request: Request) -> LagState:
    state = getattr(request.app.state, "lag", None)
    if state is None:
        state = request.app.state.lag = LagState(request.app.state.settings)
    return state


LagDep = Annotated[LagState, Depends(get_lag_state)]

router = APIRouter(prefix="/v1", tags=["pipeline"])


@router.get(
    "/pipeline",
    response_model=PipelineStatus,
    summary="Backlog of the extract, index, derived and alerts consumer groups",
    responses=error_responses({503: "Kafka not reachable; retry after Retry-After seconds"}),
)
def pipeline(lag: LagDep) -> PipelineStatus:
    try:
        groups = lag.read()
    except KafkaError as exc:
        raise HTTPException(
            503,
            f"Kafka not reachable: {type(exc).__name__}",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        ) from None
    return PipelineStatus(groups=[GroupBacklog(**g.as_dict()) for g in groups.values()])
