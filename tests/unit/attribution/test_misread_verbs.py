"""Cue verbs the tagger read as nouns: the parse still shows the predicate (the root with a
reported clause of its own, which no noun takes), so the word is the cue. The tagger's misreads
depend on context the small model gives only in longer articles, so the shape is built by hand;
nouns that stay nouns are checked on real parses."""

import pytest
from quotewire_attribution.cues import load_lexicon
from quotewire_attribution.cueverbs import is_cue
from spacy.lang.en import English
from spacy.tokens import Doc

HEAD = "Clinic closures\n\n"

# "Novak predicts that the dam will hold ." with "predicts" tagged as a plural noun
WORDS = ["Novak", "predicts", "that", "the", "dam", "will", "hold", "."]
HEADS = [1, 1, 6, 4, 6, 6, 1, 1]
DEPS = ["compound", "ROOT", "mark", "det", "nsubj", "aux", "ccomp", "punct"]
TAGS = ["NNP", "NNS", "IN", "DT", "NN", "MD", "VB", "."]


def _doc(tags: list[str], deps: list[str]) -> Doc:
    return Doc(English().vocab, words=WORDS, heads=HEADS, deps=deps, tags=tags)


def test_a_root_read_as_a_noun_with_a_reported_clause_is_the_cue():
    lex = load_lexicon()
    assert is_cue(_doc(TAGS, DEPS)[1], lex) is lex.cue("predicts")


@pytest.mark.parametrize(
    ("tag", "clause_dep"),
    [
        ("NNP", "ccomp"),  # Title Case: the headline rules' business
        ("NNS", "acl"),  # a noun's own that-clause ("claims that ...")
    ],
)
def test_no_cue_without_the_predicate_shape(tag, clause_dep):
    tags = TAGS[:1] + [tag] + TAGS[2:]
    deps = DEPS[:6] + [clause_dep] + DEPS[7:]
    assert is_cue(_doc(tags, deps)[1], load_lexicon()) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Claims of fraud in the mill vote.",  # a verbless line
        "Reports of a second leak at the mill.",
        "Her remarks angered the mill workers.",  # a noun subject, not a predicate
    ],
)
def test_speech_nouns_stay_nouns(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []
