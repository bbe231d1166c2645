"""The browse API the newsroom page reads, over HTTP on the session's pipeline with the
seed articles (real broker, extractor, indexer, search server): the article view's spans
point into its text, the speaker profile counts what the index holds, outlets, the outlet
filter, 404s, and the page itself at /."""

import time
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
import pytest
from quotewire_common.api_errors import error_text
from quotewire_contracts import ArticleContext, StatementEvent, statement_id_for

from tests.integration.conftest import wait_derived_caught_up

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def api(seeded_pipeline) -> str:
    return seeded_pipeline["search"]


def get(api: str, path: str, **params) -> httpx.Response:
    return httpx.get(api + path, params=params, timeout=30)


def test_article_view_places_every_statement_in_the_text(api, seeded_pipeline, es):
    seed = seeded_pipeline["seed_id"]
    resp = get(api, f"/v1/articles/{seed}")
    assert resp.status_code == 200, resp.text
    view = resp.json()
    assert view["title"] == "Kremlin denies Putin and Trump spoke on phone"
    assert view["processed"] is True and view["source"] == "AFP"
    text = view["text"]
    assert text.startswith(view["title"] + "\n\n")
    stored = es.count(index="statements", query={"term": {"article_id": seed}})["count"]
    assert len(view["statements"]) == stored >= 10
    starts = [s["content_span"][0] for s in view["statements"]]
    assert starts == sorted(starts)
    for s in view["statements"]:
        assert text[slice(*s["content_span"])] == s["content"], s
        if s["speaker_span"]:
            assert text[slice(*s["speaker_span"])] == s["speaker"], s
    he = [s for s in view["statements"] if s["content"].startswith("Ceding land")]
    assert [(s["speaker"], s["speaker_canonical"]) for s in he] == [("he", "Volodymyr Zelensky")]


def test_speaker_profile_of_peskov(api, es, kafka_settings):
    """Counted against the index itself: other modules of the session add statements of
    the same speaker (the pipeline tests post the seed article under other ids); the
    registry is the derived worker's, so once it caught up."""
    wait_derived_caught_up(kafka_settings)
    resp = get(api, "/v1/speakers/" + quote("Dmitry Peskov"))
    assert resp.status_code == 200, resp.text
    p = resp.json()

    def count(*filters) -> int:
        query = {"bool": {"filter": [{"term": {"speaker_canonical": "Dmitry Peskov"}}, *filters]}}
        return es.count(index="statements", query=query)["count"]

    assert p["statements"] == count() >= 2
    assert p["speaker_type"] == "person"
    assert p["first_published"][:10] <= "2024-11-11" <= p["last_published"][:10]
    assert sum(b["count"] for b in p["timeline"]) + p["undated"] == p["statements"]
    assert p["undated"] == count() - count({"exists": {"field": "published"}})
    afp = count({"term": {"source": "AFP"}})
    assert afp >= 2 and {"name": "AFP", "count": afp} in p["outlets"]
    assert sum(c["count"] for c in p["written_as"]) == p["statements"]
    assert {c["name"] for c in p["types"]} >= {"mixed"}
    assert any("simply false information" in s["content"] for s in p["recent"])


def test_outlets_and_the_outlet_filter(api):
    outlets = {o["name"]: o["count"] for o in get(api, "/v1/outlets").json()["outlets"]}
    assert outlets.get("AFP", 0) >= 10
    afp = get(api, "/v1/statements", q="false information", source="AFP").json()
    assert afp["total"] >= 1 and all(h["source"] == "AFP" for h in afp["hits"])
    assert (
        get(api, "/v1/statements", q="false information", source="Nobody Times").json()["total"]
        == 0
    )

    from quotewire_cli.main import build_app
    from typer.testing import CliRunner

    def cli(*args: str) -> str:
        out = CliRunner().invoke(
            build_app(), ["search", *args, "--api", api], env={"COLUMNS": "200"}
        )
        assert out.exit_code == 0, out.output
        return out.output

    assert f"{afp['total']} statement(s)" in cli("false information", "--source", "AFP")
    assert "0 statement(s)" in cli("false information", "--source", "Nobody Times")


def test_article_with_statements_but_no_article_document(api, producer, unique_id):
    """The articles topic is indexed on its own and may lag: the view then lists the
    newest version's statements, without text, and says it cannot tell if all are in."""
    at = datetime(2024, 11, 12, 9, 0, tzinfo=UTC)
    events = [
        StatementEvent(
            statement_id=statement_id_for(unique_id, version, (10, 30)),
            article_id=unique_id,
            article_version=version,
            article=ArticleContext(title=f"Story {version}", source="Wire", published=at),
            article_received_at=received,
            extractor="test/1",
            extracted_at=received,
            speaker="she",
            speaker_canonical="Ines Okoro",
            speaker_type="person",
            cue="said",
            content=f"the port reopens ({version})",
            content_span=(10, 30),
            type="indirect",
            confidence=0.9,
        )
        for version, received in (("v1", at), ("v2", at.replace(hour=10)))
    ]
    for ev in events:
        producer.send("statements", key=unique_id.encode(), value=ev.model_dump_json().encode())
    producer.flush(timeout=30)
    deadline = time.monotonic() + 60
    while (resp := get(api, f"/v1/articles/{unique_id}")).status_code == 404:
        assert time.monotonic() < deadline, "the indexer did not write the statements"
        time.sleep(0.3)
    view = resp.json()
    while len(view["statements"]) < 1 or view["article_version"] != "v2":
        assert time.monotonic() < deadline, view
        time.sleep(0.3)
        view = get(api, f"/v1/articles/{unique_id}").json()
    assert view["text"] is None and view["processed"] is None and view["title"] == "Story v2"
    assert [s["content"] for s in view["statements"]] == ["the port reopens (v2)"]


def test_unknown_article_and_speaker_are_404_with_a_reason(api):
    missing = get(api, "/v1/articles/no-such-article")
    assert missing.status_code == 404 and "no-such-article" in error_text(missing.json())
    nobody = get(api, "/v1/speakers/" + quote("Nobody At All"))
    assert nobody.status_code == 404 and "Nobody At All" in error_text(nobody.json())


def test_page_is_served_at_the_root(api):
    page = get(api, "/")
    assert page.status_code == 200 and "app/app.js" in page.text
