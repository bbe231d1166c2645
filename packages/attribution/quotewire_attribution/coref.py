"""Entity registry and resolution of surnames, descriptors and pronouns.

Built from spaCy's entities and the parse of one Doc; resolution walks back through
earlier mentions, preferring recent sentences and subjects/speakers, and respects
gender, number and person/organisation cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .cues import Lexicon
from .names import (
    clean_name,
    gender_of_name,
    hyphen_end,
    misread_given_name,
    name_key,
    name_prior,
    strip_titles,
)
from .quotes import Quote

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}


@dataclass
class Entry:
    canonical: str
    type: str  # person | organization | group | unknown
    gender: str | None = None
    words: frozenset[str] = frozenset()
    roles: set[str] = field(default_factory=set)
    place: bool = False  # a country/city (GPE): a government speaks for it, a company never
    prior: str | None = (
        None  # the given name's gender in published name data (weaker than ``gender``)
    )

    @property
    def sex(self) -> str | None:
        """Gender from a title or a pronoun chain, else the given-name prior."""
        return self.gender or self.prior


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
        # indefinite lead descriptors identified by a name soon after: head char -> entry
        self.delayed: dict[int, Entry] = {}

    # ---- building -------------------------------------------------------------------
    def person(self, name: str, gender: str | None = None) -> Entry:
        entry = self._person(name, gender)
        if entry.prior is None:
            entry.prior = name_prior(entry.canonical.split(), self.lex)
        return entry

    def _person(self, name: str, gender: str | None = None) -> Entry:
        words = name.split()
        key_words = frozenset(name_key(name).split())
        if len(words) == 1:
            found = self.find_by_surname(words[0])
            if found is not None:
                if gender and not found.gender:  # "Ms. McAllister" tells Fiona McAllister's gender
                    found.gender = gender
                return found
        for e in self.entries:
            if e.type == "person" and name_key(e.canonical) == name_key(name):
                if gender and not e.gender:
                    e.gender = gender
                return e
        # a fuller form of an existing single-word entry upgrades it
        for e in self.entries:
            if (
                e.type == "person"
                and len(e.canonical.split()) == 1
                and len(words) > 1
                and name_key(words[-1]) == name_key(e.canonical)
            ):
                e.canonical = name
                e.words = key_words
                e.gender = e.gender or gender
                return e
        entry = Entry(name, "person", gender, key_words)
        self.entries.append(entry)
        return entry

    def org(self, name: str, head: str = "", words: tuple[str, ...] = ()) -> Entry:
        """The organisation ``name``, known or new; ``head`` and ``words`` are the mention's
        head and lower-case words when ``name`` is a mention (see :meth:`find_org_suffix`)."""
        key = name_key(name)
        for e in self.entries:
            if e.type == "organization" and name_key(e.canonical) == key:
                return e
        found = self.find_org_suffix(name, head, words)
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
            if (
                parts
                and parts[-1] == k
                and (best is None or len(parts) > len(name_key(best.canonical).split()))
            ):
                best = e
        return best

    def find_org_suffix(
        self, name: str, head: str = "", words: tuple[str, ...] = ()
    ) -> Entry | None:
        """ "The Post" -> "The Washington Post": a whole-word suffix of a longer org name.
        ``words`` (lower case, with its ``head``) are the whole mention ``name`` comes from:
        a body its own modifiers set apart is skipped ("the Lisvanian defence ministry" is not
        the "Lisvanian foreign ministry" although "Lisvanian" opens both; see ``other_body``)."""
        key = name_key(clean_name(name, self.lex))
        if not key:
            return None
        for e in self.entries:
            if e.type != "organization":
                continue
            ekey = name_key(clean_name(e.canonical, self.lex))
            if (
                ekey != key
                and (ekey.endswith(" " + key) or ekey.startswith(key + " "))
                and not (words and other_body(e, head, words, self.lex))
            ):
                return e
        return None

    def find_org_prefix(self, name: str) -> Entry | None:
        """ "Strata" -> "Strata Cloud Services": the one organisation whose name opens with ``name``
        and ends in a generic word (Services, Group, Airways, United ...)."""
        lex = self.lex
        key = name_key(clean_name(name, lex))
        if not key:
            return None
        generic = (
            lex.org_name_words | lex.business_name_words | frozenset().union(*lex.synonyms.values())
        )
        found = [
            e
            for e in self.entries
            if e.type == "organization"
            and not e.place
            and (k := name_key(clean_name(e.canonical, lex))).startswith(key + " ")
            and k.split()[-1] in generic
        ]
        return found[0] if len(found) == 1 else None

    def salient_org(self, pos: int) -> Entry | None:
        """The organisation (not a place) mentioned most often before ``pos``, if it leads clearly."""
        counts: dict[int, int] = {}
        by_id: dict[int, Entry] = {}
        for m in self.mentions:
            if m.pos < pos and m.entry.type == "organization" and not m.entry.place:
                counts[id(m.entry)] = counts.get(id(m.entry), 0) + 1 + (m.speaker or m.subject)
                by_id[id(m.entry)] = m.entry
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            return None
        return by_id[ranked[0][0]]

    def before(self, pos: int, min_sent: int) -> list[Mention]:
        return [m for m in self.mentions if m.pos < pos and m.sent >= min_sent]

    def resolve_pronoun(
        self, word: str, pos: int, sent: int, exclude: tuple[int, int] | None
    ) -> Entry | None:
        return self.pronoun(word, pos, sent, exclude)[0]

    def pronoun(
        self, word: str, pos: int, sent: int, exclude: tuple[int, int] | None
    ) -> tuple[Entry | None, str]:
        """The antecedent of a pronoun and how sure: ``pronoun`` (one compatible entity in
        reach, or the clear centre), ``pronoun_ambiguous`` (another compatible entity is as
        near), ``pronoun_far`` (nothing in the last sentences: the document's main person of
        that gender).

        Centering: the nearest sentence first; in it a speaker, then a subject, then the
        latest mention. Gender: a title or an earlier pronoun chain about the entity binds; the
        given-name prior filters too, but gives way when nothing else fits. Names quoted inside
        someone's words are antecedents only when nothing outside a quote fits.
        """
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

        def usable(m: Mention) -> bool:
            if m.entry.type not in types or (exclude and exclude[0] <= m.pos < exclude[1]):
                return False
            return not (
                w in lex.plural_pronouns
                and m.entry.type == "unknown"
                and not _plural(m.entry.canonical)
            )

        near = [m for m in self.before(pos, sent - 4) if usable(m)]
        # a title or a pronoun chain binds; so does the name prior, unless nothing else fits
        cands = near if gender is None else [m for m in near if m.entry.sex in (None, gender)]
        found = self._centre(cands, gender, w)
        if found is not None:
            return found
        if gender:
            # nothing in reach: the person of that gender the document keeps returning to
            far = [
                m
                for m in self.mentions
                if m.pos < pos
                and m.entry.type == "person"
                and m.entry.sex == gender
                and not m.in_content
                and not (exclude and exclude[0] <= m.pos < exclude[1])
            ]
            weight: dict[int, float] = {}
            for m in far:
                weight[id(m.entry)] = weight.get(id(m.entry), 0) + 1 + m.speaker + m.subject
            if weight:
                ranked = sorted(weight.items(), key=lambda kv: kv[1], reverse=True)
                if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                    return next(m.entry for m in far if id(m.entry) == ranked[0][0]), "pronoun_far"
            # the prior gives way: a near person whose given name only suggested the other gender
            weak = self._centre(
                [m for m in near if m.entry.gender in (None, gender)], gender, w, chain=False
            )
            if weak is not None:
                return weak[0], "pronoun_far"
        return None, "unresolved"

    def _centre(
        self, cands: list[Mention], gender: str | None, w: str, chain: bool = True
    ) -> tuple[Entry, str] | None:
        lex = self.lex
        for allow_content in (False, True):
            pool = [m for m in cands if allow_content or not m.in_content]
            if not pool:
                continue
            pool.sort(key=lambda m: (m.sent, m.speaker, m.subject, m.pos), reverse=True)
            best = pool[0]
            # a strongly gendered match in the same sentence beats an unknown-gender one
            if gender:
                same = [m for m in pool if m.sent == best.sent and m.entry.sex == gender]
                if same and best.entry.sex is None:
                    best = same[0]
            how = "pronoun"
            if gender or w in lex.neuter_pronouns:
                rivals = {
                    id(m.entry)
                    for m in pool
                    if m.entry is not best.entry
                    and m.sent >= best.sent - 1
                    and (gender is None or m.entry.sex in (gender, None))
                    and m.entry.type == best.entry.type
                }
                if (
                    rivals
                    and best.entry.sex != gender
                    or rivals
                    and any(m.entry.sex == gender for m in pool if id(m.entry) in rivals)
                ):
                    how = "pronoun_ambiguous"
            if (
                chain
                and gender
                and best.entry.gender is None
                and best.entry.type == "person"
                and how == "pronoun"
                and best.entry.prior in (None, gender)
            ):
                best.entry.gender = gender  # the chain: "Bronwen ... she" fixes Bronwen's gender
            return best.entry, how
        return None

    def resolve_descriptor(
        self, head: str, pos: int, sent: int, want: str, words: tuple[str, ...] = ()
    ) -> Entry | None:
        return self.describe(head, pos, sent, want, words)[0]

    def describe(
        self, head: str, pos: int, sent: int, want: str, words: tuple[str, ...] = ()
    ) -> tuple[Entry | None, str]:
        """ "the spokesman", "The Democrat", "the 48-year-old", "the company": the entity this
        descriptor names, and how sure: ``descriptor`` (a role, party, age or name word seen
        with the entity) or ``descriptor_weak`` (only the most salient compatible entity)."""
        if want == "organization":
            return self._describe_org(head.lower(), pos, sent, words)
        return self._describe_person(head.lower(), pos, sent, want, words)

    # -- persons ------------------------------------------------------------------------
    def _describe_person(
        self, h: str, pos: int, sent: int, want: str, words: tuple[str, ...]
    ) -> tuple[Entry | None, str]:
        lex = self.lex
        keys = {w.lower() for w in words if w.lower() not in lex.lists.generic_descriptor_words} | {
            h
        }
        keys |= set(ages_in(" ".join(words)))
        keys = {
            k
            for k in keys
            if k and k != "old" and k != "year" and (k.isalpha() or k.endswith("-year-old"))
        }
        for k in list(keys):  # "Solvane boss": the top executive, however the article titles them
            keys |= lex.role_synonyms.get(k, set())
        gender = _descriptor_gender(keys, lex)

        def ok(e: Entry) -> bool:
            return e.type == want and not _conflicts(e, keys, gender, lex)

        def match(e: Entry) -> int:
            have = e.roles | set(e.words)
            return len(keys & have)

        earlier = [m for m in self.mentions if m.pos < pos and ok(m.entry)]
        best, best_score = None, 0
        for m in earlier:  # later mentions win ties
            sc = match(m.entry)
            if sc > 0 and sc >= best_score:
                best, best_score = m.entry, sc
        later = [m for m in self.mentions if m.pos > pos and ok(m.entry)]
        # a headline or lead descriptor names someone introduced later: the best match, then
        # the one mentioned most often, then the earliest
        counts: dict[int, int] = {}
        for m in self.mentions:
            counts[id(m.entry)] = counts.get(id(m.entry), 0) + 1
        fwd, fwd_score = None, 0
        for m in later:
            sc = match(m.entry)
            if (
                sc > fwd_score
                or sc == fwd_score
                and sc > 0
                and counts[id(m.entry)] > counts[id(fwd)]
            ):
                fwd, fwd_score = m.entry, sc
        # "Veresk's foreign minister said ..." in the lead is "Veresk's foreign minister, X" below,
        # not the other foreign minister an earlier descriptor guessed
        if best is not None and (fwd is None or fwd_score <= best_score or sent > 3):
            return best, "descriptor"
        if fwd is not None:
            return fwd, "descriptor"
        # "the judge" is not the lawyer or the mayor named before: a weak guess never crosses roles
        earlier = [m for m in earlier if not _other_role(m.entry, keys, lex)]
        pool = [m for m in earlier if m.sent >= sent - 6] or earlier
        if not pool:
            return None, "unresolved"
        pool.sort(key=lambda m: (m.sent, m.speaker or m.subject, m.pos), reverse=True)
        return pool[0].entry, "descriptor_weak"

    # -- organisations ------------------------------------------------------------------
    def _describe_org(
        self, h: str, pos: int, sent: int, words: tuple[str, ...]
    ) -> tuple[Entry | None, str]:
        lex = self.lex
        # "the airport's operator" is not the airport: the possessor names another body, and a
        # possessive is no name modifier of the descriptor
        poss = set()
        if "'s" in words or "\u2019s" in words:
            k = max(i for i, w in enumerate(words) if w in ("'s", "\u2019s"))
            poss = {
                w for w in words[:k] if w.isalpha() and w not in lex.lists.generic_descriptor_words
            }
            words = words[k + 1 :]
        orgs = [m for m in self.mentions if m.entry.type == "organization"]
        excluded = [m.entry for m in self.mentions if poss and m.entry.words & poss]
        # "the Lisvanian defence ministry" is not the Lisvanian Foreign Ministry named before
        excluded += [m.entry for m in orgs if other_body(m.entry, h, words, lex)]
        earlier = [m for m in orgs if m.pos < pos]
        named = [
            m
            for m in earlier
            if names_kind(m.entry, h, lex) and not any(m.entry is x for x in excluded)
        ]
        if named:
            named.sort(key=lambda m: (m.pos, m.speaker or m.subject))
            return named[-1].entry, "descriptor"
        later = [
            m
            for m in orgs
            if m.pos > pos
            and names_kind(m.entry, h, lex)
            and not any(m.entry is x for x in excluded)
        ]
        if later and sent <= 3:
            return later[0].entry, "descriptor"
        # "the summit presidency": a descriptor with its own modifiers names its own body
        mods = [
            w
            for w in words
            if w.lower() not in lex.lists.generic_descriptor_words
            and w.lower() != h
            and w.isalpha()
        ]
        if mods:
            # "health agency" -> "Public Health Tarrant": a body whose name holds the modifier
            lw = [w.lower() for w in words]
            pre = lw[: lw.index(h)] if h in lw else []
            ms = {
                w
                for w in pre
                if w.isalpha()
                and w not in lex.lists.generic_descriptor_words
                and w not in NAME_LINKS
            }
            if lw and lw[0] in ("a", "an"):
                ms = set()  # "an international team of ...": a new body, not a known one
            hits = [
                m
                for m in orgs
                if m.entry.words & ms
                and not any(m.entry is x for x in excluded)
                and not m.entry.place
                and (m.pos < pos or sent <= 3)
            ]
            if hits:
                before = [m for m in hits if m.pos < pos]
                e = before[-1].entry if before else hits[0].entry
                e.roles.add(h)  # later "the agency" finds it by its role
                return e, "descriptor"
            return None, "unresolved"
        compat = [
            m
            for m in earlier
            if m.sent >= sent - 6
            and _compatible(m.entry, h, lex)
            and not any(m.entry is x for x in excluded)
        ]
        if compat:
            # a body named once in passing ("an analyst at Halden Securities") is not what "the
            # company" refers to when another compatible one has been a subject or a speaker
            active = {id(m.entry) for m in orgs if m.pos < pos and (m.speaker or m.subject)}
            count: dict[int, int] = {}
            for m in earlier:
                count[id(m.entry)] = count.get(id(m.entry), 0) + 1
            if active:
                keep = [m for m in compat if id(m.entry) in active or count[id(m.entry)] > 1]
                compat = keep or compat
            compat.sort(key=lambda m: (m.sent, m.speaker or m.subject, m.pos))
            return compat[-1].entry, "descriptor_weak"
        if sent <= 3:
            fwd = [
                m
                for m in orgs
                if m.pos > pos
                and _compatible(m.entry, h, lex)
                and not any(m.entry is x for x in excluded)
            ]
            if fwd:
                return fwd[0].entry, "descriptor_weak"
        return None, "unresolved"


_AGE_RE = re.compile(r"(\d+)\s*-\s*year\s*-\s*old")


def ages_in(text: str) -> list[str]:
    """ "the 48-year-old" / "48 - year - old" -> ["48-year-old"]."""
    return [f"{m.group(1)}-year-old" for m in _AGE_RE.finditer(text.lower())]


def _descriptor_gender(keys: set[str], lex: Lexicon) -> str | None:
    if keys & (lex.lists.female_descriptors | set(lex.female_titles)):
        return "f"
    if keys & (lex.lists.male_descriptors | set(lex.male_titles)):
        return "m"
    return None


def _parties(words, lex: Lexicon) -> set[str]:
    return {lex.party_forms.get(w, w) for w in words if w in lex.parties}


def _conflicts(e: Entry, keys: set[str], gender: str | None, lex: Lexicon) -> bool:
    """A descriptor cannot name someone described otherwise: another party, age or gender."""
    want_party = _parties(keys, lex)
    have_party = _parties(e.roles, lex)
    if want_party and have_party and not (want_party & have_party):
        return True
    want_age = {k for k in keys if k.endswith("-year-old")}
    have_age = {r for r in e.roles if r.endswith("-year-old")}
    if want_age and have_age and not (want_age & have_age):
        return True
    return bool(gender and e.sex and gender != e.sex)


#: Words that join the parts of a body's name ("Ministry of Health and Social Care"): never a
#: modifier that tells one body from another.
NAME_LINKS = ("of", "and", "for")


def _other_role(e: Entry, keys: set[str], lex: Lexicon) -> bool:
    """Is the person known by a role (a title word) and the descriptor by others only? "the judge"
    is not "Lawyer Maria Ruiz" or "Mayor Lena Dahl"; anyone whose role is unknown may be."""
    roles = lex.titles - lex.lists.honorifics
    want, have = keys & roles, e.roles & roles
    # "Sen. Ada Moss" is "the senator": an abbreviated title is the start of the word
    return (
        bool(want)
        and bool(have)
        and not any(w.startswith(r) or r.startswith(w) for w in want for r in have)
    )


def other_body(e: Entry, h: str, words: tuple[str, ...], lex: Lexicon) -> bool:
    """Do the descriptor's own modifiers and the organisation's name words differ both ways?
    "the defence ministry" is not "the Foreign Ministry" (each has a word the other lacks), but
    "the health ministry" may be "Ministry of Health and Social Care" and "the Russian foreign
    ministry" "Russia's Foreign Ministry" (words compared by their stem)."""

    def own(ws) -> set[str]:
        return {
            _stem(w)
            for w in map(str.lower, ws)
            if w.isalpha()
            and w != h
            and w not in lex.lists.generic_descriptor_words  # "the", "a", "an" too
            and w not in NAME_LINKS
        }

    # a hyphenated name word counts by its parts, as the mention's tokens do: "Chicago
    # Sun-Times" holds "sun" and "times" ("The Sun-Times" is "Sun", "-", "Times")
    desc, have = own(words), own(p for w in e.words for p in w.split("-"))
    return bool(desc - have) and bool(have - desc)


def _stem(w: str) -> str:
    return w[:6] if len(w) >= 7 else w


def names_kind(e: Entry, h: str, lex: Lexicon | None = None) -> bool:
    """The organisation's name or role words contain the descriptor noun ("the ministry" ->
    "Ministry of Transport", "the regulator" -> "Office of Energy Regulation"), or a name word
    that kind of body goes by ("the force" -> "Northfield Police", "the airline" -> "X Airways")."""
    if h in e.roles or h in e.words:
        return True
    if lex is not None and h in lex.synonyms and e.words & lex.synonyms[h]:
        return True
    if len(h) >= 7:
        st = _stem(h)
        return any(len(w) >= 7 and _stem(w) == st for w in e.words | e.roles)
    return False


def org_kind(e: Entry, lex: Lexicon) -> str | None:
    if e.place:
        return "place"
    words = set(e.words)
    if words & lex.public_nouns or e.roles & lex.public_nouns:
        return "public"
    if words & lex.business_name_words or e.roles & lex.business_nouns:
        return "business"
    if words & (lex.org_nouns | lex.org_name_words):
        return "other"
    return None


def _compatible(e: Entry, h: str, lex: Lexicon) -> bool:
    kind = org_kind(e, lex)
    if h == "*":  # any organisation behind a document
        return kind != "place"
    if h in lex.business_nouns:
        return kind in ("business", "other", None)
    if h in lex.public_nouns:
        return (
            kind in ("public", "place", None)
            if h
            in ("government", "administration", "authorities", "state", "city", "county", "cabinet")
            else kind in ("public", None)
        )
    return kind in (None, "other") and h not in ("police",)


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
    """Role words seen with a name: pre-modifiers ("Kremlin spokesman X", "Democrat X"),
    appositions ("X, the mayor", "X, a Democrat", "her Republican challenger, X") and an
    age apposition ("X, 48," -> "48-year-old")."""
    doc = span.doc
    roles: set[str] = set()
    i = span.start - 1
    steps = 0
    while i >= 0 and steps < 5:
        t = doc[i]
        if t.is_punct and t.text == "-" and i > 0:
            i -= 1
            continue
        if (
            t.is_punct
            or t.lower_ in ("the", "a", "an", "and", "of")
            or t.tag_ not in ("NN", "NNS", "NNP", "NNPS", "JJ", "CD", "VBN")
        ):
            break
        if t.tag_ not in ("POS",):
            roles.add(t.lower_.rstrip("."))
        i -= 1
        steps += 1
    roles.update(ages_in(doc[max(0, span.start - 6) : span.start].text))
    for t in span:  # "Lawyer Maria Ruiz" read whole as the name: its leading titles are roles
        if t.lower_.rstrip(".") not in lex.titles:
            break
        roles.add(t.lower_.rstrip("."))
    root = span.root

    def take(head):
        roles.add(head.lower_)
        for c in head.children:
            if (
                c.dep_ in ("compound", "amod", "nmod")
                or c.dep_ == "poss"
                and c.tag_ in ("NNP", "NNPS")
            ):
                roles.add(c.lower_)
        roles.update(ages_in(doc[head.left_edge.i : head.i + 1].text))

    def speaks(head) -> bool:  # "..., the regional agency said": a speaker, not this name's role
        nxt = head.right_edge.i + 1
        return (
            nxt < len(doc)
            and doc[nxt].tag_.startswith("VB")
            and lex.cue(doc[nxt].lower_) is not None
        )

    for child in root.children:
        if child.dep_ == "appos" and not speaks(child):
            if child.like_num and child.text.isdigit() and 5 < int(child.text) < 120:
                roles.add(f"{child.text}-year-old")
            else:
                take(child)
    if root.dep_ == "appos":
        take(root.head)
    # "X, 48, said": the parse may attach the number elsewhere
    nxt = doc[span.end : span.end + 3]
    if (
        len(nxt) == 3
        and nxt[0].text == ","
        and nxt[1].text.isdigit()
        and nxt[2].text in (",", ")")
        and 5 < int(nxt[1].text) < 120
    ):
        roles.add(f"{nxt[1].text}-year-old")
    return {r for r in roles if r.isalpha() or "-" in r}


def nearest_role(span: Span, lex: Lexicon) -> str | None:
    """The noun right before a name ("maker Lumora") or heading its apposition."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].tag_ in ("NN",):
        return doc[span.start - 1].lower_
    root = span.root
    if root.dep_ == "appos" and root.head.tag_ in ("NN",) and root.head.i < span.start:
        return root.head.lower_
    for child in root.children:
        if child.dep_ == "appos" and child.tag_ in ("NN",):
            nxt = child.right_edge.i + 1  # "X, the regional agency said": the speaker, not X's role
            if (
                nxt < len(doc)
                and doc[nxt].tag_.startswith("VB")
                and lex.cue(doc[nxt].lower_) is not None
            ):
                continue
            return child.lower_
    return None


@dataclass
class _Cand:
    start: int  # token range
    end: int
    label: str  # PERSON | ORG | GPE | FAC | ORGNP | CHAIN
    name: str
    roles: set[str]
    subject: bool
    pos: int


def _org_phrases(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """ "The Westbrook town council", "the Koravian general staff": an organisation noun
    named by a proper or national modifier (NER often misses these)."""
    out = []
    for tok in doc:
        if not (tok.tag_ == "NN" or tok.tag_ == "NNP" and tok.text.islower()):
            continue
        if tok.lower_ not in lex.org_nouns or tok.lower_ in lex.document_nouns:
            continue
        if tok.dep_ in (
            "compound",
            "nmod",
            "amod",
        ):  # "electronics maker Lumora": a role, not a name
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        if not any(
            m.tag_ in ("NNP", "NNPS") or m.ent_type_ in ("NORP", "GPE", "ORG") for m in mods
        ):
            continue
        start = min(m.left_edge.i for m in mods)
        while start < tok.i and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an")):
            start += 1
        # "his Civic Front party": the modifiers are the organisation's own multi-word name
        if tok.lower_ in ("party", "movement", "alliance") and any(
            e.label_ == "ORG" and e.start == start and e.end == tok.i and e.end - e.start >= 2
            for e in doc.ents
        ):
            continue
        if any(
            t.is_punct and t.text not in ("-", "&") or t.tag_ in ("POS", "DT", "PRP$")
            for t in doc[start : tok.i]
        ):
            continue
        out.append((start, tok.i + 1))
    return out


def _name_chains(doc: Doc, lex: Lexicon, taken: set[int]) -> list[tuple[int, int]]:
    """Person names the tagger missed: a run of proper nouns opening with a known given name
    or right after a personal title ("Democrat Renata Solis", "Coach Per Holm")."""
    out = []
    i = 0
    n = len(doc)
    while i < n:
        if doc[i].tag_ in ("NNP", "NNPS") and i not in taken:
            j = i
            while (
                j < n
                and j not in taken
                and (
                    doc[j].tag_ in ("NNP", "NNPS")
                    and doc[j].text[:1].isupper()
                    or _name_hyphen(doc, j)
                )
            ):
                j += 1
            k = i
            while k < j and (
                doc[k].lower_.rstrip(".") in lex.titles or doc[k].lower_ in lex.parties
            ):
                k += 1
            if j - k >= 2 and (
                doc[k].lower_ in lex.male_names
                or doc[k].lower_ in lex.female_names
                or given_name_run(doc, k, j, lex)
                or k > i
                or (i > 0 and doc[i - 1].lower_.rstrip(".") in lex.titles)
            ):
                out.append((k, j))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def given_name_run(doc: Doc, k: int, j: int, lex: Lexicon) -> bool:
    """ "Marisol Quenby-Vatt": a two- or three-word proper-noun run opening with a given name the
    published name data knows well, not inside an organisation's name ("... Markets", "... Club")."""
    if not 2 <= j - k <= 4 or name_prior([doc[k].text, "x"], lex) is None:
        return False
    words = {t.lower_ for t in doc[k:j]}
    generic = _generic_name_words(lex) | lex.org_nouns
    return not words & generic and not any(
        t.ent_type_ in ("ORG", "GPE", "FAC", "NORP") for t in doc[k:j]
    )


def _name_hyphen(doc: Doc, j: int) -> bool:
    """The hyphen inside "Adeyemi-Clarke" (no spaces, proper nouns on both sides)."""
    return (
        0 < j < len(doc) - 1
        and doc[j].text in ("-", "\u2010")
        and not doc[j - 1].whitespace_
        and not doc[j].whitespace_
        and doc[j - 1].tag_ in ("NNP", "NNPS")
        and doc[j + 1].tag_ in ("NNP", "NNPS")
        and doc[j + 1].text[:1].isupper()
    )


def _nickname(doc: Doc, start: int, end: int) -> bool:
    """An entity that is all a quoted stretch says ("nicknamed \"the Lighthouse\""): a nickname or
    a title, not a body that speaks."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return (
        i >= 0
        and end < len(doc)
        and (doc[i].tag_ == "``" or doc[i].text in _OPEN_MARKS)
        and (doc[end].tag_ == "''" or doc[end].text in _CLOSE_MARKS)
    )


_OPEN_MARKS = {'"', "\u201c", "\u2018", "\u00ab", "'"}
_CLOSE_MARKS = {'"', "\u201d", "\u2019", "\u00bb", "'"}


def _generic_name_words(lex: Lexicon) -> frozenset[str]:
    return lex.org_name_words | lex.business_name_words | frozenset().union(*lex.synonyms.values())


def _org_chains(doc: Doc, lex: Lexicon, taken: set[int]) -> list[tuple[int, int]]:
    """Organisation names the NER missed: a run of proper nouns ending in a word such bodies go by
    ("Eastmoor Athletic", "Skylark Airways", "Harbour Rowing Club")."""
    words = lex.org_name_words | lex.business_name_words | frozenset().union(*lex.synonyms.values())
    out = []
    i, n = 0, len(doc)
    while i < n:
        # a sentence-initial run counts only when it is all proper nouns ("Pelion Systems on
        # Tuesday unveiled ..."), never a capitalised common word ("Police Services ...")
        start_ok = not doc[i].is_sent_start or (
            doc[i].tag_ == "NNP"
            and doc[i].lower_ not in lex.org_nouns
            and doc[i].lower_ not in lex.titles
        )
        if (
            doc[i].tag_ in ("NNP", "NNPS")
            and i not in taken
            and doc[i].text[:1].isupper()
            and start_ok
        ):
            j = i
            while (
                j < n
                and j not in taken
                and doc[j].text[:1].isupper()
                and (
                    doc[j].tag_ in ("NNP", "NNPS")
                    or j > i
                    and doc[j].lower_ in words
                    and not doc[j].is_sent_start
                )
            ):
                j += 1
            if (
                j - i >= 2
                and doc[j - 1].lower_ in words
                and doc[i].lower_ not in lex.titles
                and doc[i].lower_ not in lex.male_names | lex.female_names
            ):
                out.append((i, j))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def _short_form_mentions(doc: Doc, reg: Registry, sent_of: list[int], taken: set[int]) -> None:
    """ "Eastmoor manager X": a lone proper noun that opens exactly one longer organisation name
    is a mention of that organisation."""
    firsts: dict[str, list[Entry]] = {}
    for e in reg.entries:
        if e.type == "organization" and not e.place and len(e.canonical.split()) >= 2:
            firsts.setdefault(name_key(clean_name(e.canonical, reg.lex)).split()[0], []).append(e)
    for tok in doc:
        if tok.i in taken or tok.tag_ not in ("NNP",) or tok.is_sent_start:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("NNP", "NNPS"):
            continue
        found = firsts.get(tok.lower_)
        if found and len(found) == 1:
            reg.add_mention(Mention(tok.idx, sent_of[tok.i], found[0], False, False, False))


def _merge_short_orgs(reg: Registry) -> None:
    """ "Strata" (headline) and "Strata Cloud Services" (lead) are one organisation: a name that
    opens a longer organisation name ending in a generic word is its short form."""
    lex = reg.lex
    generic = (
        lex.org_name_words | lex.business_name_words | frozenset().union(*lex.synonyms.values())
    )
    orgs = [e for e in reg.entries if e.type == "organization" and not e.place]
    for short in orgs:
        key = name_key(clean_name(short.canonical, lex))
        if not key:
            continue
        longer = [
            e
            for e in orgs
            if e is not short
            and (lk := name_key(clean_name(e.canonical, lex))).startswith(key + " ")
            and lk.split()[-1] in generic
        ]
        if len(longer) != 1:
            continue
        full = longer[0]
        for m in reg.mentions:
            if m.entry is short:
                m.entry = full
        full.roles |= short.roles
        reg.entries = [e for e in reg.entries if e is not short]


def _is_subject(root) -> bool:
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass")
    )


def _entity_candidate(doc: Doc, lex: Lexicon, ent: Span, taken: set[int]) -> Span | None:
    """The name an NER entity stands for, adjusted to the name's real extent; None to skip it."""
    if ent.label_ not in PERSON_LABELS | ORG_LABELS or ent.label_ == "NORP":
        return None
    if ent.label_ != "PERSON" and _nickname(doc, ent.start, ent.end):
        return None
    # "Tolland Athletic" tagged as ORG "Tolland": a capitalised generic name word right after
    # an organisation belongs to its name
    if (
        ent.label_ == "ORG"
        and ent.end < len(doc)
        and ent.end not in taken
        and doc[ent.end].text[:1].isupper()
        and doc[ent.end].lower_ in _generic_name_words(lex)
        and doc[ent.end - 1].whitespace_ == " "
    ):
        ent = Span(doc, ent.start, ent.end + 1, label="ORG")
    if any(i in taken for i in range(ent.start, ent.end)):
        return None
    if (
        ent.label_ == "PERSON"
        and (end := hyphen_end(doc, ent.end)) > ent.end
        and not any(i in taken for i in range(ent.end, end))
    ):
        ent = Span(doc, ent.start, end, label="PERSON")  # "Ngaire Whitcombe" + "-Ardley"
    if ent.label_ == "GPE" and ent.root.dep_ not in ("nsubj", "nsubjpass", "compound"):
        return None
    # "Smartphone maker Kavi": a role noun inside the entity is not part of the name
    cut = [
        t.i
        for t in ent[:-1]
        if t.tag_ == "NN" and t.lower_ in lex.org_nouns | lex.business_nouns | lex.titles
    ]
    if cut and cut[-1] + 1 < ent.end:
        ent = doc[cut[-1] + 1 : ent.end]
    if ent.label_ in ("PERSON", "") and misread_given_name(doc, ent.start - 1):
        ent = doc[ent.start - 1 : ent.end]  # "Per Holm" tagged as "Per" + PERSON "Holm"
    return ent


def _candidates(doc: Doc, lex: Lexicon) -> tuple[list[_Cand], set[int]]:
    """Name mentions in text order: organisation phrases, NER entities, proper-noun chains;
    and the tokens they take."""
    cands: list[_Cand] = []
    taken: set[int] = set()
    for s, e in _org_phrases(doc, lex):
        span = doc[s:e]
        if any(
            ent.label_ == "PERSON" and ent.start < e and s < ent.end and ent.end >= e
            for ent in doc.ents
        ):
            continue
        cands.append(
            _Cand(s, e, "ORGNP", span.text, set(), _is_subject(span.root), span.start_char)
        )
        taken.update(range(s, e))
    for ent in doc.ents:
        span = _entity_candidate(doc, lex, ent, taken)
        if span is None:
            continue
        label = span.label_ or next(e.label_ for e in doc.ents if e.start <= span.end - 1 < e.end)
        cands.append(
            _Cand(
                span.start,
                span.end,
                label,
                span.text,
                role_words(span, lex),
                _is_subject(span.root),
                span.start_char,
            )
        )
        taken.update(range(span.start, span.end))
    for s, e in _name_chains(doc, lex, taken):
        span = doc[s:e]
        cands.append(
            _Cand(
                s,
                e,
                "CHAIN",
                span.text,
                role_words(span, lex),
                _is_subject(span.root),
                span.start_char,
            )
        )
        taken.update(range(s, e))
    for s, e in _org_chains(doc, lex, taken):
        span = doc[s:e]
        cands.append(
            _Cand(s, e, "ORGNP", span.text, set(), _is_subject(span.root), span.start_char)
        )
        taken.update(range(s, e))
    cands.sort(key=lambda c: c.pos)
    return cands, taken


def _vote(doc: Doc, lex: Lexicon, c: _Cand, key: str, v: list[float]) -> None:
    """Add one mention's evidence to its name's votes [person, org, place, named-otherwise]."""
    person_roles = lex.titles | lex.male_titles | lex.female_titles
    org_roles = lex.org_nouns | lex.business_nouns | lex.public_nouns
    if c.label == "GPE":
        v[2] += 1
    else:
        v[3] += 1
    words = key.split()
    if c.label == "ORGNP":
        v[1] += 10
        return
    v[0] += 1 if c.label in ("PERSON", "CHAIN") else 0
    v[1] += {"ORG": 1, "FAC": 1, "GPE": 0.5}.get(c.label, 0)
    if c.label == "CHAIN":
        v[0] += 2
    near = nearest_role(doc[c.start : c.end], lex)
    if near in org_roles and near not in person_roles:
        v[1] += 5
    elif near in person_roles or (c.roles & (lex.male_titles | lex.female_titles)):
        v[0] += 5
    # "X, a 34-year-old software tester" / "X, 58,": only people have ages
    # (not "The Daily Courier, the 72-year-old, ...": people's names take no article)
    if (
        any(r.endswith("-year-old") for r in c.roles)
        and doc[c.start].lower_ != "the"
        and (c.start == 0 or doc[c.start - 1].lower_ != "the")
    ):
        v[0] += 5
    if len(words) >= 2 and (
        words[0] in lex.male_names
        or words[0] in lex.female_names
        or c.label in ("PERSON", "CHAIN")
        and name_prior(words, lex)
    ):
        v[0] += 3
    if (
        words[-1] in lex.org_name_words
        or words[-1] in lex.business_name_words
        or words[-1].endswith(tuple(lex.lists.org_name_endings))
    ):
        v[1] += 3
    # "X said it would ...", "X unveils its ...": a neuter pronoun right after the name
    after = [
        t.lower_
        for t in doc[c.end : min(len(doc), c.end + 8)]
        if not t.is_sent_start or t.i == c.end
    ]
    if ("it" in after or "its" in after) and not {"he", "she", "his", "her"} & set(after):
        v[1] += 2


def _votes(doc: Doc, lex: Lexicon, cands: list[_Cand]) -> dict[str, list[float]]:
    """The type of each name is decided once, from all its mentions."""
    votes: dict[str, list[float]] = {}
    for c in cands:
        key = name_key(clean_name(c.name, lex))
        if key and key not in lex.platforms:
            _vote(doc, lex, c, key, votes.setdefault(key, [0.0, 0.0, 0.0, 0.0]))
    return votes


def build_registry(
    doc: Doc,
    lex: Lexicon,
    sent_of: list[int],
    content_spans: list[tuple[int, int]],
    quotes: list[Quote],
    known_names: tuple[str, ...] = (),
) -> Registry:
    """Every person and organisation the article names, each mention typed by a vote over
    all mentions of its name, with the descriptors that identify them; ``quotes`` are
    ``find_quotes`` of the doc's text."""
    reg = Registry(lex)
    for name in known_names:
        words = strip_titles(name.split(), lex)
        if len(words) >= 2:
            reg.person(" ".join(words), gender_of_name(words, lex))
    cands, taken = _candidates(doc, lex)
    votes = _votes(doc, lex, cands)
    person_keys = {k for k, v in votes.items() if v[0] > v[1]}
    surnames = {k.split()[-1] for k in person_keys if len(k.split()) >= 2}
    org_roles = lex.org_nouns | lex.business_nouns | lex.public_nouns
    for c in cands:
        name = clean_name(c.name, lex)
        key = name_key(name)
        if not key or key in lex.platforms:
            continue
        pos = c.pos
        in_content = any(s <= pos < e for s, e in content_spans)
        span = doc[c.start : c.end]
        if key in person_keys or (len(key.split()) == 1 and key in surnames):
            words = name.split()
            title_words = title_tokens_before(span, lex) + c.name.split()[:1]
            entry = reg.person(name, gender_of_name(words, lex, title_words))
        else:
            entry = reg.org(name)
            v = votes.get(key)
            entry.place = bool(v and v[2] > v[3] and not entry.roles & org_roles)
            near = nearest_role(span, lex)
            if near in org_roles:
                entry.roles.add(near)
        entry.roles.update(c.roles)
        reg.add_mention(Mention(pos, sent_of[c.start], entry, c.subject, False, in_content))
    _merge_short_orgs(reg)
    _short_form_mentions(doc, reg, sent_of, taken)
    reg.mentions.sort(key=lambda m: m.pos)
    _link_delayed(doc, lex, reg, sent_of, quotes)
    return reg


def _link_delayed(
    doc: Doc, lex: Lexicon, reg: Registry, sent_of: list[int], quotes: list[Quote]
) -> None:
    """ "A former treasurer of the league took the stand ... Gary Pemberton told the jury":
    an indefinite person descriptor early in a story is identified by the next new name.
    Its role words join that person (so "the 34-year-old" or a headline "Former treasurer"
    find them), and the descriptor itself resolves to them unless it is an anonymous source."""
    quoted = [(q.open_at, q.outer_end) for q in quotes]
    first_pos: dict[int, int] = {}
    for m in reg.mentions:
        if m.entry.type == "person":
            first_pos.setdefault(id(m.entry), m.pos)
    for tok in doc:
        if tok.tag_ not in ("NN",) or tok.lower_ in lex.org_nouns:
            continue
        if tok.dep_ not in ("nsubj", "nsubjpass") or any(s <= tok.idx < e for s, e in quoted):
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
            continue
        span_text = doc[tok.left_edge.i : tok.i + 1].text
        ages = ages_in(span_text)
        anonymous = tok.lower_ in lex.anonymous_nouns
        if anonymous and not ages:
            continue
        sent = sent_of[tok.i]
        if sent > 3 or tok.head.dep_ not in ("ROOT", "ccomp", "conj"):
            continue  # the delayed identification is a lead-paragraph device
        nxt = None
        # "a prosecutor told a jury ... prosecutor Hannah X said": a later person with that role
        for m in reg.mentions:
            if (
                m.entry.type == "person"
                and m.pos > tok.idx
                and tok.lower_ in m.entry.roles
                and tok.lower_ not in ("man", "woman", "person")
            ):
                nxt = m
                break
        for m in [] if nxt is not None else reg.mentions:
            if (
                m.entry.type != "person"
                or m.pos <= tok.idx
                or sent_of_pos(doc, m.pos, sent_of) > sent + 3
            ):
                continue
            if first_pos.get(id(m.entry)) == m.pos and not m.in_content:
                nxt = m
                break
        if nxt is None:
            continue
        roles = {tok.lower_} | set(ages)
        roles.update(
            c.lower_ for c in tok.children if c.dep_ in ("amod", "compound") and c.is_alpha
        )
        nxt.entry.roles.update(r for r in roles if r not in ("man", "woman", "person"))
        if not anonymous:
            reg.delayed[tok.idx] = nxt.entry


def sent_of_pos(doc: Doc, pos: int, sent_of: list[int]) -> int:
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return sent_of[span.start] if span is not None and len(span) else 10**6
