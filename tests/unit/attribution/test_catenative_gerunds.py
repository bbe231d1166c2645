"""A cue gerund right after its verb ("kept telling", "started writing") completes that verb
inside the content; it does not end the content as a participial report of the speaker's
(", saying ..." still does). One invented sentence each."""

import pytest

HEAD = "Harbour fund\n\n"


def contents(ex, body):
    return [(s.content, s.speaker) for s in ex.extract(HEAD + body + "\n")]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "Okafor said the crews kept telling the board about leaks.",
            "the crews kept telling the board about leaks",
        ),
        (
            "Okafor says she's already started writing her budget speech.",
            "she's already started writing her budget speech",
        ),
    ],
)
def test_a_cue_gerund_completing_its_verb_stays_in_the_content(ex, body, content):
    assert contents(ex, body) == [(content, "Okafor")]


def test_a_participle_after_a_comma_still_ends_the_content(ex):
    found = contents(ex, "Okafor said the pier was unsafe, saying the crews had left.")
    assert ("the pier was unsafe", "Okafor") in found
