"""The fast path's text shortening and offset maps (plain strings, no model)."""

import pytest
from quotewire_attribution import load_lexicon
from quotewire_attribution.fastpath import (
    PLACEHOLDER,
    Selection,
    full,
    nfc,
    quote_elisions,
    select,
)
from quotewire_attribution.quotes import find_quotes

LEX = load_lexicon()
HEAD = "Harbour plan approved\n\n"


def check_copies(text: str, sel: Selection) -> None:
    """Every copied sub-text character maps onto the same character of the original."""
    for k, (ss, se, os_, oe) in enumerate(sel.segments):
        if sel.copied[k]:
            assert sel.text[ss:se] == text[os_:oe]
            for p in range(ss, se):
                assert text[sel.to_original(p)] == sel.text[p]


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in find_quotes(text)]


def mapped_quotes(sel: Selection) -> list[tuple[int, int]]:
    return [(sel.to_original(s), sel.to_original(e, is_end=True)) for s, e in quote_spans(sel.text)]


def test_direct_quote_interior_is_replaced_and_maps_back():
    text = (
        HEAD
        + "\u201cWe have waited for this pier for ten long years and we will not wait,\u201d said Marta Lindgren.\n"
    )
    sel = select(text, LEX)
    assert PLACEHOLDER in sel.text
    assert "\u201cWe have" + PLACEHOLDER + "not wait,\u201d said Marta Lindgren." in sel.text
    check_copies(text, sel)
    assert mapped_quotes(sel) == quote_spans(text)  # content spans come out exact


def test_position_inside_placeholder_maps_to_the_replaced_words():
    text = (
        HEAD
        + "\u201cWe have waited for this pier for ten long years and we will not wait,\u201d said Marta Lindgren.\n"
    )
    sel = select(text, LEX)
    at = sel.text.index(PLACEHOLDER)
    ((a, z),) = quote_elisions(text)
    assert sel.to_original(at) == a
    assert (
        sel.to_original(at + 1) == a
    )  # a start inside the placeholder: the words it stands for start
    assert sel.to_original(at + 1, is_end=True) == z
    assert sel.to_original(at + len(PLACEHOLDER), is_end=True) == z


def test_split_quote_keeps_the_frame_between():
    text = HEAD + (
        '"We waited ten long years for a decision like this one," said Tomasz Wielki. '
        '"We can wait one more if the council keeps its promises to us."\n'
    )
    sel = select(text, LEX)
    assert sel.text.count(PLACEHOLDER) == 2
    assert '," said Tomasz Wielki. "' in sel.text
    check_copies(text, sel)
    assert mapped_quotes(sel) == quote_spans(text)


def test_mixed_fragment_inside_a_reported_clause_is_parsed_whole():
    text = (
        HEAD
        + 'The mayor said the plan was "a reckless gamble with public money and trust" and would fail.\n'
    )
    sel = select(text, LEX)
    assert sel.text == text
    assert sel.is_identity


def test_multi_paragraph_quote_shortened_paragraph_by_paragraph():
    text = HEAD + (
        "\u201cThe water came up faster than anyone in the village had ever seen before.\n\n"
        "\u201cBy morning the whole lower town was under a metre of brown water,\u201d "
        "said Ana Ruiz, the mayor.\n"
    )
    sel = select(text, LEX)
    assert sel.text.count(PLACEHOLDER) == 2
    assert "\n\n\u201cBy morning" in sel.text  # paragraph break and continuation mark kept
    check_copies(text, sel)
    (q,) = find_quotes(sel.text)
    (orig,) = find_quotes(text)
    assert q.paragraphs == orig.paragraphs == 2
    assert mapped_quotes(sel) == quote_spans(text)


def test_nested_quotes_inside_a_direct_quote():
    text = HEAD + (
        "\u201cMy father always said, \u2018Fix the roof before it rains,\u2019 and he was right "
        "about that,\u201d Olu Bakare told reporters.\n"
    )
    sel = select(text, LEX)
    assert PLACEHOLDER in sel.text
    check_copies(text, sel)
    assert mapped_quotes(sel) == quote_spans(text)


def test_short_quotes_are_left_alone():
    text = HEAD + '"Go now," said Ilse Marten.\n'
    assert select(text, LEX).text == text


def test_without_elision_and_prefilter_the_text_is_unchanged():
    text = (
        HEAD
        + "\u201cWe have waited for this pier for ten long years and we will not wait,\u201d said Marta Lindgren.\n"
    )
    sel = select(text, LEX, elide_quotes=False)
    assert sel.text == text and sel.is_identity


def test_prefilter_pieces_map_back_and_separators_map_nowhere():
    filler = "The tide tables are printed every week. Boats leave at dawn. " * 6
    text = (
        HEAD
        + filler
        + "\n\nDaniel Okafor chairs the board.\n\n"
        + filler
        + '\n\n"It is done, and we are proud of it," Okafor said.\n'
    )
    sel = select(text, LEX)
    assert len(sel.text) < 0.8 * len(text)
    assert "Daniel Okafor" in sel.known_names
    check_copies(text, sel)
    sep = sel.text.index("\n\n", len("Harbour plan approved"))
    assert sel.to_original(sep + 1) == -1
    assert mapped_quotes(sel) == quote_spans(text)


def test_end_offset_at_a_piece_boundary_maps_to_that_piece():
    text = "abc def"
    sel = Selection("abc\n\ndef", ((0, 3, 0, 3), (5, 8, 4, 7)))
    assert sel.to_original(3, is_end=True) == 3
    assert sel.to_original(3) == -1
    assert sel.to_original(5) == 4
    assert sel.to_original(8, is_end=True) == 7
    assert text[sel.to_original(5) : sel.to_original(8, is_end=True)] == "def"


def test_truncated_keeps_whole_segments():
    text = (
        HEAD
        + "\u201cWe have waited for this pier for ten long years and we will not wait,\u201d said Marta Lindgren.\n"
    )
    sel = select(text, LEX)
    cut = sel.truncated(len(HEAD) + 12)
    assert len(cut.text) <= len(HEAD) + 12
    check_copies(text, cut)
    one = full("x" * 50).truncated(20)
    assert one.text == "x" * 20 and one.to_original(20, is_end=True) == 20


@pytest.mark.parametrize(
    "given",
    ["Cafe\u0301 \u201cok\u201d", "Zoe\u0308 and Rene\u0301e said \u201cyes\u201d", "plain"],
)
def test_nfc_map_points_into_the_given_text(given):
    norm, back = nfc(given)
    if back is None:
        assert norm == given
        return
    assert len(norm) < len(given)
    i = norm.index("\u201c")
    assert given[back.to_original(i)] == "\u201c"
    j = norm.index("\u201d")
    assert (
        given[back.to_original(i + 1) : back.to_original(j, is_end=True)]
        == given[given.index("\u201c") + 1 : given.index("\u201d")]
    )


def test_unbalanced_quote_is_not_shortened():
    text = (
        HEAD
        + "\u201cThis is a mistake we will all regret for years, said Rui Costa, the opposition leader.\n"
    )
    assert select(text, LEX).text == text  # the frame may sit inside what looks quoted
