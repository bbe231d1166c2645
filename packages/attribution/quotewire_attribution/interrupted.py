"""The second piece of an interrupted statement: one mechanism, one entry point.

A reporter may break one statement with its attribution and finish the sentence after it:

    "The ferry will run all winter," the harbour master said, and "nobody will be stranded."
    Ticket prices will stay flat, Ms. Okoro said, but fuel costs "could change that quickly."
    The orchard, the farmer said, lost half its pears.
    After the thaw, the engineer said, the road will reopen.

Each frame found in a sentence has one piece; :func:`with_second_pieces` gives the other piece of
the same statement (same speaker and cue; PolNeAR splits such a statement into its two
pieces, like a broken quote). The shapes it takes are small named predicates, tried in this
order for each frame (the first that fits wins):

1. :func:`.according.according_opening`: the opening before an "according to X" set off
   inside the clause it attributes ("Until the flood, according to the river board, ...").
2. :func:`.openings.interrupted_rest`: the predicate after a cue set off between a subject and
   its predicate, read from the parse ("The orchard, the farmer said, lost ...").
3. :func:`.openings.interposed_opening`: the opening before a cue set off after an opening
   adverbial or clause ("After the thaw, the engineer said, ...").
4. :func:`.openings.complement_rest`: the complement after a cue set off after the verb of the
   clause it reports, read from the parse ("The winter was, she said, one of the coldest").
5. :func:`rest_after_attribution`: read from the text, the rest of the sentence after the
   comma that closes an attribution following the first piece, when it holds a quote opened
   inside it (the speaker's own words go on, so it is mixed) or, without one, goes on as a
   clause of its own (:func:`_unquoted_piece`); when the attribution is a short clause of a
   speaker, its cue and adjuncts closed by a comma; and when the piece does not open with a
   participle, a relative word or a preposition or subordinator that sets the scene ('she
   said, adding that ...', '..., he said, which ...', 'she said, as the crowd chanted "..."'):
   those start a clause of the reporter or a second act of the speaker.

The parsed shapes (1-4) come from the cue's own clause and are always taken (a report inside
them is a nested one, dropped later); the text-read shape (5) is a guess from punctuation and
yields to any frame, or piece taken before it, whose content it overlaps.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from .according import according_opening
from .cues import Lexicon
from .direct import token_at
from .doctext import SENTENCE_END, doc_text
from .model import Frame
from .openings import complement_rest, interposed_opening, interrupted_rest
from .quotes import Quote, typed_content
from .shapes import FINITE_TAGS

#: tokens the attribution clause may take after the cue ("said in a statement on Monday,")
_MAX_ATTRIBUTION_TOKENS = 12
#: what may stand between the first piece and the attribution: its closing comma and mark (and
#: an article the speaker's span may leave out)
_BEFORE_ATTRIBUTION = re.compile(r"[,\"\u201d']*\s*(?:(?:the|a|an)\s+)?", re.IGNORECASE)
_OPENING_TAGS = {"VBG", "WDT", "WP", "WP$", "WRB"}
#: subordinators and prepositions that may open the rest as part of what was said; any other
#: ('as the crowd chanted "...", 'in a speech that ...') sets the scene of the attribution
_CONTENT_OPENERS = {"that", "because", "if", "from"}
_APPOSITION_TAGS = {"DT", "JJ", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP$", "CD"}


def _attribution_comma(doc: Doc, frame: Frame, quotes: list[Quote]) -> int | None:
    """Token index of the comma closing the attribution clause that follows the first piece."""
    ends = [frame.cue_end]
    if frame.speaker_end is not None:
        ends.append(frame.speaker_end)
    i = token_at(doc, max(ends))
    if i is None:
        return None
    for k in range(i, min(len(doc), i + _MAX_ATTRIBUTION_TOKENS)):
        t = doc[k]
        if t.text == ",":
            if k > 0 and k + 1 < len(doc) and doc[k - 1].like_num and doc[k + 1].like_num:
                continue  # 'in a May 4, 2019 letter': the comma of a date
            return k
        if t.text in (".", "!", "?", ";", ":") or "\n" in t.text or t.is_quote:
            return None
        if any(q.open_at <= t.idx < q.outer_end for q in quotes):
            return None
    return None


def _piece_end(text: str, start: int, quotes: list[Quote]) -> int | None:
    """Where the sentence holding ``start`` ends (a sentence mark outside quotes, or the line)."""
    pos = start
    while True:
        m = SENTENCE_END.search(text, pos)
        if m is None:
            return len(text.rstrip())
        inside = next((q for q in quotes if q.start <= m.start() < q.end), None)
        if inside is None:
            return m.start()
        if inside.close_at is None:
            return None
        pos = inside.outer_end  # '... violations."' ends at the closing mark
        if pos >= len(text) or text[pos] in " \n" or text[pos] in ".!?":
            return inside.outer_end


def _past_abbreviations(doc: Doc, text: str, end: int | None, quotes: list[Quote]) -> int | None:
    """The end of a piece read by :func:`_piece_end` moved past the full stops of abbreviations
    ('that Mrs. Hale ...': the token before the stop is "Mrs.", not a sentence's last word)."""
    for _ in range(5):
        if end is None:
            return None
        last = token_at(doc, end + 1, forward=False)
        if last is None or len(doc[last].text) < 2 or not doc[last].text.endswith("."):
            return end
        end = _piece_end(text, end + 1, quotes)
    return end


def _finite_verb_in(doc: Doc, lo: int, end: int) -> bool:
    """Whether the tokens from ``lo`` to character ``end`` hold a finite verb of their own (not
    one of a relative clause inside them)."""
    for t in doc[lo:]:
        if t.idx >= end:
            break
        if t.tag_ in FINITE_TAGS and not any(
            a.dep_ == "relcl" and a.i >= lo for a in (t, *t.ancestors)
        ):
            return True
    return False


def _unquoted_piece(doc: Doc, frame: Frame, first: Token, end: int) -> bool:
    """An unquoted rest is a piece of the statement only as a reason or a contrast ('..., the
    sheriff said, because the bridge is unsafe', '..., but ...'), as the predicate of a
    subject the attribution interrupts ('The orchard, the farmer said, lost half its pears')
    or as the main clause after an opening clause or phrase ('If the dam holds, she said, the
    town is safe'), with a finite verb of its own. Other unquoted rests ('and ...', an
    apposition, a place, a phrase) are as often the reporter's own as the speaker's, and an
    "according to" phrase's rest is the reporter's."""
    if frame.signals.get("how") == "according" or not _finite_verb_in(doc, first.i, end):
        return False
    last = token_at(doc, end + 1, forward=False)
    if last is not None and len(doc[last].text) > 1 and doc[last].text.endswith("."):
        return False  # the piece would end at 'Mr.', 'N.H.' (an abbreviation, not the end)
    if first.lower_ in ("because", "but"):
        return True
    lo = token_at(doc, frame.content_start)
    if lo is None:
        return False
    if first.tag_ in FINITE_TAGS:  # a predicate: the first piece is its subject
        return not _finite_verb_in(doc, lo, frame.content_end)
    # a main clause from its subject on, when the first piece opens with 'if', 'after', ...
    return doc[lo].tag_ == "IN" and any(
        t.dep_ in ("nsubj", "nsubjpass", "expl") and t.left_edge.i == first.i
        for t in doc[first.i : first.i + 8]
    )


def _extraposed_rest(doc: Doc, frame: Frame, first: Token) -> bool:
    """ "It is no surprise, Mr. Okoro said, that the ferry lost money", "It was her duty, the
    warden said, to warn the hikers", "So it makes sense, the planners said, for the town to buy
    the pier": a first piece whose subject is a placeholder "it" with no clause of its own (its
    verb's complement is not in it) is finished by the that-clause or infinitive the attribution
    holds back; that rest is what "it" stands for, the second piece."""
    lo = token_at(doc, frame.content_start)
    hi = token_at(doc, frame.content_end, forward=False)
    if lo is None or hi is None:
        return False
    piece = doc[lo : hi + 1]
    verbs = [
        t.head
        for t in piece
        if t.dep_ in ("nsubj", "expl") and t.lower_ == "it" and t.head.i in range(lo, hi + 1)
    ]
    if len(verbs) != 1 or any(
        c.dep_ in ("ccomp", "xcomp", "csubj", "advcl") and lo <= c.i <= hi
        for c in verbs[0].children
    ):
        return False
    if first.lower_ == "that" and first.tag_ == "IN" or first.tag_ == "TO":
        return True
    # 'for the town to buy the pier': "for", its subject, then the infinitive
    return first.lower_ == "for" and any(
        t.tag_ == "TO" and t.head.tag_ == "VB" for t in doc[first.i + 2 : first.i + 8]
    )


def rest_after_attribution(
    doc: Doc, frame: Frame, quotes: list[Quote], frames: list[Frame]
) -> Frame | None:
    """The second piece of ``frame``'s statement after the attribution that interrupts it,
    read from the text (shape 5 of the module docstring). The rest is a guess from the
    punctuation: it yields to any frame in ``frames`` whose content overlaps it."""
    text = doc_text(doc)
    lo = (
        frame.cue_start
        if frame.speaker_start is None
        else min(frame.cue_start, frame.speaker_start)
    )
    if frame.content_end > lo or not _BEFORE_ATTRIBUTION.fullmatch(text, frame.content_end, lo):
        return None
    if "," not in text[max(0, frame.content_end - 2) : lo]:
        return None  # the first piece must end in the comma the attribution opens with
    comma = _attribution_comma(doc, frame, quotes)
    if comma is None or comma + 1 >= len(doc):
        return None
    first = doc[comma + 1]
    second = doc[first.i + 1] if first.i + 1 < len(doc) else first
    extraposed = _extraposed_rest(doc, frame, first)
    if extraposed:
        pass  # 'It is no surprise, he said, that ...': the rest is the subject "it" stands for
    elif first.tag_ in _OPENING_TAGS or second.tag_ == "VBG" or first.is_quote:
        return None  # 'adding that ...', 'instead asking ...', 'which ...'; a quote of its
        # own is a direct frame
    elif first.lower_ == "or":
        return None  # '"Ça suffit," she said, or "That will do."': a gloss of the quote
    elif first.tag_ == "IN" and first.lower_ not in _CONTENT_OPENERS:
        return None
    inverted = frame.speaker_start is not None and frame.speaker_start > frame.cue_start
    if inverted and first.tag_ in _APPOSITION_TAGS and not extraposed:
        return None  # 'said Ana Ruiz, the author of ...': an apposition of the speaker
    start = first.idx
    if first.lower_ == "that" and first.tag_ == "IN" and first.i + 1 < len(doc):
        start = doc[first.i + 1].idx  # the content starts after the complementiser
    end = _piece_end(text, start, quotes)
    if extraposed:
        end = _past_abbreviations(doc, text, end, quotes)
    if end is None or end <= start:
        return None
    quoted = any(start < q.open_at < end for q in quotes)
    if not quoted and not extraposed and not _unquoted_piece(doc, frame, first, end):
        return None
    if any(f.content_start < end and start < f.content_end for f in frames):
        return None
    return replace(
        frame,
        content_start=start,
        content_end=end,
        type="mixed" if quoted else "indirect",
        signals={**frame.signals, "how": "after_attribution"},
    )


def _parsed_piece(doc: Doc, lex: Lexicon, frame: Frame, quotes: list[Quote]) -> Frame | None:
    """The other piece of ``frame``'s statement when the parse of its cue gives it (shapes 1-4
    of the module docstring): a set-off "according to X" or a set-off cue verb."""
    how = frame.signals.get("how")
    if how not in ("according", "parataxis"):
        return None
    k = token_at(doc, frame.cue_start)
    if k is None:
        return None
    cue = doc[k]
    span = (
        according_opening(cue, lex)
        if how == "according"
        else interrupted_rest(cue) or interposed_opening(cue) or complement_rest(cue)
    )
    if span is None:
        return None
    s, e = span
    qtype, cspan = typed_content(
        doc_text(doc), (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)), quotes
    )
    return replace(frame, content_start=cspan[0], content_end=cspan[1], type=qtype)


def with_second_pieces(
    doc: Doc, lex: Lexicon, frames: list[Frame], quotes: list[Quote]
) -> list[Frame]:
    """``frames``, each followed by the second piece of its statement when it is interrupted
    (see the module docstring): the first shape that fits. (The order matters: frames with
    the same content are resolved, and kept, in it.)"""
    pieces: list[Frame] = []
    out: list[Frame] = []
    for f in frames:
        out.append(f)
        piece = _parsed_piece(doc, lex, f, quotes) or rest_after_attribution(
            doc, f, quotes, frames + pieces
        )
        if piece is not None:
            pieces.append(piece)
            out.append(piece)
    return out
