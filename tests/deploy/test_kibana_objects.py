"""The Kibana saved objects (deploy/kibana/saved_objects.ndjson) that init imports.

They parse as NDJSON in Kibana's export format, are self-contained (every reference
resolves inside the file), and use only fields of the Elasticsearch index templates —
read from services/index/quotewire_index/templates/, the files the index service
applies (one source), with aggregations only on aggregatable field types.
"""

import fnmatch
import json
from functools import cache

import pytest

from tests.deploy.conftest import KIBANA_OBJECTS, TEMPLATES, templates

AGGREGATABLE = {"keyword", "date", "integer", "long", "float", "double", "boolean", "short"}
TYPES = {"index-pattern", "lens", "search", "dashboard", "visualization", "tag"}


@cache
def objects() -> list[dict]:
    lines = [line for line in KIBANA_OBJECTS.read_text("utf-8").splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def by_id() -> dict[tuple[str, str], dict]:
    return {(o["type"], o["id"]): o for o in objects()}


def fields(mapping: dict, prefix: str = "") -> dict[str, str]:
    """Flattened field name -> type, with multi-fields (``title.raw``) and objects."""
    out = {}
    for name, spec in mapping.get("properties", {}).items():
        full = prefix + name
        if "properties" in spec:
            out.update(fields(spec, full + "."))
            continue
        out[full] = spec.get("type", "object")
        for sub, subspec in spec.get("fields", {}).items():
            out[f"{full}.{sub}"] = subspec["type"]
    return out


def template_for(title: str) -> dict:
    matching = [
        t
        for t in templates().values()
        if any(fnmatch.fnmatch(title, p) for p in t["index_patterns"])
    ]
    assert len(matching) == 1, f"data view {title!r} matches {len(matching)} templates"
    return matching[0]


def data_view_fields(view_id: str) -> dict[str, str]:
    view = by_id()[("index-pattern", view_id)]
    return fields(template_for(view["attributes"]["title"])["template"]["mappings"])


def ref(obj: dict, name: str) -> dict:
    found = [r for r in obj["references"] if r["name"] == name]
    assert len(found) == 1, f"{obj['id']}: reference {name!r} missing"
    return found[0]


def dashboard() -> dict:
    found = [o for o in objects() if o["type"] == "dashboard"]
    assert len(found) == 1
    return found[0]


def test_the_index_templates_are_there():
    assert {"statements", "articles"} <= set(templates()), f"no templates in {TEMPLATES}"


def test_the_templates_are_the_files_the_index_service_applies():
    indices = pytest.importorskip("quotewire_index.indices")
    for kind in ("statements", "articles"):
        assert indices.load_template(kind) == templates()[kind]


def test_ndjson_in_kibana_export_format():
    assert objects(), "no saved objects"
    ids = set()
    for obj in objects():
        assert obj["type"] in TYPES
        assert obj["id"] and isinstance(obj["attributes"], dict)
        assert isinstance(obj["references"], list)
        assert obj.get("coreMigrationVersion") and obj.get("typeMigrationVersion")
        assert (obj["type"], obj["id"]) not in ids, obj["id"]
        ids.add((obj["type"], obj["id"]))


def test_embedded_json_strings_parse():
    for obj in objects():
        attrs = obj["attributes"]
        meta = attrs.get("kibanaSavedObjectMeta", {}).get("searchSourceJSON")
        for text in (meta, attrs.get("panelsJSON"), attrs.get("optionsJSON")):
            if text is not None:
                json.loads(text)
        if "controlGroupInput" in attrs:
            json.loads(attrs["controlGroupInput"]["panelsJSON"])
            json.loads(attrs["controlGroupInput"]["ignoreParentSettingsJSON"])


def test_every_reference_resolves_inside_the_file():
    known = set(by_id())
    for obj in objects():
        for r in obj["references"]:
            assert (r["type"], r["id"]) in known, f"{obj['id']} -> {r}"


def test_data_views_for_statements_and_articles():
    views = {o["attributes"]["title"]: o for o in objects() if o["type"] == "index-pattern"}
    assert set(views) == {"statements", "articles"}
    for title, view in views.items():
        mapped = fields(template_for(title)["template"]["mappings"])
        assert mapped[view["attributes"]["timeFieldName"]] == "date", title


def lens_fields(obj: dict) -> list[tuple[str, str, str, bool]]:
    """(data view id, field, operation, bucketed) of every lens column."""
    out = []
    layers = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
    for layer_id, layer in layers.items():
        view = ref(obj, f"indexpattern-datasource-layer-{layer_id}")["id"]
        assert set(layer["columnOrder"]) == set(layer["columns"])
        for col in layer["columns"].values():
            if col.get("sourceField") and col["sourceField"] != "___records___":
                out.append((view, col["sourceField"], col["operationType"], col["isBucketed"]))
    return out


def test_lens_visualizations_use_template_fields_and_aggregatable_types():
    checked = 0
    for obj in objects():
        if obj["type"] != "lens":
            continue
        for view, field, operation, _ in lens_fields(obj):
            mapped = data_view_fields(view)
            assert field in mapped, f"{obj['id']}: {field} is not in the template"
            assert mapped[field] in AGGREGATABLE, f"{obj['id']}: {operation} on {mapped[field]}"
            checked += 1
        # accessors of the visualization point at existing columns
        layers = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
        columns = {c for layer in layers.values() for c in layer["columns"]}
        for vis_layer in obj["attributes"]["state"]["visualization"]["layers"]:
            used = set(vis_layer.get("accessors", [])) | set(vis_layer.get("metrics", []))
            used |= set(vis_layer.get("primaryGroups", []))
            used |= {vis_layer[k] for k in ("xAccessor", "splitAccessor") if k in vis_layer}
            assert used <= columns, obj["id"]
    assert checked >= 3


def test_saved_search_columns_and_sort_are_template_fields():
    search = [o for o in objects() if o["type"] == "search"]
    assert len(search) == 1
    attrs = search[0]["attributes"]
    meta = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])
    view = ref(search[0], meta["indexRefName"])["id"]
    mapped = data_view_fields(view)
    for field in attrs["columns"] + [s[0] for s in attrs["sort"]]:
        assert field in mapped, f"{field} is not in the template"
    # the table the issue asks for: speaker, content, article title, published
    assert {"speaker", "content", "title", "published"} <= set(attrs["columns"])


def test_who_said_what_dashboard():
    dash = dashboard()
    attrs = dash["attributes"]
    assert attrs["title"] == "Who said what"
    panels = json.loads(attrs["panelsJSON"])
    targets = {}
    for panel in panels:
        r = ref(dash, f"{panel['panelIndex']}:{panel['panelRefName']}")
        assert r["type"] == panel["type"]
        targets[r["id"]] = by_id()[(r["type"], r["id"])]
    ops = {
        (field, op)
        for o in targets.values()
        if o["type"] == "lens"
        for _, field, op, _ in lens_fields(o)
    }
    vis_types = {
        o["attributes"]["visualizationType"] for o in targets.values() if o["type"] == "lens"
    }
    assert any(op == "date_histogram" for _, op in ops), "statements over time"
    assert ("speaker_canonical", "terms") in ops, "top speakers"
    assert ("type", "terms") in ops and "lnsPie" in vis_types, "statement type split"
    assert any(o["type"] == "search" for o in targets.values()), "saved search table"
    # panels do not overlap on the 48-column grid
    cells = set()
    for panel in panels:
        g = panel["gridData"]
        assert g["x"] + g["w"] <= 48
        new = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not cells & new, panel["panelIndex"]
        cells |= new


def test_dashboard_has_a_speaker_filter_control():
    dash = dashboard()
    controls = json.loads(dash["attributes"]["controlGroupInput"]["panelsJSON"])
    speaker = [c for c in controls.values() if c["type"] == "optionsListControl"]
    assert len(speaker) == 1
    control_id = speaker[0]["explicitInput"]["id"]
    view = ref(dash, f"controlGroup_{control_id}:optionsListDataView")["id"]
    field = speaker[0]["explicitInput"]["fieldName"]
    assert field.startswith("speaker")
    assert data_view_fields(view)[field] == "keyword"
