"""Speaker mentions: which tokens form the mention, and who it refers to."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .coref import Entry, Registry
from .cues import Lexicon
from .model import Resolved
from .names import clean_name, gender_of_name, hyphen_end, misread_given_name, name_key

_LEFT_DEPS = {"det", "compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "predet", "advmod", "npadvmod", "punct"}
_RIGHT_DEPS_COMMON = {"prep", "acl", "amod"}
_AGE = re.compile(r"^\d+-year-old$")
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|I'm|I’m|I've|I’ve)\b")


def mention_head(tok: Token) -> Token:
    """Prefer a named apposition: "Her label, Crescent Records" -> "Crescent Records"."""
    if tok.tag_ in ("NN", "NNS"):
        for child in tok.children:
            if child.dep_ == "appos" and child.tag_ in ("NNP", "NNPS") and child.ent_type_ in ("PERSON", "ORG", ""):
                return child
            # "chief financial officer Per Holm": the given name was read as a preposition
            if child.dep_ == "prep" and child.i == tok.i + 1 and misread_given_name(tok.doc, child.i):
                for g in child.children:
                    if g.dep_ == "pobj" and g.tag_ in ("NNP", "NNPS"):
                        return g
    return tok


def mention_tokens(head: Token, lex: Lexicon) -> tuple[int, int]:
    """Token range [start, end) of the mention headed by ``head``."""
    if head.tag_ in ("PRP",):
        return head.i, head.i + 1
    doc = head.doc
    age = _age_start(head)
    if age is not None:  # "the 54-year-old", split into five tokens the parser may scatter
        return age, head.i + 1
    start = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_DEPS and not (child.is_punct and child.text not in ("-",)):
            start = min(start, child.left_edge.i)
    if head.tag_ in ("NNP", "NNPS"):
        # a proper-noun run the parser split ("Nadia" left as a separate fragment)
        while start - 1 >= 0 and doc[start - 1].tag_ in ("NNP", "NNPS") and not doc[start].is_sent_start \
                and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        if misread_given_name(doc, start - 1):
            start -= 1
    # never start on punctuation or inside an earlier clause
    while start < head.i and (doc[start].is_punct or doc[start].tag_ in ("``", "''")):
        start += 1
    end = head.i + 1
    if head.tag_ in ("NNP", "NNPS"):
        end = _name_end(doc, end)
    # "Delegates from 39 small island nations": a capitalised common collective opening a sentence
    common = head.tag_ in ("NN", "NNS") or head.lower_ in ("people",) or (
        head.tag_ in ("NNP", "NNPS") and (head.is_sent_start or start == head.i and doc[start].is_sent_start)
        and head.lower_ in lex.group_nouns | lex.anonymous_nouns)
    if common:
        for child in head.rights:
            if child.dep_ in _RIGHT_DEPS_COMMON and not any(t.is_punct for t in doc[head.i + 1 : child.i]):
                end = max(end, child.right_edge.i + 1)
                if child.dep_ == "prep" and child.lower_ not in ("for", "of", "from", "with", "at", "in", "to") \
                        and not (child.lower_ == "by" and head.lower_ in lex.lists.doc_heads):
                    end = head.i + 1
        # an anonymous source is described as written: "A crane operator who has worked at the
        # port for 26 years[, and who ...]" (up to the first punctuation)
        det = [c for c in head.lefts if c.dep_ == "det"]
        if det and det[0].lower_ in ("a", "an") and head.tag_ == "NN":
            for child in head.rights:
                if child.dep_ == "relcl" and child.left_edge.i == end and child.left_edge.lower_ in ("who", "whose"):
                    stop = child.right_edge.i + 1
                    for t in doc[child.left_edge.i : stop]:
                        if t.is_punct or t.is_space:
                            stop = t.i
                            break
                    end = max(end, stop)
    else:
        for child in head.rights:
            if child.dep_ in ("compound", "flat") and child.i == end:
                end = child.i + 1
        # "Ministry of Defence", "Institute for Ageing Research", "Relief Without Borders"
        for child in head.rights:
            if child.dep_ == "prep" and child.i == end and (child.text[:1].isupper() or head.lower_ in lex.lists.org_heads):
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj and pobj[0].tag_ in ("NNP", "NNPS") and all(
                        t.text[:1].isupper() or t.lower_ in ("of", "for", "and", "the", "&", "-")
                        for t in doc[child.i + 1 : pobj[0].right_edge.i + 1]):
                    end = pobj[0].right_edge.i + 1
    if common:  # a mention never runs over a comma ("A doctor in X, who was not authorised ...")
        for t in doc[head.i + 1 : end]:
            if t.text in (",", ";", "(", "\u2014", "\u2013"):
                end = t.i
                break
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _age_start(head: Token) -> int | None:
    """Start of "the 54 - year - old" when ``head`` is its last token."""
    doc = head.doc
    i = head.i
    if head.lower_ != "old" or i < 3 or doc[i - 2].lower_ != "year" or doc[i - 1].text != "-":
        return None
    k = i - 3
    if doc[k].text == "-":
        k -= 1
    if k < 0 or not doc[k].like_num:
        return None
    if k > 0 and doc[k - 1].lower_ in ("the", "a", "an"):
        k -= 1
    return k


def _name_end(doc: Doc, end: int) -> int:
    """Extend a proper name over a hyphenated second part ("Dubois-Mensah") and over the rest of a
    name the head is a compound of ("Chloé Dubois" + "-Mensah")."""
    while end + 1 < len(doc):
        t = doc[end]
        if t.text in ("-", "\u2010") and not doc[end - 1].whitespace_ and not t.whitespace_ \
                and doc[end + 1].tag_ in ("NNP", "NNPS") and doc[end + 1].text[:1].isupper():
            end += 2
            continue
        break
    return end


def _ent_in(doc: Doc, start: int, end: int, labels: set[str]):
    best = None
    for ent in doc.ents:
        if ent.start >= start and ent.end <= end and ent.label_ in labels:
            if best is None or ent.end > best.end:
                best = ent
    return best


def _proper_chain(doc: Doc, start: int, end: int, head: Token) -> str | None:
    """The run of proper-noun tokens ending at the head: "Rovers coach Mirela Kostić" -> "Mirela Kostić"."""
    if head.tag_ not in ("NNP", "NNPS"):
        return None
    i = head.i
    while i - 1 >= start and (doc[i - 1].tag_ in ("NNP", "NNPS") or doc[i - 1].text in ("-",)):
        i -= 1
    j = head.i + 1
    text = doc[i:j].text
    return text


def resolve_mention(doc: Doc, start: int, end: int, head: Token, reg: Registry, lex: Lexicon,
                    sent: int, exclude: tuple[int, int] | None) -> Resolved:
    """Canonical speaker and type for the mention ``doc[start:end]`` headed by ``head``."""
    words = [t.text for t in doc[start:end]]
    lower = [w.lower() for w in words]
    text = doc[start:end].text
    pos = doc[start].idx
    hl = head.lower_

    # 1. pronouns
    if head.tag_ == "PRP" or hl in lex.all_pronouns:
        entry, how = reg.pronoun(hl, pos, sent, exclude)
        if entry is None:
            return Resolved(text, "unknown", "unresolved")
        return Resolved(entry.canonical, entry.type, how, entry.gender)

    # 1b. an indefinite lead descriptor identified by a name soon after
    delayed = reg.delayed.get(head.idx)
    if delayed is not None:
        return Resolved(delayed.canonical, delayed.type, "descriptor", delayed.gender)

    # 1c. a document by a named author: "a study by the X Institute for Y", "that assessment,
    # published by X"; "its annual report" (the owner); "the survey" after "a survey by X"
    if hl in lex.document_nouns or hl in lex.lists.doc_heads:
        author = document_author(doc, head, lex)
        if author is not None:
            entry = reg.org(author)
            return Resolved(entry.canonical, "organization", "org")
        owner = [c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
        # "the recall notice it published": the pronoun subject of the relative clause owns it
        owner += [g for c in head.children if c.dep_ in ("relcl", "acl") for g in c.children
                  if g.dep_ == "nsubj" and g.lower_ in ("it", "they") and g.i > head.i]
        owner = [o if o.lower_ != "they" else o for o in owner]
        if owner:
            entry = reg.resolve_pronoun("it" if owner[0].lower_ in ("its", "it") else "they", pos, sent, exclude)
            if entry is None or entry.type != "organization":
                entry = reg.salient_org(pos)  # far from any antecedent: the story's main body
                how = "descriptor_weak"
            else:
                how = "pronoun"
            if entry is not None:
                return Resolved(entry.canonical, "organization", how)
        if hl in lex.lists.judicial_docs:  # "the judgment", "the ruling": the court that gave it
            e, how = reg.describe("court", pos, sent, "organization", ("court",))
            if e is not None:
                return Resolved(e.canonical, "organization", "descriptor")
        if lower and lower[0] in ("the", "that", "this", "these", "those"):
            author = _earlier_document_author(doc, head, lex)
            if author is not None:
                entry = reg.org(author)
                return Resolved(entry.canonical, "organization", "descriptor")

    # 1d. "A gallery attendant who has worked at X for eight years": an indefinite common noun
    # described by a relative clause is an anonymous person; the names inside the clause are
    # not the speaker
    if lower and lower[0] in ("a", "an") and head.tag_ == "NN" and not head.ent_type_ \
            and hl not in lex.org_nouns and hl not in lex.spokesperson \
            and any(c.dep_ == "relcl" and any(g.lower_ in ("who", "whose") for g in c.children) for c in head.children):
        return Resolved(text, "unknown", "anonymous")

    # 2. a spokesperson speaks for the organisation ("A spokesperson for X", "A Lumora spokesperson")
    has_spokes = any(w in lex.spokesperson for w in lower)
    person_ent = _ent_in(doc, start, end, {"PERSON"})
    if has_spokes and person_ent is None:
        org_tokens = [t for t in doc[start:end] if t.tag_ in ("NNP", "NNPS") and t.lower_ not in lex.spokesperson]
        if org_tokens:
            org_text = _org_text(doc, org_tokens)
            # "a Pelion spokesperson" speaks for "Pelion Systems" named earlier
            entry = reg.find_org_prefix(org_text) if len(org_text.split()) == 1 else None
            entry = entry or reg.org(org_text)
            return Resolved(entry.canonical, "organization", "org")
        # "A spokesperson for the company": the organisation that descriptor names
        for w in lower:
            if w in lex.org_nouns and w not in lex.spokesperson and w not in lex.document_nouns:
                e, how = reg.describe(w, pos, sent, "organization", (w,))
                if e is not None:
                    return Resolved(e.canonical, "organization", "org" if how == "descriptor" else how)

    # 3. a named person
    if person_ent is not None:
        name_toks = list(person_ent)
        name_toks += list(doc[person_ent.end : hyphen_end(doc, person_ent.end)])  # "Whitcombe" + "-Ardley"
        while len(name_toks) > 1 and name_toks[0].tag_ not in ("NNP", "NNPS"):
            name_toks = name_toks[1:]
        if misread_given_name(doc, name_toks[0].i - 1) and name_toks[0].i - 1 >= start:
            name_toks = [doc[name_toks[0].i - 1]] + name_toks
        name = clean_name(doc[name_toks[0].i : name_toks[-1].i + 1].text, lex)
        if name and len(name.split()) == 1 and reg.find_by_surname(name) is None:
            org = reg.find_org_prefix(name)  # "Strata" read as a person; "Strata Cloud Services" is known
            if org is not None:
                return Resolved(org.canonical, "organization", "org")
        if name:
            # the registry voted over every mention: "Strata Cloud Services" tagged PERSON here
            # is the organisation it was found to be elsewhere
            known = next((e for e in reg.entries if e.type == "organization" and not e.place
                          and name_key(e.canonical) == name_key(name)), None)
            if known is None and len(name.split()) == 1 and reg.find_by_surname(name) is None:
                known = reg.find_org_prefix(name)
            if known is not None:
                return Resolved(known.canonical, "organization", "org")
            entry = reg.person(name, gender_of_name(name.split(), lex, words))
            return Resolved(entry.canonical, "person", "name", entry.gender)

    # 4. proper nouns: known surname, known organisation, or a new name
    chain = _proper_chain(doc, start, end, head)
    org_ent = _ent_in(doc, start, end, {"ORG", "GPE", "FAC"})
    # "Industry group AEMAR": an acronym the tagger read as a common noun heads an organisation
    if org_ent is not None and org_ent.start <= head.i < org_ent.end and head.tag_ in ("NN", "NNS") \
            and head.text[:1].isupper() and hl not in lex.document_nouns and hl not in lex.org_nouns:
        name = clean_name(org_ent.text, lex)
        if name:
            entry = reg.find_org_prefix(name) if len(name.split()) == 1 else None
            entry = entry or reg.org(name)
            return Resolved(entry.canonical, "organization", "org")
    det0 = lower[0] if lower else ""
    if det0 == "the" and chain and person_ent is None:
        # "The Republican", "The Russian President": a role, unless it names a known organisation
        known_org = reg.find_org_suffix(chain)
        if known_org is not None:
            return Resolved(known_org.canonical, "organization", "org")
        if org_ent is None or hl in lex.titles:
            if hl in lex.titles or hl in lex.parties or _ent_in(doc, start, end, {"NORP"}) is not None or len(chain.split()) == 1 and hl not in lex.org_name_words:
                e, how = reg.describe(hl, pos, sent, "person", tuple(lower))
                if e is not None:
                    return Resolved(e.canonical, "person", how, e.gender)
    if chain:
        cleaned = clean_name(chain, lex)
        cw = cleaned.split()
        if cw and len(cw) == 1:
            e = reg.find_by_surname(cw[0])
            if e is not None:
                return Resolved(e.canonical, "person", "surname", e.gender)
            # "Strata says" for "Strata Cloud Services": the short form of a known organisation
            e = reg.find_org_prefix(cleaned)
            if e is not None and person_ent is None:
                return Resolved(e.canonical, "organization", "org")
        # "Okwuosa said. “... on top of me ...”": a one-word name the NER read as a place or body
        # whose own words say "I"/"me"/"my" is a person (places and bodies speak as "we")
        if cw and len(cw) == 1 and person_ent is None and exclude is not None \
                and _FIRST_SINGULAR.search(doc.text[exclude[0] : exclude[1]]):
            place = next((e for e in reg.entries if e.type == "organization" and len(e.canonical.split()) == 1
                          and name_key(e.canonical) == name_key(cleaned)), None)
            if place is not None:
                place.type, place.place = "person", False
                return Resolved(place.canonical, "person", "name", place.gender)
        org_like = org_ent is not None or any(w.lower() in lex.org_name_words for w in cw)
        if org_ent is not None and (doc[start].lower_ == "the" or head.i < org_ent.end):
            org_like = True
        if cleaned and not org_like and hl not in lex.org_nouns:
            title_gender = gender_of_name(cw, lex, words)
            if len(cw) >= 2 or title_gender:
                entry = reg.person(cleaned, title_gender)
                return Resolved(entry.canonical, "person", "name", entry.gender)
        if cleaned and (org_like or doc[start].lower_ == "the"):
            if hl in lex.document_nouns:
                pass
            else:
                entry = reg.org(cleaned)
                return Resolved(entry.canonical, "organization", "org")
        if cleaned and head.tag_ in ("NNP",) and hl not in lex.org_nouns and hl not in lex.titles and not _descriptor_word(hl):
            entry = reg.person(cleaned, None)
            return Resolved(entry.canonical, "person", "name", entry.gender)

    # 5. documents: the organisation behind them ("a regulatory filing", "a study by X")
    if hl in lex.document_nouns:
        if org_ent is not None:
            entry = reg.org(clean_name(org_ent.text, lex))
            return Resolved(entry.canonical, "organization", "org")
        for w in lower:
            if w in lex.org_nouns and w != hl and w not in lex.document_nouns:
                e, how = reg.describe(w, pos, sent, "organization")
                if e:
                    return Resolved(e.canonical, "organization", how)
        e, how = reg.describe("*", pos, sent, "organization")
        if e:
            return Resolved(e.canonical, "organization", "descriptor_weak")
        if hl in lex.lists.doc_heads:  # a document whose author the article never names
            return Resolved(text, "organization", "unresolved")

    det = lower[0] if lower else ""
    plural = head.tag_ in ("NNS", "NNPS") or hl == "people"

    # 5b. "The official said" after "A senior coalition official ... said": a definite mention of
    # an anonymous source's noun is that source (unless a named person with that role came since)
    if det in ("the", "this") and head.tag_ in ("NN", "NNS"):
        anon = _anonymous_antecedent(reg, hl, pos)
        if anon is not None:
            return Resolved(anon.canonical, anon.type, "descriptor")

    # 6. anonymous sources
    if hl in lex.anonymous_nouns and (det in lex.lists.indefinite or (plural and start == head.i - 0 and hl in lex.lists.anonymous_bare)
                                      or (plural and hl in lex.lists.anonymous_bare and det not in ("the", "these", "those"))):
        return Resolved(text, "unknown", "anonymous")

    # 6b. "A crane operator who has worked at the port ...": "who" makes an indefinite noun a person
    if det in ("a", "an") and any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in head.children):
        return Resolved(text, "unknown", "anonymous")

    # 7. organisation descriptors
    if hl in lex.org_nouns and not plural or hl in ("police", "authorities"):
        if org_ent is not None:
            entry = reg.org(clean_name(org_ent.text, lex))
            return Resolved(entry.canonical, "organization", "org")
        e, how = reg.describe(hl, pos, sent, "organization", tuple(lower))
        if e:
            return Resolved(e.canonical, "organization", how)
        named = _name_with_modifier(doc, head, lower, lex, sent)
        if named is not None:
            entry = reg.org(named)
            entry.roles.add(hl)
            return Resolved(entry.canonical, "organization", "descriptor")
        own = clean_name(text, lex) or text
        if len(own.split()) >= 2 and hl not in lex.document_nouns:  # "The summit presidency" names its own body
            entry = reg.org(own)
            return Resolved(entry.canonical, "organization", "org")
        return Resolved(own, "organization", "unresolved")

    # 8. collectives
    if plural or hl in lex.group_nouns:
        if det == "the" and hl in lex.lists.research_groups:
            for m in reversed(reg.mentions):
                if m.pos < pos and m.entry.type == "group" and hl in name_key(m.entry.canonical).split():
                    return Resolved(m.entry.canonical, "group", "descriptor")
            # "the authors" of a study reported by "Researchers at X": the research group speaking
            for m in reversed(reg.mentions):
                if m.pos < pos and m.entry.type == "group" and m.speaker \
                        and set(name_key(m.entry.canonical).split()) & lex.lists.research_groups:
                    return Resolved(m.entry.canonical, "group", "descriptor")
        return Resolved(clean_name(text, lex) if det == "the" else text, "group", "group")

    # 9. person descriptors: "the spokesman", "The Republican", "the 54-year-old"
    if det in ("the",) or _AGE.match(hl) or hl in lex.titles or head.tag_ in ("NN", "NNP", "JJ"):
        if det in lex.lists.indefinite:
            return Resolved(text, "unknown", "anonymous")
        e, how = reg.describe(hl, pos, sent, "person", tuple(lower))
        if e is not None:
            return Resolved(e.canonical, "person", how, e.gender)
    return Resolved(text, "unknown", "unresolved")




def _name_with_modifier(doc: Doc, head: Token, lower: list[str], lex: Lexicon, sent: int) -> str | None:
    """"health agency" (a headline) -> "Public Health Tarrant": the nearest capitalised name in
    the text holding the descriptor's modifier word; later names count only near the top."""
    pre = [t for t in doc[head.left_edge.i : head.i] if t.is_alpha]
    if not pre or pre[0].lower_ in ("a", "an") or any(t.text[:1].isupper() and t.i > head.left_edge.i or
                                                       t.ent_type_ for t in pre):
        return None  # "an international team", "the Tessalian ministry": a body of its own
    mods = {t.lower_ for t in pre if t.lower_ not in ("the", "its", "their", "this", "that") and t.lower_ not in lex.titles
            and t.tag_ in ("NN", "JJ", "NNP")}
    if not mods:
        return None
    found = []
    for t in doc:
        if t.i in range(head.left_edge.i, head.i + 1) or t.lower_ not in mods or t.tag_ not in ("NNP", "NNPS"):
            continue
        if t.i > head.i and sent > 3:
            break
        s = e = t.i
        while s - 1 >= 0 and doc[s - 1].tag_ in ("NNP", "NNPS") and not doc[s].is_sent_start:
            s -= 1
        while e + 1 < len(doc) and doc[e + 1].tag_ in ("NNP", "NNPS") and not doc[e + 1].is_sent_start:
            e += 1
        if e > s and not any(doc[k].ent_type_ == "PERSON" or doc[k].lower_.rstrip(".") in lex.titles
                             for k in range(s, e + 1)):
            found.append((abs(t.i - head.i) if t.i < head.i else abs(t.i - head.i) + 0.5, doc[s : e + 1].text))
    if not found:
        return None
    return clean_name(min(found)[1], lex) or None


def _anonymous_antecedent(reg: Registry, noun: str, pos: int):
    """The latest anonymous source (type unknown) whose description has ``noun`` as a word,
    unless a person described by that noun was mentioned after it."""
    anon = None
    for m in reg.mentions:
        if m.pos >= pos:
            break
        if m.entry.type == "unknown" and noun in name_key(m.entry.canonical).split():
            anon = m
        elif anon is not None and m.entry.type == "person" and noun in m.entry.roles:
            anon = None
    return anon.entry if anon is not None else None


def _author_name(doc: Doc, tok: Token, lex: Lexicon) -> str | None:
    """The organisation named by ``tok`` (the object of "by"): its proper-noun mention, without
    lowercase role words before it ("research firm Deverell Insight" -> "Deverell Insight")."""
    if tok.tag_ not in ("NNP", "NNPS") and not tok.ent_type_ in ("ORG", "GPE"):
        return None
    s, e = mention_tokens(tok, lex)
    toks = [t for t in doc[s:e]]
    while toks and (toks[0].text[:1].islower() or toks[0].is_punct):
        toks = toks[1:]
    if not toks:
        return None
    name = clean_name(doc[toks[0].i : toks[-1].i + 1].text, lex)
    return name or None


def document_author(doc: Doc, head: Token, lex: Lexicon) -> str | None:
    """Who a document noun says is behind it: "a survey by X", "an assessment published by X",
    "X's report" / "the X report"."""
    for c in head.children:
        # "research from Aberlady University": an organisation after "from" is the author
        if c.dep_ == "prep" and c.lower_ == "from":
            for g in c.children:
                if g.dep_ == "pobj" and (g.ent_type_ in ("ORG",) or g.lower_ in lex.org_name_words and g.tag_ in ("NNP", "NNPS")):
                    name = _author_name(doc, g, lex)
                    if name:
                        return name
        if c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    name = _author_name(doc, g, lex)
                    if name:
                        return name
        if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN":
            for a in c.children:
                if a.dep_ == "agent" or a.dep_ == "prep" and a.lower_ == "by":
                    for g in a.children:
                        if g.dep_ == "pobj":
                            name = _author_name(doc, g, lex)
                            if name:
                                return name
        if c.dep_ == "poss" and c.tag_ in ("NNP", "NNPS"):
            name = _author_name(doc, c, lex)
            if name:
                return name
    # "that review, published by X in May," when the parser hung the participle elsewhere
    i = head.i + 1
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].tag_ == "VBN" and doc[i + 2].lower_ == "by":
        j = i + 3
        while j < len(doc) and doc[j].tag_ not in ("NNP", "NNPS") and doc[j].lower_ in ("the", "a", "an"):
            j += 1
        k = j
        while k + 1 < len(doc) and (doc[k + 1].tag_ in ("NNP", "NNPS") or doc[k + 1].lower_ in ("of", "for", "&")
                                    and k + 2 < len(doc) and doc[k + 2].tag_ in ("NNP", "NNPS")):
            k += 1
        if j < len(doc) and doc[j].tag_ in ("NNP", "NNPS"):
            name = clean_name(doc[j : k + 1].text, lex)
            if name:
                return name
    return None


def _earlier_document_author(doc: Doc, head: Token, lex: Lexicon) -> str | None:
    """"the survey" / "the paper": the author of the latest earlier document noun that names
    one, the same noun first ("a survey by X ... the survey"), else any document."""
    same = other = None
    for t in doc[: head.i]:
        if t.tag_ not in ("NN", "NNS") or not (t.lower_ in lex.document_nouns or t.lower_ in lex.lists.doc_heads):
            continue
        name = document_author(doc, t, lex)
        if name is None:
            continue
        if t.lower_ == head.lower_:
            same = name
        other = name
    return same or other


def _descriptor_word(w: str) -> bool:
    return bool(_AGE.match(w))


def _org_text(doc: Doc, toks: list[Token]) -> str:
    ent = None
    for e in doc.ents:
        if e.start <= toks[0].i < e.end:
            ent = e
            break
    if ent is not None:
        toks_e = list(ent)
        while len(toks_e) > 1 and toks_e[-1].text.islower():  # "Civic Front party" -> "Civic Front"
            toks_e.pop()
        return doc[toks_e[0].i : toks_e[-1].i + 1].text
    return " ".join(t.text for t in toks)


def register_speaker(reg: Registry, resolved: Resolved, pos: int, sent: int) -> None:
    """Record a resolved speaker as a mention so later pronouns and descriptors can find it."""
    from .coref import Mention

    entry = None
    for e in reg.entries:
        if e.canonical == resolved.canonical and e.type == resolved.type:
            entry = e
            break
    if entry is None:
        entry = Entry(resolved.canonical, resolved.type, resolved.gender, frozenset(name_key(resolved.canonical).split()))
        reg.entries.append(entry)
    reg.add_mention(Mention(pos, sent, entry, True, True, False))
    reg.mentions.sort(key=lambda m: m.pos)
