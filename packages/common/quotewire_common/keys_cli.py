"""``quotewire keys create|list|revoke``: the API keys file the services read
(``QW_API_KEYS_FILE``). A key is shown once, when created; the file holds its hash."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from quotewire_common.auth import SCOPES, AuthSettings, load_keys_file, new_key, save_keys_file

app = typer.Typer(
    help="API keys of the ingest (write) and search (read) APIs.", no_args_is_help=True
)

KeysFile = Annotated[
    Path | None,
    typer.Option(
        "--file",
        metavar="PATH",
        help="Keys file (env: QW_API_KEYS_FILE); the services re-read it when it changes",
    ),
]


def keys_path(path: Path | None) -> Path:
    path = path or AuthSettings().api_keys_file
    if path is None:
        raise typer.BadParameter("give --file or set QW_API_KEYS_FILE", param_hint="--file")
    return path


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who uses the key (a feed, a desk, a CMS)")],
    scope: Annotated[
        list[str],
        typer.Option("--scope", help=f"Scope, repeatable: {', '.join(SCOPES)}"),
    ],
    rate_per_min: Annotated[
        float | None,
        typer.Option(
            "--rate-per-min",
            min=0.1,
            help="Ingest requests per minute (default QW_RATE_LIMIT_PER_MIN)",
        ),
    ] = None,
    file: KeysFile = None,
) -> None:
    """Create a key and print it (once: only its hash is stored)."""
    path = keys_path(file)
    try:
        secret, record = new_key(name, scope, rate_per_min)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--scope") from None
    keys = load_keys_file(path)
    keys[record.id] = record
    save_keys_file(path, keys)
    Console(stderr=True).print(
        f"created key [bold]{record.id}[/bold] ({name}; {', '.join(record.scopes)}) in {path}. "
        "It is shown only now:"
    )
    typer.echo(secret)


@app.command("list")
def list_keys(
    file: KeysFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON (without hashes)")] = False,
) -> None:
    """List the keys (never their secrets)."""
    keys = load_keys_file(keys_path(file))
    rows = [
        {
            "id": k.id,
            "name": k.name,
            "scopes": k.scopes,
            "created_at": k.created_at,
            "revoked_at": k.revoked_at,
            "rate_per_min": k.rate_per_min,
        }
        for k in keys.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("id", "name", "scopes", "created", "revoked", "rate/min")
    for r in rows:
        table.add_row(
            r["id"],
            r["name"],
            ",".join(r["scopes"]),
            r["created_at"],
            r["revoked_at"] or "",
            "" if r["rate_per_min"] is None else f"{r['rate_per_min']:g}",
        )
    Console().print(table)


@app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (see list)")],
    file: KeysFile = None,
) -> None:
    """Revoke a key: refused (401) from the services' next request on."""
    path = keys_path(file)
    keys = load_keys_file(path)
    if key_id not in keys:
        Console(stderr=True).print(f"[red]no key {key_id!r} in {path}[/red]")
        raise typer.Exit(1)
    if keys[key_id].revoked_at is None:
        keys[key_id].revoked_at = datetime.now(UTC).isoformat(timespec="seconds")
        save_keys_file(path, keys)
    typer.echo(f"revoked {key_id} ({keys[key_id].name}) at {keys[key_id].revoked_at}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
