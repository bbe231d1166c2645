"""The text helpers the rules share: the cached text and the sentence-end pattern."""

from __future__ import annotations

import spacy
from quotewire_attribution.doctext import (
    SENTENCE_END,
    TOKENS_KEY,
    doc_text,
    doc_tokens,
    shared_tokens,
)


def test_sentence_end_after_closing_marks() -> None:
    text = "The warden said: \"Nobody swims 'alone.'\" Then she left.\nNext? No"
    ends = [m.start() for m in SENTENCE_END.finditer(text)]
    assert ends == [text.index(".'"), text.index("left") + 4, text.index("\n"), text.index("?")]


def test_no_sentence_end_inside_a_word_or_number() -> None:
    assert SENTENCE_END.search("Dr.Ruiz paid 4.5 million") is None


def test_doc_text_is_the_text_and_kept() -> None:
    doc = spacy.blank("en")("The ferry sailed late.")
    assert doc_text(doc) == "The ferry sailed late."
    assert doc_text(doc) is doc_text(doc)


def test_shared_tokens_are_one_list_while_in_force_and_leave_no_cycle() -> None:
    doc = spacy.blank("en")("The harbour master said the quay would reopen.")
    assert doc_tokens(doc) is not doc_tokens(doc)  # no block: a new list each time
    with shared_tokens(doc):
        toks = doc_tokens(doc)
        assert toks is doc_tokens(doc)
        assert [t.i for t in toks] == list(range(len(doc)))
        with shared_tokens(doc):  # a nested block keeps the outer list
            assert doc_tokens(doc) is toks
        assert doc_tokens(doc) is toks
    assert TOKENS_KEY not in doc.user_data  # the Doc keeps no Token of its own
