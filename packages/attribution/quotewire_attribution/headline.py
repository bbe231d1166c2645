"""Title Case headlines: "Minister Warns Of Cuts To Rural Schools".

The tagger reads every capitalised word of a Title Case headline as a proper noun, so the
cue verb is never a verb. Before parsing, the headline's capitalised cue words and
function words ("Warns", "Of", "To") are lower-cased, letter for letter (every offset stays
valid; the statements are cut from the text as given, capitals and all). Names keep their
capitals: only words in the cue lexicon or the ``title_case_lower`` word list change.
"""

from __future__ import annotations

import re

from .cues import Lexicon

_WORD = re.compile(r"[A-Za-z][a-z']*")
_CAPITALISED = re.compile(r"[A-Z][a-z']+")
#: at least this share of the headline's words capitalised makes it Title Case
TITLE_CASE_SHARE = 0.7


def _headline(text: str) -> tuple[int, int] | None:
    m = re.search(r"\S", text)
    if m is None:
        return None
    end = text.find("\n", m.start())
    return m.start(), len(text) if end < 0 else end


def is_title_case(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


def lower_headline_cues(text: str, lex: Lexicon) -> str:
    """``text`` with the cue and function words of a Title Case headline lower-cased (same length)."""
    span = _headline(text)
    if span is None or not is_title_case(text[span[0] : span[1]]):
        return text
    lo, hi = span
    lower = lex.lists.title_case_lower
    out = []
    pos = lo
    for m in _CAPITALISED.finditer(text, lo, hi):
        w = m.group().lower()
        if m.start() > lo and (w in lex.cues or w in lower):
            out.append(text[pos : m.start()])
            out.append(w)
            pos = m.end()
    if not out:
        return text
    return text[:lo] + "".join(out) + text[pos:]
