"""Speaker resolution: who a speaker mention refers to, as an ordered list of small rules.

:func:`resolve_mention` tries each rule of :data:`RESOLVERS` in turn; the first that
returns a :class:`Resolved` decides, and a rule returns None when its construction is not
the mention's. The order matters and is part of the design: pronouns before names, a
spokesperson before the organisation or person named inside the mention, names before
descriptors, anonymous sources before organisation descriptors and collectives. A new
construction is a new rule at the right place, with its own tests
(``tests/unit/attribution/test_resolvers.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from .cues import Lexicon
from .doctext import doc_text
from .model import Resolved
from .names import clean_name, gender_of_name, hyphen_end, misread_given_name, name_key
from .registry import Registry
from .speakers import (
    anonymous_antecedent,
    descriptor_word,
    document_author,
    earlier_document_author,
    ent_in,
    name_with_modifier,
    organisation_text,
    proper_chain,
)

_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|I'm|I’m|I've|I’ve)\b")


@dataclass
class MentionContext:
    """A speaker mention ``doc[start:end]`` headed by ``head`` in sentence ``sent``, with
    the registry of the article's names; ``exclude`` is the statement's content span (a
    pronoun there is not an antecedent). Derived views are computed once, on demand."""

    doc: Doc
    start: int
    end: int
    head: Token
    reg: Registry
    lex: Lexicon
    sent: int
    exclude: tuple[int, int] | None

    @cached_property
    def words(self) -> list[str]:
        return [t.text for t in self.doc[self.start : self.end]]

    @cached_property
    def lower(self) -> list[str]:
        return [w.lower() for w in self.words]

    @cached_property
    def text(self) -> str:
        return self.doc[self.start : self.end].text

    @property
    def pos(self) -> int:
        return self.doc[self.start].idx

    @property
    def hl(self) -> str:
        return self.head.lower_

    @property
    def det(self) -> str:
        """The first word, lower-case ("the", "a", ...): the determiner when there is one."""
        return self.lower[0] if self.lower else ""

    @cached_property
    def person_ent(self) -> Span | None:
        return ent_in(self.doc, self.start, self.end, {"PERSON"})

    @cached_property
    def org_ent(self) -> Span | None:
        return ent_in(self.doc, self.start, self.end, {"ORG", "GPE", "FAC"})

    @cached_property
    def chain(self) -> str | None:
        """The proper-noun run ending at the head, if the head is a proper noun."""
        return proper_chain(self.doc, self.start, self.end, self.head)

    @cached_property
    def cleaned(self) -> str:
        return clean_name(self.chain, self.lex) if self.chain else ""

    @property
    def plural(self) -> bool:
        return self.head.tag_ in ("NNS", "NNPS") or self.hl == "people"

    def is_document(self) -> bool:
        return self.hl in self.lex.document_nouns or self.hl in self.lex.lists.doc_heads

    def org(self, name: str, how: str = "org") -> Resolved:
        entry = self.reg.org(name)
        return Resolved(entry.canonical, "organization", how)


Resolver = Callable[[MentionContext], Resolved | None]


# -- 1. pronouns and identified descriptors ------------------------------------------------
def pronoun(m: MentionContext) -> Resolved | None:
    """ "he said", "they said": the antecedent the registry picks by gender, number and
    salience; an unresolvable pronoun stays itself (type unknown)."""
    if m.head.tag_ != "PRP" and m.hl not in m.lex.all_pronouns:
        return None
    entry, how = m.reg.pronoun(m.hl, m.pos, m.sent, m.exclude)
    if entry is None:
        return Resolved(m.text, "unknown", "unresolved")
    return Resolved(entry.canonical, entry.type, how, entry.gender)


def delayed_descriptor(m: MentionContext) -> Resolved | None:
    """ "A former treasurer of the league ... Gary Pemberton told the jury": an indefinite
    lead descriptor that the next new name identifies (linked by the registry)."""
    delayed = m.reg.delayed.get(m.head.idx)
    if delayed is None:
        return None
    return Resolved(delayed.canonical, delayed.type, "descriptor", delayed.gender)


# -- 2. documents speak for their authors -------------------------------------------------
def document_by_author(m: MentionContext) -> Resolved | None:
    """ "a study by the X Institute", "that assessment, published by X", "X's report": the
    organisation the document names as its author."""
    if not m.is_document():
        return None
    author = document_author(m.doc, m.head, m.lex)
    return m.org(author) if author is not None else None


def document_of_owner(m: MentionContext) -> Resolved | None:
    """ "its annual report", "the recall notice it published": the organisation the
    possessive or the relative clause's pronoun refers to (else the story's main one)."""
    if not m.is_document():
        return None
    owner = [c for c in m.head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
    owner += [
        g
        for c in m.head.children
        if c.dep_ in ("relcl", "acl")
        for g in c.children
        if g.dep_ == "nsubj" and g.lower_ in ("it", "they") and g.i > m.head.i
    ]
    if not owner:
        return None
    pron = "it" if owner[0].lower_ in ("its", "it") else "they"
    entry = m.reg.resolve_pronoun(pron, m.pos, m.sent, m.exclude)
    how = "pronoun"
    if entry is None or entry.type != "organization":
        entry = m.reg.salient_org(m.pos)  # far from any antecedent: the story's main body
        how = "descriptor_weak"
    return Resolved(entry.canonical, "organization", how) if entry is not None else None


def judicial_document(m: MentionContext) -> Resolved | None:
    """ "the judgment", "the ruling": the court that gave it."""
    if not m.is_document() or m.hl not in m.lex.lists.judicial_docs:
        return None
    e, _ = m.reg.describe("court", m.pos, m.sent, "organization", ("court",))
    return Resolved(e.canonical, "organization", "descriptor") if e is not None else None


def police_document(m: MentionContext) -> Resolved | None:
    """ "a search warrant filed at X Court", "an affidavit": a police filing speaks for the police
    force the article names, not the court it was filed at."""
    if m.hl not in m.lex.lists.police_docs:
        return None
    e, how = m.reg.describe("police", m.pos, m.sent, "organization", ("police",))
    if e is None or how != "descriptor":
        return None
    return Resolved(e.canonical, "organization", "descriptor")


def document_named_before(m: MentionContext) -> Resolved | None:
    """ "the survey" after "a survey by X": the author of the earlier document."""
    if not m.is_document() or m.det not in m.lex.lists.definite_determiners:
        return None
    author = earlier_document_author(m.doc, m.head, m.lex)
    return m.org(author, "descriptor") if author is not None else None


# -- 3. anonymous people and spokespeople -------------------------------------------------
def _who_clause(head: Token, words: tuple[str, ...]) -> bool:
    return any(
        c.dep_ == "relcl" and any(g.lower_ in words for g in c.children) for c in head.children
    )


def anonymous_with_relative_clause(m: MentionContext) -> Resolved | None:
    """ "A gallery attendant who has worked at X for eight years": an indefinite common noun
    described by a who-clause is an anonymous person; names inside the clause are not it."""
    lex = m.lex
    if (
        m.det not in ("a", "an")
        or m.head.tag_ != "NN"
        or m.head.ent_type_
        or m.hl in lex.org_nouns
        or m.hl in lex.spokesperson
        or not _who_clause(m.head, ("who", "whose"))
    ):
        return None
    return Resolved(m.text, "unknown", "anonymous")


def spokesperson_for_org(m: MentionContext) -> Resolved | None:
    """ "A spokesperson for X", "a Lumora spokesperson", "a spokesperson for the company":
    a spokesperson without a name speaks for the organisation."""
    lex = m.lex
    if not any(w in lex.spokesperson for w in m.lower):
        return None
    if m.person_ent is not None:
        named_body = _spoken_for_body(m)
        return m.org(named_body) if named_body is not None else None
    org_tokens = [
        t
        for t in m.doc[m.start : m.end]
        if t.tag_ in ("NNP", "NNPS") and t.lower_ not in lex.spokesperson
    ]
    if org_tokens:
        org_text = organisation_text(m.doc, org_tokens)
        # "a Pelion spokesperson" speaks for "Pelion Systems" named earlier
        entry = m.reg.find_org_prefix(org_text) if len(org_text.split()) == 1 else None
        entry = entry or m.reg.org(org_text)
        return Resolved(entry.canonical, "organization", "org")
    for w in m.lower:
        if w in lex.org_nouns and w not in lex.spokesperson and w not in lex.document_nouns:
            e, how = m.reg.describe(w, m.pos, m.sent, "organization", (w,))
            if e is not None:
                return Resolved(e.canonical, "organization", "org" if how == "descriptor" else how)
            # "a spokesperson for the police" and no police named: the body the phrase names
            return Resolved(w, "organization", "descriptor_weak")
    return None


def _spoken_for_body(m: MentionContext) -> str | None:
    """ "a spokeswoman for the Ndukwe campaign": the body after "for"/"of", a person's name with
    an organisation noun ("campaign", "office"), is the organisation, not the person whose
    name it carries ("a spokesperson for his Civic Front party" is Civic Front: no person)."""
    words = m.lower
    k = next((i for i, w in enumerate(words) if w in m.lex.spokesperson), None)
    if k is None or k + 2 >= len(words) or words[k + 1] not in ("for", "of"):
        return None
    toks = list(m.doc[m.start + k + 2 : m.end])
    if toks and toks[0].dep_ in ("det", "poss"):
        toks = toks[1:]
    if (
        len(toks) < 2
        or toks[-1].lower_ not in m.lex.org_nouns
        or not any(t.tag_ in ("NNP", "NNPS") for t in toks[:-1])
    ):
        return None
    return " ".join(t.text for t in toks)


# -- 4. names -----------------------------------------------------------------------------
def apposed_organisation_name(m: MentionContext) -> Resolved | None:
    """ "The lobby group TechForward said": a name in apposition to an organisation noun is
    that organisation's name (whatever the NER made of it)."""
    head, lex = m.head, m.lex
    if (
        head.dep_ != "appos"
        or head.tag_ not in ("NNP", "NNPS")
        or head.head.i >= head.i
        or head.head.lower_ not in lex.org_nouns | lex.business_nouns
    ):
        return None
    name = clean_name(m.chain or m.text, lex)
    return m.org(name) if name else None


def _person_name(m: MentionContext) -> str:
    """The person entity's name without titles; a hyphenated second part and a given name
    the tagger misread ("Per", "Will") joined."""
    doc, ent = m.doc, m.person_ent
    toks = list(ent) + list(doc[ent.end : hyphen_end(doc, ent.end)])  # "Whitcombe" + "-Ardley"
    while len(toks) > 1 and toks[0].tag_ not in ("NNP", "NNPS"):
        toks = toks[1:]
    if misread_given_name(doc, toks[0].i - 1) and toks[0].i - 1 >= m.start:
        toks = [doc[toks[0].i - 1], *toks]
    return clean_name(doc[toks[0].i : toks[-1].i + 1].text, m.lex)


def named_person(m: MentionContext) -> Resolved | None:
    """A person entity: that person, unless the registry found the name to be an
    organisation elsewhere ("Strata Cloud Services" tagged PERSON here, or "Strata" for it)."""
    if m.person_ent is None:
        return None
    name = _person_name(m)
    if not name:
        return None
    reg = m.reg
    one_word_unknown = len(name.split()) == 1 and reg.find_by_surname(name) is None
    if one_word_unknown:
        org = reg.find_org_prefix(name)
        if org is not None:
            return Resolved(org.canonical, "organization", "org")
    known = next(
        (
            e
            for e in reg.entries
            if e.type == "organization" and not e.place and name_key(e.canonical) == name_key(name)
        ),
        None,
    )
    if known is None and one_word_unknown:
        known = reg.find_org_prefix(name)
    if known is not None:
        return Resolved(known.canonical, "organization", "org")
    entry = reg.person(name, gender_of_name(name.split(), m.lex, m.words))
    return Resolved(entry.canonical, "person", "name", entry.gender)


def acronym_organisation(m: MentionContext) -> Resolved | None:
    """ "Industry group AEMAR": an acronym the tagger read as a common noun heads an
    organisation entity."""
    ent, head, lex = m.org_ent, m.head, m.lex
    if (
        ent is None
        or not ent.start <= head.i < ent.end
        or head.tag_ not in ("NN", "NNS")
        or not head.text[:1].isupper()
        or m.hl in lex.document_nouns
        or m.hl in lex.org_nouns
    ):
        return None
    name = clean_name(ent.text, lex)
    if not name:
        return None
    entry = m.reg.find_org_prefix(name) if len(name.split()) == 1 else None
    entry = entry or m.reg.org(name)
    return Resolved(entry.canonical, "organization", "org")


def definite_proper_role(m: MentionContext) -> Resolved | None:
    """ "The Republican", "The Russian President": a capitalised role names the person it
    describes, unless it names a known organisation ("the Commission" for "European Commission")."""
    if m.det != "the" or not m.chain or m.person_ent is not None:
        return None
    known_org = m.reg.find_org_suffix(m.chain, m.hl, tuple(m.lower))
    if known_org is not None:
        return Resolved(known_org.canonical, "organization", "org")
    lex, hl = m.lex, m.hl
    if m.org_ent is not None and hl not in lex.titles:
        return None
    role = (
        hl in lex.titles
        or hl in lex.parties
        or ent_in(m.doc, m.start, m.end, {"NORP"}) is not None
        or len(m.chain.split()) == 1
        and hl not in lex.org_name_words
    )
    if not role:
        return None
    e, how = m.reg.describe(hl, m.pos, m.sent, "person", tuple(m.lower))
    return Resolved(e.canonical, "person", how, e.gender) if e is not None else None


def known_short_name(m: MentionContext) -> Resolved | None:
    """ "Pemberton said": a surname of a person named before; "Strata says": the short form
    of a known organisation."""
    words = m.cleaned.split()
    if len(words) != 1:
        return None
    e = m.reg.find_by_surname(words[0])
    if e is not None:
        return Resolved(e.canonical, "person", "surname", e.gender)
    e = m.reg.find_org_prefix(m.cleaned)
    if e is not None and m.person_ent is None:
        return Resolved(e.canonical, "organization", "org")
    return None


def place_speaking_as_person(m: MentionContext) -> Resolved | None:
    """ "Okwuosa said. "... on top of me ..."": a one-word name the NER read as a place or
    body whose own words say "I"/"me"/"my" is a person (places and bodies speak as "we")."""
    words = m.cleaned.split()
    if (
        len(words) != 1
        or m.person_ent is not None
        or m.exclude is None
        or not _FIRST_SINGULAR.search(doc_text(m.doc)[m.exclude[0] : m.exclude[1]])
    ):
        return None
    place = next(
        (
            e
            for e in m.reg.entries
            if e.type == "organization"
            and len(e.canonical.split()) == 1
            and name_key(e.canonical) == name_key(m.cleaned)
        ),
        None,
    )
    if place is None:
        return None
    place.type, place.place = "person", False
    return Resolved(place.canonical, "person", "name", place.gender)


def proper_name(m: MentionContext) -> Resolved | None:
    """Any other proper-noun name: a person when it looks like one (two words, or a
    gendered title), an organisation when it has an organisation word or entity or "the",
    and a lone proper noun that is no role word a person."""
    cleaned, lex, hl = m.cleaned, m.lex, m.hl
    if not cleaned or cleaned.islower() and cleaned == hl and hl in lex.org_nouns:
        return None  # a headline's bare "institute says": a descriptor, not a name
    cw = cleaned.split()
    ent = m.org_ent
    org_like = ent is not None or any(w.lower() in lex.org_name_words for w in cw)
    the = m.doc[m.start].lower_ == "the"
    if not org_like and hl not in lex.org_nouns:
        title_gender = gender_of_name(cw, lex, m.words)
        if len(cw) >= 2 or title_gender:
            entry = m.reg.person(cleaned, title_gender)
            return Resolved(entry.canonical, "person", "name", entry.gender)
    if (org_like or the) and hl not in lex.document_nouns:
        entry = m.reg.org(cleaned, hl, tuple(m.lower))
        return Resolved(entry.canonical, "organization", "org")
    if (
        m.head.tag_ == "NNP"
        and hl not in lex.org_nouns
        and hl not in lex.titles
        and not descriptor_word(hl)
    ):
        entry = m.reg.person(cleaned, None)
        return Resolved(entry.canonical, "person", "name", entry.gender)
    return None


# -- 5. descriptors -----------------------------------------------------------------------
def document_organisation(m: MentionContext) -> Resolved | None:
    """ "a regulatory filing", "the report": the organisation behind a document (named in it,
    described in it, or the story's), else the document itself, unresolved."""
    lex = m.lex
    if m.hl not in lex.document_nouns:
        return None
    if m.org_ent is not None:
        return m.org(clean_name(m.org_ent.text, lex))
    for w in m.lower:
        if w in lex.org_nouns and w != m.hl and w not in lex.document_nouns:
            e, how = m.reg.describe(w, m.pos, m.sent, "organization")
            if e:
                return Resolved(e.canonical, "organization", how)
    e, _ = m.reg.describe("*", m.pos, m.sent, "organization")
    if e:
        return Resolved(e.canonical, "organization", "descriptor_weak")
    if m.hl in lex.lists.doc_heads:  # a document whose author the article never names
        return Resolved(m.text, "organization", "unresolved")
    return None


def anonymous_named_again(m: MentionContext) -> Resolved | None:
    """ "The official said" after "A senior coalition official ... said": a definite mention
    of an anonymous source's noun is that source (unless a person with that role came since)."""
    if m.det not in ("the", "this") or m.head.tag_ not in ("NN", "NNS"):
        return None
    anon = anonymous_antecedent(m.reg, m.hl, m.pos)
    return Resolved(anon.canonical, anon.type, "descriptor") if anon is not None else None


def anonymous_source(m: MentionContext) -> Resolved | None:
    """ "a diplomat", "several officials", "officials said": an anonymous source, as written."""
    lists = m.lex.lists
    if m.hl not in m.lex.anonymous_nouns:
        return None
    bare_plural = m.plural and m.hl in lists.anonymous_bare
    if (
        m.det in lists.indefinite
        or bare_plural
        and (m.start == m.head.i or m.det not in ("the", "these", "those"))
    ):
        return Resolved(m.text, "unknown", "anonymous")
    return None


def anonymous_who(m: MentionContext) -> Resolved | None:
    """ "A crane operator who has worked at the port ...": "who" makes an indefinite noun a person."""
    if m.det in ("a", "an") and _who_clause(m.head, ("who",)):
        return Resolved(m.text, "unknown", "anonymous")
    return None


def organisation_descriptor(m: MentionContext) -> Resolved | None:
    """ "the ministry", "police", "the summit presidency": the organisation the descriptor
    refers to (named in it, described before, or named with its modifier word), else its
    own words. "The team" that only a guess would tie to a body is left to :func:`collective`."""
    lex, hl = m.lex, m.hl
    if not (hl in lex.org_nouns and not m.plural or hl in ("police", "authorities")):
        return None
    if m.org_ent is not None:
        return m.org(clean_name(m.org_ent.text, lex))
    e, how = m.reg.describe(hl, m.pos, m.sent, "organization", tuple(m.lower))
    if e and how == "descriptor_weak" and hl in lex.lists.research_groups:
        return None  # "the team" that wrote up the experiment: a group (``collective``)
    if e:
        return Resolved(e.canonical, "organization", how)
    named = name_with_modifier(m.doc, m.head, m.lower, lex, m.sent)
    if named is not None:
        entry = m.reg.org(named)
        entry.roles.add(hl)
        return Resolved(entry.canonical, "organization", "descriptor")
    own = clean_name(m.text, lex) or m.text
    if (
        len(own.split()) >= 2 and hl not in lex.document_nouns
    ):  # "The summit presidency" names its own body
        return m.org(own)
    return Resolved(own, "organization", "unresolved")


def collective(m: MentionContext) -> Resolved | None:
    """ "residents", "the researchers", "the team", "the family": a group; "the authors" of a
    study is the research group that spoke before."""
    lex = m.lex
    if not (m.plural or m.hl in lex.group_nouns or m.hl in lex.lists.household_nouns):
        return None
    research = lex.lists.research_groups
    if m.det == "the" and m.hl in research:
        for mm in reversed(m.reg.mentions):
            if (
                mm.pos < m.pos
                and mm.entry.type == "group"
                and m.hl in name_key(mm.entry.canonical).split()
            ):
                return Resolved(mm.entry.canonical, "group", "descriptor")
        for mm in reversed(m.reg.mentions):
            if (
                mm.pos < m.pos
                and mm.entry.type == "group"
                and mm.speaker
                and set(name_key(mm.entry.canonical).split()) & research
            ):
                return Resolved(mm.entry.canonical, "group", "descriptor")
    return Resolved(clean_name(m.text, lex) if m.det == "the" else m.text, "group", "group")


def person_descriptor(m: MentionContext) -> Resolved | None:
    """ "the spokesman", "the Republican", "the 54-year-old": the person the registry finds
    with that role; an indefinite one ("a lawyer") is anonymous."""
    lex = m.lex
    if not (
        m.det == "the"
        or descriptor_word(m.hl)
        or m.hl in lex.titles
        or m.head.tag_ in ("NN", "NNP", "JJ")
    ):
        return None
    if m.det in lex.lists.indefinite:
        return Resolved(m.text, "unknown", "anonymous")
    e, how = m.reg.describe(m.hl, m.pos, m.sent, "person", tuple(m.lower))
    return Resolved(e.canonical, "person", how, e.gender) if e is not None else None


#: The rules, in the order they are tried.
RESOLVERS: tuple[Resolver, ...] = (
    pronoun,
    delayed_descriptor,
    document_by_author,
    document_of_owner,
    judicial_document,
    police_document,
    document_named_before,
    anonymous_with_relative_clause,
    spokesperson_for_org,
    apposed_organisation_name,
    named_person,
    acronym_organisation,
    definite_proper_role,
    known_short_name,
    place_speaking_as_person,
    proper_name,
    document_organisation,
    anonymous_named_again,
    anonymous_source,
    anonymous_who,
    organisation_descriptor,
    collective,
    person_descriptor,
)


def resolve_mention(
    doc: Doc,
    start: int,
    end: int,
    head: Token,
    reg: Registry,
    lex: Lexicon,
    sent: int,
    exclude: tuple[int, int] | None,
    resolvers: tuple[Resolver, ...] = RESOLVERS,
) -> Resolved:
    """Canonical speaker and type for the mention ``doc[start:end]`` headed by ``head``: the
    first rule that recognises it; unresolved (the mention as written) when none does."""
    m = MentionContext(doc, start, end, head, reg, lex, sent, exclude)
    for rule in resolvers:
        res = rule(m)
        if res is not None:
            return res
    return Resolved(m.text, "unknown", "unresolved")
