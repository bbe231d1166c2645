"""Search calls: one Elasticsearch request each, shared by the search API and the CLI."""

from elasticsearch import Elasticsearch

from quotewire_index.article_query import (
    ArticleSearch,
    build_articles_search,
    parse_articles_response,
)
from quotewire_index.models import ArticlesPage, SpeakersPage, StatementsPage
from quotewire_index.query import (
    StatementSearch,
    build_speakers_search,
    build_statements_search,
    parse_speakers_response,
    parse_statements_response,
)


def search_statements(
    es: Elasticsearch, index: str, params: StatementSearch, facet_size: int = 20
) -> StatementsPage:
    resp = es.search(index=index, **build_statements_search(params, facet_size))
    return parse_statements_response(resp.body, params)


def search_speakers(es: Elasticsearch, index: str, q: str | None, size: int = 20) -> SpeakersPage:
    resp = es.search(index=index, **build_speakers_search(q, size))
    return parse_speakers_response(resp.body)


def search_articles(es: Elasticsearch, index: str, params: ArticleSearch) -> ArticlesPage:
    resp = es.search(index=index, **build_articles_search(params))
    return parse_articles_response(resp.body, params)
