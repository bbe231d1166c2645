"""Colon forms: a name, a colon and a quote inside a line, a verb of dialogue before a colon
in shapes the parse makes harder (a coordinated verb, a gerund with its subject, "as X put
it:"), a transcript turn of several sentences on the fast path; interview lines and an outlet's
reporter before a colon stay out. One invented sentence each, on the fast and the full path."""

import pytest

from tests.support_attribution import HEAD


@pytest.mark.parametrize(
    "body, cue, speaker",
    [
        (
            (
                "The crowd chanted for ten minutes. Hale then leaned in and boomed: “We will win "
                "this fight in May.”"
            ),
            "boomed",
            "Hale",
        ),
        (
            (
                "Some backers shoved a heckler, with Hale reportedly yelling: “Throw him out of the "
                "hall!”"
            ),
            "yelling",
            "Hale",
        ),
        (
            (
                "Or, as Tom Brandt, a former port director, put it: “The ships are not coming back. "
                "They have gone south.”"
            ),
            "put",
            "Tom Brandt",
        ),
    ],
)
def test_a_verb_of_dialogue_before_a_colon_in_harder_parses(ex, body, cue, speaker):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue, s.speaker) for s in out] == [("direct", cue, speaker)]


def test_a_thing_put_before_a_colon_is_no_speaker(ex):
    body = "She put it plainly in her letter: the fund would close. The vote is next week."
    assert [s for s in ex.extract(HEAD + body + "\n") if s.cue == "put"] == []
