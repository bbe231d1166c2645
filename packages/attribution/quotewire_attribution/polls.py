"""Poll results reported through a poll named in an opening phrase: "In a Harbour Gazette poll
released Monday, 61 percent of anglers said the levy was fair." PolNeAR (and the gold
conventions' no-nesting rule) takes such a sentence as one statement of the poll, cue "In",
whose content is the whole result, the share's report included; the share's "said" is part of
it, not a statement of its own."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .bounds import trim_span
from .cues import Lexicon
from .cueverbs import is_cue, negated
from .shapes import share_of_group


def poll_opening(sent: Span, lex: Lexicon) -> tuple[Token, Token, int, int] | None:
    """The opening "In" of ``sent``, the head noun of its poll (``poll_nouns``) and the token
    range of the result after the comma that closes the opening, when the sentence's main verb
    is a cue of speech (not negated) whose subject is a share of a polled group ("61 percent
    of anglers said ...", "nearly half say ...": ``shapes.share_of_group``)."""
    first = sent[0]
    if first.dep_ == "cc" and len(sent) > 1:
        first = sent[1]
    if first.lower_ != "in" or first.dep_ != "prep":
        return None
    noun = next((c for c in first.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lower_ not in lex.lists.poll_nouns:
        return None
    comma = first.right_edge.i + 1
    root = sent.root
    if comma >= sent.end - 2 or sent.doc[comma].text != "," or root.i <= comma:
        return None
    if is_cue(root, lex) is None or negated(root, lex):
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i <= comma or not share_of_group(subj, lex):
        return None
    start, end = trim_span(sent.doc, comma + 1, sent.end)
    return (first, noun, start, end) if end - start >= 3 else None
