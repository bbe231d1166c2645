"""Where a found statement starts and ends exactly: words at its edges that belong to the
writer, not to what was said. One invented sentence each."""

import pytest

HEAD = "Orchard cooperative\n\n"


def contents(ex, body):
    return [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")]


def test_a_connective_opening_the_sentence_is_not_what_was_said(ex):
    body = "Still, the cider harvest will be late this year, the grower said."
    assert contents(ex, body) == [("the cider harvest will be late this year", "indirect")]
    body = "In fact, most of the pear trees were planted before the war, according to the survey."
    assert contents(ex, body) == [
        ("most of the pear trees were planted before the war", "indirect")
    ]


def test_an_opening_that_is_no_connective_stays(ex):
    body = "Nationally, apple prices have fallen by a third, the grower said."
    assert contents(ex, body) == [("Nationally, apple prices have fallen by a third", "indirect")]


def test_the_copula_before_according_to_is_not_the_content(ex):
    body = "The orchard lost half its bees. That's according to the beekeepers' union."
    assert contents(ex, body) == [("That", "indirect")]


def test_an_adverbial_opening_the_sentence_of_a_quote_is_said_too(ex):
    body = 'With the bridge closed, "I doubt any truck reaches the farms before June," the foreman said.'
    assert contents(ex, body) == [
        ('With the bridge closed, "I doubt any truck reaches the farms before June,"', "mixed")
    ]
    # a quote long enough for the fast path to shorten its middle before parsing
    body = (
        'Without a new bridge, "I doubt that a single truck will reach the upper farms before '
        'the first week of June," the foreman said.'
    )
    assert [t for _, t in contents(ex, body)] == ["mixed"]
    assert contents(ex, body)[0][0].startswith('Without a new bridge, "I doubt')


def test_a_connective_before_a_quote_stays_out(ex):
    body = 'Still, "the frost did less harm than we feared," the grower said.'
    assert contents(ex, body) == [("the frost did less harm than we feared,", "direct")]


@pytest.mark.parametrize(
    "body",
    [
        'As for the pear growers, "I think they will sell out," the grower said.',
        'Ms. Hale, angry at the rumours, "I think we will never sell the farm," she said.',
        'With the old bridge closed for a month, "I doubt it," the foreman said.',
    ],
)
def test_a_topic_a_subject_or_a_long_opening_stays_out_of_the_quote(ex, body):
    assert [t for _, t in contents(ex, body)] == ["direct"]


def test_an_adverb_before_the_complementiser_qualifies_the_saying(ex):
    body = "The growers said only that they would wait for the frost."
    assert contents(ex, body) == [("they would wait for the frost", "indirect")]


def test_a_percent_sign_ending_the_content_is_kept(ex):
    body = "The cooperative said its cider sales rose by 12%."
    assert contents(ex, body) == [("its cider sales rose by 12%", "indirect")]


def test_a_subject_read_as_the_cues_object_opens_the_content(ex):
    body = "The foreman admitted time on the upper terraces was running out."
    assert contents(ex, body) == [("time on the upper terraces was running out", "indirect")]


def test_a_second_name_ending_the_content_is_the_writers_gloss(ex):
    body = "The grower said frost had killed the late pears, also known as the winter crop."
    assert contents(ex, body) == [("frost had killed the late pears", "indirect")]


def test_a_second_name_inside_the_content_stays(ex):
    body = "The grower said the late pears, also known as the winter crop, had frozen."
    assert contents(ex, body) == [
        ("the late pears, also known as the winter crop, had frozen", "indirect")
    ]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The grower said on Friday the frost had spared the plums.",
            "the frost had spared the plums",
        ),
        ("The grower noted Thursday, the plums had ripened early.", "the plums had ripened early"),
        ("The grower promised Monday to replant the old orchard.", "to replant the old orchard"),
    ],
)
def test_the_day_of_saying_after_the_cue_is_not_what_was_said(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


def test_a_day_that_is_the_clauses_subject_stays(ex):
    body = "The mayor said Friday marked the end of the ferry strike."
    assert [c for c, _ in contents(ex, body)] == ["Friday marked the end of the ferry strike"]


def test_a_date_in_a_subject_stays(ex):
    body = "The grower said last year's harvest had been the smallest in a decade."
    assert [c for c, _ in contents(ex, body)] == [
        "last year's harvest had been the smallest in a decade"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "SALINAS - Frost has spared most of the valley's plums, the growers' board said Monday.",
        (
            "SALINAS, Calif., March 3 (Wire) — Frost has spared most of the valley's plums, "
            "according to the growers' board."
        ),
    ],
)
def test_a_dateline_opening_the_paragraph_is_the_wires(ex, body):
    assert [c for c, _ in contents(ex, body)] == ["Frost has spared most of the valley's plums"]


def test_a_dash_inside_the_content_is_no_dateline(ex):
    body = "The grower said the plums were safe - and that the pears had frozen."
    assert [c for c, _ in contents(ex, body)] == [
        "the plums were safe - and that the pears had frozen"
    ]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The beekeeper said the hives survived the frost, at a hearing in Ely on Monday.",
            "the hives survived the frost",
        ),
        (
            "The cooperative confirmed its cellar was flooded via Instagram on Sunday.",
            "its cellar was flooded",
        ),
        (
            'The grower said the quota was "a slow poison," in an interview with a farming weekly.',
            'the quota was "a slow poison,"',
        ),
    ],
)
def test_the_occasion_of_saying_ending_the_content_is_not_what_was_said(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The grower said she would show the new press at a fair in Ely on Monday.",
            "she would show the new press at a fair in Ely on Monday",
        ),
        (
            "The grower said nobody spoke when the minister arrived at the meeting.",
            "nobody spoke when the minister arrived at the meeting",
        ),
        (
            "The grower said she made her point at her own meeting.",
            "she made her point at her own meeting",
        ),
        (
            "The grower said the buyers had walked out at a hearing in March.",
            "the buyers had walked out at a hearing in March",
        ),
    ],
)
def test_an_occasion_inside_the_content_stays(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "This spring, 61 percent of growers said the levy was unfair, up from 48 percent in May.",
            "the levy was unfair",
        ),
        (
            "Some 40% of pickers say the season is too short, against 31% last year.",
            "the season is too short",
        ),
        (
            (
                "Only 29 percent of anglers said the harbour levy was fair, compared with 44 "
                "percent of them in the spring."
            ),
            "the harbour levy was fair",
        ),
    ],
)
def test_the_writers_figure_after_a_share_of_speakers_is_not_what_was_said(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


@pytest.mark.parametrize(
    "body, content",
    [
        (
            "The cooperative said its cider sales were strong, up 12 percent on last year.",
            "its cider sales were strong, up 12 percent on last year",
        ),
        (
            "This spring, 61 percent of growers said the pears, some 40 tonnes, were lost.",
            "the pears, some 40 tonnes, were lost",
        ),
    ],
)
def test_a_figure_of_a_speaker_that_is_no_share_stays(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]
