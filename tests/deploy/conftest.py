"""Shared helpers of the deploy tests: the compose file, its interpolation, the Dockerfiles.

Everything here is static (no Docker engine): files are read from the repository and
checked the way ``docker compose config`` and ``docker build`` would read them.
"""

import json
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
COMPOSE_DEV = REPO / "docker-compose.dev.yml"
ENV_EXAMPLE = REPO / ".env.example"
DEPLOY = REPO / "deploy"
COMPOSE_SCHEMA = DEPLOY / "compose-spec" / "compose-spec.json"
KIBANA_OBJECTS = DEPLOY / "kibana" / "saved_objects.ndjson"
# The one source of the mappings: the files the index service applies (not copies).
TEMPLATES = REPO / "services" / "index" / "quotewire_index" / "templates"
DOCKERFILES = {
    name: DEPLOY / f"{name}.Dockerfile" for name in ("ingest", "extract", "index", "alerts")
}

# Values for the secrets when a test renders the compose file as `docker compose` would.
TEST_SECRETS = {
    "ELASTIC_PASSWORD": "elasticTestPassword1",
    "KIBANA_PASSWORD": "kibanaTestPassword1",
    "KIBANA_ENCRYPTION_KEY": "k" * 32,
    "QW_ES_INDEX_PASSWORD": "indexTestPassword1",
    "QW_ES_SEARCH_PASSWORD": "searchTestPassword1",
    "QW_ES_ALERTS_PASSWORD": "alertsTestPassword1",
}

_VAR = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)


class MissingVariable(ValueError):
    pass


def interpolate(value, env: dict[str, str]):
    """Compose-style interpolation of every string in ``value`` (``$$`` → ``$``)."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("name") or m.group("bare")
        op, arg = m.group("op"), m.group("arg")
        current = env.get(name)
        unset_or_empty = current is None or (current == "" and op and op.startswith(":"))
        if op in (":-", "-"):
            return arg if unset_or_empty else current
        if op in (":?", "?"):
            if unset_or_empty:
                raise MissingVariable(f"{name}: {arg}")
            return current
        return current or ""

    return _VAR.sub(sub, value)


def variables(text: str) -> dict[str, set[str]]:
    """Variables referenced in compose text: name -> set of operators used ('' = plain)."""
    found: dict[str, set[str]] = {}
    for m in _VAR.finditer(text):
        name = m.group("name") or m.group("bare")
        if name:
            found.setdefault(name, set()).add(m.group("op") or "")
    return found


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a dotenv file (comments and blank lines skipped, quotes removed)."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        env[key.strip()] = value
    return env


@cache
def compose_raw() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def compose_rendered(env: dict[str, str] | None = None, profiles: tuple[str, ...] = ()) -> dict:
    """The compose model after interpolation with .env.example plus test secrets, with
    the services ``docker compose`` starts: those without ``profiles`` and those of an
    active profile (``--profile monitoring``)."""
    if env is None:
        env = {**parse_env_file(ENV_EXAMPLE), **TEST_SECRETS}
    model = interpolate(compose_raw(), env)
    model["services"] = {
        name: svc
        for name, svc in model["services"].items()
        if not svc.get("profiles") or set(svc["profiles"]) & set(profiles)
    }
    return model


@cache
def compose_schema() -> dict:
    return json.loads(COMPOSE_SCHEMA.read_text())


@cache
def lock() -> dict:
    return tomllib.loads((REPO / "uv.lock").read_text())


@cache
def templates() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(TEMPLATES.glob("*.json"))}


@pytest.fixture(scope="session")
def rendered() -> dict:
    return compose_rendered()
