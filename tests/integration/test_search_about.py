"""Who talks about whom (issue 15), in process against the real search server.

Articles written here go through the real extractor and the extract worker's event
step (mentions, co-speakers), then the indexer into private indices; the search API
(FastAPI app, in process) answers ``about=`` with folding, and its facets count right.
"""

import json

import pytest
from quotewire_contracts import ArticleEvent, article_version_for
from quotewire_extract.extractor import Extractor
from quotewire_extract.steps import build_events
from qw_events import T0
from test_search_journalists import statements, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.integration

ARTICLES = {
    "kremlin": (
        "Kremlin rules out a meeting",
        (
            "Vietnamese trade minister Nguyễn Văn An said on Sunday that talks would go on.\n\n"
            "Kremlin spokesman Dmitry Peskov said Putin had no plans to meet Nguyễn Văn An.\n\n"
            "Senator Maria Lopez said Vladimir Putin was not welcome in Washington."
        ),
    ),
    "ukraine": (
        "Peskov on Ukraine",
        (  # a standfirst repeated in the body: one quote
            "Kremlin spokesman Dmitry Peskov said Ukraine had rejected the offer.\n\n"
            "Kremlin spokesman Dmitry Peskov said Ukraine had rejected the offer."
        ),
    ),
}


@pytest.fixture(scope="module")
def extractor():
    return Extractor().load()


def events_of(extractor, unique_id):
    out = []
    for key, (title, body) in ARTICLES.items():
        article = ArticleEvent(
            article_id=f"{key}-{unique_id}",
            article_version=article_version_for(title, body),
            title=title,
            body=body,
            source="Wire A",
            published=T0,
            received_at=T0,
        )
        extracted = build_events(article, extractor.extract(article.text), extractor="test")
        out += extracted.events
    return out


def test_about_finds_statements_by_mentioned_name_folded(world, extractor, unique_id):  # noqa: F811
    feed, client, _ = world
    feed(*events_of(extractor, unique_id))
    everything = statements(client, collapse="false")
    said = {(h["speaker_canonical"], h["content"]) for h in everything["hits"]}
    assert ("Dmitry Peskov", "Putin had no plans to meet Nguyễn Văn An") in said, said

    def speakers_about(about, **params):
        page = statements(client, about=about, **params)
        return sorted(h["speaker_canonical"] for h in page["hits"])

    # a surname finds the full name the article resolved it to; case and accents fold
    assert speakers_about("putin") == ["Dmitry Peskov", "Maria Lopez"]
    assert speakers_about("Vladimir Putin") == ["Dmitry Peskov", "Maria Lopez"]
    assert speakers_about("nguyen") == ["Dmitry Peskov"]
    assert speakers_about("NGUYỄN van an") == ["Dmitry Peskov"]
    assert speakers_about("van an") == ["Dmitry Peskov"]
    assert speakers_about("an nguyen") == []  # a phrase, in order
    assert speakers_about("putin", speaker="Dmitry Peskov") == ["Dmitry Peskov"]
    assert speakers_about("Ukraine") == ["Dmitry Peskov"]  # the repeat collapsed
    assert speakers_about("zelensky") == []
    bad = client.get("/v1/statements", params={"about": "--"})
    assert bad.status_code == 422 and isinstance(bad.json()["detail"], list)

    hit = statements(client, about="nguyen")["hits"][0]
    (m,) = [m for m in hit["mentions"] if m["name"].startswith("Nguy")]
    assert (m["name"], m["type"], m["text"]) == ("Nguyễn Văn An", "person", "Nguyễn Văn An")
    assert "Maria Lopez" in hit["co_speakers"] and "Dmitry Peskov" not in hit["co_speakers"]

    # the facets count quotes: the repeated Ukraine statement once
    mentioned = {(m["name"], m["type"]): m["count"] for m in everything["mentioned"]}
    assert mentioned[("Vladimir Putin", "person")] == 2
    assert mentioned[("Ukraine", "place")] == 1
    assert mentioned[("Nguyễn Văn An", "person")] == 1
    profile = client.get("/v1/speakers/Dmitry Peskov").json()
    talks = {m["name"]: (m["type"], m["count"]) for m in profile["mentioned"]}
    assert talks == {
        "Vladimir Putin": ("person", 1),
        "Nguyễn Văn An": ("person", 1),
        "Ukraine": ("place", 1),
    }
    lopez = client.get("/v1/speakers/Maria Lopez").json()
    assert {(m["name"], m["type"], m["count"]) for m in lopez["mentioned"]} == {
        ("Vladimir Putin", "person", 1),
        ("Washington", "place", 1),
    }

    # the export carries the mentions and co-speakers, filtered by about= the same way
    lines = client.get("/v1/statements/export", params={"about": "putin"}).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert sorted(r["speaker_canonical"] for r in rows) == ["Dmitry Peskov", "Maria Lopez"]
    assert all(
        any(m["name"] == "Vladimir Putin" for m in r["mentions"]) and r["co_speakers"] for r in rows
    )
