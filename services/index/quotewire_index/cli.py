"""``quotewire search``: who said what, as a Rich table.

By default it asks the search API over HTTP (``--api``, default ``QW_SEARCH_API`` or
http://localhost:8001): one place holds the query logic and clients need no
Elasticsearch access. ``--es URL`` queries Elasticsearch directly with the same query
builder (for debugging without the API; honours ``QW_ES_*`` settings such as
``QW_ES_NODE_CLASS``).
"""

import sys
from enum import Enum
from typing import IO, Annotated
from urllib.parse import quote

import httpx
import typer
from quotewire_common.api_errors import error_text
from quotewire_common.auth import ApiClientSettings
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quotewire_index.models import SpeakerMatch, SpeakerProfile, StatementsPage
from quotewire_index.query import STATEMENT_TYPES, StatementSearch
from quotewire_index.settings import SearchCliSettings

#: The search API's largest page (``QW_SEARCH_MAX_SIZE`` default); --limit stops there.
MAX_LIMIT = 100
STACK_HINT = "is the stack running? `quotewire stack status`"


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class SearchFailed(RuntimeError):
    """A search that could not be answered; the message says where and what to try."""


def api_params(params: StatementSearch, paged: bool = True) -> dict[str, str | int]:
    query = {
        "q": params.q,
        "speaker": params.speaker,
        "type": params.type,
        "source": params.source,
        "about": params.about,
        "since": params.since,
        "until": params.until,
        "collapse": "true" if params.collapse else "false",
    }
    if paged:
        query.update(page=params.page, size=params.size)
    return {k: v for k, v in query.items() if v is not None}


def _unreachable(api_url: str, exc: Exception) -> SearchFailed:
    return SearchFailed(
        f"no search API at {api_url} ({type(exc).__name__}: {exc}); "
        f"{STACK_HINT}, or pass --api URL (env: QW_SEARCH_API)"
    )


def _refused(api_url: str, resp: httpx.Response) -> SearchFailed:
    try:
        detail = error_text(resp.json(), resp.text[:300])  # "where: what; ..."
    except ValueError:
        detail = resp.text[:300]
    return SearchFailed(f"search API {api_url} answered {resp.status_code}: {detail}")


def get_json(api_url: str, path: str, params: dict, timeout_s: float) -> dict:
    try:
        resp = httpx.get(
            api_url.rstrip("/") + path,
            params=params,
            timeout=timeout_s,
            headers=ApiClientSettings().headers(),
        )
    except httpx.HTTPError as exc:
        raise _unreachable(api_url, exc) from None
    if resp.status_code >= 400:
        raise _refused(api_url, resp)
    return resp.json()


def fetch_via_api(api_url: str, params: StatementSearch, timeout_s: float = 10.0) -> StatementsPage:
    return StatementsPage.model_validate(
        get_json(api_url, "/v1/statements", api_params(params), timeout_s)
    )


def export_via_api(
    api_url: str, params: StatementSearch, fmt: str, out: IO[str], timeout_s: float = 10.0
) -> None:
    """Stream ``GET /v1/statements/export`` to ``out`` as it arrives."""
    url = api_url.rstrip("/") + "/v1/statements/export"
    try:
        with httpx.stream(
            "GET",
            url,
            params={**api_params(params, paged=False), "format": fmt},
            timeout=timeout_s,
            headers=ApiClientSettings().headers(),
        ) as resp:
            if resp.status_code >= 400:
                resp.read()
                raise _refused(api_url, resp)
            for chunk in resp.iter_text():
                out.write(chunk)
    except httpx.HTTPError as exc:
        raise _unreachable(api_url, exc) from None


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
            es,
            settings.statements_index,
            params,
            settings.speakers_facet_size,
            settings.speakers_index,
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


def describe_match(match: SpeakerMatch) -> str:
    """One line: what ``--speaker`` was taken to mean."""
    if match.ambiguous:
        who = ", ".join(f"{c.name} ({c.statements})" for c in match.candidates)
        return (
            f"[yellow]{escape(match.query)!s} is ambiguous[/yellow]: {escape(who)}; "
            "showing only statements that name exactly it (give the full name)"
        )
    linked = ", ".join(f"{lk.name} ({lk.via}, {lk.confidence:g})" for lk in match.links)
    return f"speaker {escape(match.query)} = {escape(match.name or '')}: {escape(linked)}"


def export_via_es(es_url: str, params: StatementSearch, fmt: str, out: IO[str]) -> None:
    from quotewire_common.es import make_es_client

    from quotewire_index.export import as_csv, as_jsonl, export_rows
    from quotewire_index.search import resolve
    from quotewire_index.settings import IndexSettings

    settings = IndexSettings(es_url=es_url)
    es = make_es_client(settings)
    try:
        params, _ = resolve(es, settings.speakers_index, params)
        rows = export_rows(es, settings.statements_index, params)
        for chunk in (as_csv if fmt == "csv" else as_jsonl)(rows):
            out.write(chunk)
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
    table.add_column("source")
    table.add_column("url", overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("about")
    for h in page.hits:
        speaker = h.speaker_canonical
        if h.speaker and h.speaker != h.speaker_canonical:
            speaker += f"\n[dim]({h.speaker})[/dim]"
        table.add_row(
            speaker,
            h.type,
            h.content,
            h.title or "",
            h.source or "",
            h.url or "",
            h.published.date().isoformat() if h.published else "",
            ", ".join(m.name for m in h.mentions),
        )
    return table


def search_command(
    query: Annotated[str, typer.Argument(help="Full-text query (content, title)")] = "",
    speaker: Annotated[str | None, typer.Option(help="Speaker (exact or fuzzy)")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet (the article's source), exact")] = None,
    about: Annotated[
        str | None,
        typer.Option(
            help="Whom or what the statement names: 'putin' finds statements about Vladimir "
            "Putin (words of a mentioned name, case and accents folded)"
        ),
    ] = None,
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
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table: one page; csv / jsonl: EVERY matching statement, streamed to "
            "stdout (--limit does not apply)",
        ),
    ] = Format.table,
    collapse: Annotated[
        bool,
        typer.Option(help="Show a quote repeated within one article once (standfirst + body)"),
    ] = True,
) -> None:
    """Search statements: who said what (speaker by name, surname, alias or role)."""
    if api and es:
        raise typer.BadParameter("give --api or --es, not both")
    try:
        params = StatementSearch(
            q=query or None,
            speaker=speaker,
            type=type,
            since=since,
            until=until,
            size=limit,
            source=source,
            collapse=collapse,
            about=about,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console = Console(stderr=fmt is not Format.table)
    cli_settings = SearchCliSettings()
    if fmt is not Format.table:
        try:
            if es:
                export_via_es(es, params, fmt.value, sys.stdout)
            else:
                export_via_api(
                    api or cli_settings.search_api,
                    params,
                    fmt.value,
                    sys.stdout,
                    cli_settings.search_timeout_s,
                )
        except (httpx.HTTPError, RuntimeError) as exc:
            console.print(f"[red]export failed:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
        return
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
    if page.speaker_match is not None:
        console.print(describe_match(page.speaker_match))
    console.print(render(page))
    if page.speakers:
        console.print("speakers: " + ", ".join(f"{s.name} ({s.count})" for s in page.speakers[:10]))
    if page.mentioned:
        console.print("about: " + ", ".join(f"{m.name} ({m.count})" for m in page.mentioned[:10]))


speakers_app = typer.Typer(help="The speakers registry: names, aliases, roles, outlets.")


@speakers_app.command("show")
def speakers_show(
    name: Annotated[str, typer.Argument(help="Name, surname, alias, role or speaker id")],
    api: Annotated[
        str | None, typer.Option(metavar="URL", help="Search API base URL (env: QW_SEARCH_API)")
    ] = None,
) -> None:
    """One speaker's profile: aliases, roles, outlets, links, most repeated quotes."""
    settings = SearchCliSettings()
    console = Console()
    try:
        data = get_json(
            api or settings.search_api,
            "/v1/speakers/" + quote(name, safe=""),
            {"recent": 5},
            settings.search_timeout_s,
        )
    except RuntimeError as exc:
        console.print(f"[red]speakers show failed:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    console.print(render_profile(SpeakerProfile.model_validate(data)))


def render_profile(p: SpeakerProfile) -> Table:
    table = Table(title=f"{p.name} ({p.speaker_id or 'not in the registry'})", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value", ratio=3)
    first = p.first_published.date().isoformat() if p.first_published else "?"
    last = p.last_published.date().isoformat() if p.last_published else "?"
    rows = [
        ("type", p.speaker_type or ""),
        ("statements", f"{p.statements} ({first} .. {last})"),
        ("aliases", ", ".join(p.aliases)),
        ("roles", ", ".join(p.roles)),
        ("linked", ", ".join(f"{lk.name} ({lk.via}, {lk.confidence:g})" for lk in p.links)),
        ("outlets", ", ".join(f"{o.name} ({o.count})" for o in p.outlets)),
        ("talks about", ", ".join(f"{m.name} ({m.count})" for m in p.mentioned)),
        ("quoted with", ", ".join(f"{c.name} ({c.count})" for c in p.co_speakers)),
    ]
    if p.ambiguous:
        rows.append(("ambiguous", ", ".join(f"{c.name} ({c.statements})" for c in p.candidates)))
    for c in p.top_quotes:
        rows.append((f"quoted x{c.occurrences}", f"{c.content} ({', '.join(c.outlets)})"))
    for what, value in rows:
        table.add_row(what, escape(value))
    return table


def register(app: typer.Typer) -> None:
    app.command("search")(search_command)
    app.add_typer(speakers_app, name="speakers")
