"""Which tokens are cue verbs of a report, and whether the report is negated."""

from __future__ import annotations

from spacy.tokens import Token

from .cues import CueSpec, Lexicon
from .shapes import has_own_subject, premodifier_after_number, quote_between


def particle_of(tok: Token, word: str) -> Token | None:
    """The particle ``word`` of ``tok``: a ``prt`` child, or the adverb right after it ("fired back")."""
    for c in tok.children:
        if c.lower_ == word and (c.dep_ == "prt" or c.dep_ == "advmod" and c.i == tok.i + 1):
            return c
    return None


def is_cue(tok: Token, lex: Lexicon) -> CueSpec | None:
    spec = _phrasal_cue(tok, lex) or lex.cue(tok.lower_)
    if spec is None:
        return None
    if not tok.tag_.startswith("VB") and not predicate_read_as_noun(tok, lex):
        return None
    if spec.particle and particle_of(tok, spec.particle) is None:
        return None
    if not spec.particle and any(
        c.dep_ == "prt"
        and c.lower_ in lex.lists.foreign_particles
        and c.lower_ not in spec.cue_preps  # "called on [officials to act]": the cue's own
        for c in tok.children
    ):
        return None  # "the company wrote down the value of its unit": not speech
    if _all_told(tok) or premodifier_after_number(tok, lex):
        return None  # "All told, ...", "60 pledged delegates were at stake"
    return spec


def _phrasal_cue(tok: Token, lex: Lexicon) -> CueSpec | None:
    """ "called out [the council for its silence]": a verb that is a cue of its own takes the
    entry of its phrasal verb when its particle is there (``Lexicon.phrasal``). ``is_cue`` runs
    on very many tokens: only a form of a phrasal entry has its children read."""
    if tok.lower_ not in lex.phrasal_forms:
        return None
    for c in tok.children:
        spec = lex.phrasal.get((tok.lower_, c.lower_))
        if spec is not None and particle_of(tok, c.lower_) is not None:
            return spec
    return None


def predicate_read_as_noun(tok: Token, lex: Lexicon) -> bool:
    """A cue word the tagger read as a noun or adjective that the parse shows is its clause's
    predicate: "said"/"told" as the root (``never_nouns``), or the root with a reported clause of
    its own ("Novak predicts that the dam will hold" with "predicts" tagged as a plural noun: a
    noun's that-clause hangs on it as ``acl``, never ``ccomp``). A direct object is no such sign
    (a misparsed noun phrase), and a Title Case word the tagger made a proper noun is left to the
    headline rules."""
    if tok.dep_ == "ROOT" and tok.lower_ in lex.lists.never_nouns:
        return True
    return (
        tok.tag_ in ("NN", "NNS", "JJ")
        and tok.dep_ == "ROOT"
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def _all_told(tok: Token) -> bool:
    """ "All told, the works cost $2 million": the idiom (in sum), no speaker "all" telling
    anyone; a bare "all" opening its clause right before "told" ("They all told me ..." keeps
    its subject)."""
    if tok.lower_ != "told" or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    if prev.lower_ != "all" or any(True for _ in prev.children):
        return False
    return prev.i == prev.sent.start or prev.nbor(-1).is_punct


def is_according(tok: Token, lex: Lexicon) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in lex.according and nxt is not None and nxt.lower_ == "to"


#: the dependencies of a negation or a modal (a cheap test before :func:`negates_or_modalises`)
_NEG_OR_AUX = frozenset({"neg", "advmod", "aux"})


def negates_or_modalises(c: Token, verb: Token, lex: Lexicon) -> bool:
    """Is ``c``, a child of ``verb``, a negation ("not", "never") or a modal auxiliary
    ("would", "might") of it? Not one that stands inside a quote before the verb ("'Not over
    yet', the bank warns"; '"There should be ...," the mayor replied': the quote's words)."""
    negation = c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in lex.negators)
    modal = c.dep_ == "aux" and c.lower_ in lex.modals
    return (negation or modal) and not quote_between(c, verb)


def negated(cue: Token, lex: Lexicon) -> bool:
    """ "has not said", "would say", "declined to say", "did not say whether"."""
    for c in cue.children:
        if c.dep_ in _NEG_OR_AUX and negates_or_modalises(c, cue, lex):
            return True
        # "unless management agreed to ...", "if the minister says so": hypothetical speech
        if (
            c.dep_ == "mark"
            and c.lower_ in lex.lists.hypothetical_marks
            and c.i < cue.i
            and not quote_between(c, cue)  # '"Whether we agree or not ...," Ruiz said'
        ):
            return True
    if _negative_object(cue, lex) or _negative_subject(cue, lex):
        return True
    head = cue.head
    if cue.dep_ in ("xcomp", "ccomp") and head.lower_ in lex.negating_heads:
        return True
    if cue.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children):
        return True
    # "X did not say whether ..., but a spokesperson said ...": a conjunct with its own
    # subject does not inherit the negation; nor does a report coordinated with another act
    # ("has not released the name and said ...": only "did not confirm or deny" shares it)
    return (
        cue.dep_ == "conj"
        and head.i != cue.i
        and any(c.dep_ == "neg" for c in head.children)
        and not has_own_subject(cue)
        and not _contrasted(head, cue)
        and (
            lex.cue(head.lower_) is not None
            or any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in cue.lefts)
        )
    )


def _contrasted(head: Token, cue: Token) -> bool:
    """ "did not name the buyer but said ...", "did not mention him but did note that ...": a
    conjunct after "but"/"yet", or with an auxiliary of its own, is asserted, not negated."""
    return any(
        c.dep_ == "cc" and c.lower_ in ("but", "yet") and head.i < c.i < cue.i
        for c in (*head.children, *cue.children)
    ) or any(c.dep_ == "aux" and c.lower_ in ("did", "does", "do") for c in cue.children)


def _negative_object(cue: Token, lex: Lexicon) -> bool:
    """ "The council asked for nothing", "She told no one that ...": a negative object of the
    cue (or of the particle right after it) says the act did not happen; not an emphatic one
    ("called for nothing less than a strike") nor a quoted one ('"Nothing," he said')."""
    objs = [c for c in cue.rights if c.dep_ in ("dobj", "dative")]
    objs += [
        g
        for c in cue.rights
        if c.dep_ == "prep" and c.i == cue.i + 1
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for obj in objs:
        negative = obj.lower_ in lex.lists.negative_objects or any(
            d.dep_ == "det" and d.lower_ == "no" for d in obj.lefts
        )
        if (
            negative
            and not any(r.lower_ in lex.lists.emphatic_after_negative for r in obj.rights)
            and not quote_between(cue, obj)
        ):
            return True
    return False


def _negative_subject(cue: Token, lex: Lexicon) -> bool:
    """A subject that says no one spoke: "Nobody said ...", "Neither club has said whether
    ...", "No official said ...", and a subject opened by "not" with "one"/"single" ("Not one
    official said ...", "Not a single councillor said ..."; "Not all members said ..." still
    reports). Not a quote's word ('"Nobody ... ," Lopes said')."""
    for subj in cue.children:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        # the word tests first, the walk for a quote mark between only when one holds
        if _negative_subject_words(subj, cue, lex) and not quote_between(subj, cue):
            return True
    return False


def _negative_subject_words(subj: Token, cue: Token, lex: Lexicon) -> bool:
    """The words of a negative subject (see :func:`_negative_subject`), quotes aside."""
    if subj.dep_ == "nsubj" and subj.lower_ in lex.lists.negative_subjects:
        return True
    if any(d.dep_ == "det" and d.lower_ in lex.lists.negative_determiners for d in subj.children):
        return True
    if subj.i > cue.i:
        return False
    words = subj.subtree  # its first word, and the rest only after a "not"
    first = next(words)
    return (
        first.lower_ == "not"
        and first.dep_ in ("neg", "advmod", "preconj")
        and any(w.lower_ in lex.lists.not_one_subject_words for w in words)
    )
