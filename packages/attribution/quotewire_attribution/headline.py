"""Title Case headlines: "Minister Warns Of Cuts To Rural Schools".

The tagger reads every capitalised word of a Title Case headline as a proper noun, so the
cue verb is never a verb. Before parsing, the headline's capitalised cue words and
function words ("Warns", "Of", "To") are lower-cased, letter for letter (every offset stays
valid; the statements are cut from the text as given, capitals and all). Names keep their
capitals: only words in the cue lexicon or the ``title_case_lower`` word list change.
"""

from __future__ import annotations

import re

from .bounds import trim_span
from .cues import Lexicon
from .doctext import doc_text, token_offsets
from .shapes import PRONOUN_TAGS, has_own_subject, to_infinitive

_WORD = re.compile(r"[A-Za-z][a-z']*")
#: a capitalised word, or the article "A" (a capital letter alone is an initial: "U.S.", "J. Hale")
_CAPITALISED = re.compile(r"[A-Z][a-z']+|A(?![\w.\u2019'])")
#: at least this share of the headline's words capitalised makes it Title Case
TITLE_CASE_SHARE = 0.7


def _headline(text: str) -> tuple[int, int] | None:
    m = re.search(r"\S", text)
    if m is None:
        return None
    end = text.find("\n", m.start())
    return m.start(), len(text) if end < 0 else end


def is_title_case(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


def lower_headline_cues(text: str, lex: Lexicon) -> str:
    """``text`` with the cue and function words of a Title Case headline lower-cased (same length)."""
    span = _headline(text)
    if span is None or not is_title_case(text[span[0] : span[1]]):
        return text
    lo, hi = span
    lower = lex.lists.title_case_lower
    body_lower, names = _body_words(text, hi)
    common = body_lower - names
    out = []
    pos = lo
    for m in _CAPITALISED.finditer(text, lo, hi):
        w = m.group().lower()
        # a cue's bare form the body capitalises inside a sentence is part of a name there ("NY
        # Post:" over "... at The New York Post") and keeps its capital; the present tense of a
        # headline's verb ("Warns", "Says") is lower-cased whatever the body does
        # a stance verb too, but not before a colon: "Hale Endorses Ruiz: 'She Will Win'" is a
        # name line whose words before the colon the colon rules read in their Title Case
        stance = w in lex.lists.headline_stance_verbs and ":" not in text[m.end() : hi]
        cue = (w in lex.cues or stance) and (w not in names or w.endswith("s"))
        if m.start() > lo and (cue or w in lower or w in common):
            out.append(text[pos : m.start()])
            out.append(w)
            pos = m.end()
    if not out:
        return text
    return text[:lo] + "".join(out) + text[pos:]


def _body_words(text: str, body_start: int) -> tuple[set[str], set[str]]:
    """The words the body writes in lower case, and those it capitalises inside a sentence.
    The first without the second are common words ("Marlow Says Crews Stole The Fuel" over a
    body with "stole" and "fuel"): in the Title Case headline they are lower-cased too, so that
    the headline's own clause ("crews stole the fuel") or predicative ("calls the levy 'theft'")
    parses as one. A word the body capitalises inside a sentence ("Bill", "State", "Rose") may
    be a name and keeps its capital; so does a word the body does not use."""
    lower, capital = set(), set()
    for m in _WORD.finditer(text, body_start):
        w = m.group()
        if w[0].islower():
            lower.add(w)
            continue
        k = m.start() - 1
        while k >= body_start and text[k] in " \t\"'\u201c\u2018([":
            k -= 1
        if k >= body_start and text[k] not in ".!?:\n":
            capital.add(w.lower())  # capitalised inside a sentence: maybe a name
    return lower, capital


# -- telegraphic headlines: a second parse of the headline alone ---------------------------
#: dependency labels a verb of the headline's own clause may carry
_VERB_DEPS = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "parataxis"})
#: labels of a cue misread beside a main verb the parse found: a noun joined by "and", an auxiliary
_MISREAD = frozenset({"conj", "aux"})


def _past_form(word: str, lex: Lexicon) -> str | None:
    """The past tense of a present cue form in the same lexicon entry ("blasts" -> "blasted",
    "says" -> "said", "rebuke" -> "rebuked", "slams" -> "slammed"), or None. A doubled final
    consonant ("slammed", "admitted") is a candidate like the others: only a form the entry
    lists is taken."""
    spec = lex.cues.get(word)
    if spec is None or word.endswith("ss"):
        return None
    # the plural's present ("experts rebuke", "fans slam") has the stem of the singular's
    stem = word.removesuffix("s")
    cands = [stem + "ed", stem + "d", stem + stem[-1:] + "ed", stem[:-1] + "id", stem[:-1] + "ied"]
    if word.endswith("s"):
        cands += [word[:-2] + "ed", word[:-3] + "ied"]
    cands.append("told" if stem == "tell" else "")
    for cand in cands:
        other = lex.cues.get(cand)
        if other is not None and other.name == spec.name:
            return cand
    return None


def headline_tokens(doc) -> tuple[int, int]:
    """Token range of the Doc's first line (its headline), without line-break tokens."""
    text = doc_text(doc)  # read from the text and the token offsets, no Token objects
    starts, ends = token_offsets(doc)
    n = len(starts)
    start = 0
    while start < n and text[starts[start] : ends[start]].isspace():
        start += 1
    end = start
    while end < n and "\n" not in text[starts[end] : ends[end]]:
        end += 1
    return start, end


def reparse_headline(doc, nlp, lex: Lexicon) -> bool:
    """ "Trump calls for closing the terminal", "Ruiz blasts Hale over levy": in a telegraphic
    headline the parser often reads a present-tense cue after a name as a noun ("Trump calls"
    as one noun phrase). The headline is parsed a second time with its present cue forms in
    the past tense ("called"), which cannot be read as nouns; when that parse makes a cue a
    verb with a subject, its tags and dependencies replace the first parse's for the
    headline's tokens (token by token: the text, and every offset, stay as given; the tag of
    the cue stays present tense). Returns whether the headline was re-parsed."""
    lo, hi = headline_tokens(doc)
    if hi - lo < 3 or hi - lo > 40:
        return False
    words = [t.text for t in doc[lo:hi]]
    # a headline whose main verb was found keeps its parse ("Peat fires released more carbon"),
    # but a cue joined to that verb by "and" may still be a verb read as a noun
    has_verb = any(t.dep_ == "ROOT" and t.tag_.startswith("VB") for t in doc[lo:hi])
    changed = False
    for t in doc[lo:hi]:
        misread = _plural_read_as_verb(t, lo, lex)
        # "Okafor blasts Ruiz over ...": a cue is never an auxiliary, whatever verb was found
        if (
            t.dep_ in _VERB_DEPS
            and t.tag_.startswith("VB")
            or (has_verb and t.dep_ not in _MISREAD and not misread)
        ):
            continue
        plural = t.i > lo and doc[t.i - 1].tag_ in ("NNS", "NNPS") or misread
        past = _past_form(t.lower_, lex) if t.lower_.endswith("s") or plural else None
        if past is not None:
            words[t.i - lo] = past
            changed = True
    if not changed:
        return False
    return _adopt(doc, lo, hi, words, nlp, lex)


def _plural_read_as_verb(t, lo: int, lex: Lexicon) -> bool:
    """ "Kelso bellringers mock Marlow": the tagger may read a plural noun before a cue as the
    headline's verb ("bellringers" as VBZ) and the cue after it as a noun; the cue's plural
    present is then put in the past tense like after a plural noun ("mocked")."""
    if t.i <= lo or not t.tag_.startswith("NN") or t.lower_ not in lex.cues:
        return False
    prev = t.doc[t.i - 1]
    return prev.tag_ == "VBZ" and prev.dep_ == "ROOT" and prev.lower_ not in lex.cues


def _has_subject(verb) -> bool:
    """A verb of the clause (or a conjunct of it) with a subject of its own or of its first conjunct."""
    if verb.dep_ not in ("ROOT", "conj"):
        return False
    heads = (verb, verb.head) if verb.dep_ == "conj" else (verb,)
    return any(c.dep_ in ("nsubj", "nsubjpass") for h in heads for c in h.children)


def _adopt(doc, lo: int, hi: int, words: list[str], nlp, lex: Lexicon) -> bool:
    from spacy.attrs import DEP, HEAD, TAG
    from spacy.tokens import Doc

    spaces = [bool(t.whitespace_) for t in doc[lo:hi]]
    alt = Doc(nlp.vocab, words=words, spaces=spaces)
    for name, proc in nlp.pipeline:
        if name in ("tok2vec", "tagger", "parser"):
            alt = proc(alt)
    if not any(t.lower_ in lex.cues and _has_subject(t) for t in alt):
        return False
    attrs = [TAG, HEAD, DEP]
    arr = doc.to_array(attrs)
    new = alt.to_array(attrs)
    for k, t in enumerate(alt):
        arr[lo + k] = new[k]
        orig = doc[lo + k]
        if orig.text.lower() != t.lower_ and t.tag_ == "VBD":  # keep the present tense's tag
            arr[lo + k][0] = doc.vocab.strings.add("VBZ" if orig.lower_.endswith("s") else "VBP")
    doc.from_array(attrs, arr)
    return True


# -- a second verb after a comma: "Marlow says crews hacked port, calls levy 'theft'" -------
_COMPLEMENTS = frozenset({"ccomp", "dobj", "xcomp", "oprd"})


def coordinate_headline_cues(doc, lex: Lexicon) -> int:
    """ "Marlow says crews hacked port, calls levy 'theft'": a telegraphic headline joins its
    verbs with a comma, and the parser reads the second cue as a clause reported by the
    first (a ccomp with no subject). When the first verb has its own subject and already has
    its own complement before the comma, the second cue is a verb of the same subject: it is
    relabelled as a conjunct, so the first cue's content ends at the comma and the second is a
    statement of its own. Returns how many cues were relabelled."""
    lo, hi = headline_tokens(doc)
    n = 0
    for t in doc[lo:hi]:
        head = t.head
        if (
            t.dep_ != "ccomp"
            or t.lower_ not in lex.cues
            or not t.tag_.startswith("VB")
            or t.tag_ != head.tag_
            or t.i < 1
            or doc[t.i - 1].text != ","
            or t.left_edge.i != t.i
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        ):
            continue
        if any(c.dep_ == "nsubj" for c in head.children) and any(
            c.dep_ in _COMPLEMENTS and c.i < t.i - 1 for c in head.children if c.i > head.i
        ):
            t.dep_ = "conj"
            n += 1
    return n


# -- the object of a speech verb in a headline: "Mayor Announces Ferry Levy" ---------------
def headline_object(cue, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "Mayor Announces Ferry Levy For Day Trippers", "Leaked Files Reveal Council Donors": a
    headline names what was announced, revealed or confirmed by the verb's object, where the
    body would give a clause. In the headline only, a verb of the ``headline_object_cues``
    entries with a subject, an object after it (no pronoun) and no clause of its own has that
    object's phrase as its content."""
    spec = lex.cues.get(cue.lower_)
    if spec is None or spec.name not in lex.lists.headline_object_cues:
        return None
    return _object_of_headline_verb(cue)


def headline_stance(tok, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "Harbour Union Endorses Marlow For Mayor", "Okafor defends ferry levy": a headline's
    public stance taken for someone or something (``headline_stance_verbs``, no cues of the
    body, where "endorsed" is mostly support and no statement) has the verb's object as its
    content, as a headline's announcement does (``headline_object``)."""
    if tok.lower_ not in lex.lists.headline_stance_verbs:
        return None
    return _object_of_headline_verb(tok)


def _object_of_headline_verb(cue) -> tuple[int, int, str] | None:
    """The object phrase of a headline's main verb with a subject and no clause of its own,
    or of the verb of a subordinate clause with its own subject and mark ("Hale Quits After
    Audit Reveals Ferry Losses", "Crews Cheer While Owners Tweet Thanks")."""
    if not cue.tag_.startswith("VB") or cue.dep_ not in ("ROOT", "conj", "advcl"):
        return None
    if cue.dep_ == "advcl" and not any(c.dep_ == "mark" for c in cue.children):
        return None
    lo, hi = headline_tokens(cue.doc)  # the verb and its whole object in the first line
    if not lo <= cue.i < hi:
        return None
    deps = {c.dep_ for c in cue.children}
    if "nsubj" not in deps or deps & {"ccomp", "xcomp"}:
        return None
    obj = next((c for c in cue.rights if c.dep_ == "dobj"), None)
    # a noun the tagger read as a verb ("ferry levy rebate/VBP") is still the object it heads
    if obj is None or obj.tag_ in PRONOUN_TAGS or obj.right_edge.i >= hi:
        return None
    end = _purpose_after(cue, obj.right_edge.i + 1, hi)
    start, end = trim_span(cue.doc, obj.left_edge.i, end)
    return (start, end, "object") if end > start else None


def _purpose_after(cue, end: int, hi: int) -> int:
    """ "Okafor Tweets A Doctored Chart To Paint Crews As Idle": an infinitive of purpose right
    after the object (the verb's ``advcl`` with "to") says what the object was put out for, and
    belongs to the content; the content's end token after it (``end`` if none)."""
    for c in cue.rights:
        if c.dep_ == "advcl" and c.left_edge.i == end and c.right_edge.i < hi and to_infinitive(c):
            return c.right_edge.i + 1
    return end


# -- the rest of a headline's clause: "Hale says cut fees, debt to save port" ---------------
#: right children of the verb that end its content: a second verb ("..., calls levy 'theft'")
_REST_STOPS = frozenset({"cc", "conj", "parataxis"})


def headline_rest(cue, lex: Lexicon) -> tuple[int, int, str] | None:
    """ "Carson says cut fees, debt to save port", "Hale Says No To The Ferry Levy", "Biden
    calls Ruiz risk to port safety": a telegraphic headline drops the words that would make
    its reported clause or predicative parse as one ("that", "is", "a"), and the parser hangs
    the pieces on the verb as an object, an open complement or an interjection. In the
    headline only, a verb of the ``headline_rest_cues`` entries with a subject and no content
    found by the other rules has the words after it to the end of its clause as its content:
    up to a second verb joined to it, a subordinate clause with a subject of its own ("As
    Ruiz Turns Up The Heat"), a semicolon or a colon; a pronoun or adverb alone ("says so", "says it")
    is no content."""
    spec = lex.cues.get(cue.lower_)
    if spec is None or spec.name not in lex.lists.headline_rest_cues:
        return None
    own = any(c.dep_ == "nsubj" for c in cue.children)  # "Wow: Ada Hale Just Said X - ..."
    if cue.tag_ not in ("VBZ", "VBP", "VBD") or not (own or _has_subject(cue)):
        return None
    doc = cue.doc
    lo, hi = headline_tokens(doc)
    if not lo <= cue.i < hi - 1:
        return None
    end = cue.i + 1
    for c in cue.rights:
        if c.dep_ in _REST_STOPS or c.i >= hi or _own_clause(c):
            break
        if not c.is_punct:
            end = max(end, c.right_edge.i + 1)
    end = min(end, hi)
    semi = next((t.i for t in doc[cue.i + 1 : end] if t.text in (";", ":")), end)
    start, stop = trim_span(doc, cue.i + 1, semi)
    words = [t for t in doc[cue.i + 1 : semi] if not t.is_punct]
    if stop <= start or not words or len(words) == 1 and _pro_form(words[0]):
        return None
    return start, stop, "object"


def _own_clause(t) -> bool:
    """A subordinate clause with a mark and a subject of its own: "as Ruiz turns up the heat"."""
    return t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children) and has_own_subject(t)


def _pro_form(t) -> bool:
    """A pronoun or an adverb standing for a content: "so", "it", "this"."""
    return t.tag_ in PRONOUN_TAGS or t.tag_.startswith(("RB", "WRB"))
