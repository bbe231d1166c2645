"""Parsing and loading of articles: plain functions shared by the HTTP API and the CLI.

* :func:`parse_article` / :func:`parse_batch`: request bodies (one JSON object; a JSON
  array or NDJSON of objects) → validated :class:`ArticleIn` or per-item field errors.
* :func:`parse_seed_text` / :func:`load_text_file`: the seed text format.
* :func:`load_jsonl_file`, :func:`load_json_file`, :func:`expand_paths`: files and
  directories for ``quotewire ingest`` (:func:`quotewire_ingest.sources.load_paths` reads
  them all, newsroom documents too). A .jsonl line (or a .json file's object, or each
  object of its array) is an article object as the API takes it, or a document line of the gold
  data / ``quotewire extract`` input (``{"doc_id", "text", ...}``, see
  :func:`article_from_document`).

Seed text format (``seeds/*.txt``, the gold data's layout)::

    Title line
    <blank line>
    Body paragraph 1
    <blank line>
    Body paragraph 2 ...

Rule for the title: the first non-empty line that is not page boilerplate. A leading
single-line paragraph is boilerplate when, once an optional ``date YYYY-MM-DD`` and the
words ADVERTISEMENT / ADVERTISING / SPONSORED (CONTENT) are removed, nothing but
punctuation remains (the seed's `` date 2024-11-11 ADVERTISEMENT``); such a date becomes
``published``. The body is everything after the title line, paragraphs re-joined with
one blank line. A file's article id is its file name without the extension (``d01``),
so re-loading an edited file gives a new version of the same article.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from quotewire_ingest.formats import sniff
from quotewire_ingest.jsontext import JSON_ERRORS, JsonTooDeep, load_json
from quotewire_ingest.models import ArticleIn, FieldError, lenient

TEXT_SUFFIXES = frozenset({".txt"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: files read by a format adapter (:mod:`quotewire_ingest.formats`) whatever --format says
DOCUMENT_SUFFIXES = {
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | frozenset(DOCUMENT_SUFFIXES)
SUPPORTED_LIST = ".txt, .json, .jsonl, .ndjson, .xml, .rss, .atom, .html, .htm"

BatchFormat = Literal["json", "ndjson"]


class LoadError(ValueError):
    """A file or path that cannot be loaded; the message says which and why."""


class ArticleInvalid(ValueError):
    """A submitted article that fails validation; ``errors`` in FastAPI's detail shape."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(format_errors(errors))
        self.errors = errors


class BatchInvalid(ValueError):
    """A batch body that cannot be split into items at all (so no item is published)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(format_errors(errors))
        self.errors = errors


class BatchTooLarge(ValueError):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"batch has {count} items; at most {limit} are accepted per request")
        self.count = count
        self.limit = limit


@dataclass(frozen=True)
class BatchItem:
    """One batch entry: a valid article, or the reasons it is not one."""

    index: int
    article: ArticleIn | None
    errors: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class Loaded:
    """One article loaded from a file (``origin``: ``path`` or ``path:line``), or an error."""

    origin: str
    article: ArticleIn | None = None
    error: str | None = None


# --- errors -----------------------------------------------------------------------------


def field_errors(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[FieldError]:
    return [
        FieldError(loc=[*prefix, *err["loc"]], msg=err["msg"], type=err["type"])
        for err in exc.errors(include_url=False, include_input=False)
    ]


def format_errors(errors: Iterable[FieldError]) -> str:
    """``title: String should have at least 1 character; body: Field required``."""
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.loc)
        parts.append(f"{where}: {err.msg}" if where else err.msg)
    return "; ".join(parts)


def _json_error(exc: Exception, loc: list) -> FieldError:
    if isinstance(exc, JsonTooDeep):
        return FieldError(loc=loc, msg=str(exc), type="json_too_deep")
    return FieldError(loc=loc, msg=f"Invalid JSON: {exc}", type="json_invalid")


# --- request bodies -----------------------------------------------------------------------


def validate_article(
    data: Any, loc: tuple[str | int, ...] = ("body",), *, strict: bool = False
) -> ArticleIn:
    """A decoded JSON value → :class:`ArticleIn`; raises :class:`ArticleInvalid`.

    Unknown fields are rejected when ``strict``; otherwise scalar ones are kept in
    ``extra`` and the rest ignored (both listed on the article, see :func:`lenient`)."""
    if not isinstance(data, dict):
        raise ArticleInvalid(
            [
                FieldError(
                    loc=list(loc), msg="Expected a JSON object (one article)", type="model_type"
                )
            ]
        )
    known, kept, ignored = (data, {}, []) if strict else lenient(data)
    try:
        article = ArticleIn.model_validate(known)
    except ValidationError as exc:
        raise ArticleInvalid(_format_hint(data, loc) + field_errors(exc, loc)) from None
    return article.with_unknown(kept, ignored) if (kept or ignored) else article


def _format_hint(data: dict[str, Any], loc: tuple[str | int, ...]) -> list[FieldError]:
    """A hint when a payload that fails as article JSON looks like a newsroom format."""
    fmt = sniff(data)
    if fmt is None:
        return []
    msg = (
        f"this looks like a {fmt} document, not quotewire's article JSON: send it with "
        f"?format={fmt} (quotewire ingest --format {fmt})"
    )
    return [FieldError(loc=list(loc), msg=msg, type="format_hint")]


def parse_article(raw: bytes | str, *, strict: bool = False) -> ArticleIn:
    """One article from a JSON document; raises :class:`ArticleInvalid` (never publishes)."""
    if not raw or not raw.strip():
        raise ArticleInvalid(
            [FieldError(loc=["body"], msg="Request body is empty", type="missing")]
        )
    try:
        data = load_json(raw)
    except JSON_ERRORS as exc:
        raise ArticleInvalid([_json_error(exc, ["body"])]) from None
    return validate_article(data, strict=strict)


def _validate_item(index: int, data: Any, strict: bool = False) -> BatchItem:
    try:
        return BatchItem(index, validate_article(data, ("body", index), strict=strict))
    except ArticleInvalid as exc:
        return BatchItem(index, None, tuple(exc.errors))


def parse_batch(
    raw: bytes | str, fmt: BatchFormat, max_items: int, *, strict: bool = False
) -> list[BatchItem]:
    """Split a batch body into validated items, in order.

    ``json``: a JSON array of article objects. ``ndjson``: one article object per line;
    blank lines are ignored and ``index`` counts the non-blank lines from 0. A line that
    is not JSON rejects only that item. Raises :class:`BatchInvalid` when the body as a
    whole is unusable (empty, not JSON, not an array) and :class:`BatchTooLarge` above
    ``max_items``, both before anything is validated.
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if fmt == "json":
        try:
            data = load_json(raw) if raw.strip() else None
        except JSON_ERRORS as exc:
            raise BatchInvalid([_json_error(exc, ["body"])]) from None
        if not isinstance(data, list):
            raise BatchInvalid(
                [
                    FieldError(
                        loc=["body"], msg="Expected a JSON array of articles", type="list_type"
                    )
                ]
            )
        values: list[Any] = data
        decoded = [(i, v, None) for i, v in enumerate(values)]
    else:
        lines = [line for line in raw.splitlines() if line.strip()]
        decoded = []
        for i, line in enumerate(lines):
            try:
                decoded.append((i, load_json(line), None))
            except JSON_ERRORS as exc:
                decoded.append((i, None, _json_error(exc, ["body", i])))
    if not decoded:
        raise BatchInvalid([FieldError(loc=["body"], msg="Batch has no articles", type="missing")])
    if len(decoded) > max_items:
        raise BatchTooLarge(len(decoded), max_items)
    return [
        BatchItem(i, None, (err,)) if err is not None else _validate_item(i, value, strict)
        for i, value, err in decoded
    ]


# --- seed text files ----------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_BOILERPLATE_WORDS = re.compile(
    r"\b(advertisements?|advertising|sponsored(\s+content)?)\b", re.IGNORECASE
)


def _boilerplate(line: str) -> tuple[bool, date | None]:
    """Is this (single) line page chrome? And the date it carries, if any."""
    found: date | None = None
    rest = line
    match = _DATE_PREFIX.match(rest)
    if match:
        try:
            found = date.fromisoformat(match.group(1))
        except ValueError:
            return False, None
        rest = rest[match.end() :]
    rest = _BOILERPLATE_WORDS.sub("", rest)
    is_chrome = not re.search(r"\w", rest) and (match is not None or rest != line)
    return is_chrome, found if is_chrome else None


def split_seed_text(text: str, origin: str = "text") -> tuple[str, str, date | None]:
    """(title, body, published date or None) of seed-format text; raises :class:`LoadError`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    published: date | None = None
    while paragraphs and "\n" not in paragraphs[0].strip():
        is_chrome, found = _boilerplate(paragraphs[0])
        if not is_chrome:
            break
        published = published or found
        paragraphs.pop(0)
    if not paragraphs:
        raise LoadError(f"{origin}: no title line (the file is empty or only boilerplate)")
    title, _, rest = paragraphs[0].strip().partition("\n")
    body_paragraphs = [p.strip() for p in [rest, *paragraphs[1:]] if p.strip()]
    if not body_paragraphs:
        raise LoadError(
            f"{origin}: no body after the title {title.strip()[:60]!r} "
            "(expected: title line, blank line, body paragraphs)"
        )
    return title, "\n\n".join(body_paragraphs), published


def parse_seed_text(
    text: str,
    *,
    article_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    origin: str = "text",
) -> ArticleIn:
    """An article from seed-format text (see the module doc); raises :class:`LoadError`."""
    title, body, published = split_seed_text(text, origin)
    data: dict[str, Any] = {
        "id": article_id,
        "title": title,
        "body": body,
        "source": source,
        "url": url,
    }
    if published is not None:
        data["published"] = datetime(published.year, published.month, published.day, tzinfo=UTC)
    try:
        return ArticleIn.model_validate(data)
    except ValidationError as exc:
        raise LoadError(f"{origin}: {format_errors(field_errors(exc))}") from None


#: Fields of a document line that carry over to the article (the rest is ignored).
DOCUMENT_FIELDS = ("url", "source", "published", "language")


def is_document(data: Any) -> bool:
    """A gold / ``quotewire extract`` document line: ``doc_id`` and ``text``, no ``body``."""
    return isinstance(data, dict) and "doc_id" in data and "text" in data and "body" not in data


def article_from_document(data: dict[str, Any], origin: str = "line") -> ArticleIn:
    """``{"doc_id", "text", ...}`` → :class:`ArticleIn`: id = doc_id; title = the first
    line of ``text``, body = the paragraphs after it (seed-text rules); ``url``,
    ``source``, ``published``, ``language`` are kept when present; everything else
    (``statements``, ``title``, ...) is ignored. Raises :class:`LoadError`."""
    doc_id, text = data.get("doc_id"), data.get("text")
    if not isinstance(doc_id, (str, int)) or str(doc_id).strip() == "":
        raise LoadError(f"{origin}: doc_id: must be a non-empty string")
    if not isinstance(text, str):
        raise LoadError(f"{origin}: text: must be a string")
    title, body, published = split_seed_text(text, origin)
    article: dict[str, Any] = {"id": str(doc_id), "title": title, "body": body}
    article.update({k: data[k] for k in DOCUMENT_FIELDS if data.get(k) is not None})
    if "published" not in article and published is not None:
        article["published"] = published.isoformat()
    try:
        return ArticleIn.model_validate(article)
    except ValidationError as exc:
        raise LoadError(f"{origin}: {format_errors(field_errors(exc))}") from None


def article_id_for_path(path: Path) -> str:
    """A file's stable article id: its name without the extension."""
    return path.stem.strip() or path.name


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_text_file(path: Path | str, *, source: str | None = None) -> ArticleIn:
    """One seed-format file → :class:`ArticleIn` with id = file stem; raises :class:`LoadError`."""
    path = Path(path)
    return parse_seed_text(
        _read_text(path), article_id=article_id_for_path(path), source=source, origin=str(path)
    )


def load_jsonl_file(path: Path | str) -> list[Loaded]:
    """One :class:`Loaded` per non-blank line: an article object as the API takes it, or
    a document line ``{"doc_id", "text", ...}`` (:func:`article_from_document`)."""
    path = Path(path)
    text = _read_text(path)
    loaded = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            data = load_json(line)
        except JSON_ERRORS:
            data = None
        if is_document(data):
            loaded.append(_load_document(data, origin))
            continue
        try:
            loaded.append(Loaded(origin, article=parse_article(line)))
        except ArticleInvalid as exc:
            loaded.append(Loaded(origin, error=_item_error(exc)))
    if not loaded:
        raise LoadError(f"{path}: no articles (the file is empty)")
    return loaded


def _item_error(exc: ArticleInvalid) -> str:
    """Field errors without the leading ``body``: the origin says which article it is."""
    return format_errors(FieldError(loc=e.loc[1:], msg=e.msg, type=e.type) for e in exc.errors)


def _load_document(data: dict[str, Any], origin: str) -> Loaded:
    try:
        return Loaded(origin, article=article_from_document(data, origin))
    except LoadError as exc:
        return Loaded(origin, error=str(exc).removeprefix(f"{origin}: "))


def _load_object(data: Any, origin: str) -> Loaded:
    if is_document(data):
        return _load_document(data, origin)
    try:
        return Loaded(origin, article=validate_article(data))
    except ArticleInvalid as exc:
        return Loaded(origin, error=_item_error(exc))


def load_json_file(path: Path | str) -> list[Loaded]:
    """A .json file: one article object (origin ``path``) or an array of them (origin
    ``path[i]``, from 0); objects as in :func:`load_jsonl_file`. Raises :class:`LoadError`
    when the file is no JSON, empty, or neither an object nor an array."""
    path = Path(path)
    text = _read_text(path)
    if not text.strip():
        raise LoadError(f"{path}: no articles (the file is empty)")
    try:
        data = load_json(text)
    except JSON_ERRORS as exc:
        raise LoadError(f"{path}: invalid JSON ({exc})") from None
    if isinstance(data, dict):
        return [_load_object(data, str(path))]
    if not isinstance(data, list):
        raise LoadError(
            f"{path}: expected one article object or an array of them, "
            f"not a JSON {type(data).__name__}"
        )
    if not data:
        raise LoadError(f"{path}: no articles (the array is empty)")
    return [_load_object(item, f"{path}[{i}]") for i, item in enumerate(data)]


def expand_paths(paths: Iterable[Path | str]) -> Iterator[Path | Loaded]:
    """Files to load, in order: files as given, directories searched recursively (sorted,
    hidden entries skipped) for .txt / .json / .jsonl / .ndjson. Problems come out as
    :class:`Loaded` errors in place."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield Loaded(
                    str(path), error=f"{path}: no {SUPPORTED_LIST} files in this directory"
                )
            yield from found
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                yield Loaded(
                    str(path),
                    error=f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                    f"(expected one of {SUPPORTED_LIST})",
                )
        else:
            yield Loaded(str(path), error=f"{path}: no such file or directory")
