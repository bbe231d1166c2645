"""Index templates (the JSON files in ``templates/``) and the indices made from them.

The files are the one source of the mappings: this module, the local stack and the
compose init service (``PUT _index_template/quotewire-<kind>`` with the file as body)
all apply the same bytes.

Layout: the names the services use (``statements``, ``articles``) are aliases, each on
one concrete index ``<name>-NNNNNN`` (``statements-000001``) that carries the
quotewire mapping, marked by its ``_meta.quotewire`` (kind and a hash of the mapping).
``quotewire reindex`` builds the next generation beside it and switches the alias, so a
mapping change needs no downtime. An index created by an older quotewire under the bare
name (no alias) is still recognised by its mapping and used as it is.
"""

import fnmatch
import hashlib
import json
import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ApiError, BadRequestError

log = logging.getLogger(__name__)

Kind = Literal["statements", "articles", "speakers", "quotes"]
#: ``speakers`` (the registry) and ``quotes`` (quote variants and their clusters) are
#: derived from the statements by the indexer: rebuilt with them from the topics.
KINDS: tuple[Kind, ...] = ("statements", "articles", "speakers", "quotes")


def load_template(kind: Kind) -> dict[str, Any]:
    """The template body of ``templates/<kind>.json`` (index_patterns + template)."""
    text = resources.files("quotewire_index").joinpath("templates", f"{kind}.json").read_text()
    return json.loads(text)


def mapping_hash(kind: Kind) -> str:
    """A short hash of the kind's mapping (``_meta`` left out): changes with the file."""
    mappings = {k: v for k, v in load_template(kind)["template"]["mappings"].items()}
    mappings.pop("_meta", None)
    return hashlib.sha256(json.dumps(mappings, sort_keys=True).encode()).hexdigest()[:12]


def index_mappings(kind: Kind) -> dict[str, Any]:
    """The mappings of a new index: the template's, ``_meta.quotewire`` with the hash
    (and what else the template's ``_meta.quotewire`` says, e.g. the quotes' band scheme)."""
    mappings = dict(load_template(kind)["template"]["mappings"])
    meta = (mappings.get("_meta") or {}).get("quotewire") or {}
    mappings["_meta"] = {"quotewire": {**meta, "kind": kind, "mapping": mapping_hash(kind)}}
    return mappings


def mapping_kind(mapping: dict[str, Any] | None) -> Kind | None:
    """Which quotewire mapping an index has: ``_meta.quotewire.kind``, or for an index of
    an older quotewire (no ``_meta``) its strict mapping with the kind's id field."""
    if not mapping:
        return None
    meta = (mapping.get("_meta") or {}).get("quotewire") or {}
    if meta.get("kind") in KINDS:
        return meta["kind"]
    props = mapping.get("properties") or {}
    if mapping.get("dynamic") == "strict":
        if "statement_id" in props and "content" in props:
            return "statements"
        if "article_id" in props and "processed_version" in props:
            return "articles"
    return None


def generation_name(alias: str, generation: int) -> str:
    return f"{alias}-{generation:06d}"


@dataclass(frozen=True)
class Target:
    """What a configured index name points at."""

    name: str
    concrete: str | None  # the index written to (None: missing)
    is_alias: bool
    kind: Kind | None  # the quotewire mapping it carries (None: not ours or missing)
    mapping: str | None  # its mapping hash (None: an older quotewire's index)


def resolve(es: Elasticsearch, name: str) -> Target:
    """The concrete index behind ``name`` (alias or index) and whose mapping it has."""
    if not es.indices.exists(index=name):
        return Target(name, None, False, None, None)
    is_alias = bool(es.indices.exists_alias(name=name))
    mappings = es.indices.get_mapping(index=name)
    if is_alias:
        aliases = es.indices.get_alias(name=name)
        writers = [i for i, a in aliases.items() if a["aliases"][name].get("is_write_index")]
        concrete = (writers or sorted(aliases))[0]
    else:
        concrete = next(iter(mappings))
    mapping = mappings.get(concrete, {}).get("mappings")
    meta = ((mapping or {}).get("_meta") or {}).get("quotewire") or {}
    return Target(name, concrete, is_alias, mapping_kind(mapping), meta.get("mapping"))


def create_generation(es: Elasticsearch, kind: Kind, alias: str, generation: int) -> str:
    """Create ``<alias>-NNNNNN`` with the quotewire mapping (no alias yet); its name."""
    body = template_for_index(kind, alias)
    index = generation_name(alias, generation)
    es.indices.create(
        index=index, settings=body["template"].get("settings"), mappings=index_mappings(kind)
    )
    return index


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


def add_new_fields(es: Elasticsearch, kind: Kind, index: str, properties: dict) -> None:
    """New fields of the template reach an existing index too. When the template also
    changed existing fields (an analyzer: accent folding came that way), Elasticsearch
    refuses the whole mapping with 400; then only the fields the index lacks are added,
    so the indexer can write, and the log says that ``quotewire reindex`` brings the
    rest (a new generation from the template, alias switched, no downtime)."""
    try:
        es.indices.put_mapping(index=index, properties=properties)
        return
    except BadRequestError as exc:
        refused = exc
    current = next(iter(es.indices.get_mapping(index=index).values()))["mappings"]
    missing = {k: v for k, v in properties.items() if k not in current.get("properties", {})}
    if missing:
        try:
            es.indices.put_mapping(index=index, properties=missing)
        except BadRequestError:
            # an index older than the analyzers a new field uses ("folded" for
            # mentions.name): the field without them, so the indexer writes on
            es.indices.put_mapping(index=index, properties=_without_analyzers(missing))
    log.warning(
        "the %s index has an older mapping that cannot be changed in place (%s); new "
        "fields added, run `quotewire reindex` for the rest (accent folding)",
        kind,
        refused.error,
        extra={"resource": index, "added": sorted(missing)},
    )


def add_missing_field(es: Elasticsearch, kind: Kind, index: str, field: str) -> bool:
    """Whether ``index`` maps the template's top-level ``field``, adding it when missing
    (an index made before the field came; a new field never conflicts). False where the
    mapping cannot be read or changed (logged): the caller writes without the field."""
    spec = load_template(kind)["template"]["mappings"]["properties"][field]
    try:
        mappings = es.indices.get_mapping(index=index)
        if all(field in (m["mappings"].get("properties") or {}) for m in mappings.values()):
            return True
        es.indices.put_mapping(index=index, properties={field: spec})
        return True
    except ApiError as exc:  # refused (a connection error raises: the batch is retried)
        log.warning(
            "the %s index does not map %s and it could not be added (%s); writing without it",
            kind,
            field,
            exc,
            extra={"resource": index},
        )
        return False


def _without_analyzers(spec: Any) -> Any:
    """A mapping with every ``analyzer`` setting left out (the server's default applies)."""
    if isinstance(spec, dict):
        return {k: _without_analyzers(v) for k, v in spec.items() if k != "analyzer"}
    return spec


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
    for kind in (k for k in KINDS if k in indices):
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
                add_new_fields(es, kind, index, body["template"]["mappings"]["properties"])
            changes.append(Change("index", index, "present"))
            continue
        try:
            es.indices.create(
                index=generation_name(index, 1),
                settings=body["template"].get("settings"),
                mappings=index_mappings(kind),
                aliases={index: {"is_write_index": True}},
            )
            changes.append(Change("index", index, "created"))
        except BadRequestError as exc:  # created concurrently by another process
            if exc.error != "resource_already_exists_exception":
                raise
            changes.append(Change("index", index, "present"))
    for change in changes:
        log.info("%s %s", change.what, change.action, extra={"resource": change.name})
    return changes
