"""Judgement verbs that take "X as Y" like "described" (lexicon.toml: portray, frame, label,
brand): the object with its predicative is the content; the object alone, the passive and
the verbs' other senses are no statement. One invented sentence each."""

import pytest

HEAD = "Valley news\n\n"


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        (
            "Farmer Edda Lund portrayed the dam as a gift to the cities.",
            "the dam as a gift to the cities",
            "portrayed",
        ),
        (
            "The ferry union framed its walkout as a safety protest.",
            "its walkout as a safety protest",
            "framed",
        ),
        ("Pastor Joel Amsel labelled the new toll as theft.", "the new toll as theft", "labelled"),
        (
            "Pastor Joel Amsel labelled the toll plan “a swindle”.",
            "the toll plan “a swindle”",
            "labelled",
        ),
        (
            "The glazier Oona Pratt branded the inspectors as bullies.",
            "the inspectors as bullies",
            "branded",
        ),
    ],
)
def test_a_judgement_with_as_is_a_statement(full_extractor, sentence, content, cue):
    found = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue) for s in found] == [(content, cue)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The actor Edda Lund portrayed a night nurse.",  # a role, no "as"
        "Oona Pratt framed the old map.",  # a picture frame
        "Joel Amsel labelled the jars.",  # the object alone
        "The toll was labelled as theft.",  # the passive
        "The glazier sells a brand of putty.",  # the noun
    ],
)
def test_no_statement_without_the_judgement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []
