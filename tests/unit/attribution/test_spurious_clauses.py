"""Clauses and phrases a cue seems to report and does not (issue 8, precision): the main clause
after a cue in a time adjunct, the clause before a cue that has its own
object. Every sentence is written here."""

import pytest

from tests.support_attribution import contents


@pytest.mark.parametrize(
    "body",
    [
        (
            "At the moment the governor announced his plan last spring, aides were meeting in "
            "the office on Elm Street."
        ),
        "Long after the mayor announced her bid, the council kept its old budget.",
        "The board announced its new chair, a former banker, on Friday.",
        "The port has grown fast — officials reported a record year.",
    ],
)
def test_the_main_clause_after_a_cues_noun_object_is_not_its_content(ex, body):
    assert contents(ex, body) == []


def test_the_clause_before_a_cue_with_a_gerund_report_is_not_its_content(ex):
    """The gerund is what was reported (lexicon "gerund" complement of report); the main clause
    before the dash stays out."""
    body = (
        "The depot has been a steady earner for the city, however — the mayor reported "
        "earning $3 million from it last year."
    )
    assert contents(ex, body) == [("earning $3 million from it last year", "the mayor", "indirect")]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "She told reporters, the fund will close in March.",
            [("the fund will close in March", "She", "indirect")],
        ),
        (
            "Ms. Vane announced on Tuesday the depot would close.",
            [("the depot would close", "Ms. Vane", "indirect")],
        ),
        (
            "The harbour is busy again, the mayor reported on Tuesday.",
            [("The harbour is busy again", "the mayor", "indirect")],
        ),
        (
            "The bridge will open in May, she told reporters.",
            [("The bridge will open in May", "she", "indirect")],
        ),
        (
            "A clerk wrote the town paper, the Elm Courier, that the depot was closing.",
            [("the depot was closing", "A clerk", "indirect")],
        ),
        (
            "Rates will stay high for now, the bank said: its report points to slow growth.",
            [("Rates will stay high for now", "the bank", "indirect")],
        ),
        (
            "Still, the new roof matters more, the warden added, to keep the archive dry.",
            [("the new roof matters more", "the warden", "indirect")],
        ),
        (
            "The mayor announced the closure of the depot, the union said.",
            [("The mayor announced the closure of the depot", "the union", "indirect")],
        ),
    ],
)
def test_a_clause_after_an_addressee_or_an_adjunct_is_still_reported(ex, body, expected):
    assert contents(ex, body) == expected
