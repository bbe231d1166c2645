"""Article search as pure functions: which articles arrived, and with what outcome.

Filters: ``statements_status`` (``extracted`` / ``unsupported_language``: the articles
the extractor could not read), ``language``, ``source``, ``section``; ``q`` full text on
title and body. Newest (received) first.
"""

from dataclasses import dataclass
from typing import Any

from quotewire_index.models import ArticleHit, ArticlesPage
from quotewire_index.query import page_window

STATEMENTS_STATUSES = ("extracted", "unsupported_language")
FILTERS = ("statements_status", "language", "source", "section")


@dataclass(frozen=True)
class ArticleSearch:
    q: str | None = None
    statements_status: str | None = None
    language: str | None = None
    source: str | None = None
    section: str | None = None
    page: int = 1
    size: int = 20

    def __post_init__(self) -> None:
        if self.page < 1 or self.size < 0:
            raise ValueError("page >= 1, size >= 0")
        if self.statements_status not in (None, *STATEMENTS_STATUSES):
            raise ValueError(f"statements_status must be one of {', '.join(STATEMENTS_STATUSES)}")


def build_articles_search(params: ArticleSearch) -> dict[str, Any]:
    filters = [{"term": {name: getattr(params, name)}} for name in FILTERS if getattr(params, name)]
    must = (
        [{"multi_match": {"query": params.q, "fields": ["title^2", "body"]}}]
        if params.q and params.q.strip()
        else []
    )
    return {
        "query": {"bool": {"must": must, "filter": filters}},
        "sort": ["_score", {"received_at": {"order": "desc"}}]
        if must
        else [{"received_at": {"order": "desc"}}],
        "from": page_window(params.page, params.size)[0],
        "size": page_window(params.page, params.size)[1],
        "track_total_hits": True,
        "_source": {"excludes": ["body"]},
    }


def parse_articles_response(resp: dict[str, Any], params: ArticleSearch) -> ArticlesPage:
    hits = resp.get("hits") or {}
    total = hits.get("total", 0)
    return ArticlesPage(
        total=int(total["value"] if isinstance(total, dict) else total),
        page=params.page,
        size=params.size,
        hits=[
            ArticleHit(
                **{
                    k: v
                    for k, v in (h.get("_source") or {}).items()
                    if k in ArticleHit.model_fields
                }
            )
            for h in hits.get("hits") or []
        ],
    )
