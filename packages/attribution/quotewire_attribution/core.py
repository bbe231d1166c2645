"""Attribution over one parsed Doc: quotes + reporting frames -> resolved statements.

Pure: Doc (with tagger, parser and NER annotations) in, ``RawStatement`` tuples out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .according import according_frame
from .bounds import content_edges
from .clauses import clause_content
from .colon import colon_statements, paragraph_lead_ins
from .confidence import score
from .continuation import continued_quotes, reports_run_into_quotes
from .coref import build_registry
from .cues import Lexicon
from .cueverbs import is_according, is_cue, negated
from .direct import (
    attribution_after,
    attribution_before,
    colon_lead_in,
    dialogue_verb_after,
    dialogue_verb_before,
    is_direct_candidate,
    lead_in_before_quote,
    name_before_apposition,
    run_on_end,
    sentence_after_comma,
    sentence_after_word,
    shallow_speaker,
    token_at,
)
from .doctext import doc_text, doc_tokens, token_offsets, walks_shared_tokens
from .headline import headline_stance, headline_tokens
from .interrupted import with_second_pieces
from .model import Frame, RawStatement
from .nouns import is_speech_noun, noun_content, noun_speaker
from .openings import opening_fragment, opening_on_cue
from .polls import poll_opening
from .quotes import Quote, find_quotes, paragraphs, typed_content
from .resolvers import RESOLVERS, Resolver, resolve_mention
from .shapes import FINITE_TAGS, PRONOUN_TAGS, TENSED_TAGS
from .speakers import mention_head, mention_tokens, register_speaker
from .subjects import cue_extent, subject_of
from .trailing import run_to_trailing_fragments

#: ``doc.user_data`` key of the article's entity registry after :func:`extract_statements`
#: (what :mod:`.mentions` resolves names and descriptors against).
REGISTRY_KEY = "quotewire_registry"


def _speaker_frame(doc: Doc, frame: Frame, head: Token | None, lex: Lexicon) -> None:
    if head is None:
        return
    head = mention_head(head)
    s, e = mention_tokens(head, lex)
    e = _before_own_cue(doc, head, s, e, frame.cue_start)
    frame.speaker_head = head.i
    frame.speaker_start = doc[s].idx
    frame.speaker_end = doc[e - 1].idx + len(doc[e - 1].text)


def _before_own_cue(doc: Doc, head: Token, s: int, e: int, cue_char: int) -> int:
    """A speaker mention stops before a relative clause holding the statement's own cue: in
    "run by a guard who asked for nothing in return" the clause's subject is the noun it
    describes ("a guard"), so the cue cannot be part of the mention."""
    for t in doc[head.i + 1 : e]:
        if t.idx != cue_char:
            continue
        for clause in (t, *t.ancestors):
            if clause.head.i == head.i and clause.dep_ in ("relcl", "acl"):
                end = clause.left_edge.i
                while end - 1 > s and (doc[end - 1].is_punct or doc[end - 1].is_space):
                    end -= 1
                return max(end, head.i + 1)
            if clause.i == head.i:
                break
    return e


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class _QuoteMap:
    """Where the quotes and paragraphs of a text are: ``in_quote(char)``, ``para_start(char)``."""

    def __init__(self, text: str, quotes: list[Quote]):
        self.paras = paragraphs(text)
        outer = sorted((q.open_at, q.outer_end) for q in quotes)
        self.starts = [s for s, _ in outer]
        # quotes are disjoint, yet keep the running maximum of the ends to stay exact if not
        self.reach: list[int] = []
        for _, e in outer:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)
        self.para_ends = [e for _, e in self.paras]

    def in_quote(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and self.reach[k] > char

    def para_start(self, char: int) -> int:
        k = bisect_right(self.para_ends, char)  # first paragraph ending after char
        return self.paras[k][0] if k < len(self.paras) else 0


def _direct_speaker(
    doc: Doc, lex: Lexicon, q: Quote, cue: Token, how: str, qmap: _QuoteMap, frame: Frame
) -> Token | None:
    subj = subject_of(cue, lex)
    if subj is not None and (qmap.in_quote(subj.idx) or q.start <= subj.idx < q.end):
        subj = None
    if subj is not None and how == "direct_after":
        subj = name_before_apposition(doc, q, cue, subj)
    if subj is None:
        subj = shallow_speaker(doc, cue, q.outer_end, lex)
        frame.signals["shallow"] = True
    return subj


def _dialogue_cue(
    doc: Doc, lex: Lexicon, q: Quote, text: str, ps: int, before: Token | None
) -> tuple[Token | None, str]:
    """A verb outside the lexicon framing the quote as dialogue (see :mod:`.direct`); when a
    lexicon cue ``before`` the quote was found farther back ('Asked whether ..., Mr. Smith shot
    back: "..."'), the verb right before the colon wins."""
    if before is None:
        verb = dialogue_verb_after(doc, q, text, lex)
        if verb is not None and not negated(verb, lex):
            return verb, "direct_after"
    verb = dialogue_verb_before(doc, q, lex, ps) or (
        colon_lead_in(doc, q, lex, ps) if before is None else None
    )
    if verb is not None and not negated(verb, lex) and (before is None or verb.i > before.i):
        return verb, "direct_before"
    return before, "direct_before"


def _quote_cue(
    doc: Doc, lex: Lexicon, q: Quote, qmap: _QuoteMap, text: str, ps: int
) -> tuple[Token | None, str]:
    """The cue framing a direct quote: after it, before it, or a verb of dialogue."""
    cue = attribution_after(doc, q, lex, qmap.in_quote)
    if cue is not None:
        return cue, "direct_after"
    cue = attribution_before(doc, q, lex, qmap.in_quote, ps)
    return _dialogue_cue(doc, lex, q, text, ps, cue)


def _mixed_quote(doc: Doc, lex: Lexicon, q: Quote, cue: Token, how: str, frame: Frame) -> None:
    """A quote that is part of a reported clause makes the statement mixed: the clause begins
    before it ('Mr. Hale said that in any talks, "we will ..."') or the reporter finishes it
    ('"We never sell anything" to foreign buyers, the dealer said')."""
    lead = None
    if how == "direct_before":
        lead = _lead_in(doc, lex, q, cue) or _clause_before_colon_quote(doc, q, cue)
    elif how == "direct_after":  # 'In the old days, "we ...," she said'
        lead = lead_in_before_quote(doc, q, lex)
    run_on = run_on_end(doc, q, cue, lex)
    if lead is None and run_on is None:
        return
    frame.content_start = q.open_at if lead is None else lead
    frame.content_end = q.outer_end if run_on is None else run_on
    frame.type = "mixed"


def _lead_in(doc: Doc, lex: Lexicon, q: Quote, cue: Token) -> int | None:
    """Where the cue's reported clause begins when it begins before the quote, after a comma:
    'said its rules had worked, "including ..."' (the quote's words are in the clause)."""
    spec = is_cue(cue, lex)
    qi = token_at(doc, q.open_at)
    if spec is None or qi is None or qi < 2 or cue.i >= qi or doc[qi - 1].text != ",":
        return None
    content = clause_content(cue, spec, lex)
    if content is None or content[2] != "ccomp":
        return None
    start, end = content[0], content[1]
    return doc[start].idx if cue.i < start < qi - 1 and end > qi + 1 else None


def _clause_before_colon_quote(doc: Doc, q: Quote, cue: Token) -> int | None:
    """'Ms. Quill argued that the tender was never secret: "We posted it for a month."': the
    cue's reported clause ends at a colon on the quote's line and the quote, with no cue of its
    own, spells it out; clause, colon and quote are one mixed statement (PolNeAR train keeps
    them together 39 times of 43). The parser hangs the clause on the cue or on the quote's
    verb. Where the clause begins (after "that"), or None."""
    qi = token_at(doc, q.open_at)
    if qi is None or qi < cue.i + 3 or doc[qi - 1].text != ":" or "\n" in doc[qi - 1].whitespace_:
        return None
    top = doc[qi - 2]
    while cue.i < top.head.i < qi - 1 and top.head.i != top.i:
        top = top.head
    if top.head.i != cue.i and not q.start <= top.head.idx < q.end:
        return None  # the words before the colon are no clause of the cue's
    if not top.tag_.startswith(("VB", "MD")) or not any(
        w.dep_ in ("nsubj", "nsubjpass", "expl") for w in top.children
    ):
        return None  # a clause with its subject, not a noun phrase ("gave one reason:")
    start = top.left_edge.i
    if start <= cue.i or any(w.is_punct or w.is_space for w in doc[cue.i + 1 : start]):
        return None
    if doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1
    return doc[start].idx if start < qi - 1 else None


def _direct_frames(
    doc: Doc, lex: Lexicon, quotes: list[Quote], qmap: _QuoteMap, used_cues: set[int]
) -> list[Frame]:
    """1. Direct quotes: the cue after or before each, else the previous quote's in its paragraph."""
    text = doc_text(doc)
    frames: list[Frame] = []
    direct: list[tuple[Quote, Frame]] = []
    for q in quotes:
        ps = qmap.para_start(q.open_at)
        if not is_direct_candidate(text, q, ps):
            if not (sentence_after_comma(text, q, ps) or sentence_after_word(text, q, ps)):
                continue
            cue = attribution_before(doc, q, lex, qmap.in_quote, ps)
            if cue is None:
                continue
            how = "direct_before"
        else:
            cue, how = _quote_cue(doc, lex, q, qmap, text, ps)
        if cue is None:
            prev = direct[-1] if direct else None
            if (
                prev is not None
                and prev[1].signals.get("para") == ps
                and not prev[1].signals.get("unbalanced")
            ):
                f = prev[1]
                frames.append(
                    Frame(
                        f.cue_start,
                        f.cue_end,
                        q.start,
                        q.end,
                        "direct",
                        f.speaker_start,
                        f.speaker_end,
                        f.speaker_head,
                        {**f.signals, "how": "direct_inherited", "unbalanced": q.unbalanced},
                    )
                )
                direct.append((q, frames[-1]))
            continue
        spec = is_cue(cue, lex)
        cs, ce = cue_extent(cue, lex, spec)
        if (
            spec is None
            and ce < len(doc)
            and doc[ce].head.i == cue.i
            and doc[ce].dep_ in ("prt", "advmod")
            and doc[ce].lower_ in lex.lists.foreign_particles
        ):
            ce += 1  # a verb of dialogue with its particle: 'went on', 'shot back'
        frame = Frame(
            doc[cs].idx,
            doc[ce - 1].idx + len(doc[ce - 1].text),
            q.start,
            q.end,
            "direct",
            signals={"how": how, "unbalanced": q.unbalanced, "para": ps},
        )
        _speaker_frame(doc, frame, _direct_speaker(doc, lex, q, cue, how, qmap, frame), lex)
        _mixed_quote(doc, lex, q, cue, how, frame)
        if how == "direct_after":
            _report_of_framed_quote(doc, lex, q, cue, qmap, ps, frame)
        if frame.speaker_head is None and direct and frame.type == "direct":
            _speaker_of_first_piece(frame, direct[-1][1])
        frames.append(frame)
        direct.append((q, frame))
        used_cues.add(cue.i)
        opening = _opening_before_quote(doc, lex, cue, q, frame, qmap)
        if opening is not None:
            frames.append(opening)
    return frames


def _report_of_framed_quote(
    doc: Doc, lex: Lexicon, q: Quote, cue: Token, qmap: _QuoteMap, ps: int, frame: Frame
) -> None:
    """'Asked about the toll, Hale said: "No comment," the Courier reported.': a quote that its
    own sentence frames with a speaker and a cue before it ('Hale said:') and another source's
    cue after it is that source's report of the whole sentence (a mixed statement from the
    sentence's start to the closing mark); the quote is not a second statement of the later
    cue's speaker alone."""
    j = token_at(doc, q.open_at, forward=False)
    inner = doc_text(doc)[q.start : q.end].rstrip()
    if j is None or doc[j].text not in (":", ",") or not inner.endswith(","):
        return  # a quote closed by its own full stop: the cue after it opens a new sentence
    before = attribution_before(doc, q, lex, qmap.in_quote, ps)
    if before is None or before.i >= cue.i or cue.tag_ not in TENSED_TAGS:
        return
    if before.dep_ == "advcl" or any(
        c.dep_ == "mark" or c.dep_ == "ccomp" and c.i < j for c in before.children
    ):
        return  # 'When a heckler shouted, "...," Hale joked': the scene of Hale's words;
        # 'Quill argued that ...: "...," her deputy said': a report of its own before the quote
    if j - before.i > 4:
        return  # the lead-in's cue right before the quote ('said:', 'told reporters,')
    speaker = subject_of(before, lex)
    if speaker is None or speaker.i > before.i or frame.speaker_head is None:
        return
    source = doc[frame.speaker_head]
    if PRONOUN_TAGS & {speaker.tag_, source.tag_} or speaker.lower_ == source.lower_:
        return  # 'Hale said: "...," she added': one speaker
    k = speaker.left_edge.i
    if k > 0 and doc[k - 1].tag_ in ("IN", "WRB"):
        return  # 'When a heckler shouted, "...," Hale joked': the scene of Hale's words
    while k > 0 and doc[k - 1].idx >= ps and not qmap.in_quote(doc[k - 1].idx):
        if doc[k - 1].text in (".", "!", "?", ";") or "\n" in doc[k - 1].text:
            break
        k -= 1
    while k < speaker.i and (doc[k].is_space or doc[k].is_punct):
        k += 1
    frame.content_start = doc[k].idx
    frame.content_end = q.outer_end
    frame.type = "mixed"


def _speaker_of_first_piece(frame: Frame, first: Frame) -> None:
    """'"The risk," said Ann Lund, an economist at the fund, "is that the ferries will stop."':
    the second piece of a broken quote shares its cue with the first piece, whose speaker the
    parser may have made the subject of the second piece's verb (a word inside a quote is no
    speaker); the second piece has the first piece's speaker."""
    if frame.signals.get("how") != "direct_before" or first.cue_start != frame.cue_start:
        return
    if first.speaker_head is None or first.content_end > frame.content_start:
        return
    frame.speaker_start, frame.speaker_end = first.speaker_start, first.speaker_end
    frame.speaker_head = first.speaker_head


def _opening_before_quote(
    doc: Doc, lex: Lexicon, cue: Token, q: Quote, frame: Frame, qmap: _QuoteMap
) -> Frame | None:
    """'If the levy passes, she said, "we will all pay for it."', 'The new levy, she said,
    "will hurt every farm."': a cue set off inside the sentence its quote completes (the parser
    hangs the opening words on the quote's verb) says the opening too; like the opening or
    subject before an unquoted rest (:func:`opening_fragment`), it is an indirect fragment of
    the same statement, with the quote's speaker and cue. When the parser makes the cue the
    root and hangs the opening on it instead, :func:`opening_on_cue` reads it ('When the pier
    reopens, he said, "..."')."""
    if frame.signals.get("how") != "direct_before":
        return None
    if q.start <= cue.head.idx < q.end:
        rest = opening_fragment(cue)
    elif doc_text(doc)[: q.open_at].rstrip().endswith(",") and any(
        q.start <= c.idx < q.end for c in cue.children if c.i > cue.i
    ):  # a cue set off by commas ('..., she said, "..."'), not a lead-in ('she asked: "..."')
        on_cue = opening_on_cue(cue, lex)  # the parser made the cue the root of the sentence
        rest = (*on_cue, "opening") if on_cue is not None else None
    else:
        return None
    if rest is None:
        return None
    start, end = doc[rest[0]].idx, doc[rest[1] - 1].idx + len(doc[rest[1] - 1].text)
    words = doc[rest[0] : rest[1]]
    if end > q.open_at or any(t.tag_ in ("``", "''") for t in words) or len(words) < 2:
        return None  # 'That, the board said, "..."': a pronoun alone is no content
    if qmap.in_quote(start) or qmap.in_quote(end - 1):
        return None  # '"The levy," she said, "will ..."': the first half of a broken quote
    if rest[2] == "opening" and _circumstance(words, lex):
        return None
    signals = {**frame.signals, "how": "opening"}
    return replace(frame, content_start=start, content_end=end, type="indirect", signals=signals)


def _circumstance(words: Span, lex: Lexicon) -> bool:
    """Is the opening ``words`` before a cue when or how it was said, not what? A time ("On
    Tuesday", "At the same time": DATE/TIME words, ``time_nouns``), a short phrase with no verb
    ("After the vote") or an opening adverb ("Quite suddenly, after the divorce, ...")."""
    verb = any(t.tag_.startswith(("VB", "MD")) for t in words)
    return (
        words[0].tag_.startswith("RB")
        or all(t.ent_type_ in ("DATE", "TIME") or t.dep_ in ("prep", "det") for t in words)
        or not verb
        and (
            len(words) <= 3
            or any(t.dep_ == "pobj" and t.lower_ in lex.lists.time_nouns for t in words)
        )
    )


def _colon_frames(doc: Doc, lex: Lexicon, quotes: list[Quote], taken: list[Frame]) -> list[Frame]:
    """2. Speaker lines: "Senator Ruiz: 'We will not back down'"."""
    frames = []
    for head, colon, (cs, ce, ctype) in colon_statements(doc, lex, quotes):
        if any(_overlap((cs, ce), (f.content_start, f.content_end)) > 0 for f in taken):
            continue
        frame = Frame(colon, colon + 1, cs, ce, ctype, signals={"how": "colon"})
        _speaker_frame(doc, frame, head, lex)
        frames.append(frame)
    return frames


def _lead_in_frames(
    doc: Doc,
    lex: Lexicon,
    quotes: list[Quote],
    taken: list[Frame],
    used_cues: set[int],
    paras: list[tuple[int, int]],
) -> list[Frame]:
    """2b. A paragraph after 'Lund wrote:' (a block quotation without marks, colon.py)."""
    frames = []
    for cue, (cs, ce, ctype) in paragraph_lead_ins(doc, lex, quotes, paras):
        if cue.i in used_cues or any(
            _overlap((cs, ce), (f.content_start, f.content_end)) > 0 for f in taken
        ):
            continue
        s, e = cue_extent(cue, lex, is_cue(cue, lex))
        frame = Frame(
            doc[s].idx,
            doc[e - 1].idx + len(doc[e - 1].text),
            cs,
            ce,
            ctype,
            signals={"how": "colon"},
        )
        _speaker_frame(doc, frame, subject_of(cue, lex), lex)
        used_cues.add(cue.i)
        frames.append(frame)
    return frames


def _according_frame(doc: Doc, lex: Lexicon, tok: Token) -> Frame | None:
    speaker, rng = according_frame(tok, lex)
    if rng is None or speaker is None:
        return None
    s, e = rng
    if _bare_report_frame(doc[s:e], lex):
        return None
    s, e = content_edges(doc, s, e, lex, day_of_saying=False)
    frame = Frame(
        tok.idx,
        tok.nbor(1).idx + len(tok.nbor(1).text),
        doc[s].idx,
        doc[e - 1].idx + len(doc[e - 1].text),
        "indirect",
        signals={"how": "according"},
    )
    _speaker_frame(doc, frame, speaker, lex)
    return frame


def _poll_frames(doc: Doc, lex: Lexicon) -> list[Frame]:
    """ "In a Gazette poll released Monday, 61 percent of anglers said the levy was fair": the
    poll's statement, cue "In", content the result after the opening (``polls.poll_opening``);
    the share's own report inside it is dropped as nested. Only read when the text names a
    poll (``poll_nouns``)."""
    text = doc_text(doc).lower()
    if not any(w in text for w in lex.lists.poll_nouns):
        return []
    out = []
    for sent in doc.sents:
        found = poll_opening(sent, lex)
        if found is None:
            continue
        cue, noun, s, e = found
        frame = Frame(
            cue.idx,
            cue.idx + len(cue.text),
            doc[s].idx,
            doc[e - 1].idx + len(doc[e - 1].text),
            "indirect",
            signals={"how": "poll"},
        )
        _speaker_frame(doc, frame, noun, lex)
        out.append(frame)
    return out


def _source_description(span: Span, root: Token) -> bool:
    """ "According to Ada Hale, writing for the Herald: ...": a participle with no subject or
    auxiliary before the colon that opens the quoted passage describes the source; it is no
    content ("..., according to the filings, becoming its owner." stays)."""
    doc = span.doc
    return (
        root.tag_ == "VBG"
        and not any(t.dep_ in ("nsubj", "nsubjpass", "aux") for t in span)
        and span.end < len(doc)
        and doc[span.end].text == ":"
    )


def _bare_report_frame(span: Span, lex: Lexicon) -> bool:
    """'"...?" Hale said at a rally, according to the Herald': the phrase names where a quote's
    frame was reported (the quote is Hale's statement); the frame alone, a speaker and a cue
    with no object, clause or particle ("Hale said at a rally"), is no content of its own."""
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    if len(roots) != 1:
        return False
    if _source_description(span, roots[0]):
        return True
    spec = is_cue(roots[0], lex)
    if spec is None or spec.particle:
        return False
    inside = [c for c in roots[0].children if span.start <= c.i < span.end]
    if any(c.dep_ == "prep" and c.lower_ in ("for", "about", "of") for c in inside):
        return False  # "The group has called for attacks", "warned of ...": a content
    deps = {c.dep_ for c in inside}
    return "nsubj" in deps and not deps & {"ccomp", "dobj", "xcomp", "advcl", "dative", "nsubjpass"}


def _reported_frame(
    doc: Doc, lex: Lexicon, tok: Token, quotes: list[Quote], direct_spans: list[tuple[int, int]]
) -> Frame | None:
    """A cue verb with its reported content and a speaker outside it (not inside a quote's frame)."""
    spec = is_cue(tok, lex)
    if spec is None or spec.direct_only and not spec.complements or negated(tok, lex):
        return None
    content = clause_content(tok, spec, lex)
    cspan = _indirect_chars(doc, content, direct_spans, lex)
    if content is None or cspan is None:
        return None
    how = content[2]
    subj = subject_of(tok, lex)
    if subj is None or cspan[0] <= subj.idx < cspan[1]:
        return None
    cs, ce = cue_extent(tok, lex, spec)
    if cspan[1] <= tok.idx:
        cspan = _quote_opened_sentences_before(doc, cspan, quotes, lex)
    else:
        cspan = _over_quote_after_colon(doc_text(doc), cspan, quotes, direct_spans)
    qtype, cspan = typed_content(doc_text(doc), cspan, quotes)
    frame = Frame(
        doc[cs].idx,
        doc[ce - 1].idx + len(doc[ce - 1].text),
        cspan[0],
        cspan[1],
        qtype,
        signals={"how": how},
    )
    _speaker_frame(doc, frame, subj, lex)
    _before_participle(doc, frame, subj, tok)
    return frame


def _stance_frames(
    doc: Doc, lex: Lexicon, quotes: list[Quote], direct_spans: list[tuple[int, int]]
) -> list[Frame]:
    """A headline's public stance with its object and subject ("Harbour Union Endorses Marlow",
    see ``headline.headline_stance``): the verb is the cue."""
    lo, hi = headline_tokens(doc)
    out = []
    verbs = lex.lists.headline_stance_verbs
    for tok in doc[lo:hi]:
        if tok.lower_ not in verbs:
            continue  # the word first (as headline_stance), then the parse
        content = headline_stance(tok, lex)
        if content is None or negated(tok, lex):
            continue
        cspan = _indirect_chars(doc, content, direct_spans, lex)
        subj = subject_of(tok, lex) if cspan is not None else None
        if subj is None or cspan[0] <= subj.idx < cspan[1]:
            continue
        qtype, cspan = typed_content(doc_text(doc), cspan, quotes)
        frame = Frame(
            tok.idx, tok.idx + len(tok.text), cspan[0], cspan[1], qtype, {"how": "object"}
        )
        _speaker_frame(doc, frame, subj, lex)
        out.append(frame)
    return out


def _over_quote_after_colon(
    text: str, cspan: tuple[int, int], quotes: list[Quote], direct_spans: list[tuple[int, int]]
) -> tuple[int, int]:
    """'The skipper said in an interview that she wrote the same letter each week: "Fix the
    light."': a reported clause after its cue that ends at a colon, with a closed quote on the
    same line that no direct frame holds, goes on over that quote (the reported-clause twin of
    ``_clause_before_colon_quote``, for quotes no cue before them took)."""
    end = cspan[1]
    while end < len(text) and text[end] in " \t":
        end += 1
    if end >= len(text) or text[end] != ":":
        return cspan
    q = next((q for q in quotes if end < q.open_at <= end + 3), None)
    if q is None or q.close_at is None or q.unbalanced or "\n" in text[end : q.open_at]:
        return cspan
    if any(_overlap((q.start, q.end), d) > 0 for d in direct_spans):
        return cspan
    return (cspan[0], q.outer_end)


def _indirect_chars(
    doc: Doc,
    content: tuple[int, int, str] | None,
    direct_spans: list[tuple[int, int]],
    lex: Lexicon,
) -> tuple[int, int] | None:
    """The characters of a reported content's tokens, within its edges (see
    ``content_edges``); None when there is none or a direct quote's frame already holds
    most of it."""
    if content is None:
        return None
    s, e, _ = content
    s, e = content_edges(doc, s, e, lex)
    cspan = (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))
    if any(_overlap(cspan, d) > 0.5 * (cspan[1] - cspan[0]) for d in direct_spans):
        return None
    return cspan


def _noun_frame(
    doc: Doc, lex: Lexicon, tok: Token, quotes: list[Quote], direct_spans: list[tuple[int, int]]
) -> Frame | None:
    """A speech act named by a noun with its content and speaker ("made the claim that ...",
    "a warning from the coastguard that ...", see :mod:`.nouns`); the cue is the noun."""
    content = noun_content(tok, lex)
    cspan = _indirect_chars(doc, content, direct_spans, lex)
    if content is None or cspan is None:
        return None
    subj = noun_speaker(tok, lex)  # the speaker is named outside the content
    if subj is None or cspan[0] <= subj.idx < cspan[1]:
        return None
    qtype, cspan = typed_content(doc_text(doc), cspan, quotes)
    frame = Frame(tok.idx, tok.idx + len(tok.text), cspan[0], cspan[1], qtype, {"how": content[2]})
    _speaker_frame(doc, frame, subj, lex)
    return frame


def _before_participle(doc: Doc, frame: Frame, subj: Token, cue: Token) -> None:
    """ "most farmers saying the levy ...", "pickets waving flags and chanting that ...": the
    speaker's mention stops before the participle phrase that holds the cue."""
    for c in subj.rights:
        if c.dep_ == "acl" and c.left_edge.i <= cue.i <= c.right_edge.i:
            k = c.left_edge.i - 1
            if frame.speaker_end is not None and k >= subj.i and frame.speaker_end > doc[k].idx:
                frame.speaker_end = doc[k].idx + len(doc[k].text)


def _quote_opened_sentences_before(
    doc: Doc, cspan: tuple[int, int], quotes: list[Quote], lex: Lexicon
) -> tuple[int, int]:
    """'The pier plan "was rushed. Nobody asked us," Vass said': the parser ends a sentence
    inside the quote, so the content it finds before the cue begins after a full stop inside
    the quote. The content starts where the sentence holding the opening mark starts (the
    clause the quote belongs to), unless a cue of its own frames the quote there ('Hale
    described the night as "awful. We lost everything," she said' is two statements)."""
    for q in quotes:
        if q.start < cspan[0] < q.end:
            qi, ci = token_at(doc, q.open_at), token_at(doc, cspan[0])
            if qi is None or ci is None or doc[qi].sent.end > ci:
                continue
            lead = doc[doc[qi].sent.start : qi]
            if not any(is_cue(t, lex) for t in lead):
                return doc[doc[qi].sent.start].idx, cspan[1]
    return cspan


def find_frames(doc: Doc, lex: Lexicon, quotes: list[Quote] | None = None) -> list[Frame]:
    """Reporting frames of ``doc``; ``quotes`` = ``find_quotes(doc.text)`` when the caller has it."""
    quotes = find_quotes(doc_text(doc)) if quotes is None else list(quotes)
    qmap = _QuoteMap(doc_text(doc), quotes)
    used_cues: set[int] = set()
    frames = _direct_frames(doc, lex, quotes, qmap, used_cues)
    frames += _colon_frames(doc, lex, quotes, frames)
    frames += _lead_in_frames(doc, lex, quotes, frames, used_cues, qmap.paras)
    direct_spans = [(f.content_start, f.content_end) for f in frames]
    # 3. reported speech
    worth_a_look = lex.prefilter_words  # the cue words and "according"
    for tok in doc_tokens(doc):
        if tok.lower_ not in worth_a_look:
            continue  # no frame without an "according" or a cue word (the checks below)
        if tok.i in used_cues or qmap.in_quote(tok.idx):
            continue
        frame = (
            _according_frame(doc, lex, tok)
            if is_according(tok, lex)
            else _reported_frame(doc, lex, tok, quotes, direct_spans)
        )
        if frame is None and is_speech_noun(tok, lex):
            frame = _noun_frame(doc, lex, tok, quotes, direct_spans)
        if frame is not None:
            frames.append(frame)
    frames += _stance_frames(doc, lex, quotes, direct_spans)
    frames += _poll_frames(doc, lex)
    frames = with_second_pieces(doc, lex, frames, quotes)
    frames = run_to_trailing_fragments(doc, lex, frames, quotes)
    text = doc_text(doc)
    frames = reports_run_into_quotes(
        text, quotes, frames, qmap.paras, lambda q, ps: is_direct_candidate(text, q, ps)
    )
    frames += continued_quotes(
        text, quotes, frames, qmap.paras, lambda q, ps: is_direct_candidate(text, q, ps)
    )
    frames = [_inherited_run_on(doc, lex, f, quotes) for f in frames]
    frames = _drop_nested_reports(doc, lex, frames)
    frames.sort(key=lambda f: (f.content_start, f.content_end))
    return frames


def _inherited_run_on(doc: Doc, lex: Lexicon, f: Frame, quotes: list[Quote]) -> Frame:
    """A quote that continues a speaker with no cue in its sentence ('"..." Ms. Vane said. "We
    will take the fight" to every harbour town.') is finished by the reporter like a quote
    with a cue of its own (``direct.run_on_end``): the statement is mixed and runs to the end
    of the phrase the parser hangs inside the quote, when that phrase holds no clause of its
    own ('"..." in the debate that sank his campaign': the writer's narrative)."""
    if f.type != "direct" or not str(f.signals.get("how", "")).startswith("direct_inherited"):
        return f
    q = next((q for q in quotes if q.start == f.content_start and q.end == f.content_end), None)
    cue = token_at(doc, f.cue_start)
    if q is None or cue is None:
        return f
    end = run_on_end(doc, q, doc[cue], lex)
    after = token_at(doc, q.outer_end)
    if end is None or after is None:
        return f
    if any(t.tag_ in FINITE_TAGS for t in doc[after:] if t.idx < end):
        return f
    return replace(f, content_start=q.open_at, content_end=end, type="mixed")


def _drop_nested_reports(doc: Doc, lex: Lexicon, frames: list[Frame]) -> list[Frame]:
    """No report nested in a report (the gold conventions' no-nesting rule; PolNeAR annotates
    none either): in "The auditor said the mayor had told staff the fund was empty" the outer
    frame is the statement, and "told staff …", whose cue lies inside its content, is part of
    it. "A spokesman said its chief had appealed for calm" likewise. A direct quote inside
    another frame's content stays: quote marks are the reporter's own sign of a statement; but
    not a quoted judgement that is a speech act's complement ("The skipper said the town, which
    he called "a lost cause," would sink": the judgement is part of what he said; ``_quotation``),
    nor a quote whose whole frame is the content of a trailing "according to" (the source's
    account of it, ``_quote_told_by_source``).
    A frame whose cue comes after the other's content ("…, the report said") is not inside it,
    nor is one of two frames that each hold the other's cue (a content run over a trailing cue:
    both stay, as the boundary rules left them). A report (cue "report") that is wholly its
    sources' statement ("The Ledger reported that two councillors said the vote was rigged") is
    two statements: the report and the sources' words (the seed's convention); with the report's
    cue after it ("Two councillors said the vote was rigged, the Ledger reported") the sentence
    is the Ledger's account and one statement (PolNeAR nests none)."""

    def cue_in(f: Frame, g: Frame) -> bool:
        return g is not f and g.content_start <= f.cue_start < g.content_end

    def sourced(f: Frame, g: Frame) -> bool:
        spec = lex.cue(doc_text(doc)[g.cue_start : g.cue_end].split()[0])
        return (
            g.cue_end <= g.content_start
            and f.speaker_start == g.content_start
            and f.content_end == g.content_end
            and spec is not None
            and spec.name == "report"
        )

    def inside(f: Frame, g: Frame) -> bool:
        """``f``, whose cue lies in ``g``'s content (the caller's cheap test, run for every
        pair of frames), is nested in ``g``."""
        return (
            g is not f and f.content_end <= g.content_end and not cue_in(g, f) and not sourced(f, g)
        )

    # the trailing "according to" frames, found once (most documents have none)
    accounts = [g for g in frames if g.signals.get("how") == "according"]
    return [
        f
        for f in frames
        if not any(_quote_told_by_source(f, g) for g in accounts)
        and (
            _quotation(f)
            or not any(
                g.content_start <= f.cue_start < g.content_end and inside(f, g) for g in frames
            )
        )
    ]


def _quotation(f: Frame) -> bool:
    """Is ``f`` a quotation, exempt from the no-nesting rule? A frame of a quote (its cue found
    around the quote marks) is; a verb's object and complement that happen to be all quoted
    ("which she called "a careless builder"", a judgement the parse gave: ``how`` "object")
    is a reported judgement like any other, part of the report that holds it."""
    return f.type == "direct" and f.signals.get("how") != "object"


def _quote_told_by_source(f: Frame, g: Frame) -> bool:
    """'"We will not close the pier," Hale said at the meeting, according to the Herald': a
    quote whose whole frame (the quote, its cue and its speaker) is the content of a trailing
    "according to" is the source's account of it, one statement (PolNeAR annotates the
    "according to" alone, 14 times in 16); the quote is no statement of its own. A quote that
    goes on after the frame ('... according to the Herald. "We never will."') stays."""
    return (
        f.type == "direct"
        and g.signals.get("how") == "according"
        and g.cue_start >= g.content_end
        and g.content_start <= f.content_start
        and f.content_end <= g.content_end
        and f.cue_end <= g.content_end
        and f.speaker_start is not None
        and g.content_start <= f.speaker_start < g.content_end
    )


def _sent_index(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    if not doc.has_annotation("SENT_START"):
        return out
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = k
    return out


@walks_shared_tokens  # the whole-document walks read one token list
def extract_statements(
    doc: Doc,
    lex: Lexicon,
    known_names: tuple[str, ...] = (),
    quotes: list[Quote] | None = None,
    *,
    known_orgs: tuple[str, ...] = (),
    known_roles: tuple[tuple[str, tuple[str, ...]], ...] = (),
    resolvers: tuple[Resolver, ...] = RESOLVERS,
) -> list[RawStatement]:
    """All statements of a parsed Doc; never raises on odd text.

    ``quotes``: ``find_quotes(doc.text)`` if the caller already computed it (the fast path does).
    ``known_names`` / ``known_orgs`` / ``known_roles``: people, organisations and the role
    words of people named in text the model did not read (see :mod:`.fastpath`).
    ``resolvers``: the speaker resolution rules, in order (see :mod:`.resolvers`).
    """
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    text = doc_text(doc)
    quotes = find_quotes(text) if quotes is None else list(quotes)
    frames = find_frames(doc, lex, quotes)
    tok_starts = token_offsets(doc)[0]
    sent_of = _sent_index(doc)
    contents = [(f.content_start, f.content_end) for f in frames]
    reg = build_registry(doc, lex, sent_of, contents, quotes, known_names)
    for name, roles in known_roles:  # "Democrat Renata Solis" in a skipped sentence
        reg.person(name).roles.update(roles)
    for org in known_orgs:
        reg.org(org)
    doc.user_data[REGISTRY_KEY] = reg
    first_para_end = paragraphs(text)[0][1] if text.strip() else 0

    out: list[RawStatement] = []
    resolved_by_speaker: dict[tuple[int, int], object] = {}
    for f in sorted(
        frames, key=lambda f: f.speaker_start if f.speaker_start is not None else f.content_start
    ):
        if f.speaker_head is None:
            continue
        head = doc[f.speaker_head]
        key = (f.speaker_start, f.speaker_end)
        if key in resolved_by_speaker:
            res = resolved_by_speaker[key]
        else:
            # first token starting at/after the mention start; last token starting before its end
            k = bisect_left(tok_starts, f.speaker_start)
            start_tok = k if k < len(tok_starts) else head.i
            k = bisect_left(tok_starts, f.speaker_end)
            end_tok = k if k > 0 else head.i + 1
            res = resolve_mention(
                doc,
                start_tok,
                end_tok,
                head,
                reg,
                lex,
                sent_of[head.i],
                (f.content_start, f.content_end),
                resolvers,
            )
            resolved_by_speaker[key] = res
            if res.how != "unresolved":
                register_speaker(reg, res, f.speaker_start, sent_of[head.i])
        content = text[f.content_start : f.content_end]
        if not content.strip():
            continue
        conf = score(
            str(f.signals.get("how")),
            res.how,
            unbalanced=bool(f.signals.get("unbalanced")),
            shallow_speaker=bool(f.signals.get("shallow")),
            headline=f.content_start < first_para_end,
        )
        out.append(
            RawStatement(
                speaker=text[f.speaker_start : f.speaker_end],
                speaker_span=(f.speaker_start, f.speaker_end),
                speaker_canonical=res.canonical.strip() or text[f.speaker_start : f.speaker_end],
                speaker_type=res.type,
                cue=text[f.cue_start : f.cue_end],
                cue_span=(f.cue_start, f.cue_end),
                content=content,
                content_span=(f.content_start, f.content_end),
                type=f.type,
                confidence=conf,
            )
        )
    out.sort(key=lambda s: s.content_span)
    return _dedupe(out)


def _dedupe(stmts: list[RawStatement]) -> list[RawStatement]:
    seen: dict[tuple[int, int], RawStatement] = {}
    for s in stmts:
        prev = seen.get(s.content_span)
        if prev is None or s.confidence > prev.confidence:
            seen[s.content_span] = s
    return sorted(seen.values(), key=lambda s: s.content_span)
