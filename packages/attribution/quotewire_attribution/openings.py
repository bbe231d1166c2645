"""Contents before or around their cue: interposed and interrupted reports, opening fragments."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .bounds import trim_span
from .cues import Lexicon
from .cueverbs import is_cue
from .shapes import DASHES, FINITE_TAGS, has_own_subject
from .subjects import appos_subject


def interposed_content(cue: Token) -> tuple[int, int, str] | None:
    """ "In the end, Mr. Lane said, dock workers vote for the union" and "If Smith wins, he said,
    he would leave": a cue set off inside the clause it reports, after an opening adverbial or
    subordinate clause. The content is the main clause after the cue (its subject follows the
    cue), not the opening words before it."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i < cue.i or not head.tag_.startswith(("VB", "MD")):
        return None
    if not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > cue.right_edge.i for c in head.children
    ):
        return None
    start, end = trim_span(cue.doc, cue.right_edge.i + 1, head.right_edge.i + 1)
    return (start, end, "parataxis") if end - start >= 2 else None


def clause_in_adjunct(cue: Token) -> tuple[int, int, str] | None:
    """ "told the council at Monday's hearing that the pier was unsafe", "said before leaving
    that the well was dry": the parser hung the reported that-clause inside a phrase after the
    cue (a relative clause of its last noun, or a clause of its gerund). A clause opened by
    "that", with its own subject, that ends the cue's prepositional phrase, with no punctuation
    between the cue and "that", is the content; a relative clause only when "that" can fill no
    gap in it (its object or predicate is there, it is passive, or it has a modal)."""
    doc = cue.doc
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        for clause in prep.subtree:
            that = clause.left_edge
            if clause.dep_ not in ("ccomp", "relcl") or that.lower_ != "that":
                continue
            if that.dep_ in ("nsubj", "nsubjpass") or not has_own_subject(clause):
                continue
            if clause.dep_ == "relcl" and not _gapless(clause, that):
                continue  # "said in the letter that she signed": a true relative clause
            if clause.right_edge.i != prep.right_edge.i or any(
                t.is_punct for t in doc[cue.i : that.i]
            ):
                continue
            start, end = trim_span(doc, that.i + 1, clause.right_edge.i + 1)
            return (start, end, "ccomp") if end - start >= 2 else None
    return None


def _gapless(clause: Token, that: Token) -> bool:
    """Has ``clause`` no gap left for a relative "that" to fill?"""
    return any(
        c.i != that.i
        and (
            c.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "nsubjpass")
            or c.tag_ == "MD"
        )
        for c in clause.children
    )


def interrupted_rest(cue: Token) -> tuple[int, int] | None:
    """ "The pier, Ivanov said, was never safe": a cue set off between the subject of the
    clause it reports and that clause's predicate. The content is two fragments, like a
    broken quote (two statements, same speaker and cue): the subject before the cue (found
    as a trailing cue's content) and this, the rest of the clause after it."""
    head = cue.head
    if (
        cue.dep_ != "parataxis"
        or head.i <= cue.right_edge.i
        or not head.tag_.startswith(("VB", "MD"))
    ):
        return None
    if _subject_before(cue) is None:
        return None
    start, end = trim_span(cue.doc, cue.right_edge.i + 1, head.right_edge.i + 1)
    return (start, end) if end - start >= 2 else None


def _subject_before(cue: Token) -> Token | None:
    """The subject of the clause a set-off cue interrupts, before the cue: its nsubj, or a
    gerund the parser read as an opening adverbial clause when the verb has no subject at all
    ("Fixing the roof, Lund said, cost more than the house")."""
    head = cue.head
    subj = next(
        (
            c
            for c in head.children
            if c.dep_ in ("nsubj", "nsubjpass") and c.right_edge.i < cue.left_edge.i
        ),
        None,
    )
    if subj is not None or any(c.dep_ in _SUBJECTS for c in head.children):
        return subj
    return next(
        (
            c
            for c in head.children
            if c.dep_ == "advcl"
            and c.tag_ == "VBG"
            and c.left_edge.i == cue.sent.start
            and c.right_edge.i < cue.left_edge.i
            and not any(g.dep_ in ("mark", "nsubj", "aux") for g in c.children)
        ),
        None,
    )


_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


def interrupted_subject(cue: Token) -> tuple[int, int, str] | None:
    """ "The sale, Okoro explained, was the fruit of a long winter of talks — and ...": the first
    fragment of a cue set off between a subject and its predicate is the subject before the
    cue, whatever punctuation the rest of the sentence holds (:func:`interrupted_rest` gives
    the second)."""
    if interrupted_rest(cue) is None:
        return None
    subj = _subject_before(cue)
    start, end = trim_span(cue.doc, subj.left_edge.i, cue.left_edge.i)
    return (start, end, "parataxis") if end > start else None


def interposed_opening(cue: Token) -> tuple[int, int] | None:
    """ "After the court ruled, Ms. Vane said, most towns dropped the fee": the opening before a
    cue set off inside the clause it reports is the content's first fragment, like the first
    half of a broken quote (the main clause after the cue is the second, found by
    :func:`interposed_content`). A one-word opening is a fragment only as an adverb ("Instead,
    she said, ...", "Perhaps, he said, ...": PolNeAR keeps it); a conjunction ("But") or any
    other single word is none."""
    if interposed_content(cue) is None:
        return None
    # the parser may hang the opening clause on the cue itself: it ends at the cue's subject
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
    end = subj.left_edge.i if subj is not None else cue.left_edge.i
    start, end = trim_span(cue.doc, min(cue.head.left_edge.i, cue.left_edge.i), end)
    if end - start < 1 or any(t.dep_ == "cc" for t in cue.doc[start : start + 1]):
        return None
    if end - start == 1 and cue.doc[start].tag_ != "RB":
        return None
    return start, end


#: what the parser may hang on a cue before its subject when it makes the cue the root of a
#: sentence it interrupts: the opening adverbial or clause ("If the dam holds, she said, ...")
_OPENING_ON_CUE_DEPS = {"advcl", "prep", "advmod", "ccomp", "npadvmod", "cc", "dep"}


def _scene_of_speaker(clause: Token, speaker: Token, lex: Lexicon) -> bool:
    """Is the opening ``clause`` the scene of the report: an absolute clause (no subordinator,
    or a bare noun and participle), or one whose subject is the speaker (the same word, or a name the speaker's
    pronoun after it takes up: "While Ruiz spoke, he added")?"""
    if clause.dep_ == "advcl" and not any(c.dep_ in ("mark", "advmod") for c in clause.children):
        return True
    if clause.right_edge.i - clause.left_edge.i < 2:
        return True  # 'Heads bowed, they said, "..."': a bare noun and participle
    subj = next(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    if subj.lower_ == speaker.lower_:
        return True
    return speaker.lower_ in lex.lists.personal_subject_pronouns and subj.tag_ in ("NNP", "NNPS")


def opening_on_cue(cue: Token, lex: Lexicon) -> tuple[int, int] | None:
    """'If the dam holds, she said, "the valley is safe."': the parser often makes the cue the
    root of the sentence its quote completes and hangs the opening adverbial or clause before
    the speaker on the cue itself. The opening is then all the cue's dependents before the
    comma that precedes its subject (each an adverbial, a clause or a preposition), trimmed,
    when one of them is a clause with its own subject ("If the dam holds", "The roads were
    shut"): a phrase ("In a statement on Monday, ...", "After reading the letter, ...") or a
    participle clause whose subject is the speaker ("Speaking to reporters, she said, ...") is
    where, when or how it was said, and so is a clause of the speaker's own doing ("As she left
    the stage, she said, ...", "While Ruiz spoke, he added, ...") or an absolute clause with no
    subordinator ("Hands raised, he asked, ..."), and one that holds a report of its own
    ("When asked about the fee, she said, ..."). None that opens with a conjunction."""
    doc = cue.doc
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
    if subj is None:
        return None
    comma = subj.left_edge.i - 1
    if comma <= cue.sent.start or doc[comma].text != ",":
        return None
    left = [c for c in cue.children if c.i < comma]
    if not left or any(c.dep_ not in _OPENING_ON_CUE_DEPS for c in left):
        return None
    if any(c.tag_ in ("VBG", "VBN") and not has_own_subject(c) for c in left):
        return None
    clauses = [
        c
        for c in left
        if c.dep_ in ("advcl", "ccomp") and c.tag_.startswith(("VB", "MD")) and has_own_subject(c)
    ]
    if not clauses or any(_scene_of_speaker(c, subj, lex) for c in clauses):
        return None
    start, end = trim_span(doc, cue.left_edge.i, comma)
    if end - start < 2 or doc[start].dep_ == "cc":
        return None
    if any(is_cue(t, lex) for t in doc[start:end]):
        return None
    return start, end


def opening_fragment(cue: Token) -> tuple[int, int, str] | None:
    """The words before a cue set off inside the sentence it reports, whatever follows the cue
    (a clause or a quote): the subject of an interrupted clause ("The pier, Ivanov said, ...",
    kind "subject") or an opening adverbial or clause ("If Smith wins, he said, ...", kind
    "opening")."""
    subject = interrupted_subject(cue)
    if subject is not None:
        return subject[0], subject[1], "subject"
    opening = interposed_opening(cue)
    return (opening[0], opening[1], "opening") if opening is not None else None


def trailing_cue_content(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "CONTENT, SPEAKER says" when the parse found no clause (verbless headlines), and
    "CONTENT, said SPEAKER" when the parser hung the cue inside the content or made the
    content a second subject of the cue ("The levy hurts farms, said Ines Roe" with "hurts"
    read as a noun)."""
    doc = cue.doc
    sent = cue.sent
    subj = _inverted_subject(cue)
    if subj is not None:
        comma = cue.i - 1
    else:
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None) or appos_subject(cue)
        if subj is None or subj.i > cue.i:
            return None
        comma = subj.left_edge.i - 1
        if doc[comma].text != "," and (nearest := _nearest_subject_before(cue)) is not None:
            comma = nearest.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    if any(
        t.is_punct and t.text not in (",", "-", "'", "’")
        for t in doc[cue.i + 1 : sent.end]
        if not t.is_space and t.text not in (".",)
    ):
        return None
    spec = lex.cue(cue.lower_)
    if not (spec and spec.addressee) and any(
        c.dep_ in ("dobj", "dative", "ccomp", "xcomp") and c.i > cue.i for c in cue.children
    ):
        return None  # "Instead, the agency proposed a levy": the verb has an object of its own
    if clause_follows(cue):
        return None
    if any(
        c.dep_ in _OPENING_ADJUNCTS and c.left_edge.i == sent.start and c.right_edge.i == comma - 1
        for c in cue.children
    ):
        return None  # "In May, the agency proposed ...": an opening adjunct of the cue, no content
    start, end = trim_span(doc, _after_last_dash(doc, sent.start, comma), comma)
    if end <= start:
        return None
    return start, end, "parataxis"


def _nearest_subject_before(cue: Token) -> Token | None:
    """The cue's subject nearest before it: a misparse may hang a subject from inside the
    content on the cue too, the speaker is then the last one."""
    return next((c for c in reversed(list(cue.lefts)) if c.dep_ == "nsubj"), None)


def _inverted_subject(cue: Token) -> Token | None:
    """ "..., said Ines Roe, a grower in the valley.": the speaker right after a cue that follows
    a comma and closes its sentence (every word after the cue hangs on it)."""
    doc = cue.doc
    if cue.i - 1 <= cue.sent.start or doc[cue.i - 1].text != ",":
        return None
    subj = next((c for c in cue.rights if c.dep_ == "nsubj"), None)
    if subj is None or subj.left_edge.i != cue.i + 1:
        return None
    if any(
        not t.is_punct and not t.is_space and not cue.is_ancestor(t)
        for t in doc[cue.i + 1 : cue.sent.end]
    ):
        return None
    return subj


def _after_last_dash(doc: Doc, start: int, end: int) -> int:
    """ "The kiln was lit at dawn - and the glaze, the potter said, had cracked by noon": the
    words before a cue set off after a dash are what the speaker said from the dash on (the
    clause before the dash is the reporter's); a leading "and"/"but" is no part of it. A
    hyphen inside a word ("semi-final") is no dash."""
    for k in range(end - 1, start, -1):
        t = doc[k]
        if t.text in DASHES and (t.text != "-" or t.whitespace_ and doc[k - 1].whitespace_):
            k += 1
            while k < end and (doc[k].dep_ == "cc" or doc[k].is_space):
                k += 1
            return k if k < end else start
    return start


def clause_follows(cue: Token) -> bool:
    """ "In a statement after the vote, Mr. Bell said he was sure the levy would pass": right
    after the cue comes a clause with its own subject (the parser did not hang it on the cue);
    that is what was said, so the words before the cue are none of it. A clause opened by a
    subordinator ("..., she said as she left") does not count."""
    doc = cue.doc
    k = cue.i + 1
    if k >= cue.sent.end or doc[k].dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = doc[k].head
    return (
        verb.i > k
        and verb.i != cue.i
        and (verb.tag_ in FINITE_TAGS or any(c.dep_ == "aux" for c in verb.children))
        and not any(c.dep_ == "mark" for c in verb.children)
    )


#: Dependencies of a sentence's first word that make it an adjunct of the verb, not content.
_OPENING_ADJUNCTS = frozenset({"prep", "npadvmod"})


#: a verb's own complements: after a cue set off inside its clause they can only finish it
_COMPLEMENT_DEPS = frozenset({"attr", "acomp", "dobj", "dative", "oprd", "xcomp", "ccomp", "agent"})


def complement_rest(cue: Token) -> tuple[int, int] | None:
    """ "The winter was, she said, one of the coldest", "The plan is, the mayor said, to wait for
    spring", "The guild has been blocking the sale, she said, by lobbying every councillor": a
    cue set off after the verb of the clause it reports, before that verb's complement (its
    object, predicate, open or clausal complement, agent) or a "by" phrase of means (a gerund).
    Those words finish the reported clause; they are its second fragment, like the second
    half of a broken quote (the words before the cue are the first). A conjunct, a place, a
    time or any other phrase after the cue is left alone: it is as often the reporter's; so is
    a second complement of a kind the verb already has before the cue (an apposition the
    parser hung on the verb)."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i >= cue.i or not head.tag_.startswith(("VB", "MD")):
        return None
    doc = cue.doc
    first = next((c for c in head.children if c.i > cue.right_edge.i and not c.is_punct), None)
    if first is None or not any(t.text == "," for t in doc[cue.right_edge.i : first.left_edge.i]):
        return None
    means = (
        first.dep_ == "prep"
        and first.lower_ == "by"
        and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in first.children)
    )
    if first.dep_ not in _COMPLEMENT_DEPS and not means:
        return None
    if not means and any(c.dep_ == first.dep_ and c.i < cue.i for c in head.children):
        return None  # "Turnout was 41 percent, the clerk said, the highest since 2010": filled
    start, end = trim_span(doc, first.left_edge.i, head.right_edge.i + 1)
    return (start, end) if end - start >= 2 else None
