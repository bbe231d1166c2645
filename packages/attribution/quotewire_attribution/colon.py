"""Speaker-colon statements: "Senator Ruiz: 'We will not back down'" (headlines), "HOLT:
Honestly, I ..." (transcripts), "Insiders: the mayor will rebound".

A line that opens with a short name, a colon and at least two words of content: the name
is the speaker, the colon the cue, the rest of the line the content. The name must look
like a speaker: a person or organisation entity, an all-capital transcript name, a
one-letter interview label ("Q"), or a group or anonymous-source noun ("Insiders",
"Experts"); a topic ("Brexit: what happens next") is none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .cues import Lexicon
from .direct import token_at
from .quotes import Quote, paragraphs

#: up to six name words (joined by "of", "the", "and", "for"), a colon, content
LINE = re.compile(
    r"(?P<speaker>[A-Z][\w.'\u2019&-]*(?:[ \t]+(?:[A-Z][\w.'\u2019&-]*|of|the|and|for|de|van|von)){0,5})"
    r"[ \t]*:[ \t]+(?P<content>\S[^\n]*)"
)
_DOUBLE = frozenset('"\u201c\u201d\u00ab\u00bb\u201e')


def speaker_line(text: str) -> bool:
    """Does ``text`` (a sentence or line) open with "Name: ..."? (the fast path keeps it)."""
    return LINE.match(text.lstrip()) is not None


def _looks_like_speaker(doc: Doc, s: int, e: int, lex: Lexicon) -> Token | None:
    """The head token of the name ``doc[s:e]`` when it can be a speaker, else None."""
    toks = [t for t in doc[s:e] if not t.is_punct]
    if not toks or toks[0].lower_ in lex.lists.colon_non_speakers:
        return None
    head = toks[-1]
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in toks):
        return head
    text = doc[s:e].text
    if (
        len(text) == 1
        or text.isupper()
        and len(text) > 2
        and toks[0].lower_ not in lex.lists.colon_non_speakers
    ):
        return head  # "Q", "HOLT"
    if (
        head.lower_ in lex.group_nouns | lex.anonymous_nouns
        or head.lower_.rstrip(".") in lex.titles
    ):
        return head
    return None


def _content(text: str, c0: int, c1: int, quotes: list[Quote]) -> tuple[int, int, str]:
    """The content span and its type: a line that is one double quote is direct (its inside)."""
    while c1 > c0 and text[c1 - 1] in " \t.":
        c1 -= 1
    inner = [
        q
        for q in quotes
        if c0 <= q.open_at and q.outer_end <= c1 + 1 and text[q.open_at] in _DOUBLE
    ]
    if len(inner) == 1 and inner[0].open_at == c0 and inner[0].outer_end >= c1:
        return inner[0].start, inner[0].end, "direct"
    return c0, c1, "mixed" if inner else "indirect"


def colon_statements(
    doc: Doc, lex: Lexicon, quotes: list[Quote]
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    """(speaker head, colon offset, (content start, content end, type)) per speaker line."""
    text = doc.text
    for lo, hi in paragraphs(text):
        m = LINE.match(text, lo, hi)
        if m is None or len(m.group("content").split()) < 2:
            continue
        s, e = token_at(doc, m.start("speaker")), token_at(doc, m.end("speaker"))
        if s is None or e is None or e <= s:
            continue
        head = _looks_like_speaker(doc, s, e, lex)
        if head is None:
            continue
        colon = text.index(":", m.end("speaker"))
        yield head, colon, _content(text, m.start("content"), min(m.end("content"), hi), quotes)
