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


def dashboard(dashboard_id: str = "quotewire-who-said-what") -> dict:
    return by_id()[("dashboard", dashboard_id)]


DASHBOARDS = (
    "quotewire-who-said-what",
    "quotewire-speaker-drilldown",
    "quotewire-who-talks-about-whom",
)


def test_the_index_templates_are_there():
    assert {"statements", "articles", "speakers", "quotes"} <= set(templates()), TEMPLATES


def test_the_templates_are_the_files_the_index_service_applies():
    indices = pytest.importorskip("quotewire_index.indices")
    for kind in ("statements", "articles", "speakers", "quotes"):
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


def test_data_views_for_every_index_statements_by_publication_time():
    views = {o["id"]: o for o in objects() if o["type"] == "index-pattern"}
    titles = {v["attributes"]["title"] for v in views.values()}
    assert titles == {"statements", "articles", "speakers", "quotes"}
    for view in views.values():
        title = view["attributes"]["title"]
        mapped = fields(template_for(title)["template"]["mappings"])
        assert mapped[view["attributes"]["timeFieldName"]] == "date", title
        formats = json.loads(view["attributes"].get("fieldFormatMap") or "{}")
        assert set(formats) <= set(mapped), title
    # newsrooms see publication time; operators get a second view on extraction time
    assert views["quotewire-statements"]["attributes"]["timeFieldName"] == "published"
    assert views["quotewire-statements-extracted"]["attributes"]["timeFieldName"] == (
        "extracted_at"
    )
    # the url is rendered as a link
    formats = json.loads(views["quotewire-statements"]["attributes"]["fieldFormatMap"])
    assert formats["url"]["id"] == "url"


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
        visualization = obj["attributes"]["state"]["visualization"]
        if obj["attributes"]["visualizationType"] == "lnsDatatable":
            assert {c["columnId"] for c in visualization["columns"]} <= columns, obj["id"]
            assert visualization["sorting"]["columnId"] in columns, obj["id"]
            continue
        for vis_layer in visualization["layers"]:
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
    # the table the issues ask for: speaker, content, article title, published, and
    # the outlet, its link, the statement type and the extractor's confidence
    assert {
        "speaker",
        "content",
        "title",
        "published",
        "source",
        "url",
        "type",
        "confidence",
    } <= set(attrs["columns"])


def dashboard_ops(dash: dict) -> tuple[dict, set, set]:
    """(panel targets by id, (field, operation) of their lens columns, lens types)."""
    targets = {}
    for panel in json.loads(dash["attributes"]["panelsJSON"]):
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
    return targets, ops, vis_types


def quotes_panel_sorted_by_occurrences(targets: dict) -> bool:
    for o in targets.values():
        if o["type"] != "lens" or o["attributes"]["visualizationType"] != "lnsDatatable":
            continue
        layer = o["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]["layer1"]
        cols = layer["columns"]
        sort = o["attributes"]["state"]["visualization"]["sorting"]
        quote = [c for c in cols.values() if c.get("sourceField") == "content.raw"]
        occ = cols.get(sort["columnId"], {})
        if quote and occ.get("operationType") == "unique_count" and sort["direction"] == "desc":
            return quote[0]["params"]["orderBy"]["columnId"] == sort["columnId"]
    return False


def test_speaker_drilldown_dashboard():
    dash = dashboard("quotewire-speaker-drilldown")
    targets, ops, _ = dashboard_ops(dash)
    assert ("published", "date_histogram") in ops, "statements over publication time"
    assert ("source", "terms") in ops, "outlets"
    assert quotes_panel_sorted_by_occurrences(targets), "quotes panel by occurrences"
    assert any(o["type"] == "search" for o in targets.values()), "the statements table"


def test_who_said_what_dashboard():
    dash = dashboard()
    attrs = dash["attributes"]
    assert attrs["title"] == "Who said what"
    panels = json.loads(attrs["panelsJSON"])
    targets, ops, vis_types = dashboard_ops(dash)
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


@pytest.mark.parametrize("dashboard_id", DASHBOARDS)
def test_dashboards_have_speaker_outlet_and_type_controls(dashboard_id):
    dash = dashboard(dashboard_id)
    controls = json.loads(dash["attributes"]["controlGroupInput"]["panelsJSON"])
    by_field = {}
    for control in controls.values():
        assert control["type"] == "optionsListControl"
        control_id = control["explicitInput"]["id"]
        view = ref(dash, f"controlGroup_{control_id}:optionsListDataView")["id"]
        field = control["explicitInput"]["fieldName"]
        assert data_view_fields(view)[field] == "keyword", field
        by_field[field] = control
    assert {"speaker_canonical", "source", "type"} <= set(by_field)


def test_who_said_what_shows_outlets_and_the_most_repeated_quotes():
    targets, ops, _ = dashboard_ops(dashboard())
    assert ("source", "terms") in ops
    assert quotes_panel_sorted_by_occurrences(targets)


def lens_pairs(targets: dict) -> set[tuple[str, str]]:
    """(first, second) bucket fields of the two-level tables among a dashboard's panels."""
    out = set()
    for o in targets.values():
        if o["type"] != "lens":
            continue
        layer = o["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]["layer1"]
        bucketed = [
            layer["columns"][c]["sourceField"]
            for c in layer["columnOrder"]
            if layer["columns"][c]["isBucketed"]
        ]
        if len(bucketed) == 2:
            out.add(tuple(bucketed))
    return out


@pytest.mark.parametrize("dashboard_id", DASHBOARDS)
def test_panels_do_not_overlap(dashboard_id):
    cells: set = set()
    for panel in json.loads(dashboard(dashboard_id)["attributes"]["panelsJSON"]):
        g = panel["gridData"]
        assert g["x"] + g["w"] <= 48
        new = {
            (x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])
        }
        assert not cells & new, (dashboard_id, panel["panelIndex"])
        cells |= new


@pytest.mark.parametrize(
    "dashboard_id", ["quotewire-speaker-drilldown", "quotewire-who-talks-about-whom"]
)
def test_who_talks_about_whom_and_co_speakers(dashboard_id):
    """Issue 15: speaker x mentioned name, counted in quotes; issue 10: the top co-speakers
    in the same articles (speaker x co_speakers, by articles in common)."""
    targets, ops, _ = dashboard_ops(dashboard(dashboard_id))
    pairs = lens_pairs(targets)
    assert ("speaker_canonical", "mentions.name") in pairs
    assert ("speaker_canonical", "co_speakers") in pairs
    assert ("repeat_key", "unique_count") in ops and ("article_id", "unique_count") in ops
