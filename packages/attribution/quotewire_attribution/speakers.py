"""Speaker mentions: which tokens form the mention, and who it refers to."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .cues import Lexicon
from .doctext import doc_ents
from .entities import BY_POS, Entry, Mention
from .model import Resolved
from .names import clean_name, misread_given_name, name_key
from .registry import Registry

_LEFT_DEPS = {
    "det",
    "compound",
    "amod",
    "nmod",
    "poss",
    "nummod",
    "quantmod",
    "case",
    "predet",
    "advmod",
    "npadvmod",
    "punct",
}
_RIGHT_DEPS_COMMON = {"prep", "acl", "amod"}
_AGE = re.compile(r"^\d+-year-old$")


def mention_head(tok: Token) -> Token:
    """Prefer a named apposition: "Her label, Crescent Records" -> "Crescent Records"."""
    if tok.tag_ in ("NN", "NNS"):
        for child in tok.children:
            if (
                child.dep_ == "appos"
                and child.tag_ in ("NNP", "NNPS")
                and child.ent_type_ in ("PERSON", "ORG", "PRODUCT", "FAC", "")
            ):
                return child
            # "chief financial officer Per Holm": the given name was read as a preposition
            if (
                child.dep_ == "prep"
                and child.i == tok.i + 1
                and misread_given_name(tok.doc, child.i)
            ):
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
    start = _mention_start(head)
    end = head.i + 1
    if head.tag_ in ("NNP", "NNPS"):
        end = _name_end(doc, end)
    # "Delegates from 39 small island nations": a capitalised common collective opening a sentence
    common = (
        head.tag_ in ("NN", "NNS")
        or head.lower_ in ("people",)
        or (
            head.tag_ in ("NNP", "NNPS")
            and (head.is_sent_start or start == head.i and doc[start].is_sent_start)
            and head.lower_ in lex.group_nouns | lex.anonymous_nouns
        )
    )
    if common:
        end = _common_noun_end(head, end, lex)
    else:
        end = proper_name_end(head, end, lex)
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _mention_start(head: Token) -> int:
    """First token of the mention: the head's left modifiers, a proper-noun run the parser
    split ("Nadia" left as a separate fragment), a misread given name; never punctuation."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_DEPS and not (child.is_punct and child.text not in ("-",)):
            start = min(start, child.left_edge.i)
    if head.tag_ in ("NNP", "NNPS"):
        while (
            start - 1 >= 0
            and doc[start - 1].tag_ in ("NNP", "NNPS")
            and not doc[start].is_sent_start
            and "\n" not in doc[start - 1].whitespace_
        ):
            start -= 1
        if misread_given_name(doc, start - 1):
            start -= 1
    # never start on punctuation or inside an earlier clause
    while start < head.i and (doc[start].is_punct or doc[start].tag_ in ("``", "''")):
        start += 1
    return start


def _common_noun_end(head: Token, end: int, lex: Lexicon) -> int:
    """A common noun's mention runs over its "of"/"for"/"from" phrase and an anonymous
    source's who-clause ("A crane operator who has worked at the port for 26 years"), never
    over a comma ("A doctor in X, who was not authorised ...")."""
    doc = head.doc
    for child in head.rights:
        if child.dep_ in _RIGHT_DEPS_COMMON and not any(
            t.is_punct for t in doc[head.i + 1 : child.i]
        ):
            end = max(end, child.right_edge.i + 1)
            if (
                child.dep_ == "prep"
                and child.lower_ not in ("for", "of", "from", "with", "at", "in", "to")
                and not (child.lower_ == "by" and head.lower_ in lex.lists.doc_heads)
            ):
                end = head.i + 1
    det = [c for c in head.lefts if c.dep_ == "det"]
    if det and det[0].lower_ in ("a", "an") and head.tag_ == "NN":
        end = max(end, _who_clause_end(head, end))
    for t in doc[head.i + 1 : end]:
        if t.text in (",", ";", "(", "\u2014", "\u2013"):
            return t.i
    return end


def _who_clause_end(head: Token, end: int) -> int:
    """End of a who-clause right after the noun, up to its first punctuation."""
    doc = head.doc
    for child in head.rights:
        if (
            child.dep_ == "relcl"
            and child.left_edge.i == end
            and child.left_edge.lower_ in ("who", "whose")
        ):
            stop = child.right_edge.i + 1
            for t in doc[child.left_edge.i : stop]:
                if t.is_punct or t.is_space:
                    stop = t.i
                    break
            end = max(end, stop)
    return end


def proper_name_end(head: Token, end: int, lex: Lexicon) -> int:
    """A name runs over its compounds and a capitalised "of"/"for" phrase ("Ministry of
    Defence", "Institute for Ageing Research", "Relief Without Borders")."""
    doc = head.doc
    for child in head.rights:
        if child.dep_ in ("compound", "flat") and child.i == end:
            end = child.i + 1
    for child in head.rights:
        if (
            child.dep_ == "prep"
            and child.i == end
            and (child.text[:1].isupper() or head.lower_ in lex.lists.org_heads)
        ):
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if (
                pobj
                and pobj[0].tag_ in ("NNP", "NNPS")
                and all(
                    t.text[:1].isupper() or t.lower_ in ("of", "for", "and", "the", "&", "-")
                    for t in doc[child.i + 1 : pobj[0].right_edge.i + 1]
                )
            ):
                end = pobj[0].right_edge.i + 1
    return end


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
        if (
            t.text in ("-", "\u2010")
            and not doc[end - 1].whitespace_
            and not t.whitespace_
            and doc[end + 1].tag_ in ("NNP", "NNPS")
            and doc[end + 1].text[:1].isupper()
        ):
            end += 2
            continue
        break
    return end


def ent_in(doc: Doc, start: int, end: int, labels: set[str]):
    best = None
    for ent in doc_ents(doc):
        if (
            ent.start >= start
            and ent.end <= end
            and ent.label_ in labels
            and (best is None or ent.end > best.end)
        ):
            best = ent
    return best


def proper_chain(doc: Doc, start: int, end: int, head: Token) -> str | None:
    """The run of proper-noun tokens ending at the head: "Rovers coach Mirela Kostić" -> "Mirela Kostić"."""
    if head.tag_ not in ("NNP", "NNPS"):
        return None
    i = head.i
    while i - 1 >= start and (doc[i - 1].tag_ in ("NNP", "NNPS") or doc[i - 1].text in ("-",)):
        i -= 1
    j = head.i + 1
    text = doc[i:j].text
    return text


def name_with_modifier(
    doc: Doc, head: Token, lower: list[str], lex: Lexicon, sent: int
) -> str | None:
    """ "health agency" (a headline) -> "Public Health Tarrant": the nearest capitalised name in
    the text holding the descriptor's modifier word; later names count only near the top."""
    pre = [t for t in doc[head.left_edge.i : head.i] if t.is_alpha]
    if (
        not pre
        or pre[0].lower_ in ("a", "an")
        or any(t.text[:1].isupper() and t.i > head.left_edge.i or t.ent_type_ for t in pre)
    ):
        return None  # "an international team", "the Tessalian ministry": a body of its own
    mods = {
        t.lower_
        for t in pre
        if t.lower_ not in ("the", "its", "their", "this", "that")
        and t.lower_ not in lex.titles
        and t.tag_ in ("NN", "JJ", "NNP")
    }
    if not mods:
        return None
    found = []
    for t in doc:
        if (
            t.i in range(head.left_edge.i, head.i + 1)
            or t.lower_ not in mods
            or t.tag_ not in ("NNP", "NNPS")
        ):
            continue
        if t.i > head.i and sent > 3:
            break
        s = e = t.i
        while s - 1 >= 0 and doc[s - 1].tag_ in ("NNP", "NNPS") and not doc[s].is_sent_start:
            s -= 1
        while (
            e + 1 < len(doc) and doc[e + 1].tag_ in ("NNP", "NNPS") and not doc[e + 1].is_sent_start
        ):
            e += 1
        if e > s and not any(
            doc[k].ent_type_ == "PERSON" or doc[k].lower_.rstrip(".") in lex.titles
            for k in range(s, e + 1)
        ):
            found.append(
                (
                    abs(t.i - head.i) if t.i < head.i else abs(t.i - head.i) + 0.5,
                    doc[s : e + 1].text,
                )
            )
    if not found:
        return None
    return clean_name(min(found)[1], lex) or None


def anonymous_antecedent(reg: Registry, noun: str, pos: int):
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
                if g.dep_ == "pobj" and (
                    g.ent_type_ in ("ORG",)
                    or g.lower_ in lex.org_name_words
                    and g.tag_ in ("NNP", "NNPS")
                ):
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
    if (
        i + 2 < len(doc)
        and doc[i].text == ","
        and doc[i + 1].tag_ == "VBN"
        and doc[i + 2].lower_ == "by"
    ):
        j = i + 3
        while (
            j < len(doc)
            and doc[j].tag_ not in ("NNP", "NNPS")
            and doc[j].lower_ in ("the", "a", "an")
        ):
            j += 1
        k = j
        while k + 1 < len(doc) and (
            doc[k + 1].tag_ in ("NNP", "NNPS")
            or doc[k + 1].lower_ in ("of", "for", "&")
            and k + 2 < len(doc)
            and doc[k + 2].tag_ in ("NNP", "NNPS")
        ):
            k += 1
        if j < len(doc) and doc[j].tag_ in ("NNP", "NNPS"):
            name = clean_name(doc[j : k + 1].text, lex)
            if name:
                return name
    return None


def earlier_document_author(doc: Doc, head: Token, lex: Lexicon) -> str | None:
    """ "the survey" / "the paper": the author of the latest earlier document noun that names
    one, the same noun first ("a survey by X ... the survey"), else any document."""
    same = other = None
    for t in doc[: head.i]:
        if t.tag_ not in ("NN", "NNS") or not (
            t.lower_ in lex.document_nouns or t.lower_ in lex.lists.doc_heads
        ):
            continue
        name = document_author(doc, t, lex)
        if name is None:
            continue
        if t.lower_ == head.lower_:
            same = name
        other = name
    return same or other


def descriptor_word(w: str) -> bool:
    return bool(_AGE.match(w))


def organisation_text(doc: Doc, toks: list[Token]) -> str:
    ent = None
    for e in doc_ents(doc):
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
    entry = None
    for e in reg.entries:
        if e.canonical == resolved.canonical and e.type == resolved.type:
            entry = e
            break
    if entry is None:
        entry = Entry(
            resolved.canonical,
            resolved.type,
            resolved.gender,
            frozenset(name_key(resolved.canonical).split()),
        )
        reg.entries.append(entry)
    reg.add_mention(Mention(pos, sent, entry, True, True, False))
    reg.mentions.sort(key=BY_POS)
