"""Clause shapes around a cue that already worked for an unquoted clause and now hold with a
quote or a misattached clause too (issue 8, "robust clauses"); one invented text each."""

import pytest

from tests.support_attribution import contents


@pytest.mark.parametrize(
    ("body", "opening", "quote", "speaker"),
    [
        (
            'If the levy passes, she said, "we will all pay for it."',
            "If the levy passes",
            "we will all pay for it.",
            "she",
        ),
        (
            'In cases of card fraud, the bank said, "the customer is the victim."',
            "In cases of card fraud",
            "the customer is the victim.",
            "the bank",
        ),
        (
            'The new levy on diesel, she said, "will hurt every farm in the valley."',
            "The new levy on diesel",
            "will hurt every farm in the valley.",
            "she",
        ),
    ],
)
def test_the_opening_before_a_cue_inside_its_quoted_sentence_is_a_fragment(
    ex, body, opening, quote, speaker
):
    assert sorted(contents(ex, body)) == sorted(
        [(opening, speaker, "indirect"), (quote, speaker, "direct")]
    )


@pytest.mark.parametrize(
    ("body", "quote", "speaker"),
    [
        (
            'In a statement on Monday, the minister said, "The port will stay open."',
            "The port will stay open.",
            "the minister",
        ),
        ('On Tuesday, she said, "We will appeal the ruling."', "We will appeal the ruling.", "she"),
        ('But, he said, "the ferry was late again."', "the ferry was late again.", "he"),
        ('That, the board said, "would be unwise."', "would be unwise.", "the board"),
        (
            'At the same time, the adviser added, "we will keep our principles."',
            "we will keep our principles.",
            "the adviser",
        ),
        (
            'Quite suddenly, after the two firms split, Hale said, "the money was gone."',
            "the money was gone.",
            "Hale",
        ),
        (
            'Speaking to reporters in Leeds, Hale said, "We are not finished."',
            "We are not finished.",
            "Hale",
        ),
    ],
)
def test_an_adjunct_of_the_cue_or_a_time_before_a_quote_is_no_fragment(ex, body, quote, speaker):
    assert contents(ex, body) == [(quote, speaker, "direct")]


def test_the_first_half_of_a_broken_quote_stays_one_direct_statement(ex):
    body = '"The new levy on diesel," she said, "will hurt every farm in the valley."'
    assert contents(ex, body) == [
        ("The new levy on diesel,", "she", "direct"),
        ("will hurt every farm in the valley.", "she", "direct"),
    ]


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        (
            "The council bought the land at what she said was a fair price for the valley.",
            "was a fair price for the valley",
            "she",
        ),
        (
            "It was a result that he said defied every poll in the state.",
            "defied every poll in the state",
            "he",
        ),
        (
            "The fund lost money on shares which she said were bought too late.",
            "were bought too late",
            "she",
        ),
        (  # a present plural the tagger read as a bare verb
            "The council wants tolls on the bridge, which its engineers claim reduce traffic.",
            "reduce traffic",
            "its engineers",
        ),
    ],
)
def test_the_rest_of_a_relative_clause_after_its_cue_is_the_content(ex, body, content, speaker):
    assert contents(ex, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The council paid what she said the land would fetch.",
            [("the land would fetch", "she", "indirect")],
        ),
        ("It was a promise that he said nothing about.", []),
    ],
)
def test_a_relative_clause_with_a_subject_of_its_own_or_none_is_left_as_it_was(ex, body, expected):
    assert contents(ex, body) == expected


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        (
            "The warden told the council at its spring meeting that the pier was unsafe.",
            "the pier was unsafe",
            "The warden",
        ),
        (
            "Okafor wrote after visiting the mill that its looms had stopped for good.",
            "its looms had stopped for good",
            "Okafor",
        ),
    ],
)
def test_a_that_clause_hung_inside_a_phrase_after_the_cue_is_the_content(
    ex, body, content, speaker
):
    assert contents(ex, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "body",
    [
        "The warden said so in a letter, one that she signed.",
        "The warden wrote to us about a plan that the mayor drew up.",
    ],
)
def test_a_relative_clause_with_a_gap_at_the_end_of_a_phrase_is_no_content(ex, body):
    assert contents(ex, body) == []


def test_a_subject_read_as_an_adverbial_of_the_cue_opens_the_content(extractor):
    """The fast path's parse reads "the days" as an adverbial of "said" (the full parse reads
    this sentence otherwise, and misses it still)."""
    body = "Berg, a farmer from the dry north, said the days when wells were full are gone."
    assert contents(extractor, body) == [
        ("the days when wells were full are gone", "Berg", "indirect")
    ]


def test_a_gerund_subject_read_as_an_opening_clause_before_a_set_off_cue(ex):
    body = "Fixing the roof, Lund said, cost more than the house."
    assert sorted(contents(ex, body)) == sorted(
        [("Fixing the roof", "Lund", "indirect"), ("cost more than the house", "Lund", "indirect")]
    )


def test_an_opening_participle_before_a_clause_with_its_own_subject_is_unchanged(ex):
    body = "Walking home, Lund said, he saw the fire."
    assert contents(ex, body) == [("he saw the fire", "Lund", "indirect")]


def test_a_that_clause_the_parser_hung_on_the_addressee(ex):
    text = "Harbour dispute\n\nIn 2008 he told an interviewer that he would “never, ever” go back to sea.\n"
    assert [s.content for s in ex.extract(text)] == ["he would “never, ever” go back to sea"]


@pytest.mark.parametrize(
    ("body", "opening", "quote", "speaker"),
    [
        (
            'When the new bridge opens, the mayor said, "traffic on the old road will halve."',
            "When the new bridge opens",
            "traffic on the old road will halve.",
            "the mayor",
        ),
        (
            'If the vote fails again, Ms. Okafor added, "we will take it to the courts."',
            "If the vote fails again",
            "we will take it to the courts.",
            "Ms. Okafor",
        ),
        (
            'The ferries were all cancelled, the captain said, "and nobody told the passengers."',
            "The ferries were all cancelled",
            "and nobody told the passengers.",
            "the captain",
        ),
    ],
)
def test_an_opening_clause_hung_on_a_root_cue_before_its_quote_is_a_fragment(
    ex, body, opening, quote, speaker
):
    """openings.opening_on_cue: the parser makes the set-off cue the root of the sentence."""
    assert sorted(contents(ex, body)) == sorted(
        [(opening, speaker, "indirect"), (quote, speaker, "direct")]
    )


@pytest.mark.parametrize(
    ("body", "quote", "speaker"),
    [
        (
            'When asked about the bridge, the mayor said, "traffic on the old road will halve."',
            "traffic on the old road will halve.",
            "the mayor",
        ),
        (
            'Whistles blew, the referee said, "and the match was over."',
            "and the match was over.",
            "the referee",
        ),
        (
            'Reading from her notes, Ms. Okafor said, "we will take it to the courts."',
            "we will take it to the courts.",
            "Ms. Okafor",
        ),
    ],
)
def test_a_scene_hung_on_a_root_cue_before_its_quote_is_no_fragment(ex, body, quote, speaker):
    """A report of its own, an absolute clause or the speaker's participle is the scene."""
    assert contents(ex, body) == [(quote, speaker, "direct")]
