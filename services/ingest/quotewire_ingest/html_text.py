"""HTML to the plain text quotewire stores and extracts from.

Two inputs, two tools:

* An article **body** from a CMS or a feed (``body_html``, ``content.rendered``,
  ``content:encoded``) is the story itself, wrapped in markup. :func:`html_to_text`
  walks it with lxml and keeps every paragraph: it only removes what is never story
  text (scripts, styles, figures and their captions, images, embeds, forms,
  navigation, asides, and boxes whose class or id says related links, sharing,
  newsletter, promotion, advertising), decodes entities, and separates block elements
  by a blank line. Deterministic, so the same body always gives the same text and
  the same ``article_version``. (A boilerplate classifier such as trafilatura drops
  short paragraphs of a body fragment — one-line quotes are exactly those — and
  separates paragraphs by single newlines.)
* A whole **web page** (URL ingest, a feed item's full page) is mostly not the story:
  :func:`page_to_article` lets trafilatura find the main content and the metadata
  (title, date, author, site name), then renders that content with :func:`html_to_text`.
  See the README ("HTML to text") for the measurement behind the choice.

Statement offsets refer to the text these functions return, which is what is stored
as the article's ``body``.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

#: Elements whose content is never story text.
DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
        "canvas", "math", "form", "button", "input", "select", "textarea", "label", "nav",
        "aside", "footer", "header", "figure", "figcaption", "picture", "img", "video",
        "audio", "source", "track", "map", "menu", "dialog", "head", "title", "meta", "link",
    }
)  # fmt: skip
#: Elements that end a paragraph.
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "h1", "h2", "h3",
        "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "hr",
        "address", "details", "summary", "body", "html",
    }
)  # fmt: skip
#: class / id words of boxes that are not the story.
_BOILERPLATE = re.compile(
    r"(^|[-_\s])(related\w*|read-?more|also-?read|more-?stories|recommended|recirc\w*|share|"
    r"sharing|social|newsletter|subscribe|promo\w*|advert\w*|ads?|sponsor\w*|outbrain|"
    r"taboola|caption|credit|breadcrumbs?|byline|author-bio|comments?|tags?-?list)([-_\s]|$)",
    re.IGNORECASE,
)
_HTML_HINT = re.compile(
    r"<(p|br|div|span|a|em|strong|b|i|u|h[1-6]|ul|ol|li|blockquote|figure|img|script|"
    r"style|section|article|table|iframe)\b[^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+\d*);",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: deeper nesting than this is flattened to its text (no recursion without bound)
MAX_DEPTH = 200


class HtmlError(ValueError):
    """HTML that yields no text; the message says why."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Page bytes as text: the charset of the Content-Type, else of a ``<meta>``, else
    UTF-8; a declaration the bytes contradict (a page saying ISO-8859-1 and sending
    UTF-8, or naming an unknown charset) falls back to UTF-8, then to Windows-1252."""
    declared = []
    if content_type and "charset=" in content_type.lower():
        declared.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    meta = _META_CHARSET.search(raw[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii", "replace"))
    if raw.startswith(b"\xef\xbb\xbf"):
        declared.insert(0, "utf-8-sig")
    for charset in [*declared, "utf-8"]:
        try:
            text = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        if charset.replace("-", "").lower() in ("iso88591", "latin1", "ascii", "usascii"):
            try:  # latin-1 decodes anything: prefer UTF-8 when the bytes are valid UTF-8
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return text
    return raw.decode("cp1252", errors="replace")


def looks_like_html(text: str) -> bool:
    """Does this body carry markup or character references (so it needs converting)?"""
    return bool(_HTML_HINT.search(text))


def _is_boilerplate(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    return bool(names) and bool(_BOILERPLATE.search(names))


class _Paragraphs:
    def __init__(self) -> None:
        self.done: list[str] = []
        self.current: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def line_break(self) -> None:
        self.current.append("\n")

    def end(self) -> None:
        if self.current:
            lines = "".join(self.current).split("\n")
            text = "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()
            text = re.sub(r"\n{2,}", "\n", text)
            if text:
                self.done.append(text)
            self.current = []


def _walk(el: etree._Element, out: _Paragraphs, depth: int) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else None
    if tag is None:  # comment or processing instruction: skip it, keep its tail
        out.add(el.tail)
        return
    if tag in DROP_TAGS or _is_boilerplate(el):
        out.add(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        out.end()
    if tag == "br":
        out.line_break()
    elif depth >= MAX_DEPTH:
        out.add(" ".join(el.itertext()))
    else:
        out.add(el.text)
        for child in el:
            _walk(child, out, depth + 1)
    if block:
        out.end()
    out.add(el.tail)


def _parse(markup: str) -> etree._Element:
    markup = markup.lstrip("\ufeff")
    if not markup.strip():
        raise HtmlError("HTML is empty")
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlError(f"HTML cannot be parsed: {exc}") from None


def html_to_text(markup: str) -> str:
    """The story text of an HTML body: paragraphs separated by one blank line,
    ``<br>`` as a line break, entities decoded; ``""`` when nothing is left (a body of
    only an image)."""
    if not markup.strip():
        return ""
    out = _Paragraphs()
    _walk(_parse(markup), out, 0)
    out.end()
    return "\n\n".join(out.done)


def inline_text(markup: str) -> str:
    """One line of text from an HTML snippet (a WordPress ``title.rendered``)."""
    return _SPACES.sub(" ", html_to_text(markup)).strip() if looks_like_html(markup) else markup


@dataclass(frozen=True)
class PageArticle:
    """What :func:`page_to_article` found in a web page."""

    title: str | None
    body: str
    published: datetime | None = None
    byline: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    language: str | None = None
    subjects: list[str] = field(default_factory=list)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _split_list(value: str | None, sep: str) -> list[str]:
    return [part.strip() for part in (value or "").split(sep) if part.strip()]


def page_to_article(markup: str, url: str | None = None) -> PageArticle:
    """The article in a whole web page (trafilatura finds the main content and the
    metadata); raises :class:`HtmlError` when the page has no article text."""
    import trafilatura  # imported here: loading it costs ~0.3 s, only URL ingest needs it

    if not markup.strip():
        raise HtmlError("the page is empty")
    doc = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        output_format="python",
    )
    if doc is None:
        raise HtmlError("no article text found in the page")
    content = trafilatura.extract(
        markup, url=url, output_format="html", include_comments=False, include_tables=False
    )
    body = html_to_text(content) if content else (doc.text or "")
    head, sep, rest = body.partition("\n\n")
    if doc.title and sep and head.strip() == doc.title.strip():
        body = rest  # the page's <h1>: the title is stored apart from the body
    if not body.strip():
        raise HtmlError("no article text found in the page")
    return PageArticle(
        title=doc.title or None,
        body=body,
        published=_date(doc.date),
        byline=_split_list(doc.author, ";"),
        source=doc.sitename or None,
        url=doc.url or url,
        language=doc.language or None,
        subjects=_split_list(doc.tags, ",") + _split_list(doc.categories, ","),
    )
