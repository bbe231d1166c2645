"""Issue 15: ``about=`` (one definition), the ``mentioned`` facets, the mapping and export
of mentions and co-speakers (pure: no server)."""

import json

import pytest
from fastapi.testclient import TestClient
from quotewire_contracts import StatementMention
from quotewire_index.docs import statement_doc
from quotewire_index.export import as_csv, as_jsonl
from quotewire_index.indices import load_template
from quotewire_index.query import (
    StatementSearch,
    about_clause,
    build_statements_search,
    parse_statements_response,
)
from quotewire_index.search_api import create_app
from quotewire_index.settings import IndexSettings
from qw_index_factories import T0, statement


def test_about_is_a_folded_phrase_on_the_mentioned_names():
    assert about_clause("  Nguyễn  VĂN ") == {
        "match_phrase": {"mentions.name.folded": "nguyen van"}
    }
    body = build_statements_search(StatementSearch(about="Putin", speaker="Peskov"))
    assert {"match_phrase": {"mentions.name.folded": "putin"}} in body["query"]["bool"]["filter"]
    assert "about" not in json.dumps(build_statements_search(StatementSearch(about="  ")))


@pytest.mark.parametrize("about", ["--", "'", "“”"])
def test_about_without_a_word_is_refused(about):
    with pytest.raises(ValueError, match="about"):
        StatementSearch(about=about)


def test_the_mentioned_facet_counts_quotes_with_the_type():
    body = build_statements_search(StatementSearch())
    assert body["aggs"]["mentioned"]["terms"]["field"] == "mentions.key"
    resp = {
        "hits": {"total": {"value": 3}, "hits": []},
        "aggregations": {
            "mentioned": {
                "buckets": [
                    {"key": "place:Ukraine", "doc_count": 3, "quotes": {"value": 1}},
                    {"key": "person:Vladimir Putin", "doc_count": 2, "quotes": {"value": 2}},
                ]
            }
        },
    }
    page = parse_statements_response(resp, StatementSearch())
    assert [(m.name, m.type, m.count) for m in page.mentioned] == [
        ("Vladimir Putin", "person", 2),
        ("Ukraine", "place", 1),
    ]


def _mapped(props: dict, prefix: str = "") -> set[str]:
    out = set()
    for name, spec in props.items():
        out.add(prefix + name)
        out |= _mapped(spec.get("properties", {}), f"{prefix}{name}.")
    return out


def test_mentions_and_co_speakers_are_mapped_and_indexed():
    mapping = load_template("statements")["template"]["mappings"]["properties"]
    assert mapping["mentions"]["type"] == "object"
    assert mapping["mentions"]["properties"]["name"]["fields"]["folded"]["analyzer"] == "folded"
    ev = statement(
        mentions=[
            StatementMention(name="Vladimir Putin", type="person", text="Putin", span=(12, 17))
        ],
        co_speakers=["Donald Trump"],
    )
    doc = statement_doc(ev, T0)
    assert doc["mentions"] == [
        {
            "name": "Vladimir Putin",
            "type": "person",
            "key": "person:Vladimir Putin",
            "text": "Putin",
            "start": 12,
            "end": 17,
        }
    ]
    assert doc["co_speakers"] == ["Donald Trump"]
    fields = {f"mentions.{k}" for k in doc["mentions"][0]} | set(doc)
    assert fields <= _mapped(mapping)


def test_export_writes_mentions_and_co_speakers():
    row = {
        "statement_id": "s1",
        "content": "Putin lied",
        "mentions": [
            {"name": "Vladimir Putin", "type": "person", "text": "Putin", "start": 0, "end": 5}
        ],
        "co_speakers": ["Donald Trump", "Jill Stein"],
    }
    line = json.loads(next(as_jsonl(iter([row]))))
    assert line["mentions"] == [
        {"name": "Vladimir Putin", "type": "person", "text": "Putin", "span": [0, 5]}
    ]
    assert line["co_speakers"] == ["Donald Trump", "Jill Stein"]
    csv_text = "".join(as_csv(iter([row])))
    header, values = csv_text.splitlines()[:2]
    assert header.endswith("mentions,co_speakers")
    assert values.endswith("Vladimir Putin,Donald Trump; Jill Stein")


def test_about_and_the_facets_are_in_the_openapi():
    spec = TestClient(create_app(IndexSettings())).get("/openapi.json").json()
    for path in ("/v1/statements", "/v1/statements/export", "/v1/quotes"):
        params = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert "about" in params, path
    schemas = spec["components"]["schemas"]
    assert "mentioned" in schemas["SpeakerProfile"]["properties"]
    assert "mentioned" in schemas["StatementsPage"]["properties"]
    assert {"mentions", "co_speakers"} <= set(schemas["StatementHit"]["properties"])


def test_the_cli_sends_about_and_shows_what_each_statement_is_about():
    from quotewire_index.cli import api_params, render
    from quotewire_index.models import StatementHit, StatementsPage
    from rich.console import Console

    assert api_params(StatementSearch(about="putin"))["about"] == "putin"
    assert "about" not in api_params(StatementSearch())
    hit = StatementHit(
        statement_id="s",
        article_id="a",
        article_version="v",
        speaker_canonical="Dmitry Peskov",
        type="indirect",
        content="Putin had no plans to meet Nguyễn Văn An",
        mentions=[
            {"name": "Vladimir Putin", "type": "person"},
            {"name": "Nguyễn Văn An", "type": "person"},
        ],
    )
    table = render(StatementsPage(total=1, page=1, size=20, hits=[hit], speakers=[]))
    assert [c.header for c in table.columns][-1] == "about"
    out = Console(width=250, record=True)
    out.print(table)
    assert "Vladimir Putin, Nguyễn Văn An" in out.export_text()
