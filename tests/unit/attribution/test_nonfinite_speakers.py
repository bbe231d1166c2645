"""Speakers of gerund cues that the parser coordinated with a gerund deeper in the sentence;
invented texts."""

import pytest

from tests.support_attribution import contents


def test_a_gerund_hung_on_a_gerund_inside_a_participles_content_goes_with_the_participle(ex):
    body = (
        "Kofi Asante thanked the nurses, saying they had a gift for calming patients and adding "
        "that the ward was spotless."
    )
    assert ("the ward was spotless", "Kofi Asante", "indirect") in contents(ex, body)


def test_a_gerund_hung_on_a_gerund_inside_a_participles_object_goes_with_the_participle(ex):
    body = (
        "The minister has softened his tone, turning his attention to fixing the budget and "
        "admitting that the tax failed."
    )
    assert contents(ex, body) == [("the tax failed", "The minister", "indirect")]


def test_a_gerund_under_a_noun_with_no_participle_above_it_gets_no_speaker(ex):
    body = "The firm had a name for hiring graduates and telling them they would be rich."
    assert contents(ex, body) == []


def test_a_gerund_after_a_predicate_noun_speaks_for_the_subject_of_the_copula(ex):
    body = "Rask was the fiercest of the rivals in denouncing the levy."
    assert contents(ex, body) == [("the levy", "Rask", "indirect")]


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        (
            "In addition to warning that rents would rise, the mayor has promised to build homes.",
            "rents would rise",
            "the mayor",
        ),
        (
            "Aside from claiming that the vote was rigged, Pell has offered little.",
            "the vote was rigged",
            "Pell",
        ),
    ],
)
def test_a_gerund_after_a_phrase_of_addition_speaks_for_the_verbs_subject(
    ex, body, content, speaker
):
    assert (content, speaker, "indirect") in contents(ex, body)


def test_a_gerund_after_instead_of_is_not_a_statement(ex):
    body = "Instead of calling the strike illegal, the union boss left the hall."
    assert contents(ex, body) == []


def test_a_participle_after_a_coordinated_clause_with_its_own_subject_speaks_for_that_subject(ex):
    body = (
        "The harbour master was questioned over the budget, but she spoke mostly about dredging, "
        "saying that the channel would be deepened by June."
    )
    assert contents(ex, body) == [("the channel would be deepened by June", "she", "indirect")]
