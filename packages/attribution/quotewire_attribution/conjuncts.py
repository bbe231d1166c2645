"""How far a reported clause runs over the clauses coordinated with it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import Lexicon
from .doctext import doc_tokens
from .shapes import (
    TENSED_TAGS,
    has_own_subject,
    is_passive,
    share_of_group,
    that_clause,
    to_infinitive,
)


def narration_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
    """ "said the town had "never seen anything like it" and thanked volunteers", "said it was
    following the situation and offered to host talks": a subjectless past-tense act of the
    speaker (``speaker_acts``: thank, offer, decline, ...) with an object or complement of its
    own, coordinated with the reported clause, is the speaker's act, not part of what was
    said. The content ends before its conjunction ("prices rose and declined" stays whole)."""
    if comp.i < cue.i:
        return end
    for c in comp.children:
        if (
            c.dep_ != "conj"
            or c.tag_ != "VBD"
            or c.i >= end
            or c.lower_ not in lex.lists.speaker_acts
        ):
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for g in c.children):
            continue
        if not any(g.dep_ in ("dobj", "xcomp", "ccomp", "dative") for g in c.children):
            continue
        return _end_before_conjunct(comp, c, end)
    return end


def _end_before_conjunct(comp: Token, conj: Token, end: int) -> int:
    """``end`` moved back to the conjunction ("and", "but") that joins ``conj`` to ``comp``
    (to where ``conj``'s phrase starts when there is none)."""
    cc = [g.i for g in comp.children if g.dep_ == "cc" and g.i < conj.i] or [conj.left_edge.i]
    return min(end, max(cc))


def unshifted_conjunct(cue: Token, comp: Token, end: int) -> int:
    """ "said she would visit the port later, and so far has only sent a letter": after a
    past-tense cue the reported clause is backshifted (past tense, "would", "had"); a subjectless
    conjunct in the present perfect is not, so it is the narration's, about the speaker. The
    content ends before its conjunction ("said it has closed and has moved" stays whole)."""
    if comp.i < cue.i or cue.tag_ != "VBD":
        return end
    if comp.tag_ != "VBD" and not any(
        g.dep_ == "aux" and g.lower_ in ("would", "had") for g in comp.children
    ):
        return end
    for c in comp.children:
        if c.dep_ != "conj" or c.i >= end or not c.tag_.startswith("VB"):
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
            continue
        if not any(g.dep_ == "aux" and g.lower_ in ("has", "have") for g in c.children):
            continue
        return _end_before_conjunct(comp, c, end)
    return end


_VERB_FORMS = {"VBD": "past", "VBZ": "present", "VBP": "present", "VBG": "-ing", "MD": "modal"}


def _verb_forms(v: Token, lex: Lexicon) -> set[str]:
    """The forms of a verb group, its own tag's and its first auxiliary's: "is urging" -ing and
    present, "has hired" present, "must be rebuilt" modal and present modal, "to save"
    infinitive."""
    aux = next((c for c in v.children if c.dep_ in ("aux", "auxpass") and c.i < v.i), None)
    forms = {_VERB_FORMS.get(v.tag_, v.tag_)}
    if aux is not None:
        forms.add("infinitive" if aux.tag_ == "TO" else _VERB_FORMS.get(aux.tag_, aux.tag_))
        if aux.lower_ in lex.lists.present_modals:
            forms.add("present modal")
    return forms


def cue_form_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
    """ "denies the harvest was poor and publishes its own figures", "suggested the timetable be
    changed and visited the depot", "is urging residents to save water and promising to fix the
    pipes": a subjectless conjunct of the content's verb in the cue's own form (tense, -ing) and
    not the content verb's does not go on with the reported clause: it is the speaker's second
    act. The content ends before its conjunction ("said the roof leaked and needed repairs" and
    "says the roof leaks and needs repairs" stay whole). After a past cue a reported clause in
    the present is not backshifted, so a past conjunct may still be said ("said the ferry runs
    hourly and cut the fare" stays whole: PolNeAR keeps these more often than not)."""
    cue_forms = _verb_forms(cue, lex) & {"past", "present", "-ing"}
    comp_forms = _verb_forms(comp, lex)
    if "past" in cue_forms and comp_forms & {"present", "present modal"}:
        return end
    for c in comp.children:
        if c.dep_ != "conj" or c.i >= end or not c.tag_.startswith("VB") or has_own_subject(c):
            continue
        forms = _verb_forms(c, lex)
        if forms & cue_forms and not forms & comp_forms:
            return _end_before_conjunct(comp, c, end)
    return end


def finite_after_infinitive(comp: Token, start: int, end: int, lex: Lexicon) -> int:
    """ "has vowed to widen the canal and toured the locks": a verb in the past or present with
    no subject of its own cannot go on with an infinitive ("to widen ..."), though the parser
    may hang it there. When its form is not that of the reported clause's own verb ``comp``, it
    is the speaker's second act, and the content ends before its "and"/"but" ("said the crew
    used a crane to lift the hull and then used ropes" goes on with "used"; a base form, "to
    widen the canal and dredge it", stays)."""
    doc = comp.doc
    content_forms = _verb_forms(comp, lex) - {"VB", "infinitive"}
    for t in doc_tokens(doc)[start:end]:  # the shared tokens, no Span and Token per word
        if (
            t.dep_ != "conj"
            or has_own_subject(t)
            or t.head.tag_ != "VB"
            or not to_infinitive(t.head)
        ):
            continue
        cc = [g for g in t.head.children if g.dep_ == "cc" and g.i < t.i]
        if not cc or cc[-1].lower_ not in ("and", "but") or cc[-1].i != t.left_edge.i - 1:
            continue
        finite_aux = any(
            g.dep_ in ("aux", "auxpass") and g.i < t.i and g.tag_ in TENSED_TAGS for g in t.children
        )
        if not (t.tag_ in ("VBD", "VBZ") or finite_aux):
            continue
        if not _verb_forms(t, lex) & content_forms:
            return min(end, cc[-1].i)
    return end


_LIST_MARKS = frozenset({",", '"', "''", "'", "\u201d", "\u2019"})


def infinitive_list_end(doc: Doc, start: int, end: int) -> int:
    """ "pledged to widen the canal, dredge the harbour and hire pilots", "said money is needed
    to train nurses, buy ambulances and ...": when a content ends with a to-infinitive, the
    parser may hang the next bare verbs of the list outside it (on the cue, as a clause of its
    own, or on the sentence's main verb). A base form right after it (past a comma, "and" or
    "or") with no subject and no auxiliary of its own cannot go on with a verb in the past,
    the third person, -ing or a participle, so it is the list's next item and the content runs
    over it. Not when the verb it hangs on is itself a base or present form ("they urge
    voters to register and fight back": either may be read), and not over a clause with a
    subject of its own coordinated with the item."""
    if end <= start or end >= len(doc):
        return end
    last = end  # the content's last word, before the marks the parser gave it
    while last > start + 1 and doc[last - 1].text in _LIST_MARKS:
        last -= 1
    # the next item first (a few tokens after the content), the content's infinitive last:
    # scanning the content costs most and is needed only when a bare verb follows
    k = end
    while k < len(doc) and (doc[k].text in _LIST_MARKS or doc[k].lower_ in ("and", "or")):
        k += 1
    if k == last or k >= len(doc) or k > last + 3:
        return end
    item = doc[k]
    if not _bare_item(item) or item.head.tag_ in ("VB", "VBP") or item.head.i == item.i:
        return end
    if item.sent.start != doc[start].sent.start:
        return end
    if not any(
        t.tag_ == "VB" and to_infinitive(t) and last <= t.right_edge.i + 1 <= end
        for t in doc[start:end]
    ):
        return end
    return _item_end(item)


def _bare_item(v: Token) -> bool:
    """Is ``v`` a bare verb with no subject or auxiliary (but "to") of its own?"""
    return (
        v.tag_ == "VB"
        and not has_own_subject(v)
        and not any(g.dep_ in ("aux", "auxpass", "expl") and g.tag_ != "TO" for g in v.children)
    )


def _item_end(v: Token) -> int:
    """Where the list item ``v`` ends: its phrase and its coordinated bare verbs, not a clause
    with a subject of its own coordinated with it ("fix the roads and he later said ...")."""
    last = v.i
    for c in v.children:
        if c.i < v.i:
            continue
        if c.dep_ == "conj":
            if not _bare_item(c):
                break
            last = max(last, _item_end(c) - 1)
        elif c.dep_ == "cc":
            continue
        else:
            last = max(last, c.right_edge.i)
    return last + 1


def share_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
    """ "Nearly half said the buses ran late, and 30 percent want cheaper fares", "a third say
    fees are too high, while most think them fair": when the speaker is a share of a polled
    group, a clause coordinated with (or set against) the content whose own subject is another
    share is the next result of the poll, the writer's, not what the first share said. The
    content ends before it ("the police said three died and 12 were hurt" has no share as
    speaker and stays whole)."""
    speaker = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if comp.i < cue.i or speaker is None or not share_of_group(speaker, lex):
        return end
    for t in comp.doc[comp.i + 1 : end]:
        if t.dep_ not in ("conj", "advcl") or not t.tag_.startswith(("VB", "MD")):
            continue
        if that_clause(t):
            continue  # "..., and that the two towns had ...": a second content clause
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i > comp.i and share_of_group(subj, lex, counted=False):
            head = t.head
            cc = [g.i for g in head.children if g.dep_ == "cc" and g.i < t.i and g.i > comp.i]
            return min(end, max(cc) if cc and t.dep_ == "conj" else t.left_edge.i)
    return end


def _withholds(c: Token, lex: Lexicon) -> bool:
    """Does the subjectless verb ``c`` say the speaker held back more words: "refuses to answer
    questions" (``refusal_verbs`` with an infinitive; "prices rose and then declined" is no
    refusal), "would not give details" (a negated ``disclosure_verbs``)?"""
    if has_own_subject(c):
        return False
    if c.lower_ in lex.lists.refusal_verbs:
        return any(g.dep_ == "xcomp" for g in c.children)
    negated = any(g.dep_ == "neg" for g in c.children)
    return negated and c.lower_ in lex.lists.disclosure_verbs


def refusal_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
    """ "confirmed the striker had signed a new deal but would not give details of his wages",
    "says its drivers are safe and refuses to answer questions": a subjectless conjunct of the
    reported clause in which the speaker withholds more words (``_withholds``) is the speaker's
    act, not what was said (the project keeps no "declined to comment"). The content ends
    before its conjunction; "said the plan was fair and would not hurt pensioners" stays whole."""
    if comp.i < cue.i:
        return end
    for c in comp.children:
        if c.dep_ == "conj" and c.i < end and c.tag_.startswith("VB") and _withholds(c, lex):
            return _end_before_conjunct(comp, c, end)
    return end


def coordinated_content(cue: Token, end: int, lex: Lexicon) -> int:
    """Extend the content over a second clause coordinated with the cue that still belongs to the
    report: "said X but that Y" (a complementiser of its own), "said X and would present Y"
    (a subjectless backshifted modal: the narration itself never says "would"), "said X, but Y"
    (a contrast of the speaker's, ``_contrast_clause``), a subjectless verb that agrees in
    number with the reported clause's subject only (``_agrees_with_content_only``) and a
    subjectless past perfect after a past-perfect reported clause, a passive one even when its
    verb is a cue ("had been told to ...", ``_past_perfect_like_content``). A conjunct that is
    a cue of the speaker's, or withholds more words, ends the search."""
    for c in cue.children:
        if c.dep_ != "conj" or c.i < end or not c.tag_.startswith("VB"):
            continue
        own_subject = has_own_subject(c)
        perfect = not own_subject and _past_perfect_like_content(cue, c, end)
        if perfect and is_passive(c):
            end = max(end, c.right_edge.i + 1)  # "... and had been told to ...": no act of hers
            continue
        if c.lower_ in lex.cues or _withholds(c, lex):
            break
        that = that_clause(c)
        would = not own_subject and any(g.dep_ == "aux" and g.lower_ == "would" for g in c.children)
        but = own_subject and _contrast_clause(cue, c, end, lex)
        agrees = not own_subject and _agrees_with_content_only(cue, c, end, lex)
        if that or would or but or agrees or perfect:
            end = max(end, c.right_edge.i + 1)
    return end


def _reported_clause(cue: Token, end: int) -> Token | None:
    """The clause the cue reports after it, before ``end`` (the content's end so far)."""
    return next((g for g in cue.children if g.dep_ == "ccomp" and cue.i < g.i < end), None)


def _past_perfect_like_content(cue: Token, conj: Token, end: int) -> bool:
    """'said he had raised it "every week" and had been told to "stop"': a subjectless
    conjunct in the past perfect the parser hung on the cue, after a reported clause in the past
    perfect, is backshifted as that clause is: it goes on with what was said (the narration
    goes on in the simple past)."""
    if not any(g.dep_ == "aux" and g.lower_ == "had" and g.i < conj.i for g in conj.children):
        return False
    comp = _reported_clause(cue, end)
    return comp is not None and any(
        g.dep_ == "aux" and g.lower_ == "had" and g.i < comp.i for g in comp.children
    )


#: the past forms of "be" that show number: "was" goes with a singular subject, "were" a plural
_PAST_BE = {"was": "VBZ", "were": "VBP"}


def _agreement_tag(v: Token) -> str | None:
    """The number the verb group ``v`` shows, as the present-tense tag it agrees with: "VBZ"
    (singular) or "VBP" (plural), read off its own tag or its first auxiliary's, present or a
    past "was"/"were"; None when it shows none ("said", "had been told")."""
    aux = next((g for g in v.children if g.dep_ in ("aux", "auxpass") and g.i < v.i), None)
    for w in (v,) if aux is None else (v, aux):
        if w.tag_ in ("VBZ", "VBP"):
            return w.tag_
        if w.tag_ == "VBD" and w.lower_ in _PAST_BE:
            return _PAST_BE[w.lower_]
    return None


def _agrees_with_content_only(cue: Token, conj: Token, end: int, lex: Lexicon) -> bool:
    """ "told the board the tide tables might be "badly out," and have failed twice", "said the
    crew were "shaken" and were helping the coastguard": a subjectless conjunct the parser hung
    on the cue whose verb agrees in number with the reported clause's subject and not with the
    speaker ("have" after "the tide tables", not after "she") shares the reported clause's
    subject, so it goes on with what was said. A singular common noun that stands for a group
    ("the crew", "staff") may take a plural verb, as in British usage."""
    tag = _agreement_tag(conj)
    if tag is None:
        return False
    speaker = next((g for g in cue.children if g.dep_ == "nsubj"), None)
    comp = _reported_clause(cue, end)
    subj = (
        None
        if comp is None
        else next((g for g in comp.children if g.dep_ in ("nsubj", "nsubjpass")), None)
    )
    if speaker is None or subj is None or _number(speaker, lex) in (tag, None):
        return False
    return _number(subj, lex) == tag or (subj.tag_ == "NN" and tag == "VBP")


def _number(noun: Token, lex: Lexicon) -> str | None:
    """The present-tense verb tag that agrees with ``noun``: "VBP" for a plural or coordinated
    subject, "VBZ" for a singular third person, None when unknown ("I", "you", a number)."""
    if noun.lower_ in lex.plural_pronouns or any(g.dep_ == "conj" for g in noun.children):
        return "VBP"
    if noun.lower_ in lex.male_pronouns | lex.female_pronouns | lex.neuter_pronouns:
        return "VBZ"
    return {"NNS": "VBP", "NNPS": "VBP", "NN": "VBZ", "NNP": "VBZ"}.get(noun.tag_)


def _contrast_clause(cue: Token, conj: Token, end: int, lex: Lexicon) -> bool:
    """ "said the vote had been expected, but the margin was a surprise": a clause with a subject
    of its own that "but" joins to the cue right after the content goes on with what was said,
    unless it reports itself (a cue verb inside it: "..., but engineers said ...") or brings in
    another named party ("..., but the Greens wanted a recount": the writer's contrast)."""
    doc = cue.doc
    cc = [g for g in cue.children if g.dep_ == "cc" and end <= g.i < conj.i]
    if len(cc) != 1 or cc[0].lower_ != "but":
        return False
    if any(not t.is_punct for t in doc[end : cc[0].i]):
        return False
    subj = next(c for c in conj.children if c.dep_ in ("nsubj", "nsubjpass"))
    if subj.tag_ in ("NNP", "NNPS") or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return False
    return not any(t.tag_.startswith("VB") and lex.cue(t.lower_) for t in conj.subtree)


def content_adverbials(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
    """An adverbial clause the parser hung on the cue although it qualifies the content:
    "said the strike would go on unless ...", "told the jury she had been following orders
    when she altered the records" (same subject as the reported clause)."""
    subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    for c in cue.children:
        if c.dep_ != "advcl" or c.i < end - 1 or c.left_edge.i > end + 1:
            continue
        if c.lower_ in lex.cues:
            continue
        marks = {g.lower_ for g in c.children if g.dep_ in ("mark", "advmod") and g.i < c.i}
        csubj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
        same = (
            subj is not None
            and csubj is not None
            and subj.tag_ == "PRP"
            and csubj.lower_ == subj.lower_
        )
        if (
            marks & lex.lists.content_marks
            or same
            and marks & {"when", "while", "as", "after", "before"}
        ):
            end = max(end, c.right_edge.i + 1)
    return end
