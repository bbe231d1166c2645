"""Index templates (the JSON files in ``templates/``) and the indices made from them.

The files are the one source of the mappings: this module, the local stack and the
compose init service (``PUT _index_template/quotewire-<kind>`` with the file as body)
all apply the same bytes.
"""

import fnmatch
import json
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from elasticsearch import Elasticsearch
from elasticsearch.exceptions import BadRequestError

log = logging.getLogger(__name__)

Kind = Literal["statements", "articles"]
KINDS: tuple[Kind, ...] = ("statements", "articles")


def load_template(kind: Kind) -> dict[str, Any]:
    """The template body of ``templates/<kind>.json`` (index_patterns + template)."""
    text = resources.files("quotewire_index").joinpath("templates", f"{kind}.json").read_text()
    return json.loads(text)


def template_name(kind: Kind) -> str:
    return f"quotewire-{kind}"


def template_for_index(kind: Kind, index: str) -> dict[str, Any]:
    """The template body, its patterns widened to cover ``index`` if renamed by settings."""
    body = load_template(kind)
    patterns = list(body["index_patterns"])
    if not any(fnmatch.fnmatchcase(index, p) for p in patterns):
        patterns.append(index)
    body["index_patterns"] = patterns
    return body


@dataclass(frozen=True)
class Change:
    what: str  # "template" | "index"
    name: str
    action: Literal["created", "updated", "present"]


def ensure_indices(
    es: Elasticsearch, indices: dict[Kind, str], *, update_templates: bool
) -> list[Change]:
    """Put the index templates and create missing indices. Idempotent.

    ``update_templates``: overwrite existing templates with the files and add new fields
    to the mappings of existing indices (setup does; the worker at start only creates
    what is missing).
    """
    changes: list[Change] = []
    for kind in KINDS:
        index = indices[kind]
        body = template_for_index(kind, index)
        name = template_name(kind)
        exists = bool(es.indices.exists_index_template(name=name))
        if not exists or update_templates:
            es.indices.put_index_template(name=name, body=body)
        changes.append(
            Change(
                "template",
                name,
                "updated" if exists and update_templates else "present" if exists else "created",
            )
        )
        if es.indices.exists(index=index):
            if update_templates:
                # New fields of the template reach an existing index too (additive only;
                # an incompatible change is refused with 400 and stops the setup).
                es.indices.put_mapping(
                    index=index, properties=body["template"]["mappings"]["properties"]
                )
            changes.append(Change("index", index, "present"))
            continue
        try:
            es.indices.create(
                index=index,
                settings=body["template"].get("settings"),
                mappings=body["template"]["mappings"],
            )
            changes.append(Change("index", index, "created"))
        except BadRequestError as exc:  # created concurrently by another process
            if exc.error != "resource_already_exists_exception":
                raise
            changes.append(Change("index", index, "present"))
    for change in changes:
        log.info("%s %s", change.what, change.action, extra={"resource": change.name})
    return changes
