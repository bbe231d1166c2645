"""The page at / and its assets come from the package; the browse routes are typed in
OpenAPI. (No lifespan: nothing here needs Elasticsearch; the browser tests do the rest.)"""

import re

from fastapi.testclient import TestClient
from quotewire_index.search_api import create_app
from quotewire_index.settings import IndexSettings


def _client() -> TestClient:
    return TestClient(create_app(IndexSettings()))


def test_page_and_its_assets_are_served_from_the_package():
    client = _client()
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    refs = re.findall(r"""(?:src|href)=["']([^"'#]+)["']""", page.text)
    assets = [r for r in refs if r.startswith("app/")]
    assert {"app/app.js", "app/app.css"} <= set(assets)
    assert not [r for r in refs if "//" in r], "no asset from another origin"
    for ref in assets:
        got = client.get("/" + ref)
        assert got.status_code == 200 and got.content, ref
    total = sum(len(client.get("/" + r).content) for r in assets) + len(page.content)
    assert total < 64_000, f"the page is meant to stay small: {total} bytes"


def test_page_script_inserts_index_text_only_as_text():
    js = _client().get("/app/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js


def test_browse_routes_are_typed_in_openapi():
    spec = _client().get("/openapi.json").json()
    paths = spec["paths"]
    ok = lambda path: paths[path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    assert ok("/v1/articles/{article_id}") == {"$ref": "#/components/schemas/ArticleView"}
    assert ok("/v1/speakers/{name}") == {"$ref": "#/components/schemas/SpeakerProfile"}
    assert ok("/v1/outlets") == {"$ref": "#/components/schemas/OutletsPage"}
    assert "404" in paths["/v1/articles/{article_id}"]["get"]["responses"]
    params = {p["name"] for p in paths["/v1/statements"]["get"]["parameters"]}
    assert "source" in params
    assert "/" not in paths  # the page is not part of the API


def test_docs_are_offline():
    html = _client().get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "cdn." not in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_palette_meets_wcag_aa_contrast():
    """Every text colour of the page's palette on every background it is used on: 4.5:1
    (WCAG AA for body text); the focus ring and input borders 3:1 (non-text)."""
    css = _client().get("/app/app.css").text
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    header = re.search(r"\.top \{ background: (#[0-9a-fA-F]{6})", css).group(1)
    text_on = [
        ("ink", "bg"),
        ("muted", "bg"),
        ("muted", "panel"),
        ("link", "bg"),
        ("link", "panel"),
        ("ink", "direct"),
        ("ink", "indirect"),
        ("ink", "mixed"),
        ("who", "bg"),
        ("who", "direct"),
        ("who", "indirect"),
        ("who", "mixed"),
    ]
    for fg, bg in text_on:
        assert _contrast(var[fg], var[bg]) >= 4.5, (fg, bg)
    assert _contrast("#ffffff", header) >= 4.5
    assert _contrast(var["focus"], var["bg"]) >= 3 and _contrast("#767676", var["bg"]) >= 3
