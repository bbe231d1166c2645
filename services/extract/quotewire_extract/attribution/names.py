"""Name normalisation: titles off, possessives off, leading articles off."""

from __future__ import annotations

import re

from .cues import Lexicon

_POSSESSIVE = re.compile(r"['\u2019]s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def strip_titles(words: list[str], lex: Lexicon) -> list[str]:
    """Drop leading honorifics/titles ("Dr.", "Gov.", "President") from a name's words."""
    out = list(words)
    while len(out) > 1 and out[0].lower().rstrip(".") in lex.titles:
        out = out[1:]
    return out


def clean_name(text: str, lex: Lexicon) -> str:
    words = [w for w in text.split() if w]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    words = strip_titles(words, lex)
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    return " ".join(w for w in words if w).strip(" ,;:")


def name_key(text: str) -> str:
    return " ".join(_EDGE_PUNCT.sub("", w).lower() for w in text.split() if _EDGE_PUNCT.sub("", w))


def gender_of_name(words: list[str], lex: Lexicon, title_words: list[str] = ()) -> str | None:
    for t in title_words:
        t = t.lower().rstrip(".")
        if t in lex.male_titles:
            return "m"
        if t in lex.female_titles:
            return "f"
    if len(words) >= 2:
        first = words[0].lower()
        if first in lex.male_names and first not in lex.female_names:
            return "m"
        if first in lex.female_names and first not in lex.male_names:
            return "f"
    return None
