"""``quotewire search``: who said what, as a Rich table.

By default it asks the search API over HTTP (``--api``, default ``QW_SEARCH_API`` or
http://localhost:8001): one place holds the query logic and clients need no
Elasticsearch access. ``--es URL`` queries Elasticsearch directly with the same query
builder (for debugging without the API; honours ``QW_ES_*`` settings such as
``QW_ES_NODE_CLASS``).
"""

from typing import Annotated

import httpx
import typer
from quotewire_common.auth import ApiClientSettings
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quotewire_index.models import StatementsPage
from quotewire_index.query import STATEMENT_TYPES, StatementSearch
from quotewire_index.settings import SearchCliSettings

#: The search API's largest page (``QW_SEARCH_MAX_SIZE`` default); --limit stops there.
MAX_LIMIT = 100
STACK_HINT = "is the stack running? `quotewire stack status`"


class SearchFailed(RuntimeError):
    """A search that could not be answered; the message says where and what to try."""


def fetch_via_api(api_url: str, params: StatementSearch, timeout_s: float = 10.0) -> StatementsPage:
    query = {
        "q": params.q,
        "speaker": params.speaker,
        "type": params.type,
        "source": params.source,
        "since": params.since,
        "until": params.until,
        "page": params.page,
        "size": params.size,
    }
    url = api_url.rstrip("/") + "/v1/statements"
    try:
        resp = httpx.get(
            url,
            params={k: v for k, v in query.items() if v is not None},
            timeout=timeout_s,
            headers=ApiClientSettings().headers(),
        )
    except httpx.HTTPError as exc:
        raise SearchFailed(
            f"no search API at {api_url} ({type(exc).__name__}: {exc}); "
            f"{STACK_HINT}, or pass --api URL (env: QW_SEARCH_API)"
        ) from None
    if resp.status_code >= 400:
        try:
            detail = resp.json().get("detail")
        except ValueError:
            detail = resp.text
        raise SearchFailed(f"search API {api_url} answered {resp.status_code}: {detail}")
    return StatementsPage.model_validate(resp.json())


def fetch_via_es(es_url: str, params: StatementSearch) -> StatementsPage:
    """The same search straight against Elasticsearch at ``es_url``; the other ``QW_ES_*``
    settings (credentials, CA, ``QW_ES_NODE_CLASS``) come from the environment."""
    from elasticsearch import ApiError, TransportError
    from quotewire_common.es import make_es_client

    from quotewire_index.search import search_statements
    from quotewire_index.settings import IndexSettings

    settings = IndexSettings(es_url=es_url)
    try:
        es = make_es_client(settings)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SearchFailed(f"QW_ES_NODE_CLASS={settings.es_node_class!r} unusable: {exc}") from None
    try:
        return search_statements(
            es, settings.statements_index, params, settings.speakers_facet_size
        )
    except ApiError as exc:
        hint = ""
        if exc.meta.status == 406 and not settings.es_node_class:
            hint = (
                "; the local stack's search server needs "
                "QW_ES_NODE_CLASS=quotewire_devstack.compat:PlainJsonNode "
                '(eval "$(quotewire stack env)")'
            )
        elif exc.meta.status == 404:
            hint = f"; no index {settings.statements_index!r} yet? (quotewire-index-setup)"
        raise SearchFailed(
            f"Elasticsearch at {es_url} answered {exc.meta.status}: {exc.message}{hint}"
        ) from None
    except TransportError as exc:
        raise SearchFailed(
            f"no Elasticsearch at {es_url} ({type(exc).__name__}); {STACK_HINT}"
        ) from None
    finally:
        es.close()


def render(page: StatementsPage) -> Table:
    table = Table(
        title=f"{page.total} statement(s)" + (f", showing {len(page.hits)}" if page.hits else ""),
        show_lines=True,
    )
    table.add_column("speaker", style="bold")
    table.add_column("type")
    table.add_column("content", ratio=3)
    table.add_column("article")
    table.add_column("date", no_wrap=True)
    for h in page.hits:
        speaker = h.speaker_canonical
        if h.speaker and h.speaker != h.speaker_canonical:
            speaker += f"\n[dim]({h.speaker})[/dim]"
        table.add_row(
            speaker,
            h.type,
            h.content,
            h.title or "",
            h.published.date().isoformat() if h.published else "",
        )
    return table


def search_command(
    query: Annotated[str, typer.Argument(help="Full-text query (content, title)")] = "",
    speaker: Annotated[str | None, typer.Option(help="Speaker (exact or fuzzy)")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet (the article's source), exact")] = None,
    since: Annotated[str | None, typer.Option(help="Published from (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="Published until, inclusive")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help=f"One of {', '.join(STATEMENT_TYPES)}")
    ] = None,
    limit: Annotated[
        int,
        typer.Option(min=1, max=MAX_LIMIT, help=f"Rows to show (at most {MAX_LIMIT})"),
    ] = 20,
    api: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Search API base URL (env: QW_SEARCH_API; default http://localhost:8001)",
        ),
    ] = None,
    es: Annotated[
        str | None,
        typer.Option(
            "--es",
            metavar="URL",
            help="Query Elasticsearch at this URL directly instead of the API "
            "(other settings from env: QW_ES_NODE_CLASS, QW_ES_USERNAME, ...)",
        ),
    ] = None,
) -> None:
    """Search statements: who said what."""
    if api and es:
        raise typer.BadParameter("give --api or --es, not both")
    try:
        params = StatementSearch(
            q=query or None, speaker=speaker, type=type, since=since, until=until, size=limit,
            source=source,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console = Console()
    cli_settings = SearchCliSettings()
    try:
        if es:
            page = fetch_via_es(es, params)
        else:
            page = fetch_via_api(
                api or cli_settings.search_api, params, cli_settings.search_timeout_s
            )
    except (httpx.HTTPError, RuntimeError) as exc:
        console.print(f"[red]search failed:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(render(page))
    if page.speakers:
        console.print("speakers: " + ", ".join(f"{s.name} ({s.count})" for s in page.speakers[:10]))


def register(app: typer.Typer) -> None:
    app.command("search")(search_command)
