"""Name normalisation: titles off, possessives off, leading articles off."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from .cues import Lexicon
from .gender import prior

_POSSESSIVE = re.compile(r"['\u2019]s?$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def strip_titles(words: list[str], lex: Lexicon) -> list[str]:
    """Drop leading honorifics/titles ("Dr.", "Gov.", "President") from a name's words."""
    out = list(words)
    while len(out) > 1 and out[0].lower().rstrip(".") in lex.titles:
        out = out[1:]
    return out


#: Names remembered per lexicon by :func:`clean_name` before its memo is emptied.
CLEAN_NAMES_MEMO = 1 << 16


def clean_name(text: str, lex: Lexicon) -> str:
    """A name without a leading article, titles or a possessive ("the Gov. Hale's" -> "Hale"),
    remembered per lexicon (``Lexicon.clean_names``)."""
    memo = lex.clean_names
    name = memo.get(text)
    if name is None:
        if len(memo) >= CLEAN_NAMES_MEMO:
            memo.clear()
        name = memo[text] = _clean_name(text, lex)
    return name


def _clean_name(text: str, lex: Lexicon) -> str:
    words = [w for w in text.split() if w]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    words = strip_titles(words, lex)
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    return " ".join(w for w in words if w).strip(" ,;:")


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same few names very often
def name_key(text: str) -> str:
    return " ".join(k.lower() for w in text.split() if (k := _EDGE_PUNCT.sub("", w)))


#: A romanised given name of two syllables joined by a hyphen, the second lower-case
#: ("Ji-woo", "Seo-yeon", "Xiao-ming"): the name it ends is written family name first.
_HYPHENED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


def family_name_key(name: str) -> str:
    """The family name of a person's name, as a key: its last word ("Ngaire Whitcombe-Ardley"
    -> "whitcombe-ardley"), but the first of a two-word name written family name first, whose
    last word is a hyphenated given name with a lower-case second syllable ("Han Seo-yeon" ->
    "han"), so that "Han" alone is that person."""
    words = name.split()
    if len(words) == 2 and _HYPHENED_GIVEN.match(words[1]):
        return name_key(words[0])
    return name_key(words[-1]) if words else ""


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


def name_prior(words: list[str], lex: Lexicon) -> str | None:
    """The weak gender prior of a full name ("Bronwen Ashdown-Price" -> "f") from its given
    name in the published name data; None for one-word names (a surname tells nothing)."""
    if len(words) < 2:
        return None
    return prior(words[0], lex.name_genders)


def misread_given_name(doc, i: int) -> bool:
    """ "officer Per Holm": a capitalised word in mid-sentence that the tagger read as a
    preposition/verb/modal right before a proper noun is the first name ("Per", "Will", "May")."""
    if i < 0 or i + 1 >= len(doc):
        return False
    t, nxt = doc[i], doc[i + 1]
    if t.is_sent_start or i == 0 or not t.is_alpha or not t.text[:1].isupper() or t.text.isupper():
        return False
    if t.tag_ in ("NNP", "NNPS", "DT", "PRP", "PRP$", "CC") or doc[i - 1].text in (
        ".",
        ":",
        '"',
        "\u201c",
        "\n",
    ):
        return False
    return nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper()


def _given_syllable(before: Token, nxt: Token) -> bool:
    """ "Seo" + "-" + "yeon": a short capitalised syllable, then a short lower-case one the
    tagger read as part of a name (not "Johnson-led", whose second part is a verb)."""
    return (
        before.text[:1].isupper()
        and len(before.text) <= 4
        and nxt.text.islower()
        and len(nxt.text) <= 5
        and nxt.tag_ in ("NNP", "NNPS")
    )


def hyphen_end(doc, end: int) -> int:
    """End of a name whose entity stops before a hyphenated second part: "Ngaire Whitcombe"
    + "-Ardley" (no spaces around the hyphen, a capitalised word after it), or a romanised
    given name's lower-case second syllable read as a proper noun: "Han Seo" + "-yeon"."""
    while end + 1 < len(doc) and end > 0:
        t, nxt = doc[end], doc[end + 1]
        if (
            t.text in ("-", "\u2010")
            and not doc[end - 1].whitespace_
            and not t.whitespace_
            and nxt.is_alpha
            and (nxt.text[:1].isupper() or _given_syllable(doc[end - 1], nxt))
        ):
            end += 2
            continue
        break
    return end
