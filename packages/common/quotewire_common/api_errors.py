"""The one error shape of quotewire's HTTP APIs, as their OpenAPI documents publish it.

Every 4xx and 5xx answer of the ingest and search APIs has FastAPI's validation body:
``{"detail": [{"type": ..., "loc": [...], "msg": ...}, ...]}``. FastAPI's own 422s are
already shaped so; :func:`install_error_shape` makes every ``HTTPException`` (a plain
message) answer the same way, with ``type`` naming the status (``not_found``,
``service_unavailable``) and an empty ``loc`` (the request as a whole). A client reads
one shape whatever went wrong: :func:`error_text` turns a body into one line.

Routes declare their error answers with :func:`error_responses`, so the documents name
every status a route can give, and the headers that come with it (``Retry-After`` on
429 and 503, ``WWW-Authenticate`` on 401).
"""

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException


class ErrorItem(BaseModel):
    """One problem: what kind, where (``["query", "size"]``; empty: the whole request)."""

    model_config = ConfigDict(extra="allow")  # FastAPI adds input and ctx to its own

    type: str = Field(description="What kind: missing, too_long, not_found, ...")
    loc: list[str | int] = Field(description="Where: body/query/header path; [] = the request")
    msg: str


class ErrorBody(BaseModel):
    """Every error answer (4xx, 5xx): one or more problems."""

    model_config = ConfigDict(extra="allow")

    detail: list[ErrorItem]


def error_type(status: int) -> str:
    """``service_unavailable`` for 503: the status' reason phrase as an identifier."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return phrase.lower().replace(" ", "_").replace("-", "_")


def as_items(status: int, detail: Any) -> list[dict[str, Any]]:
    """An ``HTTPException``'s detail (a message, or a list of error items) as items."""
    if isinstance(detail, list) and all(isinstance(d, dict) and "msg" in d for d in detail):
        return [{"type": error_type(status), "loc": [], **d} for d in detail]
    if detail is None:
        detail = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    return [{"type": error_type(status), "loc": [], "msg": str(detail)}]


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse(
        {"detail": as_items(exc.status_code, exc.detail)},
        status_code=exc.status_code,
        headers=exc.headers,
    )


def install_error_shape(app: FastAPI) -> None:
    """Answer every ``HTTPException`` (routes, dependencies, 404/405 of the router) with
    :class:`ErrorBody`."""
    app.add_exception_handler(StarletteHTTPException, _http_error)


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 0},
    }
}
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}},
}
#: Headers that always come with a status.
_HEADERS: dict[int, dict[str, Any]] = {401: WWW_AUTHENTICATE, 429: RETRY_AFTER, 503: RETRY_AFTER}


def error_response(status: int, description: str, model: type[BaseModel] = ErrorBody) -> dict:
    """One ``responses=`` entry: ``model`` (an :class:`ErrorBody`), and the headers the
    status always carries."""
    entry: dict[str, Any] = {"model": model, "description": description}
    if status in _HEADERS:
        entry["headers"] = _HEADERS[status]
    return entry


def error_responses(described: dict[int, str]) -> dict[int | str, dict]:
    """``responses=`` for error statuses: ``error_responses({404: "No such article"})``."""
    return {status: error_response(status, text) for status, text in described.items()}


def error_text(body: Any, fallback: str = "") -> str:
    """One line out of an error body: ``query.size: ...; ...`` (clients, the CLI)."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if not isinstance(detail, list) or not detail:
        return fallback
    parts = []
    for item in detail:
        if not isinstance(item, dict):
            parts.append(str(item))
            continue
        loc = [str(p) for p in item.get("loc") or []]
        if loc[:1] in (["body"], ["query"], ["path"], ["header"]) and len(loc) > 1:
            loc = loc[1:]
        where = ".".join(loc)
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    return "; ".join(parts)
