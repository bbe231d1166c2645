"""Rule-code speed-ups keep their exact results: quote scanning, token lookup, NER windows."""

import random

from quotewire_attribution.direct import token_at
from quotewire_attribution.fastpath import ner_windows
from quotewire_attribution.quotes import Quote, _closes, _opens, _single_quotes


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
