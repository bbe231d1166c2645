"""``doc_text(doc)``: a parsed Doc's text, joined once; ``token_offsets(doc)``: where its
tokens are, without a ``Token`` object each.

spaCy's ``Doc.text`` builds a ``Token`` object for every token and joins their texts on
each access; the rules ask for it many times per document (every reported frame), so it
is kept in ``doc.user_data`` after the first join. Same string, read-only use only.
``doc_ents(doc)``: ``doc.ents``, whose getter walks every token and builds a ``Span`` per
entity on each access, kept until the entity annotation changes.
``doc_tokens(doc)``: ``list(doc)``, one ``Token`` per word shared by the whole-document walks
of one call (``shared_tokens``: kept in ``user_data`` only while that call runs, so the Doc
holds no reference cycle through its tokens afterwards).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

#: The end of a sentence in the text: a full stop, "!" or "?" before white space or the end,
#: closing quote marks between (". ", '." ', ".\u201d\u2019 "), or a line break.
SENTENCE_END = re.compile(r"[.!?](?=[\"\u201d\u2019']*(?:\s|$))|\n")
#: ``doc.user_data`` key of the joined text
TEXT_KEY = "quotewire_text"
#: ``doc.user_data`` key of the token offsets
OFFSETS_KEY = ("quotewire", "token_offsets")
#: ``doc.user_data`` key of the entity spans and the annotation they were read from
ENTS_KEY = ("quotewire", "ents")
#: ``doc.user_data`` key of the Doc's tokens while one call walks them (``shared_tokens``)
TOKENS_KEY = ("quotewire", "tokens")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """``list(doc)``: the list ``shared_tokens`` keeps while it is in force, else a new one.
    Read it, never change it."""
    got = doc.user_data.get(TOKENS_KEY)
    if got is None or len(got) != len(doc):
        return list(doc)
    return got


@contextmanager
def shared_tokens(doc: Doc) -> Iterator[None]:
    """Within the block, every ``doc_tokens(doc)`` is one list (a whole-document walk builds no
    ``Token`` of its own); it leaves ``user_data`` at the end, since the tokens refer to the Doc
    (a cycle the Doc would otherwise keep). Nested blocks share the outer one's list."""
    if TOKENS_KEY in doc.user_data:
        yield
        return
    doc.user_data[TOKENS_KEY] = list(doc)
    try:
        yield
    finally:
        doc.user_data.pop(TOKENS_KEY, None)


def walks_shared_tokens(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorator: ``fn(doc, ...)`` runs with ``shared_tokens(doc)`` in force."""

    @wraps(fn)
    def run(doc: Doc, *args: Any, **kwargs: Any) -> T:
        with shared_tokens(doc):
            return fn(doc, *args, **kwargs)

    return run


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents`` as a tuple, built once per entity annotation: kept in ``user_data`` with
    the tokens' entity IOB and type codes it was read from, and read again when they differ
    (after ``doc.set_ents``). Read the spans, never change them."""
    marks = doc.to_array([ENT_IOB, ENT_TYPE]).tobytes() if len(doc) else b""
    got = doc.user_data.get(ENTS_KEY)
    if got is None or got[0] != marks:
        got = doc.user_data[ENTS_KEY] = (marks, tuple(doc.ents))
    return got[1]


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token of ``doc`` (``t.idx`` and
    ``t.idx + len(t.text)``), read from the Doc's arrays without a ``Token`` object each;
    computed once per Doc (kept in ``user_data``; read them, never change them)."""
    got = doc.user_data.get(OFFSETS_KEY)
    if got is None or len(got[0]) != len(doc):
        got = doc.user_data[OFFSETS_KEY] = _read_offsets(doc)
    return got


def tokens_text(doc: Doc, start: int, end: int) -> str:
    """The text of ``doc[start:end]`` (as ``Span.text``: its words and the spaces between them),
    read from the cached text and token offsets without a Token or a Span; "" when empty. A
    cheap test of the words a rule looks for before it walks the tokens."""
    if end <= start:
        return ""
    starts, ends = token_offsets(doc)
    return doc_text(doc)[starts[start] : ends[end - 1]]


def _read_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    if not len(doc):
        return [], []
    idx, length = doc.to_array([IDX, LENGTH]).T.tolist()
    return idx, [i + n for i, n in zip(idx, length)]
