""" "according to X": the frame it opens and the content it attributes."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .bounds import trim_span
from .cues import Lexicon


def according_frame(tok: Token, lex: Lexicon) -> tuple[Token | None, tuple[int, int] | None]:
    """ "according to X": speaker head X and the clause it attributes."""
    doc = tok.doc
    to = tok.nbor(1)
    speaker = None
    for c in to.children:
        if c.dep_ == "pobj":
            speaker = c
    if speaker is None:
        for c in tok.children:
            if c.dep_ == "pobj":
                speaker = c
    sent = tok.sent
    phrase_start = tok.i
    phrase_end = (
        max(
            tok.right_edge.i,
            to.right_edge.i,
            speaker.right_edge.i if speaker is not None else tok.i,
        )
        + 1
    )
    before = (sent.start, phrase_start)
    if speaker is not None:
        phrase_end = _subject_after_source(doc, speaker, phrase_end, before, sent.end)
    after = (phrase_end, sent.end)
    b = trim_span(doc, *before)
    a = trim_span(doc, *after)
    if a[1] <= a[0] and b[1] - b[0] > 1 and doc[b[1] - 1].norm_ in ("'s", "is", "was"):
        b = (b[0], b[1] - 1)  # "That's according to the filings": the copula is the frame's
    longer = a if (a[1] - a[0]) >= (b[1] - b[0]) else b
    if _bare_rest(doc, a, lex) and _has_clause(doc, b):
        longer = b  # "X leads, according to Y, and has ...": the rest is the writer's
    if _opens_after_mark(doc, b, a, lex):
        pick = a
    elif _concession_after(doc, b, a, lex) or _source_relative(doc, b, phrase_end):
        pick = b
    else:
        pick = longer
    if pick[1] <= pick[0]:
        return speaker, None
    return speaker, pick


def according_opening(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """ "Until the flood, according to the river board, the mill ran on water": the words
    before an "according to X" set off inside the clause it attributes (an opening adverbial
    or the subject, hung on the clause after the phrase) are the content's first fragment,
    like the first half of a broken quote; the clause after the phrase is the second."""
    doc = tok.doc
    speaker, rng = according_frame(tok, lex)
    sent = tok.sent
    if speaker is None or rng is None or rng[0] <= tok.i or tok.i - 1 <= sent.start:
        return None
    if doc[tok.i - 1].text != "," or doc[rng[0] - 1].text != ",":
        return None  # not set off by commas on both sides
    start, end = trim_span(doc, sent.start, tok.i)
    if end <= start or doc[start].dep_ == "cc" or _opens_after_mark(doc, (start, end), rng, lex):
        return None
    words = doc[start:end]
    if words.text.lower() in lex.lists.connectives:
        return None  # "In addition, according to X, ...": the writer's link, not what was said
    roots = [t for t in words if not start <= t.head.i < end]
    if not roots or any(not rng[0] <= t.head.i < rng[1] for t in roots):
        return None  # a clause of its own ("She quit after, according to her, ...")
    if any(c.dep_ == "mark" for t in roots for c in t.children):
        return None  # "While the mill ran, according to X, ...": the writer's own frame
    return start, end


def _subject_after_source(
    doc: Doc, speaker: Token, phrase_end: int, before: tuple[int, int], sent_end: int
) -> int:
    """Where an opening "according to X" really ends when the parser hung the subject of the
    clause it attributes on the source ("According to the harbour board, fees for moorings in
    the old dock rose by a third", with "fees" read as the board's apposition): if what follows
    the phrase is no clause of its own, the phrase ends at the first comma after the source's
    head and the content starts after it, when a verb follows there."""
    if _has_clause(doc, before) or _has_clause(doc, (phrase_end, sent_end)):
        return phrase_end
    comma = next((t.i for t in doc[speaker.i + 1 : phrase_end] if t.text == ","), None)
    if comma is None or comma + 1 >= phrase_end:
        return phrase_end
    if not any(t.tag_.startswith(("VB", "MD")) for t in doc[comma + 1 : sent_end]):
        return phrase_end
    return comma + 1


def _bare_rest(doc: Doc, span: tuple[int, int], lex: Lexicon) -> bool:
    """Is the rest after an "according to X" a coordinated predicate ("and lost money") or a
    phrase with no verb ("last week - well down"), not a clause the phrase opens?"""
    start, end = span
    if end <= start:
        return False
    words = doc[start:end]
    if words[0].lower_ in lex.lists.opening_marks:
        return False  # "..., according to Y, because ...": the reason is the source's
    return (words[0].dep_ == "cc" and not _has_clause(doc, span)) or not any(
        t.tag_.startswith(("VB", "MD")) for t in words
    )


def _has_clause(doc: Doc, span: tuple[int, int]) -> bool:
    """Does ``span`` hold a whole clause, a verb with its subject inside it ("the mill ran"),
    not a bare predicate ("and ran on coal") or a phrase ("last week - well down")?"""
    start, end = span
    return any(
        t.dep_ in ("nsubj", "nsubjpass", "expl")
        and start <= t.head.i < end
        and t.head.tag_.startswith(("VB", "MD"))
        for t in doc[start:end]
    )


def _concession_after(
    doc: Doc, before: tuple[int, int], after: tuple[int, int], lex: Lexicon
) -> bool:
    """ "The levy has lost support, according to the survey, despite a costly campaign":
    what follows the phrase is a concession the writer adds; the phrase attributes the clause
    before it."""
    if before[1] - before[0] < 2 or after[1] <= after[0]:
        return False
    return doc[after[0]].lower_ in lex.lists.concessions


def _source_relative(doc: Doc, before: tuple[int, int], phrase_end: int) -> bool:
    """ "That's according to filings that the campaign made on Monday": a relative clause of
    the source itself, no comma before it (the parser may hang it elsewhere), is none of
    the content; the content is before the phrase."""
    if before[1] <= before[0] or phrase_end >= len(doc):
        return False
    return doc[phrase_end].lower_ in ("that", "which") and doc[phrase_end - 1].text != ","


def _opens_after_mark(
    doc: Doc, before: tuple[int, int], after: tuple[int, int], lex: Lexicon
) -> bool:
    """ "She quit the board after, according to her, the chair hid the audit": the phrase is
    set off right after a clause's opening mark, so it attributes the clause that follows it
    (what comes before the mark is the writer's)."""
    if before[1] <= before[0] or after[1] - after[0] < 2:
        return False
    last = doc[before[1] - 1]
    return last.lower_ in lex.lists.opening_marks and last.dep_ in ("mark", "prep", "advmod")
