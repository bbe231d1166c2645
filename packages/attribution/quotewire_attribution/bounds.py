"""Where a reported content starts and ends: trimming, connectives, other cues, trailing participles."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import Lexicon
from .shapes import QUOTE_TAGS, has_own_subject, that_clause

#: Tags of a word after "that" that a determiner "that" cannot precede: "said that cutbacks
#: would follow", "that he", "that the mayor", "that Hale": the word opens the clause's subject.
_SUBJECT_OPENERS = frozenset({"NNS", "NNPS", "NNP", "PRP", "DT", "PRP$", "CD", "EX"})


def _that_before_subject(t: Token) -> bool:
    """A lower-case "that" the parser misread as a determiner or pronoun although the next word
    opens a subject ("told analysts that doubts about insurers were overblown", where the parser
    made both "that" and "doubts" subjects): a complementiser, not content ("said that was wrong"
    keeps its pronoun)."""
    doc = t.doc
    if t.text != "that" or t.i + 1 >= len(doc):
        return False
    nxt = doc[t.i + 1]
    subjects = ("nsubj", "nsubjpass")
    return nxt.tag_ in _SUBJECT_OPENERS or t.dep_ in subjects and nxt.dep_ in subjects


def _adverb_before_complementiser(doc: Doc, start: int, end: int) -> bool:
    """'said only that ...', 'said simply that ...': an adverb before the complementiser
    qualifies the saying; the content starts after the "that"."""
    return (
        doc[start].tag_ == "RB"
        and start + 2 < end
        and doc[start + 1].lower_ == "that"
        and doc[start + 1].dep_ == "mark"
    )


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        doc[start].is_punct
        and doc[start].tag_ not in QUOTE_TAGS
        or doc[start].lower_ == "that"
        and (
            doc[start].dep_ == "mark" or doc[start].tag_ == "IN" or _that_before_subject(doc[start])
        )
        or doc[start].is_space
        or _adverb_before_complementiser(doc, start, end)
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        and doc[end - 1].tag_ not in QUOTE_TAGS
        and doc[end - 1].text != "%"  # "with just 22%": the unit of the number
        or doc[end - 1].is_space
        or doc[end - 1].dep_ == "cc"
    ):
        end -= 1
    # a trailing quote mark with nothing quoted before it in the span is stray
    return start, end


def after_connective(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a content opened by a connective set off by a comma really starts ('Still, the
    levy will pass, she said', 'In fact, few farms ...', according to X): the connective
    (``connectives``) links the writer's sentences and is not what was said."""
    for n in (1, 2):
        if (
            start + n < end - 1
            and doc[start + n].text == ","
            and doc[start : start + n].text.lower() in lex.lists.connectives
        ):
            return start + n + 1
    return start


def cut_at_other_cues(doc: Doc, start: int, end: int, root: Token, lex: Lexicon) -> int:
    """Stop the content before a participial cue clause hanging inside it (", denying ...")."""
    for t in doc[start:end]:
        # "... and called for more patrols": an appeal coordinated with the content, without a
        # subject of its own, is the speaker's act, not part of what was said
        if (
            t.dep_ == "conj"
            and t.i > root.i
            and t.lower_ in lex.lists.appeal_verbs
            and t.tag_.startswith("VB")
            and not has_own_subject(t)
        ):
            cc = [c for c in t.lefts if c.dep_ == "cc"]
            return max(start, cc[0].i if cc else t.left_edge.i)
        if _speakers_participle(t, root, lex):
            return max(start, t.left_edge.i)
        if t.i == root.i or not lex.cue(t.lower_) or not t.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "mark" and c.lower_ in lex.lists.hypothetical_marks for c in t.children):
            continue  # "unless management agreed to ...": a condition inside the content
        if t.dep_ == "conj" and that_clause(t):
            continue  # "... and that the claim would add £4m": a second content clause, not a report
        if _inner_clause(t, lex):
            continue  # "... the floods the mayor mentioned when she announced the plan"
        if _infinitive_inside(t):
            continue  # "easier for tenants to complain", "for her to go out and say ...": no act
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj"):
            if t.dep_ in ("advcl", "xcomp") and _participle_not_set_off(t):
                continue  # "not comfortable telling friends", "going to be appealing"
            if t.dep_ == "xcomp" and _catenative(t):
                continue  # "she had started writing her speech": the verb's own complement
            if _trailing_participle(t) and _conversation_participle(t, root, lex):
                continue  # "reported that Mr. Hale talked with Ms. Ruiz, telling her ...": his act
            return max(start, t.left_edge.i)
        # "..., while he said ...": a second report with its own subject ends the first
        if t.dep_ in ("advcl", "conj") and any(c.dep_ == "nsubj" for c in t.children):
            return max(start, t.left_edge.i)
        # "... and has indicated he would ...": a coordinated report of its own clause
        if t.dep_ == "conj" and any(c.dep_ == "ccomp" for c in t.children):
            return max(start, t.left_edge.i)
    return end


def _infinitive_inside(t: Token) -> bool:
    """A cue in an infinitive ("made it easier for tenants to complain", "too costly for them to
    report") or a bare infinitive coordinated with one ("for her to go out and say ...", "had
    the clerks file the forms and tell the judge ...") is a verb of the content, not a second
    act of the speaker: a speaker's next act is finite (", and she added ...") or a participle."""
    children = list(t.children)
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return True
    return (
        t.dep_ == "conj"
        and t.tag_ == "VB"
        and t.head.tag_ == "VB"
        and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in children)
    )


def _participle_not_set_off(t: Token) -> bool:
    """A participle with no comma, dash or colon before it and no mark of its own ("said she
    felt uneasy telling friends", "is going to be appealing to voters") completes a word of the
    content; the speaker's trailing participle is set off or coordinated (", saying ...", "while
    adding ...", "and urging ...")."""
    first = t.left_edge
    if first.i == 0 or t.doc[first.i - 1].is_punct or t.doc[first.i - 1].tag_ == "CC":
        return False  # ", saying ...", "... and questioning why ...": set off or coordinated
    return not any(c.dep_ == "mark" for c in t.children)


def _catenative(t: Token) -> bool:
    """ "started writing", "kept telling them": a gerund right after its verb (an adverb may come
    between, no comma) completes that verb; it is no participial report of the speaker's."""
    between = t.doc[t.head.i + 1 : t.i]
    return t.head.i < t.i and all(w.dep_ in ("advmod", "neg") for w in between)


def _inner_clause(t: Token, lex: Lexicon) -> bool:
    """A clause opened by a mark of ``inner_clause_marks`` ("when", "after", ...) with no comma
    before it: part of the content, not a report of its own."""
    if t.dep_ != "advcl" or t.left_edge.i == 0 or t.doc[t.left_edge.i - 1].text == ",":
        return False
    marks = lex.lists.inner_clause_marks
    if any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in t.children):
        return True
    # "was not as old as the guide claimed", "as long as nobody complained": a comparison
    # (an "as" clause under an adjective or adverb), not the speaker's "as she said"
    comparative = t.head.tag_.startswith(("JJ", "RB"))
    return comparative and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)


def _trailing_participle(t: Token) -> bool:
    """ ", pushing back ...": a participle opening a clause set off by a comma."""
    return (
        t.tag_ == "VBG"
        and t.dep_ in ("advcl", "xcomp", "conj")
        and t.left_edge.i == t.i
        and t.i > 0
        and t.doc[t.i - 1].text == ","
    )


def _speakers_participle(t: Token, root: Token, lex: Lexicon) -> bool:
    """ "The bank said inflation was not beaten, pushing back against market bets": a trailing
    participle of stance (``stance_participles``) is the speaker's act, not what was said,
    unless the reported clause has a named subject of its own who can take that stance."""
    return (
        t.i != root.i
        and t.lower_ in lex.lists.stance_participles
        and _trailing_participle(t)
        and not _named_other_subject(t, root)
    )


def _conversation_participle(t: Token, root: Token, lex: Lexicon) -> bool:
    """ "reported that Mr. Hale talked by phone with Ms. Ruiz, telling her not to sell": a
    participle of speech after a reported conversation (``conversation_verbs``) of someone
    named other than the speaker says what was said in it; "insisted the Dane could still win,
    saying ..." (no conversation in the report) is the speaker's own further report."""
    return t.head.lower_ in lex.lists.conversation_verbs and _named_other_subject(t, root)


def _named_other_subject(t: Token, root: Token) -> bool:
    """Is the subject of the clause participle ``t`` hangs on a name other than the speaker's?
    "The Courier reported that Mr. Hale talked with Ms. Ruiz, telling her ...": Mr. Hale, not
    the Courier, is telling; "Ms. Ruiz said the tax would stay, contrasting ..." (no name) and
    "Ms. Ruiz said Ms. Ruiz ..." (the speaker) are the speaker's."""
    head = t.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not subj.tag_.startswith("NNP"):
        return False
    cue = root.head
    speaker = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    names = {w.lower_ for w in subj.subtree if w.tag_.startswith("NNP")}
    said = (
        {w.lower_ for w in speaker.subtree if w.tag_.startswith("NNP")}
        if speaker is not None
        else set()
    )
    return not names & said
