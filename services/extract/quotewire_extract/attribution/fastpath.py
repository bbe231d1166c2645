"""The fast path: decide, from plain text, which sentences are worth parsing.

A tokenize-free prefilter: sentences holding a quote mark, a cue word or "according to"
are kept (with the sentence before when they refer back with a pronoun or a
descriptor); everything else is skipped by the statistical pipeline. Names that appear
only in skipped text are collected so "Okafor" can still resolve to "Daniel Okafor".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import Lexicon
from .quotes import paragraphs

_SENT_SPLIT = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F'\u2019-]+")
_NAME = re.compile(r"\b([A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'-]+){1,3})")
_BACKREF = re.compile(r"\b(he|she|it|they|his|her|its|their|the)\b", re.IGNORECASE)
_DOUBLE_MARKS = set('"\u201c\u201d\u00ab\u00bb\u201e')


@dataclass(frozen=True)
class Selection:
    text: str  # the sub-text handed to spaCy
    pieces: tuple[tuple[int, int, int], ...]  # (sub_start, orig_start, length)
    known_names: tuple[str, ...]

    def to_original(self, pos: int, is_end: bool = False) -> int:
        """Map an offset of ``text`` back into the original article text."""
        for sub_start, orig_start, length in self.pieces:
            if sub_start <= pos < sub_start + length or (is_end and pos == sub_start + length):
                return orig_start + (pos - sub_start)
        return -1


_ABBREV = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "st", "jr", "sr", "prof", "gen", "col",
           "lt", "sgt", "capt", "rev", "no", "vs", "inc", "corp", "ltd", "co", "mt", "ft", "u.s",
           "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
           "a.m", "p.m", "approx", "dept", "est", "fig"}


def sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Rough sentence ranges of ``text[lo:hi]`` (abbreviations such as "Mr." do not split)."""
    out = []
    pos = lo
    for m in _SENT_SPLIT.finditer(text, lo, hi):
        word = text[max(lo, m.start() - 6) : m.start()].split()[-1:] if m.start() > lo else []
        w = word[0].lower().rstrip(".").lstrip("(\"'") if word else ""
        if w in _ABBREV or (len(w) == 1 and w.isalpha()):
            continue
        j = m.start()
        while j < m.end() and not text[j].isspace():
            j += 1
        out.append((pos, j))
        pos = m.end()
    if pos < hi:
        out.append((pos, hi))
    return out


def _interesting(s: str, lex: Lexicon) -> bool:
    if any(ch in _DOUBLE_MARKS or ch in "\u2018" for ch in s):
        return True
    words = lex.prefilter_words
    return any(w.lower() in words for w in _WORD.findall(s))


def select(text: str, lex: Lexicon) -> Selection:
    """Candidate sentences of ``text`` joined into one sub-text with an offset map."""
    keep: list[tuple[int, int]] = []
    skipped: list[tuple[int, int]] = []
    sents = [span for lo, hi in paragraphs(text) for span in sentences(text, lo, hi)]
    flags = [_interesting(text[s:e], lex) for s, e in sents]
    wanted = list(flags)
    for k, (s, e) in enumerate(sents):
        # a pronoun or descriptor refers back: parse the sentence before as well
        if flags[k] and k > 0 and not flags[k - 1] and _BACKREF.search(text[s:e]):
            wanted[k - 1] = True
    for k, span in enumerate(sents):
        (keep if wanted[k] else skipped).append(span)
    # the headline is always kept: it anchors names and may be an attribution itself
    keep.sort()
    # merge spans that are adjacent in the original (only whitespace between)
    merged: list[list[int]] = []
    for s, e in keep:
        if merged and not text[merged[-1][1] : s].strip() and "\n" not in text[merged[-1][1] : s]:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0
    for s, e in merged:
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(text[s:e])
        pieces.append((pos, s, e - s))
        pos += e - s
    names: list[str] = []
    for s, e in skipped:
        for m in _NAME.finditer(text, s, e):
            cand = m.group(1)
            first = cand.split()[0].lower().rstrip(".")
            if first in lex.male_names or first in lex.female_names or first in lex.titles:
                names.append(cand)
    return Selection("".join(parts), tuple(pieces), tuple(names))


def full(text: str) -> Selection:
    return Selection(text, ((0, 0, len(text)),), ())
