"""Small predicates over the dependency parse that the reporting-frame rules share."""

from __future__ import annotations

from spacy.tokens import Token

from .cues import Lexicon

QUOTE_TAGS = {"``", "''"}
#: Dashes that set a phrase off ("the fare — a promise ...", "KINGSTON — ...").
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
#: Tags of a tensed verb: past, present third person, present other.
TENSED_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: Tags of a finite verb or modal.
FINITE_TAGS = TENSED_TAGS | {"MD"}
#: Tags of a word that names nothing of itself: a pronoun, a relative or wh-word, a
#: demonstrative, an existential "there" ("Mayor Announces It", "which was reported by ...").
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT", "DT", "EX"})


def quote_between(a: Token, b: Token) -> bool:
    """A quote mark between two tokens: "Nobody ... ," Lopes said (the quote's word is no subject)."""
    lo, hi = sorted((a.i, b.i))
    return any(
        t.tag_ in QUOTE_TAGS or t.text in ('"', "\u201d", "\u00bb") for t in a.doc[lo + 1 : hi]
    )


def mark_before_cue(cue: Token) -> Token:
    """The token that closes what stands before ``cue``, past the cue's own adverbs and a closing
    quote mark (", then says ...", ", also said ...", 'the "gold standard," says ...')."""
    doc = cue.doc
    k = cue.i - 1
    while k > cue.sent.start and (
        doc[k].tag_ == "''" or doc[k].dep_ == "advmod" and doc[k].head.i == cue.i
    ):
        k -= 1
    return doc[max(k, 0)]


def statement_or_medium(noun: Token, lex: Lexicon) -> bool:
    """A noun for what carries words: the lexicon's statement nouns and medium nouns."""
    return noun.lower_ in lex.statement_nouns or noun.lower_ in lex.lists.medium_nouns


def that_clause(tok: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in tok.children)


def has_own_subject(tok: Token) -> bool:
    """Has ``tok`` a subject (active or passive) among its own children?"""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


TIME_ENTS = frozenset({"DATE", "TIME"})


def to_infinitive(v: Token) -> bool:
    """Is ``v`` the verb of a to-infinitive ("to widen"): has it the aux "to"?"""
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in v.children)


def infinitive_verb(c: Token) -> bool:
    """A to-infinitive that is a verb's complement or adverbial clause ("vowed [to appeal]")."""
    return c.dep_ in ("xcomp", "ccomp", "advcl") and to_infinitive(c)


def premodifier_after_number(verb: Token, lex: Lexicon) -> bool:
    """ "60 pledged delegates were at stake", "the party's 212 pledged delegates": a past form
    between a number and a bare plural noun is the noun's premodifier, however the parser read
    it (a verb with the number as its subject and the noun phrase as a clause of its own). A
    finite "said"/"told" (``never_nouns``) is never one: "About 40 said protesters were hurt"."""
    doc = verb.doc
    if verb.tag_ not in ("VBD", "VBN") or verb.i == 0 or verb.i + 1 >= len(doc):
        return False
    if verb.lower_ in lex.lists.never_nouns:
        return False
    return doc[verb.i - 1].tag_ == "CD" and doc[verb.i + 1].tag_ == "NNS"


def comparison_clause(t: Token) -> bool:
    """ "was not as old as the guide claimed", "raised nearly as much money as the mayor
    promised", "were not as rowdy as he suggested": an "as" clause under an adjective or
    adverb, or after an "as" adverb of its head's phrase with no comma between, completes a
    comparison; it is not the speaker's parenthetical "as she said"."""
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
        return False
    if t.head.tag_.startswith(("JJ", "RB")):
        return True
    doc, first = t.doc, t.left_edge.i
    if first == 0 or doc[first - 1].text == ",":
        return False
    return any(
        w.lower_ == "as" and w.dep_ == "advmod" and w.head.tag_.startswith(("JJ", "RB"))
        for w in doc[t.head.left_edge.i : first]
    )


def is_passive(c: Token) -> bool:
    return any(g.dep_ == "auxpass" for g in c.children)


def share_of_group(subj: Token, lex: Lexicon, *, counted: bool = True) -> bool:
    """Is ``subj`` a share of a group: a number or a percentage ("47 percent", "160", "61%",
    "six in 10 riders") or a word of ``share_words`` ("nearly half", "a majority of members")?
    With ``counted`` a counted group is one too ("five riders"); without it, only a share of
    ten or a hundred is."""
    if figure(subj) or subj.tag_ == "CD" or subj.lower_ in lex.lists.share_words:
        return True
    numbers = [
        c
        for c in subj.children
        if c.dep_ in ("nummod", "quantmod") and (c.tag_ == "CD" or figure(c))
    ]
    return any(counted or any(g.lower_ == "in" for g in n.children) for n in numbers)


def figure(t: Token) -> bool:
    """A number or a percentage ("61", "percent", "70%-22%")."""
    return t.like_num or "%" in t.text or t.lower_ in ("percent", "per")
