from datetime import timedelta

from quotewire_index.docs import (
    Retirement,
    article_write_action,
    fold_article,
    is_stale,
    marker_is_current,
    merge_article,
    processed_floor,
    retire_chunks,
    retire_query,
    retirement_for,
    split_stale,
    statement_action,
    statement_doc,
)
from quotewire_index.indices import load_template, template_for_index
from qw_index_factories import T0, article, marker, statement


def test_statement_action_has_deterministic_id_and_flat_doc():
    ev = statement()
    a1 = statement_action(ev, "statements", T0)
    a2 = statement_action(statement(), "statements", T0 + timedelta(hours=1))
    assert a1["_id"] == a2["_id"] == ev.statement_id
    assert a1["_op_type"] == "index" and a1["_index"] == "statements"
    doc = a1["_source"]
    assert doc["speaker_canonical"] == "Dmitry Peskov"
    assert (doc["content_start"], doc["content_end"]) == (10, 20)
    assert doc["title"] == "Peskov denies report"
    assert doc["published"] == T0.isoformat()
    assert doc["article_version"] == "v1"


def test_first_in_article_is_stored_as_the_event_says_and_unknown_before_schema_4():
    first = statement()
    repeat = first.model_copy(update={"repeat_of": first.statement_id})
    old = first.model_copy(update={"schema_version": 3})
    assert statement_doc(first, T0)["first_in_article"] is True
    assert statement_doc(repeat, T0)["first_in_article"] is False
    assert statement_doc(old, T0)["first_in_article"] is None
    assert load_template("statements")["template"]["mappings"]["properties"][
        "first_in_article"
    ] == {"type": "boolean"}


def test_other_span_or_version_gives_other_id():
    ids = {
        statement().statement_id,
        statement(span=(30, 40)).statement_id,
        statement(version="v2").statement_id,
    }
    assert len(ids) == 3


def _mapped(kind: str) -> set[str]:
    return set(load_template(kind)["template"]["mappings"]["properties"])


def test_documents_only_use_mapped_fields():
    """The mappings are strict: every field the indexer writes must be mapped."""
    assert set(statement_doc(statement(), T0)) <= _mapped("statements")
    doc = fold_article(None, [article(), marker()])
    assert set(doc) <= _mapped("articles")
    assert set(fold_article(None, [marker()])) <= _mapped("articles")


def test_templates_are_strict_and_use_folding_english_analyzer():
    for kind in ("statements", "articles", "speakers", "quotes"):
        body = load_template(kind)
        assert body["template"]["mappings"]["dynamic"] == "strict"
        assert body["index_patterns"]
    body = load_template("statements")
    props = body["template"]["mappings"]["properties"]
    assert props["content"]["analyzer"] == "folded_english"
    analyzer = body["template"]["settings"]["analysis"]["analyzer"]["folded_english"]
    assert {"lowercase", "asciifolding"} <= set(analyzer["filter"])
    assert props["content"]["fields"]["raw"]["type"] == "keyword"
    assert props["speaker_canonical"]["type"] == "keyword"
    assert props["speaker_canonical"]["fields"]["text"]["type"] == "text"
    assert props["published"]["type"] == "date"


def test_template_patterns_cover_renamed_index():
    assert template_for_index("statements", "statements")["index_patterns"] == ["statements*"]
    assert "qw-st" in template_for_index("statements", "qw-st")["index_patterns"]


def test_article_event_then_marker():
    doc = merge_article(None, article())
    assert doc["article_version"] == "v1" and doc["body"] == "Body text."
    doc = merge_article(doc, marker(count=3))
    assert doc["processed_version"] == "v1"
    assert doc["statement_count"] == 3
    assert doc["processed_at"] == T0.isoformat()


def test_older_article_event_does_not_roll_back():
    newer = merge_article(None, article(version="v2", received=T0 + timedelta(minutes=5)))
    assert merge_article(newer, article(version="v1", received=T0)) is None


def test_same_article_event_again_is_a_noop():
    doc = merge_article(None, article())
    assert merge_article(doc, article()) is None


def test_newer_article_event_keeps_processed_fields():
    doc = fold_article(None, [article(), marker(count=2)])
    doc2 = merge_article(doc, article(version="v2", received=T0 + timedelta(minutes=1)))
    assert doc2["article_version"] == "v2"
    assert doc2["processed_version"] == "v1" and doc2["statement_count"] == 2


def test_marker_before_article_event_fills_context_then_event_takes_over():
    doc = merge_article(None, marker(version="v2", count=4))
    assert doc["article_version"] == "v2" and doc["title"] == "Peskov denies report"
    assert "received_at" not in doc
    doc = merge_article(doc, article(version="v2", title="New title"))
    assert doc["title"] == "New title" and doc["statement_count"] == 4


def test_marker_does_not_change_content_version_of_other_text():
    doc = merge_article(None, article(version="v2", received=T0))
    doc = merge_article(doc, marker(version="v1"))
    assert doc["article_version"] == "v2" and doc["processed_version"] == "v1"


def test_fold_returns_none_when_nothing_changes():
    doc = fold_article(None, [article(), marker()])
    assert fold_article(doc, [article(), marker()]) is None
    assert fold_article(None, []) is None


def test_article_write_action_is_conditional():
    create = article_write_action("articles", "a1", {"x": 1})
    assert create["_op_type"] == "create" and "if_seq_no" not in create
    index = article_write_action("articles", "a1", {"x": 1}, seq_no=7, primary_term=2)
    assert index["_op_type"] == "index"
    assert (index["if_seq_no"], index["if_primary_term"]) == (7, 2)


def _marker_with_ids(aid, version, *spans):
    ids = [statement(aid, version, span=sp).statement_id for sp in spans]
    m = marker(aid, version, count=len(ids))
    return m.model_copy(update={"statement_ids": ids}), ids


def test_retirement_keeps_exactly_the_marker_statement_ids():
    m, ids = _marker_with_ids("a1", "v1", (10, 20), (30, 40))
    r = retirement_for(m)
    assert (r.article_id, r.article_version, r.keep_ids) == ("a1", "v1", tuple(ids))
    q = retire_query([r])
    (clause,) = q["bool"]["should"]
    assert q["bool"]["minimum_should_match"] == 1
    assert clause["bool"]["filter"] == [
        {"term": {"article_id": "a1"}},
        {"range": {"article_received_at": {"lte": T0.isoformat()}}},
    ]
    # other versions and other spans of the same version alike: one ids clause
    assert clause["bool"]["must_not"] == [{"ids": {"values": ids}}]


def test_retirement_of_a_version_without_statements_retires_all_of_the_article():
    r = retirement_for(marker("a1", "v2", count=0))
    assert r.keep_ids == ()
    (clause,) = retire_query([r])["bool"]["should"]
    assert clause["bool"] == {
        "filter": [
            {"term": {"article_id": "a1"}},
            {"range": {"article_received_at": {"lte": T0.isoformat()}}},
        ]
    }


def test_marker_without_matching_id_list_falls_back_to_version():
    r = retirement_for(marker("b", "v9", count=3))  # statement_ids not filled
    assert r.keep_ids is None
    (clause,) = retire_query([r])["bool"]["should"]
    assert clause["bool"]["must_not"] == [{"term": {"article_version": "v9"}}]


def test_retire_chunks_bound_articles_and_ids():
    rs = [Retirement(f"a{i}", "v", tuple(f"s{i}-{j}" for j in range(i)), T0) for i in range(6)]
    chunks = retire_chunks(rs, max_articles=2, max_ids=100)
    assert [[r.article_id for r in c] for c in chunks] == [["a0", "a1"], ["a2", "a3"], ["a4", "a5"]]
    chunks = retire_chunks(rs, max_articles=100, max_ids=6)
    assert [[r.article_id for r in c] for c in chunks] == [
        ["a0", "a1", "a2", "a3"],  # 0+1+2+3 ids
        ["a4"],
        ["a5"],  # an article over the limit still goes, alone
    ]
    assert sum(len(c) for c in chunks) == 6
    assert retire_chunks([], 10, 10) == []


# -- version order: article_received_at ------------------------------------------------

T1 = T0 + timedelta(minutes=10)


def test_statement_doc_carries_article_received_at_and_template_maps_it():
    assert statement_doc(statement(received=T1), T0)["article_received_at"] == T1.isoformat()
    statements = load_template("statements")["template"]["mappings"]["properties"]
    articles = load_template("articles")["template"]["mappings"]["properties"]
    assert statements["article_received_at"]["type"] == "date"
    assert articles["processed_received_at"]["type"] == "date"


def test_marker_stores_processed_received_at():
    doc = merge_article(None, marker(version="v2", received=T1))
    assert doc["processed_received_at"] == T1.isoformat()
    assert processed_floor(doc) == T1
    assert processed_floor(None) is None and processed_floor({"processed_version": "v"}) is None


def test_older_marker_after_newer_is_ignored():
    doc = fold_article(None, [marker(version="v1", count=3), marker(version="v2", received=T1)])
    assert doc["processed_version"] == "v2" and doc["statement_count"] == 1
    late = marker(version="v1", count=3, received=T0)
    assert not marker_is_current(doc, late)
    assert merge_article(doc, late) is None  # processed_version stays v2
    assert fold_article(doc, [late]) is None


def test_marker_ordering_decision():
    doc = merge_article(None, marker(version="v1", received=T0))
    assert marker_is_current(None, marker(received=T0))  # nothing processed yet
    assert marker_is_current({"processed_version": "v0"}, marker(received=T0))  # no floor
    assert marker_is_current(doc, marker(version="v1", received=T0))  # replay: equal is current
    assert marker_is_current(doc, marker(version="v2", received=T1))
    newer = merge_article(doc, marker(version="v2", received=T1))
    assert not marker_is_current(newer, marker(version="v1", received=T0))


def test_same_version_marker_with_other_ids_still_applies():
    """An extractor upgrade re-running the same version (equal article_received_at)."""
    doc = merge_article(None, marker(version="v1", count=2, received=T0))
    again = merge_article(doc, marker(version="v1", count=3, received=T0))
    assert again["statement_count"] == 3


def test_retirement_is_bounded_by_the_marker_received_at():
    m, ids = _marker_with_ids("a1", "v1", (10, 20))
    m = m.model_copy(update={"article_received_at": T1})
    r = retirement_for(m)
    assert r.received_at == T1
    (clause,) = retire_query([r])["bool"]["should"]
    # statements of newer versions (article_received_at > T1) are never matched
    assert {"range": {"article_received_at": {"lte": T1.isoformat()}}} in clause["bool"]["filter"]
    assert clause["bool"]["must_not"] == [{"ids": {"values": ids}}]
    fallback = retire_query([retirement_for(marker("b", "v9", count=3, received=T1))])
    (clause,) = fallback["bool"]["should"]
    assert {"range": {"article_received_at": {"lte": T1.isoformat()}}} in clause["bool"]["filter"]


def test_stale_statement_filter():
    old, same, new = (
        statement(received=T0),
        statement("a1", "v2", received=T1),
        statement("a1", "v3", received=T1 + timedelta(seconds=1)),
    )
    other = statement("b1", "v1", received=T0)
    assert not is_stale(old, None)
    assert is_stale(old, T1) and not is_stale(same, T1) and not is_stale(new, T1)
    keep, stale = split_stale([old, other, same, new], {"a1": T1, "b1": None}, lambda e: e)
    assert keep == [other, same, new] and stale == [old]
    keep, stale = split_stale([old], {}, lambda e: e)  # unknown article: nothing processed
    assert keep == [old] and stale == []


def test_unsupported_language_marker_shows_on_the_article_with_its_metadata():
    """Schema 2: metadata and the marker's statements_status/language reach the article."""
    ev = article(language=None, byline=["Ann Lee"], section="Metro", subjects=["budget"])
    unsupported = marker(count=0).model_copy(
        update={"statements_status": "unsupported_language", "language": "fr"}
    )
    doc = fold_article(None, [ev, unsupported])
    assert doc["statements_status"] == "unsupported_language" and doc["language"] == "fr"
    assert doc["byline"] == ["Ann Lee"] and doc["subjects"] == ["budget"]
    assert set(doc) <= _mapped("articles")
    # a replayed article event without a declared language keeps the detected one
    assert fold_article(doc, [ev]) is None or fold_article(doc, [ev])["language"] == "fr"


def test_reprocess_rebuilds_an_article_event_with_its_schema_2_metadata():
    """What the articles index stores of an article event comes back as the same event."""
    from quotewire_index.rebuild import article_event_of

    ev = article(byline=["Ann Lee"], section="Metro", subjects=["budget"], language="en-GB")
    again = article_event_of(merge_article(None, ev))
    assert again == ev.model_copy(update={"schema_version": again.schema_version})
