"""Contents that are no reported clause: infinitives, of-gerunds, as-predicates, quoted judgements."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .bounds import (
    cut_at_other_cues,
    named_other_subject,
    set_off_end,
    stance_participle_end,
    trim_span,
)
from .conjuncts import cue_form_conjunct, finite_after_infinitive, infinitive_list_end
from .cues import CueSpec, Lexicon
from .shapes import (
    FINITE_TAGS,
    PRONOUN_TAGS,
    QUOTE_TAGS,
    TENSED_TAGS,
    TIME_ENTS,
    comparison_clause,
    has_own_subject,
    infinitive_verb,
    is_passive,
    statement_or_medium,
    that_clause,
    to_infinitive,
)


def medium_clauses(cue: Token, lex: Lexicon) -> list[Token]:
    """ "said in a statement that ...", "told analysts on a conference call that ...": the parser
    may hang the reported clause on the noun of an adjunct; a complementiser "that" (a mark,
    not a relative pronoun) shows it is the content."""
    out = []
    preps = [c for c in cue.children if c.dep_ == "prep"]
    for prep in preps:
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            nouns = [pobj] + [
                g
                for p2 in pobj.children
                if p2.dep_ == "prep"
                for g in p2.children
                if g.dep_ == "pobj"
            ]
            for n in nouns:
                known = statement_or_medium(n, lex)
                for g in n.children:
                    if (
                        g.dep_ in ("acl", "ccomp", "relcl")
                        and that_clause(g)
                        and (known or g.i > n.i)
                    ):
                        out.append(g)
    return out


def object_clauses(cue: Token, lex: Lexicon) -> list[Token]:
    """ "warned the nominee he had to apologise": the parser may read a bare reported clause
    after the addressee as a relative clause of it; with a subject of its own and no relative
    pronoun, it is the content; so is a clause the parser hung on the addressee of a verb that
    takes one ("told an interviewer that she would ..."), opened by the complementiser "that"."""
    out = []
    doc = cue.doc
    for obj in (c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i):
        for c in obj.children:
            if _that_clause_on_addressee(cue, obj, c, lex):
                out.append(c)
                continue
            if c.dep_ not in ("relcl", "ccomp") or c.i < obj.i or c.left_edge.i == 0:
                continue
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            prev = doc[c.left_edge.i - 1]  # the last word of the object, no comma between
            if (
                subj is not None
                and subj.i == c.left_edge.i
                and subj.lower_ not in lex.lists.relative_pronouns
                and not prev.is_punct
                and obj.left_edge.i <= prev.i <= obj.right_edge.i
                and not relative_gap(obj, c, lex)
            ):
                out.append(c)
    return out


def _that_clause_on_addressee(cue: Token, obj: Token, c: Token, lex: Lexicon) -> bool:
    """ "told an interviewer that she would never sail again": after the addressee of a verb
    that takes one (``addressee`` in the lexicon), a clause with a subject of its own, opened
    by "that" read as a complementiser (a mark, not a relative pronoun) right after the
    addressee's phrase, is what was told, whatever the parser hung it on."""
    spec = lex.cue(cue.lower_)
    if spec is None or not spec.addressee or c.dep_ not in ("acl", "relcl", "ccomp"):
        return False
    first = c.left_edge
    return (
        c.i > obj.i
        and first.lower_ == "that"
        and first.dep_ == "mark"
        and first.head.i == c.i
        and not cue.doc[first.i - 1].is_punct
        and has_own_subject(c)
    )


#: Dependents that fill a verb's place after it: a clause with none of them after a thing it
#: follows may have left that place to the thing ("the route it will be opening").
_FILLED = frozenset({"dobj", "dative", "ccomp", "xcomp", "attr", "acomp", "oprd", "auxpass", "prt"})


def relative_gap(obj: Token, clause: Token, lex: Lexicon) -> bool:
    """ "announced a second route it would open in May": a clause after a thing (a common noun)
    whose verb lacks the object the thing supplies is a relative clause without its pronoun,
    part of the object, not a reported clause; after an addressee named or a pronoun ("warned
    Hale he would lose") it is one, and so after the object of a verb that takes an addressee
    ("assured the crowd she would not quit")."""
    spec = lex.cue(obj.head.lower_)
    if spec is not None and spec.addressee:
        return False
    if obj.tag_ not in ("NN", "NNS") or obj.ent_type_ or not clause.tag_.startswith("VB"):
        return False
    if clause.lemma_ in ("be", "have") and clause.tag_ != "VBN":
        return False
    return not any(c.dep_ in _FILLED for c in clause.children)


def parenthetical_content(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "As the Gazette reported on Tuesday, the fund will close": a report in an as-clause
    attributes the clause it hangs on (without the as-clause); the second term of a comparison,
    "raised nearly as much money as the mayor promised", attributes nothing."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    if comparison_clause(cue):
        return None
    if any(
        c.dep_ in ("ccomp", "dobj", "xcomp") or _topic_of_cue(cue, c, lex) for c in cue.children
    ):
        return None
    doc, head = cue.doc, cue.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    before = trim_span(doc, lo, cue.left_edge.i)
    after = trim_span(doc, cue.right_edge.i + 1, hi)
    start, end = max(before, after, key=lambda r: r[1] - r[0])
    return (start, end, "parataxis") if end - start >= 2 else None


def _topic_of_cue(cue: Token, c: Token, lex: Lexicon) -> bool:
    """ "..., as it commented on the new rules": "on"/"about" right after the cue with a common
    noun (a topic; not a day or the speaker's own medium: "as the Gazette reported on Tuesday",
    "on its website") is what the act was about, so the as-clause reports nothing of the clause
    it hangs on."""
    return (
        c.dep_ == "prep"
        and c.i == cue.i + 1
        and c.lower_ in ("on", "about")
        and any(
            g.dep_ == "pobj"
            and g.tag_ in ("NN", "NNS")
            and g.ent_type_ not in TIME_ENTS
            and g.lower_ not in lex.lists.time_nouns
            and not statement_or_medium(g, lex)
            and not any(d.dep_ == "poss" for d in g.children)
            for g in c.children
        )
    )


def finite_without_subject(comp: Token) -> bool:
    """ "two of the children admitted had needed oxygen": a finite clause with no subject of its
    own is no reported clause of this verb (here "admitted" is a participle)."""
    left = comp.doc[comp.left_edge.i : comp.i]  # the parser may hang the subject on an auxiliary
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children) or any(
        t.dep_ in ("nsubj", "nsubjpass", "expl") or t.dep_ == "mark" and t.lower_ == "that"
        for t in left
    ):
        return False
    if comp.tag_ in TENSED_TAGS:
        return True
    return (
        any(
            c.dep_ in ("aux", "auxpass")
            and c.lower_ in ("had", "has", "have", "was", "were", "is", "are")
            for c in comp.children
        )
        and comp.tag_ != "VBG"
    )


def _for_clause(c: Token, spec: CueSpec) -> bool:
    """ "called for [the bridge to be closed]", "calls for [the council to resign]": the parser
    made the cue's preposition the mark of an infinitive clause with its own subject."""
    return infinitive_verb(c) and any(
        g.dep_ == "mark" and g.lower_ in spec.cue_preps and g.lower_ in spec.complements
        for g in c.children
    )


def noun_that_clause(obj: Token) -> Token | None:
    """ "the idea that the levy would hurt the port", "claims that the vote was rigged": the
    that-clause of a noun (with a subject; "the plan that he liked" is a relative), else None."""
    if not obj.tag_.startswith("NN"):
        return None
    return next(
        (
            g
            for g in obj.children
            if g.dep_ in ("acl", "relcl", "ccomp") and that_clause(g) and has_own_subject(g)
        ),
        None,
    )


def _wh_clause(c: Token, lex: Lexicon) -> bool:
    return (
        c.dep_ in ("ccomp", "xcomp", "advcl")
        and c.left_edge.lower_ in lex.lists.wh_words
        or (_question_read_as_relative(c, lex))
    )


def _question_read_as_relative(c: Token, lex: Lexicon) -> bool:
    """ "asked the ferryman why the crossing had closed", "was asked by a pilot how the tide
    ran": the parser made the question a relative clause of the one asked; a clause opened
    by a word that opens no relative clause on a noun (``question_words``: "why", "how",
    "whether", "if") is the question (see ``_asked_questions``)."""
    return c.dep_ == "relcl" and c.left_edge.lower_ in lex.lists.question_words


def _asked_questions(noun: Token, lex: Lexicon) -> list[Token]:
    """The questions the parser hung on the noun of the one asked as relative clauses."""
    return [c for c in noun.children if c.i > noun.i and _question_read_as_relative(c, lex)]


def _a_name(pred: Token) -> bool:
    """Is the object predicative ``pred`` a name given to the object, not a judgement of it?
    "locals called them "river spaghetti"" (a bare compound noun), "critics called her "the
    Duchess of Pauses"" (a proper noun, bare or with "the") name; "called the deal a disaster",
    "called it "a Trojan horse"", "called the work "elegant"", "called the claims nonsense" judge,
    and so does a compound an adjective describes ("called them "very costly ferry fares"")."""
    if not pred.tag_.startswith("NN"):
        return False
    dets = [g.lower_ for g in pred.children if g.dep_ == "det"]
    if pred.tag_.startswith("NNP"):
        return dets in ([], ["the"])
    return (
        not dets
        and any(g.dep_ == "compound" for g in pred.children)
        and not any(g.dep_ == "amod" and g.is_lower for g in pred.children)
    )


def _quoted_judgement(c: Token, obj: Token | None) -> bool:
    """ "called the plan "a scandal"": the parser made the quoted predicative an apposition of the
    object; an indefinite noun phrase in quote marks right after the object is a judgement
    ("called the mayor, a former teacher," is a phone call: no quote marks)."""
    if obj is None or c.dep_ != "appos" or c.head.i != obj.i:
        return False
    doc = c.doc
    opening = c.left_edge.i - 1
    if opening < 1 or doc[opening].tag_ != "``":
        return False
    before = doc[opening - 1]
    dets = [g.lower_ for g in c.children if g.dep_ == "det"]
    return (before.i == obj.i or obj.is_ancestor(before)) and dets[:1] in (["a"], ["an"])


def _addressee_before_infinitive(c: Token, spec: CueSpec) -> bool:
    """ "called on Harbour Gov. Ida Roe (R) to resign", "called upon the board to act": the
    parser left the cue's preposition without its object (or read it as a particle) and hung the
    addressee and the infinitive on the verb. Right after the cue, a noun phrase (no verb, no
    date or time) runs from the preposition to the infinitive the cue governs."""
    cue, doc = c.head, c.doc
    if c.lower_ not in spec.cue_preps or c.lower_ not in spec.complements or c.i != cue.i + 1:
        return False
    if any(g.dep_ == "pobj" and g.i > c.i + 1 for g in c.children) and c.dep_ == "prep":
        return False  # "on [ministers]" has its object: the ordinary complement
    inf = next((g for g in cue.children if g.i > c.i and infinitive_verb(g)), None)
    if inf is None or inf.left_edge.i <= c.i + 1:
        return False
    words = doc[c.i + 1 : inf.left_edge.i]
    return (
        any(t.tag_.startswith("NN") or t.tag_ == "PRP" for t in words)
        and not any(t.pos_ in ("VERB", "AUX") or t.ent_type_ in TIME_ENTS for t in words)
        and not any(t.text in (",", ";", ":") for t in words)
    )


def _as_clause(c: Token, obj: Token | None) -> bool:
    """ "described the port as run by amateurs", "described the squad as highly talented": the
    parser read the predicative after "as" as a clause of the verb ("as" its mark or adverb). It
    is the "as" complement when it follows the object and has no finite verb of its own ("as the
    crowd cheered" is a time)."""
    if obj is None or c.dep_ != "advcl" or c.i < obj.i or c.left_edge.lower_ != "as":
        return False
    first = c.left_edge
    if first.head.i != c.i or first.dep_ not in ("mark", "advmod"):
        return False
    if c.tag_ not in ("VBN", "VBG", "JJ", "JJR", "JJS"):
        return False
    if any(g.dep_ == "conj" and g.tag_.startswith("VB") for g in c.children):
        return (
            False  # "as having lost the plot, or mocking ...": where the judgement ends is unclear
        )
    finite = any(g.dep_ in ("aux", "auxpass") and g.tag_ in FINITE_TAGS for g in c.children)
    subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    return not finite and (not subject or c.tag_ == "VBG")


def gerund_complement(c: Token) -> bool:
    """ "reported [raising $2 million]", "suggested [hiring more nurses]": a gerund the parser
    made the verb's open complement (lexicon.toml complements "gerund")."""
    return c.dep_ == "xcomp" and c.tag_ == "VBG"


def _before_finite_conjunct(gerund: Token, end: int) -> int:
    """ "proposed closing the pier and signed a bill": a finite verb the parser joined to the
    gerund is the speaker's next act, not part of the proposal; the content ends before its
    "and"."""
    for conj in (g for g in gerund.children if g.dep_ == "conj" and g.tag_ in FINITE_TAGS):
        cc = [g.i for g in gerund.children if g.dep_ in ("cc", "punct") and g.i < conj.left_edge.i]
        end = min(end, max((i for i in cc if i > gerund.i), default=conj.left_edge.i))
    return end


def _gerund_adjuncts_end(cue: Token, end: int) -> int:
    """ "suggested hiring guards [to patrol the pier]", "proposed closing the pool [when the heat
    ends]": the parser may hang the gerund's purpose or time clause on the cue; right after the
    gerund, with no comma between, it belongs to the proposal."""
    for c in sorted((c for c in cue.children if c.i >= end), key=lambda c: c.i):
        if c.left_edge.i != end or c.dep_ not in ("advcl", "xcomp"):
            break
        end = c.right_edge.i + 1
    return end


def _before_closing_aside(doc: Doc, start: int, end: int) -> int:
    """ "mentioned raising the toll (with far less fire than his rival)": a parenthesis that
    closes a gerund's content (its ")" the last word or, hung elsewhere, the next) is the
    writer's aside on how it was said, not what was said; the content ends before it (one with
    at least two words before it)."""
    if end - start < 4:
        return end
    closing = end - 1 if doc[end - 1].text == ")" else end
    if closing >= len(doc) or doc[closing].text != ")":
        return end
    depth = 0
    for t in reversed(doc[start : closing + 1]):
        depth += (t.text == ")") - (t.text == "(")
        if depth == 0:
            return t.i if t.i - start >= 2 else end
    return end


def _complement_kind(c: Token, obj: Token | None, spec: CueSpec, lex: Lexicon) -> bool:
    """Is ``c`` (a right child of the cue) one of the complements ``spec`` takes as content?"""
    kinds = spec.complements
    if c.dep_ in ("prep", "prt") and _addressee_before_infinitive(c, spec):
        return True
    if "as" in kinds and _as_clause(c, obj):
        return True
    if c.dep_ == "prep":
        if c.lower_ in spec.cue_preps and obj is not None and obj.i < c.i:
            # "called her X for her style": a reason, not "called for [an inquiry]" (an object
            # the parser hung on the verb after "called for ..." is inside its phrase)
            return False
        objs = [
            g for g in c.children if g.dep_ not in ("punct", "cc")
        ]  # "as reckless": an adjective too
        return (
            c.lower_ in kinds
            and c.lower_ != "to"  # "to" is the infinitive kind: "claiming nine seats to two"
            and bool(objs)
            and all(g.ent_type_ not in TIME_ENTS and not _duration(g, lex) for g in objs)
        )
    if "to" in kinds and infinitive_verb(c) or _for_clause(c, spec):
        return True
    if "gerund" in kinds and obj is None and gerund_complement(c):
        return True  # "reported raising $2 million": the gerund clause is what was reported
    if "wh" in kinds and _wh_clause(c, lex):
        return True
    if "that" in kinds and c.dep_ == "ccomp" and that_clause(c):
        return True  # "asked that donations be sent": a request in a that-clause
    if "object_that" in kinds and c is obj and noun_that_clause(c) is not None:
        return True  # "rejected [the idea that ...]": the object and its clause
    if "predicate" in kinds and (
        _quoted_judgement(c, obj) or _predicate_read_as_object(c, obj, lex)
    ):
        return True
    # "called the deal a disaster": an object predicative (or a small clause the parser made of
    # it, also as a predicative whose subject is the object right after the cue: "calls [Hale
    # unqualified]")
    return "predicate" in kinds and (
        c.dep_ in ("oprd", "attr")
        and obj is not None
        and not _a_name(c)
        or c.dep_ in ("ccomp", "xcomp")
        and not infinitive_verb(c)
        and any(g.dep_ == "nsubj" for g in c.children)
        or c.dep_ == "oprd"
        and any(g.dep_ == "nsubj" and g.left_edge.i == c.head.i + 1 for g in c.children)
    )


def _predicate_read_as_object(c: Token, obj: Token | None, lex: Lexicon) -> bool:
    """ "calling Holt a crook", "calling Roe a fascist": the parser read the object predicative
    as a second direct object of the verb, or made the object an open complement (xcomp) of the
    verb with the predicative as its object. An indefinite common noun phrase after the object
    is the judgement; a name ("called him Big Sam", ``_a_name``) or a time ("called the mayor a
    day later") is none."""
    if c.dep_ == "dobj" and obj is not None and c.i > obj.right_edge.i:
        pred = c
    elif (
        c.dep_ == "xcomp"
        and obj is None
        and c.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP")
        and c.left_edge.i == c.head.i + 1
    ):
        pred = next(
            (g for g in c.children if g.dep_ in ("dobj", "attr", "oprd") and g.i > c.i), None
        )
        if pred is None:
            return False
    else:
        return False
    dets = [g.lower_ for g in pred.children if g.dep_ == "det"]
    return (
        pred.tag_ in ("NN", "NNS")
        and dets[:1] in (["a"], ["an"])
        and not _a_name(pred)
        and pred.ent_type_ not in TIME_ENTS
        and not _duration(pred, lex)
    )


def _duration(g: Token, lex: Lexicon) -> bool:
    """ "argued for hours", "argued for two years": a bare noun of time is how long, not what
    was argued for (the fast path has no NER); "a day of mourning", "a longer school day" are
    content."""
    word = g.lower_[:-1] if g.tag_ == "NNS" else g.lower_  # the fast path has no lemmatiser
    return word in lex.lists.time_nouns and not any(
        c.dep_ in ("amod", "compound") or c.dep_ == "prep" and c.lower_ == "of" for c in g.children
    )


def _quoted_second_object(cue: Token, obj: Token) -> list[Token]:
    """ "called him "a disgrace"", "called the sale of the ferry "quite reckless"": the parser made
    the quoted judgement a second object of the verb, or a word of the object itself. A quote
    after the object's first word that closes the clause and opens with an adjective, an adverb
    or "a"/"an" is the object predicative (a name in quotes is none: "Big Sam", "hedge money")."""
    doc = cue.doc
    seconds = [c for c in cue.children if c.dep_ == "dobj" and c.i > obj.i]
    last = seconds[-1] if seconds else obj
    opening = next(
        (t for t in doc[obj.left_edge.i + 1 : last.right_edge.i + 1] if t.tag_ == "``"), None
    )
    if opening is None or opening.i + 1 > last.right_edge.i:
        return []
    first = doc[opening.i + 1]
    if not (first.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR") or first.lower_ in ("a", "an")):
        return []  # "called the payments "hedge money"": a bare noun in quotes is a name
    after = doc[last.right_edge.i + 1] if last.right_edge.i + 1 < len(doc) else None
    ends = after is None or after.is_punct or after.dep_ == "cc"
    return seconds or [obj] if ends else []


def _relative_quoted_predicate(cue: Token) -> tuple[int, int, str] | None:
    """ "escape what the mayor called "a credibility gap"", "a guild which he called "a private
    club for owners"": in a relative clause the cue's object is the pronoun before the speaker, so
    the judgement is the quoted predicative right after the cue, and it alone is what was said
    (a name in quotes is none: "videos he calls "Harbour TV""). The quote may stop before an
    adjunct of the predicative ('what he called "the start of an era" in his memoir') or take in
    one of the cue's ('what she called "our worst week this year."'); it opens the predicative and
    holds its head ('builds what it calls "smart" maps' quotes one word of it)."""
    doc = cue.doc
    if not _object_is_relative(cue):
        return None
    if cue.i + 2 >= len(doc) or doc[cue.i + 1].tag_ not in QUOTE_TAGS:
        return None  # the parser may tag an opening '' (typewriter quotes) as a closing one
    pred = next((c for c in cue.children if c.i > cue.i + 1 and c.dep_ in ("oprd", "attr")), None)
    if pred is None or pred.left_edge.i > cue.i + 2:
        return None
    close = next((t.i for t in doc[cue.i + 2 :] if t.tag_ == "''"), None)
    if close is None or close <= pred.i or not _relative_quote_judges(doc, cue.i + 1, close, pred):
        return None
    last = pred.right_edge.i
    if close <= last and not (doc[close + 1].is_punct or doc[close + 1].dep_ == "prep"):
        return None  # the quote stops inside the predicative's own words
    if any(t.tag_ in FINITE_TAGS for t in doc[last + 1 : close]):
        return None  # the quote is the whole predicative (and the cue's adjuncts), no clause
    start, end = trim_span(doc, pred.left_edge.i, close + 1)
    return (start, end, "object") if end > start else None


def _object_is_relative(cue: Token) -> bool:
    """Is the cue's object the relative pronoun before it? "what the mayor called ...", "a pact
    which he called ..."; also "a port that the mayor called ..." and "charges that the sheriff
    called ..." where the parser read the pronoun "that" as the complementiser of a clause on the
    noun before it (the cue then has no object of its own)."""
    if any(c.i < cue.i and c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in cue.children):
        return True
    return (
        cue.dep_ in ("relcl", "acl")
        and cue.head.i < cue.i
        and cue.head.tag_ in ("NN", "NNS")
        and any(c.i < cue.i and c.dep_ == "mark" and c.lower_ == "that" for c in cue.children)
        and not any(c.dep_ in ("dobj", "dative") for c in cue.children)
    )


def _relative_quote_judges(doc: Doc, opening: int, close: int, pred: Token) -> bool:
    """Do the quoted words ``doc[opening + 1 : close]`` opening the predicative ``pred`` of a
    relative clause's cue judge rather than name? An adjective or adverb first ("reckless",
    "sensible harbour safety rules") or "a"/"an" with no bare name (``_a_name``) judges; so does
    "the" or a possessive first ("the start of a new era", "our worst week") when the quoted words
    are not all capitalised ("the Hub" names). A bare noun ("infrastructure") is a term."""
    first = doc[opening + 1]
    if first.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR"):
        return not pred.tag_.startswith("NNP") or not _a_name(pred)
    if _a_name(pred):
        return False
    if first.lower_ in ("a", "an"):
        return True
    return first.tag_ in ("DT", "PRP$") and _quoted_words_judge(doc, opening, close)


def _reduced_passive(cue: Token, spec: CueSpec) -> bool:
    """ "Mayor criticised over ferry levy", "Harbour chief accused of hiding losses": a headline
    leaves out the "is" of a passive. A past form with no object of any kind, followed at once
    by a preposition the active verb takes only after its object ("accused [X] of", "blamed [X]
    for", "described [X] as"), is such a passive: its subject is the one accused, not a speaker.
    A preposition the verb takes straight after it ("called for", "warned of") is no sign of it;
    a relative clause ("the firm she accused of ...") has its object before the verb."""
    doc = cue.doc
    if cue.dep_ not in ("ROOT", "conj") or cue.tag_ not in ("VBD", "VBN") or cue.i + 1 >= len(doc):
        return False
    if any(c.dep_ in ("dobj", "dative", "ccomp", "xcomp", "oprd") for c in cue.children):
        return False
    nxt = doc[cue.i + 1]
    return (
        nxt.dep_ == "prep"
        and nxt.head.i == cue.i
        and nxt.lower_ in spec.complements
        and nxt.lower_ not in spec.cue_preps
    )


def _object_read_as_modifier(cue: Token) -> tuple[int, int, str] | None:
    """ "called the pact "madness"", "called the protesters "vandals" and "thugs"": the parser
    made the object a modifier (nmod) of the quoted judgement after it; the object and the
    judgement are the content (a name in quotes is none: "called the fish "river pearls"")."""
    doc = cue.doc
    for pred in cue.children:
        if pred.i < cue.i or pred.dep_ not in ("dobj", "oprd") or _a_name(pred):
            continue
        mod = next((g for g in pred.lefts if g.dep_ == "nmod" and g.tag_.startswith("NN")), None)
        quote = mod.right_edge.i + 1 if mod is not None else -1
        if mod is None or pred.left_edge.i <= cue.i or doc[quote].tag_ != "``":
            continue
        if pred.tag_.startswith("NNP") or not all(
            t.i == pred.i or t.dep_ in ("amod", "advmod", "det")
            for t in doc[quote + 1 : pred.i + 1]
        ):
            continue  # "called the firm "Harbour Kings"": a name
        start, end = trim_span(doc, pred.left_edge.i, pred.right_edge.i + 1)
        return (start, end, "object") if end > start else None
    return None


_OBJECT_STARTS = frozenset({"PRP", "PRP$", "DT", "NNP", "NNPS", "NN", "NNS", "JJ", "CD"})


def _opening_mark(t: Token) -> bool:
    """An opening quote mark: a curly or `` mark tagged so; a typewriter quote (two apostrophes
    or a straight double quote, which the tagger often reads the wrong way) by its spacing: a
    space before it, a word right after it."""
    doc = t.doc
    if t.text not in ("''", '"'):
        return t.tag_ == "``"
    return (
        0 < t.i < len(doc) - 1
        and not t.whitespace_
        and bool(doc[t.i - 1].whitespace_)
        and doc[t.i + 1].is_alpha
    )


def _closing_mark(t: Token) -> bool:
    """A closing quote mark: tagged so, or a typewriter quote that does not open (the tagger
    may tag a final straight quote as an opening one)."""
    return (t.tag_ == "''" or t.text in ("''", '"')) and not _opening_mark(t)


_SINGLE_MARKS = frozenset({"\u2018", "\u2019", "'"})


def _same_kind(opening: Token, mark: Token) -> bool:
    """Does ``mark`` close a quote that ``opening`` opens? A double mark is closed by a double
    one: in 'called him “the port’s best skipper”' the apostrophe of the possessive, which the
    tagger may read as a closing mark, is inside the quote."""
    return (opening.text in _SINGLE_MARKS) == (mark.text in _SINGLE_MARKS)


def _quoted_words_judge(doc: Doc, opening: int, close: int) -> bool:
    """Do the quoted words ``doc[opening + 1 : close]`` after an object judge it, or name it?
    Content words all capitalised name ("Harbour Kings", "the Duchess of Pauses"), unless "a" or
    "an" stands before them ("an "Iron Duke"" is a kind, not a name); otherwise a determiner or
    possessive just before the quote or opening it ("a "disgrace"", "their "lucky charm""), an
    adjective or adverb first ("reckless", "very flexible"), a lower-case adjective further on
    ("the port's worst landlord" with the possessive's apostrophe read as a quote mark) or one
    lower-case word ("thugs", "childish" even when the tagger reads it as a name) judge, and a
    bare compound ("river pearls") names."""
    words = [t for t in doc[opening + 1 : close] if t.is_alpha]
    content = [w for w in words if w.tag_ not in ("DT", "IN", "CC", "TO", "PRP$")]
    if not content:
        return False
    indefinite = bool({"a", "an"} & {doc[opening - 1].lower_, words[0].lower_})
    if all(w.is_title or w.is_upper for w in content) and not indefinite:
        return False
    if doc[opening - 1].tag_ in ("DT", "PRP$") or words[0].tag_ in ("DT", "PRP$"):
        return True
    if any(t.tag_ == "POS" for t in doc[opening + 1 : close]):
        return True  # 'called him "the town's worst landlord"': a possessive phrase judges
    if words[0].tag_ in ("JJ", "JJR", "JJS", "RB", "RBR"):
        return True
    if any(w.is_lower and w.tag_ in ("JJ", "JJR", "JJS") for w in words):
        return True
    return len(words) == 1 and (words[0].tag_ in ("NN", "NNS") or words[0].is_lower)


def _demonstrative_read_as_mark(t: Token) -> bool:
    """'She now calls that "the worst idea I ever had"': the demonstrative object right after
    the cue and right before the quote mark, which the parser read as a complementiser opening
    the quote as a clause (no clause follows a judging verb's "that")."""
    doc = t.doc
    return (
        t.lower_ == "that"
        and t.dep_ == "mark"
        and t.i + 1 < len(doc)
        and _opening_mark(doc[t.i + 1])
        and t.i > 0
        and doc[t.i - 1].tag_.startswith("VB")
    )


def _plain_quoted_judgement(cue: Token) -> tuple[int, int, str] | None:
    """ "called her "a rising star"", "called the tax plan "reckless"": an object and a quoted
    judgement right after it, read from the words when the parser made something else of them
    (a possessive object, an apposition, a cue hung on the speaker after his apposition). The
    object (a noun or pronoun) runs from the cue to the quote without a verb, colon or sentence
    end between; the quote ends the phrase (a comma, "and" or the sentence's end follows, or a
    comma closes it inside the marks: in 'called the "crooked" press' the quote is a word of the
    object) and judges rather than names (``_quoted_words_judge``); it closes within two dozen
    tokens ('calls her "a gifted manager with a long record and a great deal of patience"'). In
    a relative clause the object is the pronoun before the cue
    ("the pact, which he had called a "farce""): the quoted judgement alone is the content, as
    in ``_relative_quoted_predicate``, when it opens in lower case ("the "Harbour Tax"" names)."""
    doc = cue.doc
    sent_end = cue.sent.end
    first = cue.i + 1
    if first >= sent_end or not (
        doc[first].tag_ in _OBJECT_STARTS or _demonstrative_read_as_mark(doc[first])
    ):
        return None
    opening = next(
        (
            t.i
            for t in doc[first + 1 : min(sent_end, first + 14)]
            if _opening_mark(t) or t.tag_ in FINITE_TAGS or t.text in (".", ";", ":", "?", "!")
        ),
        None,
    )
    if opening is None or not _opening_mark(doc[opening]):
        return None
    before = doc[opening - 1]  # 'called it a "disgrace"' ('called that "absurd"': the object)
    obj_end = opening - 1 if before.tag_ in ("DT", "PRP$") and before.dep_ != "dobj" else opening
    if _demonstrative_read_as_mark(before):
        obj_end = opening  # 'calls that "the worst idea"': "that" is the object
    relative = any(  # "a pact which he called ...", not "Ida, who called ...": its subject
        c.i < cue.i and c.tag_ in ("WP", "WDT") and c.dep_ not in ("nsubj", "nsubjpass")
        for c in cue.children
    )
    if relative != (
        not any(
            t.tag_.startswith("NN")
            or t.tag_ in ("PRP", "CD")
            or t.dep_ == "dobj"
            or _demonstrative_read_as_mark(t)
            for t in doc[first:obj_end]
        )
    ):
        return None  # 'a ferry the crew now calls a "floating sieve"': no object
    while sent_end < len(doc) and _closing_mark(doc[sent_end]):
        sent_end += 1  # '... "past a joke."': the parser may end the sentence before the mark
    close = next(
        (
            t.i
            for t in doc[opening + 1 : min(sent_end, opening + 24)]
            if _closing_mark(t) and _same_kind(doc[opening], t)
        ),
        None,
    )
    if close is None or not _quoted_words_judge(doc, opening, close):
        return None
    if relative and not doc[opening + 1].is_lower:
        return None  # 'what locals call the "Harbour tax"': a name
    # '"reckless" and "cruel"': coordinated judgements are one content
    while close + 3 < sent_end and doc[close + 1].tag_ == "CC" and doc[close + 2].tag_ == "``":
        window = doc[close + 3 : min(sent_end, close + 16)]
        more = next((t.i for t in window if t.tag_ == "''"), None)
        if more is None:
            break
        close = more
    after = doc[close + 1] if close + 1 < sent_end else None
    if (
        after is not None
        and not (after.is_punct and after.tag_ != "``" or after.tag_ == "CC" or after.is_space)
        and doc[close - 1].text not in (",", ".")
    ):
        return None
    start, end = trim_span(doc, first, close + 1)
    return (start, end, "object") if end > start else None


def complement_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """The content of a speech act whose content is no reported clause (``_complement_content``);
    a judgement keeps the reason given for it ("called the toll "a scandal" because ferries are
    free"): a "because" clause right after it, of the cue or inside the content, is the speaker's
    (PolNeAR annotates it so)."""
    found = _complement_content(cue, spec, lex)
    if found is not None and "object" in spec.complements:
        end = _object_adjuncts(cue, found[0], found[1], lex)
        found = (found[0], _object_that_clause(cue, found[0], end, lex), found[2])
    if found is not None and "object_adjuncts" in spec.complements:
        found = _promised_object(cue, found, lex)
    if found is not None and "object_preps" in spec.complements:
        found = _cited_object(cue, found)
    if found is None or "predicate" not in spec.complements:
        return found
    doc, (start, end, how) = cue.doc, found
    i = end
    while i < len(doc) and (doc[i].is_punct or doc[i].lower_ in lex.lists.reason_adverbs):
        i += 1
    if i >= len(doc) or doc[i].lower_ != "because" or doc[i].dep_ != "mark":
        return found
    clause = doc[i].head
    if not (clause.head.i == cue.i or start <= clause.head.i < end):
        return found
    return (*trim_span(doc, start, clause.right_edge.i + 1), how)


def _promised_object(
    cue: Token, found: tuple[int, int, str], lex: Lexicon
) -> tuple[int, int, str] | None:
    """ "pledged [her vote to Ruiz as a delegate]", "promised [a new pier by May if re-elected]",
    "promised voters [a new pier]": what is promised or pledged as the verb's object is the
    object with the adjuncts of the verb that follow it with no comma between (by when, on
    what terms, in what role: they qualify the promise), without the ones promised to (an
    indirect object). A participle the parser read as a verb before its bare plural noun ("is 212 pledged
    delegates short", "the party's pledged delegates") promises nothing, nor does an oath
    ("pledged allegiance to ...", ``oath_objects``). Only when the object alone is the content
    (not "pledged [to appeal]")."""
    doc, (start, end, how) = cue.doc, found
    right = [c for c in cue.children if c.i > cue.i]
    obj = next((c for c in right if c.dep_ == "dobj"), None)
    if obj is None:
        return found
    first = next((c for c in right if c.dep_ == "dative" and c.i < obj.i), obj)
    if first.left_edge.i != start or first.right_edge.i + 1 != end:
        return found
    if _premodifier_read_as_verb(cue, obj) or obj.lower_ in lex.lists.oath_objects:
        return None
    backed = _backed_by_pledge(cue, obj, lex)
    if backed is not None:
        return (*trim_span(doc, backed.left_edge.i, backed.right_edge.i + 1), how)
    start, end = obj.left_edge.i, obj.right_edge.i + 1
    for c in (c for c in right if c.i > obj.i):
        # "on the second vote", "if elected", "no matter how ...", "as soon as possible"; a lone
        # adverb ("pledged her vote recently") says when it was pledged
        phrase = (
            c.dep_ in ("prep", "advcl", "npadvmod") or c.dep_ == "advmod" and c.n_lefts + c.n_rights
        )
        if not phrase or doc[end].is_punct:
            break
        if c.left_edge.i != end:
            break
        end = c.right_edge.i + 1
    return (*trim_span(doc, start, _before_trailing_which(doc, start, end)), how)


def _cited_object(cue: Token, found: tuple[int, int, str]) -> tuple[int, int, str] | None:
    """ "cited [his anger at the articles]", "cited [reports of thefts from boats in recent
    years, including the break-in at the marina]", "cited [the case of the Harbour Fund], a
    scheme run by the parishes": when the object alone is the content, the prepositional
    phrases the parser hung on the verb right after it (no comma between, or an "including"
    list) complete what is cited, and an apposition set off by a comma inside or after the
    object is the writer's gloss (PolNeAR leaves it out). A relative clause with "that" or
    "which" ("a video that cites his speech") is the writer's description of a thing, not
    its statement; a participle of the verb of a reported clause ("said Hale had resigned,
    citing health reasons") is part of that report."""
    doc, (start, end, how) = cue.doc, found
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None or obj.left_edge.i != start or obj.right_edge.i + 1 != end:
        return found
    if cue.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ == "WDT" for c in cue.children):
        return None
    if (
        cue.dep_ == "advcl"
        and cue.head.dep_ in ("ccomp", "xcomp")
        and named_other_subject(cue, cue.head)
    ):
        return None  # "said Hale had resigned, citing health reasons": Hale's, inside the report
    gloss = next(
        (
            t
            for t in doc[start + 1 : end]
            if t.dep_ == "appos" and doc[t.left_edge.i - 1].text == "," and t.left_edge.i > start
        ),
        None,
    )
    if gloss is not None:
        return (*trim_span(doc, start, gloss.left_edge.i - 1), how)
    for c in (c for c in cue.children if c.i > obj.i and c.text != ","):
        listed = c.lower_ == "including" and doc[c.i - 1].text == "," and c.i - 1 == end
        if c.dep_ != "prep" or (c.left_edge.i != end and not listed):
            break
        end = c.right_edge.i + 1
    return (*trim_span(doc, start, end), how)


def _backed_by_pledge(cue: Token, obj: Token, lex: Lexicon) -> Token | None:
    """ "pledged his support to Ida Brandt", "promised their backing to the harbour plan": a
    pledge of backing (``backing_nouns``) right before "to" says whom or what the speaker
    backs, as "endorsed [Ida Brandt]"; that is the content (PolNeAR reads "pledged his
    support to" as the cue)."""
    if obj.lower_ not in lex.lists.backing_nouns:
        return None
    to = next(
        (
            c
            for c in [*cue.children, *obj.children]
            if c.i == obj.i + 1 and c.dep_ == "prep" and c.lower_ == "to"
        ),
        None,
    )
    return next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None


def _premodifier_read_as_verb(cue: Token, obj: Token) -> bool:
    """ "is 212 pledged delegates short", "ahead on both pledged delegates and seats", "a block of
    loyal, pledged delegates": a past form right before a bare plural noun, after a number or
    a possessive, or with no subject or auxiliary of its own and no "and" before it, is the
    noun's premodifier."""
    doc = cue.doc
    if obj.i != cue.i + 1 or obj.tag_ != "NNS" or cue.i == 0:
        return False
    before = doc[cue.i - 1]
    if before.tag_ in ("CD", "POS"):
        return True  # "300 pledged delegates", "the party's pledged delegates"
    return (
        not any(c.dep_ in ("det", "poss") for c in obj.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children)
        and before.tag_ != "CC"
    )


def _object_adjuncts(cue: Token, start: int, end: int, lex: Lexicon) -> int:
    """ "praised the crews' efforts to clear the roads", "derided bids to ban the app": when the
    object alone is the content and is a noun that takes an infinitive (``infinitive_nouns``),
    a to-infinitive the parser hung on the cue right after it (no comma between) completes that
    noun; PolNeAR's content runs on over it. Other adjuncts stay out ("criticized the budget
    during a rally", "rebuked the board by resigning", "mocked the mayor to please the crowd":
    the circumstances or the purpose of the act)."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i >= start), None)
    if obj is None or obj.left_edge.i != start or obj.right_edge.i + 1 != end:
        return end
    if obj.lower_ not in lex.lists.infinitive_nouns:
        return end
    nxt = next((c for c in cue.children if c.i >= end), None)
    if nxt is not None and nxt.left_edge.i == end and infinitive_verb(nxt):
        return nxt.right_edge.i + 1
    return end


def _object_that_clause(cue: Token, start: int, end: int, lex: Lexicon) -> int:
    """ "mocked the mayor's assurances that the pier was safe", "denounced suggestions by two
    rivals that the levy be doubled": when the object alone is the content and is a speech
    noun that takes a that-clause (``speech_nouns_that``), a that-clause with its own subject
    the parser hung on the verb right after the object (nothing but punctuation or an aside in
    parentheses between) is the noun's: what was mocked or denounced is the claim with what it
    claims."""
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i >= start), None)
    if obj is None or obj.left_edge.i != start or obj.lower_ not in lex.lists.speech_nouns_that:
        return end
    clause = next(
        (
            c
            for c in cue.children
            if c.dep_ == "ccomp" and c.i > obj.i and that_clause(c) and has_own_subject(c)
        ),
        None,
    )
    if clause is None or clause.left_edge.i < end:
        return end
    depth = 0  # an aside in parentheses may stand between ("Ada Hale (D-Port), that ...")
    for t in doc[end : clause.left_edge.i]:
        depth += (t.text == "(") - (t.text == ")")
        if not (t.is_punct or depth > 0):
            return end
    return clause.right_edge.i + 1


def _complement_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """The content of a speech act whose content is no reported clause: the object and one of
    the complements the lexicon lists for the verb ("urged [voters to stay home]", "accused [the
    company of hiding losses]", "called on [ministers to resign]"). Passive and attributive
    uses ("was called", "a group called X") are none."""
    if _parenthetical_participle(cue):
        return None
    if any(c.dep_ in ("auxpass", "agent") for c in cue.children):
        return _request_by_agent(cue, spec, lex)
    if cue.dep_ in ("acl", "amod") and not _participle_of_medium(cue, lex):
        # "Ana Ruiz, the coach, called the plan "reckless"": the parser hung the cue on its
        # speaker after the apposition's comma ("a group called X" names the group)
        appositive = cue.dep_ == "acl" and cue.i > 0 and cue.doc[cue.i - 1].text == ","
        if "predicate" not in spec.complements:
            return None
        # "charges that the sheriff called "wild guesses"": a relative clause read as a clause
        return _plain_quoted_judgement(cue) if appositive else _relative_quoted_predicate(cue)
    right = [c for c in cue.children if c.i > cue.i]
    # "promised Monday to cut fares": a day the parser made the object is when it was said
    obj = next(
        (
            c
            for c in right
            if c.dep_ in ("dobj", "dative")
            and not (c.lower_ in lex.lists.day_words and c.text[:1].isupper())
        ),
        None,
    )
    # "calls Hale unfit": the parser read the object right after the cue as a first predicative
    # ("what he calls X" has its object before the cue)
    oprds = [c for c in right if c.dep_ == "oprd"]
    if (
        obj is None
        and len(oprds) == 2
        and "predicate" in spec.complements
        and oprds[0].left_edge.i == cue.i + 1
        and not any(c.dep_ == "dobj" for c in cue.children)
    ):
        obj = oprds[0]
    if obj is None and _reduced_passive(cue, spec):
        return None
    if "predicate" in spec.complements:
        found = _object_read_as_modifier(cue)
        if found is None and obj is None:
            found = _relative_quoted_predicate(cue)
        if found is not None:
            return found
    # "asked not to be named": a request about the speaker's own name, the anonymous-source formula
    right = [
        c
        for c in right
        if obj is not None or not (infinitive_verb(c) and is_passive(c)) or _for_clause(c, spec)
    ]
    if (
        obj is not None
    ):  # "accused [the company [of hiding losses]]": the parser may hang it on the object
        right += [c for c in obj.children if c.i > obj.i and c.dep_ in ("prep", "appos")]
        right += _asked_questions(obj, lex) if "wh" in spec.complements else []
        # "accused the board and its chair [of hiding costs]": or on the last of coordinated objects
        # (of a list too: "the board, its chair and the clerk", conjuncts the parser chains)
        for conj in (g for g in obj.conjuncts if g.i > obj.i):
            right += [c for c in conj.children if c.i > conj.i and c.dep_ == "prep"]
    if obj is not None and "as" in spec.complements:
        right += _as_on_adjunct(cue, obj)
    comps = [c for c in right if _complement_kind(c, obj, spec, lex)]
    comps = comps or _request_inside_object(cue, obj, spec)
    reflexive = obj is not None and obj.lower_ in ("itself", "himself", "herself", "themselves")
    if reflexive and not any(c.dep_ == "prep" or _self_description(c) for c in comps):
        return None  # "calls itself X": a name; "described himself as X" is a statement
    if not comps and obj is not None and "predicate" in spec.complements:
        comps = _quoted_second_object(cue, obj)
    if any(c.dep_ in ("prep", "prt") for c in comps):  # "called on ministers [to resign]"
        comps += [c for c in right if infinitive_verb(c) and c not in comps]
    takes_object = "object" in spec.complements or "object_adjuncts" in spec.complements
    if not comps and (
        obj is None or not takes_object or obj.tag_ == "PRP" or cue.dep_ == "acl"
    ):  # "a speech praising the mayor": the object alone of a statement's participle is its topic
        return _plain_quoted_judgement(cue) if "predicate" in spec.complements else None
    parts = comps + ([obj] if obj is not None else [])
    if obj is not None and comps and all(_wh_clause(c, lex) for c in comps):
        parts = comps  # "asked the mayor [what the levy would cost]": the addressee is no content
    start = min(p.left_edge.i for p in parts)
    end = max(p.right_edge.i for p in parts) + 1
    for c in (c for c in comps if gerund_complement(c)):
        end = _gerund_adjuncts_end(cue, _before_finite_conjunct(c, end))
        end = _before_closing_aside(cue.doc, start, end)
    first = cue.doc[start]
    if first.dep_ in ("prep", "prt") and first.head.i == cue.i and first.lower_ in spec.cue_preps:
        start += 1  # "called on [ministers ...]": the preposition is the cue's
    elif first.dep_ == "mark" and first.i == cue.i + 1 and first.lower_ in spec.cue_preps:
        start += 1  # "called for [the bridge to be closed]": the parser's mark is the cue's
    for c in comps:
        end = _complement_end(cue, spec, c, start, end, lex)
    clause = noun_that_clause(obj) if obj in comps and "object_that" in spec.complements else None
    if clause is not None:  # "rejected the idea that ..., saying ...": the rest is the speaker's
        end = cut_at_other_cues(cue.doc, start, clause.right_edge.i + 1, obj, lex)
    end = infinitive_list_end(cue.doc, start, end)
    end = _before_trailing_which(cue.doc, start, end)
    start, end = trim_span(cue.doc, start, end)
    if end - start == 1 and cue.doc[start].tag_ in ("PRP", "DT", "WP", "WDT"):
        return None  # "asked for it", "called for that": a pronoun alone says nothing
    return (start, end, "object") if end > start else None


def _complement_end(cue: Token, spec: CueSpec, c: Token, start: int, end: int, lex: Lexicon) -> int:
    """Where the content ``start:end`` ends before what follows the complement ``c`` that is no
    part of it ("urging residents [to save water] and promising ...": the second act is hers)."""
    if c.tag_.startswith("VB"):
        end = cue_form_conjunct(cue, c, end, lex)
        end = finite_after_infinitive(c, start, end, lex)
        end = stance_participle_end(cue.doc, start, end, c, lex)
    end = _aside_end(cue, spec, c, start, end)
    if infinitive_verb(c) and c.right_edge.i + 1 >= end:
        # "vowed to cut the fare, saying it would pass": the speaker's next act is not
        # part of the promise
        return cut_at_other_cues(cue.doc, start, end, c, lex)
    if c.dep_ == "prep" and c.lower_ not in spec.cue_preps and c.right_edge.i + 1 >= end:
        # "accused the mayor of hiding the costs while the auditors warned that ...": a
        # report with a subject of its own ends the charge (also the speaker's next act)
        return cut_at_other_cues(cue.doc, start, end, c, lex)
    return end


def _request_inside_object(cue: Token, obj: Token | None, spec: CueSpec) -> list[Token]:
    """ "asked anyone who saw the crash to come forward", "urged anyone with footage from the
    quay to call the force": the parser hung the request's infinitive inside the object's
    relative clause or prepositional phrase (as a purpose clause of "saw", a clause of "quay")
    instead of on the cue (or on the noun of a "with" phrase the parser hung on the cue right
    after the object; not the cue's own preposition, "asked the crowd for ..."). An infinitive
    that closes the object, under a modifier after the object's noun (not the noun's own:
    "urged the plan to build a pier" is one object), with no comma before it, is the cue's
    complement when the cue has no infinitive of its own."""
    if obj is None or "to" not in spec.complements:
        return []
    if any(infinitive_verb(c) for c in cue.children if c.i > cue.i):
        return []
    doc = cue.doc
    hosts = [obj] + [
        c
        for c in cue.children
        if c.dep_ == "prep" and c.i == obj.right_edge.i + 1 and c.lower_ not in spec.cue_preps
    ]
    host = hosts[-1]
    for v in (t for t in host.subtree if t.i > obj.i):
        if v.dep_ not in ("advcl", "ccomp", "acl") or not to_infinitive(v) or v.head.i == obj.i:
            continue
        top = v
        while top.head.i not in (obj.i, cue.i):
            top = top.head
        if (
            top.dep_ in ("relcl", "acl", "prep")
            and v.right_edge.i == host.right_edge.i
            and doc[v.left_edge.i - 1].text != ","
        ):
            return [v]
    return []


def _aside_end(cue: Token, spec: CueSpec, c: Token, start: int, end: int) -> int:
    """Where a gerund complement ("reported raising $4,000 - twice ...") or the phrase of a
    cue's preposition ("argued for a night timetable - twelve sailings") ends before the writer's aside
    (``bounds.set_off_end``)."""
    if c.tag_ == "VBG" and c.dep_ == "xcomp" and "gerund" in spec.complements:
        return set_off_end(cue.doc, start, end, c)
    if c.dep_ == "prep" and c.lower_ in spec.cue_preps:
        return set_off_end(cue.doc, start, end, c, participles=False)
    return end


def _participle_of_medium(cue: Token, lex: Lexicon) -> bool:
    """ "issued a statement describing the talks as a step forward", "a speech attacking the
    levy as unfair": a present participle right after a statement or medium noun says what that
    statement says (its speaker is who issued or gave it, ``subjects.subject_of``), unlike the
    naming participle of "a group called X". With a complement only: the object alone ("a
    speech praising the mayor") is the statement's topic."""
    head = cue.head
    return (
        cue.dep_ == "acl"
        and cue.tag_ == "VBG"
        and head.i == cue.i - 1
        and head.tag_ == "NN"
        and statement_or_medium(head, lex)
    )


def _request_by_agent(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "The minister was asked by a student whether the pool would reopen", "the tenants were
    urged by the council to save water": a finite passive question or request whose asker is
    named by "by" is said by that agent (the speaker, see ``subject_of``); the content is the
    whether/if/wh clause or the infinitive alone (the passive subject is the one asked, no
    content). Without an agent ("was asked to leave") nobody is named: none, as before; nor the
    participle opening a sentence ("Asked by one analyst whether ..., he replied ..."), which
    sets the scene for the answer (our gold files leave it out, as "Asked whether ...")."""
    agent = next((c for c in cue.children if c.dep_ == "agent" and c.i > cue.i), None)
    asker = None if agent is None else next((g for g in agent.children if g.dep_ == "pobj"), None)
    if asker is None:
        return None
    if not any(c.dep_ == "auxpass" for c in cue.children):
        return None
    kinds = spec.complements
    if "subject" in kinds:
        return _passive_subject_by_agent(cue, agent)
    comp = next(
        (
            c
            for c in [*cue.children, *_asked_questions(asker, lex)]
            if c.i > agent.i
            and ("wh" in kinds and _wh_clause(c, lex) or "to" in kinds and infinitive_verb(c))
        ),
        None,
    )
    if comp is None:
        return None
    start, end = trim_span(cue.doc, comp.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "object") if end - start >= 2 else None


def _passive_subject_by_agent(cue: Token, agent: Token) -> tuple[int, int, str] | None:
    """ "The pier deal was first reported by the Ledger": a report in the passive whose
    reporter is named by "by" reports its subject, what was reported (PolNeAR annotates the
    subject as the content, the agent as the source). A pronoun or relative subject ("which was
    first reported by ...", "it was reported by ...") is no content (the convention for
    pronoun contents), and neither is a subject after the cue."""
    subj = next((c for c in cue.children if c.dep_ == "nsubjpass" and c.i < cue.i), None)
    if subj is None or subj.tag_ in PRONOUN_TAGS:
        return None
    start, end = trim_span(cue.doc, subj.left_edge.i, subj.right_edge.i + 1)
    return (start, end, "object") if end - start >= 2 and end <= cue.i < agent.i else None


def _before_trailing_which(doc: Doc, start: int, end: int) -> int:
    """ "urged the board to sell the pier, which has cost the town millions": a relative clause
    set off by a comma that closes the content is the writer's note on its last noun, not part
    of the appeal or judgement (PolNeAR leaves it out of such contents four times in five); so
    is one whose "which" belongs to a clause reported inside it ("..., which he says will fail":
    the relative clause is the verb the clause of "which" hangs on)."""
    for t in doc[start + 2 : end - 2]:
        rel = doc[t.i + 1]
        clause = rel.head
        while clause.dep_ == "ccomp" and clause.head.i > rel.i:
            clause = clause.head
        if (
            t.text == ","
            and rel.lower_ == "which"
            and clause.dep_ == "relcl"
            and clause.right_edge.i >= end - 1
            and clause.head.i >= start
        ):
            return t.i
    return end


def _as_on_adjunct(cue: Token, obj: Token) -> list[Token]:
    """ "described the plan during a radio interview as "a waste"": the parser hung the "as"
    phrase on the noun of an adjunct between the object and it; it is the verb's complement
    (and the adjunct lies inside the content, as PolNeAR marks it)."""
    out = []
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > obj.right_edge.i):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            out += [
                g for g in pobj.children if g.dep_ == "prep" and g.lower_ == "as" and g.i > pobj.i
            ]
    return out


def _self_description(pred: Token) -> bool:
    """ "calls himself a socialist", "called herself "very lucky"": an adjective or an indefinite
    noun phrase after a reflexive object describes the speaker; "calls itself the Harbour Kings"
    and "calls himself Paul" name; a share of a poll ("32% call themselves liberal") says nothing."""
    subjects = [g for g in pred.head.children if g.dep_ == "nsubj"]
    if pred.dep_ != "oprd" or any(t.like_num for g in subjects for t in g.subtree):
        return False
    if pred.tag_.startswith("JJ"):
        return True
    return pred.tag_ in ("NN", "NNS") and any(
        g.dep_ == "det" and g.lower_ in ("a", "an") for g in pred.children
    )


def clause_after_object(cue: Token, comp: Token, spec: CueSpec) -> bool:
    """ "At the moment the mayor announced her bid, aides were meeting": a clause with a subject
    of its own after the cue's noun object and a comma is the sentence's main clause, which the
    parser hung on the cue. A cue that reports a clause has no noun object before it; only an
    addressee may come between ("told reporters, the fund will close": ``spec.addressee``), and
    a that-clause is reported whatever precedes it ("wrote the paper, the Chief, that ...").
    Before the cue, likewise: in "the depot earns well — the mayor reported earning $3 million"
    the cue has its own content right after it (a noun object or a gerund), and the clause before
    it is the writer's ("…, he added, to rebuild the quay" and "…, they said: …" keep it)."""
    doc = cue.doc
    if spec.addressee:
        return False
    if comp.i < cue.i:
        return any(
            c.i > cue.i
            and (
                c.dep_ == "dobj"
                and c.tag_ in ("NN", "NNS")
                or c.dep_ == "xcomp"
                and c.tag_ == "VBG"
            )
            and not any(t.is_punct for t in doc[cue.i + 1 : c.left_edge.i])
            for c in cue.children
        )
    if that_clause(comp) or not has_own_subject(comp):
        return False
    first = next(t for t in comp.subtree if not t.is_punct or t.i == comp.i)
    return doc[first.i - 1].lower_ == "," and any(
        c.dep_ == "dobj" and c.tag_ in ("NN", "NNS") and cue.i < c.i < first.i for c in cue.children
    )


def _parenthetical_participle(cue: Token) -> bool:
    """ "Vik, asked for his view, said ...": a passive participle between commas that the parser
    read as a clause of the verb after it (which is then left with no subject); the person asked
    is not the one who asked."""
    doc = cue.doc
    return (
        cue.dep_ == "ccomp"
        and cue.head.i > cue.i
        and cue.i > 0
        and doc[cue.i - 1].lower_ == ","
        and not has_own_subject(cue.head)
    )
