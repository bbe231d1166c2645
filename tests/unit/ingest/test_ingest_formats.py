"""Format adapters: each fixture (written for these tests) gives clean articles or clear
errors; no servers (the HTTP routes without Kafka are checked in test_ingest_api)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from quotewire_ingest.formats import CONTENT_TYPES, normalise, sniff
from quotewire_ingest.loaders import ArticleInvalid, BatchInvalid, parse_article
from quotewire_ingest.service import document_items

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "formats"


def items(name: str, fmt: str, **kw):
    return document_items((FIXTURES / name).read_bytes(), fmt, max_items=20, **kw)


def articles(name: str, fmt: str, **kw):
    return [i.article for i in items(name, fmt, **kw) if i.article is not None]


def errors(name: str, fmt: str) -> list[str]:
    return [e.msg for i in items(name, fmt) for e in i.errors]


def test_ninjs_1x_superdesk_item():
    [a] = articles("ninjs1_superdesk.json", "ninjs")
    assert a.id == "urn:newsml:example.org:2026-11-02:council-budget:1"
    assert a.title == "Council passes budget after long night"
    assert a.body == (
        "\u201cWe balanced it,\u201d Mayor Jane Doe said on Monday.\n\n"
        "The council voted 5-2 for the plan, which raises parking fees downtown."
    )  # figure, caption and script gone, entities decoded
    assert a.byline == ["Ann Lee"] and a.section == "Metro"
    assert a.subjects == ["local government", "budget"]
    assert a.published == datetime(2026, 11, 2, 6, tzinfo=UTC)
    assert a.updated == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert a.extra == {
        "version": "3",
        "pubstatus": "usable",
        "urgency": "3",
        "slugline": "COUNCIL-BUDGET",
    }
    assert a.ignored_fields == []  # associations is read (and dropped) by the adapter


def test_ninjs_2x_headlines_and_bodies_by_role():
    [a] = articles("ninjs2.json", "ninjs")
    assert a.title == "Harbour bridge reopens two weeks early after repairs"  # role main
    assert a.body.endswith('"Drivers can relax," transport minister Omar Haddad told reporters.')
    assert a.byline == ["Lena Park"] and a.language == "en-GB" and a.source == "Example Wire"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ninjs_picture.json", "ninjs item of type 'picture' carries no article text"),
        ("ninjs_no_body.json", "ninjs item has no body (body_html, body_text or bodies[])"),
    ],
)
def test_ninjs_without_text_is_a_clear_error(name, message):
    assert errors(name, "ninjs") == [message]


def test_wordpress_posts_with_embedded_authors_and_terms():
    first, protected = items("wordpress_posts.json", "wordpress")
    a = first.article
    assert a.id == "https://news.example.com/?p=4711"
    assert a.title == "Library extends hours \u2013 \u201ca win for students\u201d"
    assert a.body == (
        "The city library will stay open until 10 p.m. from December.\n\n"
        "\u201cStudents asked for it,\u201d librarian Maria Santos said."
    )  # sharing and related-posts boxes removed
    assert a.url == "https://news.example.com/2026/11/04/library-hours/"
    assert a.published == datetime(2026, 11, 4, 9, tzinfo=UTC)  # date_gmt is UTC
    assert a.byline == ["Tom Reyes"] and a.section == "Education"
    assert a.subjects == ["City", "libraries"]
    assert protected.article is None
    assert protected.errors[0].msg == "WordPress post is password-protected: no public text"


def test_arc_ans_story_keeps_text_elements_in_order():
    [a] = articles("ans_story.json", "ans")
    assert a.id == "ABCDEF1234567890ABCDEF1234"
    assert a.body == (
        "Dock workers ended a nine-day strike on Wednesday after a pay deal.\n\n"
        "\u201cIt is a fair deal,\u201d union leader Carla Diaz said.\n\n"
        "What changes\n\nPay rises 6% this year.\n\nNight shifts get a bonus."
    )  # image caption, interstitial link and raw HTML ad are not story text
    assert a.byline == ["Priya Nair", "Sam Cole"] and a.section == "Business"
    assert a.subjects == ["labour", "ports"] and a.source == "Example Gazette"
    assert a.url == "https://www.example-gazette.com/2026/11/05/port-strike-ends/"


def test_rss_items_content_encoded_summary_and_image_only():
    full, summary, image_only = items("rss.xml", "feed")
    assert full.article.id == "courier-2026-11-06-mayor-budget"
    assert full.article.body.startswith("\u201cWe balanced it,\u201d Mayor Jane Doe said")
    assert full.article.byline == ["Ann Lee"] and full.article.source == "Example Courier"
    assert full.article.published == datetime(2026, 11, 6, 8, tzinfo=UTC)
    assert summary.article.id == "https://courier.example.net/2026/11/06/rain"
    assert summary.article.body == "Forecasters expect rain until Monday, the weather service said."
    assert image_only.article is None
    assert "the HTML body has no text" in image_only.errors[0].msg


def test_atom_entry():
    [a] = articles("atom.xml", "feed")
    assert a.id == "tag:ledger.example.org,2026:plant-open"
    assert a.title == "Factory & jobs: plant to stay open"
    assert a.published == datetime(2026, 11, 7, 8, tzinfo=UTC)  # +01:00 → UTC
    assert a.byline == ["Jo Baker"] and a.subjects == ["economy"] and a.language == "en"


def test_json_feed_items():
    html, text, empty = items("feed.json", "feed")
    assert html.article.body == "\u201cThe roof is safe now,\u201d principal Dan Wu said."
    assert text.article.body == "The farmers market opened on Sunday.\n\nIt runs until March."
    assert empty.errors[0].msg == (
        "JSON Feed item 'daily-2026-11-08-3' has no content_html, content_text or summary"
    )


def test_feed_with_a_wrong_encoding_declaration_is_read_as_sent():
    [a] = articles("rss_wrong_encoding.xml", "feed")
    assert a.title == "Caf\u00e9 owner speaks"
    assert a.body == "\u201cWe never closed,\u201d caf\u00e9 owner Ren\u00e9 Dubois said."


def test_broken_feed_is_refused_as_a_whole():
    with pytest.raises(BatchInvalid) as info:
        items("broken.xml", "feed")
    assert "not a readable RSS/Atom feed" in str(info.value)


def test_html_page_main_content_and_metadata():
    [a] = articles("../pages/bugle.html", "html")
    assert a.title == "Mayor balances budget"
    assert a.body.startswith("\u201cWe balanced it,\u201d Mayor Jane Doe said on Monday")
    for chrome in ("Home", "ADVERTISEMENT", "Related", "newsletter", "Photo: Staff", "\u00a9"):
        assert chrome not in a.body
    assert a.byline == ["Ann Lee"] and a.source == "Daily Bugle"
    assert a.url == "https://bugle.example/2026/11/02/mayor-budget"


def test_source_fills_in_only_where_the_document_names_none():
    [a] = articles("ninjs1_superdesk.json", "ninjs", source="Superdesk")
    assert a.source == "Superdesk"
    [b] = articles("ninjs2.json", "ninjs", source="Superdesk")
    assert b.source == "Example Wire"


def test_not_the_declared_format_is_a_document_error():
    with pytest.raises(BatchInvalid) as info:
        document_items(b'["a", 1]', "ninjs", max_items=5)
    assert "expected a ninjs JSON object" in str(info.value)


def test_format_names_and_content_types():
    assert normalise("RSS") == "feed" and normalise("wp") == "wordpress"
    assert normalise("nitf") is None
    assert CONTENT_TYPES["application/ninjs+json"] == "ninjs"
    assert CONTENT_TYPES["application/atom+xml"] == "feed"


def test_a_ninjs_item_sent_as_article_json_gets_a_hint():
    raw = (FIXTURES / "ninjs1_superdesk.json").read_bytes()
    with pytest.raises(ArticleInvalid) as info:
        parse_article(raw)
    assert info.value.errors[0].type == "format_hint"
    assert "?format=ninjs" in info.value.errors[0].msg
    assert sniff({"title": {"rendered": "x"}}) == "wordpress"


def test_pages_keep_the_story_and_drop_the_chrome():
    """The pages tools/measure_html.py measures: every story phrase kept, no chrome."""
    import json

    from quotewire_ingest.html_text import decode_html, page_to_article

    pages = FIXTURES.parent / "pages"
    for page, want in json.loads((pages / "expected.json").read_text()).items():
        body = page_to_article(decode_html((pages / page).read_bytes())).body
        assert [p for p in want["body"] if p not in body] == [], page
        assert [p for p in want["chrome"] if p in body] == [], page


def test_declared_charset_of_a_page_is_used():
    from quotewire_ingest.html_text import decode_html

    text = decode_html((FIXTURES.parent / "pages" / "div_soup.html").read_bytes())
    assert "\u201cFuel costs left us no choice,\u201d" in text


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ('<meta charset="iso-8859-1"><p>\u201cOui,\u201d dit Ren\u00e9.</p>'.encode(), None),
        ("<p>\u201cOui,\u201d dit Ren\u00e9.</p>".encode(), "text/html; charset=latin-1"),
        ("<p>\u201cOui,\u201d dit Ren\u00e9.</p>".encode(), "text/html; charset=no-such-charset"),
    ],
)
def test_a_page_declaring_the_wrong_charset_is_read_as_sent(raw, content_type):
    from quotewire_ingest.html_text import decode_html

    assert "\u201cOui,\u201d dit Ren\u00e9." in decode_html(raw, content_type)
