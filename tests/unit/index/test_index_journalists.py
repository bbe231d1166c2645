"""Pure parts of issue 10: speaker ids, quote ids, mention kinds, registry documents and
quote clustering (order independence)."""

import itertools
from datetime import UTC, datetime

from quotewire_index.clusters import (
    Variant,
    cluster_key,
    lsh_bands,
    plan_clusters,
    shingles,
    variant_doc,
)
from quotewire_index.indices import load_template
from quotewire_index.names import (
    fold,
    mention_kind,
    normalize_quote,
    quote_id,
    repeat_key,
    role_text,
    speaker_id,
)
from quotewire_index.registry import registry_actions, speaker_doc

NOW = datetime(2024, 3, 1, tzinfo=UTC)


def _mapped(kind: str) -> set[str]:
    return set(load_template(kind)["template"]["mappings"]["properties"])


def test_speaker_ids_fold_and_drop_titles():
    assert speaker_id("Vladimir Putin") == "vladimir-putin"
    assert speaker_id("President Putin") == speaker_id("Putin") == "putin"
    assert speaker_id("Mr. Peskov") == "peskov"
    assert speaker_id("Nguyễn Văn An") == "nguyen-van-an"
    assert speaker_id("  ") == "unknown"
    assert speaker_id("President") == "president"  # a title alone stays a name
    assert fold("Ｎguyễn\u00a0 Văn") == "nguyen van"


def test_quote_ids_ignore_case_punctuation_quote_marks_and_whitespace():
    a = quote_id("dmitry-peskov", "“Simply false information,”  he")
    b = quote_id("dmitry-peskov", '"simply FALSE information" he')
    assert a == b
    assert a != quote_id("putin", "simply false information he")
    assert normalize_quote("It's  «false»!") == "it s false"
    assert repeat_key("a1", a) == repeat_key("a1", b) != repeat_key("a2", a)


def test_mention_kinds():
    assert mention_kind("he", "vladimir-putin") is None
    assert mention_kind("Vladimir Putin", "vladimir-putin") is None
    assert mention_kind("President Putin", "vladimir-putin") == "alias"
    assert mention_kind("President Putin", "putin") == "alias"
    assert mention_kind("The Russian President", "vladimir-putin") == "role"
    assert role_text("The Russian President") == "Russian President"


def _bucket(sid, names, mentions, outlets, count):
    return {
        "key": sid,
        "doc_count": count,
        "names": {"buckets": [{"key": n, "doc_count": 1} for n in names]},
        "mentions": {"buckets": [{"key": m, "doc_count": 1} for m in mentions]},
        "outlets": {"buckets": [{"key": o, "doc_count": c} for o, c in outlets]},
        "types": {"buckets": [{"key": "person", "doc_count": count}]},
        "first": {"value": 1704067200000.0},
        "last": {"value": None},
    }


def test_registry_document_from_aggregation():
    doc = speaker_doc(
        _bucket(
            "vladimir-putin",
            ["Vladimir Putin", "Vladimir Poutine"],
            ["he", "The Russian President", "President Putin", "Vladimir Putin"],
            [("Wire A", 3), ("Wire B", 1)],
            4,
        ),
        NOW,
    )
    assert doc["name"] == "Vladimir Putin" and doc["short"] is False
    assert doc["surname"] == "putin"
    assert doc["aliases"] == ["Vladimir Poutine", "President Putin"]
    assert doc["roles"] == ["Russian President"]
    assert doc["outlets"] == [{"name": "Wire A", "count": 3}, {"name": "Wire B", "count": 1}]
    assert doc["first_seen"].startswith("2024-01-01") and doc["last_seen"] is None
    assert set(doc) <= _mapped("speakers")


def test_registry_deletes_ids_without_statements():
    resp = {"aggregations": {"ids": {"buckets": [_bucket("putin", ["Putin"], [], [], 1)]}}}
    actions = registry_actions(resp, ["putin", "gone"], "speakers", NOW)
    assert [(a["_op_type"], a["_id"]) for a in actions] == [("index", "putin"), ("delete", "gone")]


TEXT = (
    "we have no plans to hold talks with anyone until the ceasefire is respected by all "
    "sides and nobody should doubt that"
)


def _variants():
    return [
        Variant.new(quote_id("p", t), "p", "Peskov", t)
        for t in (
            TEXT,
            TEXT.replace("nobody should doubt that", "no one should doubt it"),
            " ".join(TEXT.split()[:14]),  # shortened
            "something else entirely was said about the weather in moscow today",
        )
    ]


def test_near_duplicates_join_and_unrelated_stay_apart():
    plan = plan_clusters(_variants(), [], 0.7)
    labels = [v.cluster_id for v in plan.new]
    assert labels[0] == labels[1] == labels[2] == min(v.quote_id for v in plan.new[:3])
    assert labels[3] == plan.new[3].quote_id
    assert set(variant_doc(plan.new[0], NOW)) <= _mapped("quotes")


def _read_ids(stored: dict[str, Variant]) -> frozenset[tuple[str, str]]:
    """Each variant with its cluster's id as ``GET /v1/quotes`` reads it."""
    members: dict[str, list[str]] = {}
    for q, v in stored.items():
        members.setdefault(v.cluster_id, []).append(q)
    return frozenset((q, cluster_key(qs)) for qs in members.values() for q in qs)


def test_cluster_ids_do_not_depend_on_arrival_order():
    """Every order, one variant at a time against what is stored: the same clusters,
    read with the same ids (the stored label may be another member's)."""
    results = set()
    for order in itertools.permutations(range(4)):
        stored: dict[str, Variant] = {}
        for i in order:
            v = _variants()[i]
            plan = plan_clusters([v], list(stored.values()), 0.7)
            for old, new in plan.relabel.items():
                for s in stored.values():
                    if s.cluster_id == old:
                        s.cluster_id = new
            stored[v.quote_id] = plan.new[0]
        assert all(s.cluster_id in stored for s in stored.values())  # a member's id
        results.add(_read_ids(stored))
    assert len(results) == 1
    (ids,) = results
    assert {cid for _, cid in ids} == {min(q for q, _ in ids if q != _variants()[3].quote_id)} | {
        _variants()[3].quote_id
    }


def test_joining_a_stored_cluster_rewrites_none_of_it():
    """A new variant takes the stored cluster's label even when its own id is smaller;
    only a bridge between stored clusters relabels (all but the smallest label)."""
    a, b, c, _ = _variants()
    first = plan_clusters([a], [], 0.7).new[0]
    first.cluster_id = "zz-label"  # a label larger than any new id
    plan = plan_clusters([b], [first], 0.7)
    assert plan.relabel == {}
    assert plan.new[0].cluster_id == "zz-label"
    other = Variant.new("yy-other", "p", "Peskov", c.content)
    other.cluster_id = "yy-label"
    plan = plan_clusters([b], [first, other], 0.7)  # b bridges both stored clusters
    assert plan.relabel == {"zz-label": "yy-label"}
    assert plan.new[0].cluster_id == "yy-label"


def test_short_texts_get_no_bands():
    assert lsh_bands(shingles("yes we can")) == []
    assert len(lsh_bands(shingles(TEXT))) == 16


def test_the_band_scheme_is_recorded_in_the_quotes_index():
    """A new quotes index says which bands it holds; one made before says nothing and
    holds the first scheme (96 permutations in 32 bands): the derived worker tells them
    apart and writes into neither a mix."""
    from quotewire_index.clusters import FIRST_LSH_SCHEME, LSH_SCHEME, stored_lsh_scheme
    from quotewire_index.indices import index_mappings, load_template

    assert LSH_SCHEME == "minhash-48x16-seed10" != FIRST_LSH_SCHEME
    assert stored_lsh_scheme(index_mappings("quotes")) == LSH_SCHEME
    assert stored_lsh_scheme(load_template("quotes")["template"]["mappings"]) == LSH_SCHEME
    older = {"_meta": {"quotewire": {"kind": "quotes", "mapping": "0123456789ab"}}}
    assert stored_lsh_scheme(older) == FIRST_LSH_SCHEME
    assert stored_lsh_scheme({}) == FIRST_LSH_SCHEME


def test_bands_are_those_of_a_freshly_seeded_minhash():
    """The permutations are drawn once per process; the bands stored in the quotes
    index must stay those of a MinHash seeded per text (old documents keep matching)."""
    import hashlib

    from datasketch import MinHash
    from quotewire_index.clusters import BANDS, NUM_PERM, ROWS, SEED

    for text in (TEXT, "the economy grows and prices fall again said the minister"):
        pairs = shingles(normalize_quote(text))
        mh = MinHash(num_perm=NUM_PERM, seed=SEED)
        mh.update_batch([p.encode() for p in sorted(pairs)])
        expected = [
            f"{b:02d}"
            + hashlib.blake2b(
                mh.hashvalues[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8
            ).hexdigest()
            for b in range(BANDS)
        ]
        assert lsh_bands(pairs) == expected


def test_a_changed_ending_joins_and_a_formula_does_not():
    base = "we have nothing to add to what the president has already said about this matter"
    changed = base.replace("about this matter", "on this subject")
    other = "we have nothing to add to what the minister told parliament last week in london"
    new = [Variant.new(quote_id("p", t), "p", "Peskov", t) for t in (base, changed, other)]
    plan = plan_clusters(new, [], 0.7)
    assert plan.new[0].cluster_id == plan.new[1].cluster_id != plan.new[2].cluster_id


def test_spelling_variants():
    from quotewire_index.names import edit_distance, spelling_variant

    assert edit_distance("zelensky", "zelenskyy") == 1
    assert spelling_variant("volodymyr-zelensky", "volodymyr-zelenskyy")
    assert not spelling_variant("volodymyr-zelensky", "volodymyr-zelenko")
    assert not spelling_variant("donald-trump", "melania-trump")
    assert not spelling_variant("ann-lee", "ann-lea")  # short words: too risky
