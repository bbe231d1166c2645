"""Reporting frames from the dependency parse: cue verb, its subject, its content clause."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import CueSpec, Lexicon, load_lexicon

QUOTE_TAGS = {"``", "''"}
# "conceded in an interview that ...", "wrote in a blog post that ...": the parser may hang the
# reported clause on the medium noun instead of the verb
_MEDIUM_NOUNS = frozenset({"interview", "post", "blog", "letter", "email", "speech", "podcast", "video",
                           "message", "op-ed", "column", "briefing", "conference", "filing", "tweet",
                           "remarks", "testimony", "memo", "note", "address", "broadcast", "update"})
_CUE_WORDS_CACHE: frozenset[str] = frozenset(load_lexicon().cues)


def is_cue(tok: Token, lex: Lexicon) -> CueSpec | None:
    spec = lex.cue(tok.lower_)
    if spec is None or not tok.tag_.startswith("VB"):
        return None
    if spec.particle and not any(c.dep_ == "prt" and c.lower_ == spec.particle for c in tok.children):
        return None
    return spec


def is_according(tok: Token, lex: Lexicon) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return tok.lower_ in lex.according and nxt is not None and nxt.lower_ == "to"


def negated(cue: Token, lex: Lexicon) -> bool:
    """"has not said", "would say", "declined to say", "did not say whether"."""
    for c in cue.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "neg") and c.lower_ in lex.negators):
            return True
        if c.dep_ == "aux" and c.lower_ in lex.modals:
            return True
        if c.dep_ == "nsubj" and c.lower_ in ("neither", "nobody", "none", "no"):
            return True
    head = cue.head
    if cue.dep_ in ("xcomp", "ccomp") and head.lower_ in lex.negating_heads:
        return True
    if cue.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children):
        return True
    if cue.dep_ == "conj" and head is not cue and any(c.dep_ == "neg" for c in head.children):
        return True
    return False


def subject_of(cue: Token) -> Token | None:
    """The speaker head: nsubj, passive agent, or the subject of the verb a participle hangs on."""
    t = cue
    for _ in range(5):
        for c in t.children:
            if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who"):
                return c
        for c in t.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if t.dep_ == "conj" and t.head is not t:
            t = t.head
            continue
        if t.dep_ in ("advcl", "xcomp", "acl") and cue.tag_ == "VBG" and t.head is not t:
            t = _participle_anchor(t)
            continue
        if t.dep_ == "relcl" and t.head is not t:
            return t.head
        break
    return None


def _participle_anchor(t: Token) -> Token:
    """", denying ...": the participle belongs to the nearest reporting verb above it, else its head."""
    a = t.head
    steps = 0
    while steps < 4 and a.head is not a:
        if a.tag_.startswith("VB") and a.lower_ in _CUE_WORDS_CACHE:
            return a
        a = a.head
        steps += 1
    if a.tag_.startswith("VB") and a.lower_ in _CUE_WORDS_CACHE:
        return a
    return t.head


def cue_extent(cue: Token, lex: Lexicon, spec: CueSpec | None) -> tuple[int, int]:
    """Token range of the cue phrase: verb + particle + addressee + literal "in a statement"."""
    doc = cue.doc
    start, end = cue.i, cue.i + 1
    if spec and spec.particle:
        for c in cue.children:
            if c.dep_ == "prt" and c.i == end:
                end = c.i + 1
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
    words = [t.lower_ for t in doc[end : end + 3]]
    if len(words) == 3 and words[0] == "in" and words[1] in ("a", "an") and words[2] in lex.statement_nouns:
        end += 3
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct and doc[start].tag_ not in QUOTE_TAGS or doc[start].lower_ == "that" and doc[start].dep_ == "mark" or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].tag_ not in QUOTE_TAGS or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    # a trailing quote mark with nothing quoted before it in the span is stray
    return start, end


def _cut_at_other_cues(doc: Doc, start: int, end: int, root: Token, lex: Lexicon) -> int:
    """Stop the content before a participial cue clause hanging inside it (", denying ...")."""
    for t in doc[start:end]:
        if t is root or not lex.cue(t.lower_) or not t.tag_.startswith("VB"):
            continue
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj"):
            return max(start, t.left_edge.i)
        # "..., while he said ...": a second report with its own subject ends the first
        if t.dep_ in ("advcl", "conj") and any(c.dep_ == "nsubj" for c in t.children):
            return max(start, t.left_edge.i)
        # "... and has indicated he would ...": a coordinated report of its own clause
        if t.dep_ == "conj" and any(c.dep_ == "ccomp" for c in t.children):
            return max(start, t.left_edge.i)
    return end


def clause_content(cue: Token, spec: CueSpec, lex: Lexicon) -> tuple[int, int, str] | None:
    """Token range of the reported content of ``cue`` and how it was found."""
    doc = cue.doc
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    how = "ccomp"
    if not comps:
        # "said in a statement that ...": the parser may hang the clause on the noun
        for prep in (c for c in cue.children if c.dep_ == "prep"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj" and (g.lower_ in lex.statement_nouns or g.lower_ in _MEDIUM_NOUNS)):
                comps = [g for g in pobj.children if g.dep_ in ("acl", "ccomp", "relcl")
                         and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)]
    if not comps and spec.content == "object":
        comps = [c for c in cue.children if c.dep_ in ("dobj", "xcomp") and c.tag_ not in ("PRP",)]
        how = "object"
    if not comps and cue.lower_ in ("told", "tell", "tells", "telling"):
        comps = [c for c in cue.children if c.dep_ == "xcomp"]
        how = "ccomp"
        if comps:
            return None  # "told them to leave" is an instruction, not a report
    if not comps:
        shallow = _trailing_cue_content(cue)
        if shallow is not None:
            return shallow
        if cue.dep_ == "parataxis" and cue.i > cue.head.i:
            head = cue.head
            start = head.left_edge.i
            end = cue.left_edge.i
            start, end = _trim(doc, start, end)
            if end > start:
                return start, end, "parataxis"
        return None
    comp = comps[0]
    start, end = comp.left_edge.i, comp.right_edge.i + 1
    # inverted order "CONTENT, X said": the clause must not swallow the cue
    if start <= cue.i < end:
        if comp.i < cue.i:
            end = cue.left_edge.i if cue.left_edge.i > start else cue.i
        else:
            start = cue.i + 1
    end = _cut_at_other_cues(doc, start, end, comp, lex)
    start, end = _trim(doc, start, end)
    if end <= start:
        return None
    return start, end, how


def _trailing_cue_content(cue: Token) -> tuple[int, int, str] | None:
    """"CONTENT, SPEAKER says" when the parse found no clause (verbless headlines)."""
    doc = cue.doc
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > cue.i:
        return None
    sent = cue.sent
    comma = subj.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    if any(t.is_punct and t.text not in (",", "-", "'", "’") for t in doc[cue.i + 1 : sent.end] if not t.is_space and t.text not in (".",)):
        return None
    start, end = _trim(doc, sent.start, comma)
    if end <= start:
        return None
    return start, end, "parataxis"


def according_frame(tok: Token) -> tuple[Token | None, tuple[int, int] | None]:
    """"according to X": speaker head X and the clause it attributes."""
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
    phrase_end = max(tok.right_edge.i, to.right_edge.i, speaker.right_edge.i if speaker is not None else tok.i) + 1
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    b = _trim(doc, *before)
    a = _trim(doc, *after)
    pick = a if (a[1] - a[0]) >= (b[1] - b[0]) else b
    if pick[1] <= pick[0]:
        return speaker, None
    return speaker, pick
