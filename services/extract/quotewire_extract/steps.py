"""The extract worker's chain of small steps, free of Kafka and faust.

    decode → check size → check language → extract → build events
                                                (then, in worker.py: send → ack)

An article in a language the extractor does not read is not extracted and not a dead
letter: its marker says ``statements_status="unsupported_language"`` (the indexer puts
that on the article), so it is visible in search instead of silently empty.

Each step does one thing and either returns its result or raises :class:`Rejected`,
which carries the reason and error class of a dead letter. :func:`process` runs the
chain for one message and returns an :class:`Extracted` (events to publish, keyed by
``article_id``, the ``article_processed`` marker last) or a :class:`Rejected` (the
message goes to ``articles.dlq``). The extraction function is a parameter — the real
spaCy :class:`~quotewire_extract.extractor.Extractor` in the worker, a tiny function in
unit tests — and so is the way the blocking call is run (an executor in the worker).
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import ValidationError
from quotewire_common import dlq
from quotewire_common.names import first_occurrences
from quotewire_contracts import (
    ArticleEvent,
    ArticleProcessedEvent,
    Statement,
    StatementEvent,
    decode_article,
    statement_id_for,
)

from quotewire_extract.language import Language, language_of

T = TypeVar("T")

#: The extraction function: article text in, statements (spans into that text) out.
ExtractFn = Callable[[str], Sequence[Statement]]
#: Several texts at once (one ``nlp.pipe``): per text its statements, or the exception
#: that failed it (that text's dead letter; the others go on).
ExtractManyFn = Callable[[Sequence[str]], Sequence[Sequence[Statement] | Exception]]
#: Runs a blocking callable somewhere else (a thread pool) and awaits its result.
RunBlocking = Callable[..., Awaitable[Any]]
#: (declared language or None, text) → the article's language.
LanguageFn = Callable[[str | None, str], Language]
#: Languages the extractor reads (primary subtags).
SUPPORTED_LANGUAGES = frozenset({"en"})

# Error classes of dead letters this service produces itself (besides exception names);
# the contract ones are the common policy's, the same in every service.
EMPTY_MESSAGE = dlq.EMPTY_MESSAGE
INVALID_JSON = dlq.INVALID_JSON
SCHEMA_ERROR = dlq.SCHEMA_ERROR
TEXT_TOO_LONG = "TextTooLong"
INVALID_EXTRACTOR_OUTPUT = "InvalidExtractorOutput"


class Rejected(Exception):
    """A message this worker cannot process: it goes to the dead-letter topic."""

    def __init__(self, reason: str, error_class: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error_class = error_class
        #: The decoded article, when the message got that far (for log context).
        self.article: ArticleEvent | None = None

    def __repr__(self) -> str:
        return f"Rejected({self.error_class}: {self.reason})"


@dataclass(frozen=True)
class Extracted:
    """The outcome for a good message: what to publish on ``statements``, in order."""

    article: ArticleEvent
    statements: list[StatementEvent]
    marker: ArticleProcessedEvent
    duplicates_dropped: int = 0
    language: Language | None = None
    events: list[StatementEvent | ArticleProcessedEvent] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", [*self.statements, self.marker])

    @property
    def unsupported_language(self) -> bool:
        return self.marker.statements_status == "unsupported_language"

    @property
    def key(self) -> bytes:
        """Kafka key of every published event: the article id."""
        return self.article.article_id.encode("utf-8")

    def records(self) -> list[tuple[bytes, bytes]]:
        """(key, value) pairs to publish, statements first, the marker last."""
        key = self.key
        return [(key, encode_event(event)) for event in self.events]


# --- step 1: decode -----------------------------------------------------------------


def decode(value: bytes | None) -> ArticleEvent:
    """Parse an ``articles`` message value (raw bytes) into an :class:`ArticleEvent`."""
    if value is None or len(value) == 0:
        raise Rejected(dlq.EMPTY_REASON, EMPTY_MESSAGE)
    try:
        return decode_article(value)
    except ValueError as exc:  # ValidationError, or non-JSON bytes (decode_article)
        raise Rejected(*dlq.contract_violation(exc, "an ArticleEvent")) from exc


# --- step 2: check size -------------------------------------------------------------


def check_size(article: ArticleEvent, max_chars: int) -> str:
    """The article's text, if it is short enough to extract from."""
    text = article.text
    if len(text) > max_chars:
        raise Rejected(
            f"article text has {len(text)} characters, more than the limit of {max_chars}",
            TEXT_TOO_LONG,
        )
    return text


# --- step 3: check language ---------------------------------------------------------


def check_language(
    article: ArticleEvent, text: str, supported: frozenset[str], detect: LanguageFn
) -> tuple[Language, bool]:
    """The article's language (declared, else detected) and whether it is supported."""
    language = detect(article.language, text)
    return language, language.code in supported


# --- step 4: extract ----------------------------------------------------------------


def _validated(statements: Any, text_length: int) -> list[Statement]:
    if statements is None:
        return []
    try:
        items = list(statements)
    except TypeError as exc:
        raise Rejected(
            f"extractor returned {type(statements).__name__}, not a list of statements",
            INVALID_EXTRACTOR_OUTPUT,
        ) from exc
    for item in items:
        if not isinstance(item, Statement):
            raise Rejected(
                f"extractor returned a {type(item).__name__}, not a Statement",
                INVALID_EXTRACTOR_OUTPUT,
            )
        for name in ("speaker_span", "cue_span", "content_span"):
            span = getattr(item, name)
            if span is not None and span[1] > text_length:
                raise Rejected(
                    f"extractor returned {name} {tuple(span)} beyond the text "
                    f"({text_length} characters)",
                    INVALID_EXTRACTOR_OUTPUT,
                )
    return items


def extract_sync(extract: ExtractFn, text: str) -> list[Statement]:
    """Run the extraction function; any exception of it becomes a dead letter."""
    try:
        result = extract(text)
    except Exception as exc:  # the extractor's failure is this message's dead letter
        raise _failed(exc) from exc
    return _validated(result, len(text))


def extract_many_sync(
    extract_many: ExtractManyFn, extract: ExtractFn, texts: Sequence[str]
) -> list[list[Statement] | Rejected]:
    """:func:`extract_sync` for several texts in one call of ``extract_many``: per text its
    statements or its :class:`Rejected`. Should the batch call itself fail, or answer with
    the wrong number of results, every text is extracted alone, so only the text that
    fails becomes a dead letter."""
    if not texts:
        return []
    try:
        results = list(extract_many(texts))
    except Exception:  # noqa: BLE001 - find the text that fails: one at a time
        results = []
    if len(results) != len(texts):
        return [_extract_or_rejected(extract, text) for text in texts]
    out: list[list[Statement] | Rejected] = []
    for text, result in zip(texts, results, strict=True):
        if isinstance(result, Exception):
            out.append(_failed(result))
            continue
        try:
            out.append(_validated(result, len(text)))
        except Rejected as rejected:
            out.append(rejected)
    return out


def _failed(exc: Exception) -> Rejected:
    rejected = Rejected(f"extractor failed: {type(exc).__name__}: {exc}", type(exc).__name__)
    rejected.__cause__ = exc
    return rejected


def _extract_or_rejected(extract: ExtractFn, text: str) -> list[Statement] | Rejected:
    try:
        return extract_sync(extract, text)
    except Rejected as rejected:
        return rejected


async def extract_async(
    extract: ExtractFn, text: str, run_blocking: RunBlocking
) -> list[Statement]:
    """:func:`extract_sync` run by ``run_blocking`` (a thread pool in the worker), so the
    event loop — and with it the consumer's heartbeats — keeps running meanwhile."""
    return await run_blocking(extract_sync, extract, text)


# --- step 5: build events -----------------------------------------------------------


def article_speakers(statements: Sequence[Statement]) -> list[str]:
    """The speakers of one article (``speaker_canonical``, first appearance first), anonymous
    sources ("a senior official", type unknown) left out: each statement's ``co_speakers``
    are these minus its own speaker."""
    return list(
        dict.fromkeys(s.speaker_canonical for s in statements if s.speaker_type != "unknown")
    )


def build_events(
    article: ArticleEvent,
    statements: Sequence[Statement],
    *,
    extractor: str,
    extracted_at: datetime | None = None,
    language: Language | None = None,
    supported: bool = True,
) -> Extracted:
    """StatementEvents with deterministic ids, then the ``article_processed`` marker.

    Every event carries the article's ``received_at`` as ``article_received_at``: the
    indexer orders versions by it (an older version never retires a newer one).

    Every statement also carries its ``co_speakers``: the other speakers of the article
    (see :func:`article_speakers`), and a repeat of an earlier statement's quote (same
    speaker, same folded content: a standfirst repeated in the body) its ``repeat_of``.

    Two statements with the same content span would get the same id (and overwrite each
    other in the index); the first one is kept and the drop is counted.
    """
    extracted_at = extracted_at or datetime.now(UTC)
    context = article.context
    events: list[StatementEvent] = []
    seen: set[str] = set()
    speakers = article_speakers(statements)
    ids = [
        statement_id_for(article.article_id, article.article_version, tuple(s.content_span))
        for s in statements
    ]
    repeats = first_occurrences(
        (sid, s.speaker_canonical, s.content) for sid, s in zip(ids, statements, strict=True)
    )
    for sid, statement in zip(ids, statements, strict=True):
        if sid in seen:
            continue
        seen.add(sid)
        try:
            event = StatementEvent(
                statement_id=sid,
                article_id=article.article_id,
                article_version=article.article_version,
                article=context,
                article_received_at=article.received_at,
                extractor=extractor,
                extracted_at=extracted_at,
                co_speakers=[s for s in speakers if s != statement.speaker_canonical],
                repeat_of=repeats[sid],
                **statement.model_dump(),
            )
        except ValidationError as exc:
            detail = dlq.describe_validation_error(exc)
            raise Rejected(
                f"extractor output is no valid StatementEvent: {detail}", INVALID_EXTRACTOR_OUTPUT
            ) from exc
        events.append(event)
    marker = ArticleProcessedEvent(
        article_id=article.article_id,
        article_version=article.article_version,
        statement_count=len(events),
        statement_ids=[e.statement_id for e in events],
        statements_status="extracted" if supported else "unsupported_language",
        language=language.code if language else None,
        article=context,
        article_received_at=article.received_at,
        extractor=extractor,
        extracted_at=extracted_at,
    )
    return Extracted(
        article=article,
        statements=events,
        marker=marker,
        duplicates_dropped=len(statements) - len(events),
        language=language,
    )


def encode_event(event: StatementEvent | ArticleProcessedEvent) -> bytes:
    """JSON bytes of a ``statements`` topic event."""
    return event.model_dump_json().encode("utf-8")


# --- the chain ----------------------------------------------------------------------


async def _run_inline(fn: Callable[..., T], *args: Any) -> T:
    return fn(*args)


async def process(value: bytes | None, **options: Any) -> Extracted | Rejected:
    """decode → check size → check language → extract → build events, for one message;
    ``options`` are those of :func:`process_batch` (``extract``, ``extractor_name``,
    ``max_chars``, ...; no ``extract_many``).

    Never raises for a bad message: the result is either the events to publish or the
    reason to dead-letter it. (Cancellation and bugs in this module still propagate.)
    """
    return (await process_batch([value], extract_many=None, **options))[0]


@dataclass
class _Prepared:
    """A message that passed decode, size and language: what extraction needs."""

    article: ArticleEvent
    text: str
    language: Language
    supported: bool


def prepare(
    value: bytes | None,
    *,
    max_chars: int,
    languages: frozenset[str],
    detect_language: LanguageFn,
) -> _Prepared | Rejected:
    """decode → check size → check language, for one message."""
    article: ArticleEvent | None = None
    try:
        article = decode(value)
        text = check_size(article, max_chars)
        language, supported = check_language(article, text, languages, detect_language)
        return _Prepared(article, text, language, supported)
    except Rejected as rejected:
        rejected.article = article
        return rejected


async def process_batch(
    values: Sequence[bytes | None],
    *,
    extract: ExtractFn,
    extract_many: ExtractManyFn | None,
    extractor_name: str,
    max_chars: int,
    run_blocking: RunBlocking = _run_inline,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    languages: frozenset[str] = SUPPORTED_LANGUAGES,
    detect_language: LanguageFn = language_of,
) -> list[Extracted | Rejected]:
    """:func:`process` for several messages, their texts extracted in one call of
    ``extract_many`` (one ``nlp.pipe``; without it, one ``extract`` per text): one
    outcome per message, in order, each exactly what :func:`process` gives for it alone."""
    prepared = [
        prepare(v, max_chars=max_chars, languages=languages, detect_language=detect_language)
        for v in values
    ]
    wanted = [p for p in prepared if isinstance(p, _Prepared) and p.supported]
    texts = [p.text for p in wanted]
    if not texts:
        results = []
    elif extract_many is None:
        results = await run_blocking(
            lambda: [_extract_or_rejected(extract, text) for text in texts]
        )
    else:
        results = await run_blocking(extract_many_sync, extract_many, extract, texts)
    by_item = {id(p): r for p, r in zip(wanted, results, strict=True)}
    extracted_at = now()
    outcomes: list[Extracted | Rejected] = []
    for p in prepared:
        if isinstance(p, Rejected):
            outcomes.append(p)
            continue
        statements = by_item.get(id(p), [])
        try:
            if isinstance(statements, Rejected):
                raise statements
            outcomes.append(
                build_events(
                    p.article,
                    statements,
                    extractor=extractor_name,
                    extracted_at=extracted_at,
                    language=p.language,
                    supported=p.supported,
                )
            )
        except Rejected as rejected:
            rejected.article = p.article
            outcomes.append(rejected)
    return outcomes
