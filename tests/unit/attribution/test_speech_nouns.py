"""Speech acts named by a noun (nouns.py, wordlists.toml "speech_nouns_*"): a content of the
noun's kind and a speaker named by a from/by phrase or a light verb's subject.
One invented sentence each."""

import pytest

HEAD = "Valley news\n\n"


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "A warning from the weather office that snow would close the pass came too late.",
            "snow would close the pass",
            "the weather office",
        ),
        (
            "At the hearing Ola Brenn made the claim that the quarry had poisoned the river.",
            "the quarry had poisoned the river",
            "Ola Brenn",
        ),
        (
            "The ferry union issued a call for a strike at the docks.",
            "a strike at the docks",
            "The ferry union",
        ),
        (
            "Pia Lund made a promise to rebuild the old mill.",
            "to rebuild the old mill",
            "Pia Lund",
        ),
        (
            "In Tarvik there was a demand by the farmers that the dam be opened.",
            "the dam be opened",
            "the farmers",
        ),
    ],
)
def test_a_speech_noun_with_its_speaker_and_content(ex, sentence, content, speaker):
    stmts = ex.extract(HEAD + sentence + "\n")
    assert [(s.content, s.speaker, s.type) for s in stmts] == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The claim that the quarry had poisoned the river was never tested.",  # nobody's claim
        "Residents raised questions about the quarry.",  # a topic
        "The mayor's attacks on the quarry owners grew sharper.",  # a topic
        "Her call to the fire brigade came at noon.",  # a telephone call
        "The council's promise was broken within a year.",  # no content
        # a possessive alone, or a noun another verb takes: PolNeAR's annotation is sparse
        "Nobody in Tarvik believed the ferry owner's assertion that the boats were safe.",
        "Councillor Pia Lund renewed her call for a public inquiry into the flooding.",
        "Fishermen backed the union's demand for higher prices at the harbour.",
        "Ola Brenn did not make the claim that the river was poisoned.",  # negated
        "The owners feared his threat to the quarry's licence.",  # no infinitive
    ],
)
def test_no_statement_without_speaker_or_content(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []


def test_a_speech_noun_inside_a_report_is_part_of_it(ex):
    text = HEAD + "Pia Lund said the mayor's promise to rebuild the mill was forgotten.\n"
    stmts = ex.extract(text)
    assert [(s.content, s.speaker) for s in stmts] == [
        ("the mayor's promise to rebuild the mill was forgotten", "Pia Lund")
    ]
