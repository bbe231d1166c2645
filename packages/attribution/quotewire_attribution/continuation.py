"""Quotes that continue a speaker's statement without a cue of their own.

News convention: a quote sentence with no cue belongs to the speaker whose attribution
ends the sentence just before it, in the same paragraph:

    Teachers are "looking for a fight," Ms. Vane said. "That should worry everyone."

and a paragraph that is one whole quote with no cue continues the previous paragraph when
that paragraph ends with a quote of a single speaker:

    "The report shows a lax approach," said Jane Roe, a member of the council.

    "The plan to avoid oversight is a serious offence."

(``core._direct_frames`` already lets a quote inherit the frame of an earlier direct quote in
its paragraph; these rules add the anchor that is a mixed or indirect report, and the next
paragraph.) A quote inherits only when nothing else is between: no other quote mark, no
second sentence, never a paragraph whose quotes have two speakers.

After a report whose cue leads its content, such a quote is not a statement of its own but
the rest of that report (``reports_run_into_quotes``):

    Ms. Vane said the plan had failed. "It is over for all of us."

is one mixed content from "the plan" to the closing mark, as PolNeAR annotates it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Frame
from .quotes import Quote

#: the rest of the attribution sentence after the anchor frame: adjuncts or an apposition
#: ("said Tuesday.", ", a member of the council.") ending in one sentence mark
_TAIL = re.compile(r"[^.!?\"\u201c\u201d\u00ab\u00bb\u201e]{0,160}[.!?]\s*")


def _frame_end(f: Frame) -> int:
    ends = [f.cue_end, f.content_end]
    if f.speaker_end is not None:
        ends.append(f.speaker_end)
    return max(ends)


def _ends_sentence(text: str, start: int, stop: int) -> bool:
    """``text[start:stop]`` is the end of one attribution sentence and nothing more."""
    return _TAIL.fullmatch(text, start, stop) is not None


def _speaker_key(text: str, f: Frame) -> str | None:
    if f.speaker_start is None or f.speaker_end is None:
        return None
    return text[f.speaker_start : f.speaker_end].lower()


def _inherit(f: Frame, q: Quote, how: str) -> Frame:
    return replace(
        f,
        content_start=q.start,
        content_end=q.end,
        type="direct",
        signals={**f.signals, "how": how, "unbalanced": q.unbalanced},
    )


def _anchor_in_paragraph(text: str, q: Quote, frames: list[Frame], lo: int) -> Frame | None:
    """The frame whose attribution ends the sentence right before ``q`` in its paragraph."""
    before = [f for f in frames if lo <= f.cue_start and _frame_end(f) <= q.open_at]
    if not before:
        return None
    f = max(before, key=_frame_end)
    if f.speaker_head is None or not _ends_sentence(text, _frame_end(f), q.open_at):
        return None
    if f.cue_end < f.content_start:
        return None  # 'Ms. Vane said the plan failed. "It is over."': the cue leads its content
    return f


def _anchor_in_previous(
    text: str, frames: list[Frame], prev: tuple[int, int], quotes: list[Quote]
) -> Frame | None:
    """The frame of the quote ending the previous paragraph, if all its frames share a speaker."""
    lo, hi = prev
    inside = [f for f in frames if lo <= f.cue_start < hi or lo <= f.content_start < hi]
    if not inside or not any(f.type != "indirect" for f in inside):
        return None
    if len({_speaker_key(text, f) for f in inside}) != 1 or inside[0].speaker_head is None:
        return None
    last = max(inside, key=_frame_end)
    end = _frame_end(last)
    if not text[end:hi].strip(' .,!?"\u201d\u2019'):
        return last if last.type != "indirect" else None
    if last.type == "indirect" or not _ends_sentence(text, end, hi):
        return None
    if any(end <= q.open_at < hi for q in quotes):
        return None
    return last


def _free_quotes(text: str, quotes: list[Quote], taken: list[tuple[int, int]], paras, candidate):
    """(quote, paragraph index) of each double quote of two words or more that no span in
    ``taken`` (read as it grows) covers and that stands as a sentence."""
    for q in quotes:
        if q.single or any(s < q.end and q.start < e for s, e in taken):
            continue
        k = next((i for i, (lo, hi) in enumerate(paras) if lo <= q.open_at < hi), None)
        if k is None or len(text[q.start : q.end].split()) < 2 or not candidate(q, paras[k][0]):
            continue
        yield q, k


def continued_quotes(
    text: str,
    quotes: list[Quote],
    frames: list[Frame],
    paras: list[tuple[int, int]],
    candidate,
) -> list[Frame]:
    """Frames for the direct-candidate quotes no frame covers, inherited as described above.

    ``candidate(q, para_start)`` says whether a quote stands as a sentence.
    """
    out: list[Frame] = []
    taken = [(f.content_start, f.content_end) for f in frames]
    para_of = {lo: k for k, (lo, _) in enumerate(paras)}
    for q, k in _free_quotes(text, quotes, taken, paras, candidate):
        lo, hi = paras[k]
        if text[q.start : q.end].strip().endswith(":"):
            continue  # '"Related:"': a label, not speech
        known = frames + out
        anchor = _anchor_in_paragraph(text, q, known, lo)
        how = "direct_inherited"
        if anchor is None and q.open_at == lo and k > 0 and lo in para_of:
            whole = not text[q.outer_end : hi].strip(" .,")
            own_cue = any(lo <= f.cue_start < hi for f in known)
            if whole and not own_cue:
                anchor = _anchor_in_previous(text, known, paras[k - 1], quotes)
                how = "direct_inherited_para"
        if anchor is not None:
            out.append(_inherit(anchor, q, how))
            taken.append((q.start, q.end))
    return out


#: between a leading cue's content and the quote that continues it: the sentence mark (or the
#: one inside a closing quote mark) and the space or paragraph break
_GAP = re.compile(r"[.!?]?\s+")


def _runs_on(text: str, f: Frame, q: Quote) -> bool:
    """``q`` opens the sentence right after the content ``f`` ends its sentence with."""
    gap = text[f.content_end : q.open_at]
    if not _GAP.fullmatch(gap):
        return False
    return gap[0] in ".!?" or text[f.content_end - 2 : f.content_end][:1] in ".!?"


#: a quote that is whole sentences: it ends in a sentence mark (before any inner closing marks)
_WHOLE = re.compile(r"[.!?\u2026][\s'\u2019\u201d\"]*$")
#: a transcript line ("Moderator: ...") or a heading in capitals is no continuation
_LABEL = re.compile(r"^\W*(?:[A-Z][\w.'\u2019-]*\s){0,3}[A-Z][\w.'\u2019-]*:\s")


def _sentences(text: str, q: Quote) -> bool:
    """``q`` holds whole sentences of speech: no label, no heading, nothing unquoted after it
    in its sentence."""
    inner = text[q.start : q.end].strip()
    if _LABEL.match(inner) or inner.upper() == inner:
        return False
    return _WHOLE.search(inner) is not None


def _leading_anchor(
    text: str, q: Quote, frames: list[Frame], paras: list[tuple[int, int]], k: int
) -> Frame | None:
    """The report with a leading cue ("Ms. Vane said the plan had failed.") whose content the
    quote ``q`` in paragraph ``k`` continues: in the same paragraph, or, when ``q`` is the whole
    next paragraph and that paragraph has no cue of its own, at the end of the previous one."""
    lo, hi = paras[k]
    if q.open_at == lo:
        if k == 0 or text[q.outer_end : hi].strip(" .,"):
            return None
        if any(lo <= f.cue_start < hi for f in frames):
            return None
        lo = paras[k - 1][0]
    for f in frames:
        if (
            lo <= f.cue_start
            and f.type != "direct"
            and f.cue_end <= f.content_start
            and f.speaker_head is not None
            and _runs_on(text, f, q)
        ):
            break
    else:
        return None
    if any(g.type == "direct" and lo <= g.content_start < f.cue_start for g in frames):
        return None  # '"…," Trump said, adding that …': the quote goes on the direct quote
    return f


def reports_run_into_quotes(
    text: str,
    quotes: list[Quote],
    frames: list[Frame],
    paras: list[tuple[int, int]],
    candidate,
) -> list[Frame]:
    """A report whose cue leads its content, followed by a quote with no cue of its own, says
    that quote too: "Ms. Vane said the plan had failed. “It is over for all of us.”" is one
    mixed content from "the plan" to the closing mark (the quote sentence, or the next
    paragraph when it is one whole quote). PolNeAR annotates it so; our gold files give every
    quote after a report a cue of its own."""
    taken = [(f.content_start, f.content_end) for f in frames]
    out = list(frames)
    for q, k in _free_quotes(text, quotes, taken, paras, candidate):
        if not _sentences(text, q):
            continue
        anchor = _leading_anchor(text, q, out, paras, k)
        if anchor is None:
            continue
        longer = replace(anchor, content_end=q.outer_end, type="mixed")
        out[out.index(anchor)] = longer
        taken.append((q.start, q.end))
    return out
