"""Where a reported content starts and ends: trimming, connectives, other cues, trailing participles."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from .cues import Lexicon
from .doctext import doc_text, doc_tokens, tokens_text
from .shapes import (
    DASHES,
    FINITE_TAGS,
    QUOTE_TAGS,
    TIME_ENTS,
    comparison_clause,
    figure,
    has_own_subject,
    share_of_group,
    statement_or_medium,
    that_clause,
    to_infinitive,
)

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
    end = _before_unclosed_parenthesis(doc, start, end)
    # a trailing quote mark with nothing quoted before it in the span is stray
    return start, end


def _before_unclosed_parenthesis(doc: Doc, start: int, end: int) -> int:
    """ "described themselves as cautious (41% to 30%": a content that stops inside a
    parenthesis it opened ends before it, unless the parenthesis closes right after it
    ("Sen. Ada Moss (D-Ore" is the span's trimmed form of "(D-Ore.)")."""
    if end >= len(doc) or doc[end].text == ")" or end - start < 3:
        return end
    if "(" not in tokens_text(doc, start, end):
        return end  # the cheap test first: no parenthesis opens in the span
    depth = 0
    for t in reversed(doc[start:end]):
        depth += (t.text == ")") - (t.text == "(")
        if depth < 0:
            cut = t.i
            while cut > start and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
                cut -= 1
            return cut if cut - start >= 2 else end
    return end


#: Words that open a second name for the noun before them (", also known as ...").
_ALIAS_OPENERS = (("also", "known", "as"), ("known", "as"), ("better", "known", "as"))
#: the longest word all of them have
_ALIAS_KEY = max(set.intersection(*(set(o) for o in _ALIAS_OPENERS)), key=len)


def before_trailing_alias(doc: Doc, start: int, end: int) -> int:
    """Where a content that ends in a second name for its last noun really ends ('said the levy
    would fall on the harbour board, also known as the quay trust'): the alias set off by a comma
    at the very end is the writer's gloss, not what was said; one inside the content stays."""
    if _ALIAS_KEY not in tokens_text(doc, start, end).lower():
        return end  # the cheap test first: the word every opener has ("known")
    for k in range(max(start + 1, end - 12), end - 2):
        if doc[k].text != ",":
            continue
        for opener in _ALIAS_OPENERS:
            n = len(opener)
            words = tuple(t.lower_ for t in doc[k + 1 : k + 1 + n])
            rest = doc[k + 1 + n : end]
            if (
                words == opener
                and len(rest)
                and not any(
                    t.pos_ in ("VERB", "AUX") or t.is_punct and t.tag_ not in QUOTE_TAGS
                    for t in rest
                )
            ):
                return k
    return end


def after_date_of_saying(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a reported clause right after its cue really starts when the parser hung the day
    of saying on it ('said on Friday she had met them', 'noted Thursday, the levy ...', 'said last
    week the quay ...'): the date between the cue and the clause's subject is when it was said,
    not what was said."""
    if start == 0 or lex.cue(doc[start - 1].lower_) is None:
        return start
    k = start
    while k < end and (
        date_word(doc[k], lex)
        or doc[k].lower_ in lex.lists.day_modifiers
        or doc[k].dep_ == "prep"
        and k + 1 < end
        and date_word(doc[k + 1], lex)
    ):
        k += 1
    if k == start or not date_word(doc[k - 1], lex):
        return start
    if k < end and doc[k].text == ",":
        k += 1
    subject = any(
        t.dep_ in ("nsubj", "nsubjpass") and t.left_edge.i == k for t in doc[k : min(end, k + 12)]
    )
    return k if subject and k < end - 1 else start


def date_word(t: Token, lex: Lexicon) -> bool:
    """A word that names a day or a time ("Friday", "March", "week"), and is no subject."""
    if t.dep_ in ("nsubj", "nsubjpass"):
        return False
    named = t.lower_ in lex.lists.day_words and (t.text[:1].isupper() or t.lower_.startswith("to"))
    return t.ent_type_ in TIME_ENTS or named or t.lower_ in lex.lists.time_nouns


#: Dashes that end a dateline ("KINGSTON — "), and the horizontal bar some wires use.
_DATELINE_DASHES = DASHES | {"\u2015"}


def after_dateline(doc: Doc, start: int, end: int) -> int:
    """Where a content that opens its paragraph with a dateline really starts ('KINGSTON — The
    ferry will not sail, the harbour office said', 'LIMA, May 9 (Wire) — ...'): the place in
    capitals, with its date and agency, up to the dash is the wire's, not what was said."""
    first = doc[start]
    if not (first.is_upper and len(first) >= 2):
        return start
    text = doc_text(doc)  # doc.text joins every token again on each access
    line = text.rfind("\n", 0, first.idx) + 1
    if any(c.islower() or c.isdigit() for c in text[line : first.idx]):
        return start  # not at the start of its paragraph, after capitals only
    place = True  # the place is in capitals up to a comma or a parenthesis
    for k in range(start + 1, min(end - 1, start + 15)):
        t = doc[k]
        if t.text in _DATELINE_DASHES:
            return k + 1
        place = place and t.text not in (",", "(")
        if not (t.is_punct or t.is_upper or not place and (t.like_num or t.text[:1].isupper())):
            return start
    return start


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


def _after_its_cue(doc: Doc, start: int, lex: Lexicon) -> bool:
    """Does the content opening at ``start`` come after its cue (a cue verb stands between the
    sentence's start and it)? The edges of the saying's occasion and time are sought only then."""
    toks = doc_tokens(doc)  # the shared tokens, no Span and Token per word
    return any(
        t.tag_.startswith("VB") and lex.cue(t.lower_) for t in toks[toks[start].sent.start : start]
    )


def before_occasion_of_saying(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a content after its cue really ends when the parser hung the occasion of the
    saying on it ('said the levy was unfair at a rally in Ely on Monday', 'confirmed the ferry
    was late via Facebook', '... "a bad deal," in an interview with a local paper'): a run of
    prepositional phrases at the very end, without a verb, whose objects are occasions
    (``occasion_nouns``), media, statement nouns, dates or names, one at least an occasion,
    medium or statement, says where and when it was said, not what was said. Not inside a
    clause of the content, nor after a modal, an infinitive or a past perfect ("would announce
    it at a rally", see ``_main_verb_before``): there the occasion is part of the content."""
    if not _after_its_cue(doc, start, lex):
        return end
    toks = doc_tokens(doc)  # the shared tokens: no Token per read
    for k in range(start + 2, end - 1):
        if toks[k].lower_ not in lex.lists.occasion_preps or toks[k].dep_ != "prep":
            continue
        if _occasion_tail(doc[k:end], lex) and _main_verb_before(doc, start, end, k):
            while k > start and doc[k - 1].is_punct and doc[k - 1].tag_ not in QUOTE_TAGS:
                k -= 1
            return k
    return end


def before_lapse_of_saying(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a content after its cue really ends before a lapse of time set off by a comma at
    its very end ('said the striker would stay, hours after the club turned down a bid', '...,
    two days before the vote was held'): a time noun (``lapse_nouns``, after at most two
    determiners, numbers or adverbs: "a day", "just two hours") then "after"/"before"
    (``lapse_links``) and a clause with a subject of its own dates the saying on the writer's
    timeline; it is not what was said. Not after a past event ("had reopened talks in January,
    a week after the warning"): there the lapse dates the event reported, a part of it."""
    if end - start < 6 or not _lapse_words(doc, start, end, lex):
        return end  # the cheap test first: no time noun right before "after"/"before"
    if not _after_its_cue(doc, start, lex):
        return end
    for k in range(start + 2, end - 3):
        if doc[k].text != ",":
            continue
        j = k + 1
        while j < k + 3 and doc[j].tag_ in ("DT", "CD", "RB"):
            j += 1
        if doc[j].lower_.removesuffix("s") not in lex.lists.lapse_nouns:
            continue
        rest = doc[j + 2 : end]  # j + 1 < end: k < end - 3 and j <= k + 2
        if (
            doc[j + 1].lower_ in lex.lists.lapse_links
            and not any(_past_main_verb(t, start, k) for t in doc[start:k])
            and any(t.dep_ in ("nsubj", "nsubjpass") for t in rest)
            and any(t.tag_ in FINITE_TAGS for t in rest)
        ):
            return k
    return end


def _lapse_words(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the text of ``doc[start:end]`` holds a time noun (``lapse_nouns``, or its plural
    in "s") right before a ``lapse_links`` word: a plain-string test on the Doc's text that
    every lapse :func:`before_lapse_of_saying` cuts at passes (it reads no tokens)."""
    pattern = _lapse_pattern(lex.lists.lapse_nouns, lex.lists.lapse_links)
    return pattern.search(tokens_text(doc, start, end)) is not None


@lru_cache(maxsize=4)
def _lapse_pattern(nouns: frozenset[str], links: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(nouns))
    link = "|".join(re.escape(w) for w in sorted(links))
    return re.compile(rf"(?:{alt})s?\s*(?:{link})", re.IGNORECASE)


def _past_main_verb(t: Token, start: int, end: int) -> bool:
    """Is ``t`` the main verb of the clause ``doc[start:end]`` (its head outside) and in the
    past ("rose", "had reopened", "was sold")?"""
    if start <= t.head.i < end or not t.tag_.startswith("VB"):
        return False
    return t.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in t.children
    )


def _occasion_tail(tail, lex: Lexicon) -> bool:
    """Is ``tail`` prepositional phrases of an occasion of saying (see
    ``before_occasion_of_saying``)? Not "at her rally", "during their debate": an occasion
    someone in the content owns is part of what was said."""
    if any(t.tag_.startswith("VB") or t.tag_ in ("MD", "PRP$", "POS") or t.is_punct for t in tail):
        return False
    preps = [t for t in tail if t.dep_ == "prep"]
    if any(t.lower_ not in lex.lists.occasion_preps and t.lower_ != "with" for t in preps):
        return False  # "in a letter for the mayor", "at the launch of the ferry": a content's
    objects = [t for t in tail if t.dep_ == "pobj" and t.head.lower_ != "with"]  # "with" a host

    def occasion(t: Token) -> bool:
        return t.lower_ in lex.lists.occasion_nouns or statement_or_medium(t, lex)

    return any(occasion(t) for t in objects) and all(
        occasion(t) or date_word(t, lex) or t.tag_ in ("NNP", "NNPS") for t in objects
    )


def _main_verb_before(doc: Doc, start: int, end: int, k: int) -> bool:
    """Is the last verb of the content before token ``k`` (if any) its main verb, with no modal,
    no infinitive "to" and no past perfect? After "... when the ferry docks", "would announce
    it", "hoped to announce it" or "had announced it" (before the saying) the occasion belongs
    to the content."""
    verb = next((t for t in reversed(doc[start:k]) if t.tag_.startswith("VB")), None)
    if verb is None:
        return True
    while verb.dep_ == "conj" and start <= verb.head.i < end:
        verb = verb.head
    if start <= verb.head.i < end and verb.dep_ != "aux":
        return False  # a verb of a clause inside the content
    return not any(
        c.tag_ == "MD" or c.dep_ == "aux" and c.lower_ in ("to", "had", "'d") for c in verb.children
    )


def _closing_quote_end(doc: Doc, start: int, end: int) -> bool:
    """Does ``doc[start:end]`` (three tokens or more, with a token after it) end at a quote's
    closing mark right after a word (no comma or full stop inside the marks: '"a disgrace"', not
    '"a disgrace,"')?"""
    if end - start < 3 or end >= len(doc):
        return False
    mark, word = doc[end - 1], doc[end - 2]
    return mark.text in ("\u201d", '"', "''") and not word.is_punct


def over_phrase_after_quote(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a content that ends at a quote's closing mark really ends when the parser hung
    the phrase right after the mark on the cue ('mocked Hale for "losing the plot" because he
    missed the vote', 'called the levy "much fairer" than the toll', 'described the work as "a
    different kettle of fish" than harbour work', 'called her "the calmest head" amidst the
    quarrel'): a preposition's phrase, or a reason or comparison (``quote_completing_marks``)
    with no comma before it, completes the quoted words and goes on with the content. Not a
    conjunct ("and", "but"), nor a date, a time (``time_preps``: '... "blind" after the match')
    or an occasion of saying ('called the system "rigged" in a tweet'), nor a phrase holding
    another cue. A content that is the quote alone (the judgement of a relative clause, 'what
    the harbour master called "the worst tender in a decade" in her report') ends at its mark:
    with no object before the quote, the phrase after it is the verb's."""
    if not _closing_quote_end(doc, start, end) or doc[start].text in ("\u201c", '"', "``"):
        return end
    t = doc[end]
    if t.tag_ != "IN" or not t.is_lower or t.sent.start != doc[end - 1].sent.start:
        return end
    if t.dep_ == "prep" and t.left_edge.i == end and t.lower_ not in lex.lists.time_preps:
        phrase_end = t.right_edge.i + 1
    elif t.dep_ == "mark" and t.lower_ in lex.lists.quote_completing_marks:
        if t.head.left_edge.i != end or t.head.i < end:
            return end
        phrase_end = t.head.right_edge.i + 1
    else:
        return end
    tail = doc[end:phrase_end]
    if _occasion_tail(tail, lex) or any(date_word(x, lex) for x in tail):
        return end
    if any(x.tag_.startswith("VB") and lex.cue(x.lower_) for x in tail):
        return end
    while (
        phrase_end > end
        and doc[phrase_end - 1].is_punct
        and doc[phrase_end - 1].tag_ not in QUOTE_TAGS
    ):
        phrase_end -= 1
    return phrase_end


def content_edges(
    doc: Doc, start: int, end: int, lex: Lexicon, *, day_of_saying: bool = True
) -> tuple[int, int]:
    """The token edges of a reported content after its opening edge steps, in order: a
    dateline, an opening connective, the day of saying (unless ``day_of_saying`` is False:
    an "according to" frame has no cue verb for a day to hang on) and, at the end, a
    trailing alias and the occasion of saying."""
    start = after_connective(doc, after_dateline(doc, start, end), end, lex)
    if day_of_saying:
        start = after_date_of_saying(doc, start, end, lex)
    end = before_trailing_alias(doc, start, end)
    if day_of_saying:
        end = over_phrase_after_quote(doc, start, end, lex)
        end = before_occasion_of_saying(doc, start, end, lex)
        end = before_lapse_of_saying(doc, start, end, lex)
    return start, end


def _said_by_share(cue: Token, lex: Lexicon) -> bool:
    """Is the cue's subject a share of a group ("61 percent of growers said", "half say":
    ``shapes.share_of_group``), whose content may be followed by the writer's figures?"""
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and share_of_group(subj, lex)


def before_share_figures(doc: Doc, start: int, end: int, cue: Token, lex: Lexicon) -> int:
    """Where a content of a share of people ends ('61 percent of growers said the levy was unfair,
    up from 48 percent in May', 'Some 40% of members say the hall should close, 70%-22%'): a
    phrase with a number set off by a comma at the very end, with no clause of its own, is the
    writer's figure for the poll the speakers answered, not what they said. Only when the
    cue's subject is such a share (``_said_by_share``: not "the clerk of nine years said
    ...")."""
    if start < cue.i or not _said_by_share(cue, lex):
        return end
    for k in range(end - 2, start + 1, -1):
        if doc[k].text != ",":
            continue
        tail = doc[k + 1 : end]
        if len(tail) > 12 or not any(figure(t) for t in tail):
            return end
        tops = [t for t in tail if not k < t.head.i < end or t.head == t]
        if any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in tops):
            return end
        return k
    return end


def before_compared_share(doc: Doc, start: int, end: int, cue: Token, lex: Lexicon) -> int:
    """Where a content of a share of people ends when the writer sets another figure against it
    ('61 percent of growers said the levy was unfair, compared with 48 percent in May', 'half
    said they would stay, compared to the third of members who wanted to go'): a comma and a
    comparison participle (``comparison_participles``) with "with" or "to" start the writer's
    comparison, not what the share said, whatever follows (a figure, a group, a relative clause
    with a report of its own). Only when the cue's subject is such a share
    (``_said_by_share``)."""
    if start < cue.i or not _said_by_share(cue, lex) or "," not in tokens_text(doc, start, end):
        return end
    words = lex.lists.comparison_participles
    for k in range(start + 1, end - 2):
        if (
            doc[k].text == ","
            and doc[k + 1].lower_ in words
            and doc[k + 2].lower_ in ("with", "to")
        ):
            return k
    return end


def colon_elaboration(doc: Doc, end: int, cue: Token, lex: Lexicon) -> int:
    """ "Most growers say the drought has changed their plans: two in three have sold cattle":
    the parser may end the reported clause at a colon and hang the cue on the clause after it,
    but what follows the colon on the same line spells out what was said, so the content runs
    to the end of that sentence. Not when a quote, a line break or another cue verb follows the
    colon (a quote of its own, a new paragraph, the next report)."""
    if end + 1 >= len(doc) or doc[end].text != ":" or "\n" in doc[end].whitespace_:
        return end
    if cue.i >= end or doc[end].sent.start > cue.i:
        return end  # the content before its cue, or a colon of another sentence
    tail = doc[end + 1 : doc[end + 1].sent.end]
    while len(tail) and (tail[-1].is_punct or tail[-1].is_space):
        tail = tail[:-1]
    if not any(t.tag_.startswith("VB") for t in tail):
        return end  # "one cause: the weather" is caught by the parse already; a list is no clause
    for t in tail:
        if t.is_space or "\n" in t.whitespace_ or t.tag_ in QUOTE_TAGS or t.text in ('"', ":"):
            return end
        if t.tag_.startswith("VB") and lex.cue(t.lower_):
            return end
    return tail.end


#: the first characters of the dashes (a token that is a dash holds one)
_DASH_CHARS = frozenset(d[0] for d in DASHES)


def dashed_concession(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """ "said the tram would reach the airport by 2030 - though no money has been set aside":
    a concession (``concessions``, "even though", "even as") set off by a dash at the end of
    the content is the writer's aside, not what was said; the content ends before the dash.
    After a comma it stays (", though ..." is kept by PolNeAR more often than not)."""
    if _DASH_CHARS.isdisjoint(tokens_text(doc, start, end)):
        return end  # the cheap test first: no dash in the content
    for k in range(start + 1, end - 1):
        if doc[k].text not in DASHES:
            continue
        nxt = doc[k + 1].lower_
        even = nxt == "even" and k + 2 < end and doc[k + 2].lower_ in ("though", "as")
        if (nxt in lex.lists.concessions or even) and not any(
            t.text in DASHES for t in doc[k + 1 : end]
        ):
            return k
    return end


def cut_at_other_cues(doc: Doc, start: int, end: int, root: Token, lex: Lexicon) -> int:
    """Stop the content before a participial cue clause hanging inside it (", denying ...")."""
    stance = lex.lists.stance_participles
    for t in doc_tokens(doc)[start:end]:  # the shared tokens, no Span and Token per word
        low = t.lower_  # the cheap word tests of the two helpers first, without a call
        if low == "according" and _trailing_source(t, start, end):
            return max(start, t.i - 1)
        # "... and called for more patrols": an appeal coordinated with the content, without a
        # subject of its own, is the speaker's act, not part of what was said
        if (
            t.dep_ == "conj"
            and t.i > root.i
            and low in lex.lists.appeal_verbs
            and t.tag_.startswith("VB")
            and not has_own_subject(t)
        ):
            cc = [c for c in t.lefts if c.dep_ == "cc"]
            return max(start, cc[0].i if cc else t.left_edge.i)
        if low in stance and _speakers_participle(t, root, lex):
            return max(start, t.left_edge.i)
        if t.i == root.i or not lex.cue(low) or not t.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "mark" and c.lower_ in lex.lists.hypothetical_marks for c in t.children):
            continue  # "unless management agreed to ...": a condition inside the content
        if t.dep_ == "conj" and that_clause(t):
            continue  # "... and that the claim would add £4m": a second content clause, not a report
        if _inner_clause(t, lex):
            continue  # "... the floods the mayor mentioned when she announced the plan"
        if _infinitive_inside(t):
            continue  # "easier for tenants to complain", "for the crew to walk out and announce ...": no act
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj"):
            if t.dep_ in ("advcl", "xcomp") and _participle_not_set_off(t):
                continue  # "felt awkward telling the coach", "seems to be appealing"
            if t.dep_ == "xcomp" and _catenative(t):
                continue  # "she had started writing her speech": the verb's own complement
            if _trailing_participle(t) and _conversation_participle(t, root, lex):
                continue  # "reported that Mr. Hale talked with Ms. Ruiz, telling her ...": his act
            if _trailing_participle(t) and _stance_of_named_other(t, root, lex):
                continue  # "said Mr. Hale had resigned, citing health reasons": his act
            return max(start, t.left_edge.i)
        # "..., while he said ...": a second report with its own subject ends the first
        if t.dep_ in ("advcl", "conj") and any(c.dep_ == "nsubj" for c in t.children):
            return max(start, t.left_edge.i)
        # "... and has indicated he would ...": a coordinated report of its own clause
        if t.dep_ == "conj" and any(c.dep_ == "ccomp" for c in t.children):
            return max(start, t.left_edge.i)
    return end


def _trailing_source(t: Token, start: int, end: int) -> bool:
    """ "The guild said that rents would double, according to a memo": the source the writer
    names, set off by a comma at the end of a reported clause, vouches for the report; it is
    not part of what was said (PolNeAR train leaves it out 7 times of 8). Inside an open quote
    it is the speaker's own words and stays."""
    doc = t.doc
    if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
        return False
    if t.i - 1 <= start or doc[t.i - 1].text != ",":
        return False
    if any(not (w.is_punct or w.is_space) for w in doc[t.right_edge.i + 1 : end]):
        return False  # the content goes on after the source
    inside = doc[start : t.i]
    return sum(w.tag_ == "``" for w in inside) == sum(w.tag_ == "''" for w in inside)


def stance_participle_end(doc: Doc, start: int, end: int, root: Token, lex: Lexicon) -> int:
    """Where a trailing participle of the speaker's stance (``_speakers_participle``) ends a
    content that is no reported clause ("urged the board to hire more staff, citing long
    shifts"): the infinitive's participle is the speaker's act or the writer's word on it."""
    for t in doc[start:end]:
        if t.i > root.i and _speakers_participle(t, root, lex):
            return max(start, t.left_edge.i)
    return end


def set_off_end(doc: Doc, start: int, end: int, root: Token, *, participles: bool = True) -> int:
    """ "reported raising $4,000 at the fair - twice last year's sum", "reported earning $2
    million, making it the club's best year", "warned of delays - and worse": a gerund content
    ends before a dash or a participle set off by a comma after its verb, a prepositional one
    (``participles`` false) before a dash; what follows is the writer's word on it. A pair of
    dashes ("long delays - and worse - at the port") sets off an aside inside the content; a
    hyphen ("a no-fly zone", split by the tokenizer) sets off nothing."""
    dashes = [t.i for t in doc[root.i + 1 : end] if t.text in DASHES and doc[t.i - 1].whitespace_]
    for t in doc[root.i + 1 : end]:
        if dashes == [t.i] or participles and _trailing_participle(t):
            return max(start, t.i)
    return end


def _infinitive_inside(t: Token) -> bool:
    """A cue in an infinitive ("made it easier for tenants to complain", "too costly for them to
    report") or a bare infinitive coordinated with one ("for the crew to walk out and announce ...", "had
    the clerks file the forms and tell the judge ...") is a verb of the content, not a second
    act of the speaker: a speaker's next act is finite (", and she added ...") or a participle."""
    if to_infinitive(t):
        return True
    return (
        t.dep_ == "conj"
        and t.tag_ == "VB"
        and t.head.tag_ == "VB"
        and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in t.children)
    )


def _participle_not_set_off(t: Token) -> bool:
    """A participle with no comma, dash or colon before it and no mark of its own ("said she
    felt awkward telling the coach", "seems to be appealing to tourists") completes a word of the
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
    # "was not as old as the guide claimed", "as long as nobody complained": a comparison,
    # not the speaker's "as she said"
    return comparison_clause(t)


def _trailing_participle(t: Token) -> bool:
    """ ", pushing back ...": a participle opening a clause set off by a comma."""
    doc = t.doc
    # 'said the wing "would close by spring," referring to ...': the comma inside the quote
    before = t.i - 2 if t.i > 1 and doc[t.i - 1].tag_ == "''" else t.i - 1
    return (
        t.tag_ == "VBG"
        and t.dep_ in ("advcl", "xcomp", "conj")
        and t.left_edge.i == t.i
        and before >= 0
        and doc[before].text == ","
    )


def _speakers_participle(t: Token, root: Token, lex: Lexicon) -> bool:
    """ "The bank said inflation was not beaten, pushing back against market bets": a trailing
    participle of stance (``stance_participles``) is the speaker's act, not what was said,
    unless the reported clause has a named subject of its own who can take that stance."""
    return (
        t.i != root.i
        and t.lower_ in lex.lists.stance_participles
        and _trailing_participle(t)
        and not named_other_subject(t, root)
    )


def _stance_of_named_other(t: Token, root: Token, lex: Lexicon) -> bool:
    """A participle of stance that is also a cue ("citing") after a reported clause with a
    named subject of its own is that subject's act, part of the report (as
    :func:`_speakers_participle` keeps it)."""
    return t.lower_ in lex.lists.stance_participles and named_other_subject(t, root)


def _conversation_participle(t: Token, root: Token, lex: Lexicon) -> bool:
    """ "reported that Mr. Hale talked by phone with Ms. Ruiz, telling her not to sell": a
    participle of speech after a reported conversation (``conversation_verbs``) of someone
    named other than the speaker says what was said in it; "insisted the Dane could still win,
    saying ..." (no conversation in the report) is the speaker's own further report."""
    return t.head.lower_ in lex.lists.conversation_verbs and named_other_subject(t, root)


def named_other_subject(t: Token, root: Token) -> bool:
    """Is the subject of the clause participle ``t`` hangs on (in the content whose root is
    ``root``, a clause of the cue) a name other than the speaker's?
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
