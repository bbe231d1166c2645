"""Quote-mark scanning over plain text.

Finds quoted stretches with straight, curly and guillemet marks. Nested single quotes
inside a double-quoted stretch stay part of it. A quote left open at the end of a
paragraph continues only when the next paragraph opens with a quote mark (the
multi-paragraph convention); otherwise it is closed at the paragraph end and flagged
``unbalanced`` so it never swallows the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

DOUBLE_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
DOUBLE_CLOSE = {"\u201d", "\u00bb"}
SINGLE_OPEN = {"\u2018": "\u2019", "\u2039": "\u203a"}
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
QUOTE_CHARS = set("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a\u201e")

_PARA_RE = re.compile(r"\n\s*\n")
_SINGLE_OPEN = re.compile("[\u2018']")
#: every character :func:`_double_marks` looks at (the others are skipped by the regex)
_DOUBLE_MARK = re.compile(
    "''|["
    + re.escape("".join(sorted({"\u201c", "\u00ab", "\u201e", *DOUBLE_CLOSE, STRAIGHT_DOUBLE})))
    + "]"
)
#: two straight apostrophes typed for a double quote mark (''Yes,'' she said.)
APOSTROPHE_PAIR = "''"


def mark_width(text: str, i: int) -> int:
    """Characters of the quote mark at ``i``: 2 for an apostrophe pair, else 1."""
    return 2 if text.startswith(APOSTROPHE_PAIR, i) else 1


@dataclass(frozen=True)
class Quote:
    """A quoted stretch: ``open_at``/``close_at`` are the mark positions (close_at may be None)."""

    start: int  # first content char (after the opening mark)
    end: int  # content end (position of the closing mark, exclusive)
    open_at: int
    close_at: int | None
    single: bool = False
    unbalanced: bool = False
    paragraphs: int = 1
    close_width: int = 1  # 2 for a closing pair of apostrophes ('' as a double mark)

    @property
    def outer_end(self) -> int:
        return self.close_at + self.close_width if self.close_at is not None else self.end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of paragraphs (separated by blank lines; single newlines too)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n+", text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


#: the blank line that ends a block of lines
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def block_end(text: str, start: int) -> int:
    """Where the block of lines opening at ``start`` ends: at the next blank line (a block
    quotation's lines may be broken by single newlines)."""
    m = _BLANK_LINE.search(text, start)
    return m.start() if m else len(text.rstrip())


def opens_block_quotation(text: str, lo: int) -> bool:
    """Can the line opening at ``lo``, after a line that ends in a colon ("Lund wrote:"), be a
    block quotation set off without marks? It opens with a word or an ellipsis ("... and the
    sea came in"), not a quote mark (the direct quote's own paragraph), an embedded post
    ("<tweet") or a list item with a mark ("- ...", "* ...")."""
    return text[lo] not in QUOTE_CHARS and (
        text[lo].isalnum() or text[lo] == "\u2026" or text.startswith("...", lo)
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    """Is the straight mark at ``i`` an opening one (judged by its neighbours)?"""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if after.isspace():
        return False
    return before.isspace() or before in "([{—–-/:;,\u2014" or i == lo or before in QUOTE_CHARS


def _closes(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isspace():
        return False
    return not _is_word(after)


def _pair_kind(text: str, i: int, lo: int, hi: int) -> str:
    """Open or close for the apostrophe pair at ``i``, judged like a straight double mark by
    the characters around the pair."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 2] if i + 2 < hi else " "
    if not after.isspace() and (before.isspace() or before in "([{\u2014\u2013-/:;," or i == lo):
        return "open"
    if not before.isspace() and not _is_word(after):
        return "close"
    return "either"


def _closes_like_straight(text: str, i: int, lo: int, hi: int) -> bool:
    """An opening curly mark after the end of a word or sentence and before a space or the
    paragraph end ('problems,\u201c said'; 'out of balance.\u201c') closes the quote."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return before in ",.!?" and (after.isspace() or after in ",.;:)")


def _closes_nested(text: str, i: int, lo: int, hi: int) -> bool:
    """Three apostrophes after a word or punctuation (''I call it 'the pit,''' said Ada Hale):
    the nested single quote closes, then the pair closes the double-quoted stretch."""
    return i + 2 < hi and text.startswith("'''", i) and i > lo and not text[i - 1].isspace()


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Double-quote marks in a paragraph as (position, 'open'|'close')."""
    marks: list[tuple[int, str]] = []
    for m in _DOUBLE_MARK.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        if ch == "\u201c" and _closes_like_straight(text, i, lo, hi):
            marks.append((i, "close"))  # 'problems,\u201c said Tom Hale': a typo for \u201d
        elif ch in ("\u201c", "\u00ab", "\u201e"):
            marks.append((i, "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif ch == "'" and _closes_nested(text, i, lo, hi):
            marks.append((i + 1, "close"))  # "... 'the pit,''' said": the pair after the single
        elif ch == "'":
            marks.append((i, _pair_kind(text, i, lo, hi)))
        elif ch == STRAIGHT_DOUBLE:
            if _opens(text, i, lo, hi):
                marks.append((i, "open"))
            elif _closes(text, i, lo, hi):
                marks.append((i, "close"))
            else:
                marks.append((i, "either"))
    return marks


def _inside_guillemets(text: str, marks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the marks of a quote nested in a guillemet quote.

    Handles the European convention of guillemets outside and curly or straight marks inside
    («My aunt used to say, “Never lend a boat,” and she was right,» he said): between an
    opening « and the next » of the same paragraph every other double mark belongs to the
    inner quote, so the outer quote is the one found. A « with no » after it keeps its marks.
    """
    kept: list[tuple[int, str]] = []
    k = 0
    while k < len(marks):
        pos = marks[k][0]
        kept.append(marks[k])
        k += 1
        if text[pos] != "\u00ab":
            continue
        close = next((j for j in range(k, len(marks)) if text[marks[j][0]] in "\u00ab\u00bb"), None)
        if close is not None and text[marks[close][0]] == "\u00bb":
            k = close  # the inner marks are skipped; the closing guillemet is kept next
    return kept


def _single_quotes(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[Quote]:
    """Top-level single-quoted stretches (used as primary marks, e.g. in headlines).

    ``taken``: the double-quoted stretches, sorted and disjoint. Only the mark positions
    are visited (one regex pass per paragraph, a binary search into ``taken`` each).
    """
    found: list[Quote] = []
    taken = sorted(taken)
    starts = [s for s, _ in taken]
    i = lo  # marks before i are consumed by a quote already found
    for m in _SINGLE_OPEN.finditer(text, lo, hi):
        k = m.start()
        if k < i:
            continue
        t = bisect_right(starts, k) - 1
        if t >= 0 and taken[t][0] <= k < taken[t][1]:
            continue
        if not _opens(text, k, lo, hi):
            continue
        closer = "\u2019" if text[k] == "\u2018" else STRAIGHT_SINGLE
        j = text.find(closer, k + 2, hi)
        while j != -1 and not _closes(text, j, lo, hi):
            j = text.find(closer, j + 1, hi)
        if j != -1:
            found.append(Quote(k + 1, j, k, j, single=True))
            i = j + 1
    return found


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotes of ``text`` in order; never raises."""
    quotes: list[Quote] = []
    paras = paragraphs(text)
    open_at: int | None = None  # an opening mark still waiting for its close
    open_paras = 0
    open_lo = 0  # the start of the paragraph the open quote began in
    for idx, (lo, hi) in enumerate(paras):
        marks = _inside_guillemets(text, _double_marks(text, lo, hi))
        if open_at is not None:
            # continuing a multi-paragraph quote: this paragraph must open with a mark
            first = marks[0] if marks else None
            if first is None or first[0] != lo or first[1] == "close":
                quotes.append(_unbalanced(text, open_at, paras[idx - 1][1], open_paras))
                open_at = None
            elif text[open_lo:open_at].strip() and _closes_before_a_cue(text, marks, hi):
                # 'She said: "A.' then '"B," she added.': a quote whose paragraph gave it a cue
                # ends there when the next quote closes before a trailing cue of its own
                quotes.append(_unbalanced(text, open_at, paras[idx - 1][1], open_paras))
                open_at = None
            else:
                marks = marks[1:]
                open_paras += 1
        for pos, kind in marks:
            if open_at is None:
                if kind in ("open", "either"):
                    open_at, open_lo = pos, lo
                    open_paras = 1
                # a stray closing mark is ignored
            else:
                if kind in ("close", "either"):
                    start = open_at + mark_width(text, open_at)
                    if pos > start:
                        quotes.append(
                            Quote(
                                start,
                                pos,
                                open_at,
                                pos,
                                paragraphs=open_paras,
                                close_width=mark_width(text, pos),
                            )
                        )
                    open_at = None
                else:
                    # two opening marks in a row: the first was stray
                    open_at, open_lo = pos, lo
                    open_paras = 1
        if open_at is not None:
            nxt = paras[idx + 1] if idx + 1 < len(paras) else None
            continues = (
                nxt is not None
                and (
                    text[nxt[0]] in ('"', "\u201c", "\u00ab", "\u201e")
                    or text.startswith(APOSTROPHE_PAIR, nxt[0])
                )
                and not _opens_a_fragment(text, open_at)
            )
            if not continues:
                quotes.append(_unbalanced(text, open_at, hi, open_paras))
                open_at = None
    taken = [(q.open_at, q.outer_end) for q in quotes]
    for lo, hi in paras:
        quotes.extend(_single_quotes(text, lo, hi, taken))
    quotes.sort(key=lambda q: q.start)
    return [q for q in quotes if text[q.start : q.end].strip()]


#: a quote closing on a comma (or a question or exclamation mark) before lower-case words or a
#: name in its paragraph: the split quote's trailing cue ('," he said', '?" asked Tom Hale')
_CUE_AFTER_CLOSE = re.compile(r"\s+[\w\u2019'-]+(?:\s+[\w\u2019'.-]+){0,5}[.,:]?(?:\s|$)")


def _closes_before_a_cue(text: str, marks: list[tuple[int, str]], hi: int) -> bool:
    """The quote opening the paragraph ``marks`` belong to closes before a trailing cue."""
    if len(marks) < 2 or marks[1][1] == "open":
        return False
    close = marks[1][0]
    before = text[close - 1 : close]
    after = text[close + mark_width(text, close) : hi]
    if before not in ",?!" or not _CUE_AFTER_CLOSE.match(after):
        return False
    return before == "," or after.lstrip()[:1].islower()


def _opens_a_fragment(text: str, open_at: int) -> bool:
    """'is \u201creally a vague position.' left open: a quote opening in lower case is a fragment
    inside a sentence, never the start of a multi-paragraph quote."""
    k = open_at + mark_width(text, open_at)
    return k < len(text) and text[k].islower()


def _unbalanced(text: str, open_at: int, para_end: int, n_paras: int) -> Quote:
    start = open_at + mark_width(text, open_at)
    end = para_end
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(start, max(end, start + 1), open_at, None, unbalanced=True, paragraphs=n_paras)


def has_quote_mark(text: str) -> bool:
    return any(ch in QUOTE_CHARS and ch not in ("'", "\u2019") for ch in text)


def typed_content(
    text: str, cspan: tuple[int, int], quotes: list[Quote]
) -> tuple[str, tuple[int, int]]:
    """The type of a reported content and its span (a quote it ends in runs to its mark)."""
    qtype = "indirect"
    for q in quotes:
        if cspan[0] <= q.open_at and q.start < cspan[1]:
            qtype = "mixed"
            if q.outer_end > cspan[1] and q.open_at < cspan[1]:
                cspan = (cspan[0], q.outer_end)
    for q in quotes:  # the content is one quote: 'which the mayor called "non-negotiable."'
        if (
            q.close_at is not None
            and q.open_at <= cspan[0] <= q.start
            and cspan[1] <= q.outer_end
            and not text[cspan[1] : q.end].strip(" .,;:!?")
        ):
            qtype, cspan = "direct", (q.start, q.end)
    return qtype, cspan
