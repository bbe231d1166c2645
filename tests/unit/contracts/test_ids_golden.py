"""Golden values of the deterministic ids.

Every statement's Elasticsearch ``_id`` and every article's id are hashes of their
parts. Changing how they are hashed (the parts, their order, the separator, the
length) would give every existing statement a new id: a replay would then write each
statement a second time beside the old one. These literals make such a change fail
here; if it is ever intended, it needs a migration (``quotewire reindex`` into a new
index), not just new literals.
"""

import hashlib

from quotewire_contracts import article_id_for, article_version_for, statement_id_for


def test_statement_id_golden_values():
    assert statement_id_for("url-abc", "v1", (10, 20)) == "32d38506cadf9de4f6a062f6e5af20c3"
    assert (
        statement_id_for("sha-85d8348d8c44be097c97f2b25c2319b0", "5d142667", (0, 1))
        == "6615aa6ed7cb5c8fd700872318faf3c2"
    )


def test_article_id_and_version_golden_values():
    assert article_id_for(url="https://example.com/a", title="T", body="B") == (
        "url-bf2eda0bb0f94931a972a20b5015ec37"
    )
    assert article_id_for(url=None, title="T", body="B") == "sha-85d8348d8c44be097c97f2b25c2319b0"
    assert article_version_for("T", "B") == "5d142667397ae7cb7d001d4b8cd7f0f7"
    # whitespace around title and body is not part of the identity
    assert article_version_for("  T\n", "\nB  ") == "5d142667397ae7cb7d001d4b8cd7f0f7"


def test_statement_id_layout_is_the_documented_one():
    """sha256 over the parts, each followed by the unit separator 0x1f; 32 hex digits."""
    parts = ["statement", "url-abc", "v1", "10", "20"]
    digest = hashlib.sha256(b"".join(p.encode() + b"\x1f" for p in parts)).hexdigest()[:32]
    assert statement_id_for("url-abc", "v1", (10, 20)) == digest
