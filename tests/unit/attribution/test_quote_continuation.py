"""Direct quotes beyond the lexicon's cues: a quote sentence that continues its speaker's
statement, a paragraph that is one whole quote, a verb of dialogue outside the lexicon, and a
closing mark typed as an opening one. One invented sentence each."""

import pytest

from tests.support_attribution import HEAD, contents


def test_a_quote_after_a_partial_quote_and_its_trailing_cue_is_the_same_speakers(ex):
    body = "Teachers are “looking for a fight,” Ms. Vane said. “That should worry everyone.”"
    assert contents(ex, body) == [
        ("Teachers are “looking for a fight,”", "Ms. Vane", "mixed"),
        ("That should worry everyone.", "Ms. Vane", "direct"),
    ]


def test_a_long_speaker_between_a_quote_and_its_cue(ex):
    """Two names and their institute take more than nine words before the cue; with no verb
    among them the cue after them still frames the quote, and the next quote continues it."""
    body = (
        "“Smoke would drift over the whole valley,” Ana Ruiz and Tom Berg of the Harbour "
        "Institute wrote in May. “Whether the filters can stop it is unknown.”"
    )
    assert [(c, t) for c, _, t in contents(ex, body)] == [
        ("Smoke would drift over the whole valley,", "direct"),
        ("Whether the filters can stop it is unknown.", "direct"),
    ]


def test_a_quote_after_a_leading_cue_with_unquoted_content_runs_on_from_it(ex):
    """The quote sentence with no cue of its own continues the report before it: one mixed
    content from the reported clause to the closing mark."""
    body = "Ms. Vane said the plan had failed. “It is over for all of us.”"
    assert contents(ex, body) == [
        ("the plan had failed. “It is over for all of us.”", "Ms. Vane", "mixed")
    ]


def test_a_whole_quote_paragraph_runs_on_from_a_leading_cue_report(ex):
    body = (
        "Dr. Okon told the board the ward would reopen in March.\n\n"
        "“We have hired nine nurses. Two more start next week.”\n\n"
        "The board meets again on Friday."
    )
    said = (
        "the ward would reopen in March.\n\n“We have hired nine nurses. Two more start next week.”"
    )
    assert contents(ex, body) == [(said, "Dr. Okon", "mixed")]


def test_a_report_after_a_direct_quote_in_its_paragraph_does_not_take_the_next_quote(ex):
    """The quote paragraph goes on from the speaker's direct quote, not from the report that
    trails it."""
    body = (
        "“The pumps are old,” Ms. Vane said, adding that the plan had failed.\n\n"
        "“Nobody wants to pay for new ones.”"
    )
    assert ("the plan had failed", "Ms. Vane", "indirect") in contents(ex, body)


def test_a_quote_that_is_no_whole_sentence_does_not_run_on_from_a_report(ex):
    body = "Ms. Vane said the plan had failed. “Too late” was the verdict of the night."
    assert contents(ex, body) == [("the plan had failed", "Ms. Vane", "indirect")]


def test_a_transcript_line_does_not_run_on_from_a_report(ex):
    body = (
        "The host said the debate had gone badly.\n\n"
        "“Moderator: Do you want a second round? We can do that.”"
    )
    assert contents(ex, body)[0] == ("the debate had gone badly", "The host", "indirect")


def test_a_quote_paragraph_with_its_own_cue_does_not_run_on_from_the_report_before(ex):
    body = (
        "Dr. Okon told the board the ward would reopen in March.\n\n"
        "“We have hired nine nurses,” the matron said."
    )
    assert contents(ex, body) == [
        ("the ward would reopen in March", "Dr. Okon", "indirect"),
        ("We have hired nine nurses,", "the matron", "direct"),
    ]


def test_a_whole_paragraph_quote_continues_the_single_speaker_of_the_paragraph_before(ex):
    body = (
        "“We will win the vote,” said Jane Roe, a member of the council who chairs its budget "
        "panel.\n\n“The plan to avoid oversight is a serious offence.”\n\n“And the town will pay "
        "for it.”\n\nThe report was released on Monday."
    )
    assert contents(ex, body) == [
        ("We will win the vote,", "Jane Roe", "direct"),
        ("The plan to avoid oversight is a serious offence.", "Jane Roe", "direct"),
        ("And the town will pay for it.", "Jane Roe", "direct"),
    ]


def test_a_whole_paragraph_quote_after_two_speakers_has_no_speaker(ex):
    body = "“Sell the port,” Jane Roe said. “Never,” Tom Hale replied.\n\n“Then we wait a year.”"
    assert [(c, s) for c, s, _ in contents(ex, body)] == [
        ("Sell the port,", "Jane Roe"),
        ("Never,", "Tom Hale"),
    ]


def test_a_quoted_label_is_not_a_continuation(ex):
    body = "“The fund will stay open,” she said.\n\n“Related:”\n\nPort closes early."
    assert [c for c, _, _ in contents(ex, body)] == ["The fund will stay open,"]


@pytest.mark.parametrize(
    "body, cue",
    [
        ("“If they cared about jobs, they would back the plan,” Hale fumed on Tuesday.", "fumed"),
        ("“Would you sell the port?” pressed Ms. Vane, leaning forward.", "pressed"),
        ("“The harbour will always be ours,” an angry Mr. Hale retaliated.", "retaliated"),
    ],
)
def test_a_verb_of_dialogue_outside_the_lexicon_frames_a_quote_before_it(ex, body, cue):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue) for s in out] == [("direct", cue)]
    assert out[0].speaker.endswith(("Hale", "Vane"))


def test_a_verb_of_dialogue_before_a_colon_frames_the_quote(ex):
    body = "Mr. Hale interjected: “That is simply not true.”"
    assert contents(ex, body) == [("That is simply not true.", "Mr. Hale", "direct")]


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        (
            "Asked about the ferry, Ms. Vane interjected, “It has never once been late.”",
            "interjected",
        ),
        ("Ms. Ruiz answered, “Nobody has borrowed that atlas in years.”", "answered"),
        ("As Ms. Lund puts it, “A dry April means a thin harvest.”", "puts"),
    ],
)
def test_a_verb_of_dialogue_before_a_comma_frames_the_quote(ex, body, cue):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue) for s in out] == [("direct", cue)]


@pytest.mark.parametrize(
    "body",
    [
        "The club coined a new motto, “Row together or sink alone.”",
        "A chalkboard by the door beckoned, “Soup of the day: leek.”",
    ],
)
def test_a_noun_or_a_thing_before_a_comma_frames_no_quote(ex, body):
    assert contents(ex, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "“We lost the vote,” Tom Hale thought.",
        "“Harbour Lights,” the painter discussed the missing boats in the picture.",
        "The rules are simple: “Do not touch the nets.”",
        "She had one message: “Vote for the port.”",
    ],
)
def test_beliefs_topics_and_copulas_frame_no_quote(ex, body):
    assert contents(ex, body) == []


def test_an_opening_curly_mark_after_a_comma_closes_the_quote(ex):
    body = "“It is rare,“ said Tom Hale, a lawyer. “It is a hard thing to pull off.”"
    assert contents(ex, body) == [
        ("It is rare,", "Tom Hale", "direct"),
        ("It is a hard thing to pull off.", "Tom Hale", "direct"),
    ]


def test_two_apostrophes_are_a_double_quote_mark(ex):
    body = "''We will not back down,'' Tom Hale said. ''The port stays open.''"
    assert contents(ex, body) == [
        ("We will not back down,", "Tom Hale", "direct"),
        ("The port stays open.", "Tom Hale", "direct"),
    ]
    body = "Ms. Vane said the port was ''a disaster'' and would close."
    assert contents(ex, body) == [
        ("the port was ''a disaster'' and would close", "Ms. Vane", "mixed")
    ]


def test_a_fragment_left_open_ends_with_its_paragraph(ex):
    body = (
        "Tom Hale said the mayor’s plan is “really a vague position to have.\n\n"
        "“What we do here is vote,” Hale said."
    )
    assert [(c, t) for c, _, t in contents(ex, body)] == [
        ("the mayor’s plan is “really a vague position to have.", "mixed"),
        ("What we do here is vote,", "direct"),
    ]


def test_a_continuing_quote_with_a_cue_of_its_own_ends_the_quote_left_open_before_it(ex):
    """A paragraph left open goes on in the next quote paragraph, unless that quote closes
    before a trailing cue of its own: then it is the next piece of a split quote."""
    body = (
        "Ms. Lund said: “The ferry will stop in May. Nobody told us.\n\n"
        "“We have to fight it,” Ms. Lund said. “The island needs a boat.”"
    )
    assert contents(ex, body) == [
        ("The ferry will stop in May. Nobody told us.", "Ms. Lund", "direct"),
        ("We have to fight it,", "Ms. Lund", "direct"),
        ("The island needs a boat.", "Ms. Lund", "direct"),
    ]
    body = (
        "Ms. Lund said: “The ferry will stop in May. Nobody told us.\n\n"
        "“We have to fight it. The island needs a boat.”"
    )
    said = "The ferry will stop in May. Nobody told us.\n\n“We have to fight it. The island needs a boat."
    assert contents(ex, body) == [(said, "Ms. Lund", "direct")]


def test_a_quoted_paragraph_after_a_cue_and_a_colon_closing_the_paragraph_before(ex):
    body = (
        "The council made the same claims in May, and the mayor’s office responded:\n\n"
        "“If some people should be kept away from the port, the council should name them.”"
    )
    out = ex.extract(HEAD + body + "\n")
    assert [(s.speaker, s.cue, s.type) for s in out] == [
        ("the mayor’s office", "responded", "direct")
    ]
    body = "The rally had one message:\n\n“Dump the plan.”"
    assert contents(ex, body) == []


def test_a_verb_of_dialogue_with_its_particle_before_the_colon(ex):
    body = "Asked who would pay, Mr. Lund shot back: ''The owners, of course.''"
    out = ex.extract(HEAD + body + "\n")
    assert [(s.speaker, s.cue, s.content) for s in out] == [
        ("Mr. Lund", "shot back", "The owners, of course.")
    ]
    body = "She went on: “It is like calling anyone but the plumber when the roof leaks.”"
    assert [s.cue for s in ex.extract(HEAD + body + "\n")] == ["went on"]


def test_a_quote_opening_with_whether_is_no_hypothetical_cue(ex):
    body = (
        "The two skippers rarely agree on anything.\n\n"
        "“Whether the vote passes or not, we will keep fishing these waters,” Paradis said. "
        "“My family has done it for four generations.”"
    )
    assert [(c, s) for c, s, _ in contents(ex, body)][-2:] == [
        ("Whether the vote passes or not, we will keep fishing these waters,", "Paradis"),
        ("My family has done it for four generations.", "Paradis"),
    ]


def test_words_of_the_quote_the_parser_hangs_on_the_cue_do_not_negate_it(ex):
    # a quote whose middle was elided (as the fast path does): its modal or "whether" may
    # attach to the cue after it; neither is the cue's own
    body = "“There should … beyond the register,” the businessman replied."
    assert [(s.speaker, s.cue) for s in ex.extract(HEAD + body + "\n")] == [
        ("the businessman", "replied")
    ]
    body = "“Whether we … about it,” Paradis said."
    assert [(s.speaker, s.cue) for s in ex.extract(HEAD + body + "\n")] == [("Paradis", "said")]


def test_a_quote_opening_in_lower_case_after_a_cue_and_a_comma_is_a_direct_quote(ex):
    body = "A boy asked to see the boat and Ms. Vane said, “as long as you keep your hands off the nets.”"
    assert contents(ex, body)[-1:] == [
        ("as long as you keep your hands off the nets.", "Ms. Vane", "direct")
    ]
    body = "Her rival, “who is wrong about everything,” voted against it."
    assert contents(ex, body) == []


def test_a_lower_case_quote_after_a_comma_never_takes_the_cue_of_the_next_sentence(ex):
    body = (
        "The jury wrote that Ana Ruiz’s sculpture, made from an old pier, “turns the tide into "
        "a song.” Ruiz said she had worked on it for a year."
    )
    assert [(c, s) for c, s, _ in contents(ex, body) if "tide" in c and s == "Ruiz"] == []


@pytest.mark.parametrize(
    "body, content, speaker, cue",
    [
        ("Hale yelled “You lie!” at the mayor.", "You lie!", "Hale", "yelled"),
        (
            'Ms. Vane said "The port deal was a fraud from the start."',
            "The port deal was a fraud from the start.",
            "Ms. Vane",
            "said",
        ),
        (
            (
                "Hale answered the critics on his page, writing “Let me do the work for the "
                "reporter. Here is the list you said never existed.”"
            ),
            "Let me do the work for the reporter. Here is the list you said never existed.",
            "Hale",
            "writing",
        ),
    ],
)
def test_a_sentence_quote_right_after_its_cue_word_is_direct(ex, body, content, speaker, cue):
    assert [(s.content, s.speaker, s.cue, s.type) for s in ex.extract(HEAD + body + "\n")] == [
        (content, speaker, cue, "direct")
    ]


@pytest.mark.parametrize(
    "body",
    [
        'In a two-minute reply, Hale said "Harbour" five times.',  # a word, not a sentence
        'He said "The Harbour Boys" and left.',  # a name, not a sentence
        'The fund sells videos he calls "Harbour Watch TV."',  # a naming verb
        'He never yelled "You lie!" at anyone.',  # negated
    ],
)
def test_a_quote_after_a_cue_word_that_is_no_sentence_is_no_statement(ex, body):
    assert contents(ex, body) == []


def test_a_long_relative_clause_between_a_quote_and_its_cue_keeps_the_name_as_speaker(ex):
    # the apposition runs 13 words; the addressee after the cue is never the speaker
    body = (
        "“This office has always gone to whoever ran the last campaign for the "
        "mayor,” Jane Roe, who ran the mayor’s office for six years through the long harbour "
        "dispute, told the Gazette. “Nobody writes the rules down, so everyone copies the last holder.”"
    )
    assert [(c, s) for c, s, _ in contents(ex, body)] == [
        (
            ("This office has always gone to whoever ran the last campaign for the mayor,"),
            "Jane Roe",
        ),
        ("Nobody writes the rules down, so everyone copies the last holder.", "Jane Roe"),
    ]


def test_a_quote_opening_with_an_editors_bracket_stands_as_a_sentence(ex):
    body = (
        "“The town is ready to move on,” said Tom Hale, the fund's director. “[But] it is not "
        "that simple. He has made it clear.”"
    )
    assert [(c, s) for c, s, _ in contents(ex, body)] == [
        ("The town is ready to move on,", "Tom Hale"),
        ("[But] it is not that simple. He has made it clear.", "Tom Hale"),
    ]


def test_a_cue_before_its_speaker_after_a_no_break_space_keeps_the_speaker(ex):
    body = "“Whoever doubts the repairs are needed should read this survey,”\u00a0added Hale."
    assert [(c, s) for c, s, _ in contents(ex, body)] == [
        ("Whoever doubts the repairs are needed should read this survey,", "Hale")
    ]


def test_a_quote_opening_with_an_editors_word_in_parentheses_is_a_sentence(ex):
    body = "“It is late,” Kerr said. “(The mayor) has never once missed a show.”"
    assert contents(ex, body) == [
        ("It is late,", "Kerr", "direct"),
        ("(The mayor) has never once missed a show.", "Kerr", "direct"),
    ]


def test_a_work_performed_after_a_framed_quote_is_a_title(ex):
    body = (
        "“We are glad you all came,” Ms. Kerr told the hall. "
        "Later the choir performed “Lanterns On The Quay.”"
    )
    assert contents(ex, body) == [("We are glad you all came,", "Ms. Kerr", "direct")]
