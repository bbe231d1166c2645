"""``quotewire alerts add|list|remove``: standing alerts through the search API.

Thin commands over :func:`add_alert`, :func:`list_alerts` and :func:`remove_alert`,
which call ``/v1/alerts`` (``--api``, default ``QW_SEARCH_API``; the key of
``QW_API_KEY`` needs the ``alerts`` scope where keys are required).
"""

import json
from typing import Annotated, Any

import httpx
import typer
from pydantic import Field
from quotewire_common.api_errors import error_text
from quotewire_common.auth import ApiClientSettings
from quotewire_common.settings import QwSettings
from rich.console import Console
from rich.markup import escape
from rich.table import Table

STACK_HINT = "is the stack running? `quotewire stack status`"

app = typer.Typer(
    help="Standing alerts: be told (by a signed webhook) when a statement matches.",
    no_args_is_help=True,
)


class AlertsCliSettings(QwSettings):
    search_api: str = Field(default="http://localhost:8001", description="Search API base URL")
    search_timeout_s: float = Field(default=30.0, gt=0)


class AlertsCliError(RuntimeError):
    """A request the API did not answer as hoped; the message says what to do."""


def _call(method: str, api: str, path: str, timeout_s: float, **kw: Any) -> httpx.Response:
    url = api.rstrip("/") + path
    try:
        resp = httpx.request(
            method, url, headers=ApiClientSettings().headers(), timeout=timeout_s, **kw
        )
    except httpx.HTTPError as exc:
        raise AlertsCliError(
            f"no search API at {api} ({type(exc).__name__}: {exc}); {STACK_HINT}, "
            "or pass --api URL (env: QW_SEARCH_API)"
        ) from None
    if resp.status_code >= 400:
        try:
            detail = error_text(resp.json(), resp.text[:300])
        except ValueError:
            detail = resp.text[:300]
        hint = ""
        if resp.status_code in (401, 403):
            hint = " (set QW_API_KEY to a key with the 'alerts' scope: `quotewire keys create`)"
        raise AlertsCliError(f"{method} {path} answered {resp.status_code}: {detail}{hint}")
    return resp


def add_alert(api: str, body: dict[str, Any], timeout_s: float = 30.0) -> dict[str, Any]:
    """Create an alert; the answer holds its secret (shown once)."""
    clean = {k: v for k, v in body.items() if v is not None}
    return _call("POST", api, "/v1/alerts", timeout_s, json=clean).json()


def list_alerts(api: str, timeout_s: float = 30.0) -> list[dict[str, Any]]:
    return _call("GET", api, "/v1/alerts", timeout_s).json()["alerts"]


def remove_alert(api: str, alert_id: str, timeout_s: float = 30.0) -> None:
    _call("DELETE", api, f"/v1/alerts/{alert_id}", timeout_s)


ApiOpt = Annotated[
    str | None,
    typer.Option("--api", help="Search API URL (default: QW_SEARCH_API or http://localhost:8001)"),
]


def _api(api: str | None) -> tuple[str, float]:
    s = AlertsCliSettings()
    return api or s.search_api, s.search_timeout_s


def _fail(exc: Exception) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(1)


@app.command("add")
def add_command(
    webhook: Annotated[
        str, typer.Option("--webhook", help="http(s) URL the matches are POSTed to (signed)")
    ],
    speaker: Annotated[
        str | None, typer.Option(help="Speaker: name, surname, alias or role ('Peskov')")
    ] = None,
    about: Annotated[
        str | None, typer.Option(help="Who or what the statement is about ('Ukraine')")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Words in the content or title (any)")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet, exact ('AFP')")] = None,
    type: Annotated[str | None, typer.Option(help="direct, indirect or mixed")] = None,
    min_confidence: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Only statements at least this sure")
    ] = None,
    digest: Annotated[
        int | None,
        typer.Option(min=1, help="Seconds: one message per interval instead of one per match"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Backfill: deliver past matches since then once (7d, 12h, 2024-03-01)"),
    ] = None,
    name: Annotated[str | None, typer.Option(help="A name for people")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's answer as JSON")] = False,
    api: ApiOpt = None,
) -> None:
    """Create an alert. Prints its id and its webhook secret: the secret is shown ONCE."""
    url, timeout = _api(api)
    body = {
        "webhook_url": webhook,
        "speaker": speaker,
        "about": about,
        "text": text,
        "source": source,
        "type": type,
        "min_confidence": min_confidence,
        "digest_interval_s": digest,
        "since": since,
        "name": name,
    }
    try:
        created = add_alert(url, body, timeout)
    except AlertsCliError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(created, indent=2))
        return
    alert = created["alert"]
    out = Console()
    out.print(f"alert [bold]{alert['alert_id']}[/bold] created → {escape(alert['webhook_url'])}")
    if alert.get("speaker"):
        ids = alert.get("speaker_ids")
        out.print(
            f"speaker {escape(alert['speaker'])!r} resolves to: "
            + (", ".join(ids) if ids else "(not in the registry yet: names are matched)")
        )
    out.print(f"secret (shown once, verify X-Quotewire-Signature with it): {created['secret']}")
    if since:
        out.print(f"past matches since {alert['backfill_since']} will be delivered once")


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one alert each")] = False,
    api: ApiOpt = None,
) -> None:
    """List the alerts (never their secrets)."""
    url, timeout = _api(api)
    try:
        alerts = list_alerts(url, timeout)
    except AlertsCliError as exc:
        _fail(exc)
    if as_json:
        for a in alerts:
            typer.echo(json.dumps(a))
        return
    table = Table(title=f"{len(alerts)} alert(s)")
    for col in ("id", "name", "query", "webhook", "digest"):
        table.add_column(col)
    for a in alerts:
        query = ", ".join(
            f"{k}={a[k]}"
            for k in ("speaker", "about", "text", "source", "type", "min_confidence")
            if a.get(k) is not None
        )
        digest = f"{a['digest_interval_s']}s" if a.get("digest_interval_s") else "-"
        table.add_row(
            a["alert_id"],
            escape(a.get("name") or ""),
            escape(query),
            escape(a["webhook_url"]),
            digest,
        )
    Console().print(table)


@app.command("remove")
def remove_command(
    alert_id: Annotated[str, typer.Argument(help="The alert's id (from `quotewire alerts list`)")],
    api: ApiOpt = None,
) -> None:
    """Remove an alert: nothing is delivered for it afterwards."""
    url, timeout = _api(api)
    try:
        remove_alert(url, alert_id, timeout)
    except AlertsCliError as exc:
        _fail(exc)
    Console().print(f"alert {alert_id} removed")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="alerts")
