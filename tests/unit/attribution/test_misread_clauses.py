"""Reported clauses the parser misread, so that the cue found no content (issue 8's largest
class of misses); one invented text each."""

import pytest

from tests.support_attribution import contents


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            (
                "The governor says the reform movement that is spreading across the state and "
                "lifting candidates in the 2024 race appeals to the worst instincts of voters."
            ),
            (
                "the reform movement that is spreading across the state and lifting candidates "
                "in the 2024 race appeals to the worst instincts of voters"
            ),
        ),
        (
            "Later the coach said parents of players injured in the match file complaints.",
            "parents of players injured in the match file complaints",
        ),
    ],
)
def test_a_bare_clause_whose_verb_was_read_as_a_noun(extractor, body, content):
    speaker = body.split(" sa")[0].removeprefix("Later ")
    assert contents(extractor, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "body",
    [
        "She said a few words about the victims of the storm in the valley.",
        "He said goodbye to the staff of the old plant on Friday.",
        "The priest said mass for the families of the miners in the chapel.",
        "Fans said their farewells to the club's longest serving captain.",
        "The rabbi said a prayer for the hostages and their families.",
        "Three in ten said the same thing to the opposition leader and her party.",
    ],
)
def test_a_real_object_of_saying_is_no_content(extractor, body):
    assert contents(extractor, body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The spokesman repeated that the plant would stay open until the end of the year.",
            [("the plant would stay open until the end of the year", "The spokesman", "indirect")],
        ),
        (
            "The opposition charged that the count had been rigged in three districts.",
            [("the count had been rigged in three districts", "The opposition", "indirect")],
        ),
        ("The minister repeated his call for calm after the riots.", []),
        ("Prosecutors charged him with fraud and forgery last week.", []),
    ],
)
def test_repeat_and_charge_report_a_clause_only(extractor, body, expected):
    assert contents(extractor, body) == expected


def test_a_clause_subject_read_as_a_second_object_of_told(ex):
    """After a proper-noun addressee the parser may read the clause's subject as a second object."""
    body = "The coach told NORTHWIRE Oslo the club's young players were ready."
    assert contents(ex, body) == [("the club's young players were ready", "The coach", "indirect")]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            "She said reopening it could bring buses to the valley.",
            "reopening it could bring buses to the valley",
        ),
        (
            "He said draining it could flood the farms below.",
            "draining it could flood the farms below",
        ),
        (
            "Officials said watching the river rise was frightening.",
            "watching the river rise was frightening",
        ),
    ],
)
def test_a_gerund_subject_read_as_the_cues_complement(ex, body, content):
    speaker = body.split(" said")[0]
    assert contents(ex, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "body",
    [
        # a cue without a gerund complement ("recalled [seeing smoke]" is one: lexicon.toml)
        "He described seeing smoke above the hill.",
        "She questioned taking the money from the till.",
        "The guide said nothing, leaving the hikers to guess.",
    ],
)
def test_a_gerund_object_without_a_clause_is_no_content(ex, body):
    assert contents(ex, body) == []


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        (
            "The Lindholm Courier reported that the decision to name Ostrom as the winner was made in May.",
            "the decision to name Ostrom as the winner was made in May",
            "The Lindholm Courier",
        ),
        (
            (
                "The ferry board released a statement confirming the night crossings will "
                "resume in April."
            ),
            "the night crossings will resume in April",
            "The ferry board",
        ),
    ],
)
def test_a_clause_broken_around_the_cues_object(extractor, body, content, speaker):
    """The parser hung the clause after "that" inside the object's phrase, or read the clause's
    subject as the cue's object and its verb as the head of the cue."""
    assert contents(extractor, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "body",
    [
        "The skipper reported that leak to the coastguard on Monday.",
        "The warden announced the winners of the regatta at the clubhouse.",
        (
            "Though the mayor maintains a clear lead over her rival, a narrow win in the west "
            "would raise questions."
        ),
    ],
)
def test_a_real_object_of_a_report_is_no_clause(extractor, body):
    assert contents(extractor, body) == []
