"""Write the JSON Schema of every topic's events to the checked-in schema files.

quotewire-schema            # rewrite packages/contracts/quotewire_contracts/schemas/*.json
quotewire-schema --check    # exit 1 when a checked-in file is stale
"""

import argparse
import json
import sys
from pathlib import Path

from pydantic import TypeAdapter

from quotewire_contracts.alerts import AlertMatchEvent, WebhookBody
from quotewire_contracts.events import ArticleEvent, StatementsTopicEvent

SCHEMA_DIR = Path(__file__).parent / "schemas"


def render_schemas() -> dict[str, str]:
    """File name → JSON Schema text, for each topic's value."""
    schemas = {
        "articles.schema.json": ArticleEvent.model_json_schema(),
        "statements.schema.json": TypeAdapter(StatementsTopicEvent).json_schema(),
        "alerts.schema.json": AlertMatchEvent.model_json_schema(),
        "webhook.schema.json": WebhookBody.model_json_schema(),
    }
    schemas["statements.schema.json"]["title"] = "StatementsTopicEvent"
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas.items()
    }


def stale_files(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    return [
        name
        for name, text in render_schemas().items()
        if not (directory / name).is_file() or (directory / name).read_text("utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotewire-schema", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, exit 1 if stale")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR, help="schema directory")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.dir)
        for name in stale:
            print(f"stale: {args.dir / name} (run: quotewire-schema)", file=sys.stderr)
        return 1 if stale else 0
    args.dir.mkdir(parents=True, exist_ok=True)
    for name, text in render_schemas().items():
        (args.dir / name).write_text(text, "utf-8")
        print(f"wrote {args.dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
