"""A cue word inside a reported content that is no second act of the speaker does not end the
content: an infinitive under an adjective, a bare infinitive coordinated with it, a participle
completing a word of the content. The speaker's own next act still ends it. One invented
sentence each."""

import pytest

HEAD = "Harbour fund\n\n"


def contents(ex, body):
    return [(s.content, s.speaker) for s in ex.extract(HEAD + body + "\n")]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The new law has made it easier for tenants to complain, she said.",
            [("The new law has made it easier for tenants to complain", "she")],
        ),
        (
            "The mayor said it was hard for drivers to report potholes.",
            [("it was hard for drivers to report potholes", "The mayor")],
        ),
        (
            "The coach said it was easy for rivals to stand up and claim the title was theirs.",
            [("it was easy for rivals to stand up and claim the title was theirs", "The coach")],
        ),
    ],
)
def test_a_cue_in_an_infinitive_of_the_content_stays_in_it(ex, body, expected):
    assert contents(ex, body) == expected


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "Okafor said she felt uneasy telling her neighbours about the flood.",
            "she felt uneasy telling her neighbours about the flood",
        ),
        (
            "Okafor said the ferry route seems to be appealing to tourists.",
            "the ferry route seems to be appealing to tourists",
        ),
    ],
)
def test_a_participle_not_set_off_from_the_content_stays_in_it(ex, body, content):
    assert contents(ex, body) == [(content, "Okafor")]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The tenant said the landlord was friendly as long as nobody complained.",
            "the landlord was friendly as long as nobody complained",
        ),
        (
            "The tenant said the flat was not as quiet as the agent claimed.",
            "the flat was not as quiet as the agent claimed",
        ),
    ],
)
def test_a_cue_in_a_comparison_of_the_content_stays_in_it(ex, body, content):
    assert contents(ex, body) == [(content, "The tenant")]


@pytest.mark.parametrize(
    "body, first",
    [
        ("The rector said fees would rise while adding that grants would grow.", "fees would rise"),
        ("Ruiz said the fee would stay, as she announced in May.", "the fee would stay"),
        (
            "The envoy said the talks had stalled and urged both sides to return.",
            "the talks had stalled",
        ),
        (
            "The envoy told us the talks were a sham and questioning why they began.",
            "the talks were a sham",
        ),
        (
            "The envoy said the talks had stalled, saying both sides were tired.",
            "the talks had stalled",
        ),
    ],
)
def test_the_speakers_next_act_still_ends_the_content(ex, body, first):
    assert contents(ex, body)[0][0] == first
