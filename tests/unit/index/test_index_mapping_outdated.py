"""An index made from an older template is reported once, by the view check."""

import logging

from quotewire_index.indices import Target, load_template, mapping_hash
from quotewire_index.view import ViewGuard


def test_an_index_of_an_older_template_is_reported_once(caplog):
    guard = ViewGuard(None, {"statements": "statements", "articles": "articles"})  # type: ignore[arg-type]
    old = Target("statements", "statements-000001", True, "statements", "0123456789ab")
    current = Target("articles", "articles-000001", True, "articles", mapping_hash("articles"))
    with caplog.at_level(logging.WARNING, logger="quotewire_index.view"):
        guard.warn_outdated([old, current])
        guard.warn_outdated([old, current])
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 1, warned
    assert "statements-000001" in warned[0] and "quotewire reindex" in warned[0]
    assert mapping_hash("statements") in warned[0]


#: Fields some query, sort, aggregation or Kibana view uses: they stay searchable.
QUERIED = {
    "statements": [
        "statement_id", "speaker_id", "quote_id", "repeat_key", "first_in_article",
        "article_id", "article_version", "speaker", "speaker.raw", "speaker_canonical",
        "speaker_canonical.text", "speaker_type", "type", "content", "content.raw", "title",
        "source", "published", "extracted_at", "article_received_at", "mentions.name",
        "mentions.name.folded", "mentions.key", "co_speakers",
    ],
    "quotes": ["cluster_id", "speaker_id", "lsh", "created_at"],
    "articles": [
        "article_id", "title", "body", "source", "language", "section", "published",
        "received_at", "statements_status", "processed_at",
    ],
}  # fmt: skip
#: Fields only read back from ``_source``: neither indexed nor with doc values.
STORED_ONLY = {
    "statements": [
        "speaker_start", "speaker_end", "cue_start", "cue_end", "content_end", "confidence",
        "url", "indexed_at", "mentions.text", "mentions.start", "mentions.end", "cue",
        "extractor",
    ],
    "quotes": ["quote_id", "speaker_canonical"],
    "articles": ["updated", "processed_received_at", "statement_count"],
}  # fmt: skip


def _field(properties: dict, path: str) -> dict:
    head, _, rest = path.partition(".")
    spec = properties[head]
    if not rest:
        return spec
    return _field(spec.get("properties") or spec["fields"], rest)


def test_queried_fields_stay_indexed_and_stored_only_ones_cost_nothing():
    for kind, fields in QUERIED.items():
        props = load_template(kind)["template"]["mappings"]["properties"]
        for name in fields:
            assert _field(props, name).get("index", True), (kind, name)
    for kind, fields in STORED_ONLY.items():
        props = load_template(kind)["template"]["mappings"]["properties"]
        for name in fields:
            spec = _field(props, name)
            assert spec.get("index") is False, (kind, name)
            assert spec["type"] == "text" or spec.get("doc_values") is False, (kind, name)
    # the article view sorts by content_start: doc values kept, not searched
    statements = load_template("statements")["template"]["mappings"]["properties"]
    assert statements["content_start"] == {"type": "integer", "index": False}
