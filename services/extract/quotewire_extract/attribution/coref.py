"""Entity registry and resolution of surnames, descriptors and pronouns.

Built from spaCy's entities and the parse of one Doc; resolution walks back through
earlier mentions, preferring recent sentences and subjects/speakers, and respects
gender, number and person/organisation cues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .cues import Lexicon
from .names import clean_name, gender_of_name, name_key, strip_titles

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}


@dataclass
class Entry:
    canonical: str
    type: str  # person | organization | group | unknown
    gender: str | None = None
    words: frozenset[str] = frozenset()
    roles: set[str] = field(default_factory=set)


@dataclass
class Mention:
    pos: int  # char offset
    sent: int
    entry: Entry
    subject: bool
    speaker: bool = False
    in_content: bool = False


class Registry:
    """Entities of one document and their mentions in text order."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.entries: list[Entry] = []
        self.mentions: list[Mention] = []

    # ---- building -------------------------------------------------------------------
    def person(self, name: str, gender: str | None = None) -> Entry:
        words = name.split()
        key_words = frozenset(name_key(name).split())
        if len(words) == 1:
            found = self.find_by_surname(words[0])
            if found is not None:
                return found
        for e in self.entries:
            if e.type == "person" and name_key(e.canonical) == name_key(name):
                if gender and not e.gender:
                    e.gender = gender
                return e
        # a fuller form of an existing single-word entry upgrades it
        for e in self.entries:
            if e.type == "person" and len(e.canonical.split()) == 1 and len(words) > 1:
                if name_key(words[-1]) == name_key(e.canonical):
                    e.canonical = name
                    e.words = key_words
                    e.gender = e.gender or gender
                    return e
        entry = Entry(name, "person", gender, key_words)
        self.entries.append(entry)
        return entry

    def org(self, name: str) -> Entry:
        key = name_key(name)
        for e in self.entries:
            if e.type == "organization" and name_key(e.canonical) == key:
                return e
        found = self.find_org_suffix(name)
        if found is not None:
            return found
        entry = Entry(name, "organization", None, frozenset(key.split()))
        entry.roles.update(w for w in key.split() if w in self.lex.org_nouns)
        self.entries.append(entry)
        return entry

    def add_mention(self, mention: Mention) -> None:
        self.mentions.append(mention)

    # ---- lookup ---------------------------------------------------------------------
    def find_by_surname(self, word: str) -> Entry | None:
        k = name_key(word)
        best = None
        for e in self.entries:
            if e.type != "person":
                continue
            parts = name_key(e.canonical).split()
            if parts and parts[-1] == k:
                if best is None or len(parts) > len(name_key(best.canonical).split()):
                    best = e
        return best

    def find_org_suffix(self, name: str) -> Entry | None:
        """"The Post" -> "The Washington Post": a whole-word suffix of a longer org name."""
        key = name_key(clean_name(name, self.lex))
        if not key:
            return None
        for e in self.entries:
            if e.type != "organization":
                continue
            ekey = name_key(clean_name(e.canonical, self.lex))
            if ekey != key and (ekey.endswith(" " + key) or ekey.startswith(key + " ")):
                return e
        return None

    def before(self, pos: int, min_sent: int) -> list[Mention]:
        return [m for m in self.mentions if m.pos < pos and m.sent >= min_sent]

    def resolve_pronoun(self, word: str, pos: int, sent: int, exclude: tuple[int, int] | None) -> Entry | None:
        w = word.lower()
        lex = self.lex
        if w in lex.male_pronouns or w in lex.female_pronouns:
            gender = "m" if w in lex.male_pronouns else "f"
            types = {"person", "unknown"}
        elif w in lex.neuter_pronouns:
            gender = None
            types = {"organization"}
        else:
            gender = None
            types = {"organization", "group", "unknown"}
        cands = [
            m
            for m in self.before(pos, sent - 4)
            if m.entry.type in types
            and (gender is None or m.entry.gender in (None, gender))
            and not (exclude and exclude[0] <= m.pos < exclude[1])
        ]
        if w in lex.plural_pronouns:
            cands = [m for m in cands if m.entry.type != "unknown" or _plural(m.entry.canonical)]
        for allow_content in (False, True):
            pool = [m for m in cands if allow_content or not m.in_content]
            if not pool:
                continue
            # nearest sentence first; within it speakers, then subjects, then latest
            pool.sort(key=lambda m: (m.sent, m.speaker, m.subject, m.pos), reverse=True)
            best = pool[0]
            # a strongly gendered match in the same sentence beats an unknown-gender one
            if gender:
                same = [m for m in pool if m.sent == best.sent and m.entry.gender == gender]
                if same and best.entry.gender is None:
                    best = same[0]
            if gender and best.entry.gender is None and best.entry.type == "person":
                best.entry.gender = gender
            return best.entry
        return None

    def resolve_descriptor(self, head: str, pos: int, sent: int, want: str,
                           words: tuple[str, ...] = ()) -> Entry | None:
        """"the spokesman", "The Russian President", "the company": role words seen with an
        entity (most shared words, then most recent), else the most salient recent entity."""
        h = head.lower()
        keys = {w.lower() for w in words if w.lower() not in ("the", "a", "an")} | {h}
        earlier = [m for m in self.mentions if m.pos < pos and m.entry.type == want]
        best, best_score = None, 0
        for m in earlier:  # later mentions win ties
            sc = len(keys & (m.entry.roles | set(m.entry.words)))
            if h in m.entry.roles or h in m.entry.words:
                sc += 1
            if sc > 0 and (h in m.entry.roles or h in m.entry.words) and sc >= best_score:
                best, best_score = m.entry, sc
        if best is not None:
            return best
        pool = [m for m in earlier if m.sent >= sent - 6] or earlier
        if not pool:
            # a headline or lead descriptor names someone introduced later ("Governor X")
            later = [m for m in self.mentions if m.pos > pos and m.entry.type == want]
            for m in later:
                if h in m.entry.roles:
                    return m.entry
            return None
        pool.sort(key=lambda m: (m.sent, m.speaker or m.subject, m.pos), reverse=True)
        return pool[0].entry


def _plural(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and (words[-1].endswith("s") or words[0] in ("people", "several"))


def title_tokens_before(span: Span, lex: Lexicon) -> list[str]:
    doc = span.doc
    out = []
    i = span.start - 1
    while i >= 0 and doc[i].lower_.rstrip(".") in lex.titles | lex.male_titles | lex.female_titles:
        out.append(doc[i].text)
        i -= 1
    return out


def role_words(span: Span, lex: Lexicon) -> set[str]:
    """Role nouns seen with a name: pre-modifiers ("Kremlin spokesman X") and appositions."""
    doc = span.doc
    roles: set[str] = set()
    i = span.start - 1
    steps = 0
    while i >= 0 and steps < 4:
        t = doc[i]
        if t.is_punct or t.lower_ in ("the", "a", "an", "and", "of") or t.tag_ in ("VBD", "VBZ", "VBP", "IN"):
            break
        if t.tag_ not in ("POS",):
            roles.add(t.lower_.rstrip("."))
        i -= 1
        steps += 1
    root = span.root
    for child in root.children:
        if child.dep_ == "appos":
            roles.add(child.lower_)
            roles.update(c.lower_ for c in child.children if c.dep_ in ("compound", "amod"))
    if root.dep_ == "appos":
        head = root.head
        roles.add(head.lower_)
        roles.update(c.lower_ for c in head.children if c.dep_ in ("compound", "amod"))
    return {r for r in roles if r.isalpha() or "-" in r}


def build_registry(doc: Doc, lex: Lexicon, sent_of: list[int], content_spans: list[tuple[int, int]],
                   known_names: tuple[str, ...] = ()) -> Registry:
    reg = Registry(lex)
    for name in known_names:
        words = strip_titles(name.split(), lex)
        if len(words) >= 2:
            reg.person(" ".join(words), gender_of_name(words, lex))
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS | ORG_LABELS:
            continue
        pos = ent.start_char
        in_content = any(s <= pos < e for s, e in content_spans)
        subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
            ent.root.dep_ == "appos" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
        )
        if ent.label_ in PERSON_LABELS:
            name = clean_name(ent.text, lex)
            if not name:
                continue
            words = name.split()
            gender = gender_of_name(words, lex, title_tokens_before(ent, lex) + ent.text.split()[:1])
            entry = reg.person(name, gender)
        else:
            if ent.label_ == "GPE" and ent.root.dep_ not in ("nsubj", "nsubjpass", "compound"):
                continue
            if ent.label_ == "NORP":
                continue
            name = clean_name(ent.text, lex)
            if not name:
                continue
            entry = reg.org(name)
        entry.roles.update(role_words(ent, lex))
        reg.add_mention(Mention(pos, sent_of[ent.start], entry, subject, False, in_content))
    reg.mentions.sort(key=lambda m: m.pos)
    return reg
