"""Who or what a statement is about: the people, organisations and places its content names.

Pure functions: the article text, each statement's content span and speaker, the names
the pipeline already typed (the Doc's entities, mapped into the text), the ranges the
model did not read (the elided interiors of direct quotes), the entity registry the
speakers were resolved with, and the lexicon in; one tuple of :class:`Mention` per
statement out. No model runs here: names in unread text that neither the registry nor
the rules can type are listed by :func:`runs_to_type`; the extractor has the NER read a
few words around each of them only (so the fast path stays fast) and passes the labels
back (``typed``).

Where the mentions come from, in a content span:

1. the Doc's entities (PERSON, ORG, GPE, LOC, FAC; not NORP: "Russian" is no target);
2. runs of capitalised words no entity covers: typed by the registry, then by rules (a
   known given name or a title opens a person, an organisation word ends an
   organisation, a platform is an organisation), and in unread text by the NER labels
   of ``typed``;
3. descriptors ("the president", "the Russian President", "the company"): resolved to
   the one registry entity the article gives that role or kind; when several fit (two
   presidents) or none does, a descriptor is no mention (it names nobody a search finds).

The canonical ``name`` is the registry entity's ("Putin" -> "Vladimir Putin" when the
article has the full name, "the company" -> "Harlow Foods"), else the name as written,
without titles, leading "the" and possessive. The statement's own speaker is never one
of its mentions, platforms ("Instagram") are organisations, never people, and each name
appears once per statement (its first occurrence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .cues import Lexicon
from .descriptors import names_kind, org_kind
from .entities import Entry
from .names import clean_name, family_name_key, name_key
from .registry import Registry

#: spaCy entity labels of names a statement can be about, and the mention type of each.
LABEL_TYPES: Mapping[str, str] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
#: Characters of context on each side of an unread name the NER reads.
NER_CONTEXT = 60
#: Lower-case words that may join the capitalised words of one name.
_JOINERS = frozenset({"of", "for", "&", "de", "van", "von", "al", "bin"})
_TOKEN = re.compile(r"\S+")
_I_CONTRACTION = re.compile(r"I['\u2019]")
#: Capitalised abbreviations whose period does not end a name ("Mr. Putin", "St. Paul").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gov",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "capt",
        "prof",
        "rev",
        "mt",
        "ft",
        "sgt",
        "supt",
        "insp",
    ]
)
_OPENING = "([\"'\u201c\u2018\u00ab"
_CLOSING = ".,;:!?)]\"'\u201d\u2019\u00bb"
#: "the president", "the Russian President", "the foreign minister", "the company".
_DESCRIPTOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)[ \t]+((?:[A-Za-z][a-z-]*[ \t]+){0,2}?)([A-Za-z]+)\b"
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Mention:
    """A name in a statement's content: ``span`` indexes the article text."""

    name: str
    type: str  # person | organization | place
    text: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Content:
    """What :func:`find_mentions` needs of one statement."""

    span: tuple[int, int]
    speaker: str  # speaker_canonical


Span = tuple[int, int]
Labelled = tuple[int, int, str]  # start, end, spaCy label


# --- the registry --------------------------------------------------------------------------


def _kind(entry: Entry) -> str | None:
    if entry.type == "person":
        return "person"
    if entry.type == "organization":
        return "place" if entry.place else "organization"
    return None


class RegistryNames:
    """Looks written names up in one article's registry (each name once: a memo)."""

    def __init__(self, reg: Registry | None, lex: Lexicon):
        self.reg = reg
        self.lex = lex
        self.exact: dict[str, Entry] = {}
        self.surnames: dict[str, Entry] = {}  # last word -> the longest person name
        self.orgs: list[tuple[str, Entry]] = []  # (key of the cleaned name, entry)
        for e in reg.entries if reg is not None else ():
            kind = _kind(e)
            if not kind:
                continue
            key = name_key(clean_name(e.canonical, lex))
            self.exact.setdefault(key, e)
            if kind == "person":
                parts = name_key(e.canonical).split()
                family = family_name_key(e.canonical)
                best = self.surnames.get(family) if parts else None
                if parts and (best is None or len(parts) > len(name_key(best.canonical).split())):
                    self.surnames[family] = e
            elif e.type == "organization" and key:
                self.orgs.append((key, e))
        self.memo: dict[str, Entry | None] = {}

    def entry(self, name: str) -> Entry | None:
        """The registry entity a written name stands for: the same name, the full name of a
        surname, the longer form of an organisation ("the Post" -> "The Washington Post")."""
        if name not in self.memo:
            self.memo[name] = self._lookup(name)
        return self.memo[name]

    def _lookup(self, name: str) -> Entry | None:
        key = name_key(clean_name(name, self.lex))
        if self.reg is None or not key:
            return None
        if key in self.exact:
            return self.exact[key]
        one_word = " " not in key
        if one_word and key in self.surnames:
            return self.surnames[key]
        longer = next(
            (e for k, e in self.orgs if k.endswith(" " + key) or k.startswith(key + " ")), None
        ) or (self.reg.find_org_prefix(name) if one_word else None)
        # a longer form must itself look like a name ("IST - Moscow" from a dateline does not)
        if longer is not None and all(
            w[:1].isupper() or w in _JOINERS for w in longer.canonical.split()
        ):
            return longer
        return None


def registry_entry(reg: Registry | None, name: str, lex: Lexicon) -> Entry | None:
    """:meth:`RegistryNames.entry` for one name."""
    return RegistryNames(reg, lex).entry(name)


def _descriptor_entry(reg: Registry | None, mods: list[str], head: str, lex: Lexicon):
    """The one entity the article gives this role or kind, else ``None`` (none, or several)."""
    if reg is None:
        return None
    h = head.lower()
    mods = [m.lower() for m in mods if m.lower() not in lex.lists.generic_descriptor_words]
    if h in lex.titles or h in lex.spokesperson or h in lex.role_synonyms:
        keys = {h} | set(lex.role_synonyms.get(h, ()))
        cands = [e for e in reg.entries if e.type == "person" and keys & e.roles]
        if mods:
            narrowed = [e for e in cands if set(mods) <= e.roles | set(e.words)]
            cands = narrowed or cands
    elif h in lex.org_nouns or h in lex.business_nouns or h in lex.public_nouns:
        if h in lex.document_nouns:
            return None
        orgs = [e for e in reg.entries if e.type == "organization" and not e.place]
        cands = [e for e in orgs if names_kind(e, h, lex)]
        if not cands:
            want = "business" if h in lex.business_nouns else "public"
            if h in lex.business_nouns or h in lex.public_nouns:
                cands = [e for e in orgs if org_kind(e, lex) == want]
        if mods:
            narrowed = [e for e in cands if set(mods) <= set(e.words) | e.roles]
            cands = narrowed or cands
    else:
        return None
    unique = {id(e): e for e in cands}
    return next(iter(unique.values())) if len(unique) == 1 else None


# --- candidates ----------------------------------------------------------------------------


def _clip(span: Span, lo: int, hi: int) -> Span | None:
    s, e = max(span[0], lo), min(span[1], hi)
    return (s, e) if s < e else None


def _capitalised_runs(text: str, lo: int, hi: int) -> list[Span]:
    """Runs of capitalised words in ``text[lo:hi]`` (lower-case joiners such as "of" inside
    a run), cut at punctuation other than an abbreviation's period ("Mr.", "U.S.")."""
    runs: list[Span] = []
    start = end = -1
    pending = False  # a joiner waits for the next capitalised word
    for m in _TOKEN.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        while s < e and text[s] in _OPENING:
            s += 1
        if s > m.start() and start >= 0:  # an opening mark starts a new run
            runs.append((start, end))
            start = -1
        core_end = e
        while core_end > s and text[core_end - 1] in _CLOSING:
            core_end -= 1
        word = text[s:core_end]
        m_poss = _POSSESSIVE.search(word)
        if m_poss and m_poss.start() > 0:
            core_end = s + m_poss.start()
            word = text[s:core_end]
        abbrev = text[core_end:e] == "." and (
            len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS
        )
        if word[:1].isupper() and not (word == "I" or _I_CONTRACTION.match(word)):
            if start < 0:
                start = s
            end = core_end + (1 if abbrev else 0)
            pending = False
            if core_end < e and not abbrev:  # punctuation after it ends the run
                runs.append((start, end))
                start = -1
        elif start >= 0 and word.lower() in _JOINERS and not pending and core_end == e:
            pending = True
        else:
            if start >= 0:
                runs.append((start, end))
            start, pending = -1, False
    if start >= 0:
        runs.append((start, end))
    return runs


def _person_extent(text: str, span: Span, runs: Sequence[Span]) -> Span:
    """A PERSON entity up to the end of its run of capitalised words ("Nguyễn Văn| An"),
    not over a joiner ("Putin| of Washington" is two names)."""
    for a, b in runs:
        if (
            a <= span[0] < b
            and b > span[1]
            and all(w[:1].isupper() for w in text[span[1] : b].split())
        ):
            return span[0], b
    return span


def unread_runs(text: str, content: Span, unread: Sequence[Span], lex: Lexicon) -> list[Span]:
    """Runs of capitalised words in the unread parts of one content span (a lone sentence
    or quote opener such as "We" or "The" is no name)."""
    out = []
    lo, hi = content
    for rng in unread:
        if rng[0] >= hi or rng[1] <= lo:
            continue  # wholly outside the content (what _clip says, without a call)
        part = _clip(rng, lo, hi)
        if part is None:
            continue
        for s, e in _capitalised_runs(text, *part):
            # drop leading sentence openers ("We", "The"): what follows may still be a name
            for w in _TOKEN.finditer(text, s, e):
                if w.group(0).lower().rstrip(".") not in lex.lists.sentence_openers:
                    s = w.start()
                    break
            else:
                continue
            words = text[s:e].split()
            if s < e and not all(w.lower() in lex.lists.not_names for w in words):
                out.append((s, e))
    return out


def _rule_kind(words: list[str], reg_entry: Entry | None, lex: Lexicon) -> str | None:
    if reg_entry is not None:
        return _kind(reg_entry)
    key = name_key(" ".join(words))
    if key in lex.platforms:
        return "organization"
    last = words[-1].lower().rstrip(".")
    if last in lex.org_name_words or last in lex.business_name_words or last in lex.lists.org_last:
        return "organization"
    first = words[0].lower()
    if len(words) >= 2 and (first in lex.male_names or first in lex.female_names):
        return "person"
    if len(words) >= 2 and first.rstrip(".") in lex.titles:
        return "person"
    return None


def _sentence_initial(text: str, start: int) -> bool:
    """Whether a word opens a sentence or a quote (its capital letter tells nothing)."""
    i = start
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in _OPENING):
        i -= 1
    return i == 0 or text[i - 1] in ".!?\u2026:;" or any(ch in _OPENING for ch in text[i:start])


def runs_to_type(
    text: str,
    contents: Sequence[Content],
    unread: Sequence[Span],
    reg: Registry | None,
    lex: Lexicon,
) -> list[Span]:
    """Names in unread content that neither the registry nor the rules type: what the NER
    has to look at (``[]`` on the whole-text path, where nothing is unread). A single
    word opening a sentence ("Nobody", "Where") is not sent: most are no names."""
    names = RegistryNames(reg, lex)
    out: dict[Span, None] = {}
    for c in contents:
        for s, e in unread_runs(text, c.span, unread, lex):
            one_word = len(text[s:e].split()) == 1
            if one_word and (_sentence_initial(text, s) or _I_CONTRACTION.match(text, s)):
                continue
            words = clean_name(text[s:e], lex).split() or text[s:e].split()
            if _rule_kind(words, names.entry(text[s:e]), lex) is None:
                out[(s, e)] = None
    return list(out)


def ner_windows_text(text: str, runs: Sequence[Span]) -> tuple[str, list[tuple[int, int]]]:
    """The text the NER reads for ``runs`` (each with a few words around it, one per
    line) and, per window, (offset in that text, offset in ``text``)."""
    parts: list[str] = []
    at: list[tuple[int, int]] = []
    pos = 0
    for s, e in runs:
        lo = max(0, s - NER_CONTEXT)
        hi = min(len(text), e + NER_CONTEXT)
        while lo > 0 and not text[lo - 1].isspace() and lo < s:
            lo += 1  # start on a word
        while hi < len(text) and not text[hi].isspace() and hi > e:
            hi -= 1
        window = text[lo:hi].replace("\n", " ")
        at.append((pos, lo))
        parts.append(window)
        pos += len(window) + 1
    return "\n".join(parts), at


def labels_from_windows(
    ents: Sequence[Labelled], at: Sequence[tuple[int, int]], runs: Sequence[Span]
) -> list[Labelled]:
    """The label of each run the NER found an entity in (window offsets -> ``text``)."""
    starts = [a for a, _ in at]
    out = []
    for s, e, label in ents:
        k = max(i for i, a in enumerate(starts) if a <= s) if starts and starts[0] <= s else -1
        if k < 0:
            continue
        shift = at[k][1] - at[k][0]
        span = (s + shift, e + shift)
        for r in runs:  # the run is the name (the NER may stop short of "Nguyễn Văn An")
            if r[0] < span[1] and span[0] < r[1]:
                out.append((*r, label))
                break
    return out


# --- mentions ------------------------------------------------------------------------------


def _canonical(text: str, lex: Lexicon) -> str:
    return clean_name(text, lex) or text.strip()


def find_mentions(
    text: str,
    contents: Sequence[Content],
    entities: Sequence[Labelled],
    unread: Sequence[Span],
    reg: Registry | None,
    lex: Lexicon,
    typed: Sequence[Labelled] = (),
) -> list[tuple[Mention, ...]]:
    """The mentions of each content, in text order (see the module docstring).

    ``entities``: the Doc's entities as (start, end, label) in ``text`` offsets;
    ``unread``: text ranges the model did not read; ``typed``: NER labels of the runs of
    :func:`runs_to_type`.
    """
    names = RegistryNames(reg, lex)
    return [_content_mentions(text, c, entities, names, lex, typed) for c in contents]


def _content_mentions(
    text: str,
    c: Content,
    entities: Sequence[Labelled],
    names: RegistryNames,
    lex: Lexicon,
    typed: Sequence[Labelled],
) -> tuple[Mention, ...]:
    found: list[tuple[Span, str, str]] = []  # span, name, type

    def add(span: Span, name: str, kind: str | None) -> None:
        if kind is not None and not any(span[0] < t[1] and t[0] < span[1] for t, _, _ in found):
            found.append((span, name, kind))

    runs = unread_runs(text, c.span, [c.span], lex)
    lo, hi = c.span
    for s, e, label in [*entities, *typed]:
        if s >= hi or e <= lo:
            continue  # wholly outside the content (what _clip says, without a call)
        span = _clip((s, e), lo, hi)
        if span is None or label not in LABEL_TYPES:
            continue
        if label == "PERSON":
            span = _person_extent(text, span, runs)
        words = text[span[0] : span[1]]
        entry = names.entry(words)
        key = name_key(clean_name(words, lex))
        if entry is not None and _kind(entry):
            add(span, entry.canonical, _kind(entry))
        elif key in lex.platforms:
            add(span, _canonical(words, lex), "organization")
        elif key:
            add(span, _canonical(words, lex), LABEL_TYPES[label])
    # capitalised runs no entity covers (the NER may miss "Nguyễn Văn An", and it did not
    # read the elided quote interiors): the registry, then the rules
    for s, e in runs:
        words = text[s:e]
        entry = names.entry(words)
        kind = _rule_kind(clean_name(words, lex).split() or words.split(), entry, lex)
        add((s, e), entry.canonical if entry else _canonical(words, lex), kind)
    for m in _DESCRIPTOR.finditer(text, *c.span):
        head = m.group(2)
        if m.end() > c.span[1] or head[:1].isupper() and not head.istitle():
            continue
        entry = _descriptor_entry(names.reg, m.group(1).split(), head, lex)
        if entry is not None:
            add((m.start(), m.end()), entry.canonical, _kind(entry))
    speaker = name_key(c.speaker)
    seen: set[tuple[str, str]] = set()
    mentions = []
    for span, name, kind in sorted(found):
        key = name_key(name)
        if not key or key == speaker or (key, kind) in seen:
            continue
        seen.add((key, kind))
        mentions.append(
            Mention(unicodedata.normalize("NFC", name), kind, text[span[0] : span[1]], span)
        )
    return tuple(mentions)
