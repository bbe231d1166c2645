"""Loading seed-format text files, JSONL files and directories for ``quotewire ingest``."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from quotewire_ingest.loaders import (
    LoadError,
    load_json_file,
    load_jsonl_file,
    load_text_file,
    parse_seed_text,
)
from quotewire_ingest.sources import load_paths

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
GOLD_DEV = REPO / "data" / "attribution" / "dev.jsonl"


def test_the_seed_article_skips_its_boilerplate_line():
    seed = next(SEEDS.glob("000_*.txt"))
    article = load_text_file(seed)
    assert article.title == "Kremlin denies Putin and Trump spoke on phone"
    assert article.published == datetime(2024, 11, 11, tzinfo=UTC)  # from " date 2024-11-11"
    assert article.body.startswith("Updated - November 11, 2024 04:27 pm IST - Moscow\n\n")
    assert article.body.endswith("lead to more aggression, he said.")
    assert "ADVERTISEMENT" not in article.body
    assert article.article_id == seed.stem  # stable: the file name


def test_dev_seed_files_give_exactly_the_gold_text():
    gold = {d["doc_id"]: d for d in map(json.loads, GOLD_DEV.read_text("utf-8").splitlines())}
    for path in sorted(SEEDS.glob("d*.txt")):
        article = load_text_file(path)
        assert article.article_id == path.stem
        assert article.title == gold[path.stem]["title"]
        assert article.to_event().text == gold[path.stem]["text"], path.name


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Title\n\nPara one.\n\nPara two.\n", "Title", "Para one.\n\nPara two."),
        ("\n\n  Title  \r\n\r\nBody\r\n", "Title", "Body"),
        ("ADVERTISEMENT\n\nTitle\n\nBody", "Title", "Body"),
        ("Sponsored content\n\nTitle\n\nBody", "Title", "Body"),
        ("Title\nstill the first paragraph\n\nBody", "Title", "still the first paragraph\n\nBody"),
        ("Title\n\n\n\nA\n  \nB", "Title", "A\n\nB"),
        # a normal first line that mentions a date is a title, not boilerplate
        ("date 2024-11-11 Markets rally\n\nBody", "date 2024-11-11 Markets rally", "Body"),
        ("Advertisement revenue falls\n\nBody", "Advertisement revenue falls", "Body"),
    ],
)
def test_seed_text_rule(text, title, body):
    article = parse_seed_text(text, article_id="x")
    assert (article.title, article.body) == (title, body)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no title"),
        (" date 2024-11-11 ADVERTISEMENT\n\n", "no title"),
        ("Only a title\n", "no body"),
        ("Only a title\n\n   \n", "no body"),
        ("x" * 2001 + "\n\nBody", "title"),
    ],
)
def test_seed_text_errors_are_clear(text, message):
    with pytest.raises(LoadError, match=message):
        parse_seed_text(text, article_id="x", origin="some.txt")


def test_bad_text_files(tmp_path):
    binary = tmp_path / "latin1.txt"
    binary.write_bytes("Caf\xe9\n\nBody".encode("latin-1"))
    with pytest.raises(LoadError, match=r"latin1.txt: not UTF-8"):
        load_text_file(binary)
    with pytest.raises(LoadError, match="cannot read"):
        load_text_file(tmp_path / "missing.txt")


def test_jsonl_file_line_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "a", "title": "A", "body": "Body A"})
        + "\n\n{broken\n"
        + json.dumps({"title": "B"})
        + "\n"
        + json.dumps({"title": "C", "body": "Body C", "url": "https://x.org/c"})
        + "\n",
        "utf-8",
    )
    loaded = load_jsonl_file(path)
    assert [item.origin for item in loaded] == [f"{path}:{n}" for n in (1, 3, 4, 5)]
    assert loaded[0].article.article_id == "a"
    assert "Invalid JSON" in loaded[1].error
    assert loaded[2].error == "body: Field required"
    assert loaded[3].article.article_id.startswith("url-")


def test_empty_jsonl_file_is_an_error(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n", "utf-8")
    with pytest.raises(LoadError, match="no articles"):
        load_jsonl_file(tmp_path / "empty.jsonl")


def test_directories_are_searched_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two\n\nBody two", "utf-8")
    (tmp_path / "a.txt").write_text("One\n\nBody one", "utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "three", "title": "3", "body": "b"}), "utf-8"
    )
    (tmp_path / "notes.md").write_text("ignored in directories", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden\n\nBody", "utf-8")
    loaded = list(load_paths([tmp_path]))
    assert [item.article.article_id for item in loaded] == ["a", "two", "three"]
    assert all(item.error is None for item in loaded)


def test_bad_paths_become_errors_not_exceptions(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.md").write_text("x", "utf-8")
    (tmp_path / "nobody.txt").write_text("Title only\n", "utf-8")
    loaded = list(
        load_paths(
            [
                tmp_path / "missing",
                tmp_path / "empty",
                tmp_path / "notes.md",
                tmp_path / "nobody.txt",
            ]
        )
    )
    assert all(item.article is None for item in loaded)
    errors = [item.error for item in loaded]
    assert "no such file or directory" in errors[0]
    assert "no .txt, .json, .jsonl, .ndjson, .xml, .rss, .atom, .html, .htm files" in errors[1]
    assert "unsupported file type '.md'" in errors[2]
    assert (
        "(expected one of .txt, .json, .jsonl, .ndjson, .xml, .rss, .atom, .html, .htm)"
        in (errors[2])
    )
    assert "nobody.txt: no body" in errors[3]


def test_source_option_applies_to_text_files(tmp_path):
    (tmp_path / "a.txt").write_text("One\n\nBody", "utf-8")
    [item] = load_paths([tmp_path / "a.txt"], source="seed")
    assert item.article.source == "seed"


# --- document lines {doc_id, text, ...} (gold data, `quotewire extract` input) -----------


def test_gold_document_lines_load_as_articles():
    loaded = load_jsonl_file(GOLD_DEV)
    assert len(loaded) == 20 and all(item.article is not None for item in loaded), [
        item.error for item in loaded if item.error
    ]
    first = json.loads(GOLD_DEV.read_text(encoding="utf-8").splitlines()[0])
    article = loaded[0].article
    assert article.id == first["doc_id"]
    assert article.title == first["text"].split("\n", 1)[0]
    assert article.body == first["text"].split("\n\n", 1)[1].strip()
    assert article.source == first["source"]


def test_document_line_problems_are_reported_per_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"doc_id": "ok", "text": "Title\n\nBody.", "statements": []}) + "\n"
        + json.dumps({"doc_id": "t", "text": "only a title"}) + "\n"
        + json.dumps({"doc_id": "", "text": "T\n\nB"}) + "\n"
    )  # fmt: skip
    ok, no_body, no_id = load_jsonl_file(path)
    assert ok.article is not None and ok.article.id == "ok" and ok.article.body == "Body."
    assert no_body.article is None and "no body" in no_body.error
    assert not no_body.error.startswith(str(path))  # the origin column already says where
    assert no_id.article is None and "doc_id" in no_id.error


def test_repeated_problems_are_grouped_in_the_summary():
    from quotewire_ingest.cli import group_problems
    from quotewire_ingest.sender import SendResult, Summary

    summary = Summary(
        [SendResult(f"f.jsonl:{n}", "rejected", reason="body: Field required") for n in (1, 2, 3)]
        + [SendResult("f.jsonl:4", "accepted"), SendResult("g.txt", "rejected", reason="other")]
    )
    groups = group_problems(summary)
    assert [(status, reason, len(origins)) for status, reason, origins in groups] == [
        ("rejected", "body: Field required", 3),
        ("rejected", "other", 1),
    ]


# --- .json files ----------------------------------------------------------------------


def test_json_file_with_one_article_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "solo", "title": "T", "body": "B", "source": "s"}), "utf-8")
    [item] = load_paths([path])
    assert item.origin == str(path) and item.error is None
    assert (item.article.article_id, item.article.source) == ("solo", "s")


def test_json_array_mixes_articles_documents_and_errors(tmp_path):
    path = tmp_path / "many.json"
    items = [
        {"id": "a1", "title": "First", "body": "Body one"},
        {"doc_id": "g7", "text": "Gold title\n\nGold body.", "statements": []},
        {"title": "no body"},
        "not an object",
    ]
    path.write_text(json.dumps(items), "utf-8")
    loaded = load_json_file(path)
    assert [item.origin for item in loaded] == [f"{path}[{i}]" for i in range(4)]
    assert loaded[0].article.article_id == "a1"
    assert (loaded[1].article.article_id, loaded[1].article.title) == ("g7", "Gold title")
    assert loaded[1].article.body == "Gold body."
    assert loaded[2].article is None and loaded[2].error == "body: Field required"
    assert loaded[3].article is None and "Expected a JSON object" in loaded[3].error


def test_json_document_object_with_a_date_line(tmp_path):
    path = tmp_path / "doc.json"
    text = " date 2024-11-11 ADVERTISEMENT\n\nTitle\n\nBody."
    path.write_text(json.dumps({"doc_id": "d9", "text": text}), "utf-8")
    [item] = load_json_file(path)
    assert item.article.article_id == "d9"
    assert item.article.published == datetime(2024, 11, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no articles"),
        ("[]", "the array is empty"),
        ("{not json", "invalid JSON"),
        ("42", "not a JSON int"),
    ],
)
def test_unusable_json_files_are_load_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(LoadError, match=message):
        load_json_file(path)
    [item] = load_paths([path])  # load_paths never raises
    assert item.article is None and message in item.error


def test_directories_include_json_files(tmp_path):
    (tmp_path / "a.txt").write_text("One\n\nBody one", "utf-8")
    (tmp_path / "b.json").write_text(json.dumps([{"id": "b", "title": "B", "body": "b"}]), "utf-8")
    assert [item.article.article_id for item in load_paths([tmp_path])] == ["a", "b"]


def test_unknown_fields_are_kept_as_extra_or_ignored_by_name():
    from quotewire_ingest.loaders import ArticleInvalid, parse_article

    raw = json.dumps(
        {"title": "T", "body": "B", "priority": 3, "embargo": False, "desk": "Metro",
         "related": {"ids": [1, 2]}, "long": "x" * 2000}
    )  # fmt: skip
    article = parse_article(raw)
    assert article.extra == {"priority": "3", "embargo": "false", "desk": "Metro"}
    assert article.ignored_fields == ["related", "long"]
    assert article.to_event().extra == article.extra
    with pytest.raises(ArticleInvalid) as info:
        parse_article(raw, strict=True)
    assert {e.type for e in info.value.errors} == {"extra_forbidden"}


def test_load_paths_reads_feeds_pages_and_formats_by_option():
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "formats"
    feed = list(load_paths([fixtures / "rss.xml"]))
    assert [bool(x.article) for x in feed] == [True, True, False]
    assert feed[0].origin.endswith("rss.xml[0]") and "no text" in feed[2].error
    [page] = list(load_paths([fixtures.parent / "pages" / "bugle.html"]))
    assert page.article.title == "Mayor balances budget"
    [ninjs] = list(load_paths([fixtures / "ninjs2.json"], fmt="ninjs"))
    assert ninjs.article.byline == ["Lena Park"]
    [as_article] = list(load_paths([fixtures / "ninjs2.json"]))
    assert "format=ninjs" in as_article.error
