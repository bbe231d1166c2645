"""The reported clause of a cue verb: its content span and kind."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .bounds import (
    before_compared_share,
    before_share_figures,
    colon_elaboration,
    cut_at_other_cues,
    dashed_concession,
    trim_span,
)
from .complements import (
    clause_after_object,
    complement_content,
    finite_without_subject,
    medium_clauses,
    object_clauses,
    parenthetical_content,
)
from .conjuncts import (
    content_adverbials,
    coordinated_content,
    cue_form_conjunct,
    finite_after_infinitive,
    infinitive_list_end,
    narration_conjunct,
    refusal_conjunct,
    share_conjunct,
    unshifted_conjunct,
)
from .cues import CueSpec, Lexicon
from .doctext import tokens_text
from .headline import headline_object, headline_rest
from .openings import (
    clause_follows,
    clause_in_adjunct,
    interposed_content,
    interrupted_subject,
    trailing_cue_content,
)
from .shapes import (
    DASHES,
    FINITE_TAGS,
    TENSED_TAGS,
    TIME_ENTS,
    has_own_subject,
    mark_before_cue,
    that_clause,
)


def clause_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """Token range of the reported content of ``cue`` and how it was found.

    In order: the clausal complements the parser hung on the cue (here; a subjectless one
    through ``_subjectless_ccomp_content``); failing those, the other ways a reported clause
    attaches (``_content_without_ccomp``); then the span of the clause found
    (``_clause_span``)."""
    if spec.direct_only:  # only with a complement ("asked whether ...", "accused X of ...")
        return complement_content(cue, spec, lex) or headline_rest(cue, lex)
    comps = [c for c in cue.children if c.dep_ == "ccomp" and not clause_after_object(cue, c, spec)]
    if len(comps) > 1 and _right_clauses_report(cue, comps):
        comps = [c for c in comps if c.i > cue.i]
    if not comps:
        return _content_without_ccomp(cue, spec, lex)
    if all(c.i > cue.i and finite_without_subject(c) for c in comps) and not any(
        that_clause(c) for c in comps
    ):
        return _subjectless_ccomp_content(cue, comps[0], spec, lex)
    return _clause_span(cue, comps, "ccomp", spec, lex)


def _subjectless_ccomp_content(
    cue: Token, comp: Token, spec: CueSpec, lex: Lexicon
) -> tuple[int, int, str] | None:
    """A clausal complement after the cue with no subject and no "that": the parser took
    the reported clause's subject for something else (a determiner, a relative clause's
    head, an adverbial, an object). Each reading is undone by its own rule, else none."""
    return (
        _complementiser_read_as_determiner(cue, comp)
        or _relative_content(cue, comp, lex)
        or _zero_relative_content(cue, comp)
        or _subject_read_as_adverbial(cue, comp)
        or _second_object_as_subject(cue, comp, spec)
        or _set_off_object_as_subject(cue, comp, spec)
    )


def _content_without_ccomp(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """A cue the parser gave no clausal complement: a finite clause read as a gerund, a
    clause under a medium or an object, the lexicon's complements, an object content,
    and last the shallow shapes (``_shallow_content``)."""
    gerund = _gerund_read_as_complement(cue)
    comps = [gerund] if gerund is not None and _finite_clause_under(gerund) else []
    if gerund is not None and not comps and (found := _gerund_subject_apart(gerund, lex)):
        return found
    if not comps:
        comps = medium_clauses(cue, lex) or object_clauses(cue, lex)
    if comps:
        return _clause_span(cue, comps, "ccomp", spec, lex)
    if spec.complements and (found := complement_content(cue, spec, lex)) is not None:
        return found
    if spec.content == "object":
        objects = [c for c in cue.children if c.dep_ in ("dobj", "xcomp") and c.tag_ != "PRP"]
        if objects:
            return _clause_span(cue, objects, "object", spec, lex)
    if cue.lower_ in ("told", "tell", "tells", "telling") and any(
        c.dep_ == "xcomp" for c in cue.children
    ):
        return None  # "told them to leave" is an instruction, not a report
    return _shallow_content(cue, spec, lex)


def _shallow_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """Content found around the cue rather than under it: a cue set into its content, an
    interrupted subject, a trailing or parenthetical cue, a misread object, a headline
    object, and a cue the parser hung as parataxis after the clause it reports."""
    shallow = (
        interposed_content(cue)
        or interrupted_subject(cue)
        or trailing_cue_content(cue, lex)
        or parenthetical_content(cue, lex)
        or _misread_clause_object(cue, spec, lex)
        or _clause_read_as_object(cue, spec)
        or _same_said_of(cue, lex)
        or _relative_open_complement(cue, lex)
        or clause_in_adjunct(cue)
        or headline_object(cue, lex)
        or headline_rest(cue, lex)
    )
    if shallow is not None:
        return shallow
    if cue.dep_ == "parataxis" and cue.i > cue.head.i and not clause_follows(cue):
        start, end = trim_span(cue.doc, cue.head.left_edge.i, cue.left_edge.i)
        if end > start:
            return start, end, "parataxis"
    return None


def _clause_span(
    cue: Token, comps: list[Token], how: str, spec: CueSpec, lex: Lexicon
) -> tuple[int, int, str] | None:
    """The span of the reported clause ``comps[0]``: joined with a second piece the parser
    split off, then cut to the content by the conjunct, adverbial and boundary rules."""
    doc = cue.doc
    comp = comps[0]
    if any(
        c.dep_ == "nsubj" and c.lower_ in ("himself", "herself", "itself", "themselves")
        for c in comp.children
    ):
        return None  # "declared himself an independent": a stance taken, not a statement
    start, end = comp.left_edge.i, comp.right_edge.i + 1
    # "added that calls from customers ... had risen": one clause split into two ccomps; before
    # the cue too ('The new rules mean "nobody can fish here," Holm said': no mark but the
    # opening quote's lies between them)
    for other in comps[1:]:
        if _second_report(other, lex):
            break
        if (other.i > cue.i) == (comp.i > cue.i) and not any(
            t.is_punct and (t.tag_ != "``" or comp.i > cue.i) for t in doc[end : other.left_edge.i]
        ):
            end = max(end, other.right_edge.i + 1)
    if comp.i > cue.i:
        start = _object_read_as_subject(cue, comp, start, spec)
        start = _gerund_subject_start(cue, comp, start)
        end = narration_conjunct(cue, comp, end, lex)
        end = unshifted_conjunct(cue, comp, end)
        end = cue_form_conjunct(cue, comp, end, lex)
        end = refusal_conjunct(cue, comp, end, lex)
        end = finite_after_infinitive(comp, start, end, lex)
        end = share_conjunct(cue, comp, end, lex)
        end = coordinated_content(cue, end, lex)
        end = content_adverbials(cue, comp, end, lex)
        end = infinitive_list_end(doc, start, end)
    # inverted order "CONTENT, X said": the clause must not swallow the cue
    if start <= cue.i < end:
        if comp.i < cue.i:
            end = cue.left_edge.i if cue.left_edge.i > start else cue.i
        else:
            start = cue.i + 1
    end = cut_at_other_cues(doc, start, end, comp, lex)
    end = _trailing_comment(doc, start, end, lex)
    end = dashed_concession(doc, start, end, lex)
    end = before_share_figures(doc, start, end, cue, lex)
    end = before_compared_share(doc, start, end, cue, lex)
    start, end = trim_span(doc, start, end)
    if comp.i > cue.i:
        start, end = trim_span(doc, start, colon_elaboration(doc, end, cue, lex))
    if end <= start:
        return None
    return start, end, how


def _second_report(other: Token, lex: Lexicon) -> bool:
    """ "A third of members said fees were too high, and a quarter said they would leave": a
    second clause the parser hung on the cue that has a subject and a cue verb of its own is a
    report of its own, not the rest of the first one."""
    return lex.cue(other.lower_) and other.tag_ in FINITE_TAGS and has_own_subject(other)


def _second_object_as_subject(
    cue: Token, comp: Token, spec: CueSpec
) -> tuple[int, int, str] | None:
    """ "told Radio North the new rules are unfair": the parser may read the reported clause's
    subject as a second object of an addressee verb and leave the clause without one. A noun
    object right after the addressee that runs up to the subjectless clause is its subject."""
    if not spec.addressee:
        return None
    objs = sorted(
        (c for c in cue.children if c.dep_ in ("dobj", "dative") and cue.i < c.i < comp.i),
        key=lambda c: c.i,
    )
    if len(objs) < 2 or objs[-1].tag_ not in ("NN", "NNS", "NNP", "NNPS"):
        return None
    subj = objs[-1]
    if subj.right_edge.i + 1 != comp.left_edge.i or subj.left_edge.i != objs[-2].right_edge.i + 1:
        return None
    start, end = trim_span(cue.doc, subj.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None


def _set_off_object_as_subject(
    cue: Token, comp: Token, spec: CueSpec
) -> tuple[int, int, str] | None:
    """ "Two farmers say the new levy, passed in haste last year, hurts small growers": the
    parser made the reported clause's subject the cue's object, and with the phrase set off
    after it by commas or dashes between them, left the clause without one. A noun object right
    after the cue (not after an addressee verb) whose phrase runs up to the subjectless clause,
    with nothing but its closing comma or dash between them, is that clause's subject; a
    complementiser the parser read as its determiner ("say that account ... shows") is left
    out."""
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < comp.i), None)
    if spec.addressee or obj is None or obj.left_edge.i != cue.i + 1:
        return None
    if obj.tag_ not in ("NN", "NNS", "NNP", "NNPS") or obj.lower_ in ("same", "thing", "things"):
        return None
    gap = doc[obj.right_edge.i + 1 : comp.left_edge.i]
    if not any(t.text == "," or t.text in DASHES for t in doc[obj.i : comp.left_edge.i]):
        return None  # without a set-off phrase the object is read by _object_read_as_subject
    if any(not (t.text == "," or t.text in DASHES) for t in gap):
        return None
    start = obj.left_edge.i
    if doc[start].lower_ == "that" and doc[start].dep_ == "det":
        start += 1
    start, end = trim_span(doc, start, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None


def _object_read_as_subject(cue: Token, comp: Token, start: int, spec: CueSpec) -> int:
    """ "argued rent in the old town would keep rising": the parser made the subject of
    the reported clause the cue's object (its phrases hung on the cue) and left the clause
    without one; the content starts at that object when nothing but those phrases, and no
    punctuation, comes between it and the clause. Not after an addressee ("told reporters")."""
    doc = cue.doc
    subjects = ("nsubj", "nsubjpass", "expl", "csubj")
    if spec.addressee or that_clause(comp):
        return start  # "tweeted his call that ...": a noun with its own that-clause
    if any(t.dep_ in subjects for t in doc[comp.left_edge.i : comp.i]):
        return start
    if any(c.dep_ in subjects for c in comp.children):
        return start
    obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < comp.i), None)
    if obj is None or obj.tag_ == "PRP" or obj.left_edge.i != cue.i + 1:
        return start
    gap = doc[obj.right_edge.i + 1 : comp.left_edge.i]
    if any(
        t.is_punct
        or not (t.head.i == cue.i and t.dep_ == "prep" or obj.right_edge.i < t.head.i < gap.end)
        for t in gap
    ):
        return start
    return obj.left_edge.i


def _gerund_read_as_complement(cue: Token) -> Token | None:
    """ "said reopening the mill would help": the parser may read a gerund subject of the
    reported clause as the cue's open complement. The gerund is that complement when it comes
    right after the cue; the reported verb then hangs on it or on the cue."""
    return next(
        (
            c
            for c in cue.children
            if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.left_edge.i == cue.i + 1
        ),
        None,
    )


def _finite_clause_under(gerund: Token) -> bool:
    """Does a finite reported verb hang on ``gerund`` after it ("draining it could flood ...")?"""
    return any(
        c.dep_ == "ccomp"
        and c.i > gerund.i
        and (c.tag_ in TENSED_TAGS or any(a.tag_ == "MD" for a in c.children))
        for c in gerund.children
    )


def _gerund_subject_apart(gerund: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "saying closing the pier - for the third time this year - would hurt trade": a gerund
    subject read as the cue's open complement whose reported verb the parser hung elsewhere
    (an aside between them, set off by commas or dashes, or none). The subjectless finite verb
    that comes right after the gerund, or after the aside, closes the content; not a cue verb
    (", said Ruiz at the time": the speaker's own report, not the clause's verb)."""
    doc = gerund.doc
    k = gerund.right_edge.i + 1
    if k < gerund.sent.end and (doc[k].text == "," or doc[k].text in DASHES):
        close = next((t.i for t in doc[k + 1 : gerund.sent.end] if t.text == doc[k].text), None)
        k = close + 1 if close is not None else k + 1  # else the aside's closer: it opened inside
    verb = doc[k].head if k < gerund.sent.end and doc[k].dep_ in ("aux", "auxpass") else None
    if verb is None and k < gerund.sent.end:
        verb = doc[k]
    if verb is None or gerund.is_ancestor(verb) or verb.is_ancestor(gerund) and verb.i < k:
        return None
    if lex.cue(verb.lower_) is not None:
        return None
    if not any(c.tag_ == "MD" for c in verb.children) and verb.tag_ not in TENSED_TAGS:
        return None
    if any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and not c.is_ancestor(gerund)
        for c in verb.children
    ):
        return None  # a subject of its own; not the sentence around the cue read as one
    start, end = trim_span(doc, gerund.left_edge.i, verb.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None


def _gerund_subject_start(cue: Token, comp: Token, start: int) -> int:
    """ "said reopening it could bring buses": with the gerund read as the cue's open
    complement and its object as the reported clause's subject, the content starts at the
    gerund when it runs right up to the clause."""
    gerund = _gerund_read_as_complement(cue)
    if gerund is None or gerund.right_edge.i + 1 != comp.left_edge.i or that_clause(comp):
        return start
    return gerund.left_edge.i


_COMMENT_SEPARATORS = DASHES | {","}
#: the first characters of the separators (a token that is one holds one)
_COMMENT_CHARS = frozenset(d[0] for d in _COMMENT_SEPARATORS)


def _trailing_comment(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """ "said the cut would cost a farm 6,000 euros a year, a figure the ministry disputed",
    "said he would cut the fare — a promise he has made before": a noun phrase ("a", "an",
    "the" + ``comment_nouns``) set off at the end of the content that comments on the whole
    report is the writer's. The content ends before its comma or dash; "met Dr. Hale, a
    surgeon" (an apposition naming someone in the clause) stays whole."""
    if _COMMENT_CHARS.isdisjoint(tokens_text(doc, start, end)):
        return end  # the cheap test first: no comma or dash in the content
    stop = end
    while stop > start and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    for k in range(start + 1, stop - 1):
        if doc[k].text not in _COMMENT_SEPARATORS:
            continue
        if doc[k + 1].lower_ not in lex.lists.appositive_dets:
            continue
        roots = [t for t in doc[k + 1 : stop] if not k < t.head.i < stop or t.head.i == t.i]
        if len(roots) == 1 and _comment_noun(roots[0], lex):
            return k
    return end


def _comment_noun(t: Token, lex: Lexicon) -> bool:
    """A noun of ``comment_nouns``, singular or with a plural -s (the pipeline has no lemmas)."""
    w = t.lower_
    return t.tag_ in ("NN", "NNS") and (
        w in lex.lists.comment_nouns or w.endswith("s") and w[:-1] in lex.lists.comment_nouns
    )


def _misread_clause_object(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "The mayor says the plan that was drawn up last spring and backed by the council
    harms farmers": after "say" a long noun phrase object running to the end of the sentence is
    a bare reported clause whose verb the tagger read as a noun ("harms" as a plural). A real
    object of saying is short or one of ``said_objects`` ("said the same of ...")."""
    if spec.name != "say" or cue.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if (
        obj is None
        or obj.left_edge.i != cue.i + 1
        or obj.tag_ not in ("NN", "NNS", "NNP", "NNPS")
        or obj.lower_ in lex.lists.said_objects
        or obj.right_edge.i - obj.left_edge.i < 6
    ):
        return None
    doc = cue.doc
    after = doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < len(doc) else None
    if after is not None and after.text not in (".", "!", "?", ";"):
        return None  # the object ends where the sentence does: nothing else is left for a verb
    start, end = trim_span(doc, obj.left_edge.i, obj.right_edge.i + 1)
    return (start, end, "ccomp") if end - start >= 6 else None


def _clause_read_as_object(cue: Token, spec: CueSpec) -> tuple[int, int, str] | None:
    """ "The Courier reported that the decision to name Ruiz as harbour master was made in May",
    "The board issued a statement confirming the ferry will run in May": a reported clause the
    parser broke around the cue's object. Either the "that" right after the cue opens the object
    (its clause hung inside the noun phrase: the content is the object after "that"), or the
    clause's finite verb right after the object was read as the head of the cue (or of a word
    above it) and the clause's subject as the cue's object (the content is the object with the
    verb's phrase after it).
    Only for a cue whose content is a clause (``content = "clause"``, not ``direct_only``); in the
    first shape a finite verb (not a relative clause's) must follow the noun inside the object,
    in the second the verb has no subject of its own, the cue no subordinator and the object no
    conjunct."""
    if spec.content != "clause" or spec.direct_only:
        return None
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.left_edge.i != cue.i + 1:
        return None
    first = doc[cue.i + 1]
    if first.lower_ == "that" and first.dep_ == "mark":
        if not obj.left_edge.i <= first.head.i <= obj.right_edge.i or not any(
            _finite(t) and t.dep_ != "relcl" for t in obj.subtree if t.i > obj.i
        ):
            return None
        start, end = trim_span(doc, cue.i + 2, obj.right_edge.i + 1)
    else:
        after = obj.right_edge.i + 1
        if after >= len(doc):
            return None
        verb = doc[after].head if doc[after].dep_ in ("aux", "auxpass", "neg") else doc[after]
        if (
            verb.i < after
            or not _finite(verb)
            or cue.head.i == cue.i
            or not _above(verb, cue)
            or any(c.dep_ == "mark" for c in cue.children)
            or any(c.dep_ == "cc" for c in obj.children)  # "reported the theft and police will"
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
            or any(t.is_punct for t in doc[after : verb.i])
        ):
            return None
        start, end = trim_span(doc, obj.left_edge.i, verb.right_edge.i + 1)
    return (start, end, "ccomp") if end - start >= 3 else None


def _above(verb: Token, cue: Token) -> bool:
    """Did the parser hang ``cue`` under ``verb``, or hang ``verb`` as a clause of a word above
    the cue ("released a statement confirming the crews | will resume": "resume" under
    "released")?"""
    ancestors = list(cue.ancestors)
    return verb in ancestors or verb.dep_ in ("ccomp", "advcl") and verb.head in ancestors


def _finite(verb: Token) -> bool:
    """A finite verb, or one with a finite auxiliary ("will double", "was made")."""
    return verb.tag_ in TENSED_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children
    )


def _same_said_of(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "Most riders praised the ferry, and a third said the same of the bus": "the same" with
    a phrase naming what it is said of (``same_of_preps``) repeats an earlier judgement about
    another thing; the content is both ("the same of the bus"). "said the same" alone is a
    pronoun-like content and stays out."""
    same = next(
        (
            c
            for c in cue.children
            if c.dep_ in ("dobj", "npadvmod") and c.lower_ == "same" and c.i > cue.i
        ),
        None,
    )
    if same is None or same.i < 1 or cue.doc[same.i - 1].lower_ != "the":
        return None
    prep = next(
        (
            c
            for c in (*same.children, *cue.children)
            if c.dep_ == "prep" and c.i == same.i + 1 and c.lower_ in lex.lists.same_of_preps
        ),
        None,
    )
    if prep is None or not any(c.dep_ == "pobj" for c in prep.children):
        return None
    start, end = trim_span(cue.doc, same.i - 1, prep.right_edge.i + 1)
    return (start, end, "object") if end > start else None


def _relative_content(cue: Token, comp: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "the levy, which she has said was a mistake, ...": in a relative clause the reported
    clause's subject is the relative pronoun before the speaker (the parser hangs it on the
    cue); the content is the rest of the reported clause after the cue, as PolNeAR's second
    fragment (the pronoun alone is no content). So too after "what" ("paid what she said was a
    fair price", where the parser hangs the clause on the preposition) and a relative "that"
    the parser read as a complementiser ("a result that he said defied every poll")."""
    if cue.dep_ not in ("relcl", "pcomp", "ccomp") or not any(
        c.i < cue.i
        and (c.lower_ in lex.lists.relative_pronouns or c.lower_ == "what")
        and (c.dep_ in ("dobj", "nsubj") or c.dep_ == "mark" and _opens_subject(c.nbor(1), cue))
        for c in cue.children
    ):
        return None
    start, end = trim_span(cue.doc, comp.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end - start >= 2 else None


def _zero_relative_content(cue: Token, comp: Token) -> tuple[int, int, str] | None:
    """ "a probe the county said was closed last spring": a relative clause with no relative
    word, its speaker right after the noun it describes; the noun is the reported clause's
    missing subject, the content is the rest of that clause after the cue (as in
    :func:`_relative_content`)."""
    if cue.dep_ != "relcl" or cue.head.i > cue.i or comp.i < cue.i:
        return None
    subj = next((c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i), None)
    if subj is None or subj.left_edge.i != cue.head.i + 1:
        return None
    if any(c.dep_ in ("mark", "dobj") or c.tag_ in ("WDT", "WP", "WRB") for c in cue.children):
        return None
    start, end = trim_span(cue.doc, comp.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end - start >= 2 else None


def _relative_open_complement(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "the ledgers, which he said covered every sale": the parser may make the rest
    of the relative clause an open complement of the cue; finite and without a subject of its
    own, it is that rest (see :func:`_relative_content`). So too a present plural right after the
    cue that the tagger read as a bare verb ("tolls, which its members claim reduce traffic")."""
    comp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
    if comp is None:
        return None
    bare = (
        comp.tag_ == "VB"
        and comp.i == cue.i + 1
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in comp.children)
    )
    if not bare and (comp.tag_ not in TENSED_TAGS or not finite_without_subject(comp)):
        return None
    return _relative_content(cue, comp, lex)


def _opens_subject(t: Token, cue: Token) -> bool:
    """Does ``t`` open the subject of ``cue`` ("that [he] said")?"""
    return any(c.dep_ == "nsubj" and c.left_edge.i == t.i for c in cue.children)


def _right_clauses_report(cue: Token, comps: list[Token]) -> bool:
    """Of reported clauses on both sides of the cue, are those after it the content?"""
    doc = cue.doc
    right = [c for c in comps if c.i > cue.i]
    if not right or not any(c.i < cue.i for c in comps):
        return False
    # "X cancels tour, says fans ...": the clause before the cue is the headline's own news;
    # "Ana Lodge offered them seats, then says ...", 'Ada Verne is the "gold standard," says
    # she ...': the parser read the speaker's own first clause as one the cue reports
    mark = mark_before_cue(cue)
    if mark.i < cue.i and mark.text == ",":
        return True
    # "The doubt has had an effect: some 20 percent said they believe ...": a colon or
    # semicolon closes the clause before the speaker
    if any(doc[c.right_edge.i + 1].text in (":", ";") for c in comps if c.i < cue.i):
        return True
    # "Sales were slow, the promoter said the band would play": a clause (or a fronted phrase
    # the parser took for one) ending before the cue's own subject is narration; a clause with
    # its own subject right after the cue (no comma or colon between: "It is no wonder,
    # Mr. Okoro said, that ..." keeps the first) is what was said
    subject = next((c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i), None)
    if (
        subject is not None
        and all(c.right_edge.i < subject.left_edge.i for c in comps if c.i < cue.i)
        and any(
            (has_own_subject(c) or that_clause(c))
            and c.right_edge.i - c.left_edge.i >= 2
            and all(t.text not in (",", ":", ";") for t in doc[cue.i + 1 : c.left_edge.i])
            for c in right
        )
    ):
        return True
    # "It was no idle worry: soon the mayor had declared that she would ...": a clause
    # after the cue with its own complementiser is what was said, not the sentence before
    # (unless a comma joins them: "It is no wonder, Mr. Okoro said, that ...")
    return any(that_clause(c) for c in right) and all(
        doc[c.right_edge.i + 1].text != "," for c in comps if c.i < cue.i
    )


def _complementiser_read_as_determiner(cue: Token, comp: Token) -> tuple[int, int, str] | None:
    """ "The two authors emphasize that trade is one factor": the parser may read the
    complementiser as a determiner of the next noun, make that noun the cue's object and leave
    the reported verb without a subject. An object opened by "that" right after the cue and
    followed by the subjectless clause is that clause's subject: the content is both."""
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < comp.i), None)
    if obj is None or obj.left_edge.i != cue.i + 1 or obj.right_edge.i + 1 != comp.left_edge.i:
        return None
    that = doc[cue.i + 1]
    if that.lower_ != "that" or that.dep_ != "det" or obj.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
        return None
    start, end = trim_span(doc, that.i + 1, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None


def _subject_read_as_adverbial(cue: Token, comp: Token) -> tuple[int, int, str] | None:
    """ "Ortiz said the years when rents were low are over": the parser read the reported
    clause's subject as a bare-noun adverbial of the cue (like "said Monday") and left the clause
    without one. A noun phrase (no date, no pronoun) right after the cue that runs up to the
    subjectless clause, with no punctuation before it, is that clause's subject."""
    doc = cue.doc
    noun = next((c for c in cue.children if c.dep_ == "npadvmod" and cue.i < c.i < comp.i), None)
    if noun is None or noun.left_edge.i != cue.i + 1:
        return None
    if any(t.tag_ != "''" for t in doc[noun.right_edge.i + 1 : comp.left_edge.i]):
        return None  # only the close of a quote inside the subject may come between
    if noun.tag_ not in ("NN", "NNS") or noun.ent_type_ in TIME_ENTS or doc[cue.i + 1].is_punct:
        return None
    start, end = trim_span(doc, noun.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None
