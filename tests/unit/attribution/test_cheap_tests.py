"""The cheap tests the rules run before reading the parse: each must pass every case the
rule after it accepts (a plain-string or word test, then the walk over tokens)."""

from __future__ import annotations

from itertools import pairwise

import pytest
import spacy
from quotewire_attribution.bounds import _lapse_words
from quotewire_attribution.coref import _union
from quotewire_attribution.cues import WordLists, load_lexicon
from quotewire_attribution.doctext import tokens_text
from quotewire_attribution.headline import headline_tokens


def _walk_headline(doc) -> tuple[int, int]:
    """The first line's tokens read token by token (what ``headline_tokens`` reads from text)."""
    start = 0
    while start < len(doc) and doc[start].is_space:
        start += 1
    end = start
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    return start, end


@pytest.mark.parametrize(
    "text",
    [
        "Ferry Board Backs Toll For Weekend Trips\n\nThe board of Orlan voted on Tuesday.",
        "\n\n  Mayor Quist Defends Levy\nShe spoke at noon.",
        "One line with no break at all",
        "",
        "\n\n",
    ],
)
def test_headline_tokens_read_from_text_equal_the_token_walk(text: str) -> None:
    doc = spacy.blank("en")(text)
    assert headline_tokens(doc) == _walk_headline(doc)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Vik said the quay was safe, two Days After the crane fell over.", True),
        ("Vik said the quay was safe, hours before inspectors arrived.", True),
        ("Vik said the quay was safe, a month after the repairs.", True),
        ("Vik said the quay was safe two days later, and then left.", False),
        ("Vik said the quay was safe after the weekly inspection.", False),
    ],
)
def test_lapse_words_pass_every_lapse_of_saying(text: str, found: bool) -> None:
    doc = spacy.blank("en")(text)
    assert _lapse_words(doc, 2, len(doc), load_lexicon()) is found


def test_word_lists_are_attributes_read_only_and_name_a_missing_list() -> None:
    lists = WordLists({"harbour_words": frozenset({"quay", "pier"})})
    assert lists.harbour_words == frozenset({"quay", "pier"})
    assert "harbour_words" in lists and "ferry_words" not in lists
    with pytest.raises(AttributeError, match="no list 'ferry_words'"):
        _ = lists.ferry_words
    with pytest.raises(AttributeError, match="read-only"):
        lists.harbour_words = frozenset()


@pytest.mark.parametrize(("start", "end"), [(0, 3), (2, 7), (4, 5), (3, 3), (5, 2), (0, 11)])
def test_tokens_text_is_the_span_text(start: int, end: int) -> None:
    doc = spacy.blank("en")("The  pier (old one) - closed, said\nthe warden.")
    assert tokens_text(doc, start, end) == (doc[start:end].text if end > start else "")


@pytest.mark.parametrize(
    "spans",
    [
        [],
        [(5, 9)],
        [(10, 20), (0, 4), (12, 30), (30, 31), (40, 40), (35, 38)],
        [(3, 3), (3, 8), (1, 2), (2, 5)],
    ],
)
def test_union_of_content_spans_covers_the_same_positions(spans) -> None:
    """``coref._union``: the disjoint runs hold a position exactly when one of the spans does
    (what ``build_registry`` asks of every candidate, with a binary search)."""
    runs = _union(spans)
    assert all(a < b < c for (a, b), (c, _) in pairwise(runs))
    for pos in range(-1, 45):
        assert any(s <= pos < e for s, e in spans) == any(s <= pos < e for s, e in runs)
