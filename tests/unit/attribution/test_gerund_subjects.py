"""A gerund subject of a reported clause that the parser read as the cue's open complement, with
the reported verb hung elsewhere after an aside; invented texts."""

import pytest

from tests.support_attribution import contents


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        (
            (
                "The club backed its coach, saying firing him now -- weeks before the final -- "
                "would hurt the team."
            ),
            "firing him now -- weeks before the final -- would hurt the team",
            "The club",
        ),
        (
            (
                "Lee defended the name, saying renaming the park, as the council wants, would "
                "cost a fortune."
            ),
            "renaming the park, as the council wants, would cost a fortune",
            "Lee",
        ),
    ],
)
def test_the_verb_after_an_aside_closes_a_gerund_subject(ex, body, content, speaker):
    assert contents(ex, body) == [(content, speaker, "indirect")]


def test_a_gerund_object_of_the_cue_with_no_verb_after_it_is_no_content(ex):
    assert contents(ex, "The mayor spoke, saying goodbye to the crews, and left.") == []
