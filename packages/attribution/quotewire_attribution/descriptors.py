"""Whether a descriptor ("the judge", "the 45-year-old", "the company") fits an entity: ages,
roles, parties, kinds of organisation."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .cues import Lexicon
from .entities import Entry

_AGE_RE = re.compile(r"(\d+)\s*-\s*year\s*-\s*old")


def ages_in(text: str) -> list[str]:
    """ "the 48-year-old" / "48 - year - old" -> ["48-year-old"]."""
    return [f"{m.group(1)}-year-old" for m in _AGE_RE.finditer(text.lower())]


def descriptor_gender(keys: set[str], lex: Lexicon) -> str | None:
    if keys & (lex.lists.female_descriptors | set(lex.female_titles)):
        return "f"
    if keys & (lex.lists.male_descriptors | set(lex.male_titles)):
        return "m"
    return None


def _parties(words, lex: Lexicon) -> set[str]:
    return {lex.party_forms.get(w, w) for w in words if w in lex.parties}


def descriptor_conflicts(e: Entry, keys: set[str], gender: str | None, lex: Lexicon) -> bool:
    """A descriptor cannot name someone described otherwise: another party, age or gender, or
    an officer of the court for a party to the trial ("the defendant")."""
    want_party = _parties(keys, lex)
    have_party = _parties(e.roles, lex)
    if want_party and have_party and not (want_party & have_party):
        return True
    want_age = {k for k in keys if k.endswith("-year-old")}
    have_age = {r for r in e.roles if r.endswith("-year-old")}
    if want_age and have_age and not (want_age & have_age):
        return True
    if keys & lex.lists.trial_parties and e.roles & lex.lists.court_officers:
        return True  # "the defendant" is not "prosecutor Ivo Marsh"
    return bool(gender and e.sex and gender != e.sex)


#: Words that join the parts of a body's name ("Ministry of Health and Social Care"): never a
#: modifier that tells one body from another.
NAME_LINKS = ("of", "and", "for")


def other_role(e: Entry, keys: set[str], lex: Lexicon) -> bool:
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


def descriptor_fits(e: Entry, h: str, lex: Lexicon) -> bool:
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


def is_plural(text: str) -> bool:
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


def apposition_speaks(head: Token, lex: Lexicon) -> bool:
    """The phrase the parser apposed to a name is the subject of a cue right after it, so it is
    a speaker, not the name's role: "... at Marn, the regional agency said"; and when the name is
    no subject (the object of a preposition in an opening clause), past a relative clause set off
    by commas: "Worried by the cuts at Marn, the union, which represents the crews, said"."""
    doc = head.doc
    nxt = head.right_edge.i + 1
    if head.head.dep_ not in ("nsubj", "nsubjpass") and nxt + 1 < len(doc):
        if doc[nxt].text == "," and doc[nxt + 1].lower_ in ("who", "which"):
            close = next((t.i for t in doc[nxt + 2 : doc[nxt].sent.end] if t.text == ","), None)
            nxt = close + 1 if close is not None else nxt
        elif doc[nxt].text == "," and any(
            c.dep_ == "relcl" and doc[c.left_edge.i - 1].text == "," for c in head.children
        ):
            nxt += 1  # the relative clause was parsed into the apposition
    return (
        nxt < len(doc) and doc[nxt].tag_.startswith("VB") and lex.cue(doc[nxt].lower_) is not None
    )


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

    for child in root.children:
        if child.dep_ == "appos" and not apposition_speaks(child, lex):
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
            if apposition_speaks(child, lex):
                continue
            return child.lower_
    return None


def possessed_body(span: Span, lex: Lexicon) -> str | None:
    """The organisation noun a body's name owns: "Harwick District Council's planning
    committee" -> "committee" (a later "the committee" is part of that council)."""
    root = span.root
    if (
        root.dep_ == "poss"
        and root.head.lower_ in lex.org_nouns
        and root.head.tag_ == "NN"
        and root.head.i > span.end - 1
    ):
        return root.head.lower_
    return None
