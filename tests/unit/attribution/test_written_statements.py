"""Written statements: a quote framed by a verb of writing or posting (or shouting) whose
speaker follows it ('"...," wrote one reader', '"...," tweeted another'), where the fast path's
elided quote lets the parser read the speaker as the verb's object. One invented sentence each, on the fast
and the full path."""

import pytest

from tests.support_attribution import HEAD


@pytest.mark.parametrize(
    "body, cue, speaker",
    [
        ("“Nobody asked the crews before the vote,” wrote one listener.", "wrote", "one listener"),
        ('"The tide tables are wrong again," tweeted another.', "tweeted", "another"),
        (
            "“Bring a coat, the quay is freezing,” posted a deckhand from Carrow on the forum.",
            "posted",
            "a deckhand from Carrow",
        ),
        ("“Rubbish!” shouted a man at the back of the hall.", "shouted", "a man"),
    ],
)
def test_the_speaker_after_a_verb_of_writing_that_follows_the_quote(ex, body, cue, speaker):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue, s.speaker) for s in out] == [("direct", cue, speaker)]


@pytest.mark.parametrize(
    "body, speaker",
    [
        ('"Close the pier tonight," urged the harbour master.', "the harbour master"),
        ('"Close the pier tonight," urged the harbour master, Ola Berg.', "Ola Berg"),
        ('"Close the pier tonight," urged Labour councillor Ada Kember.', "Ada Kember"),
    ],
)
def test_a_name_word_modifying_a_role_after_the_cue_is_not_the_speaker(ex, body, speaker):
    """The tagger reads "harbour" as a proper noun; the speaker is the role it modifies (or
    the name apposed to that role), never the modifier alone."""
    out = ex.extract(HEAD + body + "\n")
    assert [s.speaker_canonical for s in out] == [speaker]
