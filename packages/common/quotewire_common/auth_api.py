"""FastAPI side of :mod:`quotewire_common.auth`: the guard on ``app.state`` and the
dependencies routes declare (``Authorization: Bearer``, shown in the OpenAPI document as
an HTTP bearer scheme). Errors are ``HTTPException``s, so they take the API's one error
shape."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from quotewire_common.auth import ApiKey, AuthError, AuthSettings, Guard

bearer_scheme = HTTPBearer(auto_error=False, description="An API key from `quotewire keys create`")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]

AUTH_RESPONSES: dict[int | str, dict] = {
    401: {"description": "No API key, or an unknown or revoked one (WWW-Authenticate: Bearer)"},
    403: {"description": "The API key lacks this route's scope"},
}
RATE_LIMIT_RESPONSES: dict[int | str, dict] = {
    429: {"description": "Rate limit of this API key exceeded; retry after Retry-After seconds"},
}


def install_guard(app, settings: AuthSettings) -> Guard:
    guard = Guard(settings)
    app.state.guard = guard
    return guard


def get_guard(request: Request) -> Guard:
    return request.app.state.guard


GuardDep = Annotated[Guard, Depends(get_guard)]


def as_http(exc: AuthError) -> HTTPException:
    return HTTPException(exc.status, exc.detail, headers=exc.headers or None)


def authorization_of(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return f"Bearer {credentials.credentials}" if credentials else None


def require_read(guard: GuardDep, credentials: Credentials) -> ApiKey | None:
    try:
        return guard.check_key(authorization_of(credentials), "read")
    except AuthError as exc:
        raise as_http(exc) from None


ReadKey = Annotated[ApiKey | None, Depends(require_read)]


def require_alerts(guard: GuardDep, credentials: Credentials) -> ApiKey | None:
    """Alerts make the service POST to URLs its callers name: a scope of their own."""
    try:
        return guard.check_key(authorization_of(credentials), "alerts")
    except AuthError as exc:
        raise as_http(exc) from None


AlertsKey = Annotated[ApiKey | None, Depends(require_alerts)]
