"""Speech acts named by a noun: "a warning from the coastguard that the pier is unsafe", "made
the claim that the audit was rigged", "issued a call for a recount".

A noun of the lists ``speech_nouns_that`` / ``speech_nouns_to`` / ``speech_nouns_for``
(``wordlists.toml``, which says what each one's content is) is a cue when it has both

- a content of its own kind: a that-clause with its own subject, an infinitive, or the object of
  "for" (the preposition is the cue's, as in "called for"); a topic ("questions about the
  fund", "attacks on the mayor") is none, and
- a speaker: its "from"/"by" phrase, or the subject of a light verb it is the object of
  ("made the claim that …", "issued a warning that …"; ``speech_light_verbs``). "The claim
  that …" with nobody's name on it is no statement, and neither is a possessive alone ("her
  claim that …") nor a noun some other verb takes ("backed her call for …"): PolNeAR train
  annotates those inconsistently (the rule with possessives: 88 new, 37 exact).

A negated or modal light verb ("did not make the claim") gives nothing, as for verbs.
"""

from __future__ import annotations

from spacy.tokens import Token

from .bounds import cut_at_other_cues, trim_span
from .complements import noun_that_clause
from .cues import Lexicon
from .cueverbs import negated
from .shapes import infinitive_verb
from .subjects import subject_of


def is_speech_noun(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` a noun of one of the speech-noun lists (tagged as a noun)?"""
    return tok.tag_.startswith("NN") and tok.lower_ in lex.speech_nouns


def _light_verb(noun: Token, lex: Lexicon) -> Token | None:
    """The light verb whose object ``noun`` is ("issued a warning"), else None."""
    head = noun.head
    if noun.dep_ == "dobj" and head.i != noun.i and head.lower_ in lex.lists.speech_light_verbs:
        return head
    return None


def _embedded(noun: Token) -> bool:
    """A speech noun that another verb or "to" takes as its object ("supported her call for a
    recount", "objected to his claim that ...") or that heads a verbless sentence: the
    reporter names the act as a topic of someone else's, or the parse is broken."""
    head = noun.head
    if noun.dep_ == "ROOT":
        return True
    if noun.dep_ == "pobj" and head.lower_ == "to":
        return True
    return noun.dep_ == "dobj" and head.i != noun.i


def noun_speaker(noun: Token, lex: Lexicon) -> Token | None:
    """The speaker head of a speech noun: its "from"/"by" phrase, or the subject of the light
    verb it is the object of; None when nobody is named so (or the light verb is negated)."""
    verb = _light_verb(noun, lex)
    if verb is not None:
        return None if negated(verb, lex) else subject_of(verb, lex)
    if _embedded(noun):
        return None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "by") and c.i > noun.i:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _content_head(noun: Token, lex: Lexicon) -> tuple[Token, bool] | None:
    """The head of the noun's content and whether a "for" before it is the cue's."""
    word = noun.lower_
    if word in lex.lists.speech_nouns_that:
        clause = noun_that_clause(noun)
        if clause is not None:
            return clause, False
    if word in lex.lists.speech_nouns_to:
        for c in noun.children:
            if c.dep_ == "acl" and c.i > noun.i and _infinitive_acl(c):
                return c, False
    if word in lex.lists.speech_nouns_for:
        for c in noun.children:
            if (
                c.dep_ == "prep"
                and c.lower_ == "for"
                and c.i == noun.i + 1
                and any(g.dep_ == "pobj" for g in c.children)
            ):
                return c, True
    return None


def _infinitive_acl(c: Token) -> bool:
    """ "a promise [to reopen the pool]": an infinitive without a subject of its own (not "a
    call for the mayor to resign", which the "for" rule reads)."""
    return (
        any(g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children)
        or infinitive_verb(c)
    ) and not any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children)


def noun_content(noun: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """The content (token span) of a speech noun, or None (see the module docstring)."""
    found = _content_head(noun, lex)
    if found is None:
        return None
    head, cue_prep = found
    doc = noun.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if cue_prep:
        start += 1  # "his call for [a recount]": the preposition is the cue's
    end = cut_at_other_cues(doc, start, end, head, lex)
    start, end = trim_span(doc, start, end)
    if end - start < 2:
        return None  # "his call for it": a pronoun alone says nothing
    return start, end, "noun"
