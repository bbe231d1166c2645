"""Speaker-colon statements: "Senator Ruiz: 'We will not back down'" (headlines), "HOLT:
Honestly, I ..." (transcripts), "Insiders: the mayor will rebound".

A line that opens with a short name, a colon and at least two words of content: the name
is the speaker, the colon the cue, the rest of the line the content. The name must look
like a speaker: a person or organisation entity, an all-capital transcript name, a
one-letter interview label ("Q"), or a group or anonymous-source noun ("Insiders",
"Experts"); a topic ("Brexit: what happens next") is none.

The lines of a question-and-answer interview ("Q: ...", "A: ...") are no statements: the
asker is the unnamed publication, and the answers were measured on PolNeAR train, where two
interviews of three leave them unannotated (their nested reports are annotated instead): +9
found, +28 spurious (see ``colon_non_speakers``).

Inside a line, a name right before a colon and a double quote ('Ruiz: "We rebuild the pier
first." Hale: "The ferry comes first."', 'SECTION KICKER - Ada Hale: "..."', 'The swing does
not surprise the pollster Ruth Kember: "..."') is the speaker of that quote.

A speech noun right before a colon ("The growers' plea: keep the reservoir open", "The union's
message: ...", "Crews gave the minister a short answer: ...") is a statement of its
possessor, when the noun phrase is all there is before the colon, or of the subject of the
verb that hands the noun over (``colon_speech_nouns``, ``colon_noun_verbs``); the rest of the
sentence after the colon, or the quote that opens there, is the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc, Token

from .coref import given_name_run
from .cues import Lexicon
from .cueverbs import is_cue, negated
from .direct import token_at
from .doctext import SENTENCE_END, doc_ents, doc_text, token_offsets
from .quotes import Quote, block_end, opens_block_quotation, paragraphs
from .shapes import TENSED_TAGS
from .subjects import subject_of

#: up to six name words (joined by "of", "the", "and", "for"), a colon, content
LINE = re.compile(
    # a kicker before the name: "EXCLUSIVE – Ada Marlow: ..."
    r"(?:[A-Z]{3,}[ \t]+[\u2013\u2014-][ \t]+)?"
    r"(?P<speaker>[A-Z][\w.'\u2019&-]*(?:[ \t]+(?:[A-Z][\w.'\u2019&-]*|of|the|and|for|de|van|von"
    # a lower-case word ("Marlow camp", "Herald editorial"): the name must end in a speaker noun
    r"|(?!(?:to|on|at)\b)[a-z][\w'\u2019-]*)){0,5})"
    # "Marlow to harbour board: ...", "Okafor on the levy: ...", "Hale at the rally: ...": an
    # addressee, topic or venue
    r"(?:[ \t]+(?:to|on|On|at)[ \t]+[^:\n]{1,60}?)?"
    r"[ \t]*:[ \t]+(?P<content>\S[^\n]*)"
)
#: after a quoted speaker line, the next speaker's name and colon: 'Hale: "..." Ruiz: "..."'
NEXT_SPEAKER = re.compile(
    r"[ \t]+[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3}:[ \t]*[\"\u201c]"
)
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "van", "von"})
_DOUBLE = frozenset('"\u201c\u201d\u00ab\u00bb\u201e')
_SINGLE_OPEN = frozenset("'\u2018")
_SINGLE_CLOSE = frozenset("'\u2019")


def speaker_line(text: str) -> bool:
    """Does ``text`` (a sentence or line) open with "Name: ..."? (the fast path keeps it)."""
    return LINE.match(text.lstrip()) is not None


def _looks_like_speaker(
    doc: Doc, s: int, e: int, lex: Lexicon, in_title: bool = False
) -> Token | None:
    """The head token of the name ``doc[s:e]`` when it can be a speaker, else None. In the
    title line an all-capital label is a kicker ("BOOM: ...", "LOOK: ..."), not a transcript name."""
    toks = [t for t in doc[s:e] if not t.is_punct]
    if not toks or toks[0].lower_ in lex.lists.colon_non_speakers:
        return None
    if doc[s:e].text.isupper() and any(t.lower_ in lex.lists.label_words for t in toks):
        return None  # "NUMBER OF THE DAY:", "GAME ON:", "FIX IS IN:": a label, no name
    head = toks[-1]
    nouns = lex.group_nouns | lex.anonymous_nouns | lex.lists.colon_source_nouns
    if head.lower_ in nouns:
        return head  # "Report: ...", "Marlow camp: ...", "Historians: ..."
    if any(
        t.text.islower() and t.lower_ not in _NAME_JOINERS and t.lower_ not in lex.titles
        for t in toks
    ):
        return None  # "Marlow fallout: ...": a topic ("Former mayor Hale: ..." is a name)
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in toks) or _named_elsewhere(toks):
        return head
    text = doc[s:e].text
    if (
        len(text) == 1
        or text.isupper()
        and len(text) > 2
        and not in_title
        and toks[0].lower_ not in lex.lists.colon_non_speakers
    ):
        return head  # "Q", "HOLT"
    if head.lower_.rstrip(".") in lex.titles:
        return head
    return None


def _named_elsewhere(toks: list[Token]) -> bool:
    """ "Marlow: I support the levy": a capitalised name the entity recogniser left untyped in
    the headline is a speaker when a person or organisation named elsewhere in the text ends in it
    ("... said Ada Marlow"); in a transcript, "Marlow:" after the turn of "Ada Marlow:" (the
    full name earlier, the surname in the later turns)."""
    if not all(t.is_title for t in toks):  # the tagger may read "Harper:" as a common noun
        return False
    words = [t.text for t in toks]
    n = len(words)
    return any(
        ent.label_ in ("PERSON", "ORG")
        and (ent.start > toks[-1].i or ent.end <= toks[0].i)
        and [t.text for t in ent[-n:]] == words
        for ent in doc_ents(toks[0].doc)
    )


def _content(text: str, c0: int, c1: int, quotes: list[Quote]) -> tuple[int, int, str]:
    """The content span and its type: a line that is one double quote is direct (its inside)."""
    while c1 > c0 and text[c1 - 1] in " \t.":
        c1 -= 1
    inner = [
        q
        for q in quotes
        if c0 <= q.open_at and q.outer_end <= c1 + 1 and text[q.open_at] in _DOUBLE
    ]
    if len(inner) == 1 and inner[0].open_at == c0 and inner[0].outer_end >= c1:
        return inner[0].start, inner[0].end, "direct"
    if inner and inner[0].open_at == c0 and NEXT_SPEAKER.match(text, inner[0].outer_end, c1):
        return inner[0].start, inner[0].end, "direct"  # 'Hale: "..." Ruiz: "..."'

    single = _single_quoted(text, c0, c1)
    if single is not None and not inner:
        return single[0], single[1], "direct"
    return c0, c1, "mixed" if inner else "indirect"


def _single_quoted(text: str, c0: int, c1: int) -> tuple[int, int] | None:
    """ "Marlow: 'We will not back down.'": headlines quote in single marks; a content that is
    one single-quoted stretch is a direct quote (its inside)."""
    end = c1
    while end > c0 and text[end - 1] in ".!? \t":
        end -= 1
    if end - c0 < 3 or text[c0] not in _SINGLE_OPEN or text[end - 1] not in _SINGLE_CLOSE:
        return None
    inside = text[c0 + 1 : end - 1]
    # another opening mark inside (not an apostrophe within a word) means two quotes
    for k, ch in enumerate(inside):
        if ch in _SINGLE_OPEN and (k == 0 or not inside[k - 1].isalnum()):
            return None
    return c0 + 1, end - 1


def _heading(doc: Doc, c0: int, c1: int, ctype: str) -> bool:
    """ "Hale: Win in a walk": a short unquoted phrase of at most four words that is no clause
    (no subject) labels a section about the named person; it reports nothing."""
    if ctype != "indirect":
        return False
    s, e = token_at(doc, c0), token_at(doc, c1, forward=False)
    if s is None or e is None or e < s:
        return False
    words = [t for t in doc[s : e + 1] if not t.is_punct]
    return len(words) <= 4 and not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in words)


#: finite or imperative verb tags: a content with one of them (or a subject) is a clause
_CLAUSE_TAGS = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})


def _title_label(doc: Doc, c0: int, c1: int, ctype: str) -> bool:
    """ "Marlow: A life at sea", "Kelso Weekly: The trouble with ferries", "Hale: Reformer or
    career politician?": after a name and a colon, a title whose rest is a noun phrase opening
    with an article, or a question with no verb, is the title of a feature about the name, not
    a statement ("Marlow: No cuts to ferries this year" claims something, and stays). A content
    with a quotation mark is left to the quote rules."""
    if ctype != "indirect":
        return False
    s, e = token_at(doc, c0), token_at(doc, c1, forward=False)
    if s is None or e is None or e < s:
        return False
    words = doc[s : e + 1]
    if any(t.tag_ in _CLAUSE_TAGS or t.dep_ in ("nsubj", "nsubjpass", "expl") for t in words):
        return False
    if any(t.tag_ in ("``", "''") or t.text in _DOUBLE for t in words):
        return False
    return words[0].lower_ in ("a", "an", "the") or doc_text(doc)[c0:c1].rstrip().endswith("?")


def colon_statements(
    doc: Doc, lex: Lexicon, quotes: list[Quote]
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    """(speaker head, colon offset, (content start, content end, type)) per speaker line. Two or
    more body lines whose contents are headings ("Hale: Win in a walk", "Ruiz: A miracle") are
    the section labels of a list, not statements."""
    paras = paragraphs(doc_text(doc))
    found = list(_speaker_lines(doc, lex, quotes, paras))
    title_end = next((hi for lo, hi in paras), 0)
    headings = [f for f in found if f[1] >= title_end and _heading(doc, *f[2])]
    if len(headings) >= 2:
        found = [f for f in found if f not in headings]
    found = [f for f in found if f[1] >= title_end or not _title_label(doc, *f[2])]
    turns = [f for f in found if f[1] >= title_end and not _heading(doc, *f[2])]
    found = list(_whole_turns(doc_text(doc), found, turns, paras, quotes))
    yield from found
    lines = {colon for _, colon, _ in found}
    named = [f for f in _name_colon_quotes(doc, lex, quotes) if f[1] not in lines]
    yield from named
    lines |= {colon for _, colon, _ in named}
    yield from (f for f in noun_colon_statements(doc, lex, quotes, paras) if f[1] not in lines)


#: a paragraph of a turn's own words: it opens with a letter or a quote mark
_TURN_PROSE = re.compile(r"[\"\u201c\u2018']?[A-Za-z]")
#: the most paragraphs a turn runs on over (more are the writer's text between sections; the
#: fast path keeps them for the parse by the same bound)
TURN_PARAGRAPHS = 3


def _whole_turns(
    text: str,
    found: list[tuple[Token, int, tuple[int, int, str]]],
    turns: list[tuple[Token, int, tuple[int, int, str]]],
    paras: list[tuple[int, int]],
    quotes: list[Quote],
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    """A transcript turn that runs over several paragraphs: 'TAPPER: And you back him? ...'
    then a paragraph without a name ('Specifically, I have heard ...'), then 'FALLIN: ...'. The
    paragraphs between a speaker line and the next speaker line are the turn's when each of them
    opens with a letter or a quote mark ("(END VIDEO CLIP.)", "...." end the turn at its own
    line). The last turn of an exchange keeps its own line: what follows it may be the writer's;
    so does a line followed by more than three paragraphs, or by one that names its speaker
    ("... Jeb Bush's proposal": the writer's text between the sections of a feature).
    ``turns``: the speaker lines of ``found`` that can open a turn (in the body, no heading)."""
    starts = {colon for _, colon, _ in turns}
    line_paras = sorted(
        k for k, (lo, hi) in enumerate(paras) if any(lo <= c < hi for _, c, _ in found)
    )
    for head, colon, (c0, c1, ctype) in found:
        k = next((i for i in line_paras if paras[i][0] <= colon < paras[i][1]), None)
        nxt = next((i for i in line_paras if k is not None and i > k), None)
        between = paras[k + 1 : nxt] if k is not None and nxt is not None else []
        if (
            colon in starts
            and ctype != "direct"
            and 0 < len(between) <= TURN_PARAGRAPHS
            and all(_TURN_PROSE.match(text, lo) for lo, _ in between)
            and not any(
                re.search(rf"\b{re.escape(head.text)}\b", text[lo:hi]) for lo, hi in between
            )
        ):
            yield head, colon, _content(text, c0, between[-1][1], quotes)
        else:
            yield head, colon, (c0, c1, ctype)


def _name_before(doc: Doc, j: int, lex: Lexicon) -> Token | None:
    """The head of a person or organisation name ending right before the colon token ``j``,
    past a parenthetical ("Rep. Ada Hale (D-Ore.):"). A surname the recogniser left untyped
    counts when a name typed elsewhere in the text ends in it ("Marlow:" after "Ada Marlow")."""
    k = j - 1
    if doc[j].text == "):" or doc[k].text == ")":
        while k > 0 and doc[k].text != "(" and j - k < 8:
            k -= 1
        k -= 1
    if k < 0 or not doc[k].text[:1].isupper():
        return None
    if _byline(doc, k):
        return None
    if doc[k].ent_type_ in ("PERSON", "ORG"):
        s = k
        while s > 0 and doc[s].ent_iob_ == "I":
            s -= 1
        return _looks_like_speaker(doc, s, k + 1, lex)
    if doc[k].tag_ == "NNP" and doc[k].ent_iob_ == "O" and _surname_of_known(doc[k]):
        return doc[k]
    s = k
    while s > k - 3 and s > 0 and doc[s - 1].tag_ == "NNP" and doc[s - 1].is_title:
        s -= 1
    if doc[k].is_title and given_name_run(doc, s, k + 1, lex):
        return doc[k]  # "Ruth Kember:" untyped by the recogniser: a known given name opens it
    return None


def _byline(doc: Doc, k: int) -> bool:
    """ "Variety's Gordon Cox: "..."": an outlet's reporter before the colon introduces an excerpt
    of their article in a roundup of links (reporting, not a statement of a source)."""
    s = k
    while s > 0 and doc[s - 1].tag_ == "NNP" and k - s < 4:
        s -= 1
    return s > 0 and doc[s - 1].tag_ == "POS"


def _surname_of_known(tok: Token) -> bool:
    return any(
        ent.label_ in ("PERSON", "ORG") and len(ent) > 1 and ent[-1].text == tok.text
        for ent in doc_ents(tok.doc)
    )


def _name_colon_quotes(
    doc: Doc, lex: Lexicon, quotes: list[Quote]
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    """A name, a colon and a double quote inside a line: 'Ruiz: "We rebuild the pier first."
    Hale: "The ferry comes first."', 'HARBOUR POLLS, TOO SOON - Ada Hale: "..."', 'The swing does not
    surprise the pollster Ruth Kember: "Late deciders ..."'. The name is the speaker, the quote
    (opening with a capital) the content. Lines that open with the name are speaker lines above."""
    text = doc_text(doc)
    for q in quotes:
        if q.single or text[q.open_at] not in _DOUBLE or not text[q.start : q.start + 1].isupper():
            continue
        k = q.open_at
        while k > 0 and text[k - 1] in " \t\u00a0":
            k -= 1
        if k == 0 or text[k - 1] != ":":
            continue
        j = token_at(doc, k, forward=False)
        if j is None or doc[j].text not in (":", "):") or j == 0:
            continue
        head = _name_before(doc, j, lex)
        if head is not None:
            yield head, k - 1, (q.start, q.end, "direct")


def _speaker_lines(
    doc: Doc, lex: Lexicon, quotes: list[Quote], paras: list[tuple[int, int]]
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    text = doc_text(doc)
    for lo, hi in paras:
        m = LINE.match(text, lo, hi)
        if m is None or len(m.group("content").split()) < 2:
            continue
        s, e = token_at(doc, m.start("speaker")), token_at(doc, m.end("speaker"))
        if s is None or e is None or e <= s:
            continue
        in_title = lo == paras[0][0]
        content = _content(text, m.start("content"), min(m.end("content"), hi), quotes)
        head = _looks_like_speaker(doc, s, e, lex, in_title=in_title)
        # a headline's own clause before the colon: its subject is the speaker, of a quote, or
        # of a content the name line would take anyway ("Hale Backs Ruiz: I Trust Her")
        if in_title and (head is not None or content[2] == "direct"):
            head = _subject_of_title_verb(doc, s, e, lex) or head
        if head is None:
            continue
        yield head, text.index(":", m.end("speaker")), content


def _subject_of_title_verb(doc: Doc, s: int, e: int, lex: Lexicon) -> Token | None:
    """ "Okafor Visits Flooded Docks: 'We Will Rebuild'", "Ada Okafor tours the docks: '...'": a
    headline whose words before the colon are a name and a verb of its own, before a quote that
    is all the rest of the line, quotes the name; the name's last word is the speaker's head.
    The name is a run of capitalised words that a typed name elsewhere in the text ends in, a
    run opening with a known given name, or a person or organisation entity that ends there;
    the verb is tagged as one, or is a capitalised present tense ("Visits") the Title Case
    tagger read as a noun ("Okafor Supporters: ..." is a group, not a verb, and is left to the
    speaker line)."""
    run = s
    while run < e and doc[run].tag_ in ("NNP", "NNPS", "NNS") and doc[run].is_title:
        run += 1
    nouns = lex.group_nouns | lex.anonymous_nouns | lex.lists.colon_source_nouns
    for k in range(min(run, s + 4, e - 1), s, -1):
        verb = doc[k]
        present = verb.tag_.startswith("NN") and verb.lower_.endswith("s")
        if verb.lower_ in nouns or not (verb.tag_ in TENSED_TAGS or present):
            continue
        typed = doc[s].ent_type_ in ("PERSON", "ORG") and doc[k].ent_iob_ != "I"
        if typed or _named_elsewhere(list(doc[s:k])) or given_name_run(doc, s, k, lex):
            return doc[k - 1]
    return None


#: where an unquoted content after a colon ends: a sentence end before a space, or the line end
#: the words of a noun phrase that is all the clause before the colon ("Their new argument:",
#: "The union's message:", "Clinton's response was:")
_LABEL_TAGS = frozenset({"PRP$", "POS", "NNP", "NNPS", "NN", "NNS", "JJ", "DT", "CD", "HYPH"})


def _opens_sentence(doc: Doc, i: int) -> bool:
    prev = doc[i - 1] if i > 0 else None
    return prev is None or doc[i].is_sent_start or prev.text in ".!?" or "\n" in prev.text


def _noun_colon_speaker(doc: Doc, noun: Token, lex: Lexicon) -> Token | None:
    """The speaker of a speech noun right before a colon: its possessor when the possessed noun
    phrase opens the sentence ("Their plea:", "The union's final message:"), or the subject of
    the verb that hands the noun over ("gave the minister a short answer:")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    left = noun.left_edge.i
    if (
        poss is not None
        and _opens_sentence(doc, left)
        and all(t.tag_ in _LABEL_TAGS for t in doc[left : noun.i])
    ):
        return poss
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lower_ in lex.lists.colon_noun_verbs:
        if negated(verb, lex) or verb.dep_ in ("relcl", "acl", "advcl", "xcomp", "pcomp"):
            return None  # "the crews who gave him an answer:": a clause inside another
        return subject_of(verb, lex)
    return None


def _after_colon(
    text: str, colon: int, hi: int, quotes: list[Quote]
) -> tuple[int, int, str] | None:
    """The content after a colon: the quote that opens there, else the rest of the sentence."""
    c0 = colon + 1
    while c0 < hi and text[c0] in " \t\u00a0":
        c0 += 1
    q = next((q for q in quotes if q.open_at == c0), None)
    if q is not None:
        c1 = min(q.outer_end, hi)
    else:
        m = SENTENCE_END.search(text, c0, hi)
        c1 = m.start() if m else hi
    if len(text[c0:c1].split()) < 2:
        return None
    return _content(text, c0, c1, quotes)


def noun_colon_statements(
    doc: Doc, lex: Lexicon, quotes: list[Quote], paras: list[tuple[int, int]]
) -> Iterator[tuple[Token, int, tuple[int, int, str]]]:
    """ "The growers' plea: keep the reservoir open", "The vigil's message was: "Save the pier."": a
    speech noun (``colon_speech_nouns``) right before a colon, or before "was" and the colon
    ("Marlow's reply was: ..."), speaks for its possessor or for the subject of the verb that
    hands it over. A possessive deeper in a clause ("the pull of Hale's promise:") or a noun
    with nobody's name on it ("One conclusion:") gives nothing."""
    text = doc_text(doc)
    starts, _ = token_offsets(doc)
    for colon in (m.start() for m in re.finditer(":", text)):  # not a walk over every token
        i = token_at(doc, colon)
        if i is None or starts[i] != colon or i < 2 or doc[i].text != ":":
            continue
        tok = doc[i]
        if any(q.open_at < tok.idx < q.outer_end for q in quotes):
            continue
        noun = doc[tok.i - 1]
        if noun.lower_ in ("was", "is", "were", "are"):
            noun = doc[tok.i - 2]
        if noun.tag_ not in ("NN", "NNS") or noun.lower_ not in lex.lists.colon_speech_nouns:
            continue
        speaker = _noun_colon_speaker(doc, noun, lex)
        if speaker is None:
            continue
        hi = next((e for s, e in paras if s <= tok.idx < e), len(text))
        content = _after_colon(text, tok.idx, hi, quotes)
        if content is not None:
            yield speaker, tok.idx, content


#: the words that may stand between a cue and the colon that ends its paragraph: "wrote
#: recently:", "argued that:", "observing of the mayor:"
_LEAD_IN_GAP = frozenset({"advmod", "prt", "mark", "prep", "pobj", "compound", "det", "npadvmod"})
_LEAD_IN_WORDS = 3


def _lead_in_cue(doc: Doc, j: int, lex: Lexicon) -> Token | None:
    """The cue of the clause the colon token ``j`` ends: a verb of the lexicon at most three
    words before it, with nothing between but adverbs, a "that" or a short prepositional phrase,
    no object or clause of its own, not negated or modal, with a subject."""
    for k in range(j - 1, max(-1, j - 1 - _LEAD_IN_WORDS), -1):
        t = doc[k]
        if t.is_punct or "\n" in t.text:
            return None
        spec = is_cue(t, lex)
        if spec is None or "predicate" in spec.complements:
            if t.dep_ not in _LEAD_IN_GAP and t.lower_ not in lex.lists.colon_pointer_objects:
                return None
            continue
        if negated(t, lex) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative")
            and c.i < j
            and c.lower_ not in lex.lists.colon_pointer_objects
            for c in t.children
        ):
            return None
        subj = subject_of(t, lex)
        return t if subj is not None and subj.i < t.i else None
    return None


def paragraph_lead_ins(
    doc: Doc, lex: Lexicon, quotes: list[Quote], paras: list[tuple[int, int]] | None = None
) -> Iterator[tuple[Token, tuple[int, int, str]]]:
    """(cue, (content start, content end, type)): 'In a post on his blog, Lund wrote:' closing a
    paragraph, then a paragraph that opens with no quote mark, is a block quotation set off
    without marks: the lines up to the next blank line are what the cue's subject wrote or said ("Fox News
    reports:", "the skipper argued that:", "observing of the mayor:"). A paragraph that opens
    with a quote is the direct quote's (``direct.colon_lead_in``); an embedded post ("<tweet")
    or a list item is no such paragraph. ``paras``: ``paragraphs(doc_text(doc))`` when the
    caller has them."""
    text = doc_text(doc)
    if paras is None:
        paras = paragraphs(text)
    for (plo, phi), (lo, _) in pairwise(paras):
        colon = text[plo:phi].rstrip()
        if not colon.endswith(":") or not opens_block_quotation(text, lo):
            continue
        hi = block_end(text, lo)
        j = token_at(doc, plo + len(colon) - 1)
        if (
            j is None
            or doc[j].text != ":"
            or j < 2
            or any(q.open_at < lo < q.outer_end for q in quotes)
        ):
            continue
        cue = _lead_in_cue(doc, j, lex)
        if cue is None or len(text[lo:hi].split()) < 4:
            continue
        yield cue, _content(text, lo, hi, quotes)
