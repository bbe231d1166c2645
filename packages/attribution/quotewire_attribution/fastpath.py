"""The fast path: decide, from plain text, what the statistical pipeline has to read.

Three plain-string steps build the text handed to spaCy (a :class:`Selection`, with a
piecewise offset map back to the article text):

1. **Quote interiors are not parsed.** The words between the marks of a direct quote are
   content, not structure: its span is the quote span whatever the parse says. Each
   paragraph of a (balanced) direct quote keeps its first and last words (its first letter, its
   word count test and its final punctuation, which frame the cue) and the middle
   becomes one short placeholder. The quotes found in the shortened text must equal the
   original ones, else the article is parsed without elision.
2. **Sentence prefilter.** Sentences holding a quote mark, a cue word or "according to"
   are kept (with the sentence before when they refer back with a pronoun or a
   descriptor). When that would keep most of the article anyway, the whole article is
   parsed (cheaper than the bookkeeping and no names are lost). A lead sentence with an
   indefinite subject ("A 34-year-old man ...") keeps the next sentence, which names it; a
   sentence naming an organisation is kept (a later "the council said" needs its mention).
   People and organisations named only in text the model does not read (skipped sentences,
   elided quote interiors) are collected by :func:`unread_names` so "Okafor" can still
   resolve to "Daniel Okafor" (party and title words become roles: "Democrat Renata Solis").
3. **Names only for the NER.** The entity recogniser (its own embedding pass, the
   costliest component) reads only the tokens near a capitalised word
   (:func:`ner_windows`); its entities are put back on the parsed Doc
   (:func:`transfer_entities`). On the gold texts the PERSON/ORG/GPE/FAC/NORP entities
   are the same as with the whole text.
4. **Offsets.** :meth:`Selection.to_original` maps a sub-text offset back with a binary
   search; a position inside a placeholder maps to the start (or, for an end, the end) of
   the words it replaced.

:func:`nfc` builds the same kind of map for Unicode normalisation, so statement spans
always index the text exactly as it was given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc

from .colon import TURN_PARAGRAPHS, speaker_line
from .cues import Lexicon
from .direct import is_direct_candidate
from .quotes import Quote, block_end, find_quotes, opens_block_quotation, paragraphs

_SENT_SPLIT = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F'\u2019-]+")
_BACKREF = re.compile(r"\b(he|she|it|they|his|her|its|their|the)\b", re.IGNORECASE)
_DOUBLE_MARKS = set('"\u201c\u201d\u00ab\u00bb\u201e')
#: any double quotation mark or an opening single one, found in one scan of the sentence
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(_DOUBLE_MARKS)) + "\u2018") + "]")
_TOKEN = re.compile(r"\S+")
#: A run of capitalised words, possibly joined by "of", "for", "and", "on" or "&" (one line).
_CAP_RUN = re.compile(
    r"[A-Z][\w\u2019'.&-]*(?:[ \t]+(?:(?:of|for|and|on|&)[ \t]+)?[A-Z][\w\u2019'.&-]*)*"
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
#: A sentence opening with an indefinite subject ("A 34-year-old man ...", "An aide ...").
_INDEFINITE = re.compile(r"[\"'\u201c(]?(?:A|An)\s")
#: Sentences (the headline is the first) where an indefinite subject is a lead device.
LEAD_SENTENCES = 4

#: Words kept at the start / end of each paragraph of a direct quote.
KEEP_HEAD = 2
KEEP_TAIL = 2
#: A quote paragraph is shortened only when at least this many words would go.
MIN_ELIDED_WORDS = 3
#: What stands for the removed words (one punctuation token for the tokenizer).
PLACEHOLDER = " \u2026 "
#: Tokens kept on each side of a name-like token in the text the NER reads.
NER_WINDOW = 6
#: What stands for the tokens the NER does not read.
NER_GAP = "\n"
#: Marks after which a capitalised word is a quote's first word, not a name.
_OPEN_MARKS = frozenset({'"', "'", "\u201c", "\u2018", "\u00ab", "\u201e", "("})
#: Above this share of kept characters the prefilter keeps the whole article.
MAX_SELECTED_SHARE = 0.8

# (sub_start, sub_end, orig_start, orig_end); a copied segment has equal lengths
Segment = tuple[int, int, int, int]


@dataclass(frozen=True)
class Selection:
    text: str  # the sub-text handed to spaCy
    segments: tuple[Segment, ...]  # in sub-text order; text between segments maps nowhere
    known_names: tuple[str, ...] = ()
    copied: tuple[bool, ...] = ()  # per segment: a verbatim copy (else a placeholder)
    quotes: tuple[Quote, ...] | None = None  # find_quotes(text) when already known
    #: organisations named only in text the model does not read ("Ministry of Transport")
    known_orgs: tuple[str, ...] = ()
    #: (name, role words) of people introduced with a party or title in unread text
    #: ("Democrat Renata Solis" -> ("Renata Solis", ("democrat",)))
    known_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        if not self.copied:
            object.__setattr__(
                self, "copied", tuple(s[1] - s[0] == s[3] - s[2] for s in self.segments)
            )
        object.__setattr__(self, "_starts", [s[0] for s in self.segments])

    def to_original(self, pos: int, is_end: bool = False) -> int:
        """Map an offset of ``text`` back into the original text (-1: a separator)."""
        starts = self._starts  # type: ignore[attr-defined]
        if is_end:
            k = bisect_left(starts, pos) - 1  # last segment starting before pos
            if k < 0:
                k = 0 if starts and pos == starts[0] == self.segments[0][1] else -1
        else:
            k = bisect_right(starts, pos) - 1  # last segment starting at or before pos
        if k < 0:
            return -1
        ss, se, os_, oe = self.segments[k]
        if is_end:
            if not ss <= pos <= se:
                return -1
        elif not ss <= pos < se:
            return -1
        if self.copied[k]:
            return os_ + (pos - ss)
        if pos == ss:
            return os_
        return oe if is_end or pos == se else os_

    def truncated(self, limit: int) -> Selection:
        """The first ``limit`` sub-text characters at most, cut at a segment end when possible."""
        keep = [k for k, seg in enumerate(self.segments) if seg[1] <= limit]
        if keep:
            end = self.segments[keep[-1]][1]
            segs = self.segments[: keep[-1] + 1]
            copied = self.copied[: keep[-1] + 1]
        else:  # one huge first segment (always a copy): cut it
            ss, _, os_, _ = self.segments[0]
            end = limit
            segs, copied = ((ss, limit, os_, os_ + limit - ss),), (True,)
        return Selection(
            self.text[:end],
            tuple(segs),
            self.known_names,
            tuple(copied),
            known_orgs=self.known_orgs,
            known_roles=self.known_roles,
        )

    @property
    def is_identity(self) -> bool:
        return (
            len(self.segments) == 1
            and self.copied[0]
            and self.segments[0][:2] == self.segments[0][2:]
        )


class _Builder:
    """Accumulates a sub-text from copies, placeholders and separators."""

    def __init__(self, text: str):
        self.src = text
        self.parts: list[str] = []
        self.segs: list[list[int]] = []
        self.copied: list[bool] = []
        self.pos = 0

    def copy(self, s: int, e: int) -> None:
        if e <= s:
            return
        if self.segs and self.copied[-1] and self.segs[-1][1] == self.pos and self.segs[-1][3] == s:
            self.segs[-1][1] += e - s
            self.segs[-1][3] = e
        else:
            self.segs.append([self.pos, self.pos + e - s, s, e])
            self.copied.append(True)
        self.parts.append(self.src[s:e])
        self.pos += e - s

    def replace(self, s: int, e: int, repl: str) -> None:
        self.segs.append([self.pos, self.pos + len(repl), s, e])
        self.copied.append(False)
        self.parts.append(repl)
        self.pos += len(repl)

    def separator(self, sep: str) -> None:
        self.parts.append(sep)
        self.pos += len(sep)

    def build(self, known_names: tuple[str, ...] = ()) -> Selection:
        return Selection(
            "".join(self.parts), tuple(tuple(s) for s in self.segs), known_names, tuple(self.copied)
        )


def sentences(text: str, lo: int, hi: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Rough sentence ranges of ``text[lo:hi]`` (abbreviations such as "Mr." do not split)."""
    out = []
    pos = lo
    for m in _SENT_SPLIT.finditer(text, lo, hi):
        word = text[max(lo, m.start() - 6) : m.start()].split()[-1:] if m.start() > lo else []
        w = word[0].lower().rstrip(".").lstrip("(\"'") if word else ""
        if w in lex.lists.abbreviations or (len(w) == 1 and w.isalpha()):
            continue
        j = m.start()
        while j < m.end() and not text[j].isspace():
            j += 1
        out.append((pos, j))
        pos = m.end()
    if pos < hi:
        out.append((pos, hi))
    return out


#: the word before a colon, past a copula ("Marlow's reply was:")
_NOUN_COLON = re.compile(r"(\w+)(?:\s+(?:was|is|were|are))?\s*:")


def _interesting(s: str, lex: Lexicon) -> bool:
    if _QUOTE_MARK.search(s) or speaker_line(s):
        return True
    if "''" in s or s.rstrip().endswith(":"):
        return True  # apostrophe-pair quotes; 'Her office responded:' before a quoted paragraph
    if any(w.lower() in lex.lists.colon_speech_nouns for w in _NOUN_COLON.findall(s)):
        return True  # "The growers' plea: ...", "gave the minister a short answer: ..." (colon.py)
    # one set test of all its words, lower-cased in C (asked for every sentence of the article)
    return not lex.prefilter_words.isdisjoint(map(str.lower, _WORD.findall(s)))


def _block_quotations(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'Lund wrote:' closing a paragraph: the lines after it up to a blank line may be its block
    quotation (``colon.paragraph_lead_ins``, whose test of the opening line it shares); they
    are kept as one piece, their line breaks with them."""
    blocks: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(sents[:-1]):
        nxt = sents[k + 1][0]
        colon_line = (
            text[s:e].rstrip().endswith(":")
            and "\n" in text[e:nxt]
            and opens_block_quotation(text, nxt)
        )
        if colon_line and (not blocks or nxt >= blocks[-1][1]):
            blocks.append((nxt, block_end(text, nxt)))
    return blocks


# ---- quote elision -------------------------------------------------------------------------
def _direct_quotes(text: str, quotes: list[Quote], paras: list[tuple[int, int]]) -> list[Quote]:
    ends = [e for _, e in paras]

    def para_start(char: int) -> int:  # the paragraph holding char, or the next one
        k = bisect_right(ends, char)
        return paras[k][0] if k < len(paras) else 0

    return [q for q in quotes if is_direct_candidate(text, q, para_start(q.open_at))]


def _signature(
    text: str, quotes: list[Quote] | None = None
) -> list[tuple[int, int, int, int | None, bool, bool]]:
    quotes = find_quotes(text) if quotes is None else quotes
    paras = paragraphs(text)
    direct = {q.open_at for q in _direct_quotes(text, quotes, paras)}
    return [
        (q.open_at, q.start, q.end, q.close_at, q.unbalanced, q.open_at in direct) for q in quotes
    ]


def quote_elisions(text: str, quotes: list[Quote] | None = None) -> list[tuple[int, int]]:
    """Character ranges inside direct quotes whose words need no parse (sorted, disjoint)."""
    return [(a, z) for _, _, a, z in _quote_pieces(text, quotes)]


def _quote_pieces(text: str, quotes: list[Quote] | None = None) -> list[tuple[int, int, int, int]]:
    """(piece start, piece end, elided start, elided end) per shortened quote paragraph."""
    quotes = find_quotes(text) if quotes is None else quotes
    paras = paragraphs(text)
    out: list[tuple[int, int, int, int]] = []
    for q in _direct_quotes(text, quotes, paras):
        if q.unbalanced:
            continue  # no closing mark: the attribution may be inside what looks quoted
        for lo, hi in paras:  # a multi-paragraph quote is shortened paragraph by paragraph
            s, e = max(lo, q.start), min(hi, q.end)
            if e <= s:
                continue
            words = list(_TOKEN.finditer(text, s, e))
            if len(words) < KEEP_HEAD + KEEP_TAIL + MIN_ELIDED_WORDS:
                continue
            out.append((s, e, words[KEEP_HEAD - 1].end(), words[-KEEP_TAIL].start()))
    out.sort(key=lambda p: p[2:])
    return out


def _shorten(b: _Builder, s: int, e: int, elisions: list[tuple[int, int]]) -> None:
    """Copy ``[s, e)`` into the builder, with the elided ranges inside it replaced."""
    pos = s
    for a, z in elisions:
        if z <= pos or a >= e:
            continue
        a, z = max(a, pos), min(z, e)
        b.copy(pos, a)
        b.replace(a, z, PLACEHOLDER)
        pos = z
    b.copy(pos, e)


# ---- selections -----------------------------------------------------------------------------
def select(
    text: str, lex: Lexicon, *, elide_quotes: bool = True, prefilter: bool = True
) -> Selection:
    """The sub-text worth parsing: candidate sentences, quote interiors shortened."""
    quotes = find_quotes(text)
    pieces = _quote_pieces(text, quotes) if elide_quotes else []
    elisions = [(a, z) for _, _, a, z in pieces]
    keep: list[tuple[int, int]] = []
    skipped: list[tuple[int, int]] = []
    if prefilter:
        paras = paragraphs(text)
        sents = [span for lo, hi in paras for span in sentences(text, lo, hi, lex)]
        flags = [_interesting(text[s:e], lex) for s, e in sents]
        wanted = list(flags)
        if wanted:
            wanted[0] = True  # the headline anchors names and may be an attribution itself
        marks = sorted((q.open_at, q.outer_end) for q in quotes)
        for k in range(1, min(len(sents), LEAD_SENTENCES + 1)):
            # "A former treasurer of the league ...": the lead's indefinite subject is named
            # in the next sentence (the delayed identification): parse both
            if _INDEFINITE.match(text, sents[k][0]) and k + 1 < len(sents):
                wanted[k] = wanted[k + 1] = True
        # "HOLT: Well, I think so. People are worried.": a speaker line's content is its whole
        # paragraph, not its first sentence; and a turn runs on over up to TURN_PARAGRAPHS
        # paragraphs before the next speaker line (colon.py)
        at = [k for k, (lo, hi) in enumerate(paras) if speaker_line(text[lo:hi])]
        kept = [paras[k] for k in at] + [
            (paras[a + 1][0], paras[b - 1][1])
            for a, b in pairwise(at)
            if 1 < b - a <= TURN_PARAGRAPHS + 1
        ]
        for k, (s, e) in enumerate(sents):
            if any(lo <= s < hi for lo, hi in kept):
                wanted[k] = True
        for k, (s, e) in enumerate(sents):
            # a pronoun or descriptor refers back: parse the sentence before as well
            if flags[k] and k > 0 and not flags[k - 1] and _BACKREF.search(text[s:e]):
                wanted[k - 1] = True
            # a quote running over several sentences is kept whole
            if not wanted[k] and any(a < e and s < z for a, z in marks):
                wanted[k] = True
        for k, (s, e) in enumerate(sents):
            # an organisation named here is what "the council said" later refers back to: a
            # descriptor needs its mention in the parse (a known name alone does not do)
            if not wanted[k] and unread_names(text, [(s, e)], lex)[1]:
                wanted[k] = True
        blocks = _block_quotations(text, sents)
        for k, span in enumerate(sents):
            if not blocks or not any(a <= span[0] < z for a, z in blocks):
                (keep if wanted[k] else skipped).append(span)
        keep += blocks
        kept_chars = sum(e - s for s, e in keep)
        total = sum(e - s for s, e in sents) or 1
        if kept_chars / total > MAX_SELECTED_SHARE:
            keep, skipped = [], []  # nearly everything is wanted: parse the whole article
    whole = not keep and not skipped
    sel = _whole(text, elisions) if whole else _pieces(text, keep, elisions)
    if not elisions:
        sel = replace(sel, quotes=tuple(quotes)) if whole else sel
        return _with_unread_names(sel, text, skipped, lex)
    sub_quotes = find_quotes(sel.text)
    plain = full(text) if whole else _pieces(text, keep, [])
    if _orig_signature(sel, sub_quotes) != _orig_signature(plain, quotes if whole else None):
        # the shortened text would not show the same quotes: parse every word
        return _with_unread_names(plain, text, skipped, lex)
    # names said inside an elided quote are read from its whole paragraph piece
    unread = skipped + [(ps, pe) for ps, pe, _, _ in pieces]
    return _with_unread_names(replace(sel, quotes=tuple(sub_quotes)), text, unread, lex)


def _orig_signature(sel: Selection, quotes: list[Quote] | None = None) -> list:
    """Quotes of the sub-text (marks, content, balance, direct or not) in original offsets."""
    m = sel.to_original
    return [
        (m(o), m(s), m(e, True), None if c is None else m(c), u, d)
        for o, s, e, c, u, d in _signature(sel.text, quotes)
    ]


def _whole(text: str, elisions: list[tuple[int, int]]) -> Selection:
    b = _Builder(text)
    _shorten(b, 0, len(text), elisions)
    return b.build()


def _pieces(text: str, keep: list[tuple[int, int]], elisions: list[tuple[int, int]]) -> Selection:
    keep.sort()
    # merge spans that are adjacent in the original (only whitespace between)
    merged: list[list[int]] = []
    for s, e in keep:
        if merged and not text[merged[-1][1] : s].strip() and "\n" not in text[merged[-1][1] : s]:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    b = _Builder(text)
    for n, (s, e) in enumerate(merged):
        if n:
            b.separator("\n\n")
        _shorten(b, s, e, elisions)
    return b.build()


# ---- names in text the model does not read -------------------------------------------------
class _NamePatterns:
    """Regular expressions built from one lexicon (organisation words)."""

    def __init__(self, lex: Lexicon):
        nouns = sorted(w for w in lex.org_nouns - lex.document_nouns if w.isalpha())
        self.org_words = frozenset(lex.org_name_words | lex.business_name_words)
        # "the Westbrook town council", "the Koravian general staff": a proper modifier, up to two
        # lowercase words, an organisation noun
        self.org_phrase = re.compile(
            r"\b[Tt]he[ \t]+((?:[A-Z][\w\u2019'-]*[ \t]+)+(?:[a-z]+[ \t]+){0,2}?(?:"
            + "|".join(map(re.escape, nouns))
            + r"))\b"
        )


_PATTERNS: dict[int, tuple[Lexicon, _NamePatterns]] = {}


def _patterns(lex: Lexicon) -> _NamePatterns:
    got = _PATTERNS.get(id(lex))
    if got is None or got[0] is not lex:
        got = (lex, _NamePatterns(lex))
        _PATTERNS[id(lex)] = got
    return got[1]


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word.strip(",;:()\"'\u201c\u201d\u2018\u2019")).lower().rstrip(".")


def unread_names(
    text: str, ranges: list[tuple[int, int]], lex: Lexicon
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """People and organisations named in ``text[s:e]`` for each range: (names, orgs, roles).

    A person: a run of capitalised words opening (after any "The", party or title words,
    which become its roles) with a known given name, or right after a title ("Gov. Ann
    Lee"). An organisation: a capitalised run ending in an organisation word ("Harlow
    Foods", "Westbrook District Council"), opening with one and named by "of"/"for"
    ("Ministry of Transport"), or "the" + proper modifier + organisation noun ("the
    Westbrook town council").
    """
    pats = _patterns(lex)
    names: dict[str, None] = {}
    orgs: dict[str, None] = {}
    roles: dict[str, set[str]] = {}

    def person(words: list[str]) -> bool:
        lead: list[str] = []
        while words and (
            _bare(words[0]) in lex.lists.sentence_openers
            or _bare(words[0]) in lex.titles
            or _bare(words[0]) in lex.parties
        ):
            lead.append(_bare(words.pop(0)))
        if not 2 <= len(words) <= 4 or _bare(words[-1]) in pats.org_words:
            return False
        role = [w for w in lead if w in lex.titles or w in lex.parties]
        first = _bare(words[0])
        if not (first in lex.male_names or first in lex.female_names or role):
            return False
        name = " ".join(_clean_word(w, lex) for w in words)
        names[name] = None
        if role:
            roles.setdefault(name, set()).update(role)
        return True

    def org(words: list[str]) -> bool:
        while words and _bare(words[0]) in lex.lists.sentence_openers:
            words = words[1:]
        core = [w for w in words if w.lower() not in lex.lists.unread_name_joiners]
        if len(core) < 2 or words[-1].lower() in lex.lists.unread_name_joiners:
            return False
        if _bare(words[-1]) in pats.org_words or (
            _bare(words[0]) in pats.org_words and words[1].lower() in ("of", "for")
        ):
            orgs[" ".join(_clean_word(w, lex) for w in words)] = None
            return True
        return False

    for s, e in ranges:
        for run in _capitalised_runs(text, s, e, lex):
            part: list[str] = []
            for w in [
                *run,
                "and",
            ]:  # "Democrat X and Republican Y", "the Ministry of Y and Z Foods"
                if w.lower() != "and":
                    part.append(w)
                    continue
                cut = next(
                    (k for k, x in enumerate(part) if x.lower() in lex.lists.unread_name_joiners),
                    len(part),
                )
                if part and person(
                    part[:cut]
                ):  # "Anna Berg of Harlow Foods": the person, then the org
                    org(part[cut + 1 :])
                elif part and not org(list(part)):
                    seg: list[str] = []
                    for x in [*part, "of"]:
                        if x.lower() in lex.lists.unread_name_joiners:
                            if seg and not person(list(seg)):
                                org(seg)
                            seg = []
                        else:
                            seg.append(x)
                part = []
        for m in pats.org_phrase.finditer(text, s, e):
            orgs[m.group(1)] = None
    return (tuple(names), tuple(orgs), tuple((n, tuple(sorted(r))) for n, r in roles.items()))


def _clean_word(word: str, lex: Lexicon) -> str:
    word = _POSSESSIVE.sub("", word.strip(",;:()\"'\u201c\u201d\u2018\u2019"))
    if word.endswith(".") and word[:-1].lower() not in lex.lists.abbreviations and len(word) > 2:
        word = word[:-1]  # a sentence's final period ("Ann Lee."), not an abbreviation's
    return word


def _capitalised_runs(text: str, s: int, e: int, lex: Lexicon) -> list[list[str]]:
    """Runs of capitalised words in ``text[s:e]`` (joined by "of", "and" ...), cut at
    sentence ends and at punctuation."""
    runs: list[list[str]] = []
    cur: list[str] = []
    pending: list[str] = []  # joiners waiting for the next capitalised word
    for m in _TOKEN.finditer(text, s, e):
        w = m.group(0)
        core = w.lstrip("(\"'\u201c\u2018")
        if core != w and cur:  # an opening mark or bracket starts a new run
            runs.append(cur)
            cur, pending = [], []
        if core[:1].isupper():
            cur.extend(pending)
            pending = []
            cur.append(core)
            bare = core.rstrip(".,;:)\"'\u201d\u2019")
            if bare != core:  # punctuation after it ends the run, except an abbreviation's period
                b = bare.lower()
                abbrev = (
                    core.endswith(".")
                    and core[:-1] == bare
                    and (b in lex.titles or b in lex.lists.abbreviations or len(b) == 1)
                )
                if not abbrev:
                    runs.append(cur)
                    cur = []
        elif cur and w.lower() in lex.lists.unread_name_joiners and not pending:
            pending = [w]
        else:
            if cur:
                runs.append(cur)
            cur, pending = [], []
    if cur:
        runs.append(cur)
    return runs


def _with_unread_names(
    sel: Selection, text: str, ranges: list[tuple[int, int]], lex: Lexicon
) -> Selection:
    if not ranges:
        return sel
    names, orgs, roles = unread_names(text, ranges, lex)
    return replace(sel, known_names=names, known_orgs=orgs, known_roles=roles)


# ---- entity recognition on name windows ---------------------------------------------------
def ner_windows(
    doc: Doc, lex: Lexicon, seeds: list[int] | None = None
) -> tuple[str, list[int], list[int]]:
    """The text the NER reads: tokens within :data:`NER_WINDOW` of a capitalised token.

    The entity recogniser only labels names (with a few words of context it looks at), so
    stretches far from any capital letter are left out; gaps become :data:`NER_GAP`. The
    pronoun "I" and common sentence or quote openers ("The", "We" after a quote mark) open
    no window.
    ``seeds``: the token indices to open windows around (default: every name-like token).
    Returns the window text and, per copied token, its offset there and in ``doc.text``.
    """
    n = len(doc)
    keep = bytearray(n)
    w = NER_WINDOW
    if seeds is None:
        seeds = []
        prev_text = ""
        for t in doc:
            opens = t.is_sent_start or prev_text in _OPEN_MARKS  # a sentence or a quote starts here
            prev_text = t.text
            if (
                t.text[:1].isupper()
                and t.text != "I"
                and not (opens and t.lower_ in lex.lists.sentence_openers)
            ):
                seeds.append(t.i)
    for i in seeds:
        keep[max(0, i - w) : min(n, i + w + 1)] = b"\x01" * (min(n, i + w + 1) - max(0, i - w))
    parts: list[str] = []
    sub_at: list[int] = []
    doc_at: list[int] = []
    pos = 0
    prev = -2
    for i in range(n):
        if not keep[i]:
            continue
        t = doc[i]
        if prev >= 0 and i != prev + 1:
            parts.append(NER_GAP)
            pos += len(NER_GAP)
        piece = t.text_with_ws if i + 1 < n and keep[i + 1] else t.text + " "
        sub_at.append(pos)
        doc_at.append(t.idx)
        parts.append(piece)
        pos += len(piece)
        prev = i
    return "".join(parts), sub_at, doc_at


def transfer_entities(
    doc: Doc,
    ner_doc: Doc,
    sub_at: list[int],
    doc_at: list[int],
    *,
    extra: list | None = None,
    only: list[tuple[int, int]] | None = None,
) -> None:
    """Set ``doc.ents`` from the entities found in its window text.

    ``only``: keep just the entities overlapping these token ranges; ``extra``: spans typed
    otherwise (they win over an overlapping model entity).
    """
    from spacy.util import filter_spans

    spans = []
    for ent in ner_doc.ents:
        j = bisect_right(sub_at, ent.start_char) - 1
        k = bisect_right(sub_at, ent.end_char - 1) - 1
        if j < 0 or k < 0:
            continue
        s = doc_at[j] + ent.start_char - sub_at[j]
        e = doc_at[k] + ent.end_char - sub_at[k]
        span = doc.char_span(s, e, label=ent.label_, alignment_mode="expand")
        if (
            span is not None
            and len(span)
            and (only is None or any(a < span.end and span.start < z for a, z in only))
        ):
            spans.append(span)
    if extra:
        taken = {i for sp in extra for i in range(sp.start, sp.end)}
        spans = list(extra) + [
            sp for sp in spans if not any(i in taken for i in range(sp.start, sp.end))
        ]
    doc.set_ents(filter_spans(spans), default="outside")


def full(text: str) -> Selection:
    return Selection(text, ((0, len(text), 0, len(text)),), (), (True,))


def nfc(text: str) -> tuple[str, Selection | None]:
    """``text`` in NFC and, when that changed it, the map back to the given text.

    Each starter character and the combining marks after it are normalised as a group,
    so every offset between groups maps exactly.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    b = _Builder(text)
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        group = text[i:j]
        norm = unicodedata.normalize("NFC", group)
        if norm == group:
            b.copy(i, j)
        else:
            b.replace(i, j, norm)
        i = j
    sel = b.build()
    return sel.text, sel
