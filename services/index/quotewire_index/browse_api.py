"""Browse routes of the search API: one article with its statements in place, one
speaker's profile, the outlets. Thin: validate, call one function of
:mod:`quotewire_index.browse`, map errors to HTTP (404 when the index has nothing)."""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from elastic_transport import TransportError
from elasticsearch import ApiError
from fastapi import APIRouter, Depends, HTTPException, Path, Query
from quotewire_common.api_errors import error_responses

from quotewire_index.api_deps import (
    PROBLEMS,
    EsDep,
    SettingsDep,
    es_failure,
    no_unknown_params,
)
from quotewire_index.browse import get_article_view, get_outlets, get_speaker_profile
from quotewire_index.models import ArticleView, OutletsPage, SpeakerProfile

router = APIRouter(
    prefix="/v1", tags=["browse"], dependencies=[Depends(no_unknown_params)], responses=PROBLEMS
)
T = TypeVar("T")


def _answer(call: Callable[..., T | None], *args: Any, missing: str = "not found") -> T:
    """``call(*args)``; Elasticsearch failures as 400/503, ``None`` as 404 ``missing``."""
    try:
        result = call(*args)
    except (ApiError, TransportError) as exc:
        raise es_failure(exc) from None
    if result is None:
        raise HTTPException(404, missing)
    return result


@router.get(
    "/articles/{article_id}",
    response_model=ArticleView,
    responses=error_responses({404: "No article with this id in the index"}),
)
def article(
    es: EsDep,
    settings: SettingsDep,
    article_id: Annotated[str, Path(min_length=1, max_length=512)],
) -> ArticleView:
    """The article's text (title, blank line, body) and its statements with their spans."""
    return _answer(
        get_article_view,
        es,
        settings.articles_index,
        settings.statements_index,
        article_id,
        missing=f"no article {article_id!r} in the index",
    )


@router.get(
    "/speakers/{name:path}",
    response_model=SpeakerProfile,
    responses=error_responses({404: "No statement attributed to this speaker"}),
)
def speaker(
    es: EsDep,
    settings: SettingsDep,
    name: Annotated[str, Path(min_length=1, max_length=1024, description="speaker_canonical")],
    recent: Annotated[int, Query(ge=0, le=100, description="Newest statements to include")] = 10,
) -> SpeakerProfile:
    """Statements over time, outlets, the mentions as written, types, newest statements."""
    return _answer(
        get_speaker_profile,
        es,
        settings.statements_index,
        name,
        recent,
        settings.speakers_index,
        settings.quotes_index,
        missing=f"no statement attributed to {name!r}",
    )


@router.get("/outlets", response_model=OutletsPage)
def outlets(
    es: EsDep,
    settings: SettingsDep,
    size: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> OutletsPage:
    """Sources with statements in the index, most statements first."""
    return _answer(get_outlets, es, settings.statements_index, size)
