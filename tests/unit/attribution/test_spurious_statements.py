"""Things that look like statements and are not (issue 8, precision): titles of works in
quotes, openings with no clause, expletive subjects. Every sentence is written here."""

import pytest

HEAD = "Council row\n\n"


def found(ex, body):
    return [(s.speaker, s.content) for s in ex.extract(HEAD + body + "\n")]


@pytest.mark.parametrize(
    "body, kept",
    [
        (
            (
                '"We cannot wait for the river to rise again," Ms. Okafor said in her 2019 memoir, '
                '"Rivers Under the City." She later moved to Leeds.'
            ),
            ["We cannot wait for the river to rise again,"],
        ),
        (
            (
                '"The vote was never close," Mr. Brandt said on Channel 9\'s '
                '"Morning Desk With Paula Reyes." He left early.'
            ),
            ["The vote was never close,"],
        ),
        ('Ms. Lund wrote about the winter in her book, "Ice Roads of the North." It sold.', []),
        (
            (
                '"The harbour deal is sound," said Mr. Tiller, a co-author of '
                '"The Quiet Ledger: Inside the Treasury."'
            ),
            ["The harbour deal is sound,"],
        ),
        (
            (
                '"We will build the bridge," the mayor told a crowd of 900 after she walked on stage '
                'to "Fanfare for the Brave." "And we will finish it."'
            ),
            ["We will build the bridge,", "And we will finish it."],
        ),
    ],
)
def test_a_title_in_quotes_is_no_statement(ex, body, kept):
    assert [c for _, c in found(ex, body)] == kept


@pytest.mark.parametrize(
    "body, content",
    [
        ('"We Will Not Back Down," Ms. Okafor said.', "We Will Not Back Down,"),
        ('Ms. Okafor said, "The Budget Is Broken."', "The Budget Is Broken."),
        ('The mayor told the crowd: "Vote For Change."', "Vote For Change."),
    ],
)
def test_a_title_case_quote_framed_by_a_cue_is_still_a_statement(ex, body, content):
    assert [c for _, c in found(ex, body)] == [content]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("It is too early to say whether the harbour plan will work.", []),
        ("It was too soon to tell if the new ferry timetable would help.", []),
        (
            "It is too early to say whether the harbour plan will work, the engineers conceded.",
            [("the engineers", "It is too early to say whether the harbour plan will work")],
        ),
        (
            "Critics were quick to note that the harbour plan had failed twice.",
            [("Critics", "the harbour plan had failed twice")],
        ),
    ],
)
def test_a_placeholder_it_before_an_adjective_is_no_speaker(ex, body, expected):
    assert found(ex, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Only time will tell if the new ferry timetable can win back commuters.", []),
        (
            "Time will tell whether the harbour plan works, the mayor said.",
            [("the mayor", "Time will tell whether the harbour plan works")],
        ),
        (
            "The harbour master told reporters that the ferry would run at night.",
            [("The harbour master", "the ferry would run at night")],
        ),
    ],
)
def test_time_will_tell_is_an_idiom_not_a_statement(ex, body, expected):
    assert found(ex, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("The board's vote on Monday, all told, cost the city $2 million.", []),
        (
            "They all told me the pier was unsafe.",
            [("They", "the pier was unsafe")],
        ),
        (
            "All told, she said, the pier cost $2 million.",
            [("she", "the pier cost $2 million")],
        ),
    ],
)
def test_all_told_is_an_idiom_not_a_speaker(ex, body, expected):
    assert found(ex, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("In Tarn, 52 pledged delegates were up for grabs on Sunday.", []),
        ("In Tarn, 52 reported burglaries were solved last year.", []),
        (
            "About 40 said the ferry crews were never paid.",
            [("About 40", "the ferry crews were never paid")],
        ),
    ],
)
def test_a_past_form_between_a_number_and_a_plural_noun_is_no_cue(ex, body, expected):
    """ "60 pledged delegates were at stake": the parser may make the number the subject of
    "pledged" and the noun phrase a clause of it; a past form there premodifies the noun. A
    finite "said" after a number still speaks for it."""
    assert found(ex, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "HARBOUR FACT OF THE WEEK: 40 percent of the dock workers live within a mile of the pier.",
            [],
        ),
        (
            "HOLT: Honestly, I think the levy will pass this time around.",
            [("HOLT", "Honestly, I think the levy will pass this time around")],
        ),
        (
            "JANE MARLOW: We will build the bridge before the winter comes.",
            [("JANE MARLOW", "We will build the bridge before the winter comes")],
        ),
    ],
)
def test_an_all_capital_section_label_is_no_speaker(ex, body, expected):
    assert found(ex, body) == expected


@pytest.mark.parametrize(
    "title",
    ["FIX IS IN: Harbour Board Ignores Levy Scandal", "GAME ON: Council Backs Harbour Levy"],
)
def test_an_all_capital_kicker_with_a_function_word_is_no_speaker(ex, title):
    assert ex.extract(title + "\n\nThe council met on Monday to discuss the harbour.\n") == []
