"""Rule-code speed-ups keep their exact results: quote scanning, token lookup, NER windows,
the Doc's text, token offsets and entities, line-break sentence starts, the fast path's
quote-mark check."""

import random

from quotewire_attribution.components import newline_sentences
from quotewire_attribution.direct import token_at
from quotewire_attribution.doctext import doc_ents, doc_text, token_offsets
from quotewire_attribution.fastpath import _DOUBLE_MARKS, _QUOTE_MARK, ner_windows
from quotewire_attribution.quotes import (
    DOUBLE_CLOSE,
    STRAIGHT_DOUBLE,
    Quote,
    _closes,
    _closes_like_straight,
    _closes_nested,
    _double_marks,
    _opens,
    _pair_kind,
    _single_quotes,
    find_quotes,
)


def _single_quotes_reference(text, lo, hi, taken):
    """The plain character scan the bisect version replaced."""
    found, i = [], lo
    while i < hi:
        ch = text[i]
        if (
            not any(s <= i < e for s, e in taken)
            and ch in ("\u2018", "'")
            and _opens(text, i, lo, hi)
        ):
            closer = "\u2019" if ch == "\u2018" else "'"
            j = i + 1
            while j < hi and not (text[j] == closer and _closes(text, j, lo, hi) and j > i + 1):
                j += 1
            if j < hi:
                found.append(Quote(i + 1, j, i, j, single=True))
                i = j + 1
                continue
        i += 1
    return found


def test_single_quotes_equal_the_character_scan_on_random_text():
    rng = random.Random(7)
    alphabet = "ab cd,.(X\u2018\u2019'"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        cuts = sorted(rng.sample(range(len(text) + 1), 2)) if len(text) > 4 else [0, 0]
        taken = [tuple(cuts)] if cuts[1] > cuts[0] else []
        assert _single_quotes(text, 0, len(text), taken) == _single_quotes_reference(
            text, 0, len(text), taken
        )


def test_token_at_equals_a_linear_scan(extractor):
    doc = extractor.nlp.make_doc(
        "Marta Lindgren said: \u201cWe waited,\u201d and left.  Then  more."
    )
    for char in range(len(doc.text) + 2):
        fwd = next((t.i for t in doc if t.idx >= char), None)
        back = None
        for t in doc:
            if t.idx + len(t.text) <= char:
                back = t.i
        assert token_at(doc, char) == fwd
        assert token_at(doc, char, forward=False) == back


def test_ner_windows_skip_i_and_quote_openers(extractor):
    doc = extractor.nlp(
        "\u201cWe think I was right about it all along and always,\u201d she said on a quiet day."
    )
    text, _, _ = ner_windows(doc, extractor.lexicon)
    assert text == ""  # no name-like word: the NER reads nothing
    doc = extractor.nlp(
        "\u201cWe think so,\u201d said Marta Lindgren on a quiet day in late spring."
    )
    assert "Marta Lindgren" in ner_windows(doc, extractor.lexicon)[0]


def _double_marks_reference(text, lo, hi):
    """The plain character scan the regex version replaced."""

    def kind(i):
        ch = text[i]
        if ch == "\u201c" and _closes_like_straight(text, i, lo, hi):
            return "close"
        if ch in "\u201c\u00ab\u201e":
            return "open"
        if ch in DOUBLE_CLOSE:
            return "close"
        if ch != STRAIGHT_DOUBLE:
            return None
        return (
            "open" if _opens(text, i, lo, hi) else "close" if _closes(text, i, lo, hi) else "either"
        )

    out, i = [], lo
    while i < hi:
        if text.startswith("''", i) and i + 1 < hi:  # an apostrophe pair is one double mark
            if _closes_nested(text, i, lo, hi):  # three after a word: the pair after the single
                out.append((i + 1, "close"))
            else:
                out.append((i, _pair_kind(text, i, lo, hi)))
            i += 2
            continue
        if (k := kind(i)) is not None:
            out.append((i, k))
        i += 1
    return out


def test_double_marks_equal_the_character_scan_on_random_text():
    rng = random.Random(11)
    alphabet = "ab c,.(-\"\u201c\u201d\u00ab\u00bb\u201e\u2018\u2019'"
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        lo, hi = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        assert _double_marks(text, lo, hi) == _double_marks_reference(text, lo, hi), text


def test_find_quotes_gives_each_top_level_quote_in_order():
    text = 'She said: "We will win." Then: "Maybe."'
    assert [text[q.start : q.end] for q in find_quotes(text)] == ["We will win.", "Maybe."]


def test_doc_text_and_token_offsets_equal_the_token_objects(extractor):
    for text in (
        "",
        "x",
        "Marta Lindgren said: \u201cWe waited,\u201d and left.  Then\n\n more \U0001f600 na\u00efve.",
    ):
        doc = extractor.nlp.make_doc(text)
        assert doc_text(doc) == doc.text == text
        assert doc_text(doc) is doc_text(doc)  # joined once
        assert token_offsets(doc) == (
            [t.idx for t in doc],
            [t.idx + len(t.text) for t in doc],
        )


def test_doc_ents_follow_the_entity_annotation(extractor):
    from spacy.tokens import Span

    doc = extractor.nlp.make_doc("Ines Okafor met the Brellin Port Authority in Tallow on Monday.")
    assert doc_ents(doc) == () == doc.ents
    doc.set_ents([Span(doc, 0, 2, "PERSON"), Span(doc, 4, 7, "ORG")])
    got = doc_ents(doc)
    assert [(e.start, e.end, e.label_) for e in got] == [(0, 2, "PERSON"), (4, 7, "ORG")]
    assert doc_ents(doc) is got  # built once while the annotation stays
    doc.set_ents([Span(doc, 8, 9, "GPE")], default="outside")  # a new annotation is read again
    assert [(e.start, e.end, e.label_) for e in doc_ents(doc)] == [(8, 9, "GPE")]
    doc.set_ents([Span(doc, 8, 9, "ORG")], default="outside")  # same tokens, another label
    assert [e.label_ for e in doc_ents(doc)] == ["ORG"]
    assert doc_ents(extractor.nlp.make_doc("")) == ()


def test_quote_mark_search_equals_the_character_scan_on_random_text():
    rng = random.Random(11)
    alphabet = "ab '\u2019[]^-\\" + "".join(_DOUBLE_MARKS) + "\u2018"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert bool(_QUOTE_MARK.search(text)) == any(
            ch in _DOUBLE_MARKS or ch in "\u2018" for ch in text
        )


def _newline_sentences_reference(doc):
    """The per-token scan the array version replaced."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws[len(tok.text) :] or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


def test_newline_sentences_equal_the_token_scan(extractor):
    rng = random.Random(5)
    words = ["Ann", "said", "so", ".", "\n", "\n\n", " \n ", "\t", "  ", "\r\n", "x\u2029y"]
    texts = ["", "a", "\n", "a\n", "\nb", "Headline\nBody text.\n\nMore."]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(200)]
    for text in texts:
        got = newline_sentences(extractor.nlp.make_doc(text))
        want = _newline_sentences_reference(extractor.nlp.make_doc(text))
        assert [t.is_sent_start for t in got] == [t.is_sent_start for t in want], repr(text)
