"""The speaker of a cue verb (its subject, in all the shapes news puts it) and the cue's extent."""

from __future__ import annotations

from spacy.tokens import Token

from .complements import complement_content
from .cues import CueSpec, Lexicon
from .cueverbs import negates_or_modalises, particle_of
from .doctext import doc_ents
from .shapes import (
    DASHES,
    TENSED_TAGS,
    has_own_subject,
    infinitive_verb,
    mark_before_cue,
    quote_between,
    statement_or_medium,
    to_infinitive,
)


def subject_of(cue: Token, lex: Lexicon) -> Token | None:
    """The speaker head: nsubj, passive agent, or the subject of the verb a participle hangs on."""
    appos = appos_subject(cue)
    if appos is not None:
        return appos
    t = cue
    via_conj = False
    for _ in range(5):
        subjects = [
            c for c in t.children if c.dep_ == "nsubj" and c.lower_ not in _RELATIVE_SUBJECTS
        ] or _contracted_has_subject(t)
        # a subject inside a quote before the cue is the quote's word ("Nobody ...," Lopes said)
        clean = [c for c in subjects if not quote_between(c, t)]
        if clean or subjects:
            subj = _clitic_host(min(clean or subjects, key=lambda c: abs(c.i - t.i)))
            if subj.tag_ in ("VBN", "VBG") and (front := fronted_phrase_speaker(t)) is not None:
                return front  # "Alarmed by the flood in Ely, Ann Roe said": not "Alarmed"
            if subj.lower_ == "time" and cue.lower_ in ("tell", "tells"):
                return None  # "only time will tell whether ...": an idiom, nobody speaks
            return _inverted_name(cue, subj) if t.i == cue.i else subj
        passive = _passive_speaker(t, via_conj)
        if passive is not None:
            return passive
        if t.dep_ == "conj" and t.head.i != t.i:
            # "She acknowledged that X but stressed that Y": the parser may coordinate the second
            # report with the first one's content; its subject is the first report's speaker
            h = t.head
            if (
                h.dep_ in ("ccomp", "xcomp")
                and h.head.i != h.i
                and (h.head.lower_ in lex.cues or h.head.lower_ in lex.lists.belief_verbs)
                and h.head.tag_.startswith("VB")
                and _reports_content(t, lex)
            ):
                t = h.head
                continue
            t = _finite_verb_above(t, h)
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
        if t.i == cue.i and _purpose_of_act(t, lex):
            t = t.head  # "flew to Oslo to say ...": the traveller says it
            continue
        if t.i != cue.i and _issued_medium(t, lex):
            t = t.head  # "the senator issued a statement saying ...": who issued it
            continue
        if via_conj and t.dep_ == "pcomp" and (outer := _outer_participle(t)) is not None:
            t = outer  # "..., saying she was a pioneer in hiring X and calling him ...": ", saying"
            continue
        if t.dep_ == "pcomp" and cue.tag_ == "VBG" and (host := _phrase_host(t.head, lex)):
            t = host  # "aside from claiming that ...": the subject of the verb it hangs on
            continue
        if t.dep_ == "pcomp" and cue.tag_ == "VBG" and _speaker_gerund_prep(t.head, cue, lex):
            t = t.head.head  # "erred in saying ...", "ended by warning ...": the verb's subject
            if t.dep_ in ("attr", "acomp") and t.head.tag_.startswith("VB"):
                t = t.head  # "was the first in saying ...", "was right in saying ...": of "was"
            continue
        if t.dep_ == "xcomp" and t.head.dep_ == "acomp" and t.head.tag_ == "JJ":
            if _dummy_it(t.head.head):
                return None  # "it is too early to say ...": the placeholder "it" says nothing
            t = t.head.head  # "critics were quick to note ...": the subject of "were"
            continue
        if t.dep_ == "relcl" and t.head.i != t.i:
            up = _relative_clause_host(t, cue, via_conj, lex)
            if up is None:
                return t.head
            t = up
            continue
        break
    return _adjacent_subject(cue)


def _finite_verb_above(conj: Token, head: Token) -> Token:
    """ "Ruiz ran on her plan to widen the pier and accused the board of stalling": the parser
    joined a tensed verb to a to-infinitive inside the first verb's object; a past or
    present-tense verb is no conjunct of an infinitive, so it is coordinated with the nearest
    tensed verb above that infinitive, whose subject speaks, when that verb is a main clause's
    (inside a reported clause, "said the ministry asked that he be sent home to serve his term
    and indicated ...", the second report is nested in the first). Otherwise the head itself."""
    if conj.tag_ not in ("VBD", "VBZ") or head.tag_ != "VB" or not to_infinitive(head):
        return head
    up = head
    while up.head.i != up.i and up.tag_ not in TENSED_TAGS:
        up = up.head
    return up if up.tag_ in TENSED_TAGS and up.dep_ in ("ROOT", "conj") else head


def _passive_speaker(t: Token, via_conj: bool) -> Token | None:
    """A passive cue names its speaker after "by" ("was asked by a student whether ...");
    a cue coordinated with a passive verb shares that verb's subject, not its agent ("Officials
    were annoyed by the merger and predicted it would collapse": the officials), when that verb heads
    its sentence (not a clause inside another: "told the men they would be sentenced and
    warned that ...")."""
    if via_conj and t.dep_ in ("ROOT", "conj"):
        for c in t.children:
            if c.dep_ == "nsubjpass" and c.i < t.i and c.lower_ not in _RELATIVE_SUBJECTS:
                return c
    for c in t.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _relative_clause_host(t: Token, cue: Token, via_conj: bool, lex: Lexicon) -> Token | None:
    """The verb whose subject speaks for a cue clause ``t`` hung on a noun as a relative
    clause, or None when that noun itself speaks."""
    obj = t.head
    if (
        via_conj
        and obj.dep_ in ("dobj", "dative")
        and obj.head.i != obj.i
        and obj.head.lower_ in lex.cues
        and obj.head.tag_.startswith("VB")
    ):
        # "X told the two men they would ... and warned that ...": the clause the parser hung
        # on the addressee is what X told them; the addressee is not the coordinated speaker
        return obj.head
    if t.i == cue.i and _issued_medium(obj, lex):
        return obj.head  # "the senator released a video that accuses ...": who released it
    return None


def _clitic_host(subj: Token) -> Token:
    """ "She’s said the pool will reopen": with a curly apostrophe the parser may read the
    contracted "has" ("’s") as the cue's subject and hang the true subject on it; the speaker
    is that subject, not the clitic."""
    if subj.lower_ not in ("'s", "\u2019s"):
        return subj
    return next((c for c in subj.children if c.dep_ in ("nsubj", "nsubjpass")), subj)


def _contracted_has_subject(verb: Token) -> list[Token]:
    """ "She's said the pool will reopen": the parser may read the contracted "has" as the
    passive "is" and the speaker as a passive subject. With a reported clause after the cue (not
    the infinitive of "he's said to be furious", a report with no speaker) it is the speaker; a
    placeholder "it" is none."""
    if not any(c.dep_ == "auxpass" and c.lower_ in ("'s", "\u2019s") for c in verb.children):
        return []
    if not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return []
    return [
        c
        for c in verb.children
        if c.dep_ == "nsubjpass" and c.i < verb.i and c.lower_ not in ("it", "there")
    ]  # "It's been reported that ...": a passive with no speaker


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


def _outer_participle(gerund: Token) -> Token | None:
    """ "..., saying she was a pioneer in hiring nurses and calling him a mentor": the parser
    may coordinate a gerund cue with a gerund inside the content (or the object) of a
    participle set off before it ("hiring"); the cue goes with that outer participle ("saying"),
    the nearest present participle above it hung on its verb as an adverbial clause."""
    a = gerund.head
    for _ in range(6):
        if a.head.i == a.i:
            return None
        if a.tag_ == "VBG" and a.dep_ == "advcl":
            return a
        a = a.head
    return None


def _phrase_host(prep: Token, lex: Lexicon) -> Token | None:
    """The verb that a phrase like "in addition to" or "aside from" ending in ``prep`` hangs
    on (the first head outside the phrase), or None when no such phrase ends there."""
    doc = prep.doc
    for phrase in lex.lists.speaker_gerund_phrases:
        n = phrase.count(" ") + 1
        start = prep.i - n + 1
        if start < prep.sent.start or doc[start : prep.i + 1].text.lower() != phrase:
            continue
        h = prep
        while start <= h.i <= prep.i and h.head.i != h.i:
            h = h.head
        return h if h.tag_.startswith("VB") and not start <= h.i <= prep.i else None
    return None


def _purpose_of_act(cue: Token, lex: Lexicon) -> bool:
    """ "Ruiz drove to the harbour to say the pier would close", "stood up at the meeting to
    tell the board that ...": an infinitive cue that is the purpose clause of a verb the subject
    did (not "would fly there to say", "did not come to say": no statement made; not "it takes
    courage to say": nobody speaks; not "struggled to explain": an attempt, ``attempt_verbs``)
    speaks for that verb's subject. Only a cue whose content is a clause: an infinitive of
    ``complements`` ("to praise the staff") is the purpose of the act, not a report."""
    head = cue.head
    if cue.dep_ != "advcl" or not infinitive_verb(cue) or head.i == cue.i or head.i > cue.i:
        return False
    spec = lex.cue(cue.lower_)
    if spec is None or spec.complements or spec.direct_only:
        return False  # "to praise the staff", "to call for a vote": an act, not a report
    if head.lower_ in lex.negating_heads or head.lower_ in lex.lists.attempt_verbs:
        return False  # "struggled to explain": an attempt the parser read as a purpose
    if not head.tag_.startswith("VB") or _dummy_it(head):
        return False
    return not any(negates_or_modalises(c, head, lex) for c in head.children)


def _dummy_it(verb: Token) -> bool:
    """The subject of ``verb`` is a placeholder "it" ("it is hard to tell whether ..."): the
    infinitive after the adjective has no speaker."""
    return any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in verb.children)


def _issued_medium(noun: Token, lex: Lexicon) -> bool:
    """Is ``noun`` a statement or medium that the verb it is the object of puts out ("issued a
    statement", "posted a video", "is releasing an ad")?"""
    return (
        noun.dep_ == "dobj"
        and statement_or_medium(noun, lex)
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
    ent = next((e for e in doc_ents(doc) if e.start == k), None)
    if ent is None or ent.start <= subj.i < ent.end:
        return subj
    inner = [
        t for t in ent if t.tag_ in ("NNP", "NNPS") and t.dep_ in ("nsubj", "appos", "compound")
    ]
    return ent.root if ent.root.tag_ in ("NNP", "NNPS") else (inner[-1] if inner else subj)


def appos_subject(cue: Token) -> Token | None:
    """ "CLAUSE ... the town of X, the regional agency said on Thursday.": the parser hung the
    trailing speaker on the last noun as an apposition and coordinated the cue with the
    sentence; the noun phrase right before the cue, after a comma, is the speaker."""
    doc = cue.doc
    if has_own_subject(cue) or cue.dep_ not in (
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
    set_off = _set_off_subject(cue) or fronted_phrase_speaker(cue)
    if set_off is not None:
        return set_off
    k = cue.i - 1
    if k >= 0 and doc[k].sent == cue.sent:
        prev = doc[k]
        if prev.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP") or (
            prev.lower_ == "old" and k >= 2 and doc[k - 2].lower_ == "year"
        ):
            return prev
    return _clause_before_subject(cue)


def _clause_before_subject(cue: Token) -> Token | None:
    """ "Ana Ruiz, who like her neighbours farms barley, said ...", "A buyer for
    the brand - a firm pitched as ... - noted that ...", "Ada Verne is glad to be the town's
    "gold standard," says she ...", "X cancels tour, says ...": the parser read the clause
    around the subject (its relative clause or apposition, or the subject's own first clause)
    as a clause the cue reports before it, hung the subject on that clause and left the cue
    with none. The comma or dash before the cue (after the cue's adverbs and a closing quote
    mark) ends that clause; its first subject (not a relative pronoun) is the speaker: a name,
    or any noun or pronoun set off from that clause's verb by a comma, bracket or dash when the
    cue reports a clause of its own after it (then the clause before it is no content of it;
    "The row began as Ana Ruiz, smiling, said ..." gets no speaker "The row")."""
    doc = cue.doc
    mark = mark_before_cue(cue)
    if mark.i >= cue.i or mark.text not in (",", *DASHES):
        return None
    reports = any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children)
    for c in cue.children:
        if c.dep_ != "ccomp" or c.right_edge.i > mark.i:
            continue
        subj = next(
            (g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in _RELATIVE_SUBJECTS),
            None,
        )
        if subj is None:
            continue
        set_off = any(t.text in _SET_OFF_OPENERS for t in doc[subj.i + 1 : c.i])
        if subj.tag_ in _NAME_TAGS or reports and set_off and subj.tag_ in _SPEAKER_TAGS:
            return subj
    return None


#: relative pronouns as a clause's subject: the clause's own, never a speaker of the cue's
_RELATIVE_SUBJECTS = frozenset({"that", "which", "who"})
#: what opens a phrase set off between a subject and its verb
_SET_OFF_OPENERS = frozenset({",", "(", *DASHES})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
#: the subject tags of a clause before the cue that may speak for it (any noun or pronoun
#: only when set off and the cue reports a clause of its own after it)
_NAME_TAGS = frozenset({"NNP", "NNPS"})
_SPEAKER_TAGS = _NOUN_TAGS | {"PRP"}


def _set_off_subject(cue: Token) -> Token | None:
    """ "Ivo Bran, 51, said ...", "Dr. Pia Holm (a surgeon ...) says ...", "The warden, who
    ..., also said ...": a phrase set off by commas, brackets or dashes between the subject
    and a finite cue may lead the parser to hang the subject elsewhere and leave the cue with
    none. The words before the cue (after its adverbs) end in the closing mark; the nearest
    noun that a set-off phrase ending there belongs to is the speaker, unless it is the object
    of a preposition ("Alarmed by the flood in Ely, Ann Roe, the mayor, said": not "Ely";
    "Jo Fry, head of the Ely Trust, a charity, said": not "the Ely Trust")."""
    doc = cue.doc
    sent_start = cue.sent.start
    k = cue.i - 1
    while k > sent_start and doc[k].dep_ == "advmod" and doc[k].head.i == cue.i:
        k -= 1
    if k - 1 <= sent_start or doc[k].text not in (",", ")", *DASHES):
        return None
    t = doc[k - 1]
    while t.head.i != t.i and t.head.i < k:
        opener = t.left_edge.i - 1
        h = t.head
        if (
            opener > h.i
            and doc[opener].text in _SET_OFF_OPENERS
            and h.tag_ in _NOUN_TAGS
            and h.dep_ != "pobj"
        ):
            return h
        t = h
    return None


def fronted_phrase_speaker(cue: Token) -> Token | None:
    """ "Alarmed by the flood in Ely, Ann Roe, the mayor, said ...", "Speaking in Ely, Ann Roe,
    the mayor, said ...": after a participle phrase that opens the sentence, the parser may hang
    the speaker on the phrase's last noun (as an apposition or conjunct of the object of its
    preposition) and make the participle the cue's subject, or leave the cue with none. When the
    phrase runs up to the comma before the cue, the speaker is the first noun phrase set off by
    a comma after an object of a preposition inside it."""
    doc = cue.doc
    k = cue.i - 1
    while k > cue.sent.start and doc[k].dep_ == "advmod" and doc[k].head.i == cue.i:
        k -= 1
    if doc[k].text != ",":
        return None
    front = next(
        (
            c
            for c in cue.children
            if c.dep_ in ("nsubj", "advcl")
            and c.tag_ in ("VBN", "VBG")
            and c.i < cue.i
            and c.right_edge.i in (k - 1, k)
            and all(t.is_punct or t.is_space for t in doc[cue.sent.start : c.left_edge.i])
        ),
        None,
    )
    if front is None:
        return None
    for t in doc[front.i + 1 : k]:
        if (
            t.dep_ in ("appos", "conj")
            and t.head.dep_ == "pobj"
            and t.tag_ in _NOUN_TAGS
            and doc[t.left_edge.i - 1].text == ","
        ):
            return t
    return None


def _speaking_noun(anchor: Token, participle: Token, lex: Lexicon) -> bool:
    """ "a petition from residents urging her to ...", "most farmers saying the levy ...": a
    present participle that modifies a noun, with no reporting verb above it, speaks for that
    noun; not a statement that a verb issues ("issued a statement saying": its issuer)."""
    return (
        anchor.i == participle.head.i
        and anchor.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP")
        and not has_own_subject(anchor)
        and not _issued_medium(anchor, lex)
    )


def _participle_anchor(t: Token, lex: Lexicon) -> Token:
    """ ", denying ...": the participle belongs to the nearest reporting verb above it, else its
    head; not past a coordinated clause with its own subject ("She was questioned over the
    budget, but she talked about policy, saying ...": who talked says it, not the one questioned)."""
    a = t.head
    steps = 0
    while steps < 4 and a.head.i != a.i:
        if a.tag_.startswith("VB") and a.lower_ in lex.cues:
            return a
        if (
            a.dep_ == "conj"
            and a.tag_.startswith("VB")
            and any(c.dep_ == "nsubj" for c in a.children)
        ):
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
        prt = particle_of(cue, spec.particle)
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
            and doc[end].dep_ in ("prep", "prt")
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
