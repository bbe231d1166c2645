"""A reported content cut before a quoted fragment that goes on with it.

The parser often hangs the phrase after a quote on the cue or on a noun outside the content,
so the content stops at a closing mark (or before the first mark) although the same sentence
goes on with more of the speaker's own words:

    Mr. Pell described the budget as "thin" with "no room" for the ferry.

A quoted fragment that opens in lower case continues a clause rather than starting a new
sentence. When the words between the content and such a fragment are few and report nothing
of their own (no cue verb, no "according", no other frame's cue or content, no comma or
sentence mark), the content runs over the fragment, and on to the end of its sentence when
the rest is as clean; it is then mixed."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from .cues import Lexicon
from .cueverbs import is_according, is_cue
from .direct import token_at
from .doctext import doc_text
from .model import Frame
from .quotes import Quote

#: at most this many words between the content's end and the fragment's opening mark
_MAX_GAP_WORDS = 12
_STOPS = set(".!?;:,")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")


def _fragment(text: str, q: Quote) -> bool:
    inner = text[q.start : q.end].lstrip()
    return q.close_at is not None and not q.single and inner[:1].islower()


def _gap_is_narration_free(doc: Doc, lex: Lexicon, lo: int, hi: int) -> bool:
    """No sentence end, comma or reporting word in ``text[lo:hi]`` and few words."""
    gap = doc_text(doc)[lo:hi]
    if any(ch in _STOPS for ch in gap) or len(gap.split()) > _MAX_GAP_WORDS:
        return False
    i, j = token_at(doc, lo), token_at(doc, hi)
    if i is None or j is None:
        return False
    return not any(is_cue(t, lex) or is_according(t, lex) for t in doc[i:j])


def _second_act(doc: Doc, f: Frame, hi: int) -> bool:
    """'called the pier "a relic" and rated the mayor "a failure"': a verb without a subject of
    its own joined to the cue before the fragment is the speaker's second act, with a content
    of its own."""
    cue, i, j = token_at(doc, f.cue_start), token_at(doc, f.content_end), token_at(doc, hi)
    if cue is None or i is None or j is None:
        return False
    return any(
        t.dep_ == "conj"
        and t.head.i == cue
        and t.tag_.startswith("VB")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
        for t in doc[i:j]
    )


def _sentence_fragments(text: str, start: int, quotes: list[Quote]) -> tuple[list[Quote], int]:
    """The quotes after ``start`` up to the end of its sentence, and that end (a sentence mark
    or line break outside quotes; a quote ending in a sentence mark ends it too). ``quotes``
    is sorted by opening mark."""
    found: list[Quote] = []
    pos = start
    for q in (q for q in quotes if q.open_at >= start):
        stop = _SENTENCE_END.search(text, pos, q.open_at)
        if stop is not None:
            return found, stop.start()
        found.append(q)
        pos = q.outer_end
        if q.close_at is None or text[q.start : q.end].rstrip()[-1:] in (".", "!", "?"):
            return found, pos
    stop = _SENTENCE_END.search(text, pos)
    return found, stop.start() if stop is not None else len(text)


def _extended(doc: Doc, lex: Lexicon, f: Frame, quotes: list[Quote], others: list[Frame]) -> Frame:
    if f.type == "direct" or f.cue_end > f.content_start:
        return f
    text = doc_text(doc)
    after, sent_end = _sentence_fragments(text, f.content_end, quotes)
    last = None
    for q in after:
        if not _fragment(text, q):
            break
        last = q
    if last is None or not _gap_is_narration_free(doc, lex, f.content_end, last.open_at):
        return f
    if _second_act(doc, f, last.open_at):
        return f
    end = last.outer_end
    if _gap_is_narration_free(doc, lex, end, sent_end):
        end = max(end, len(text[:sent_end].rstrip()))
    else:
        end = _phrase_end(doc, f, last, end, sent_end, quotes)
    if any(g is not f and f.content_end <= max(g.cue_start, g.content_start) < end for g in others):
        return f
    return replace(f, content_end=end, type="mixed")


def _phrase_end(doc: Doc, f: Frame, q: Quote, end: int, sent_end: int, quotes: list[Quote]) -> int:
    """'praised his years on the trawlers "gutting" cod, or mending nets by hand': when the rest
    of the sentence is not clean (a comma), a fragment whose phrase goes on after its closing
    mark still runs to the end of that phrase: the highest word the fragment hangs from
    between the content's end and the sentence's end, and all it holds ("cod", and the
    coordinated "or mending nets by hand"), to the closing mark of a later quote it ends in.
    A phrase that ends at the mark adds nothing."""
    lo, k, stop = token_at(doc, f.content_end), token_at(doc, q.start), token_at(doc, sent_end)
    after = token_at(doc, q.outer_end)
    if lo is None or k is None or after is None:
        return end
    stop = len(doc) if stop is None else stop
    top = doc[k]
    while top.head.i != top.i and lo <= top.head.i < stop:
        top = top.head
    last = top.right_edge
    while last.i >= after and (last.is_punct or last.is_space):
        last = doc[last.i - 1]
    if top.left_edge.i < lo or last.i < after or last.i >= stop:
        return end
    phrase_end = last.idx + len(last.text)
    # a phrase that ends inside a later quote runs to its closing mark
    phrase_end = next(
        (p.outer_end for p in quotes if p.open_at < phrase_end < p.outer_end), phrase_end
    )
    return max(end, phrase_end)


def run_to_trailing_fragments(
    doc: Doc, lex: Lexicon, frames: list[Frame], quotes: list[Quote]
) -> list[Frame]:
    """``frames`` with each reported content run over the quoted fragments that go on with it."""
    in_order = sorted(quotes, key=lambda q: q.open_at)
    return [_extended(doc, lex, f, in_order, frames) for f in frames]
