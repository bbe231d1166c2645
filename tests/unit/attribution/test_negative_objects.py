"""Reports whose act did not happen because their object is negative ("asked for nothing",
"told no one that ..."), and speakers whose relative clause holds the cue (issue 8,
precision). Every sentence is written here."""

import pytest

HEAD = "Harbour news\n\n"


def found(ex, body):
    return [(s.speaker, s.content) for s in ex.extract(HEAD + body + "\n")]


@pytest.mark.parametrize(
    "body",
    [
        "The parish council of Wendle asked for nothing when the quarry closed.",
        "Mrs. Pardoe told no one that the bakery on Tarn Street would shut in March.",
        "The ferry captain told nobody that the crossing to Skarra had been cancelled.",
    ],
)
def test_a_negative_object_negates_the_report(ex, body):
    """ "asked for nothing", "told no one that ...": the act did not happen."""
    assert found(ex, body) == []


def test_an_emphatic_negative_object_is_still_a_report(ex):
    """ "called for nothing less than a strike" is a call for a strike."""
    body = "The dockers' union called for nothing less than a full strike at Wendle."
    assert [c for _, c in found(ex, body)] == ["nothing less than a full strike at Wendle"]


def test_a_quoted_negative_word_is_no_negation(ex):
    """'"Nothing," he said': the quote is what was said."""
    body = '"Nothing at all," the harbour master said when asked about the missing nets.'
    assert [c for _, c in found(ex, body)] == ["Nothing at all,"]


def test_a_speaker_mention_stops_before_the_relative_clause_holding_the_cue(ex):
    """ "a warden who said the gates would open": the clause's cue speaks for "a warden",
    and the mention does not run over the clause."""
    body = "The lock at Marrow was kept by a warden who said the gates would open at dawn."
    assert found(ex, body) == [("a warden", "the gates would open at dawn")]


@pytest.mark.parametrize(
    "body",
    [
        "Not one trustee of the Harrow museum said that the loan would be repaid.",
        "Not a single ferryman at Osk told the inspectors that the boats were unsafe.",
    ],
)
def test_a_subject_opened_by_not_one_negates_the_report(ex, body):
    """ "Not one trustee said ...": nobody spoke."""
    assert found(ex, body) == []


def test_not_all_speakers_is_still_a_report(ex):
    """ "Not all trustees said ...": some of them did."""
    body = "Not all trustees of the Harrow museum said that the loan would be repaid."
    assert [c for _, c in found(ex, body)] == ["the loan would be repaid"]
