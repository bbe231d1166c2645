"""Search calls shared by the search API and the CLI.

A ``speaker`` is first resolved against the speakers registry
(:func:`quotewire_index.registry.resolve_speaker`: aliases, roles, surname links,
ambiguity); the statements query then filters on the resolved speaker ids. A registry
that does not know the name (or is missing) leaves the old name matching in place.

Repeats of a quote within an article are left out by the statements'
``first_in_article`` flag once every statement has it (:func:`repeats_flagged`), else
by a collapse (see :mod:`quotewire_index.query`).
"""

import logging
import threading
import time
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
    by_flag,
    by_registry,
    parse_speakers_response,
    parse_statements_response,
)
from quotewire_index.registry import list_speakers, resolve_speaker
from quotewire_index.speaker_facets import Facets, registry_facets

log = logging.getLogger("quotewire_index.search")


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


#: How long :func:`repeats_flagged` trusts its last answer (seconds).
FLAG_CHECK_S = 10.0
_flag_checks: dict[tuple[int, str], tuple[float, bool]] = {}
_flag_lock = threading.Lock()
_flag_counting: set[tuple[int, str]] = set()


def repeats_flagged(es: Elasticsearch, index: str, clock=time.monotonic) -> bool:
    """Whether every statement in ``index`` says if it is its quote's first occurrence
    in its article (``first_in_article``: indexed from a schema-4 event). One count of
    the statements without it (a scan of the whole index: a few hundred ms on the
    in-memory server at 100,000 statements), remembered per client and index; after
    :data:`FLAG_CHECK_S` the last answer is still given while a background thread
    counts again, so no search waits for the count but the first. Statements indexed
    from older events (a replay of old topic data) bring the collapse back within that
    time."""
    key = (id(es), index)
    now = clock()
    with _flag_lock:
        known = _flag_checks.get(key)
        recount = known is not None and now - known[0] >= FLAG_CHECK_S
        recount = recount and key not in _flag_counting
        if recount:
            _flag_counting.add(key)
    if recount:
        threading.Thread(
            target=_recount, args=(es, index, key, clock), daemon=True, name="flag-count"
        ).start()
    if known is not None:
        return known[1]
    return _count_flagged(es, index, key, clock)


def _recount(es: Elasticsearch, index: str, key: tuple[int, str], clock) -> None:
    try:
        _count_flagged(es, index, key, clock)
    except Exception:  # the next search past FLAG_CHECK_S tries again
        log.warning("counting the statements without first_in_article failed", exc_info=True)


def _count_flagged(es: Elasticsearch, index: str, key: tuple[int, str], clock) -> bool:
    try:
        missing = es.count(
            index=index, query={"bool": {"must_not": {"exists": {"field": "first_in_article"}}}}
        )["count"]
    except NotFoundError:  # no index (yet): the search says so as ever
        return False
    finally:
        with _flag_lock:
            _flag_counting.discard(key)
    with _flag_lock:
        _flag_checks[key] = (clock(), missing == 0)
    return missing == 0


def search_statements(
    es: Elasticsearch,
    index: str,
    params: StatementSearch,
    facet_size: int = 20,
    speakers_index: str | None = None,
    flagged: bool | None = None,
    lean: bool = True,
) -> StatementsPage:
    """``flagged``: see :func:`build_statements_search` (``None``: :func:`repeats_flagged`
    decides; the benchmark forces either). A search by speaker alone takes its facets
    from the registry where they are current (:mod:`quotewire_index.speaker_facets`).
    ``lean=False`` sends the request as before that and the lean query form of
    :func:`build_statements_search` (the benchmark's baseline)."""
    params, match = resolve(es, speakers_index, params)
    if flagged is None:  # the count only where the flag could be used
        flagged = by_flag(params) and repeats_flagged(es, index)
    facets = None
    if lean and flagged and speakers_index and by_registry(params):
        facets = _stored_facets(es, speakers_index, params.speaker_ids or (), facet_size)
    body = build_statements_search(
        params,
        facet_size,
        flagged,
        facets=facets is None,
        lean=lean,
    )
    page = parse_statements_response(es.search(index=index, **body).body, params)
    if facets is not None and page.total == facets.quotes:
        page.speakers, page.sources, page.mentioned = (
            facets.speakers,
            facets.sources,
            facets.mentioned,
        )
    elif facets is not None:  # the registry is behind the statements: counted live
        body = build_statements_search(params, facet_size, flagged)
        page = parse_statements_response(es.search(index=index, **body).body, params)
    page.speaker_match = match
    return page


def _stored_facets(
    es: Elasticsearch, speakers_index: str, ids: tuple[str, ...], size: int
) -> Facets | None:
    try:
        docs = es.mget(index=speakers_index, ids=list(ids), source_includes=["facets"])["docs"]
    except NotFoundError:
        return None
    return registry_facets([d.get("_source") if d.get("found") else None for d in docs], size)


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
