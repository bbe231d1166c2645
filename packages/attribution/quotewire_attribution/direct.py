"""Direct quotes: which quotes are statements, and which cue frames them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from .bounds import after_connective, date_word
from .cues import Lexicon, load_lexicon
from .cueverbs import is_cue, negated
from .doctext import doc_text, token_offsets
from .quotes import Quote
from .shapes import TENSED_TAGS, quote_between
from .subjects import subject_of

_SENT_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s*$")


def token_at(doc: Doc, char: int, forward: bool = True) -> int | None:
    """Index of the first token starting at/after (or ending at/before) ``char``."""
    starts, ends = token_offsets(doc)
    if forward:
        k = bisect_left(starts, char)
        return k if k < len(starts) else None
    k = bisect_right(ends, char) - 1
    return k if k >= 0 else None


_TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_POSSESSIVE = re.compile(r"\w['\u2019]s$")


def is_title(text: str, q: Quote, para_start: int) -> bool:
    """'in his memoir, "Hard Roads Home."' / 'said on Channel 4's "The Week Ahead."': a quote in
    Title Case after a work's noun, a possessive or a preposition names a book, show or film
    (part of a noun phrase), it reports no words. Two words at least: '"Wrong," he said.'"""
    words = _TITLE_WORD.findall(text[q.start : q.end])
    lower = load_lexicon().lists.title_case_lower
    if len(words) < 2 or not words[0][0].isupper():
        return False
    if any(not w[0].isupper() and w.lower() not in lower for w in words):
        return False
    before = text[para_start : q.open_at].rstrip().rstrip(",").rstrip()
    if _POSSESSIVE.search(before):
        return True
    last = before.rsplit(None, 1)[-1].lower() if before else ""
    return last in load_lexicon().lists.title_lead_words


def is_direct_candidate(text: str, q: Quote, para_start: int) -> bool:
    """A quote that stands as a sentence (not a fragment inside a clause)."""
    inner = text[q.start : q.end].lstrip()
    if not inner or is_title(text, q, para_start):
        return False
    # '"[He] is right"', '"(The mayor) is right"': an editor's word in brackets opens it
    first = inner[1:2] if inner[0] in "[(" else inner[0]
    before = text[para_start : q.open_at].rstrip()
    if not (first.isupper() or first.isdigit() or first in "\u2026.'\u2018\"-"):
        return _continues_broken_quote(before)
    if not before:
        return True
    if before.endswith(":") or _SENT_END.search(before):
        return True
    if before.endswith(","):
        return True  # 'said, "..."' or '"..." he said, "..."'
    return bool(len(inner.split()) >= 4 and re.search(r"[.!?,]\s*$", inner))


_CLOSE_THEN_CUE = re.compile(r"[,.!?]?(?:[\"\u201d]|'')\s+([^\"\u201c\u201d]{1,80}),$")


def sentence_after_comma(text: str, q: Quote, para_start: int) -> bool:
    """'Ms. Vane said, "as long as nobody breaks the rules."': a quote opening in lower case
    after a comma that ends as a sentence is what was said when a cue precedes the comma (the
    caller looks for it before the quote only: after it comes the next sentence)."""
    inner = text[q.start : q.end].strip()
    before = text[para_start : q.open_at].rstrip()
    if not before.endswith(",") or len(inner.split()) < 3:
        return False
    return _SENT_END.search(inner) is not None and not is_title(text, q, para_start)


def sentence_after_word(text: str, q: Quote, para_start: int) -> bool:
    """'A man yelled "Stay there!"': a quote right after a word (no comma or colon between)
    that opens in upper case and ends as a sentence is what was said when that word is its cue
    (the caller looks for it: :func:`attribution_before`)."""
    inner = text[q.start : q.end].strip()
    before = text[para_start : q.open_at]
    return (
        before[-1:] == " "
        and before.rstrip()[-1:].isalpha()
        and inner[:1].isupper()
        and len(inner.split()) >= 2
        and inner[-1:] in ".!?"
    )


def _continues_broken_quote(before: str) -> bool:
    """'"We will fight this," Tom Hale said, "and we will win."': the second part of a broken
    quote may open in lower case; a short cue phrase after a closed quote shows it is one."""
    m = _CLOSE_THEN_CUE.search(before)
    return m is not None and len(m.group(1).split()) <= 10


def attribution_after(doc: Doc, q: Quote, lex: Lexicon, in_quote) -> Token | None:
    """'"...," said X' / '"...," X said' / '"...?" X asked': the cue right after the quote."""
    i = token_at(doc, q.outer_end)
    if i is None or _verb_opens_next_sentence(doc, q, i):
        return None
    steps = 0
    nominal = True  # a long speaker ('"...," Ana Ruiz and Tom Berg of the Harbour Institute
    # wrote') may take up to 20 tokens while no verb or comma comes before the cue (after a
    # comma the words may finish the quoted clause: '"...," the dawn of an era, Hale says')
    while i < len(doc) and (steps < 9 or nominal and steps < 20):
        t = doc[i]
        if in_quote(t.idx):
            return None
        if t.text in (".", "!", "?", ";") or "\n" in t.text:
            return None
        if (is_cue(t, lex) and not negated(t, lex)) or (nominal and _noun_read_cue(t, steps, lex)):
            return t
        nominal = nominal and not (
            t.tag_.startswith("VB") or t.tag_ in ("MD", "WP", "WDT") or t.text == ","
        )
        if t.text == "," and steps > 0:
            i = _after_apposition(doc, i)  # '"...," Jane Roe, general counsel to the team, said'
        steps += t.tag_ != "HYPH"  # '"...," the gruff, 71-year-old skipper said': one word
        i += 1
    return None


def _verb_opens_next_sentence(doc: Doc, q: Quote, i: int) -> bool:
    """'"... the nets were empty." Pressed on the quotas, he said: ...': a quote closed by a
    full stop ends its sentence, and a capitalised verb right after it opens the next one (a
    participle clause whose cue frames what follows), so it is not this quote's cue."""
    inner = doc_text(doc)[q.start : q.end].rstrip()
    t = doc[i]
    return inner.endswith(".") and t.text[:1].isupper() and t.tag_.startswith("VB")


def _noun_read_cue(t: Token, steps: int, lex: Lexicon) -> bool:
    """'"...," the leaflet states.' / '"...," the two write in a letter': a cue form the tagger
    read as a noun, closing the noun phrase right after a quote (``steps`` words after it). It is
    the cue when it ends the attribution: a sentence mark, comma or preposition follows."""
    if steps == 0 or t.tag_ not in ("NN", "NNS") or lex.cue(t.lower_) is None:
        return False
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return nxt is None or nxt.text in (".", ",", ";") or nxt.tag_ == "IN"


_OWN_END = ",.!?;:\u2026-\u2013\u2014"
#: tags that may open the reporter's end of a quoted clause ("to", "before", "only")
_RUN_ON_OPENERS = {"IN", "TO", "RB"}


def run_on_end(doc: Doc, q: Quote, cue: Token, lex: Lexicon) -> int | None:
    """'"We never sell anything" to foreign buyers, the dealer said': a quote that closes
    without punctuation of its own, on a phrase opened by a preposition, subordinator or adverb
    that the parser hangs on a word inside it, is one clause the reporter finishes in their own
    words: the statement is mixed and runs to the end of that phrase (up to a comma). The
    character where it ends, or None ('"Never again," he said', '"Done" he said', '"Done"
    according to X', a time of saying: '"Thank you all" on Friday')."""
    if q.close_at is None or q.unbalanced:
        return None
    inner = doc_text(doc)[q.start : q.end].rstrip()
    if not inner or inner[-1] in _OWN_END:
        return None
    i = token_at(doc, q.outer_end)
    if i is None or doc[i].tag_ not in _RUN_ON_OPENERS or not doc[i].text[0].islower():
        return None
    if doc[i].lower_ == "according" or lex.cue(doc[i].lower_) or not _hangs_inside(doc[i], q, cue):
        return None
    last = i
    for t in doc[i + 1 :]:
        if t.is_punct or "\n" in t.text or not _hangs_inside(t, q, cue):
            break
        last = t.i
    run = doc[i + 1 : last + 1]
    if not run or all(t.ent_type_ in ("DATE", "TIME") or date_word(t, lex) for t in run):
        return None
    return doc[last].idx + len(doc[last].text)


def lead_in_before_quote(doc: Doc, q: Quote, lex: Lexicon) -> int | None:
    """'In the old days, "we picked by hand," the grower said': an adverbial opening (a
    preposition, subordinator or adverb first, after a conjunction) of the quote's sentence
    that ends in a comma right before its opening mark is the start of what was said (the
    statement is mixed). The character where it starts, or None: a connective alone
    ('Still, "..."': ``connectives``, also left out before other words), words holding a quote
    mark, a line break or a cue of their own, no words, a topic the writer sets ("As for ...":
    ``topic_openers``), or as many words as the quote has (what the writer sets before a
    quote must never outweigh what was said)."""
    qi = token_at(doc, q.open_at)
    if qi is None or qi < 2 or doc[qi - 1].text != ",":
        return None
    start = after_connective(doc, doc[qi].sent.start, qi - 1, lex)
    words = doc[start : qi - 1]
    if not len(words) or words.text.lower() in lex.lists.connectives:
        return None
    first = words[1] if len(words) > 1 and words[0].tag_ == "CC" else words[0]
    if first.tag_ not in ("IN", "RB", "RBR", "WRB"):
        return None  # 'Ms. Hale, angry at the rumours, "..."': no adverbial opening
    if {words[:1].text.lower(), words[:2].text.lower()} & lex.lists.topic_openers:
        return None  # 'As for the pear growers, "..."': a topic the writer sets
    if any(t.is_quote or "\n" in t.text or lex.cue(t.lower_) for t in words):
        return None
    said = [t for t in doc[qi + 1 :] if t.idx < q.end]
    elided = any(t.text == "\u2026" for t in said)  # the fast path shortened a long quote
    if not elided and len(words) >= sum(not t.is_punct for t in said):
        return None  # 'Because of the long frost this spring, "we lost it," ...'
    return words[0].idx


def _hangs_inside(t: Token, q: Quote, cue: Token) -> bool:
    """Does the parser hang ``t`` (through its heads) on a word inside the quote, not the cue?"""
    for _ in range(len(t.doc)):
        if t.i == cue.i:
            return False
        if q.start <= t.idx < q.end:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def name_before_apposition(doc: Doc, q: Quote, cue: Token, subj: Token) -> Token:
    """'"...," Jane Roe, counsel to the team of X, said': a subject the parser found inside the
    apposition between the quote and the cue is the apposition's word; the speaker is the
    name before its opening comma."""
    first = token_at(doc, q.outer_end)
    if first is None or not first < subj.i < cue.i:
        return subj
    commas = [t.i for t in doc[first : cue.i] if t.text == ","]
    if len(commas) < 2 or not commas[0] < subj.i < commas[-1] or commas[0] == first:
        return subj
    before = doc[commas[0] - 1]
    return before if before.tag_ in ("NNP", "NNPS", "NN", "NNS") else subj


def _after_apposition(doc: Doc, comma: int) -> int:
    """The closing comma of a bare apposition opened at ``comma`` ("Jane Roe, counsel to the
    team, said"), or ``comma`` itself when no apposition of at most 20 words closes there
    (a relative clause is often that long: "Jane Roe, who served as the mayor's chief of staff
    during the long harbour dispute, told")."""
    for k in range(comma + 1, min(len(doc), comma + 22)):
        t = doc[k]
        if (
            t.text in (".", "!", "?", ";", '"', "\u201c", "\u201d")
            or "\n" in t.text
            or t.tag_ in ("``", "''")
        ):
            return comma
        if t.text == ",":
            return k if k > comma + 1 else comma
    return comma


def _token_before_opening(doc: Doc, q: Quote) -> int | None:
    """The last token before the quote's opening mark on its line, past extra spaces ('said:
    "...', 'said:\u00a0"...')."""
    j = token_at(doc, q.open_at, forward=False)
    while j is not None and j > 0 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1
    return j


def attribution_before(doc: Doc, q: Quote, lex: Lexicon, in_quote, para_start: int) -> Token | None:
    """'X said: "..."' / 'She added, "..."': the nearest cue before the opening mark."""
    j = _token_before_opening(doc, q)
    if j is None:
        return None
    if doc[j].text not in (":", ","):
        return _cue_next_to_quote(doc[j], lex, para_start, in_quote)
    k = j - 1
    steps = 0
    while k >= 0 and steps < 22:
        t = doc[k]
        if t.idx < para_start or in_quote(t.idx):
            return None
        if t.text in (".", "!", "?", ";"):
            return None
        if is_cue(t, lex) and not negated(t, lex) and (steps < 14 or _inverted_after_quote(t)):
            return t
        k -= 1
        steps += 1
    return None


def _inverted_after_quote(cue: Token) -> bool:
    """'"The risk," said Ann Lund, an economist who runs the fund for the island, "is that
    ...': a cue right after the closing mark of the quote's first piece, its speaker after it,
    may stand further from the second piece than a cue before a single quote: a long
    apposition describes the speaker."""
    return cue.i > 0 and cue.doc[cue.i - 1].tag_ == "''"


def _cue_next_to_quote(t: Token, lex: Lexicon, para_start: int, in_quote) -> Token | None:
    """'Hale yelled "You lie!"', 'posted a note, writing "Thanks to all of you."': a cue verb
    right before the opening mark, with its own subject before it (never a word of the quote).
    A naming verb is none: 'videos he calls "Harbour TV."'; nor a cue inside another quote
    (a report nested in a quoted one)."""
    spec = is_cue(t, lex)
    if spec is None or "predicate" in spec.complements or negated(t, lex):
        return None
    if t.idx < para_start or in_quote(t.idx) or not t.tag_.startswith("VB"):
        return None
    subj = subject_of(t, lex)
    return t if subj is not None and subj.i < t.i else None


def shallow_speaker(doc: Doc, cue: Token, q_end: int, lex: Lexicon | None = None) -> Token | None:
    """When the parse gives the cue no subject: the proper noun or pronoun next to it. After
    the words between a quote and its cue ('"...," Jane Roe, who ..., told the Gazette') the
    speaker is among those words, never the addressee after the cue."""
    first = token_at(doc, q_end)
    # a cue before the quote ('went as far as to say: "Leeds will ..."') has no inverted
    # speaker after it: the names there are the quote's own words
    inverted = cue.idx >= q_end and (
        first is None or all(doc[k].is_punct or doc[k].is_space for k in range(first, cue.i))
    )
    for k in (cue.i + 1, cue.i + 2, cue.i + 3) if inverted else ():
        if k < len(doc) and (doc[k].tag_ in ("NNP", "NNPS", "PRP") or _name_read_as_adverb(doc[k])):
            # move to the end of a name
            while k + 1 < len(doc) and doc[k + 1].tag_ in ("NNP", "NNPS"):
                k += 1
            return _compound_head(doc[k], cue)
    if inverted and lex is not None and _object_is_speaker(cue, lex):
        return next(c for c in cue.rights if c.dep_ == "dobj")
    end = cue.i  # the candidates end before this token
    if first is not None and cue.i - 1 > first and doc[cue.i - 1].text == ",":
        # '"...," Seini Tupou, minister of X, told': the name before the apposition
        opening = [t.i for t in doc[first : cue.i - 1] if t.text == ","]
        if opening and opening[0] > first:
            end = opening[0]
    for k in (end - 1, end - 2, end - 3):
        if k >= 0 and doc[k].idx >= q_end and doc[k].tag_ in ("NNP", "NNPS", "PRP", "NN"):
            return doc[k]
    return None


def _name_read_as_adverb(t: Token) -> bool:
    """'"...," said Kelly.': a surname ending in "-ly" that the tagger read as an adverb of the
    cue right before it; capitalised, and the last word before a comma or the sentence's end."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return (
        t.tag_ == "RB"
        and t.head.i == t.i - 1
        and t.text[:1].isupper()
        and t.lower_.endswith("ly")
        and (nxt is None or nxt.text in (".", ","))
    )


def _compound_head(t: Token, cue: Token) -> Token:
    """'"...," urged the harbour master, captain Ola Berg': a name word the tagger took for a
    proper noun ("harbour") that modifies a common noun after it names no one; the speaker is
    the noun it modifies ("master"), unless the parse hangs the cue itself on that noun."""
    while (
        t.dep_ == "compound"
        and t.head.i > t.i
        and t.head.tag_ in ("NN", "NNS")
        and t.head.left_edge.i > cue.i
    ):
        t = t.head
    return t


def _object_is_speaker(cue: Token, lex: Lexicon) -> bool:
    """'"...," wrote one reader', '"Rubbish!" shouted a man at the back': right after a quote, the
    quote is what the verb reports, so the noun the parser reads as its object is the speaker;
    not an addressee ('"...," told the crew') nor a time or a count ('"...," repeated 100 times'),
    though "one" picks a speaker out of a group ('"...," wrote one reader')."""
    spec = lex.cue(cue.lower_)
    if spec is not None and spec.addressee:
        return False
    obj = [c for c in cue.rights if c.dep_ == "dobj" and c.i <= cue.i + 4]
    return bool(
        obj
        and obj[0].tag_ in ("NN", "NNS", "DT")
        and obj[0].ent_type_ not in ("DATE", "TIME")
        and not any(c.dep_ == "nummod" and c.lower_ != "one" for c in obj[0].children)
    )


#: words between a quote and its dialogue verb: the subject noun phrase ('an angry Mr. Hale')
_SUBJECT_TAGS = {"DT", "JJ", "NNP", "NNPS", "NN", "NNS", "PRP", "POS", "PRP$", "CD", "HYPH", "."}


def _is_dialogue_verb(t: Token, lex: Lexicon, gerund: bool = False) -> bool:
    return (
        (t.tag_ in TENSED_TAGS or gerund and t.tag_ == "VBG")
        and t.lower_ not in lex.lists.not_dialogue_verbs
        and not any(
            c.dep_ in ("aux", "auxpass", "neg") and not quote_between(c, t) for c in t.children
        )
    )


def _has_subject(
    t: Token, lo: int, hi: int, deps: tuple[str, ...] = ("nsubj",), names: bool = False
) -> bool:
    """A noun or pronoun subject of ``t`` in the token range [lo, hi) (``names``: a name)."""
    return any(
        c.dep_ in deps
        and lo <= c.i < hi
        and c.tag_ not in ("WDT", "WP")
        and (not names or c.tag_ in ("NNP", "NNPS", "PRP"))
        for c in t.children
    )


def dialogue_verb_after(doc: Doc, q: Quote, text: str, lex: Lexicon) -> Token | None:
    """'"...," Hale fumed on Tuesday.' / '"...?" pressed Ms. Vane.': a quote closed after a
    comma, question or exclamation mark, then a short clause of a subject and a finite verb
    outside the lexicon (fumed, retaliated, pressed, riffed): the verb frames the quote."""
    if q.close_at is None or text[q.start : q.end].rstrip()[-1:] not in (",", "?", "!"):
        return None
    first = token_at(doc, q.outer_end)
    if first is None:
        return None
    for k in range(first, min(len(doc), first + 6)):
        t = doc[k]
        if t.tag_ in TENSED_TAGS:
            if not _is_dialogue_verb(t, lex):
                return None
            if k == first:  # '"...?" pressed Ms. Vane': the parser may read the name as object
                return t if _has_subject(t, k + 1, k + 5, ("nsubj", "dobj"), True) else None
            if any(c.dep_ == "dobj" for c in t.children):
                return None  # '"Harbour Lights," the painter discussed the boats': a topic
            return t if _has_subject(t, first, k) else None
        if t.tag_ not in _SUBJECT_TAGS or "\n" in t.text or t.text in '"\u201c\u201d,;:!?':
            return None
    return None


def dialogue_verb_before(doc: Doc, q: Quote, lex: Lexicon, para_start: int) -> Token | None:
    """'Mr. Hale interjected: "..."' / 'Then Ms. Vane went on: "..."': a finite verb outside
    the lexicon (with its particle) and its subject, right before the colon opening a quote;
    else the verb of the clause the colon ends (:func:`clause_before_colon`)."""
    j = _token_before_opening(doc, q)
    if j is None or j < 1 or doc[j].text not in (":", ","):
        return None
    if doc[j].text == ",":
        first = doc_text(doc)[q.start : q.end].lstrip()[:1]
        return _verb_before_comma(doc, j, lex, para_start) if first.isupper() else None
    return _verb_next_to_colon(doc, j, lex, para_start) or clause_before_colon(
        doc, j, lex, para_start
    )


def _verb_next_to_colon(doc: Doc, j: int, lex: Lexicon, para_start: int) -> Token | None:
    t = doc[j - 1]
    if t.dep_ in ("prt", "advmod") and t.head.i == t.i - 1:
        t = t.head  # 'shot back:', 'went on:'
    put_it = t.lower_ == "it" and t.dep_ == "dobj" and t.head.i == t.i - 1
    if put_it and t.head.lower_ in ("put", "puts"):
        t = t.head  # 'as Mr. Hale put it:': the idiom reports the words that follow
    elif any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i < j for c in t.children):
        return None  # 'She had one message:', 'The rules are simple:'
    if t.idx < para_start or not _is_dialogue_verb(t, lex, gerund=True):
        return None
    lo = max(doc[t.i].sent.start, token_at(doc, para_start) or 0)
    if t.tag_ == "VBG":  # 'with Hale reportedly yelling:': only with its own subject
        return t if _has_subject(t, lo, t.i) else None
    # 'stood up and thundered:': a coordinated verb shares its subject
    subj_of = t.head if t.dep_ == "conj" and t.head.tag_ in TENSED_TAGS else t
    return t if _has_subject(subj_of, lo, t.i) else None


def _verb_before_comma(doc: Doc, j: int, lex: Lexicon, para_start: int) -> Token | None:
    """'Ms. Vane interjected, "..."', 'as Hale puts it, "..."': a verb of dialogue right
    before the comma opening a quote, as before a colon, but only with a name or a pronoun
    for its subject ('a sign read, "..."', 'the fans chanted, "..."' stay out); the caller
    takes only a quote opening in upper case (a sentence, not a phrase of the writer's)."""
    v = _verb_next_to_colon(doc, j, lex, para_start)
    if v is None:
        return None
    subj_of = v.head if v.dep_ == "conj" and v.head.tag_ in TENSED_TAGS else v
    return v if _has_subject(subj_of, v.sent.start, v.i, names=True) else None


def clause_before_colon(doc: Doc, j: int, lex: Lexicon, para_start: int) -> Token | None:
    """'The union released the following statement: "..."', 'Hale tweeted in response:
    "..."', 'the skipper went back to her usual refrain: "..."': a clause of a subject and a
    finite verb (not a copula, a state of mind, negated or modal) ends in the colon ``j`` before
    a quote; its verb frames the quote, also when an object or a phrase stands between the verb
    and the colon."""
    if doc[j - 1].tag_ in ("NNP", "NNPS", "-RRB-"):
        return None  # 'the pollster Ruth Kember: "..."': a name before the colon (colon.py)
    v = doc[j].head
    for _ in range(3):  # the parser may hang the colon on the object: 'released the statement:'
        if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
            break
        v = v.head
    if v.i >= j or v.dep_ not in ("ROOT", "conj") or not _is_dialogue_verb(v, lex):
        return None
    if v.idx < para_start or any(c.dep_ in ("ccomp", "xcomp") and c.i < j for c in v.children):
        return None  # 'said the plan would fail:' is the cue's own clause, found elsewhere
    subj_of = v.head if v.dep_ == "conj" and v.head.tag_ in TENSED_TAGS else v
    lo = max(v.sent.start, token_at(doc, para_start) or 0)
    subj = [c for c in subj_of.children if c.dep_ == "nsubj" and lo <= c.i < subj_of.i]
    if not subj or subj[0].tag_ in ("WDT", "WP") or subj[0].lower_ in lex.lists.no_speaker_subjects:
        return None
    return v


def colon_lead_in(doc: Doc, q: Quote, lex: Lexicon, para_start: int) -> Token | None:
    """'Her office responded:' closing a paragraph, then a paragraph that is a quote: the cue
    (or verb of dialogue) of the sentence before the colon frames the quote."""
    if q.open_at != para_start:
        return None
    j = token_at(doc, para_start, forward=False)
    while j is not None and j >= 0 and doc[j].is_space:
        j -= 1
    if j is None or j < 1 or doc[j].text != ":":
        return None
    for k in range(j - 1, max(-1, j - 15), -1):
        t = doc[k]
        if t.text in (".", "!", "?", ";", '"', "\u201c", "\u201d") or "\n" in t.text:
            break
        if is_cue(t, lex) and not negated(t, lex):
            return t
        next_to_colon = k == j - 1 or (k == j - 2 and doc[j - 1].dep_ in ("prt", "advmod"))
        if next_to_colon and _is_dialogue_verb(t, lex) and _has_subject(t, t.sent.start, t.i):
            return t
    return clause_before_colon(doc, j, lex, doc[doc[j].sent.start].idx)
