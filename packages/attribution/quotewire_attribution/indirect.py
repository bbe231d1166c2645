"""Reporting frames from the dependency parse: cue verb, its subject, its content clause."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import CueSpec, Lexicon

QUOTE_TAGS = {"``", "''"}


def _particle(tok: Token, word: str) -> Token | None:
    """The particle ``word`` of ``tok``: a ``prt`` child, or the adverb right after it ("fired back")."""
    for c in tok.children:
        if c.lower_ == word and (c.dep_ == "prt" or c.dep_ == "advmod" and c.i == tok.i + 1):
            return c
    return None


def is_cue(tok: Token, lex: Lexicon) -> CueSpec | None:
    spec = lex.cue(tok.lower_)
    if spec is None:
        return None
    if not tok.tag_.startswith("VB") and not (
        tok.lower_ in lex.lists.never_nouns and tok.dep_ == "ROOT"
    ):
        return None
    if spec.particle and _particle(tok, spec.particle) is None:
        return None
    if not spec.particle and any(
        c.dep_ == "prt" and c.lower_ in lex.lists.foreign_particles for c in tok.children
    ):
        return None  # "the company wrote down the value of its unit": not speech
    if _all_told(tok):
        return None
    return spec


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


def negated(cue: Token, lex: Lexicon) -> bool:
    """ "has not said", "would say", "declined to say", "did not say whether"."""
    for c in cue.children:
        if (
            c.dep_ == "neg" or (c.dep_ in ("advmod", "neg") and c.lower_ in lex.negators)
        ) and not quote_between(c, cue):
            return True  # "'Not over yet', the bank warns": the quote's "not" is no negation
        if c.dep_ == "aux" and c.lower_ in lex.modals and not quote_between(c, cue):
            return True  # '"There should be ...," the mayor replied': the quote's modal
        if (
            c.dep_ == "nsubj"
            and c.lower_ in ("neither", "nobody", "none", "no")
            and not quote_between(c, cue)
        ):
            return True
        # "Neither club has said whether ...", "No official said ...": a negated subject
        if (
            c.dep_ in ("nsubj", "nsubjpass")
            and any(d.dep_ == "det" and d.lower_ in ("neither", "no") for d in c.children)
            and not quote_between(c, cue)
        ):
            return True
        # "unless management agreed to ...", "if the minister says so": hypothetical speech
        if (
            c.dep_ == "mark"
            and c.lower_ in lex.lists.hypothetical_marks
            and c.i < cue.i
            and not quote_between(c, cue)  # '"Whether we agree or not ...," Ruiz said'
        ):
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
        and not _own_subject(cue)
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


def quote_between(a: Token, b: Token) -> bool:
    """A quote mark between two tokens: "Nobody ... ," Lopes said (the quote's word is no subject)."""
    lo, hi = sorted((a.i, b.i))
    return any(
        t.tag_ in QUOTE_TAGS or t.text in ('"', "\u201d", "\u00bb") for t in a.doc[lo + 1 : hi]
    )


def subject_of(cue: Token, lex: Lexicon) -> Token | None:
    """The speaker head: nsubj, passive agent, or the subject of the verb a participle hangs on."""
    appos = _appos_subject(cue)
    if appos is not None:
        return appos
    t = cue
    via_conj = False
    for _ in range(5):
        subjects = [
            c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")
        ]
        # a subject inside a quote before the cue is the quote's word ("Nobody ...," Lopes said)
        clean = [c for c in subjects if not quote_between(c, t)]
        if clean or subjects:
            subj = min(clean or subjects, key=lambda c: abs(c.i - t.i))
            if subj.lower_ == "time" and cue.lower_ in ("tell", "tells"):
                return None  # "only time will tell whether ...": an idiom, nobody speaks
            return _inverted_name(cue, subj) if t.i == cue.i else subj
        for c in t.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if t.dep_ == "conj" and t.head.i != t.i:
            # "She acknowledged that X but stressed that Y": the parser may coordinate the second
            # report with the first one's content; its subject is the first report's speaker
            h = t.head
            if (
                h.dep_ in ("ccomp", "xcomp")
                and h.head.i != h.i
                and h.head.lower_ in lex.cues
                and h.head.tag_.startswith("VB")
                and _reports_content(t, lex)
            ):
                t = h.head
                continue
            t = h
            via_conj = True
            continue
        if t.dep_ in ("advcl", "xcomp", "acl") and cue.tag_ == "VBG" and t.head.i != t.i:
            anchor = _participle_anchor(t, lex)
            if t.dep_ == "acl" and _speaking_noun(anchor, t, lex):
                return anchor  # "residents urging her to reopen the pool": the residents
            t = anchor
            continue
        if t.i == cue.i and (caused := _caused_speaker(t, lex)) is not None:
            return caused  # "the ruling prompted the union to say ...": the union
        if (
            t.i == cue.i
            and t.dep_ in ("xcomp", "advcl")
            and infinitive_verb(t)
            and t.head.lower_ in lex.lists.lead_in_verbs
        ):
            t = (
                t.head
            )  # "went on to say ...", "took to the radio to say ...": the lead-in's subject
            continue
        if t.i != cue.i and _issued_medium(t, lex):
            t = t.head  # "the senator issued a statement saying ...": who issued it
            continue
        if t.dep_ == "pcomp" and cue.tag_ == "VBG" and _speaker_gerund_prep(t.head, cue, lex):
            t = t.head.head  # "erred in saying ...", "ended by warning ...": the verb's subject
            continue
        if t.dep_ == "xcomp" and t.head.dep_ == "acomp" and t.head.tag_ == "JJ":
            if _dummy_it(t.head.head):
                return None  # "it is too early to say ...": the placeholder "it" says nothing
            t = t.head.head  # "critics were quick to note ...": the subject of "were"
            continue
        if t.dep_ == "relcl" and t.head.i != t.i:
            # "X told the two men they would ... and warned that ...": the clause the parser hung
            # on the addressee is what X told them; the addressee is not the coordinated speaker
            obj = t.head
            if (
                via_conj
                and obj.dep_ in ("dobj", "dative")
                and obj.head.i != obj.i
                and obj.head.lower_ in lex.cues
                and obj.head.tag_.startswith("VB")
            ):
                t = obj.head
                continue
            return t.head
        break
    return _adjacent_subject(cue)


def _caused_speaker(t: Token, lex: Lexicon) -> Token | None:
    """ "The ruling prompted the union to say ...", "the leak led the minister to admit ...",
    "Ms. Vane was forced to concede ...": after a verb that makes someone do what it names, an
    infinitive cue speaks for that verb's object (or its passive subject); not after "urged",
    "asked" (no statement made yet)."""
    if t.dep_ != "xcomp" or not infinitive_verb(t) or t.head.lower_ not in lex.lists.causing_verbs:
        return None
    for c in t.head.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.i < t.i:
            return c
    return None


def _speaker_gerund_prep(prep: Token, cue: Token, lex: Lexicon) -> bool:
    """A preposition whose gerund cue speaks for the subject of the verb the phrase hangs on:
    "erred in saying ...", "ended by warning ...", and "to" after an active verb ("turned to
    arguing that ...", "has taken to warning that ..."; not "is devoted to ...", "the key to
    ..."), unless the cue names things ("have taken to calling the pier "the Plank"": a name
    in use, no statement)."""
    if prep.dep_ != "prep":
        return False
    if prep.lower_ in lex.lists.speaker_gerund_preps:
        return True
    head = prep.head
    spec = lex.cue(cue.lower_)
    return (
        prep.lower_ == "to"
        and head.tag_.startswith("VB")
        and any(c.dep_ == "nsubj" for c in head.children)
        and not (spec and "predicate" in spec.complements)
    )


def _dummy_it(verb: Token) -> bool:
    """The subject of ``verb`` is a placeholder "it" ("it is hard to tell whether ..."): the
    infinitive after the adjective has no speaker."""
    return any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in verb.children)


def _statement_or_medium(noun: Token, lex: Lexicon) -> bool:
    """A noun for what carries words: the lexicon's statement nouns and medium nouns."""
    return noun.lower_ in lex.statement_nouns or noun.lower_ in lex.lists.medium_nouns


def _issued_medium(noun: Token, lex: Lexicon) -> bool:
    """Is ``noun`` a statement or medium that the verb it is the object of puts out ("issued a
    statement", "posted a video")?"""
    return (
        noun.dep_ == "dobj"
        and _statement_or_medium(noun, lex)
        and noun.head.lower_ in lex.lists.issuing_verbs
        and noun.head.tag_.startswith("VB")
    )


def _reports_content(t: Token, lex: Lexicon) -> bool:
    """``t`` has a reported clause of its own, or is a speech act with a complement ("... and
    urged the ministry to act"): coordinated with a report's content, it is a second report."""
    if any(c.dep_ == "ccomp" for c in t.children):
        return True
    spec = lex.cue(t.lower_)
    return bool(
        spec and spec.complements and t.tag_.startswith("VB") and complement_content(t, spec, lex)
    )


def _inverted_name(cue: Token, subj: Token) -> Token:
    """ "..., said Ada Okoro-Lind, director of the group Open Doors": when the parser made a later
    word the subject, the person named right after an inverted cue is the speaker."""
    doc = cue.doc
    k = cue.i + 1
    if subj.i <= k or k >= len(doc) or doc[k].ent_type_ != "PERSON" or doc[k].ent_iob_ != "B":
        return subj
    ent = next((e for e in doc.ents if e.start == k), None)
    if ent is None or ent.start <= subj.i < ent.end:
        return subj
    inner = [
        t for t in ent if t.tag_ in ("NNP", "NNPS") and t.dep_ in ("nsubj", "appos", "compound")
    ]
    return ent.root if ent.root.tag_ in ("NNP", "NNPS") else (inner[-1] if inner else subj)


def _appos_subject(cue: Token) -> Token | None:
    """ "CLAUSE ... the town of X, the regional agency said on Thursday.": the parser hung the
    trailing speaker on the last noun as an apposition and coordinated the cue with the
    sentence; the noun phrase right before the cue, after a comma, is the speaker."""
    doc = cue.doc
    if _own_subject(cue) or cue.dep_ not in (
        "conj",
        "ROOT",
        "parataxis",
    ):
        return None
    if not cue.tag_.startswith("VB") or cue.tag_ in ("VBG", "VBN") and cue.tag_ != "VBN":
        return None
    k = cue.i - 1
    if k < 1:
        return None
    noun = doc[k]
    if (
        noun.dep_ != "appos"
        or noun.tag_ not in ("NN", "NNS", "NNP", "NNPS")
        or noun.head.i >= noun.i
    ):
        return None
    if doc[noun.left_edge.i - 1].text != "," or noun.left_edge.i - 1 <= cue.sent.start:
        return None
    # nothing but adjuncts after the cue: no clause of its own
    for t in doc[cue.i + 1 : cue.sent.end]:
        if t.dep_ in ("ccomp", "dobj", "xcomp", "nsubj") or t.tag_ in ("``", "''"):
            return None
    return noun


def _adjacent_subject(cue: Token) -> Token | None:
    """No subject in the parse: the noun phrase right before the cue ("..., the 72-year-old
    said" when the age phrase was hung on an earlier noun), or, in a headline "X cancels
    tour, says ...", the subject of the clause before the comma."""
    doc = cue.doc
    if cue.tag_ in ("VBG", "VBN", "VB") or cue.dep_ in (
        "relcl",
        "acl",
        "advcl",
        "xcomp",
        "amod",
        "pcomp",
    ):
        return None
    k = cue.i - 1
    if k >= 0 and doc[k].sent == cue.sent:
        prev = doc[k]
        if prev.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP") or (
            prev.lower_ == "old" and k >= 2 and doc[k - 2].lower_ == "year"
        ):
            return prev
    for c in cue.children:
        if c.dep_ == "ccomp" and c.i < cue.i and doc[cue.i - 1].text == ",":
            for g in c.children:
                if g.dep_ == "nsubj" and g.tag_ in ("NNP", "NNPS"):
                    return g
    return None


def _speaking_noun(anchor: Token, participle: Token, lex: Lexicon) -> bool:
    """ "a petition from residents urging her to ...", "most farmers saying the levy ...": a
    present participle that modifies a noun, with no reporting verb above it, speaks for that
    noun; not a statement that a verb issues ("issued a statement saying": its issuer)."""
    return (
        anchor.i == participle.head.i
        and anchor.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP")
        and not _own_subject(anchor)
        and not _issued_medium(anchor, lex)
    )


def _participle_anchor(t: Token, lex: Lexicon) -> Token:
    """ ", denying ...": the participle belongs to the nearest reporting verb above it, else its head."""
    a = t.head
    steps = 0
    while steps < 4 and a.head.i != a.i:
        if a.tag_.startswith("VB") and a.lower_ in lex.cues:
            return a
        a = a.head
        steps += 1
    if a.tag_.startswith("VB") and a.lower_ in lex.cues:
        return a
    return t.head


def cue_extent(cue: Token, lex: Lexicon, spec: CueSpec | None) -> tuple[int, int]:
    """Token range of the cue phrase: verb + particle + addressee + literal "in a statement"."""
    doc = cue.doc
    start, end = cue.i, cue.i + 1
    if spec and spec.particle:
        prt = _particle(cue, spec.particle)
        if prt is not None and prt.i == end:
            end = prt.i + 1
    if spec and spec.addressee:
        for c in cue.children:
            if c.dep_ in ("dobj", "dative", "iobj") and c.i == end and c.tag_ not in ("PRP",):
                end = c.right_edge.i + 1
                # keep only the noun phrase (no prepositional adjuncts)
                for g in c.rights:
                    if g.dep_ in ("prep", "relcl", "acl"):
                        end = min(end, g.left_edge.i)
            elif c.dep_ in ("dobj", "dative") and c.i == end:
                end = c.i + 1
    if (
        spec
        and spec.cue_preps
        and end < len(doc)
        and doc[end].lower_ in spec.cue_preps
        and (
            doc[end].head.i == cue.i
            and doc[end].dep_ == "prep"
            or doc[end].dep_ == "mark"
            and doc[end].head.head.i == cue.i
            and spec.complements
        )
    ):
        end += 1  # "called on", "called for" (also "called for [the bridge to be closed]")
    words = [t.lower_ for t in doc[end : end + 3]]
    if (
        len(words) == 3
        and words[0] == "in"
        and words[1] in ("a", "an")
        and words[2] in lex.statement_nouns
    ):
        end += 3
    return start, end


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
            and not _own_subject(t)
        ):
            cc = [c for c in t.lefts if c.dep_ == "cc"]
            return max(start, cc[0].i if cc else t.left_edge.i)
        if _speakers_participle(t, root, lex):
            return max(start, t.left_edge.i)
        if t.i == root.i or not lex.cue(t.lower_) or not t.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "mark" and c.lower_ in lex.lists.hypothetical_marks for c in t.children):
            continue  # "unless management agreed to ...": a condition inside the content
        if t.dep_ == "conj" and _that_clause(t):
            continue  # "... and that the claim would add £4m": a second content clause, not a report
        if _inner_clause(t, lex):
            continue  # "... the floods the mayor mentioned when she announced the plan"
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj"):
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
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in t.children)


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


def _that_clause(tok: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in tok.children)


def _own_subject(tok: Token) -> bool:
    """Has ``tok`` a subject (active or passive) among its own children?"""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _medium_clauses(cue: Token, lex: Lexicon) -> list[Token]:
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
                known = _statement_or_medium(n, lex)
                for g in n.children:
                    if (
                        g.dep_ in ("acl", "ccomp", "relcl")
                        and _that_clause(g)
                        and (known or g.i > n.i)
                    ):
                        out.append(g)
    return out


def _object_clauses(cue: Token, lex: Lexicon) -> list[Token]:
    """ "warned the nominee he had to apologise": the parser may read a bare reported clause
    after the addressee as a relative clause of it; with a subject of its own and no relative
    pronoun, it is the content."""
    out = []
    doc = cue.doc
    for obj in (c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i):
        for c in obj.children:
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
            ):
                out.append(c)
    return out


def _parenthetical_content(cue: Token) -> tuple[int, int, str] | None:
    """ "As the Gazette reported on Tuesday, the fund will close": a report in an as-clause
    attributes the clause it hangs on (without the as-clause)."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
        return None
    doc, head = cue.doc, cue.head
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    before = trim_span(doc, lo, cue.left_edge.i)
    after = trim_span(doc, cue.right_edge.i + 1, hi)
    start, end = max(before, after, key=lambda r: r[1] - r[0])
    return (start, end, "parataxis") if end - start >= 2 else None


def _finite_without_subject(comp: Token) -> bool:
    """ "two of the children admitted had needed oxygen": a finite clause with no subject of its
    own is no reported clause of this verb (here "admitted" is a participle)."""
    left = comp.doc[comp.left_edge.i : comp.i]  # the parser may hang the subject on an auxiliary
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children) or any(
        t.dep_ in ("nsubj", "nsubjpass", "expl") or t.dep_ == "mark" and t.lower_ == "that"
        for t in left
    ):
        return False
    if comp.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return (
        any(
            c.dep_ in ("aux", "auxpass")
            and c.lower_ in ("had", "has", "have", "was", "were", "is", "are")
            for c in comp.children
        )
        and comp.tag_ != "VBG"
    )


_TIME_ENTS = frozenset({"DATE", "TIME"})


def infinitive_verb(c: Token) -> bool:
    return c.dep_ in ("xcomp", "ccomp", "advcl") and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in c.children
    )


def _passive(c: Token) -> bool:
    return any(g.dep_ == "auxpass" for g in c.children)


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
            if g.dep_ in ("acl", "relcl", "ccomp") and _that_clause(g) and _own_subject(g)
        ),
        None,
    )


def _wh_clause(c: Token, lex: Lexicon) -> bool:
    return c.dep_ in ("ccomp", "xcomp", "advcl") and c.left_edge.lower_ in lex.lists.wh_words


def _a_name(pred: Token) -> bool:
    """Is the object predicative ``pred`` a name given to the object, not a judgement of it?
    "locals called them "river spaghetti"" (a bare compound noun), "critics called her "the
    Duchess of Pauses"" (a proper noun, bare or with "the") name; "called the deal a disaster",
    "called it "a Trojan horse"", "called the work "elegant"", "called the claims nonsense" judge."""
    if not pred.tag_.startswith("NN"):
        return False
    dets = [g.lower_ for g in pred.children if g.dep_ == "det"]
    if pred.tag_.startswith("NNP"):
        return dets in ([], ["the"])
    return not dets and any(g.dep_ == "compound" for g in pred.children)


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


def _complement_kind(c: Token, obj: Token | None, spec: CueSpec, lex: Lexicon) -> bool:
    """Is ``c`` (a right child of the cue) one of the complements ``spec`` takes as content?"""
    kinds = spec.complements
    if c.dep_ == "prep":
        if c.lower_ in spec.cue_preps and obj is not None and obj.i < c.i:
            # "called her X for her style": a reason, not "called for [an inquiry]" (an object
            # the parser hung on the verb after "called for ..." is inside its phrase)
            return False
        objs = [
            g for g in c.children if g.dep_ not in ("punct", "cc")
        ]  # "as reckless": an adjective too
        return c.lower_ in kinds and bool(objs) and all(g.ent_type_ not in _TIME_ENTS for g in objs)
    if "to" in kinds and infinitive_verb(c) or _for_clause(c, spec):
        return True
    if "wh" in kinds and _wh_clause(c, lex):
        return True
    if "that" in kinds and c.dep_ == "ccomp" and _that_clause(c):
        return True  # "asked that donations be sent": a request in a that-clause
    if "object_that" in kinds and c is obj and noun_that_clause(c) is not None:
        return True  # "rejected [the idea that ...]": the object and its clause
    if "predicate" in kinds and _quoted_judgement(c, obj):
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


def _quoted_second_object(cue: Token, obj: Token) -> list[Token]:
    """ "called him "a disgrace"", "called the use of force "quite dangerous"": the parser made
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
    """ "shed what the mayor called "a perception problem"", "a board which he called "a closed
    shop for owners"": in a relative clause the cue's object is the pronoun before the speaker, so
    the judgement is the quoted predicative right after the cue, and it alone is what was said
    (a name in quotes is none: "videos he calls "Harbour TV"")."""
    doc = cue.doc
    if not any(c.i < cue.i and c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") for c in cue.children):
        return None
    if cue.i + 2 >= len(doc) or doc[cue.i + 1].tag_ not in QUOTE_TAGS:
        return None  # the parser may tag an opening '' (typewriter quotes) as a closing one
    pred = next((c for c in cue.children if c.i > cue.i + 1 and c.dep_ in ("oprd", "attr")), None)
    if pred is None or pred.left_edge.i > cue.i + 2 or _a_name(pred):
        return None
    first = doc[cue.i + 2]
    if not (first.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR") or first.lower_ in ("a", "an")):
        return None  # 'what we call "infrastructure"', 'what he called "the Hub"': names
    close = next((t.i for t in doc[cue.i + 2 :] if t.tag_ == "''"), None)
    last = pred.right_edge.i
    if close is None or any(
        not t.is_punct for t in doc[min(close, last + 1) : max(close, last + 1)]
    ):
        return None  # the quote is the whole predicative, no more and no less
    start, end = trim_span(doc, pred.left_edge.i, pred.right_edge.i + 1)
    return (start, end, "object") if end > start else None


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
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _quoted_words_judge(doc: Doc, opening: int, close: int) -> bool:
    """Do the quoted words ``doc[opening + 1 : close]`` after an object judge it, or name it?
    Content words all capitalised name ("Harbour Kings", "the Duchess of Pauses"); otherwise a
    determiner or possessive just before the quote or opening it ("a "disgrace"", "their "lucky
    charm""), an adjective or adverb first ("reckless", "very flexible") or one bare noun ("thugs")
    judge, and a bare compound ("river pearls") names."""
    words = [t for t in doc[opening + 1 : close] if t.is_alpha]
    content = [w for w in words if w.tag_ not in ("DT", "IN", "CC", "TO", "PRP$")]
    if not content or all(w.is_title or w.is_upper for w in content):
        return False
    if doc[opening - 1].tag_ in ("DT", "PRP$") or words[0].tag_ in ("DT", "PRP$"):
        return True
    if words[0].tag_ in ("JJ", "JJR", "JJS", "RB", "RBR"):
        return True
    return len(words) == 1 and words[0].tag_ in ("NN", "NNS")


def _plain_quoted_judgement(cue: Token) -> tuple[int, int, str] | None:
    """ "called her "a rising star"", "called the tax plan "reckless"": an object and a quoted
    judgement right after it, read from the words when the parser made something else of them
    (a possessive object, an apposition, a cue hung on the speaker after his apposition). The
    object (a noun or pronoun) runs from the cue to the quote without a verb, colon or sentence
    end between; the quote ends the phrase (a comma, "and" or the sentence's end follows, or a
    comma closes it inside the marks: in 'called the "crooked" press' the quote is a word of the
    object) and judges rather than names (``_quoted_words_judge``). In a relative clause the object is the pronoun before the cue
    ("the pact, which he had called a "farce""): the quoted judgement alone is the content, as
    in ``_relative_quoted_predicate``, when it opens in lower case ("the "Harbour Tax"" names)."""
    doc = cue.doc
    sent_end = cue.sent.end
    first = cue.i + 1
    if first >= sent_end or doc[first].tag_ not in _OBJECT_STARTS:
        return None
    opening = next(
        (
            t.i
            for t in doc[first + 1 : min(sent_end, first + 14)]
            if t.tag_ == "``" or t.tag_ in _FINITE or t.text in (".", ";", ":", "?", "!")
        ),
        None,
    )
    if opening is None or doc[opening].tag_ != "``":
        return None
    obj_end = opening - 1 if doc[opening - 1].tag_ in ("DT", "PRP$") else opening
    relative = any(c.i < cue.i and c.tag_ in ("WP", "WDT") for c in cue.children)
    if relative != (
        not any(t.tag_.startswith("NN") or t.tag_ in ("PRP", "CD") for t in doc[first:obj_end])
    ):
        return None  # 'a ferry the crew now calls a "floating sieve"': no object
    close = next(
        (t.i for t in doc[opening + 1 : min(sent_end, opening + 14)] if t.tag_ == "''"), None
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


def _complement_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """The content of a speech act whose content is no reported clause: the object and one of
    the complements the lexicon lists for the verb ("urged [voters to stay home]", "accused [the
    company of hiding losses]", "called on [ministers to resign]"). Passive and attributive
    uses ("was called", "a group called X") are none."""
    if any(c.dep_ in ("auxpass", "agent") for c in cue.children) or _parenthetical_participle(cue):
        return None
    if cue.dep_ in ("acl", "amod"):
        # "Ana Ruiz, the coach, called the plan "reckless"": the parser hung the cue on its
        # speaker after the apposition's comma ("a group called X" names the group)
        appositive = cue.dep_ == "acl" and cue.i > 0 and cue.doc[cue.i - 1].text == ","
        return (
            _plain_quoted_judgement(cue) if appositive and "predicate" in spec.complements else None
        )
    right = [c for c in cue.children if c.i > cue.i]
    obj = next((c for c in right if c.dep_ in ("dobj", "dative")), None)
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
        if obj is not None or not (infinitive_verb(c) and _passive(c)) or _for_clause(c, spec)
    ]
    if (
        obj is not None
    ):  # "accused [the company [of hiding losses]]": the parser may hang it on the object
        right += [c for c in obj.children if c.i > obj.i and c.dep_ in ("prep", "appos")]
    comps = [c for c in right if _complement_kind(c, obj, spec, lex)]
    reflexive = obj is not None and obj.lower_ in ("itself", "himself", "herself", "themselves")
    if reflexive and not any(c.dep_ == "prep" or _self_description(c) for c in comps):
        return None  # "calls itself X": a name; "described himself as X" is a statement
    if not comps and obj is not None and "predicate" in spec.complements:
        comps = _quoted_second_object(cue, obj)
    if any(c.dep_ == "prep" for c in comps):  # "called on ministers [to resign]"
        comps += [c for c in right if infinitive_verb(c) and c not in comps]
    if not comps and (obj is None or "object" not in spec.complements or obj.tag_ == "PRP"):
        return _plain_quoted_judgement(cue) if "predicate" in spec.complements else None
    parts = comps + ([obj] if obj is not None else [])
    if obj is not None and comps and all(_wh_clause(c, lex) for c in comps):
        parts = comps  # "asked the mayor [what the levy would cost]": the addressee is no content
    start = min(p.left_edge.i for p in parts)
    end = max(p.right_edge.i for p in parts) + 1
    first = cue.doc[start]
    if first.dep_ == "prep" and first.head.i == cue.i and first.lower_ in spec.cue_preps:
        start += 1  # "called on [ministers ...]": the preposition is the cue's
    elif first.dep_ == "mark" and first.i == cue.i + 1 and first.lower_ in spec.cue_preps:
        start += 1  # "called for [the bridge to be closed]": the parser's mark is the cue's
    for c in comps:  # "urging residents [to save water] and promising ...": the second act is hers
        if c.tag_.startswith("VB"):
            end = _cue_form_conjunct(cue, c, end, lex)
    clause = noun_that_clause(obj) if obj in comps and "object_that" in spec.complements else None
    if clause is not None:  # "rejected the idea that ..., saying ...": the rest is the speaker's
        end = cut_at_other_cues(cue.doc, start, clause.right_edge.i + 1, obj, lex)
    start, end = trim_span(cue.doc, start, end)
    if end - start == 1 and cue.doc[start].tag_ in ("PRP", "DT", "WP", "WDT"):
        return None  # "asked for it", "called for that": a pronoun alone says nothing
    return (start, end, "object") if end > start else None


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


def _clause_after_object(cue: Token, comp: Token, spec: CueSpec) -> bool:
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
    if _that_clause(comp) or not _own_subject(comp):
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
        and not _own_subject(cue.head)
    )


def clause_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """Token range of the reported content of ``cue`` and how it was found."""
    doc = cue.doc
    if spec.direct_only:  # only with a complement ("asked whether ...", "accused X of ...")
        return complement_content(cue, spec, lex)
    comps = [
        c for c in cue.children if c.dep_ == "ccomp" and not _clause_after_object(cue, c, spec)
    ]
    if len(comps) > 1 and _right_clauses_report(cue, comps):
        comps = [c for c in comps if c.i > cue.i]
    how = "ccomp"
    if (
        comps
        and all(c.i > cue.i and _finite_without_subject(c) for c in comps)
        and not any(_that_clause(c) for c in comps)
    ):
        return (
            _complementiser_read_as_determiner(cue, comps[0])
            or _relative_content(cue, comps[0], lex)
            or _subject_read_as_adverbial(cue, comps[0])
        )
    if not comps:
        comps = _medium_clauses(cue, lex) or _object_clauses(cue, lex)
    if not comps and spec.complements:
        found = complement_content(cue, spec, lex)
        if found is not None:
            return found
    if not comps and spec.content == "object":
        comps = [c for c in cue.children if c.dep_ in ("dobj", "xcomp") and c.tag_ not in ("PRP",)]
        how = "object"
    if not comps and cue.lower_ in ("told", "tell", "tells", "telling"):
        comps = [c for c in cue.children if c.dep_ == "xcomp"]
        how = "ccomp"
        if comps:
            return None  # "told them to leave" is an instruction, not a report
    if not comps:
        shallow = (
            _interposed_content(cue)
            or _interrupted_subject(cue)
            or _trailing_cue_content(cue, lex)
            or _parenthetical_content(cue)
            or _misread_clause_object(cue, spec, lex)
            or _relative_open_complement(cue, lex)
            or _clause_in_adjunct(cue)
        )
        if shallow is not None:
            return shallow
        if cue.dep_ == "parataxis" and cue.i > cue.head.i and not _clause_follows(cue):
            head = cue.head
            start = head.left_edge.i
            end = cue.left_edge.i
            start, end = trim_span(doc, start, end)
            if end > start:
                return start, end, "parataxis"
        return None
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
        if (other.i > cue.i) == (comp.i > cue.i) and not any(
            t.is_punct and (t.tag_ != "``" or comp.i > cue.i) for t in doc[end : other.left_edge.i]
        ):
            end = max(end, other.right_edge.i + 1)
    if comp.i > cue.i:
        start = _object_read_as_subject(cue, comp, start, spec)
        end = _narration_conjunct(cue, comp, end, lex)
        end = _unshifted_conjunct(cue, comp, end)
        end = _cue_form_conjunct(cue, comp, end, lex)
        end = _coordinated_content(cue, end, lex)
        end = _content_adverbials(cue, comp, end, lex)
    # inverted order "CONTENT, X said": the clause must not swallow the cue
    if start <= cue.i < end:
        if comp.i < cue.i:
            end = cue.left_edge.i if cue.left_edge.i > start else cue.i
        else:
            start = cue.i + 1
    end = cut_at_other_cues(doc, start, end, comp, lex)
    end = _trailing_comment(doc, start, end, lex)
    start, end = trim_span(doc, start, end)
    if end <= start:
        return None
    return start, end, how


def _object_read_as_subject(cue: Token, comp: Token, start: int, spec: CueSpec) -> int:
    """ "argued rent in the old town would keep rising": the parser made the subject of
    the reported clause the cue's object (its phrases hung on the cue) and left the clause
    without one; the content starts at that object when nothing but those phrases, and no
    punctuation, comes between it and the clause. Not after an addressee ("told reporters")."""
    doc = cue.doc
    subjects = ("nsubj", "nsubjpass", "expl", "csubj")
    if spec.addressee or _that_clause(comp):
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


_COMMENT_SEPARATORS = {",", "\u2014", "\u2013", "-", "--"}


def _trailing_comment(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """ "said the cut would cost a farm 6,000 euros a year, a figure the ministry disputed",
    "said he would cut the fare — a promise he has made before": a noun phrase ("a", "an",
    "the" + ``comment_nouns``) set off at the end of the content that comments on the whole
    report is the writer's. The content ends before its comma or dash; "met Dr. Hale, a
    surgeon" (an apposition naming someone in the clause) stays whole."""
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


def _relative_open_complement(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "the ledgers, which he said covered every sale": the parser may make the rest
    of the relative clause an open complement of the cue; finite and without a subject of its
    own, it is that rest (see :func:`_relative_content`)."""
    comp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
    if comp is None or comp.tag_ not in ("VBD", "VBZ", "VBP") or not _finite_without_subject(comp):
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
    # "X cancels tour, says fans ...": the clause before the cue is the headline's own news
    if cue.i > 0 and doc[cue.i - 1].text == ",":
        return True
    # "The doubt has had an effect: some 20 percent said they believe ...": a colon or
    # semicolon closes the clause before the speaker
    if any(doc[c.right_edge.i + 1].text in (":", ";") for c in comps if c.i < cue.i):
        return True
    # "It was no idle worry: soon the mayor had declared that she would ...": a clause
    # after the cue with its own complementiser is what was said, not the sentence before
    # (unless a comma joins them: "It is no wonder, Mr. Okoro said, that ...")
    return any(_that_clause(c) for c in right) and all(
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
    if noun.tag_ not in ("NN", "NNS") or noun.ent_type_ in _TIME_ENTS or doc[cue.i + 1].is_punct:
        return None
    start, end = trim_span(doc, noun.left_edge.i, comp.right_edge.i + 1)
    return (start, end, "ccomp") if end > start else None


def _narration_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
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


def _unshifted_conjunct(cue: Token, comp: Token, end: int) -> int:
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


def _cue_form_conjunct(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
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
        if c.dep_ != "conj" or c.i >= end or not c.tag_.startswith("VB") or _own_subject(c):
            continue
        forms = _verb_forms(c, lex)
        if forms & cue_forms and not forms & comp_forms:
            return _end_before_conjunct(comp, c, end)
    return end


def _coordinated_content(cue: Token, end: int, lex: Lexicon) -> int:
    """Extend the content over a second clause coordinated with the cue that still belongs to the
    report: "said X but that Y" (a complementiser of its own) and "said X and would present Y"
    (a subjectless backshifted modal: the narration itself never says "would")."""
    for c in cue.children:
        if c.dep_ != "conj" or c.i < end or not c.tag_.startswith("VB"):
            continue
        if c.lower_ in lex.cues:
            break
        own_subject = _own_subject(c)
        that = _that_clause(c)
        would = not own_subject and any(g.dep_ == "aux" and g.lower_ == "would" for g in c.children)
        but = own_subject and _contrast_clause(cue, c, end, lex)
        if that or would or but:
            end = max(end, c.right_edge.i + 1)
    return end


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


def _content_adverbials(cue: Token, comp: Token, end: int, lex: Lexicon) -> int:
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


def _interposed_content(cue: Token) -> tuple[int, int, str] | None:
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


def _clause_in_adjunct(cue: Token) -> tuple[int, int, str] | None:
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
            if that.dep_ in ("nsubj", "nsubjpass") or not _own_subject(clause):
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
    if not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.right_edge.i < cue.left_edge.i for c in head.children
    ):
        return None
    start, end = trim_span(cue.doc, cue.right_edge.i + 1, head.right_edge.i + 1)
    return (start, end) if end - start >= 2 else None


def _interrupted_subject(cue: Token) -> tuple[int, int, str] | None:
    """ "The sale, Okoro explained, was the fruit of a long winter of talks — and ...": the first
    fragment of a cue set off between a subject and its predicate is the subject before the
    cue, whatever punctuation the rest of the sentence holds (:func:`interrupted_rest` gives
    the second)."""
    if interrupted_rest(cue) is None:
        return None
    subj = next(
        c
        for c in cue.head.children
        if c.dep_ in ("nsubj", "nsubjpass") and c.right_edge.i < cue.left_edge.i
    )
    start, end = trim_span(cue.doc, subj.left_edge.i, cue.left_edge.i)
    return (start, end, "parataxis") if end > start else None


def interposed_opening(cue: Token) -> tuple[int, int] | None:
    """ "After the court ruled, Ms. Vane said, most towns dropped the fee": the opening before a
    cue set off inside the clause it reports is the content's first fragment, like the first
    half of a broken quote (the main clause after the cue is the second, found by
    :func:`_interposed_content`). One-word openings ("But", "Still") are no fragment."""
    if _interposed_content(cue) is None:
        return None
    # the parser may hang the opening clause on the cue itself: it ends at the cue's subject
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
    end = subj.left_edge.i if subj is not None else cue.left_edge.i
    start, end = trim_span(cue.doc, min(cue.head.left_edge.i, cue.left_edge.i), end)
    if end - start < 2 or any(t.dep_ == "cc" for t in cue.doc[start : start + 1]):
        return None
    return start, end


def opening_fragment(cue: Token) -> tuple[int, int, str] | None:
    """The words before a cue set off inside the sentence it reports, whatever follows the cue
    (a clause or a quote): the subject of an interrupted clause ("The pier, Ivanov said, ...",
    kind "subject") or an opening adverbial or clause ("If Smith wins, he said, ...", kind
    "opening")."""
    subject = _interrupted_subject(cue)
    if subject is not None:
        return subject[0], subject[1], "subject"
    opening = interposed_opening(cue)
    return (opening[0], opening[1], "opening") if opening is not None else None


def _trailing_cue_content(cue: Token, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "CONTENT, SPEAKER says" when the parse found no clause (verbless headlines)."""
    doc = cue.doc
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None) or _appos_subject(cue)
    if subj is None or subj.i > cue.i:
        return None
    sent = cue.sent
    comma = subj.left_edge.i - 1
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
    if _clause_follows(cue):
        return None
    if any(
        c.dep_ in _OPENING_ADJUNCTS and c.left_edge.i == sent.start and c.right_edge.i == comma - 1
        for c in cue.children
    ):
        return None  # "In May, the agency proposed ...": an opening adjunct of the cue, no content
    start, end = trim_span(doc, sent.start, comma)
    if end <= start:
        return None
    return start, end, "parataxis"


def _clause_follows(cue: Token) -> bool:
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
        and (
            verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ == "aux" for c in verb.children)
        )
        and not any(c.dep_ == "mark" for c in verb.children)
    )


#: Dependencies of a sentence's first word that make it an adjunct of the verb, not content.
_OPENING_ADJUNCTS = frozenset({"prep", "npadvmod"})


def according_frame(tok: Token, lex: Lexicon) -> tuple[Token | None, tuple[int, int] | None]:
    """ "according to X": speaker head X and the clause it attributes."""
    doc = tok.doc
    to = tok.nbor(1)
    speaker = None
    for c in to.children:
        if c.dep_ == "pobj":
            speaker = c
    if speaker is None:
        for c in tok.children:
            if c.dep_ == "pobj":
                speaker = c
    sent = tok.sent
    phrase_start = tok.i
    phrase_end = (
        max(
            tok.right_edge.i,
            to.right_edge.i,
            speaker.right_edge.i if speaker is not None else tok.i,
        )
        + 1
    )
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    b = trim_span(doc, *before)
    a = trim_span(doc, *after)
    if a[1] <= a[0] and b[1] - b[0] > 1 and doc[b[1] - 1].norm_ in ("'s", "is", "was"):
        b = (b[0], b[1] - 1)  # "That's according to the filings": the copula is the frame's
    longer = a if (a[1] - a[0]) >= (b[1] - b[0]) else b
    if _bare_rest(doc, a, lex) and _has_clause(doc, b):
        longer = b  # "X leads, according to Y, and has ...": the rest is the writer's
    if _opens_after_mark(doc, b, a, lex):
        pick = a
    elif _concession_after(doc, b, a, lex) or _source_relative(doc, b, phrase_end):
        pick = b
    else:
        pick = longer
    if pick[1] <= pick[0]:
        return speaker, None
    return speaker, pick


def according_opening(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """ "Until the flood, according to the river board, the mill ran on water": the words
    before an "according to X" set off inside the clause it attributes (an opening adverbial
    or the subject, hung on the clause after the phrase) are the content's first fragment,
    like the first half of a broken quote; the clause after the phrase is the second."""
    doc = tok.doc
    speaker, rng = according_frame(tok, lex)
    sent = tok.sent
    if speaker is None or rng is None or rng[0] <= tok.i or tok.i - 1 <= sent.start:
        return None
    if doc[tok.i - 1].text != "," or doc[rng[0] - 1].text != ",":
        return None  # not set off by commas on both sides
    start, end = trim_span(doc, sent.start, tok.i)
    if end <= start or doc[start].dep_ == "cc" or _opens_after_mark(doc, (start, end), rng, lex):
        return None
    words = doc[start:end]
    if words.text.lower() in lex.lists.connectives:
        return None  # "In addition, according to X, ...": the writer's link, not what was said
    roots = [t for t in words if not start <= t.head.i < end]
    if not roots or any(not rng[0] <= t.head.i < rng[1] for t in roots):
        return None  # a clause of its own ("She quit after, according to her, ...")
    if any(c.dep_ == "mark" for t in roots for c in t.children):
        return None  # "While the mill ran, according to X, ...": the writer's own frame
    return start, end


def _bare_rest(doc: Doc, span: tuple[int, int], lex: Lexicon) -> bool:
    """Is the rest after an "according to X" a coordinated predicate ("and lost money") or a
    phrase with no verb ("last week - well down"), not a clause the phrase opens?"""
    start, end = span
    if end <= start:
        return False
    words = doc[start:end]
    if words[0].lower_ in lex.lists.opening_marks:
        return False  # "..., according to Y, because ...": the reason is the source's
    return (words[0].dep_ == "cc" and not _has_clause(doc, span)) or not any(
        t.tag_.startswith(("VB", "MD")) for t in words
    )


def _has_clause(doc: Doc, span: tuple[int, int]) -> bool:
    """Does ``span`` hold a whole clause, a verb with its subject inside it ("the mill ran"),
    not a bare predicate ("and ran on coal") or a phrase ("last week - well down")?"""
    start, end = span
    return any(
        t.dep_ in ("nsubj", "nsubjpass", "expl")
        and start <= t.head.i < end
        and t.head.tag_.startswith(("VB", "MD"))
        for t in doc[start:end]
    )


def _concession_after(
    doc: Doc, before: tuple[int, int], after: tuple[int, int], lex: Lexicon
) -> bool:
    """ "The levy has lost support, according to the survey, despite a costly campaign":
    what follows the phrase is a concession the writer adds; the phrase attributes the clause
    before it."""
    if before[1] - before[0] < 2 or after[1] <= after[0]:
        return False
    return doc[after[0]].lower_ in lex.lists.concessions


def _source_relative(doc: Doc, before: tuple[int, int], phrase_end: int) -> bool:
    """ "That's according to filings that the campaign made on Monday": a relative clause of
    the source itself, no comma before it (the parser may hang it elsewhere), is none of
    the content; the content is before the phrase."""
    if before[1] <= before[0] or phrase_end >= len(doc):
        return False
    return doc[phrase_end].lower_ in ("that", "which") and doc[phrase_end - 1].text != ","


def _opens_after_mark(
    doc: Doc, before: tuple[int, int], after: tuple[int, int], lex: Lexicon
) -> bool:
    """ "She quit the board after, according to her, the chair hid the audit": the phrase is
    set off right after a clause's opening mark, so it attributes the clause that follows it
    (what comes before the mark is the writer's)."""
    if before[1] <= before[0] or after[1] - after[0] < 2:
        return False
    last = doc[before[1] - 1]
    return last.lower_ in lex.lists.opening_marks and last.dep_ in ("mark", "prep", "advmod")
