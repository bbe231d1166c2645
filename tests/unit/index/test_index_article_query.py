"""The articles search of the search API: request built, response parsed (no server)."""

import pytest
from quotewire_index.article_query import (
    ArticleSearch,
    build_articles_search,
    parse_articles_response,
)


def test_filters_are_exact_and_newest_come_first():
    body = build_articles_search(
        ArticleSearch(statements_status="unsupported_language", language="fr", page=2, size=10)
    )
    assert body["query"]["bool"]["filter"] == [
        {"term": {"statements_status": "unsupported_language"}},
        {"term": {"language": "fr"}},
    ]
    assert body["query"]["bool"]["must"] == []
    assert body["sort"] == [{"received_at": {"order": "desc"}}]
    assert (body["from"], body["size"]) == (10, 10)
    assert body["_source"] == {"excludes": ["body"]}


def test_full_text_ranks_by_score():
    body = build_articles_search(ArticleSearch(q="budget"))
    assert body["query"]["bool"]["must"][0]["multi_match"]["query"] == "budget"
    assert body["sort"][0] == "_score"


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="statements_status"):
        ArticleSearch(statements_status="done")
    with pytest.raises(ValueError):
        ArticleSearch(page=0)


def test_response_is_parsed_into_hits():
    resp = {
        "hits": {
            "total": {"value": 1},
            "hits": [
                {
                    "_source": {
                        "article_id": "a1",
                        "title": "Le budget",
                        "language": "fr",
                        "statements_status": "unsupported_language",
                        "statement_count": 0,
                        "body": "ignored",
                    }
                }
            ],
        }
    }
    page = parse_articles_response(resp, ArticleSearch())
    assert page.total == 1 and page.hits[0].statements_status == "unsupported_language"
