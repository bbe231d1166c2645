"""What the search API's routers share: the injected client and settings, the 503/400
mapping of search-server errors, the 422 of unknown query parameters, and the error
answers every ``/v1`` route publishes. The search, browse and alerts routers import it
(none of them imports another)."""

import logging
from typing import Annotated

from elasticsearch import ApiError, Elasticsearch
from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from quotewire_common.api_errors import error_responses

from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.search_api")

#: Retry-After of a 503 (the search server unreachable, or the index being rebuilt).
RETRY_AFTER_S = 5


def get_es(request: Request) -> Elasticsearch:
    return request.app.state.es


def get_settings(request: Request) -> IndexSettings:
    return request.app.state.settings


EsDep = Annotated[Elasticsearch, Depends(get_es)]
SettingsDep = Annotated[IndexSettings, Depends(get_settings)]


def es_failure(exc: Exception) -> HTTPException:
    if isinstance(exc, ApiError) and exc.error == "index_not_found_exception":
        # The search server lost its data (restarted in memory, emptied): the indexer
        # puts the indices back and refills them from the topics.
        log.warning("search index missing (the indexer rebuilds it): %s", exc.message)
        return unavailable("search index not available yet; it is being rebuilt")
    if isinstance(exc, ApiError) and 400 <= exc.status_code < 500 and exc.status_code != 429:
        return HTTPException(400, f"search rejected: {exc.error}")
    log.warning("search failed: %r", exc)
    return unavailable("search backend unavailable")


def unavailable(reason: str) -> HTTPException:
    return HTTPException(503, reason, headers={"Retry-After": str(RETRY_AFTER_S)})


def invalid(loc: tuple[str, ...], msg: str, value: object = None, kind: str = "value_error"):
    """A 422 shaped like FastAPI's own validation errors (``detail`` is a list)."""
    return RequestValidationError([{"type": kind, "loc": loc, "msg": msg, "input": value}])


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def no_unknown_params(request: Request) -> None:
    """Unknown query parameters are a 422, never silently ignored."""
    route = request.scope.get("route")
    if route is None:
        return
    known = _query_names(route.dependant)
    unknown = [k for k in request.query_params if k not in known]
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", k),
                    "msg": f"Unknown query parameter; known: {', '.join(sorted(known)) or 'none'}",
                    "input": request.query_params.get(k),
                }
                for k in unknown
            ]
        )


#: The 422 of a route without query parameters of its own (FastAPI declares it only for
#: routes that validate something): any query parameter is unknown.
UNKNOWN_PARAMS = {
    "description": "Validation Error (an unknown query parameter)",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
    },
}

#: Answers besides 200 and 422 that every /v1 route may give, as published in the OpenAPI.
PROBLEMS = error_responses(
    {
        400: "Elasticsearch refused the query",
        503: "Search backend unavailable or being rebuilt; retry after Retry-After seconds",
    }
)
