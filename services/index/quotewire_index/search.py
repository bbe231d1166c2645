"""Search calls shared by the search API and the CLI.

A ``speaker`` is first resolved against the speakers registry
(:func:`quotewire_index.registry.resolve_speaker`: aliases, roles, surname links,
ambiguity); the statements query then filters on the resolved speaker ids. A registry
that does not know the name (or is missing) leaves the old name matching in place.
"""

from dataclasses import replace

from elasticsearch import Elasticsearch, NotFoundError

from quotewire_index.article_query import (
    ArticleSearch,
    build_articles_search,
    parse_articles_response,
)
from quotewire_index.models import (
    ArticlesPage,
    SpeakerCount,
    SpeakerMatch,
    SpeakersPage,
    StatementsPage,
)
from quotewire_index.query import (
    StatementSearch,
    build_speakers_search,
    build_statements_search,
    parse_speakers_response,
    parse_statements_response,
)
from quotewire_index.registry import list_speakers, resolve_speaker


def resolve(
    es: Elasticsearch, speakers_index: str | None, params: StatementSearch
) -> tuple[StatementSearch, SpeakerMatch | None]:
    """``params`` with ``speaker_ids`` filled from the registry, and how it resolved."""
    speaker = (params.speaker or "").strip()
    if not speaker or not speakers_index or params.speaker_ids is not None:
        return params, None
    try:
        match = resolve_speaker(es, speakers_index, speaker)
    except NotFoundError:  # no registry (yet): match the names in the statements
        return params, None
    if match is None:
        return params, None
    ids = {link.speaker_id for link in match.links}
    if not ids:  # ambiguous between several speakers of a role: all of them, said so
        ids = {c.speaker_id for c in match.candidates}
    return replace(params, speaker_ids=tuple(sorted(ids))), match


def search_statements(
    es: Elasticsearch,
    index: str,
    params: StatementSearch,
    facet_size: int = 20,
    speakers_index: str | None = None,
) -> StatementsPage:
    params, match = resolve(es, speakers_index, params)
    resp = es.search(index=index, **build_statements_search(params, facet_size))
    page = parse_statements_response(resp.body, params)
    page.speaker_match = match
    return page


def search_speakers(
    es: Elasticsearch,
    index: str,
    q: str | None,
    size: int = 20,
    speakers_index: str | None = None,
) -> SpeakersPage:
    """Speakers by name, alias or role; a surname-only form linked to one full name is
    listed under it. Without a registry: the names as found in the statements."""
    if speakers_index:
        try:
            entries = list_speakers(es, speakers_index, q, size)
        except NotFoundError:
            entries = None
        if entries:
            return SpeakersPage(
                speakers=[
                    SpeakerCount(
                        name=e["name"],
                        count=e["total"],
                        speaker_type=e.get("speaker_type"),
                        speaker_id=e["speaker_id"],
                        aliases=[s["name"] for s in e["linked"]] + list(e.get("aliases") or []),
                    )
                    for e in entries
                ]
            )
    resp = es.search(index=index, **build_speakers_search(q, size))
    return parse_speakers_response(resp.body)


def search_articles(es: Elasticsearch, index: str, params: ArticleSearch) -> ArticlesPage:
    resp = es.search(index=index, **build_articles_search(params))
    return parse_articles_response(resp.body, params)
