"""Building the entity registry of one Doc from spaCy's entities and the parse: candidate
names and organisations, their votes for person or organisation, delayed links."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .cues import Lexicon
from .descriptors import ages_in, nearest_role, possessed_body, role_words, title_tokens_before
from .doctext import doc_ents, doc_tokens
from .entities import BY_POS, ORG_LABELS, PERSON_LABELS, Entry, Mention
from .names import (
    clean_name,
    family_name_key,
    gender_of_name,
    hyphen_end,
    misread_given_name,
    name_key,
    name_prior,
    strip_titles,
)
from .quotes import Quote
from .registry import Registry
from .speakers import proper_name_end


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
    for tok in doc_tokens(doc):
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
            for e in doc_ents(doc)
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
    toks = doc_tokens(doc)  # one Token per word, built once (doc[i] builds one per read)
    i = 0
    n = len(doc)
    while i < n:
        if toks[i].tag_ in ("NNP", "NNPS") and i not in taken:
            j = i
            while (
                j < n
                and j not in taken
                and (
                    toks[j].tag_ in ("NNP", "NNPS")
                    and toks[j].text[:1].isupper()
                    or _name_hyphen(doc, j)
                )
            ):
                j += 1
            k = i
            while k < j and (
                toks[k].lower_.rstrip(".") in lex.titles or toks[k].lower_ in lex.parties
            ):
                k += 1
            if j - k >= 2 and (
                toks[k].lower_ in lex.male_names
                or toks[k].lower_ in lex.female_names
                or given_name_run(doc, k, j, lex)
                or k > i
                or (i > 0 and toks[i - 1].lower_.rstrip(".") in lex.titles)
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
    toks = doc_tokens(doc)  # one Token per word, built once (doc[i] builds one per read)
    i, n = 0, len(doc)
    while i < n:
        # a sentence-initial run counts only when it is all proper nouns ("Pelion Systems on
        # Tuesday unveiled ..."), never a capitalised common word ("Police Services ...")
        start_ok = not toks[i].is_sent_start or (
            toks[i].tag_ == "NNP"
            and toks[i].lower_ not in lex.org_nouns
            and toks[i].lower_ not in lex.titles
        )
        if (
            toks[i].tag_ in ("NNP", "NNPS")
            and i not in taken
            and toks[i].text[:1].isupper()
            and start_ok
        ):
            j = i
            while (
                j < n
                and j not in taken
                and toks[j].text[:1].isupper()
                and (
                    toks[j].tag_ in ("NNP", "NNPS")
                    or j > i
                    and toks[j].lower_ in words
                    and not toks[j].is_sent_start
                )
            ):
                j += 1
            if (
                j - i >= 2
                and toks[j - 1].lower_ in words
                and toks[i].lower_ not in lex.titles
                and toks[i].lower_ not in lex.male_names | lex.female_names
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
    for tok in doc_tokens(doc):
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


def _of_phrase_name(doc: Doc, lex: Lexicon, ent: Span, taken: set[int]) -> Span:
    """An organisation the NER cut before its "of"/"for" phrase ("the Reserve Bank" + "of
    Almaris", "the Harbour Board" + "of Tessaly"): a name headed by a word such names take
    (``org_heads``) runs over a capitalised "of" phrase right after it, as a speaker's name does;
    an entity ending on the "of" itself ("the Central Bank of" + "Almaris") too."""
    if ent.label_ != "ORG" or ent.root.lower_ not in lex.lists.org_heads:
        return ent
    start_of = ent.end - 1 if doc[ent.end - 1].lower_ in ("of", "for") else ent.end
    if start_of >= len(doc) or doc[start_of].lower_ not in ("of", "for"):
        return ent  # "the Court of Appeal on Wednesday": no other preposition
    end = proper_name_end(ent.root, start_of, lex)
    if end <= ent.end or any(i in taken for i in range(ent.end, end)):
        return ent
    return Span(doc, ent.start, end, label="ORG")


def _named_place(ent: Span, lex: Lexicon) -> bool:
    """ "born in the mill town of Carrow", "on the island of Vessa": a name after a place noun
    (``place_nouns``) and "of" is a place, though the NER typed it a person; it is nobody a
    pronoun or a descriptor may refer to."""
    if ent.start == 0:
        return False
    of = ent.doc[ent.start - 1]  # the word before the name first, the name's root only then
    if of.lower_ != "of":
        return False
    root = ent.root
    return (
        root.dep_ == "pobj"
        and root.head.i == of.i
        and of.head.tag_ == "NN"
        and of.head.lower_ in lex.lists.place_nouns
    )


def _entity_candidate(doc: Doc, lex: Lexicon, ent: Span, taken: set[int]) -> Span | None:
    """The name an NER entity stands for, adjusted to the name's real extent; None to skip it."""
    if ent.label_ not in PERSON_LABELS | ORG_LABELS or ent.label_ == "NORP":
        return None
    if ent.label_ != "PERSON" and _nickname(doc, ent.start, ent.end):
        return None
    if _named_place(ent, lex):
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
    ent = _of_phrase_name(doc, lex, ent, taken)
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
            for ent in doc_ents(doc)
        ):
            continue
        cands.append(
            _Cand(s, e, "ORGNP", span.text, set(), _is_subject(span.root), span.start_char)
        )
        taken.update(range(s, e))
    for ent in doc_ents(doc):
        span = _entity_candidate(doc, lex, ent, taken)
        if span is None:
            continue
        label = span.label_ or next(
            e.label_ for e in doc_ents(doc) if e.start <= span.end - 1 < e.end
        )
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
        for t in doc_tokens(doc)[c.end : min(len(doc), c.end + 8)]
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


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The characters of ``spans`` (half-open, possibly overlapping) as sorted disjoint runs:
    a position is in one of the spans exactly when it is in one of the runs."""
    runs: list[list[int]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if runs and s <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], e)
        else:
            runs.append([s, e])
    return [(s, e) for s, e in runs]


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
    surnames |= {  # "Kim Ji-woo": written family name first (the key lost its capitals)
        family_name_key(n)
        for c in cands
        if len((n := clean_name(c.name, lex)).split()) >= 2 and name_key(n) in person_keys
    }
    org_roles = lex.org_nouns | lex.business_nouns | lex.public_nouns
    covered = _union(content_spans)
    starts = [s for s, _ in covered]
    for c in cands:
        name = clean_name(c.name, lex)
        key = name_key(name)
        if not key or key in lex.platforms:
            continue
        pos = c.pos
        k = bisect_right(starts, pos) - 1  # the last covered run starting at or before pos
        in_content = k >= 0 and pos < covered[k][1]
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
            owned = possessed_body(span, lex)
            if owned is not None and entry.type == "organization" and not entry.place:
                entry.roles.add(owned)
        entry.roles.update(c.roles)
        reg.add_mention(Mention(pos, sent_of[c.start], entry, c.subject, False, in_content))
    _merge_short_orgs(reg)
    _short_form_mentions(doc, reg, sent_of, taken)
    reg.mentions.sort(key=BY_POS)
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
    for tok in doc_tokens(doc):
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
