"""Entity types from signals the extractor already has, without the statistical NER.

The attribution rules only ask whether a name is a person, an organisation, a place or a
nationality (PERSON / ORG / GPE / FAC / NORP). Most names say so themselves, or their
neighbours do:

- a run of proper nouns opening with a known given name ("Ann Lee"), or right after a
  title ("Gov. Lee", "President Lee") or a role noun ("singer Lee"), or followed by an age
  or an appositive role ("Lee, 48,", "Lee, a lawyer") -> PERSON;
- a run ending in an organisation word ("Harlow Foods", "Westbrook District Council"),
  opening with one and named with "of"/"for" ("Ministry of Transport"), holding "&", or
  followed by "said it" / "its" -> ORG;
- "X-based", "in X" / "from X" (one proper noun, no person or organisation sign) -> GPE;
  a capitalised nationality adjective ("Koravian", "Danish") -> NORP;
- one document, one type: a later mention typed by an earlier one ("Lee" after "Ann
  Lee", "Harlow" after "Harlow Foods").

:func:`rule_entities` returns the typed spans and the proper-noun runs it could not type;
the extractor's ``ner="hybrid"`` mode runs the statistical NER only on windows around
those, ``ner="rules"`` leaves them untyped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .cues import Lexicon
from .doctext import doc_tokens, walks_shared_tokens
from .gender import fold

_PROPER = ("NNP", "NNPS")
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ean|an|ese|ish|i)$")
_AGE = re.compile(r"\d{1,3}$")
_OPEN = frozenset({'"', "\u201c", "\u2018", "\u00ab", "'"})
_CLOSE = frozenset({'"', "\u201d", "\u2019", "\u00bb", "'"})


def _given(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    return w in lex.male_names or w in lex.female_names or fold(word) in lex.name_genders


def _org_word(word: str, lex: Lexicon) -> bool:
    w = word.lower().rstrip(".")
    return w in lex.org_name_words or w in lex.business_name_words or w in lex.lists.org_last


def _title(tok, lex: Lexicon) -> bool:
    return tok.lower_.rstrip(".") in lex.titles or tok.lower_ in lex.parties


def proper_runs(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """Maximal runs of capitalised proper nouns (joined by "of", "for", "&" and in-word hyphens)."""
    n = len(doc)
    runs = []
    i = 0

    def proper(t) -> bool:
        if not t.text[:1].isupper() or t.lower_ in lex.lists.not_names:
            return False
        if t.tag_ in _PROPER or len(t.text) >= 2 and t.text.isupper() and t.is_alpha:  # "AEMAR"
            return True
        # a capitalised common-noun tag inside a sentence ("Maria Lopes" read as NNP + NNS)
        return (
            t.tag_ in ("NN", "NNS")
            and not t.is_sent_start
            and t.i > 0
            and not _opening_mark(doc, t.i - 1)
        )

    def possessive(
        k: int,
    ) -> bool:  # "Teachers’ Federation": the mark after a plural, no space before
        t = doc[k]
        return (
            t.tag_ == "POS"
            or t.text in ("'", "\u2019")
            and not doc[k - 1].whitespace_
            and doc[k - 1].lower_.endswith("s")
        )

    toks = doc_tokens(doc)  # one Token per word, built once (doc[i] builds one per read)
    while i < n:
        if not proper(toks[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            t = toks[j]
            if proper(t):
                j += 1
            elif (
                t.text in ("-", "\u2010")
                and not toks[j - 1].whitespace_
                and not t.whitespace_
                and j + 1 < n
                and proper(toks[j + 1])
            ):
                j += 2
            elif (
                (t.lower_ in lex.lists.name_joiners or t.lower_ == "and" or possessive(j))
                and j + 1 < n
                and proper(toks[j + 1])
            ):
                j += 2  # "Ministry of Y", "Competition and Markets Board", "Traders' Association"
            else:
                break
        runs.extend(_split_and(doc, i, j, lex))
        i = j
    return runs


def _split_and(doc: Doc, s: int, e: int, lex: Lexicon) -> list[tuple[int, int]]:
    """A run joined by "and" is one organisation's name only when it ends in an organisation
    word ("Health and Safety Directorate"); else its parts ("Lee and Smith")."""
    ands = [k for k in range(s, e) if doc[k].lower_ == "and"]
    if (
        not ands
        or _org_word(doc[e - 1].text, lex)
        or any(doc[k].lower_ in ("of", "for") for k in range(s, ands[0]))
    ):
        return [(s, e)]  # "Department of Health and Care"
    out, a = [], s
    for k in [*ands, e]:
        if k > a:
            out.append((a, k))
        a = k + 1
    return out


def _opening_mark(doc: Doc, k: int) -> bool:
    """A quote mark that opens (a straight one opens after a space, not after a word)."""
    t = doc[k]
    if t.text in ("\u201c", "\u2018", "\u00ab", "("):
        return True
    return t.text in _OPEN and (k == 0 or bool(doc[k - 1].whitespace_) or "\n" in doc[k - 1].text)


def _appositive_head(doc: Doc, i: int, n: int):
    """The head noun of the noun phrase from ``i``: "a lawyer" -> lawyer, "the union's organiser" -> organiser."""
    head = None
    for t in doc[i : min(n, i + 8)]:
        if t.tag_ in ("NN", "NNS"):
            head = t
        elif t.tag_ in ("POS", "JJ", "DT", "HYPH", "CD") or t.text in ("'s", "\u2019s"):
            continue
        else:
            break
    return head


def _type_run(doc: Doc, s: int, e: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """(start, end, label) of one proper-noun run when its own words or neighbours type it."""
    toks = doc_tokens(doc)  # the shared tokens (rule_entities): no Token per read
    n = len(doc)
    if e - s >= 2 and _org_word(toks[e - 1].text, lex):
        return s, e, "ORG"  # "St. Brendan's Hospital", "Democratic Union": no title to strip
    titled = False
    while s < e and _title(
        toks[s], lex
    ):  # "Gov. Ann Lee", "Democrat Renata Solis": titles are no part
        titled = True
        s += 1
    if s >= e:
        return None
    words = [t.text for t in toks[s:e]]
    lowers = [w.lower() for w in words]
    # a quoted name ("the “Iron Budget”") is a nickname or a title: the registry skips it
    if (
        s > 0
        and e < n
        and (
            toks[s - 1].text in _OPEN
            or s > 1
            and toks[s - 1].lower_ == "the"
            and toks[s - 2].text in _OPEN
        )
        and toks[e].text in _CLOSE
    ):
        return s, e, "ORG"
    # organisations first: their names may open with a given name ("Victoria Foods")
    if (
        _org_word(words[-1], lex)
        or "&" in words
        or (len(words) >= 3 and _org_word(words[0], lex) and lowers[1] in ("of", "for"))
    ):
        return s, e, "ORG"
    if lowers[-1] in lex.lists.place_last and len(words) >= 2:
        return s, e, "FAC"
    if any(w in lex.lists.name_joiners for w in lowers):
        return None  # "Bank of X and Y": leave it to the model
    prev = toks[s - 1] if s > 0 and not titled else None
    if prev is not None and prev.lower_.rstrip(".") in lex.titles and prev.text[:1].islower():
        titled = True  # "singer Ann Lee", "spokeswoman Lee"
    # "Lee, 48," / "Lee, a lawyer" / "Lee, the singer" / "Harlow Ltd, the developer"
    if e + 2 < n and toks[e].text == ",":
        nxt, nxt2 = toks[e + 1], toks[e + 2]
        if _AGE.match(nxt.text) and nxt2.text == "," and len(words) <= 4:
            return s, e, "PERSON"
        if nxt.lower_ in lex.lists.appositive_dets:
            head = _appositive_head(doc, e + 2, n)
            if head is not None and head.lower_ in lex.titles and len(words) <= 4:
                return s, e, "PERSON"
            if (
                head is not None
                and (head.lower_ in lex.org_nouns or head.lower_ in lex.business_nouns)
                and head.lower_ not in lex.document_nouns
            ):
                return s, e, "ORG"
    # "Chief Fire Officer Marit Ebbesen", "Resident Ann Lee": capitalised role words, then a
    # given name and a surname
    k = next((k for k in range(1, len(words) - 1) if _given(words[k], lex)), None)
    if (
        k is not None
        and len([w for w in words[k:] if w not in ("-", "\u2010")]) <= 3
        and not any(_given(w, lex) for w in words[:k])
        and (
            any(w.rstrip(".") in lex.titles for w in lowers[:k]) or k == 1 and toks[s].is_sent_start
        )
    ):
        return s + k, e, "PERSON"
    if len(words) <= 4 and (titled or len(words) >= 2 and _given(words[0], lex)):
        return s, e, "PERSON"
    # "X said it ...", "X unveiled its ..."
    if e < n and toks[e].tag_.startswith("VB"):
        sent_end = toks[e].sent.end
        after = [t.lower_ for t in toks[e + 1 : min(sent_end, e + 4)]]
        if ("it" in after or "its" in after) and not {"he", "she", "his", "her"} & set(after):
            return s, e, "ORG"
    # places: "Lagos-based", "in Tessaly"
    if e < n - 1 and toks[e].text == "-" and toks[e + 1].lower_ == "based":
        return s, e, "GPE"
    if (
        len(words) <= 2
        and prev is not None
        and prev.lower_ in lex.lists.place_preps
        and not _given(words[0], lex)
    ):
        return s, e, "GPE?"  # a weak guess: another mention typing the name wins
    return None


@walks_shared_tokens  # proper_runs and the typing walk read one token list
def rule_entities(doc: Doc, lex: Lexicon) -> tuple[list[Span], list[tuple[int, int]]]:
    """(typed entity spans, untyped proper-noun runs) of a tagged Doc."""
    toks = doc_tokens(doc)  # the shared tokens: no Token per read
    typed: list[tuple[int, int, str]] = []
    untyped: list[tuple[int, int]] = []
    pending = list(proper_runs(doc, lex))
    while pending:
        s, e = pending.pop(0)
        # "Ann Lee of Harlow Foods": the person, then the organisation
        cut = next((k for k in range(s, e) if toks[k].lower_ in ("of", "for")), None)
        if cut is not None and cut > s and not _org_word(toks[cut - 1].text, lex):
            head = _type_run(doc, s, cut, lex)
            if head is not None and head[2] == "PERSON":
                typed.append(head)
                pending.insert(0, (cut + 1, e))
                continue
        # "the Liberal Democrats": a party's members
        if (
            e - s <= 2
            and toks[e - 1].lower_.rstrip("s") in lex.parties
            and toks[e - 1].lower_.endswith("s")
        ):
            typed.append((s, e, "NORP"))
            continue
        got = _type_run(doc, s, e, lex)
        if got is None:
            untyped.append((s, e))
        else:
            typed.append(got)
    # one document, one type: a mention typed elsewhere (same words, or the surname of a
    # person / a word of an organisation's name)
    weak = [(s, e) for s, e, lab in typed if lab == "GPE?"]
    typed = [t for t in typed if t[2] != "GPE?"]
    untyped += weak
    full = {doc[s:e].text.lower(): lab for s, e, lab in typed}
    part: dict[str, str | None] = {}
    for s, e, lab in typed:
        ws = [t.lower_ for t in toks[s:e] if t.lower_ not in lex.lists.name_joiners]
        keys = ws[-1:] if lab == "PERSON" else ws[:1]
        for k in keys:
            part[k] = lab if part.get(k, lab) == lab else None
    rest = []
    for s, e in untyped:
        key = doc[s:e].text.lower()
        lab = full.get(key) or (part.get(key) if e - s == 1 else None)
        if lab:
            typed.append((s, e, lab))
        elif (s, e) in weak:
            typed.append((s, e, "GPE"))
        else:
            rest.append((s, e))
    # nationality adjectives (tagged JJ or NNPS, not part of a run)
    inside = bytearray(len(doc))
    for s, e, _ in typed:
        inside[s:e] = b"\x01" * (e - s)
    for s, e in rest:
        inside[s:e] = b"\x01" * (e - s)
    for t in toks:
        if (
            not inside[t.i]
            and t.tag_ in ("JJ", "NNPS")
            and _NATIONALITY.match(t.text)
            and not _given(t.text, lex)
            and t.lower_ not in lex.titles
            and not t.is_sent_start
        ):
            typed.append((t.i, t.i + 1, "NORP"))
    # "the Harlow District Council": an organisation's article belongs to its name, as the
    # statistical recogniser has it
    spans = [
        Span(
            doc,
            s - 1 if lab == "ORG" and s > 0 and toks[s - 1].lower_ == "the" else s,
            e,
            label=lab,
        )
        for s, e, lab in typed
    ]
    return spans, rest
