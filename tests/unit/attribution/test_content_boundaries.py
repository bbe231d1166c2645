"""Where a reported content ends: trailing clauses that are the speaker's, and those that are
part of what was said. One invented sentence each."""

import pytest

HEAD = "Harbour fund\n\n"


def contents(ex, body):
    return [(s.content, s.speaker) for s in ex.extract(HEAD + body + "\n")]


def test_a_stance_participle_of_the_speaker_ends_the_content(ex):
    body = "The central bank said inflation was not yet beaten, pushing back against bets on cuts."
    assert contents(ex, body) == [("inflation was not yet beaten", "The central bank")]
    body = "Ms. Ruiz said the tax would stay, contrasting herself with her rival."
    assert contents(ex, body) == [("the tax would stay", "Ms. Ruiz")]


def test_the_writers_participle_on_what_the_statement_did_ends_the_content(ex):
    body = "The minister said the ferry would be sold, reversing a decade of policy."
    assert contents(ex, body) == [("the ferry would be sold", "The minister")]
    body = "The rector said fees would rise in autumn, drawing protests from students."
    assert contents(ex, body) == [("fees would rise in autumn", "The rector")]


def test_the_writers_participle_on_where_a_figure_stands_ends_the_content(ex):
    body = "The zoo said its visitor numbers doubled, surpassing every forecast."
    assert contents(ex, body) == [("its visitor numbers doubled", "The zoo")]


@pytest.mark.parametrize(
    ("body", "content", "cited"),
    [
        (
            "The coach pledged to rebuild the squad, echoing his first speech at the club.",
            "to rebuild the squad",
            [],
        ),
        (
            "The bakers' guild is proposing to cut the bread tax, citing the price of flour.",
            "to cut the bread tax",
            ["the price of flour"],
        ),
        (
            "The nurses urged the board to hire more staff, citing long night shifts.",
            "the board to hire more staff",
            ["long night shifts"],
        ),
        (
            "The league asked clubs to report every injury, putting the burden on team doctors.",
            "clubs to report every injury",
            [],
        ),
    ],
)
def test_a_stance_participle_after_an_infinitive_content_ends_it(ex, body, content, cited):
    """The participle is no part of the content; "citing [the price of flour]" is a statement
    of its own (see ``test_complement_cues``), the other participles are none."""
    assert [c for c, _ in contents(ex, body)] == [content, *cited]


def test_a_stance_participle_after_a_comma_inside_the_closing_quote_ends_the_content(ex):
    body = 'The warden said the east wing "has served its time," referring to the damp cells.'
    assert contents(ex, body) == [('the east wing "has served its time,"', "The warden")]


def test_the_source_named_after_a_reported_clause_is_not_part_of_it(ex):
    body = (
        'The ferry company told passengers that crossings "will resume soon" once the storm '
        "passes, according to a union leaflet."
    )
    found = [c for c, _ in contents(ex, body)]
    assert (
        'The ferry company told passengers that crossings "will resume soon" once the storm passes'
        in found
    )
    assert not [c for c in found if "according to" in c]


def test_the_sentence_after_a_colon_spells_out_the_content(ex):
    body = "Beekeepers say the cold spring hit them hard: Many hives lost most of their bees before May."
    content = "the cold spring hit them hard: Many hives lost most of their bees before May"
    assert contents(ex, body) == [(content, "Beekeepers")]


def test_a_quote_after_the_colon_goes_on_with_the_clause_a_new_line_stays_apart(ex):
    body = 'Beekeepers say the cold spring hit them hard: "We lost half the hives."'
    assert [c for c, _ in contents(ex, body)] == [
        'the cold spring hit them hard: "We lost half the hives."'
    ]
    body = "Beekeepers say the cold spring hit them hard:\nMany hives lost most of their bees."
    assert [c for c, _ in contents(ex, body)] == ["the cold spring hit them hard"]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            (
                "The mayor said the tram would reach the airport by 2030 - though no money has "
                "been set aside for it."
            ),
            "the tram would reach the airport by 2030",
        ),
        (
            (
                "The curator says the museum will stay open on Mondays -- even as two other "
                "galleries close."
            ),
            "the museum will stay open on Mondays",
        ),
    ],
)
def test_a_concession_set_off_by_a_dash_is_the_writers_aside(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


def test_a_concession_after_a_comma_stays_in_the_content(ex):
    body = "The mayor said the tram would reach the airport by 2030, though no money was set aside."
    assert [c for c, _ in contents(ex, body)] == [
        "the tram would reach the airport by 2030, though no money was set aside"
    ]


def test_a_stance_participle_of_someone_named_in_the_report_stays(ex):
    body = "Ms. Ruiz said Mr. Hale had resigned, citing health reasons."
    assert contents(ex, body) == [("Mr. Hale had resigned, citing health reasons", "Ms. Ruiz")]


def test_a_speech_participle_after_a_reported_conversation_stays(ex):
    body = (
        "The Courier reported Sunday that Mr. Hale talked by phone on Thursday with Ms. Ruiz, "
        "telling her not to sell the port."
    )
    assert contents(ex, body) == [
        (
            "Mr. Hale talked by phone on Thursday with Ms. Ruiz, telling her not to sell the port",
            "The Courier",
        )
    ]


def test_a_speech_participle_after_other_news_is_the_speakers_next_report(ex):
    body = "Pieter Vos insisted the Dane could still win the race, saying the hills suited him."
    assert [c for c, _ in contents(ex, body)] == [
        "the Dane could still win the race",
        "the hills suited him",
    ]


def test_a_participle_of_consequence_stays_in_the_content(ex):
    body = "The mayor said the storm had closed 40 roads, leaving thousands stranded."
    assert contents(ex, body) == [
        ("the storm had closed 40 roads, leaving thousands stranded", "The mayor")
    ]


def test_a_complementiser_misread_as_a_subject_is_no_content(ex):
    body = (
        "Mr. Hale, who made a fortune with a bet against risky bonds, told analysts that doubts "
        "about specialty insurers like Orvane were overblown."
    )
    assert contents(ex, body) == [
        ("doubts about specialty insurers like Orvane were overblown", "Mr. Hale")
    ]


def test_a_pronoun_that_opening_the_content_stays(ex):
    assert contents(ex, "Ms. Ruiz said that was the usual price of a dry summer.") == [
        ("that was the usual price of a dry summer", "Ms. Ruiz")
    ]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            "Farmers said the cut would cost a typical farm 6,000 euros a year, a figure they "
            + "disputed.",
            "the cut would cost a typical farm 6,000 euros a year",
        ),
        (
            "Mr. Odum said he would cut the bus fare to one euro \u2014 a promise he has made before.",
            "he would cut the bus fare to one euro",
        ),
        (
            "The mayor said fares had risen by 40 percent since 2020, an increase few "
            + "commuters expected.",
            "fares had risen by 40 percent since 2020",
        ),
    ],
)
def test_a_trailing_comment_on_the_report_is_the_writers(ex, body, content):
    assert [c for c, _ in contents(ex, body)] == [content]


def test_an_apposition_naming_someone_in_the_report_stays(ex):
    body = "Ms. Vane said she had met Dr. Hale, a surgeon from Northfield."
    assert contents(ex, body) == [("she had met Dr. Hale, a surgeon from Northfield", "Ms. Vane")]


def test_a_quote_the_reporter_finishes_is_one_mixed_statement(ex):
    body = '"We never sell anything" to foreign buyers, the dealer said.'
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ('"We never sell anything" to foreign buyers', "mixed")
    ]
    body = 'Ms. Ruiz said, "I have never seen that particular problem" from the port authority.'
    assert contents(ex, body) == [
        ('"I have never seen that particular problem" from the port authority', "Ms. Ruiz")
    ]


def test_a_continued_quote_the_reporter_finishes_is_one_mixed_statement(ex):
    body = (
        '"The ferry is late again," Mayor Ida Holt said. "We are sending every complaint" to '
        "the harbour board in Ely."
    )
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ("The ferry is late again,", "direct"),
        ('"We are sending every complaint" to the harbour board in Ely', "mixed"),
    ]


def test_a_continued_quote_before_a_clause_of_the_writers_ends_at_its_mark(ex):
    body = (
        '"The ferry is late again," Mayor Ida Holt said. "We are sending every complaint" to '
        "the board that failed to act."
    )
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ("The ferry is late again,", "direct"),
        ("We are sending every complaint", "direct"),
    ]


def test_the_day_after_a_quote_is_when_it_was_said(ex):
    body = 'The mayor tweeted, "We love the new pier" on Friday afternoon.'
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ("We love the new pier", "direct")
    ]


def test_a_quote_closed_by_its_own_punctuation_ends_at_its_mark(ex):
    body = '"We never sell anything," the dealer said, to foreign buyers.'
    assert contents(ex, body) == [("We never sell anything,", "the dealer")]
    body = '"The board takes no view on the price" according to the statement.'
    assert contents(ex, body) == [('"The board takes no view on the price"', "the statement")]
    body = '"Done" he said.'
    assert contents(ex, body) == [("Done", "he")]
    body = '"The fight goes on" and the crowd cheered, Ms. Ruiz said.'
    assert contents(ex, body) == [("The fight goes on", "Ms. Ruiz")]
    body = '"The harbour is ours" the mayor Anne Hale said.'
    assert contents(ex, body) == [("The harbour is ours", "Anne Hale")]


def test_a_reported_clause_that_opens_before_its_quote_is_one_mixed_statement(ex):
    body = 'Mr. Hale said that in any talks, "we will make it clear that the port is not for sale."'
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ('in any talks, "we will make it clear that the port is not for sale."', "mixed")
    ]
    body = (
        'The ministry said its new rules had already worked, "including a sharp fall in fake '
        'accounts and fewer scams."'
    )
    said = 'its new rules had already worked, "including a sharp fall in fake accounts and fewer'
    assert contents(ex, body) == [(said + ' scams."', "The ministry")]


def test_a_quote_with_a_full_stop_inside_keeps_the_clause_it_opens_in(ex):
    """The parser ends a sentence at the full stop inside the quote; the content the cue after
    it reports starts where the sentence holding the opening mark starts."""
    body = 'The pier plan "was rushed through. Nobody asked us," Ida Vass said.'
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ('The pier plan "was rushed through. Nobody asked us,"', "mixed")
    ]
    body = (
        'In 2012, when the mill closed, the town "lost its heart. We never got it back," he said.'
    )
    assert contents(ex, body) == [
        ('In 2012, when the mill closed, the town "lost its heart. We never got it back,"', "he")
    ]


def test_a_clause_whose_quote_the_parser_split_off_before_the_cue_is_one_content(ex):
    """The parser makes the verb before the quote and the quote's own verb two clauses of the
    cue after them; only the opening quote mark lies between them."""
    body = 'The new rules mean "nobody can fish here any more," Holm said.'
    assert [(s.content, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        ('The new rules mean "nobody can fish here any more,"', "mixed")
    ]


def test_a_quote_another_cue_frames_before_its_full_stop_stays_apart(ex):
    body = 'Holt described the night as "awful. We lost everything," she said.'
    said = [s.content for s in ex.extract(HEAD + body + "\n") if s.cue == "said"]
    assert said == ["We lost everything"]


def test_words_of_the_cue_before_a_quote_stay_out_of_it(ex):
    body = 'Ms. Vane said on Tuesday, "We will win the vote."'
    assert contents(ex, body) == [("We will win the vote.", "Ms. Vane")]
    body = 'Ms. Ruiz said, pointing at the map, "This is where it flooded."'
    assert contents(ex, body) == [("This is where it flooded.", "Ms. Ruiz")]


def test_a_cue_in_a_when_or_after_clause_is_part_of_the_content(ex):
    body = "Mr. Hale said he knew little about the port before he announced his bid."
    assert contents(ex, body) == [
        ("he knew little about the port before he announced his bid", "Mr. Hale")
    ]
    body = "Ms. Ruiz said the fund lost money after the board announced the sale."
    assert contents(ex, body) == [
        ("the fund lost money after the board announced the sale", "Ms. Ruiz")
    ]


def test_a_second_report_set_off_by_while_still_ends_the_content(ex):
    body = (
        "Ms. Vane said families had been given too little notice, while he said the board had "
        "discussed the closures in public."
    )
    assert [c for c, _ in contents(ex, body)] == [
        "families had been given too little notice",
        "the board had discussed the closures in public",
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            (
                "The trawler came back to port early after, according to its skipper, "
                "the nets tore in the storm."
            ),
            [("the nets tore in the storm", "its skipper")],
        ),
        (
            (
                "The mayor will attend the vote on Tuesday, because, according to Ms. Okafor, "
                "the board would call her a coward otherwise."
            ),
            [("the board would call her a coward otherwise", "Ms. Okafor")],
        ),
        (
            "The pier will close in May, according to the harbour board.",
            [("The pier will close in May", "the harbour board")],
        ),
    ],
)
def test_according_to_set_off_after_a_clause_mark_reports_the_clause_after_it(ex, body, expected):
    assert contents(ex, body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            (
                "The ferry levy has lost most of its support, according to the chamber's "
                "monthly survey - despite a costly poster campaign in the spring."
            ),
            [
                (
                    "The ferry levy has lost most of its support",
                    "the chamber's monthly survey",
                )
            ],
        ),
        (
            (
                "The pier will close in May, according to the harbour board, although the "
                "mayor hopes to keep it open."
            ),
            [("The pier will close in May", "the harbour board")],
        ),
    ],
)
def test_according_to_before_the_writers_concession_reports_the_clause_before_it(
    ex, body, expected
):
    assert contents(ex, body) == expected


def test_according_to_after_a_quotes_frame_adds_no_statement_of_its_own(ex):
    body = (
        '"Is the levy a priority for them, or is it just an election year?" Ms. Okafor said '
        "at a press conference, according to the Harbour Herald."
    )
    assert contents(ex, body) == [
        ("Is the levy a priority for them, or is it just an election year?", "Ms. Okafor")
    ]
    body = "Ms. Okafor spoke at the pier on Monday, according to the Harbour Herald."
    assert contents(ex, body) == [("Ms. Okafor spoke at the pier on Monday", "the Harbour Herald")]
    body = "The harbour union has called for strikes using boats, according to the Herald."
    assert contents(ex, body) == [
        ("The harbour union has called for strikes using boats", "the Herald")
    ]
    body = 'The word "levy" was mentioned on the radio 300 times, according to a review.'
    assert contents(ex, body) == [
        ('The word "levy" was mentioned on the radio 300 times', "a review")
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "That's according to filings that the harbour campaign is making on Monday.",
            [("That", "filings")],
        ),
        ("According to Ada Hale, writing for the Harbour Herald:", []),
        (
            (
                "The mayor gave her blessing, according to court papers reported by the Herald, "
                "becoming a 90 percent owner of the ferry."
            ),
            [("becoming a 90 percent owner of the ferry", "court papers reported by the Herald")],
        ),
        (
            "According to the latest survey, the ferry service has lost a third of its riders.",
            [("the ferry service has lost a third of its riders", "the latest survey")],
        ),
        (
            "According to the report, that plan failed twice.",
            [("that plan failed twice", "the report")],
        ),
    ],
)
def test_according_to_with_a_relative_clause_or_a_description_of_its_source(ex, body, expected):
    assert contents(ex, body) == expected


# a cue gerund right after its verb ("kept telling", "started writing") completes that verb inside
# the content; it does not end the content as a participial report (", saying ..." still does)
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


def test_an_opening_before_according_to_set_off_inside_the_clause_is_a_first_fragment(ex):
    body = "Until the flood, according to the river board, the mill ran on water."
    assert contents(ex, body) == [
        ("Until the flood", "the river board"),
        ("the mill ran on water", "the river board"),
    ]
    body = "The old mill, according to the river board, ran on water until the flood."
    assert contents(ex, body) == [
        ("The old mill", "the river board"),
        ("ran on water until the flood", "the river board"),
    ]
    body = "The mill closed after, according to its owner, the river board raised the fee."
    assert contents(ex, body) == [("the river board raised the fee", "its owner")]


def test_a_connective_or_a_marked_clause_before_according_to_is_no_fragment(ex):
    body = "In addition, according to the river board, the mill ran on water."
    assert contents(ex, body) == [("the mill ran on water", "the river board")]
    body = "While the dam was shut, according to the river board, the mill ran on coal."
    assert contents(ex, body) == [("the mill ran on coal", "the river board")]


def test_according_to_between_a_clause_and_a_bare_predicate_reports_the_clause(ex):
    body = (
        "The ferry carried 900 cars in May, according to the port office, "
        "and lost money on every one of its crossings."
    )
    assert contents(ex, body) == [("The ferry carried 900 cars in May", "the port office")]
    body = "The ferry carried 900 cars, according to the port office - far more than in any May."
    assert contents(ex, body) == [("The ferry carried 900 cars", "the port office")]
    body = "It was late, according to the captain, because of thick fog at sea."
    assert contents(ex, body) == [("because of thick fog at sea", "the captain")]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "According to Sen. Ada Moss, Senate scrutiny of the dredging deal slowed the repairs.",
            [("Senate scrutiny of the dredging deal slowed the repairs", "Sen. Ada Moss")],
        ),
        (
            "According to the county clerk, 40 of the wards, mostly rural, voted no.",
            [("40 of the wards, mostly rural, voted no", "the county clerk")],
        ),
    ],
)
def test_a_subject_the_parser_hung_on_the_source_opens_the_content(ex, body, expected):
    assert contents(ex, body) == expected


def test_a_finite_verb_after_an_infinitive_is_a_second_act_not_the_content(ex):
    body = "The union has promised to end the strike and thanked the drivers on Sunday."
    assert contents(ex, body) == [("to end the strike", "The union")]
    body = "The crew said it used a crane to lift the hull and then used ropes."
    assert contents(ex, body) == [
        ("it used a crane to lift the hull and then used ropes", "The crew")
    ]
    body = "The coach vowed to rebuild the squad and sign two young strikers."
    assert contents(ex, body) == [("to rebuild the squad and sign two young strikers", "The coach")]


def test_a_second_share_of_a_poll_ends_what_the_first_share_said(ex):
    body = "Nearly half of the riders said the buses ran late, and 30 percent want cheaper fares."
    assert contents(ex, body) == [("the buses ran late", "Nearly half of the riders")]
    body = "A third of the members say fees are too high, while most think them fair."
    assert contents(ex, body) == [("fees are too high", "A third of the members")]
    body = "The police said three people died and 12 were hurt."
    assert contents(ex, body) == [("three people died and 12 were hurt", "The police")]


def test_a_second_report_hung_on_the_cue_is_its_own_statement(ex):
    body = (
        "At the annual meeting, a third of members said fees were too high, "
        "and more than 2 in 10 said they would leave the club."
    )
    assert [c for c, _ in contents(ex, body)] == ["fees were too high", "they would leave the club"]


def test_an_infinitive_after_an_object_that_takes_one_completes_the_judged_object(ex):
    body = "Residents mocked the bids to rename the square."
    assert contents(ex, body) == [("the bids to rename the square", "Residents")]
    body = "The mayor applauded efforts by the guild to lower rents."
    assert contents(ex, body) == [("efforts by the guild to lower rents", "The mayor")]
    body = "The senator mocked the mayor to please the crowd."
    assert contents(ex, body) == [("the mayor", "The senator")]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (  # the lapse dates the saying: the writer's
            (
                'Harbour chairman Tom Vik said on Monday that the pier would not be sold "at any '
                'price", hours after the council rejected a second offer.'
            ),
            'the pier would not be sold "at any price"',
        ),
        (
            "Ida Brandt says the ferry is safe, days after a crew member fell overboard.",
            "the ferry is safe",
        ),
        (  # after a past event the lapse dates that event: part of the content
            "Ida Brandt said the ferry had docked in May, a week after the storm passed.",
            "the ferry had docked in May, a week after the storm passed",
        ),
    ],
)
def test_a_lapse_of_time_closing_the_content_dates_the_saying(ex, sentence, content):
    assert [s.content for s in ex.extract("Harbour news\n\n" + sentence + "\n")] == [content]
